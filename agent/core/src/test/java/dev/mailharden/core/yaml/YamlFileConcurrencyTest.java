package dev.mailharden.core.yaml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Module data is read by every host's thread at once: reading a node must be thread-safe. */
class YamlFileConcurrencyTest {

  @Test
  void valuesOfOneFileReadFromManyThreadsAreAllRight() throws Exception {
    StringBuilder doc = new StringBuilder("settings:\n"
        + "  - {file: ssl, name: ssl_min_protocol, value: TLSv1.2}\n"
        + "  - {file: auth, name: auth_allow_cleartext, value: 'no', versions: '>=2.4'}\n"
        + "more:\n");
    for (int i = 0; i < 200; i++) {
      doc.append("  - {name: setting_").append(i).append(", value: [a, b, {c: d}]}\n");
    }
    Object expected = YamlFile.parse(Path.of("settings.yaml"), doc.toString()).value(
        YamlFile.parse(Path.of("settings.yaml"), doc.toString()).root());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      // Each round: a fresh file whose nodes 8 threads construct for the first time at once.
      for (int round = 0; round < 200; round++) {
        YamlFile yaml = YamlFile.parse(Path.of("settings.yaml"), doc.toString());
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Object>> reads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          reads.add(pool.submit(() -> {
            start.await();
            return yaml.value(yaml.root());
          }));
        }
        start.countDown();
        for (Future<Object> f : reads) {
          assertEquals(expected, f.get());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(List.of(Map.of("file", "ssl", "name", "ssl_min_protocol", "value", "TLSv1.2"),
        Map.of("file", "auth", "name", "auth_allow_cleartext", "value", "no",
            "versions", ">=2.4")), ((Map<?, ?>) expected).get("settings"));
  }
}
