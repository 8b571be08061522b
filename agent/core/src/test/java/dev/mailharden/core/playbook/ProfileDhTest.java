package dev.mailharden.core.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.module.ModuleResources;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three DH sources a profile may name, and the bad pre-generated files it refuses. */
class ProfileDhTest {

  private static final Path PROFILES = Path.of("../../playbooks/profiles");
  private static final String FFDHE2048 =
      ModuleResources.text(ProfileDhTest.class, "core", "ffdhe2048.pem");

  @TempDir Path dir;

  @Test
  void shippedProfilesGenerateOrNameTheStandardGroup() throws Exception {
    Profile.DhPolicy better = Profile.load(PROFILES.resolve("bettercrypto.yml")).dh();
    assertTrue(better.generated());
    assertNull(better.pem(), "generated per run, not known when the profile is read");
    Profile.DhPolicy modern = Profile.load(PROFILES.resolve("modern.yml")).dh();
    assertTrue(modern.namedGroup());
    assertEquals(FFDHE2048, modern.pem());
  }

  @Test
  void aPreGeneratedFileBesideTheProfileIsReadWhenTheProfileIs() throws Exception {
    Files.writeString(dir.resolve("dhparams.pem"), "# made with openssl dhparam\n" + FFDHE2048);
    Profile.DhPolicy dh = Profile.load(profileWithDh("file: dhparams.pem", 2048)).dh();
    assertEquals("file", dh.source());
    assertEquals(FFDHE2048.strip(), dh.pem().strip(), "the PEM block, without the comment");
  }

  @Test
  void aSmallMissingOrForeignFileStopsTheRunAtTheProfilesLine() throws Exception {
    Files.writeString(dir.resolve("dhparams.pem"), FFDHE2048);
    Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\nAAAA\n"
        + "-----END CERTIFICATE-----\n");
    Files.writeString(dir.resolve("broken.pem"), "-----BEGIN DH PARAMETERS-----\nAAAA\n"
        + "-----END DH PARAMETERS-----\n");
    assertRefused("file: dhparams.pem", 3072, "holds a 2048-bit group, smaller than dh.bits 3072");
    assertRefused("file: absent.pem", 2048, "cannot read");
    assertRefused("file: cert.pem", 2048, "is not PEM DH parameters");
    assertRefused("file: broken.pem", 2048, "is not PEM DH parameters");
    assertRefused("", 2048, "missing required key 'file'");
  }

  private void assertRefused(String fileLine, int bits, String expected) throws Exception {
    Path profile = profileWithDh(fileLine, bits);
    BadInputException e = assertThrows(BadInputException.class, () -> Profile.load(profile));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith(profile.toString()), "names the profile: "
        + e.getMessage());
  }

  /** bettercrypto with its dh block replaced. */
  private Path profileWithDh(String fileLine, int bits) throws Exception {
    String shipped = Files.readString(PROFILES.resolve("bettercrypto.yml"));
    String head = shipped.substring(0, shipped.indexOf("\ndh:"));
    Path p = dir.resolve("custom.yml");
    Files.writeString(p, head + "\ndh:\n  source: file\n"
        + (fileLine.isEmpty() ? "" : "  " + fileLine + "\n") + "  bits: " + bits + "\n");
    return p;
  }
}
