package dev.mailharden.core.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.usage.LocalShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write step on this machine's sh: contents on stdin, never in the command line. */
class FileWriteTest {

  /** Debian's exim4.conf.template: 80 KB, 111 KB as base64 (above sudo's argument limit). */
  static final Path EXIM_CONF = Path.of(
      "../../modules/exim/src/test/resources/debian-trixie/exim4.conf.template");

  @Test
  void contentsTravelOnStdinAndArriveByteForByte(@TempDir Path tmp) throws Exception {
    String big = Files.readString(EXIM_CONF) + "# ünïcödé and 'quotes' $(touch x)\n";
    Path existing = tmp.resolve("exim4.conf");
    Files.writeString(existing, "old\n");
    Path created = tmp.resolve("new dir/dh params.pem");
    List<FileChange> changes = List.of(new FileChange(existing.toString(), "old\n", big, null),
        new FileChange(created.toString(), null, "", "600"));
    Transaction.FileWrites w = Transaction.fileWrites(changes);
    assertTrue(w.script().length() < 2000, "the command line carries the contents: "
        + w.script().length() + " characters");
    assertFalse(w.script().contains("Exim"), w.script());
    ExecResult r = new LocalShell().exec("set -e\n" + w.script(), w.input());
    assertTrue(r.ok(), r.stderr());
    assertEquals(big, Files.readString(existing));
    assertEquals("", Files.readString(created));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
        Files.getPosixFilePermissions(created)));
  }
}
