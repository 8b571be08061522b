package dev.mailharden.core.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeyValueLinesTest {

  @Test
  void replacesTheLastDefinitionWithItsContinuationKeepingIndentation() {
    KeyValueLines f = new KeyValueLines("# top\nA = 1\n  A = 2 \\\n    more\nB = 3\n", '=', "# h");
    assertEquals("2 more", f.get("A").orElseThrow());
    f.set("A", "9");
    assertEquals("# top\nA = 1\n  A = 9\nB = 3\n", f.text());
  }

  @Test
  void equalValueUpToWhiteSpaceIsLeftAsWritten() {
    String text = "tls_versions:   tls1_2  tls1_3\n";
    KeyValueLines f = new KeyValueLines(text, ':', "# h");
    f.set("tls_versions", "tls1_2 tls1_3");
    assertEquals(text, f.text());
  }

  @Test
  void absentKeyGoesAfterItsCommentedExampleElseToTheEndUnderOneHeader() {
    KeyValueLines f = new KeyValueLines("#tls_ciphers: X\nother: 1\n#imap_tls_x: 2", ':', "# h");
    f.set("tls_ciphers", "HIGH");
    f.set("tls_x", "1");
    f.set("tls_y", "2");
    assertEquals("#tls_ciphers: X\ntls_ciphers: HIGH\nother: 1\n#imap_tls_x: 2\n\n# h\n"
        + "tls_x: 1\ntls_y: 2", f.text());
  }

  @Test
  void removeDropsEveryDefinitionOnly() {
    KeyValueLines f = new KeyValueLines("X = 1\nXY = 2\n# X = 3\nX = 4 \\\n 5\n", '=', "# h");
    f.remove("X");
    assertEquals("XY = 2\n# X = 3\n", f.text());
  }

  @Test
  void definitionsInsideEximConditionalsAreNotReplaced() {
    KeyValueLines f = new KeyValueLines(".ifdef T\ntls_x = A\n.endif\n", '=', "# h");
    assertEquals(false, f.get("tls_x").isPresent());
    f.set("tls_x", "B");
    assertEquals(".ifdef T\ntls_x = A\n.endif\n\n# h\ntls_x = B\n", f.text());
  }
}
