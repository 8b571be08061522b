package dev.mailharden.modules.cyrus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mailharden.core.usage.LogSources;
import dev.mailharden.core.usage.RotatedLogs;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Cyrus IMAP's real syslog lines from the lab (3.10.2 trixie, 3.6.1 bookworm; taken from the
 * daemon's /dev/log and written as rsyslog's mail.log would), STARTTLS with TLS 1.2 and 1.3
 * on 143 (then a LOGIN) and 110 (no login: the address is never logged), a cleartext LOGIN,
 * and handshakes Cyrus refused. Cyrus 3.6 logs no "session ended" for IMAP, so a cleartext
 * login in the same process after a TLS session is not told apart there.
 */
class CyrusUsageTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @CsvSource({"trixie,127.0.3.3,'\n143 127.0.3.3 plaintext+auth x1'", "bookworm,127.0.3.4,''"})
  void countsEverySessionOfTheLabLog(String release, String c, String plainLogin)
      throws Exception {
    String usage = RotatedLogs.tally(RotatedLogs.read(
        LogSources.of(List.of(new CyrusModule())), tmp, "mail.log",
        getClass().getResourceAsStream("/logs/" + release + "-mail.log")));
    assertEquals(String.join("\n",
        "110 unknown TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 x1",
        "110 unknown TLSv1.3 TLS_AES_256_GCM_SHA384 x1",
        "143 " + c + " TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 x1",
        "143 " + c + " TLSv1.3 TLS_AES_256_GCM_SHA384 x1") + plainLogin, usage);
  }
}
