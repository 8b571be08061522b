package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import picocli.CommandLine;

/** Turns exceptions into one line for the user and the exit-code policy. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(
      Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
    cl.getErr().println("mailharden: " + (e.getMessage() == null ? e : e.getMessage()));
    return exitCode(e);
  }

  /** Bad input and every usage error (unknown option, bad value) are 2; the rest 1. */
  static int exitCode(Throwable e) {
    return e instanceof BadInputException || e instanceof CommandLine.ParameterException
        ? ExitCodes.BAD_INPUT : ExitCodes.HOST_FAILED;
  }
}
