package dev.mailharden.modules.asyncos;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The screens of AsyncOS {@code sslconfig}: the settings block it prints on entry (and after
 * each edit) and the cipher list {@code VERIFY} prints.
 *
 * <pre>
 * sslconfig settings:
 *   GUI HTTPS method:  sslv3tlsv1
 *   GUI HTTPS ciphers: RC4-SHA:RC4-MD5:ALL
 *   Inbound SMTP method:  sslv3tlsv1
 *   ...
 * </pre>
 */
public final class SslConfig {

  public static final String INBOUND_METHOD = "Inbound SMTP method";
  public static final String INBOUND_CIPHERS = "Inbound SMTP ciphers";
  public static final String OUTBOUND_METHOD = "Outbound SMTP method";
  public static final String OUTBOUND_CIPHERS = "Outbound SMTP ciphers";

  private static final Pattern SETTING = Pattern.compile("^\\s+([A-Za-z][A-Za-z ]*?):\\s+(\\S.*?)\\s*$");
  /** An OpenSSL cipher description line: name, protocol, Kx=..., as VERIFY lists them. */
  private static final Pattern CIPHER_LINE =
      Pattern.compile("(?m)^\\s*(\\S+)\\s+(SSLv3|TLSv1(?:\\.[0-3])?)\\s+Kx=");

  private SslConfig() {}

  /**
   * The settings of the last {@code sslconfig settings:} block on a screen, name to value in
   * screen order; throws when the screen has none (not the sslconfig screen).
   */
  public static Map<String, String> settings(String screen) {
    int at = screen.lastIndexOf("sslconfig settings:");
    if (at < 0) {
      throw new IllegalArgumentException("no 'sslconfig settings:' block on the screen");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : screen.substring(at).split("\n")) {
      if (line.startsWith("sslconfig settings:")) {
        continue;
      }
      Matcher m = SETTING.matcher(line);
      if (!m.matches()) {
        break;
      }
      out.put(m.group(1), m.group(2));
    }
    for (String needed : new String[] {INBOUND_METHOD, INBOUND_CIPHERS, OUTBOUND_METHOD,
        OUTBOUND_CIPHERS}) {
      if (!out.containsKey(needed)) {
        throw new IllegalArgumentException("the sslconfig settings block lacks '" + needed
            + "': " + out.keySet());
      }
    }
    return out;
  }

  /** How many ciphers a {@code VERIFY} screen lists: none means the string is refused. */
  public static int verifiedCiphers(String screen) {
    Matcher m = CIPHER_LINE.matcher(screen);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
