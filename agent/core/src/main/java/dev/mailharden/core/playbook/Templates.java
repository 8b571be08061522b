package dev.mailharden.core.playbook;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.Shell;
import dev.mailharden.core.yaml.Origin;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Jinja as Ansible users write it, through Jinjava. An undefined variable is an error (as
 * in Ansible), unless the template gives it a {@code default(...)}.
 */
public final class Templates {

  private static final Jinjava JINJAVA = new Jinjava(JinjavaConfig.newBuilder()
      .withFailOnUnknownTokens(true)
      .build());
  /** Every {@code {{ ... }}}, and the tags and comments a shell lexer must step over. */
  private static final Pattern JINJA = Pattern.compile("\\{\\{(.*?)}}|\\{%.*?%}|\\{#.*?#}",
      Pattern.DOTALL);

  static {
    JINJAVA.getGlobalContext().registerFilter(new Filter() {
      @Override
      public String getName() {
        return "shell_word";
      }

      @Override
      public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        return Shell.word(var == null ? "" : String.valueOf(var));
      }
    });
  }

  private Templates() {}

  /**
   * Renders a shell command: each substituted value becomes one quoted shell word, so a
   * value (a key path with a space or a {@code $(...)}) is an argument, never code. A
   * substitution inside the template's own quotes would undo that, so module data that has
   * one is refused.
   */
  public static String renderCommand(String template, Map<String, ?> context, Origin origin)
      throws BadInputException {
    StringBuilder quoted = new StringBuilder();
    char quote = 0;
    int last = 0;
    Matcher m = JINJA.matcher(template);
    while (m.find()) {
      quote = shellQuoteAfter(template.substring(last, m.start()), quote);
      if (m.group(1) != null && quote != 0) {
        throw new IllegalStateException(origin.file() + ":" + origin.line()
            + ": a command substitutes " + m.group() + " inside " + quote + "quotes" + quote
            + ": a value must stand as its own shell word");
      }
      quoted.append(template, last, m.start()).append(m.group(1) == null ? m.group()
          : "{{ (" + m.group(1) + ") | shell_word }}");
      last = m.end();
    }
    return render(quoted.append(template.substring(last)).toString(), context, origin);
  }

  /** The quote open after {@code text} (0: none), given the one open before it. */
  private static char shellQuoteAfter(String text, char open) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && open != '\'') {
        i++;
      } else if (open == 0 && (c == '\'' || c == '"')) {
        open = c;
      } else if (c == open) {
        open = 0;
      }
    }
    return open;
  }

  /** Renders {@code template}; an error names where the template was written. */
  public static String render(String template, Map<String, ?> context, Origin origin)
      throws BadInputException {
    if (!template.contains("{{") && !template.contains("{%")) {
      return template;
    }
    RenderResult r;
    try {
      r = JINJAVA.renderForResult(template, context);
    } catch (RuntimeException e) {
      throw origin.error("template error in '" + template + "': " + e.getMessage());
    }
    if (!r.getErrors().isEmpty()) {
      throw origin.error("template error in '" + template + "': " + r.getErrors().stream()
          .map(TemplateError::getMessage).collect(Collectors.joining("; ")));
    }
    return r.getOutput();
  }
}
