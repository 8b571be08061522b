package dev.mailharden.core.probe;

import java.util.List;
import java.util.Map;

/**
 * Everything one probe of one endpoint found.
 *
 * @param plaintext the phase before STARTTLS; null for implicit TLS or when it failed
 * @param protocols versions the server accepted
 * @param ciphers accepted suites per version, in the order the server chose them
 * @param serverPreference the server chose the same suite from a list and from its reverse;
 *     null when there was nothing to choose from (fewer than two suites)
 * @param preferenceTestedAt the version the preference was measured at
 * @param compression the server chose DEFLATE when offered
 * @param dhParams the distinct DHE parameters seen (TLS 1.2 and older)
 * @param groups key-exchange groups accepted, each offered alone
 * @param groupDependentSuites DHE suites accepted only with (or only without) FFDHE groups
 *     in the hello's supported_groups, "SUITE (VERSION)" to which; both kinds are in
 *     {@code ciphers}
 * @param hybrid post-quantum hybrid key exchange; null without TLS 1.3
 * @param certificate the chain and its verdicts; null when no chain was seen
 * @param errors what could not be measured, and why
 */
public record ProbeReport(
    Endpoint endpoint, long millis, int connections, PlaintextPhase plaintext,
    List<TlsVersion> protocols, Map<TlsVersion, List<String>> ciphers, Boolean serverPreference,
    TlsVersion preferenceTestedAt, boolean compression, List<DhParams> dhParams,
    List<String> groups, Map<String, String> groupDependentSuites, HybridKeyExchange hybrid, CertificateInfo certificate, List<String> errors) {

  /** Every accepted suite of every version, resolved in the cipher-suite table. */
  public List<CipherSuite> acceptedSuites() {
    return ciphers.values().stream().flatMap(List::stream).distinct()
        .map(CipherSuites::byName).filter(java.util.Objects::nonNull).toList();
  }
}
