package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An INI error names file, line and the offending token: never the password on the line. */
class IniSecretEchoTest {

  @TempDir Path tmp;

  private String error(String line) throws Exception {
    Path ini = tmp.resolve("hosts.ini");
    Files.writeString(ini, "[mta]\n" + line + "\n");
    return assertThrows(BadInputException.class, () -> Inventory.load(ini)).getMessage();
  }

  @Test
  void unclosedQuoteNamesTheKeyNotTheValue() throws Exception {
    String e = error("mx1 ansible_user=admin ansible_password='Tr0ub4dor&3");
    assertTrue(e.startsWith(tmp.resolve("hosts.ini") + ":2: "), e);
    assertTrue(e.contains("ansible_password="), e);
    assertFalse(e.contains("Tr0ub4dor"), e);
    e = error("mx1 ansible_become_password=\"Tr0ub4dor&3");
    assertFalse(e.contains("Tr0ub4dor"), e);
    e = error("mx1 ansible_password=Tr0ub'4dor");
    assertFalse(e.contains("Tr0ub"), e);
  }

  @Test
  void wordWithoutEqualsDoesNotShowTheSplitPassword() throws Exception {
    String e = error("mx1 ansible_password=correct horse battery");
    assertFalse(e.contains("horse") || e.contains("correct"), e);
    assertTrue(e.contains("ansible_password"), e);
  }

  @Test
  void varsLineWithoutEqualsIsNotEchoed() throws Exception {
    Path ini = tmp.resolve("hosts.ini");
    Files.writeString(ini, "[mta]\nmx1\n[mta:vars]\nTr0ub4dor&3\n");
    String e = assertThrows(BadInputException.class, () -> Inventory.load(ini)).getMessage();
    assertTrue(e.startsWith(ini + ":4: "), e);
    assertFalse(e.contains("Tr0ub4dor"), e);
  }
}
