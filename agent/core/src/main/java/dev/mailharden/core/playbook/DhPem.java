package dev.mailharden.core.playbook;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.spec.DHParameterSpec;

/** A PEM "DH PARAMETERS" block, as {@code openssl dhparam} writes it, checked by the JDK. */
public record DhPem(String block, int bits) {

  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN DH PARAMETERS-----([A-Za-z0-9+/=\\s]+)-----END DH PARAMETERS-----");

  /**
   * The first DH PARAMETERS block of {@code text} (comments around it dropped).
   *
   * @throws IllegalArgumentException when there is none or it does not decode as DH parameters
   */
  public static DhPem parse(String text) {
    Matcher m = BLOCK.matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no BEGIN DH PARAMETERS block");
    }
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("DH");
      params.init(Base64.getMimeDecoder().decode(m.group(1)));
      return new DhPem(m.group(), params.getParameterSpec(DHParameterSpec.class).getP()
          .bitLength());
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
