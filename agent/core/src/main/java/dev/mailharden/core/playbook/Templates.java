package dev.mailharden.core.playbook;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jinja as Ansible users write it, through Jinjava. An undefined variable is an error (as
 * in Ansible), unless the template gives it a {@code default(...)}.
 */
public final class Templates {

  private static final Jinjava JINJAVA = new Jinjava(JinjavaConfig.newBuilder()
      .withFailOnUnknownTokens(true)
      .build());

  private Templates() {}

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
