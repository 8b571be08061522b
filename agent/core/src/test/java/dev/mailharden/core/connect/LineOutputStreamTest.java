package dev.mailharden.core.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineOutputStreamTest {

  @Test
  void linesSplitAcrossChunksAndMultiByteCharactersComeOutWhole() {
    List<String> lines = new ArrayList<>();
    LineOutputStream out = new LineOutputStream(lines::add);
    byte[] text = "Nov 28 mx postfix: ä\r\nsecond\nthird".getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < text.length; i += 3) {
      out.write(text, i, Math.min(3, text.length - i));
    }
    out.flushLast();
    assertEquals(List.of("Nov 28 mx postfix: ä", "second", "third"), lines);
  }

  @Test
  void aLineLongerThanTheLimitIsCutNotHeld() {
    List<String> lines = new ArrayList<>();
    LineOutputStream out = new LineOutputStream(lines::add);
    byte[] big = new byte[LineOutputStream.MAX_LINE * 3];
    java.util.Arrays.fill(big, (byte) 'x');
    out.write(big, 0, big.length);
    out.write('\n');
    out.write('y');
    out.write('\n');
    assertEquals(2, lines.size());
    assertEquals(LineOutputStream.MAX_LINE, lines.get(0).length());
    assertEquals("y", lines.get(1));
  }
}
