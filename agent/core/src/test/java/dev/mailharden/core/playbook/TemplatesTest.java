package dev.mailharden.core.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  static final Origin AT = new Origin(Path.of("play.yml"), 7);

  @Test
  void rendersVariablesAndDefaults() throws Exception {
    assertEquals("/etc/ssl/mx.pem", Templates.render("{{ cert }}", Map.of("cert", "/etc/ssl/mx.pem"), AT));
    assertEquals("/x", Templates.render("{{ nope | default('/x') }}", Map.of(), AT));
    assertEquals("/given", Templates.render("{{ c | default('/x') }}", Map.of("c", "/given"), AT));
  }

  @Test
  void undefinedVariableIsAnErrorWithFileAndLine() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> Templates.render("{{ tls_cert_path }}", Map.of(), AT));
    assertTrue(e.getMessage().startsWith("play.yml:7: "), e.getMessage());
    assertTrue(e.getMessage().contains("tls_cert_path"), e.getMessage());
  }

  @Test
  void syntaxErrorIsAnErrorWithFileAndLine() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> Templates.render("{{ cert | }}", Map.of("cert", "x"), AT));
    assertTrue(e.getMessage().startsWith("play.yml:7: "), e.getMessage());
  }
}
