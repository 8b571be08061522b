package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Origin;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A host range is expanded in memory: beyond 100,000 hosts it is an input error, not OOM. */
class HostRangeCapTest {

  static final Origin AT = new Origin(Path.of("hosts.yml"), 4);

  @Test
  void hugeRangeIsAnErrorWithFileAndLine() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> HostRange.parse("mx[0:999999999]", AT));
    assertEquals("hosts.yml:4: host range in 'mx[0:999999999]' names 1000000000 hosts,"
        + " more than 100000", e.getMessage());
  }

  @Test
  void nestedRangesCountTogether() throws Exception {
    assertThrows(BadInputException.class, () -> HostRange.parse("r[0:999]mx[0:999]", AT));
    assertEquals(100_000, HostRange.parse("r[0:99]mx[0:999]", AT).hostnames().size());
  }
}
