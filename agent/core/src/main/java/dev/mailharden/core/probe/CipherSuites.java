package dev.mailharden.core.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of known cipher suites, read once from {@code cipher-suites.tsv}. */
public final class CipherSuites {

  /** SSLv2 cipher specs live apart: SSL_CK_NULL_WITH_MD5 is 0x000000, TLS's 0x0000 is not it. */
  private static final Map<Integer, CipherSuite> SSLV2 = load(true);
  private static final Map<Integer, CipherSuite> BY_CODE = load(false);

  private CipherSuites() {}

  /** Every suite, in the table's order (strong ones first, as servers see them offered). */
  public static List<CipherSuite> all() {
    List<CipherSuite> all = new ArrayList<>(BY_CODE.values());
    all.addAll(SSLV2.values());
    return all;
  }

  /** The SSLv3..TLS 1.3 suite with this code, or null when the table does not know it. */
  public static CipherSuite byCode(int code) {
    return BY_CODE.get(code);
  }

  /** The suite with this IANA (or, for unnamed ones, OpenSSL) name, or null. */
  public static CipherSuite byName(String name) {
    return all().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /** A name for any code of the given version, known or not. */
  public static String nameOf(TlsVersion version, int code) {
    CipherSuite s = (version == TlsVersion.SSL_2 ? SSLV2 : BY_CODE).get(code);
    return s != null ? s.name() : String.format("UNKNOWN_0x%04X", code);
  }

  /** The names of accepted suite codes, per version; versions that accepted none left out. */
  static Map<TlsVersion, List<String>> namesOf(Map<TlsVersion, List<Integer>> accepted) {
    Map<TlsVersion, List<String>> names = new EnumMap<>(TlsVersion.class);
    accepted.forEach((v, codes) -> {
      if (!codes.isEmpty()) {
        names.put(v, codes.stream().map(c -> nameOf(v, c)).toList());
      }
    });
    return names;
  }

  public static List<CipherSuite> sslv2() {
    return List.copyOf(SSLV2.values());
  }

  /** Suites an SSLv3..TLS 1.2 ClientHello may offer. */
  public static List<CipherSuite> upToTls12() {
    return BY_CODE.values().stream().filter(s -> !s.tls13()).toList();
  }

  /**
   * Suites a hello of version {@code v} (SSLv3..TLS 1.3) may offer: TLS 1.3 has its own five;
   * below TLS 1.2 none that TLS 1.2 introduced (SHA-256/384 MACs, AEAD), which RFC 5246
   * forbids a server to pick there. Fewer suites, fewer bundles: one refused hello less per
   * accepted version.
   */
  public static List<CipherSuite> offeredAt(TlsVersion v) {
    return v == TlsVersion.TLS_1_3 ? tls13() : upToTls12().stream()
        .filter(s -> v == TlsVersion.TLS_1_2 || !s.protocol().equals("TLSv1.2")).toList();
  }

  public static List<CipherSuite> tls13() {
    return all().stream().filter(CipherSuite::tls13).toList();
  }

  private static Map<Integer, CipherSuite> load(boolean sslv2) {
    Map<Integer, CipherSuite> m = new LinkedHashMap<>();
    var in = CipherSuites.class.getResourceAsStream("/mailharden/core/probe/cipher-suites.tsv");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        int code = Integer.parseInt(f[0], 16);
        if (f[3].equals("SSLv2") != sslv2) {
          continue;
        }
        m.putIfAbsent(code, new CipherSuite(code, f[1].equals("-") ? f[2] : f[1], f[2], f[3], f[4],
            f[5], f[6], f[7], f[8].equals("export")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Collections.unmodifiableMap(m);
  }

  /** Codes of the given suites, as a mutable list the enumeration can shrink. */
  static List<Integer> codes(List<CipherSuite> suites) {
    List<Integer> codes = new ArrayList<>();
    suites.forEach(s -> codes.add(s.code()));
    return codes;
  }
}
