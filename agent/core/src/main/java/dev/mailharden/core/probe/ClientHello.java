package dev.mailharden.core.probe;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * What a TLS client offered in its ClientHello: the protocol versions (from supported_versions
 * when the client sends it; otherwise only its highest version is visible, and
 * {@code lowestKnown} is false), the cipher suite codes in its order, and the hello's bytes as
 * they came off the wire (to hand on to a real handshake).
 */
public record ClientHello(List<TlsVersion> versions, boolean lowestKnown, List<Integer> suites,
    @JsonIgnore byte[] raw) {

  public ClientHello {
    versions = List.copyOf(versions);
    suites = List.copyOf(suites);
  }

  /** The offered versions as reports name them, e.g. "TLSv1.3, TLSv1.2". */
  public String versionLabels() {
    return String.join(", ", versions.stream().map(TlsVersion::label).toList())
        + (lowestKnown ? "" : " (and lower versions the hello does not show)");
  }
}
