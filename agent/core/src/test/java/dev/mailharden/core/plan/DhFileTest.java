package dev.mailharden.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.usage.LocalShell;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dh_file is read by this machine's sh running the real inspection script. */
class DhFileTest {

  static void openssl(String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), cmd.toString());
  }

  static HostInspection inspect(Path dh) throws Exception {
    return HostInspection.read(new LocalShell(), List.of(dh.toString()), new HostValues(
        "/nonexistent/cert.pem", "/nonexistent/key.pem", Set.of("mta"), dh.toString()));
  }

  @Test
  void aPrivateKeyAsDhFileIsRefusedBeforeAnythingShowsIt(@TempDir Path tmp) throws Exception {
    Path key = tmp.resolve("mail.key");
    openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out",
        key.toString());
    BadInputException e = assertThrows(BadInputException.class,
        () -> HostPlanner.checkDhFile("mx1", key.toString(), inspect(key)));
    assertTrue(e.getMessage().contains("not a DH parameter file"), e.getMessage());
    assertTrue(e.getMessage().contains(key.toString()), e.getMessage());
    assertTrue(!e.getMessage().contains("PRIVATE KEY"), e.getMessage());
  }

  @Test
  void dhParametersOrNoFileYetAreFine(@TempDir Path tmp) throws Exception {
    Path dh = tmp.resolve("dh.pem");
    HostPlanner.checkDhFile("mx1", dh.toString(), inspect(dh));
    openssl("genpkey", "-genparam", "-algorithm", "DH", "-pkeyopt", "group:ffdhe2048", "-out",
        dh.toString());
    HostPlanner.checkDhFile("mx1", dh.toString(), inspect(dh));
  }
}
