package dev.mailharden.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.playbook.DhPem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kept DH groups with the controller's real openssl (512 bits: the same code path as 2048,
 * in a fraction of a second).
 */
class DhGroupStoreTest {

  @TempDir Path home;

  @Test
  void aGeneratedGroupIsKeptPrivateWithItsSizeAndDate() throws Exception {
    DhGroupStore store = new DhGroupStore(home.resolve("dh"));
    DhGroupStore.Group g = store.generate(512);
    assertEquals(512, DhPem.parse(g.pem()).bits());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        g.file())));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        store.dir())));
    assertTrue(g.file().getFileName().toString().matches("dh-512-\\d{8}T\\d{6}Z\\.pem"),
        g.file().toString());
    assertTrue(g.age(Instant.now()).compareTo(Duration.ofMinutes(1)) < 0);
    assertEquals(List.of(g), store.all(), "no temporary file is left beside it");
  }

  @Test
  void aRunUsesTheKeptGroupAndWaitsForNothing() throws Exception {
    DhGroupStore store = new DhGroupStore(home.resolve("dh"));
    String kept = store.generate(512).pem();
    List<String> notes = new ArrayList<>();
    DhSource source = DhSource.kept(store, Map.of(512, 90), notes::add);
    assertEquals(kept, source.pem(512));
    assertEquals(List.of(), notes, "a fresh kept group needs no word");
    assertEquals(kept, DhSource.keptOrPlaceholder(store).pem(512), "check mode shows it");
    assertEquals(1, store.all().size(), "nothing generated");
  }

  @Test
  void aMissingSizeIsGeneratedOnceKeptAndSaidSo() throws Exception {
    DhGroupStore store = new DhGroupStore(home.resolve("dh"));
    assertTrue(DhSource.keptOrPlaceholder(store).pem(512).startsWith("# 512-bit DH parameters"),
        "check mode generates nothing");
    assertEquals(List.of(), store.all());
    List<String> notes = new ArrayList<>();
    DhSource source = DhSource.kept(store, Map.of(512, 90), notes::add);
    String pem = source.pem(512);
    assertEquals(512, DhPem.parse(pem).bits());
    assertEquals(pem, source.pem(512), "every host of the run gets the same group");
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("hosts wait for it")
        && notes.get(0).contains("mailharden dh generate --bits 512"), notes.get(0));
    assertEquals(pem, store.newest(512).orElseThrow().pem(), "kept for the next run");
  }

  @Test
  void anOldGroupStillServesWhileARenewalRunsInTheBackground() throws Exception {
    DhGroupStore store = new DhGroupStore(home.resolve("dh"));
    String old = store.generate(512).pem();
    Path aged = store.dir().resolve("dh-512-20250101T000000Z.pem");
    Files.move(store.all().get(0).file(), aged);
    List<String> notes = new ArrayList<>();
    DhSource source = DhSource.kept(store, Map.of(512, 30), notes::add);
    assertEquals(old, source.pem(512), "the run does not wait for the renewal");
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).contains("days old (renewal after 30)"), notes.get(0));
    assertFalse(store.renewInBackground(512), "one renewal of a size at a time");
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (store.all().size() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    DhGroupStore.Group renewed = store.newest(512).orElseThrow();
    assertFalse(renewed.file().equals(aged), "a new group was kept: " + store.all());
    assertEquals(512, DhPem.parse(renewed.pem()).bits());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
        renewed.file())));
    while (Files.exists(store.dir().resolve(".renewing-512")) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertFalse(Files.exists(store.dir().resolve(".renewing-512")),
        "the renewal ended and released its marker");
  }
}
