package dev.mailharden.cli;

import dev.mailharden.core.txn.RunJournal;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "List past apply runs (newest last) with each host's outcome; an"
        + " 'incomplete' host was interrupted and can be restored with `mailharden rollback`.")
final class RunsCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Path dir = RunJournal.runsDir();
    List<String> ids;
    try (Stream<Path> s = Files.isDirectory(dir) ? Files.list(dir) : Stream.empty()) {
      ids = s.filter(p -> Files.exists(p.resolve("run.json")))
          .map(p -> p.getFileName().toString()).sorted().toList();
    }
    if (ids.isEmpty()) {
      out.println("no runs in " + dir);
      return ExitCodes.OK;
    }
    for (String id : ids) {
      RunJournal j = RunJournal.open(id);
      out.println(id + "  " + j.meta().get("playbook") + "  " + j.hosts().stream()
          .map(h -> h + "=" + j.status(h)).collect(Collectors.joining(" ")));
    }
    return ExitCodes.OK;
  }
}
