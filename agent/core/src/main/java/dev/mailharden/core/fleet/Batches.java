package dev.mailharden.core.fleet;

import dev.mailharden.core.BadInputException;

/** Ansible's {@code serial}: a batch size as a count or a percentage of the hosts. */
public final class Batches {

  private Batches() {}

  /** The batch size for {@code hosts} hosts; null or empty means all at once. */
  public static int parse(String serial, int hosts) throws BadInputException {
    if (serial == null || serial.isBlank()) {
      return Math.max(1, hosts);
    }
    try {
      if (serial.endsWith("%")) {
        int pct = Integer.parseInt(serial.substring(0, serial.length() - 1).strip());
        if (pct < 1 || pct > 100) {
          throw new NumberFormatException();
        }
        return Math.max(1, hosts * pct / 100);
      }
      int n = Integer.parseInt(serial.strip());
      if (n < 1) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new BadInputException("--serial", "expected a count (3) or a percentage (25%),"
          + " got '" + serial + "'");
    }
  }
}
