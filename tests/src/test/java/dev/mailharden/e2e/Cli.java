package dev.mailharden.e2e;

import dev.mailharden.cli.MailHarden;
import dev.mailharden.lab.Lab;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** mailharden's command line as the tests run it: in this JVM, or in its own process. */
public final class Cli {

  public record Run(int exit, String out, String err) {}

  private Cli() {}

  /** In this JVM, through the same entry point as main. */
  public static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = MailHarden.run(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  /**
   * In its own JVM, as an admin runs it: for tests that kill the controller or run two at
   * once. Its run journal lives in {@code state} (MAILHARDEN_STATE); output goes to log.
   */
  static Process start(Path state, Path log, String... args) throws IOException {
    return start(state, log, java.util.Map.of(), args);
  }

  /** As {@link #start(Path, Path, String...)}, with more environment (e.g. a test hold). */
  static Process start(Path state, Path log, java.util.Map<String, String> env, String... args)
      throws IOException {
    List<String> cmd = new ArrayList<>(List.of("java", "-cp",
        System.getProperty("java.class.path"), "-Dmailharden.home=" + Lab.repo(),
        "dev.mailharden.cli.MailHarden"));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("MAILHARDEN_STATE", state.toString());
    pb.environment().putAll(env);
    return pb.start();
  }

  /** In its own JVM, to the end. */
  static Run runProcess(Path state, Path log, String... args) throws Exception {
    int code = start(state, log, args).waitFor();
    return new Run(code, Files.readString(log), "");
  }
}
