package dev.mailharden.core.txn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The controller's journal holds plans and failures: only its owner may read it. */
class RunJournalFilesTest {

  static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }

  @Test
  void journalDirectoriesAre0700AndFiles0600() throws Exception {
    String id = "perm-" + System.nanoTime();
    RunJournal j = RunJournal.create(id, Map.of("hosts", java.util.List.of("mx1")));
    j.step("mx1", "write /etc/postfix/main.cf");
    j.outcome("mx1", "changed", "");
    j.settings("esa1", Map.of("a", "1"), Map.of("a", "2"));
    Path run = RunJournal.runsDir().resolve(id);
    assertEquals("rwx------", mode(RunJournal.runsDir()));
    try (Stream<Path> all = Files.walk(run)) {
      for (Path p : all.toList()) {
        assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
      }
    }
  }

  @Test
  void hostNamesThatAreNoSafeFileNamesStayInsideTheRun() throws Exception {
    String id = "names-" + System.nanoTime();
    RunJournal j = RunJournal.create(id, Map.of());
    String evil = "../../../../escaped";
    j.step(evil, "write");
    j.outcome(evil, "failed", "x");
    Path run = RunJournal.runsDir().resolve(id);
    assertTrue(Files.notExists(RunJournal.runsDir().resolve("../../escaped.log").normalize()));
    try (Stream<Path> all = Files.walk(RunJournal.runsDir().getParent())) {
      assertEquals(0, all.filter(p -> p.getFileName().toString().startsWith("escaped"))
          .count(), "a journal file outside the run");
    }
    assertEquals("failed", j.status(evil));
    try (Stream<Path> hosts = Files.list(run.resolve("hosts"))) {
      assertEquals(2, hosts.count());
    }
    assertThrows(IllegalArgumentException.class, () -> RunJournal.open("../" + id));
  }
}
