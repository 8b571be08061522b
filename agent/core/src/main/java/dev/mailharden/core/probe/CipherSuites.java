package dev.mailharden.core.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table of known cipher suites, read once from {@code cipher-suites.tsv}. */
public final class CipherSuites {

  private static final Map<Integer, CipherSuite> BY_CODE = load();

  private CipherSuites() {}

  /** Every suite, in the table's order (strong ones first, as servers see them offered). */
  public static List<CipherSuite> all() {
    return List.copyOf(BY_CODE.values());
  }

  /** The suite with this code, or null when the table does not know it. */
  public static CipherSuite byCode(int code) {
    return BY_CODE.get(code);
  }

  /** The suite with this IANA (or, for unnamed ones, OpenSSL) name, or null. */
  public static CipherSuite byName(String name) {
    return BY_CODE.values().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
  }

  /** A name for any code, known or not. */
  public static String nameOf(int code) {
    CipherSuite s = BY_CODE.get(code);
    return s != null ? s.name() : String.format("UNKNOWN_0x%04X", code);
  }

  public static List<CipherSuite> sslv2() {
    return all().stream().filter(CipherSuite::sslv2).toList();
  }

  /** Suites an SSLv3..TLS 1.2 ClientHello may offer. */
  public static List<CipherSuite> upToTls12() {
    return all().stream().filter(s -> !s.sslv2() && !s.tls13()).toList();
  }

  public static List<CipherSuite> tls13() {
    return all().stream().filter(CipherSuite::tls13).toList();
  }

  private static Map<Integer, CipherSuite> load() {
    Map<Integer, CipherSuite> m = new LinkedHashMap<>();
    var in = CipherSuites.class.getResourceAsStream("/mailharden/core/probe/cipher-suites.tsv");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        int code = Integer.parseInt(f[0], 16);
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
