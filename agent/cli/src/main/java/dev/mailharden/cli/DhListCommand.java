package dev.mailharden.cli;

import dev.mailharden.core.plan.DhGroupStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List the kept DH groups, newest first: size, age and file.")
final class DhListCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DhGroupStore store = DhGroupStore.standard();
    List<DhGroupStore.Group> groups = store.all();
    if (groups.isEmpty()) {
      out.println("no DH groups kept in " + store.dir());
    }
    Instant now = Instant.now();
    for (DhGroupStore.Group g : groups) {
      out.println(g.bits() + " bits  " + g.created() + "  (" + g.age(now).toDays()
          + " days old)  " + g.file());
    }
    return ExitCodes.OK;
  }
}
