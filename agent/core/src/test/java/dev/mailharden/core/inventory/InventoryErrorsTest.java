package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mailharden.core.BadInputException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every bad inventory names the file and line to fix. */
class InventoryErrorsTest {

  static final Path BAD = Path.of("src/test/resources/inventory/bad");

  static void assertBad(String file, String expected) {
    BadInputException e =
        assertThrows(BadInputException.class, () -> Inventory.load(BAD.resolve(file)));
    assertEquals(BAD.resolve(file) + ":" + expected, e.getMessage());
  }

  @Test
  void yamlSyntaxError() {
    assertBad("syntax.yml", "6: YAML syntax error: mapping values are not allowed here");
  }

  @Test
  void groupCycleIsNamed() {
    assertBad("cycle.yml", "7: group cycle: mail -> mta -> mail");
  }

  @Test
  void hostsGivenAList() {
    assertBad("hosts-list.yml", "5: hosts of group 'mta' must be a mapping of host names"
        + " (e.g. mx1.example.com:), found a list");
  }

  @Test
  void variableNameThatIsNotAnIdentifier() {
    assertBad("var-name.yml", "5: 'tls-min-version' is not a valid variable name (letters,"
        + " digits and _, not starting with a digit, not a Python keyword)");
  }

  @Test
  void duplicateKey() {
    assertBad("duplicate.yml", "7: duplicate key 'mx1.example.com' (first at line 5)");
  }

  @Test
  void duplicateKeyInsideAValue() {
    assertBad("duplicate-in-value.yml",
        "5: duplicate key 'smtpd_tls_security_level' (first at line 4)");
  }

  @Test
  void unknownKeyInAGroup() {
    assertBad("unknown-key.yml", "4: unexpected key 'host' in group 'mta': a group holds only"
        + " hosts, children and vars");
  }

  @Test
  void badHostRange() {
    assertBad("bad-range.yml", "3: host range [01:3] in 'mx[01:3].example.com' must give begin"
        + " and end the same width");
  }

  @Test
  void inventoryPluginConfig() {
    assertBad("plugin.yml", "1: inventory plugin configurations (plugin:) are not read"
        + " directly: let Ansible run the plugin (ansible-inventory -i FILE --list >"
        + " inventory.json) and give its JSON, or give an inventory script, YAML or INI");
  }

  @Test
  void badVariableNameInAGroupVarsFileNamesThatFile() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> Inventory.load(BAD.resolve("group-vars/inventory.yml")));
    assertEquals(BAD.resolve("group-vars/group_vars/mta.yml") + ":2: '2fa' is not a valid"
        + " variable name (letters, digits and _, not starting with a digit, not a Python"
        + " keyword)", e.getMessage());
  }

  @Test
  void iniHostLineThatCannotBeParsed() {
    assertBad("host-line.ini", "3: expected key=value after the host name, got a word without '='"
        + " (quote a value that holds spaces)");
  }

  @Test
  void iniUnclosedQuote() {
    assertBad("quote.ini", "2: no closing quotation in the value of 'ansible_user='");
  }

  @Test
  void iniVarsLineThatCannotBeParsed() {
    assertBad("vars-line.ini", "6: expected key=value in [mta:vars], got a line without '='");
  }

  @Test
  void iniUnknownSectionType() {
    assertBad("section.ini", "4: section [mta:host] has unknown type 'host' (expected vars or"
        + " children)");
  }

  @Test
  void iniVarsForAGroupNeverDeclared() {
    assertBad("undeclared.ini", "4: section [mda:vars] is for a group no section declares: add"
        + " [mda] or [mda:children]");
  }

  @Test
  void iniChildNeverDeclared() {
    assertBad("undeclared-child.ini", "3: [mail:children] names group 'mda', which no section"
        + " declares: add [mda]");
  }

  @Test
  void iniGroupCycle() {
    assertBad("cycle.ini", "5: group cycle: mail -> mta -> mail");
  }

  @Test
  void missingInventoryFile() {
    BadInputException e = assertThrows(BadInputException.class,
        () -> Inventory.load(BAD.resolve("no-such.yml")));
    assertEquals(BAD.resolve("no-such.yml") + ": no such inventory file", e.getMessage());
  }
}
