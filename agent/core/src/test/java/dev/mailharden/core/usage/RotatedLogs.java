package dev.mailharden.core.usage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Lays out a real log captured from a lab host the way logrotate leaves it: the older half
 * gzipped as {@code NAME.1.gz}, the rest in {@code NAME}; then reads them as a host would,
 * through {@link UsageReader}'s own script on this machine's sh.
 */
public final class RotatedLogs {

  private RotatedLogs() {}

  public static TlsUsage read(LogSources sources, Path dir, String name, InputStream log)
      throws IOException {
    List<String> lines = new String(log.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    int half = lines.size() / 2;
    Path gz = dir.resolve(name + ".1.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write((String.join("\n", lines.subList(0, half)) + "\n")
          .getBytes(StandardCharsets.UTF_8));
    }
    Path current = dir.resolve(name);
    Files.writeString(current, String.join("\n", lines.subList(half, lines.size())) + "\n");
    Files.setLastModifiedTime(gz, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
    LogSources here = new LogSources(List.of(dir + "/" + name + "*"), sources.hostFilters(),
        sources.rules());
    // The lab lines are from 2026: a window wide enough for any later run of the test.
    try {
      return new UsageReader(here, Duration.ofDays(3650), Duration.ofSeconds(30))
          .read(new LocalShell());
    } catch (dev.mailharden.core.connect.ConnectionException e) {
      throw new IOException(e);
    }
  }

  /** The tallies as sorted text lines: port, product, address, protocol, cipher, count. */
  public static String tally(TlsUsage usage) {
    Map<String, Long> t = new TreeMap<>();
    for (ClientUsage c : usage.clients()) {
      t.merge(c.port() + " " + c.address() + " " + (c.tls() ? c.protocol() + " " + c.cipher()
          : c.authWithoutTls() ? "plaintext+auth" : "plaintext"), c.count(), Long::sum);
    }
    List<String> out = new ArrayList<>();
    t.forEach((k, v) -> out.add(k + " x" + v));
    return String.join("\n", out);
  }
}
