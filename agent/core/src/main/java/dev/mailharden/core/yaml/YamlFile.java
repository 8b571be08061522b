package dev.mailharden.core.yaml;

import dev.mailharden.core.BadInputException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML file kept as SnakeYAML nodes rather than plain objects, so that every key and value
 * still knows its line when it is checked.
 */
public final class YamlFile {

  /** One key of a mapping: its name, where the key is written, and its value node. */
  public record Entry(String key, Origin origin, Node value) {}

  private static final Tag VAULT = new Tag("!vault");

  private final Path file;
  private final Node root;
  private final Vault vault;

  private YamlFile(Path file, Node root, Vault vault) {
    this.file = file;
    this.root = root;
    this.vault = vault;
  }

  public static YamlFile read(Path file) throws BadInputException {
    return read(file, Vault.NONE);
  }

  /**
   * A file that may be Ansible Vault encrypted as a whole (decrypted here, as Ansible reads
   * it) or hold inline {@code !vault} values (kept encrypted as {@link VaultValue}s).
   */
  public static YamlFile read(Path file, Vault vault) throws BadInputException {
    return parse(file, SourceText.read(file), vault);
  }

  public static YamlFile parse(Path file, String text) throws BadInputException {
    return parse(file, text, Vault.NONE);
  }

  public static YamlFile parse(Path file, String text, Vault vault) throws BadInputException {
    String plain = Vault.isEncrypted(text) ? vault.decrypt(text, new Origin(file, 1)) : text;
    try {
      return new YamlFile(file, new Yaml(options()).compose(new StringReader(plain)), vault);
    } catch (MarkedYAMLException e) {
      throw syntaxError(file, e);
    } catch (YAMLException e) {
      throw new BadInputException(file, 0, "YAML syntax error: " + e.getMessage());
    }
  }

  /** The document's root node, or null when the file holds no document. */
  public Node root() {
    return root;
  }

  public Origin origin(Node node) {
    return new Origin(file, node.getStartMark().getLine() + 1);
  }

  /**
   * The keys of a mapping in file order, with YAML merge keys ({@code <<: *anchor}) applied.
   * An empty value counts as an empty mapping; anything else that is not a mapping is an error
   * whose message starts with {@code expected}. Duplicate keys are errors, not "last wins".
   */
  public List<Entry> entries(Node node, String expected) throws BadInputException {
    if (isNull(node)) {
      return List.of();
    }
    if (!(node instanceof MappingNode mapping)) {
      throw origin(node).error(expected + ", found " + describe(node));
    }
    Map<String, Entry> explicit = new LinkedHashMap<>();
    Map<String, Entry> merged = new LinkedHashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node key = tuple.getKeyNode();
      if (key.getTag().equals(Tag.MERGE)) {
        for (Node source : mergeSources(tuple.getValueNode())) {
          for (Entry entry : entries(source, "<< must merge a mapping")) {
            merged.putIfAbsent(entry.key(), entry);
          }
        }
        continue;
      }
      if (!(key instanceof ScalarNode scalar)) {
        throw origin(key).error("expected a name as key, found " + describe(key));
      }
      Entry entry = new Entry(scalar.getValue(), origin(key), tuple.getValueNode());
      Entry first = explicit.putIfAbsent(entry.key(), entry);
      if (first != null) {
        throw entry.origin().error("duplicate key '" + entry.key() + "' (first at line "
            + first.origin().line() + ")");
      }
    }
    // As in YAML: keys written in the mapping win over merged ones.
    merged.keySet().removeAll(explicit.keySet());
    List<Entry> all = new ArrayList<>(merged.values());
    all.addAll(explicit.values());
    return all;
  }

  /** The node as plain Java values (String, Integer, Boolean, List, Map...), as YAML 1.1 reads it. */
  public Object value(Node node) throws BadInputException {
    checkKeys(node, Collections.newSetFromMap(new IdentityHashMap<>()));
    try {
      // A constructor per call: SnakeYAML's keeps per-document state, and module data is
      // read by every host's thread at once (a shared one failed 1 host in 30).
      return new ValueConstructor().construct(node);
    } catch (MarkedYAMLException e) {
      throw syntaxError(file, e);
    } catch (YAMLException e) {
      throw origin(node).error(e.getMessage());
    }
  }

  /** SafeConstructor.constructObject lets duplicate keys through (last wins): refuse them. */
  private void checkKeys(Node node, Set<Node> seen) throws BadInputException {
    if (!seen.add(node)) {
      return; // an alias already checked
    }
    if (node instanceof MappingNode) {
      for (Entry entry : entries(node, "")) {
        checkKeys(entry.value(), seen);
      }
    } else if (node instanceof SequenceNode sequence) {
      for (Node item : sequence.getValue()) {
        checkKeys(item, seen);
      }
    }
  }

  public static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  public static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    String value = ((ScalarNode) node).getValue();
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return "nothing";
    }
    // A long or multi-line string is likely a file that is not YAML at all (a profile path
    // naming /etc/passwd): its content is not shown.
    if (value.length() > 40 || node.getEndMark().getLine() > node.getStartMark().getLine()) {
      return "a string of " + value.length() + " characters";
    }
    return tag.equals(Tag.STR) ? "the string '" + value + "'" : "the value " + value;
  }

  private List<Node> mergeSources(Node value) throws BadInputException {
    if (value instanceof SequenceNode sequence) {
      return sequence.getValue();
    }
    if (value instanceof MappingNode) {
      return List.of(value);
    }
    throw origin(value).error("<< must merge a mapping or a list of mappings, found "
        + describe(value));
  }

  private static BadInputException syntaxError(Path file, MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
    return new BadInputException(file, mark == null ? 0 : mark.getLine() + 1,
        "YAML syntax error: " + e.getProblem() + context);
  }

  private static LoaderOptions options() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    return options;
  }

  /**
   * SafeConstructor (no arbitrary classes) applied to one node at a time; Ansible's
   * {@code !vault} scalars become {@link VaultValue}s.
   */
  private final class ValueConstructor extends SafeConstructor {
    ValueConstructor() {
      super(options());
      yamlConstructors.put(VAULT, new AbstractConstruct() {
        @Override
        public Object construct(Node node) {
          return new VaultValue(((ScalarNode) node).getValue(), origin(node), vault);
        }
      });
    }

    Object construct(Node node) {
      return constructObject(node);
    }
  }
}
