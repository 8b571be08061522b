package dev.mailharden.core.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** key_exchange: modern asks for the hybrid first, a profile silent on it keeps the groups. */
class ProfileKeyExchangeTest {

  private static final Path PROFILES = Path.of("../../playbooks/profiles");

  @TempDir Path dir;

  @Test
  void modernIsHybridFirstAndBettercryptoKeepsTheGroups() throws Exception {
    assertEquals("hybrid-first", Profile.load(PROFILES.resolve("modern.yml")).keyExchange());
    assertEquals("keep", Profile.load(PROFILES.resolve("bettercrypto.yml")).keyExchange());
  }

  @Test
  void anUnknownValueStopsTheRunAtItsLine() throws Exception {
    Path own = dir.resolve("own.yml");
    Files.writeString(own, Files.readString(PROFILES.resolve("bettercrypto.yml"))
        + "key_exchange: pq-only\n");
    BadInputException e = assertThrows(BadInputException.class, () -> Profile.load(own));
    assertTrue(e.getMessage().contains("key_exchange must be one of")
        && e.getMessage().contains("pq-only") && e.getMessage().contains("own.yml"),
        e.getMessage());
  }
}
