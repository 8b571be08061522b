package dev.mailharden.cli;

import dev.mailharden.core.plan.DhGroupStore;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate a DH group now (openssl dhparam) and keep it for later applies."
        + " Its time is luck: seconds to minutes for 2048 bits, longer for 3072 and 4096.")
final class DhGenerateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(names = "--bits", paramLabel = "N", defaultValue = "2048",
      description = "Size of the prime: 2048 (default), 3072 or 4096.")
  int bits;

  @Override
  public Integer call() {
    if (bits != 2048 && bits != 3072 && bits != 4096) {
      throw new ParameterException(spec.commandLine(), "--bits must be 2048, 3072 or 4096");
    }
    DhGroupStore store = DhGroupStore.standard();
    spec.commandLine().getErr().println("generating a " + bits + "-bit DH group ...");
    long start = System.nanoTime();
    DhGroupStore.Group g = store.generate(bits);
    spec.commandLine().getOut().println(g.file() + "  (" + g.bits() + " bits, "
        + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s)");
    return ExitCodes.OK;
  }
}
