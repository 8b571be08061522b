package dev.mailharden.core.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The server certificate a play names, as the check after the change wants every port to
 * serve it.
 *
 * @param path the certificate file on the host
 * @param sha256 its leaf's SHA-256 fingerprint (colon-separated upper-case hex, as openssl)
 * @param trustStore the host's CA bundle (PEM) the served chain must verify against (left
 *     out of JSON reports: a few hundred kB)
 * @param names the names of which the leaf must carry one: the host's, the MX names
 */
public record NamedCertificate(String path, String sha256, @JsonIgnore String trustStore,
    List<String> names) {}
