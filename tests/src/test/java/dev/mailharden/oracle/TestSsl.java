package dev.mailharden.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Debian's testssl.sh as the independent judge of protocols and compression: it speaks
 * SSLv2/SSLv3 with its own sockets, which neither the JDK nor Debian's OpenSSL can.
 */
public final class TestSsl {

  private static final int HANG_GUARD_SECONDS = 600;

  private TestSsl() {}

  /** Finding id (SSLv3, TLS1, CRIME_TLS, ...) to testssl's finding text for one endpoint. */
  public static Map<String, String> protocols(String address, int port, Path workDir)
      throws Exception {
    Path json = Files.createTempFile(workDir, "testssl-" + port + "-", ".json");
    Files.delete(json);
    List<String> cmd = new java.util.ArrayList<>(List.of("testssl", "--nodns", "none",
        "--warnings", "off", "--color", "0", "-p", "-C", "--jsonfile", json.toString()));
    String starttls = switch (port) {
      case 25, 587 -> "smtp";
      case 143 -> "imap";
      case 110 -> "pop3";
      default -> null;
    };
    if (starttls != null) {
      cmd.addAll(List.of("--starttls", starttls));
    }
    cmd.add(address + ":" + port);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(workDir.resolve("testssl-" + port + ".log").toFile()).start();
    // A hang guard, not a speed test: a busy 2-core machine took over 120 s for one port.
    if (!p.waitFor(HANG_GUARD_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("testssl on " + address + ":" + port + " took > "
          + HANG_GUARD_SECONDS + " s");
    }
    if (!Files.exists(json)) {
      throw new IllegalStateException("testssl wrote no JSON for " + address + ":" + port
          + ": " + Files.readString(workDir.resolve("testssl-" + port + ".log")));
    }
    Map<String, String> findings = new HashMap<>();
    for (JsonNode f : new ObjectMapper().readTree(json.toFile())) {
      findings.put(f.get("id").asText(), f.get("finding").asText());
    }
    return findings;
  }

  /** {@link #protocols} of several ports of one host, scanned in parallel. */
  public static Map<Integer, Map<String, String>> protocolsOfPorts(String address,
      List<Integer> ports, Path workDir) throws Exception {
    Map<Integer, java.util.concurrent.CompletableFuture<Map<String, String>>> scans =
        new HashMap<>();
    for (int port : ports) {
      scans.put(port, java.util.concurrent.CompletableFuture.supplyAsync(() -> {
        try {
          return protocols(address, port, workDir);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    Map<Integer, Map<String, String>> findings = new HashMap<>();
    for (int port : ports) {
      findings.put(port, scans.get(port).get());
    }
    return findings;
  }
}
