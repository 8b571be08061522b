package dev.mailharden.core.probe;

/** Weak kinds of cipher suite that a policy can forbid. */
public enum CipherClass {
  NULL, ANON, EXPORT, RC4, DES, TRIPLE_DES, MD5;

  /** Accepts the enum name or the usual spelling ("3DES", "anon"). */
  public static CipherClass parse(String text) {
    String t = text.strip().toUpperCase(java.util.Locale.ROOT);
    return t.equals("3DES") ? TRIPLE_DES : valueOf(t);
  }
}
