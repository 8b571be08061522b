package dev.mailharden.modules.postfix;

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
 * Postfix's real log lines from the lab (maillog_file, smtpd_tls_loglevel = 1, submission
 * enabled): openssl s_client pinned to TLS 1.0-1.3 on 25 (twice) and 587, one plaintext
 * session on each, one AUTH without TLS on 587. Read rotated (.1.gz + current) through the
 * reader's own host script.
 */
class PostfixUsageTest {

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"trixie", "bookworm"})
  void countsEverySessionOfTheLabLog(String release) throws Exception {
    TlsUsage usage = RotatedLogs.read(LogSources.of(List.of(new PostfixModule())), tmp,
        "mail.log", getClass().getResourceAsStream("/logs/" + release + "-mail.log"));
    String client = release.equals("trixie") ? "127.0.3.1" : "127.0.3.2";
    String plain25 = release.equals("trixie") ? "x1" : "x2";
    assertEquals(String.join("\n",
        "25 " + client + " TLSv1 ECDHE-RSA-AES256-SHA x2",
        "25 " + client + " TLSv1.1 ECDHE-RSA-AES256-SHA x2",
        "25 " + client + " TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 x2",
        "25 " + client + " TLSv1.3 TLS_AES_256_GCM_SHA384 x2",
        "25 " + client + " plaintext " + plain25,
        "587 " + client + " TLSv1 ECDHE-RSA-AES256-SHA x1",
        "587 " + client + " TLSv1.1 ECDHE-RSA-AES256-SHA x1",
        "587 " + client + " TLSv1.2 ECDHE-RSA-AES256-GCM-SHA384 x1",
        "587 " + client + " TLSv1.3 TLS_AES_256_GCM_SHA384 x1",
        "587 " + client + " plaintext+auth " + plain25), RotatedLogs.tally(usage));
    assertEquals(List.of(tmp + "/mail.log.1.gz", tmp + "/mail.log"), usage.sources());
  }
}
