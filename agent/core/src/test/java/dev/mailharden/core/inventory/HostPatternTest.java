package dev.mailharden.core.inventory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.BadInputException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HostPatternTest {

  static Inventory inventory;

  @BeforeAll
  static void load() throws Exception {
    inventory = Inventory.load(YamlInventoryTest.FILE);
  }

  static List<String> select(String limit) throws BadInputException {
    return inventory.select(limit).stream().map(InventoryHost::name).toList();
  }

  @Test
  void allAndStarSelectEveryHostInInventoryOrder() throws Exception {
    List<String> every = inventory.hosts().stream().map(InventoryHost::name).toList();
    assertEquals(every, select("all"));
    assertEquals(every, select("*"));
  }

  @Test
  void groupNamesSelectTheirHostsAndTheirChildren() throws Exception {
    assertEquals(List.of("mx1.example.com", "mx2.example.com", "mx01.lab.example.com",
        "mx02.lab.example.com"), select("mta"));
    assertEquals(List.of("mx01.lab.example.com", "mx02.lab.example.com",
        "imap-a.lab.example.com", "imap-b.lab.example.com"), select("lab"));
    assertEquals(List.of("bastion.example.com"), select("ungrouped"));
  }

  @Test
  void hostNamesAndListsComeBackInInventoryOrder() throws Exception {
    assertEquals(List.of("mx1.example.com", "imap1.example.com"),
        select("imap1.example.com,mx1.example.com"));
    assertEquals(List.of("bastion.example.com", "mx2.example.com", "imap1.example.com",
        "imap-a.lab.example.com", "imap-b.lab.example.com"),
        select("mda:lab_mda:bastion.example.com"));
  }

  @Test
  void globsMatchHostAndGroupNames() throws Exception {
    assertEquals(List.of("mx1.example.com", "mx2.example.com"), select("mx?.example.com"));
    assertEquals(List.of("imap-a.lab.example.com", "imap-b.lab.example.com"),
        select("imap-[!c].lab.*"));
    // lab_* matches groups lab_mta and lab_mda.
    assertEquals(List.of("mx01.lab.example.com", "mx02.lab.example.com",
        "imap-a.lab.example.com", "imap-b.lab.example.com"), select("lab_*"));
  }

  @Test
  void regexIsAnchoredAtTheStartOnly() throws Exception {
    assertEquals(List.of("mx01.lab.example.com", "mx02.lab.example.com"),
        select("~mx\\d{2}"));
    // Python's re.match: "example" is in every name, but starts none.
    assertEquals(List.of(), HostPattern.parse("~example").select(inventory));
  }

  @Test
  void exclusionAndIntersectionApplyAfterTheUnion() throws Exception {
    assertEquals(List.of("mx1.example.com", "mx2.example.com"), select("!lab,mta"));
    assertEquals(List.of("mx2.example.com"), select("mta:&mda"));
    assertEquals(List.of("mx01.lab.example.com", "mx02.lab.example.com"),
        select("mail,&lab,!imap*"));
    // Only exclusions: they apply to all.
    assertEquals(List.of("bastion.example.com", "imap1.example.com"),
        select("!mta:!lab"));
  }

  @Test
  void limitMatchingNoHostIsAnError() {
    BadInputException e =
        assertThrows(BadInputException.class, () -> inventory.select("mx9*,&lab"));
    assertEquals("--limit 'mx9*,&lab': matches no host in " + YamlInventoryTest.FILE,
        e.getMessage());
  }

  @Test
  void malformedLimitsAreErrors() {
    assertEquals("--limit '~mx(': invalid regular expression ~mx(: Unclosed group",
        assertThrows(BadInputException.class, () -> HostPattern.parse("~mx(")).getMessage());
    // Was split at the '[' into "~", a regex matching every host.
    assertTrue(assertThrows(BadInputException.class, () -> HostPattern.parse("~["))
        .getMessage().startsWith("--limit '~[': cannot read '['"));
    assertEquals("--limit ' , ': names no host or group",
        assertThrows(BadInputException.class, () -> HostPattern.parse(" , ")).getMessage());
    assertEquals("--limit 'mta,!': '!' names nothing",
        assertThrows(BadInputException.class, () -> HostPattern.parse("mta,!")).getMessage());
    assertEquals("--limit 'mta[0]': subscripts such as mta[0] are not supported; name the"
            + " hosts instead",
        assertThrows(BadInputException.class, () -> HostPattern.parse("mta[0]")).getMessage());
  }
}
