package dev.mailharden.core.txn;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.CliSession;
import dev.mailharden.core.connect.CliSession.Exchange;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.HostConnection;
import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.module.ApplianceModule;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.HostPlan;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanException;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.probe.PolicyProbe;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.probe.ServiceAnswers;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Facts, check and apply for an appliance driven through its CLI ({@link ApplianceModule}):
 * read the settings, plan the dialogue, walk it one prompt at a time, commit once, read the
 * settings back, probe the ports the settings govern (those that answered before), and on
 * any failure after the first answer walk back to the previous values and commit them. An
 * unexpected prompt before the commit aborts with nothing committed: the session is closed
 * and the appliance drops what was not committed. Each step is journaled before it is taken.
 */
public final class ApplianceRun {

  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final HostConnection host;
  private final ApplianceModule module;
  /** Who else hears of each step as it starts (a progress display); nobody by default. */
  private java.util.function.Consumer<String> onStep = step -> {};

  public ApplianceRun(HostConnection host, ApplianceModule module) {
    this.host = host;
    this.module = module;
  }

  /** Also tells {@code listener} of each apply step as it starts (a progress display). */
  public ApplianceRun reportingTo(java.util.function.Consumer<String> listener) {
    this.onStep = listener;
    return this;
  }

  /** The appliance as a host: its product and version, and the governed ports answering. */
  public HostFacts facts() throws ConnectionException {
    try (CliSession cli = host.openCli(module.promptEnd())) {
      return facts(module.detect(cli));
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** What apply would do: settings before and after, and the dialogue, as steps. */
  public ApplyResult check(Profile profile)
      throws ConnectionException, PlanException, BadInputException {
    try (CliSession cli = host.openCli(module.promptEnd())) {
      Planned p = plan(cli, profile);
      List<String> steps = new ArrayList<>();
      p.dialogue().forEach(e -> steps.add("would " + e));
      if (!p.dialogue().isEmpty()) {
        module.commit(p.fact(), comment("ID", profile)).forEach(e -> steps.add("would " + e));
      }
      return new ApplyResult(p.plan(), p.plan().changed() ? ApplyResult.Status.CHANGED
          : ApplyResult.Status.OK, steps, "");
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /**
   * Applies the profile, journaled in {@code journal}; the commit's comment names the run.
   * A host already as the profile wants gets no answer typed beyond reading.
   */
  public ApplyResult apply(Profile profile, ProbeOptions probe, RunJournal journal)
      throws ConnectionException, PlanException, BadInputException {
    try (CliSession cli = host.openCli(module.promptEnd())) {
      Planned p = plan(cli, profile);
      if (!p.plan().changed()) {
        journal.outcome(host.hostName(), "ok", "");
        return new ApplyResult(p.plan(), ApplyResult.Status.OK, List.of(), "");
      }
      List<Integer> answering = ServiceAnswers.answeringNow(host.address(),
          module.ports(p.fact()));
      journal.planned(p.plan(), "", List.of(), answering);
      journal.settings(host.hostName(), p.current(), p.wanted());
      return new Attempt(cli, p, profile, probe, journal, comment(journal.id(), profile),
          answering).run();
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /**
   * Puts the appliance back to its settings before a journaled run and commits them. Settings
   * someone changed since the run are not overwritten unless forced.
   */
  public Rollback.Result rollback(RunJournal journal, boolean force)
      throws ConnectionException {
    String name = host.hostName();
    Optional<RunJournal.SettingsRecord> rec = journal.settings(name);
    if (rec.isEmpty()) {
      return new Rollback.Result(name, false, List.of(), "run " + journal.id()
          + " recorded no appliance settings for this host: nothing to restore");
    }
    List<String> steps = new ArrayList<>();
    try (CliSession cli = host.openCli(module.promptEnd())) {
      ProductFact fact = module.detect(cli);
      Map<String, String> now = module.read(cli, fact);
      if (now.equals(rec.get().before())) {
        return new Rollback.Result(name, true, steps, "already as before run " + journal.id());
      }
      if (!now.equals(rec.get().after()) && !force) {
        return new Rollback.Result(name, false, steps, "settings changed since run "
            + journal.id() + ": " + differences(rec.get().after(), now)
            + "; not overwritten (--force restores anyway)");
      }
      journal.step(name, "rollback: restore the settings before the run and commit");
      cli.walk(module.change(fact, now, rec.get().before()));
      cli.walk(module.commit(fact, "mailharden rollback of run " + journal.id()));
      steps.add("restored and committed the settings before run " + journal.id());
      Map<String, String> back = module.read(cli, fact);
      if (!back.equals(rec.get().before())) {
        return new Rollback.Result(name, false, steps, "after the commit the appliance shows "
            + differences(rec.get().before(), back));
      }
      return new Rollback.Result(name, true, steps, "");
    } catch (IOException e) {
      throw lost(e);
    }
  }

  /** What the commit says, so the appliance's own history names the run. */
  private static String comment(String runId, Profile profile) {
    return "mailharden run " + runId + ": profile " + profile.name();
  }

  /** The settings now and wanted, as a host plan (a change of the module's settings). */
  private record Planned(ProductFact fact, Map<String, String> current,
      Map<String, String> wanted, List<Exchange> dialogue, HostPlan plan) {}

  private Planned plan(CliSession cli, Profile profile)
      throws ConnectionException, PlanException, BadInputException {
    ProductFact fact = module.detect(cli);
    Map<String, String> current = module.read(cli, fact);
    ApplianceModule.Target target = module.target(cli, fact, current, profile);
    Map<String, String> wanted = new java.util.LinkedHashMap<>(current);
    wanted.putAll(target.settings());
    // Shown by --diff as a/asyncos/settings -> b/asyncos/settings.
    FileChange settings = new FileChange("/" + module.name() + "/settings", render(current),
        render(wanted), null);
    ModulePlan m = new ModulePlan(module.name(), List.of(settings), List.of(), null, false,
        List.of(), module.ports(fact));
    HostPlan plan = new HostPlan(host.hostName(), facts(fact), List.of(m), target.notes(),
        List.of(), Optional.empty());
    return new Planned(fact, current, wanted, module.change(fact, current, wanted), plan);
  }

  /** One apply on an open session, with what a restore needs. */
  private final class Attempt {
    private final CliSession cli;
    private final Planned p;
    private final Profile profile;
    private final ProbeOptions probe;
    private final RunJournal journal;
    private final String comment;
    private final List<Integer> answering;
    private final List<String> steps = new ArrayList<>();

    Attempt(CliSession cli, Planned p, Profile profile, ProbeOptions probe, RunJournal journal,
        String comment, List<Integer> answering) {
      this.cli = cli;
      this.p = p;
      this.profile = profile;
      this.probe = probe;
      this.journal = journal;
      this.comment = comment;
      this.answering = answering;
    }

    ApplyResult run() throws ConnectionException {
      try {
        step("send the settings dialogue (" + p.dialogue().size() + " answers)");
        cli.walk(p.dialogue());
      } catch (CliSession.UnexpectedPromptException e) {
        return result(ApplyResult.Status.FAILED, e.getMessage()
            + "; aborted before commit: nothing was committed");
      }
      step("commit");
      try {
        cli.walk(module.commit(p.fact(), comment));
      } catch (CliSession.UnexpectedPromptException e) {
        return result(ApplyResult.Status.FAILED, e.getMessage() + "; the commit dialogue was"
            + " aborted: whether it committed shows in the appliance's settings (mailharden"
            + " rollback --run " + journal.id() + " restores the previous ones)");
      }
      step("read the settings back");
      Map<String, String> now = module.read(cli, p.fact());
      if (!now.equals(p.wanted())) {
        return restore("read back", "the appliance shows " + differences(p.wanted(), now));
      }
      for (int port : module.ports(p.fact())) {
        if (!answering.contains(port)) {
          steps.add("port " + port + " did not answer before the change: not probed");
          continue;
        }
        step("probe port " + port + " against profile " + profile.name());
        Optional<String> silent = ServiceAnswers.await(host.address(), List.of(port),
            ANSWER_TIMEOUT);
        if (silent.isPresent()) {
          return restore("service check", silent.get());
        }
        List<String> failed = PolicyProbe.failures(host.address(), port, profile, probe);
        if (!failed.isEmpty()) {
          return restore("probe verdict", host.address() + ":" + port + " "
              + String.join("; ", failed));
        }
      }
      return result(ApplyResult.Status.CHANGED, "");
    }

    /** Walks back to the previous settings and commits them; checks they read back. */
    private ApplyResult restore(String failedStep, String reason) throws ConnectionException {
      String why = failedStep + " failed: " + reason;
      step("restore the previous settings and commit, after: " + why);
      Map<String, String> now = module.read(cli, p.fact());
      List<Exchange> back = module.change(p.fact(), now, p.current());
      if (!back.isEmpty()) {
        cli.walk(back);
        cli.walk(module.commit(p.fact(), comment + " (restore)"));
      }
      Map<String, String> restored = module.read(cli, p.fact());
      if (!restored.equals(p.current())) {
        return result(ApplyResult.Status.FAILED, why + "; restoring ALSO failed: the"
            + " appliance shows " + differences(p.current(), restored));
      }
      steps.add("previous settings restored and committed");
      return result(ApplyResult.Status.ROLLED_BACK, why);
    }

    private void step(String what) {
      journal.step(host.hostName(), what);
      onStep.accept(what);
      steps.add(what);
    }

    private ApplyResult result(ApplyResult.Status status, String failure) {
      journal.outcome(host.hostName(), status.name().toLowerCase(Locale.ROOT), failure);
      return new ApplyResult(p.plan(), status, steps, failure);
    }
  }

  private HostFacts facts(ProductFact fact) {
    List<HostFacts.ListeningPort> listening = ServiceAnswers.answeringNow(host.address(),
        module.ports(fact)).stream().map(port -> new HostFacts.ListeningPort(host.address(),
        port)).toList();
    return new HostFacts(host.hostName(), host.address(), fact.product(), fact.version(),
        fact.details().getOrDefault("model", fact.product()), "-", List.of(fact), listening);
  }

  /** Settings as lines {@code name: value}, what the check-mode diff compares. */
  private static String render(Map<String, String> settings) {
    StringBuilder b = new StringBuilder();
    settings.forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
    return b.toString();
  }

  private static String differences(Map<String, String> wanted, Map<String, String> got) {
    List<String> d = new ArrayList<>();
    wanted.forEach((k, v) -> {
      if (!v.equals(got.get(k))) {
        d.add(k + " = " + got.get(k) + " (wanted " + v + ")");
      }
    });
    return d.isEmpty() ? "other settings than planned" : String.join(", ", d);
  }

  private ConnectionException lost(IOException e) {
    return new ConnectionException(host.hostName(), ConnectionException.Kind.CONNECTION_LOST,
        "closing the CLI session failed: " + e.getMessage(), e);
  }
}
