package dev.mailharden.core.probe;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * A server's finite-field DH parameters as its ServerKeyExchange sent them: the size of p and
 * whether p is a well-known standard prime (RFC 7919 ffdhe or RFC 3526 MODP) or the server's
 * own.
 */
public record DhParams(int bits, String knownAs) {

  private static final Map<BigInteger, String> KNOWN = load();

  public static DhParams of(BigInteger p) {
    return new DhParams(p.bitLength(), KNOWN.getOrDefault(p, "custom"));
  }

  @Override
  public String toString() {
    return bits + " bits (" + knownAs + ")";
  }

  private static Map<BigInteger, String> load() {
    Map<BigInteger, String> m = new HashMap<>();
    var in = DhParams.class.getResourceAsStream("/mailharden/core/probe/dh-groups.tsv");
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split("\t");
          m.put(new BigInteger(f[2], 16), f[0]);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return m;
  }
}
