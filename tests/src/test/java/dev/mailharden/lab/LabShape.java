package dev.mailharden.lab;

/**
 * How a lab host's configuration looks at start: Debian's stock files, or the way
 * administrators leave them ({@code tests/lab/flavors/FLAVOR/admin-shape.sh}: a Dovecot
 * local.conf, master.cf services with their own {@code -o} options, an Exim conf.d/main file
 * of the admin's, Cyrus per-service keys), passed to lab-start as {@code LAB_SHAPE}.
 */
public enum LabShape {
  STOCK,
  ADMIN;

  /** The value of LAB_SHAPE lab-start understands. */
  public String env() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
