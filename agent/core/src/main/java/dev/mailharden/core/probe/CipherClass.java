package dev.mailharden.core.probe;

/** Weak kinds of cipher suite that a policy can forbid. */
public enum CipherClass {
  NULL, ANON, EXPORT, RC4, DES, TRIPLE_DES, MD5
}
