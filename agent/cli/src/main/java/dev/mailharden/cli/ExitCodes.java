package dev.mailharden.cli;

/** One exit-code policy for every subcommand. */
final class ExitCodes {
  static final int OK = 0;
  /** At least one host failed or was unreachable. */
  static final int HOST_FAILED = 1;
  /** Bad input (inventory, playbook, flags): nothing was changed on any host. */
  static final int BAD_INPUT = 2;

  private ExitCodes() {}
}
