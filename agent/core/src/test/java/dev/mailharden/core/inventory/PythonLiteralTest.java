package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {

  @Test
  void numbersBooleansAndNone() {
    assertEquals(22, PythonLiteral.parse("22"));
    assertEquals(-5, PythonLiteral.parse("-5"));
    assertEquals(5_000_000_000L, PythonLiteral.parse("5000000000"));
    assertEquals(255, PythonLiteral.parse("0xff"));
    assertEquals(1.5, PythonLiteral.parse("1.5"));
    assertEquals(Boolean.TRUE, PythonLiteral.parse("True"));
    assertEquals(Boolean.FALSE, PythonLiteral.parse(" False "));
    assertNull(PythonLiteral.parse("None"));
  }

  @Test
  void quotedStringsListsTuplesAndDicts() {
    assertEquals("it's", PythonLiteral.parse("\"it's\""));
    assertEquals("a\tb", PythonLiteral.parse("'a\\tb'"));
    assertEquals("ab", PythonLiteral.parse("'a' \"b\""));
    assertEquals(List.of(1, "x"), PythonLiteral.parse("[1, 'x',]"));
    assertEquals(List.of(1, 2), PythonLiteral.parse("(1, 2)"));
    assertEquals(3, PythonLiteral.parse("(3)"));
    assertEquals(Map.of("port", 25, "tls", true), PythonLiteral.parse("{'port': 25, 'tls': True}"));
    assertEquals(7, PythonLiteral.parse("7  # a comment, as Python's tokenizer skips it"));
  }

  @Test
  void anythingElseStaysTheTextAsWritten() {
    for (String text : List.of("yes", "true", "192.0.2.10", "010", "22abc", "[a, b]", "", "-x",
        "'unclosed", "{1, 2}", "/etc/ssl/mail.pem")) {
      assertEquals(text, PythonLiteral.parse(text), text);
    }
  }
}
