package dev.mailharden.core.probe;

import java.util.List;
import java.util.Map;

/**
 * The server's certificate chain as a client would judge it.
 *
 * @param chain subjects, leaf first
 * @param sha256 the leaf's SHA-256 fingerprint, as openssl prints it
 * @param source "handshake" (full JSSE handshake) or "hello" (the Certificate message of a
 *     TLS 1.2-or-older reply, when no full handshake succeeded)
 * @param names the leaf's DNS names: SAN dNSNames, or the CN when there is no SAN
 * @param nameMatches each name the certificate should carry (host, MX, PTR) and whether it does
 * @param verifyError why the chain did not verify, or null
 */
public record CertificateInfo(
    List<String> chain, String sha256, String source, String notBefore, String notAfter, boolean currentlyValid,
    boolean selfSigned, boolean chainVerified, String verifyError, List<String> names,
    Map<String, Boolean> nameMatches) {

  /** Expired, or expires within {@code days} of now. */
  public boolean endsWithin(int days) {
    return java.time.Instant.parse(notAfter).isBefore(java.time.Instant.now()
        .plus(java.time.Duration.ofDays(days)));
  }
}
