package dev.mailharden.core.probe;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to probe.
 *
 * @param timeout for each connect and each read
 * @param caFile PEM file of trusted CAs to verify the chain against; null for the JDK's
 *     trust store
 * @param mxNames MX names the certificate may carry instead of the host name
 * @param ptrNames reverse-DNS names the certificate may carry
 * @param bindAddress local address to connect from, or null (see {@link MailConnector})
 * @param rateLimitRetries how often to retry after a "come back later" greeting
 */
public record ProbeOptions(
    Duration timeout, Path caFile, List<String> mxNames, List<String> ptrNames,
    String bindAddress, int rateLimitRetries) {

  public static ProbeOptions defaults() {
    return new ProbeOptions(Duration.ofSeconds(5), null, List.of(), List.of(), null, 7);
  }

  public ProbeOptions withCaFile(Path file) {
    return new ProbeOptions(timeout, file, mxNames, ptrNames, bindAddress, rateLimitRetries);
  }

  public ProbeOptions withNames(List<String> mx, List<String> ptr) {
    return new ProbeOptions(timeout, caFile, List.copyOf(mx), List.copyOf(ptr), bindAddress,
        rateLimitRetries);
  }

  public ProbeOptions withBindAddress(String address) {
    return new ProbeOptions(timeout, caFile, mxNames, ptrNames, address, rateLimitRetries);
  }

  public ProbeOptions withTimeout(Duration t) {
    return new ProbeOptions(t, caFile, mxNames, ptrNames, bindAddress, rateLimitRetries);
  }
}
