package dev.mailharden.e2e;

import dev.mailharden.core.probe.CipherSuites;
import dev.mailharden.core.probe.TlsVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same facts as the prober's, from the machine's {@code openssl s_client} (OpenSSL 3.0, an
 * independent TLS client): accepted suites per version by remove-and-retry over every suite
 * OpenSSL knows, the DH sizes it reports, the groups it can offer one at a time.
 */
final class OpensslOracle {

  /** OpenSSL's -groups names for the groups the prober calls by IANA name. */
  static final Map<String, String> GROUPS = Map.of("X25519", "x25519", "P-256", "secp256r1",
      "P-384", "secp384r1", "P-521", "secp521r1", "X448", "x448", "ffdhe2048", "ffdhe2048",
      "ffdhe3072", "ffdhe3072", "ffdhe4096", "ffdhe4096", "ffdhe6144", "ffdhe6144",
      "ffdhe8192", "ffdhe8192");
  private static final Map<TlsVersion, String> FLAGS = Map.of(TlsVersion.TLS_1_0, "-tls1",
      TlsVersion.TLS_1_1, "-tls1_1", TlsVersion.TLS_1_2, "-tls1_2", TlsVersion.TLS_1_3,
      "-tls1_3");
  private static final Pattern NEGOTIATED = Pattern.compile("New, \\S+, Cipher is (\\S+)");
  private static final Pattern DH = Pattern.compile("Server Temp Key: DH, (\\d+) bits");

  private final String connect;
  private final String starttls;
  private final Set<Integer> dhBits = new LinkedHashSet<>();

  OpensslOracle(String address, int port) {
    this.connect = address + ":" + port;
    this.starttls = switch (port) {
      case 25, 587 -> "smtp";
      case 143 -> "imap";
      case 110 -> "pop3";
      default -> null;
    };
  }

  /** Every suite OpenSSL knows, by IANA name, for TLS 1.2 and older or for TLS 1.3. */
  static Map<String, String> knownSuites(boolean tls13) throws IOException {
    Map<String, String> byIana = new LinkedHashMap<>();
    // `openssl ciphers` lists only the configured TLS 1.3 suites: name all five of RFC 8446.
    String listing = run(List.of("openssl", "ciphers", "-V", "-ciphersuites",
        "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
            + "TLS_AES_128_CCM_SHA256:TLS_AES_128_CCM_8_SHA256", "ALL:COMPLEMENTOFALL:@SECLEVEL=0"));
    Matcher m = Pattern.compile("0x(\\w\\w),0x(\\w\\w) - (\\S+)\\s+(\\S+)").matcher(listing);
    while (m.find()) {
      if (m.group(4).equals("TLSv1.3") == tls13) {
        int code = Integer.parseInt(m.group(1) + m.group(2), 16);
        byIana.put(CipherSuites.nameOf(TlsVersion.TLS_1_2, code), m.group(3));
      }
    }
    return byIana;
  }

  /** The suites the server accepts at {@code v}, by IANA name; DH sizes are noted on the way. */
  Set<String> suites(TlsVersion v) throws IOException {
    boolean tls13 = v == TlsVersion.TLS_1_3;
    Map<String, String> left = knownSuites(tls13);
    Map<String, String> ianaByOpenssl = new LinkedHashMap<>();
    left.forEach((iana, openssl) -> ianaByOpenssl.put(openssl, iana));
    Set<String> found = new LinkedHashSet<>();
    while (!left.isEmpty()) {
      String list = String.join(":", left.values());
      String out = sClient(List.of(FLAGS.get(v), tls13 ? "-ciphersuites" : "-cipher",
          tls13 ? list : list + ":@SECLEVEL=0"));
      // The version flag pins the protocol; "New, X" names the suite's first version only.
      Matcher m = NEGOTIATED.matcher(out);
      if (!m.find() || m.group(1).equals("(NONE)")) {
        return found;
      }
      String iana = ianaByOpenssl.get(m.group(1));
      if (iana == null || left.remove(iana) == null) {
        throw new IllegalStateException("openssl negotiated " + m.group(1) + " not offered");
      }
      found.add(iana);
      Matcher dh = DH.matcher(out);
      if (dh.find()) {
        dhBits.add(Integer.parseInt(dh.group(1)));
      }
    }
    return found;
  }

  /** DH prime sizes seen while enumerating suites. */
  Set<Integer> dhBits() {
    return dhBits;
  }

  /** The groups (by IANA name) a TLS 1.3 handshake offering only that group completes with. */
  Set<String> groups() throws IOException {
    Set<String> accepted = new LinkedHashSet<>();
    for (Map.Entry<String, String> g : GROUPS.entrySet()) {
      Matcher m = NEGOTIATED.matcher(sClient(List.of("-tls1_3", "-groups", g.getKey())));
      if (m.find() && !m.group(1).equals("(NONE)")) {
        accepted.add(g.getValue());
      }
    }
    return accepted;
  }

  /** openssl's own verdict on the chain and the name. */
  boolean verifies(Path caFile, String name) throws IOException {
    return sClient(List.of("-CAfile", caFile.toString(), "-verify_hostname", name,
        "-verify_return_error")).contains("Verify return code: 0 (ok)");
  }

  /**
   * One s_client handshake. Exim refuses a 21st concurrent connection with 421 (its children
   * linger after an aborted handshake): s_client then misses STARTTLS; wait and ask again.
   */
  private String sClient(List<String> args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-connect", connect));
    if (starttls != null) {
      cmd.addAll(List.of("-starttls", starttls));
    }
    cmd.addAll(args);
    for (int attempt = 0; ; attempt++) {
      String out = run(cmd);
      if (!out.contains("Didn't find STARTTLS") || attempt == 10) {
        return out;
      }
      sleep(300);
    }
  }

  private static String run(List<String> cmd) throws IOException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    p.getOutputStream().close(); // s_client ends at EOF on stdin
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      p.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    return out;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
