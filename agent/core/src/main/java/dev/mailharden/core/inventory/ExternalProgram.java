package dev.mailharden.core.inventory;

import dev.mailharden.core.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program of the user's (an inventory script, a vault password script) on the
 * controller, with a deadline; a failure is bad input that shows the program's stderr.
 */
final class ExternalProgram {

  /**
   * What a program printed.
   *
   * @param stderrNote its stderr as an error message ends ("; its stderr: ..."), for errors
   *     about what it printed
   */
  record Output(byte[] stdout, String stderrNote) {}

  private static final int STDERR_SHOWN = 2000;

  private ExternalProgram() {}

  static Output run(List<String> command, Duration deadline) throws BadInputException {
    Path program = Path.of(command.get(0));
    String shown = String.join(" ", command);
    Path stdout = null;
    Path stderr = null;
    try {
      // Files, not pipes: a program that writes much to stderr cannot block on a full pipe.
      stdout = Files.createTempFile("mailharden-out", "");
      stderr = Files.createTempFile("mailharden-err", "");
      // The program is a file, never looked up in PATH (cmdb.py is ./cmdb.py, as in Ansible).
      List<String> absolute = new java.util.ArrayList<>(command);
      absolute.set(0, program.toAbsolutePath().toString());
      Process process = new ProcessBuilder(absolute).redirectInput(ProcessBuilder.Redirect.PIPE)
          .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
      process.getOutputStream().close();
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        throw new BadInputException(program, 0, shown + " did not finish within "
            + deadline.toSeconds() + " s and was killed" + stderrOf(stderr));
      }
      if (process.exitValue() != 0) {
        throw new BadInputException(program, 0, shown + " failed (exit status "
            + process.exitValue() + ")" + stderrOf(stderr));
      }
      return new Output(Files.readAllBytes(stdout), stderrOf(stderr));
    } catch (IOException e) {
      throw new BadInputException(program, 0, "cannot run " + shown + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BadInputException(program, 0, "interrupted while running " + shown);
    } finally {
      delete(stdout);
      delete(stderr);
    }
  }

  /** The program's stderr, for the error message: what it says is usually the reason. */
  private static String stderrOf(Path stderr) throws IOException {
    String text = Files.readString(stderr, StandardCharsets.UTF_8).strip();
    if (text.length() > STDERR_SHOWN) {
      text = text.substring(0, STDERR_SHOWN) + "...";
    }
    return text.isEmpty() ? " (no stderr)" : "; its stderr:\n" + text;
  }

  private static void delete(Path file) {
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // a temp file left behind is harmless
      }
    }
  }
}
