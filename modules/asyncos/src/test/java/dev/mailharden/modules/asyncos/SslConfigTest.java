package dev.mailharden.modules.asyncos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sslconfig screens as the documented AsyncOS 8.x transcript prints them. */
class SslConfigTest {

  /** The screen after `sslconfig` in the seed's transcript (a tab on the blank line too). */
  static final String SEED_SCREEN = """
      ironport.example.com> sslconfig
      sslconfig settings:
        GUI HTTPS method:  sslv3tlsv1
        GUI HTTPS ciphers: RC4-SHA:RC4-MD5:ALL
        Inbound SMTP method:  sslv3tlsv1
        Inbound SMTP ciphers: RC4-SHA:RC4-MD5:ALL
        Outbound SMTP method:  sslv3tlsv1
        Outbound SMTP ciphers: RC4-SHA:RC4-MD5:ALL
      \t
      Choose the operation you want to perform:
      - GUI - Edit GUI HTTPS ssl settings.
      - INBOUND - Edit Inbound SMTP ssl settings.
      - OUTBOUND - Edit Outbound SMTP ssl settings.
      - VERIFY - Verify and show ssl cipher list.
      []>\s""";

  @Test
  void readsTheSettingsBlockInScreenOrder() {
    Map<String, String> s = SslConfig.settings(SEED_SCREEN);
    assertEquals(List.of("GUI HTTPS method", "GUI HTTPS ciphers", "Inbound SMTP method",
        "Inbound SMTP ciphers", "Outbound SMTP method", "Outbound SMTP ciphers"),
        List.copyOf(s.keySet()));
    assertEquals("sslv3tlsv1", s.get(SslConfig.INBOUND_METHOD));
    assertEquals("RC4-SHA:RC4-MD5:ALL", s.get(SslConfig.OUTBOUND_CIPHERS));
  }

  @Test
  void theLastBlockWinsAfterAnEdit() {
    String after = SEED_SCREEN + "inbound\n\nEnter the inbound SMTP ssl method you want to use."
        + "\n...\nsslconfig settings:\n  GUI HTTPS method:  sslv3tlsv1\n"
        + "  GUI HTTPS ciphers: RC4-SHA:RC4-MD5:ALL\n  Inbound SMTP method:  tlsv1\n"
        + "  Inbound SMTP ciphers: EDH+CAMELLIA:EDH+aRSA\n"
        + "  Outbound SMTP method:  sslv3tlsv1\n  Outbound SMTP ciphers: RC4-SHA:RC4-MD5:ALL\n";
    Map<String, String> s = SslConfig.settings(after);
    assertEquals("tlsv1", s.get(SslConfig.INBOUND_METHOD));
    assertEquals("EDH+CAMELLIA:EDH+aRSA", s.get(SslConfig.INBOUND_CIPHERS));
  }

  @Test
  void aScreenWithoutTheBlockIsNotSslconfig() {
    assertThrows(IllegalArgumentException.class,
        () -> SslConfig.settings("Unknown command or missing feature key: sslconfig\n> "));
    assertThrows(IllegalArgumentException.class, () -> SslConfig.settings(
        "sslconfig settings:\n  GUI HTTPS method:  tlsv1\n\n[]> "));
  }

  @Test
  void countsTheCiphersVerifyLists() {
    String listed = """
        DHE-RSA-CAMELLIA256-SHA SSLv3 Kx=DH       Au=RSA  Enc=Camellia(256) Mac=SHA1
        DHE-RSA-AES128-GCM-SHA256 TLSv1.2 Kx=DH   Au=RSA  Enc=AESGCM(128) Mac=AEAD
        AES128-SHA              SSLv3 Kx=RSA      Au=RSA  Enc=AES(128)  Mac=SHA1

        Choose the operation you want to perform:
        []>\s""";
    assertEquals(3, SslConfig.verifiedCiphers(listed));
    assertEquals(0, SslConfig.verifiedCiphers("Error: no cipher matches 'FOO'.\n[]> "));
  }
}
