package dev.mailharden.asyncos;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A small model of OpenSSL's cipher-string rules, for the emulator's {@code VERIFY} and
 * for the cipher prompts: tokens separated by ':', each an alias or suite name or an AND of
 * them with '+'; '!' removes for good, '-' removes, a leading '+' moves to the end. A
 * string that selects nothing is refused, as OpenSSL's SSL_CTX_set_cipher_list refuses it.
 */
final class OpensslCipherList {

  /** A suite as {@code openssl ciphers -v} lists it, with the aliases that select it. */
  record Suite(String name, String protocol, String kx, String au, String enc, String mac,
      Set<String> aliases) {
    String describe() {
      return String.format("%-30s %-7s Kx=%-8s Au=%-5s Enc=%-15s Mac=%s", name, protocol, kx,
          au, enc, mac);
    }
  }

  private static Suite s(String name, String protocol, String kx, String au, String enc,
      String mac, String aliases) {
    return new Suite(name, protocol, kx, au, enc, mac, Set.of(aliases.split(" ")));
  }

  /** Suites of an OpenSSL 1.0.2-era appliance; {@code TLSv1.2} ones lack in 0.9.8. */
  private static final List<Suite> ALL = List.of(
      s("ECDHE-RSA-AES256-GCM-SHA384", "TLSv1.2", "ECDH", "RSA", "AESGCM(256)", "AEAD",
          "kEECDH EECDH ECDHE aRSA AESGCM AES256 AES SHA384 HIGH TLSv1.2"),
      s("ECDHE-ECDSA-AES256-GCM-SHA384", "TLSv1.2", "ECDH", "ECDSA", "AESGCM(256)", "AEAD",
          "kEECDH EECDH ECDHE aECDSA ECDSA AESGCM AES256 AES SHA384 HIGH TLSv1.2"),
      s("ECDHE-RSA-AES128-GCM-SHA256", "TLSv1.2", "ECDH", "RSA", "AESGCM(128)", "AEAD",
          "kEECDH EECDH ECDHE aRSA AESGCM AES128 AES SHA256 HIGH TLSv1.2"),
      s("ECDHE-ECDSA-AES128-GCM-SHA256", "TLSv1.2", "ECDH", "ECDSA", "AESGCM(128)", "AEAD",
          "kEECDH EECDH ECDHE aECDSA ECDSA AESGCM AES128 AES SHA256 HIGH TLSv1.2"),
      s("ECDHE-RSA-CHACHA20-POLY1305", "TLSv1.2", "ECDH", "RSA", "CHACHA20/POLY1305(256)",
          "AEAD", "kEECDH EECDH ECDHE aRSA CHACHA20 HIGH TLSv1.2"),
      s("ECDHE-ECDSA-CHACHA20-POLY1305", "TLSv1.2", "ECDH", "ECDSA", "CHACHA20/POLY1305(256)",
          "AEAD", "kEECDH EECDH ECDHE aECDSA ECDSA CHACHA20 HIGH TLSv1.2"),
      s("ECDHE-RSA-AES128-SHA256", "TLSv1.2", "ECDH", "RSA", "AES(128)", "SHA256",
          "kEECDH EECDH ECDHE aRSA AES128 AES SHA256 HIGH TLSv1.2"),
      s("DHE-RSA-AES128-GCM-SHA256", "TLSv1.2", "DH", "RSA", "AESGCM(128)", "AEAD",
          "kEDH EDH DHE aRSA AESGCM AES128 AES SHA256 HIGH TLSv1.2"),
      s("ECDHE-RSA-AES128-SHA", "SSLv3", "ECDH", "RSA", "AES(128)", "SHA1",
          "kEECDH EECDH ECDHE aRSA AES128 AES SHA1 SHA HIGH SSLv3"),
      s("DHE-RSA-AES256-SHA", "SSLv3", "DH", "RSA", "AES(256)", "SHA1",
          "kEDH EDH DHE aRSA AES256 AES SHA1 SHA HIGH SSLv3"),
      s("DHE-RSA-CAMELLIA256-SHA", "SSLv3", "DH", "RSA", "Camellia(256)", "SHA1",
          "kEDH EDH DHE aRSA CAMELLIA256 CAMELLIA SHA1 SHA HIGH SSLv3"),
      s("DHE-RSA-CAMELLIA128-SHA", "SSLv3", "DH", "RSA", "Camellia(128)", "SHA1",
          "kEDH EDH DHE aRSA CAMELLIA128 CAMELLIA SHA1 SHA HIGH SSLv3"),
      s("AES128-SHA", "SSLv3", "RSA", "RSA", "AES(128)", "SHA1",
          "kRSA aRSA AES128 AES SHA1 SHA HIGH SSLv3"),
      s("CAMELLIA128-SHA", "SSLv3", "RSA", "RSA", "Camellia(128)", "SHA1",
          "kRSA aRSA CAMELLIA128 CAMELLIA SHA1 SHA HIGH SSLv3"),
      s("DES-CBC3-SHA", "SSLv3", "RSA", "RSA", "3DES(168)", "SHA1",
          "kRSA aRSA 3DES SHA1 SHA MEDIUM SSLv3"),
      s("RC4-SHA", "SSLv3", "RSA", "RSA", "RC4(128)", "SHA1",
          "kRSA aRSA RC4 SHA1 SHA MEDIUM SSLv3"),
      s("RC4-MD5", "SSLv3", "RSA", "RSA", "RC4(128)", "MD5",
          "kRSA aRSA RC4 MD5 MEDIUM SSLv3"),
      s("ADH-AES128-SHA", "SSLv3", "DH", "None", "AES(128)", "SHA1",
          "kEDH EDH aNULL AES128 AES SHA1 SHA HIGH SSLv3"),
      s("NULL-SHA", "SSLv3", "RSA", "RSA", "None", "SHA1", "kRSA aRSA eNULL SHA1 SHA SSLv3"));

  private OpensslCipherList() {}

  /** The suites a cipher string selects on an appliance of this generation, in order. */
  static List<Suite> expand(String cipherString, AsyncOsGeneration gen) {
    List<Suite> available = ALL.stream()
        .filter(s -> gen.tls12Suites || !s.protocol().equals("TLSv1.2")).toList();
    LinkedHashSet<Suite> selected = new LinkedHashSet<>();
    Set<Suite> banned = new java.util.HashSet<>();
    for (String token : cipherString.split("[:, ]+")) {
      if (token.isEmpty() || token.startsWith("@")) {
        continue;
      }
      char op = token.charAt(0);
      String expr = op == '!' || op == '-' || op == '+' ? token.substring(1) : token;
      List<Suite> matching = available.stream().filter(s -> matches(s, expr)).toList();
      switch (op) {
        case '!' -> {
          banned.addAll(matching);
          selected.removeAll(matching);
        }
        case '-' -> selected.removeAll(matching);
        case '+' -> matching.stream().filter(selected::remove).toList().forEach(selected::add);
        default -> matching.stream().filter(s -> !banned.contains(s)).forEach(selected::add);
      }
    }
    return new ArrayList<>(selected);
  }

  private static boolean matches(Suite s, String expr) {
    for (String part : expr.split("\\+")) {
      boolean ok = switch (part) {
        case "ALL" -> !s.aliases().contains("eNULL");
        case "DEFAULT" -> !s.aliases().contains("eNULL") && !s.aliases().contains("aNULL");
        default -> s.name().equals(part) || s.aliases().contains(part);
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
