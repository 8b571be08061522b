package dev.mailharden.core.usage;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.module.ProductModule;
import dev.mailharden.core.module.ModuleResources;
import dev.mailharden.core.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the installed modules say about their mail logs ({@code mailharden/<name>/usage.yaml}):
 * the log files to read (globs, rotated and compressed siblings included), fixed strings that
 * pick the interesting lines on the host ({@code grep -F}: ten times faster there than an
 * extended expression), and the rules that read them.
 */
public record LogSources(List<String> files, List<String> hostFilters, List<LogRule> rules) {

  public static LogSources of(List<ProductModule> modules) throws BadInputException {
    Set<String> files = new LinkedHashSet<>();
    Set<String> filters = new LinkedHashSet<>();
    List<LogRule> rules = new ArrayList<>();
    for (ProductModule m : modules) {
      String text = ModuleResources.text(m.getClass(), m.name(), "usage.yaml");
      read(m.name(), YamlFile.parse(Path.of("mailharden", m.name(), "usage.yaml"), text),
          files, filters, rules);
    }
    return new LogSources(List.copyOf(files), List.copyOf(filters), List.copyOf(rules));
  }

  private static void read(String product, YamlFile yaml, Set<String> files,
      Set<String> filters, List<LogRule> rules) throws BadInputException {
    Map<String, YamlFile.Entry> top = index(yaml, yaml.root());
    for (Object f : list(yaml, top, "files")) {
      files.add(String.valueOf(f));
    }
    for (Object f : list(yaml, top, "host_filter")) {
      filters.add(String.valueOf(f));
    }
    for (Object r : list(yaml, top, "rules")) {
      if (!(r instanceof Map<?, ?> rule)) {
        throw required(yaml, top, "rules").origin().error("each rule must be a mapping");
      }
      String kind = String.valueOf(rule.get("kind"));
      LogRule.Kind k;
      try {
        k = LogRule.Kind.valueOf(kind.toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw required(yaml, top, "rules").origin().error("unknown rule kind " + kind);
      }
      Map<String, Integer> ports = new LinkedHashMap<>();
      if (rule.get("ports") instanceof Map<?, ?> p) {
        p.forEach((service, port) -> ports.put(String.valueOf(service), (Integer) port));
      }
      try {
        rules.add(new LogRule(product, k, Pattern.compile(String.valueOf(rule.get("match"))),
            ports, Boolean.TRUE.equals(rule.get("auth")),
            rule.get("contains") == null ? null : String.valueOf(rule.get("contains"))));
      } catch (PatternSyntaxException e) {
        throw required(yaml, top, "rules").origin().error("bad match pattern: "
            + e.getDescription());
      }
    }
  }

  private static Map<String, YamlFile.Entry> index(YamlFile yaml, org.yaml.snakeyaml.nodes.Node n)
      throws BadInputException {
    Map<String, YamlFile.Entry> m = new LinkedHashMap<>();
    for (YamlFile.Entry e : yaml.entries(n, "usage.yaml must be a mapping")) {
      m.put(e.key(), e);
    }
    return m;
  }

  private static YamlFile.Entry required(YamlFile yaml, Map<String, YamlFile.Entry> m,
      String key) throws BadInputException {
    if (!m.containsKey(key)) {
      throw yaml.origin(yaml.root()).error("missing " + key);
    }
    return m.get(key);
  }

  private static List<?> list(YamlFile yaml, Map<String, YamlFile.Entry> m, String key)
      throws BadInputException {
    Object v = yaml.value(required(yaml, m, key).value());
    if (!(v instanceof List<?> l)) {
      throw m.get(key).origin().error(key + " must be a list");
    }
    return l;
  }
}
