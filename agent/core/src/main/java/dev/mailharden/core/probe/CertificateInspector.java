package dev.mailharden.core.probe;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Fetches the chain with one full JSSE handshake (the only way to see it under TLS 1.3),
 * trusting anything so that the chain is recorded whatever it is, then judges it apart:
 * dates, self-signed, verification against a CA file or the JDK trust store, names.
 */
public final class CertificateInspector {

  private CertificateInspector() {}

  /** Completes a TLS handshake on a socket ready for TLS; returns the server's chain. */
  static List<X509Certificate> fetchChain(Socket plain, Endpoint endpoint) throws IOException {
    X509Certificate[][] seen = new X509Certificate[1][];
    TrustManager recorder = new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen[0] = chain;
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {recorder}, null);
      try (SSLSocket s = (SSLSocket) ctx.getSocketFactory()
          .createSocket(plain, endpoint.host(), endpoint.port(), true)) {
        if (endpoint.serverName() != null) {
          SSLParameters p = s.getSSLParameters();
          p.setServerNames(List.of(new SNIHostName(endpoint.serverName())));
          s.setSSLParameters(p);
        }
        s.startHandshake();
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(e);
    }
    return seen[0] == null ? List.of() : Arrays.asList(seen[0]);
  }

  static CertificateInfo inspect(List<X509Certificate> chain, String source, Endpoint endpoint,
      ProbeOptions options) {
    X509Certificate leaf = chain.get(0);
    boolean valid = true;
    try {
      leaf.checkValidity();
    } catch (GeneralSecurityException e) {
      valid = false;
    }
    boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
    String verifyError;
    try {
      verifyError = verifyError(chain, trustManager(options.caFile())).orElse(null);
    } catch (GeneralSecurityException | IOException e) {
      verifyError = e.getMessage();
    }
    List<String> names = dnsNames(leaf);
    Map<String, Boolean> matches = new LinkedHashMap<>();
    List<String> wanted = new ArrayList<>();
    if (endpoint.serverName() != null) {
      wanted.add(endpoint.serverName());
    }
    wanted.addAll(options.mxNames());
    wanted.addAll(options.ptrNames());
    for (String w : wanted) {
      matches.put(w, names.stream().anyMatch(n -> matches(n, w)));
    }
    return new CertificateInfo(chain.stream().map(c -> c.getSubjectX500Principal().getName())
        .toList(), sha256(leaf), source, leaf.getNotBefore().toInstant().toString(),
        leaf.getNotAfter().toInstant().toString(), valid, selfSigned, verifyError == null,
        verifyError, names, matches);
  }

  private static X509TrustManager trustManager(Path caFile)
      throws GeneralSecurityException, IOException {
    if (caFile == null) {
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init((KeyStore) null);
      return (X509TrustManager) tmf.getTrustManagers()[0];
    }
    try (InputStream in = Files.newInputStream(caFile)) {
      return trustManager(in);
    }
  }

  /** A trust manager of the PEM CA certificates in {@code pem} (a CA bundle). */
  public static X509TrustManager trustManager(InputStream pem)
      throws GeneralSecurityException, IOException {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    int i = 0;
    for (var c : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
      ks.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  /** Why {@code chain} does not verify against {@code trust}, or empty when it does. */
  public static Optional<String> verifyError(List<X509Certificate> chain,
      X509TrustManager trust) {
    try {
      trust.checkServerTrusted(chain.toArray(new X509Certificate[0]),
          chain.get(0).getPublicKey().getAlgorithm().equals("EC") ? "ECDHE_ECDSA" : "ECDHE_RSA");
      return Optional.empty();
    } catch (GeneralSecurityException e) {
      return Optional.of(String.valueOf(e.getMessage()));
    }
  }

  /** The leaf's SHA-256 fingerprint as {@code openssl x509 -fingerprint -sha256} prints it. */
  public static String sha256(X509Certificate cert) {
    try {
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(
          MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SAN dNSNames; the subject CN only when there are none (RFC 6125). */
  public static List<String> dnsNames(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(san.get(0))) {
            names.add(String.valueOf(san.get(1)));
          }
        }
      }
      if (names.isEmpty()) {
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            names.add(String.valueOf(rdn.getValue()));
          }
        }
      }
    } catch (java.security.cert.CertificateParsingException | InvalidNameException e) {
      // An unreadable name matches nothing.
    }
    return names;
  }

  /** Exact match or a leftmost-label wildcard ("*.example.com" covers one label). */
  public static boolean matches(String pattern, String name) {
    String p = pattern.toLowerCase(Locale.ROOT);
    String n = name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    if (p.startsWith("*.")) {
      int dot = n.indexOf('.');
      return dot > 0 && n.substring(dot + 1).equals(p.substring(2));
    }
    return p.equals(n);
  }

}
