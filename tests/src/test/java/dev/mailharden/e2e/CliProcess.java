package dev.mailharden.e2e;

import dev.mailharden.lab.Lab;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * mailharden in its own JVM, as an admin runs it: for tests that kill the controller or run
 * two controllers at once. Its run journal lives in {@code state} (MAILHARDEN_STATE).
 */
final class CliProcess {

  private CliProcess() {}

  static Process start(Path state, Path log, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java", "-cp",
        System.getProperty("java.class.path"), "-Dmailharden.home=" + Lab.repo(),
        "dev.mailharden.cli.MailHarden"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("MAILHARDEN_STATE", state.toString());
    return pb.start();
  }

  /** Runs to the end; returns exit code and output. */
  static FactsCommandLabTest.Run run(Path state, Path log, String... args) throws Exception {
    Process p = start(state, log, args);
    int code = p.waitFor();
    return new FactsCommandLabTest.Run(code, java.nio.file.Files.readString(log), "");
  }
}
