package dev.mailharden.modules.exim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailharden.core.usage.LogSources;
import dev.mailharden.core.usage.RotatedLogs;
import dev.mailharden.core.usage.TlsUsage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Exim's real main log from the lab (4.98.2 trixie, 4.96 bookworm; both GnuTLS builds): one
 * message over STARTTLS per TLS version 1.0-1.3 and one without TLS; EHLO names that Exim
 * rejected leave no arrival line and no count. Read rotated (.1.gz + current).
 */
class EximUsageTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void countsEveryArrivalOfTheLabLog(String release) throws Exception {
    TlsUsage usage = RotatedLogs.read(LogSources.of(List.of(new EximModule())), tmp,
        "mainlog", getClass().getResourceAsStream("/logs/" + release + "-mainlog"));
    String c = release.equals("trixie") ? "127.0.3.3" : "127.0.3.4";
    assertEquals(String.join("\n",
        "25 " + c + " TLS1.0 ECDHE_X25519__RSA_SHA1__AES_256_CBC__SHA1 x1",
        "25 " + c + " TLS1.1 ECDHE_X25519__RSA_SHA1__AES_256_CBC__SHA1 x1",
        "25 " + c + " TLS1.2 ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM x1",
        "25 " + c + " TLS1.3 ECDHE_X25519__RSA_PSS_RSAE_SHA256__AES_256_GCM x1",
        "25 " + c + " plaintext x1"), RotatedLogs.tally(usage));
    assertEquals(List.of("TLS1.0 [client-tls1.example.test]", "TLS1.1 [client-tls11.example.test]",
        "TLS1.2 [client-tls12.example.test]", "TLS1.3 [client-tls13.example.test]",
        "null [plain-client.example.test]"), usage.clients().stream()
        .map(u -> u.protocol() + " " + u.helos()).toList());
  }
}
