package dev.mailharden.modules.dovecot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailharden.core.usage.LogSources;
import dev.mailharden.core.usage.RotatedLogs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Dovecot's real login lines from the lab (2.4.1 on trixie, 2.3.19.1 on bookworm), with the
 * login_log_format_elements the profiles set (lport, ssl_security): openssl s_client pinned to
 * TLS 1.0-1.3 on 143 and 110 (1.2/1.3 twice), handshakes Dovecot refused (not sessions), and
 * a cleartext LOGIN / USER+PASS from a non-loopback address. Read rotated (.1.gz + current).
 */
class DovecotUsageTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void countsEverySessionOfTheLabLog(String release) throws Exception {
    String usage = RotatedLogs.tally(RotatedLogs.read(
        LogSources.of(List.of(new DovecotModule())), tmp, "dovecot.log",
        getClass().getResourceAsStream("/logs/" + release + "-dovecot.log")));
    String c = release.equals("trixie") ? "127.0.3.1" : "127.0.3.2";
    StringBuilder expected = new StringBuilder();
    for (int port : new int[] {110, 143}) {
      expected.append(port).append(" ").append(c).append(" TLSv1 ECDHE-RSA-AES256-SHA x1\n")
          .append(port).append(" ").append(c).append(" TLSv1.1 ECDHE-RSA-AES256-SHA x1\n")
          .append(port).append(" ").append(c).append(" TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 x2\n")
          .append(port).append(" ").append(c).append(" TLSv1.3 TLS_AES_256_GCM_SHA384 x2\n")
          .append(port).append(" 192.0.2.2 plaintext+auth x1\n");
    }
    assertEquals(expected.toString().strip(), usage);
  }
}
