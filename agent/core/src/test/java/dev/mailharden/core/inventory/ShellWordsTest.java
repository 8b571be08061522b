package dev.mailharden.core.inventory;

import dev.mailharden.core.yaml.Origin;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellWordsTest {

  static final Origin AT = new Origin(Path.of("hosts"), 1);

  @Test
  void splitsLikePythonShlexWithComments() throws Exception {
    assertEquals(List.of("mx1", "user=mail admin", "opts=-o \"A B\"", "x=a b"),
        ShellWords.split("mx1 user=\"mail admin\" opts='-o \"A B\"' x=a\\ b", AT));
    assertEquals(List.of("mx1", "pass=abc"), ShellWords.split("mx1 pass=abc#123 # note", AT));
    assertEquals(List.of("mx1", "pass=abc#123"), ShellWords.split("mx1 'pass=abc#123'", AT));
    assertEquals(List.of("a=", "b=x\\y\"z"), ShellWords.split("a='' b=\"x\\y\\\"z\"", AT));
  }
}
