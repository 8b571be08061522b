package dev.mailharden.core.playbook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every key and range of a profile is checked when it is loaded, with file and line. */
class ProfileChecksTest {

  static final Path MODERN = Path.of("../../playbooks/profiles/modern.yml");

  @TempDir Path tmp;

  /** modern.yml with {@code from} replaced by {@code to}: the error's text. */
  private String error(String from, String to) throws Exception {
    String text = Files.readString(MODERN);
    assertTrue(text.contains(from), from);
    Path p = tmp.resolve("p.yml");
    Files.writeString(p, text.replace(from, to));
    return assertThrows(BadInputException.class, () -> Profile.load(p)).getMessage();
  }

  private int lineOf(String text) throws Exception {
    return Files.readString(tmp.resolve("p.yml")).lines().toList().indexOf(text) + 1;
  }

  @Test
  void theShippedProfilesLoad() throws Exception {
    Profile.load(MODERN);
    Profile.load(MODERN.resolveSibling("bettercrypto.yml"));
  }

  @Test
  void misspelledKeysAreRefusedWhereTheyAre() throws Exception {
    String e = error("compression: false", "compresion: false");
    assertEquals(tmp.resolve("p.yml") + ":" + lineOf("compresion: false")
        + ": unknown profile key 'compresion'", e.substring(0, e.indexOf(" (")));
    e = error("    ciphers: \"\"", "    cipher: \"\"");
    assertTrue(e.contains(":" + lineOf("    cipher: \"\"") + ": unknown key 'cipher'"), e);
    e = error("  bits: 2048", "  bits: 2048\n  size: 4096");
    assertTrue(e.contains("unknown key 'size'"), e);
  }

  @Test
  void numbersOutOfRangeAreRefused() throws Exception {
    for (String bits : new String[] {"512", "-5", "100000"}) {
      String e = error("  bits: 2048", "  bits: " + bits);
      assertTrue(e.contains(":" + lineOf("  bits: " + bits) + ": dh.bits"), e);
    }
    String e = error("tls_log_level: 1", "tls_log_level: 99999");
    assertTrue(e.contains(":" + lineOf("tls_log_level: 99999") + ": tls_log_level"), e);
  }

  @Test
  void cipherStringOpensslExpandsToNothingIsRefused() throws Exception {
    String bad = "    ciphers: \"NO-SUCH-CIPHER:ALSO-NOT-ONE\"";
    Path p = tmp.resolve("p.yml");
    String text = Files.readString(MODERN);
    int at = text.indexOf("    ciphers: \"ECDHE");
    Files.writeString(p, text.substring(0, at) + bad + text.substring(text.indexOf('\n', at)));
    String e = assertThrows(BadInputException.class, () -> Profile.load(p)).getMessage();
    assertTrue(e.startsWith(p + ":" + lineOf(bad) + ": "), e);
    assertTrue(e.contains("NO-SUCH-CIPHER:ALSO-NOT-ONE"), e);
  }

  @Test
  void aFileThatIsNoProfileIsNotEchoed() throws Exception {
    for (String text : new String[] {"root:$y$j9T$s3cretHash:19000:0:99999:7:::\nx: [\n",
        "root:x:0:0:root:/root:/bin/bash\ns3cretHash:x:1:1::/:/bin/sh\n",
        "s3cretHash: 1\n"}) {
      Path secret = tmp.resolve("shadow");
      Files.writeString(secret, text);
      String e = assertThrows(BadInputException.class, () -> Profile.resolve(
          secret.toString(), tmp, new dev.mailharden.core.yaml.Origin(Path.of("site.yml"), 3)))
          .getMessage();
      assertFalse(e.contains("s3cretHash"), e);
      assertTrue(e.contains(secret.toString()), e);
    }
  }
}
