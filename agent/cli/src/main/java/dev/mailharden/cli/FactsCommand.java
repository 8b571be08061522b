package dev.mailharden.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "facts", description = "Detect OS, init system and mail products on each host.")
final class FactsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UnsupportedOperationException("facts: work in progress");
  }
}
