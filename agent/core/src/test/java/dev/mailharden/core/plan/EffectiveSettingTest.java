package dev.mailharden.core.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How a value in force compares with the planned one. */
class EffectiveSettingTest {

  private static EffectiveSetting postfix(String expected) {
    return new EffectiveSetting("smtpd_tls_mandatory_protocols", expected, "", "postconf -h x",
        "grep x", ",");
  }

  @Test
  void listItemsCompareWhateverSeparatesThem() {
    assertEquals(List.of(), postfix("!SSLv2, !SSLv3").differing(List.of("!SSLv2 !SSLv3")));
    assertEquals(List.of(), postfix("!SSLv2,!SSLv3").differing(List.of("  !SSLv2,  !SSLv3 ")));
  }

  @Test
  void anotherValueOrOrderDiffers() {
    assertEquals(List.of("!SSLv2"), postfix("!SSLv2, !SSLv3").differing(List.of("!SSLv2")));
    assertEquals(List.of("!SSLv3 !SSLv2"),
        postfix("!SSLv2, !SSLv3").differing(List.of("!SSLv3 !SSLv2")));
  }

  @Test
  void everyPlaceItTakesEffectMustHoldThePlannedValue() {
    EffectiveSetting cyrus = new EffectiveSetting("tls_ciphers", "HIGH", "", "q", "l", "");
    assertEquals(List.of("ALL:!aNULL"), cyrus.differing(List.of("HIGH", "ALL:!aNULL")));
  }

  @Test
  void noLineIsTheEmptyValue() {
    EffectiveSetting trusted = new EffectiveSetting("login_trusted_networks", "", "", "q", "l",
        "");
    assertEquals(List.of(), trusted.differing(List.of()));
    assertEquals(List.of(""), postfix(">=TLSv1").differing(List.of()));
  }
}
