package dev.mailharden.core.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void commandsGetEachSubstitutedValueAsOneShellWord(@TempDir Path tmp) throws Exception {
    Path marker = tmp.resolve("x");
    String key = "/etc/ssl/private/mail key $(touch " + marker + ")`touch " + marker + "`'\"";
    String cmd = Templates.renderCommand("printf '%s|' {{ key }} {{ user }}",
        Map.of("key", key, "user", "Debian-exim"), AT);
    Process p = new ProcessBuilder("sh", "-c", cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertEquals(key + "|Debian-exim|", out);
    assertFalse(Files.exists(marker), "the value ran as a command");
    // A plain word stays readable in the journal and the report.
    assertEquals("runuser -u Debian-exim -- test -r /etc/ssl/k.pem",
        Templates.renderCommand("runuser -u {{ user }} -- test -r {{ key }}",
            Map.of("user", "Debian-exim", "key", "/etc/ssl/k.pem"), AT));
  }

  @Test
  void commandTemplateSubstitutingInsideQuotesIsRefused() {
    for (String t : new String[] {"echo 'cannot read {{ key }}'", "echo \"read {{ key }}\""}) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Templates.renderCommand(t, Map.of("key", "/k"), AT));
      assertTrue(e.getMessage().startsWith("play.yml:7: "), e.getMessage());
    }
  }
}
