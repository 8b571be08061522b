package dev.mailharden.core.txn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TEST-ONLY hook for the fault-matrix lab test: holds the controller at a named step so that
 * the test can kill it, cut its SSH connection or edit a host's file at a known point.
 * Inert unless {@code MAILHARDEN_TEST_HOLD_AT} is set (never in real use): the first step
 * whose name starts with that value (or one of its {@code |}-separated values) is journaled, then {@code MAILHARDEN_TEST_HOLD_FILE}
 * {@code .held} is written with the step's name and the controller waits until
 * {@code MAILHARDEN_TEST_HOLD_FILE} exists (the test creates it to let the run go on).
 */
final class StepHold {

  private static final String AT = System.getenv("MAILHARDEN_TEST_HOLD_AT");
  private static final String FILE = System.getenv("MAILHARDEN_TEST_HOLD_FILE");
  private static boolean held;

  private StepHold() {}

  static void at(String step) {
    synchronized (StepHold.class) {
      if (AT == null || FILE == null || held
          || java.util.Arrays.stream(AT.split("\\|")).noneMatch(step::startsWith)) {
        return;
      }
      held = true;
    }
    Path release = Path.of(FILE);
    try {
      Files.writeString(Path.of(FILE + ".held"), step);
      while (!Files.exists(release)) {
        Thread.sleep(50);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
