package dev.mailharden.core.txn;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import dev.mailharden.core.outbound.OutboundCheck;
import dev.mailharden.core.outbound.OutboundVerdict;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.HostPlan;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.playbook.Profile;
import dev.mailharden.core.probe.HybridGuard;
import dev.mailharden.core.probe.PolicyProbe;
import dev.mailharden.core.probe.PortPolicy;
import dev.mailharden.core.probe.ProbeOptions;
import dev.mailharden.core.probe.ServiceAnswers;
import dev.mailharden.core.usage.HostCiphers;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies one host's plan under the host's lock: back up every file it touches (in a
 * root-only run directory on the host, never beside the live file where include globs could
 * read it), write each file atomically with its owner, group and mode, validate with the
 * products' own checkers, ask each product for the value in force of every setting it owns
 * (it must be the planned one: no include or per-service key overrides the edit), reload
 * (or restart, for new listeners) each changed service once,
 * run the products' checks on the running service, wait until every port the change touched
 * answers with TLS again, probe those ports against the profile (where it sets a cipher list,
 * no suite outside it as the host's openssl expands it) and check the certificate each
 * serves ({@link CertificateVerdict}). Any failed step restores the exact prior files,
 * reloads what was reloaded and checks the services answer again: the host ends
 * {@code rolled_back}. Each step is journaled on the controller before it is taken.
 */
public final class Transaction {

  /** How long a reloaded service may take to answer with TLS again before it has failed. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);
  /** The write script's exit status when a file is not what the plan read. */
  private static final int CHANGED_SINCE_READ = 65;

  private final RemoteShell host;
  private final HostPlan plan;
  private final Profile profile;
  private final ProbeOptions probe;
  private final RunJournal journal;
  private final HostRunDir runDir;
  private final List<String> steps = new ArrayList<>();
  /** Who else hears of each step as it starts (a progress display); nobody by default. */
  private Consumer<String> onStep = step -> {};
  private Duration answerTimeout = ANSWER_TIMEOUT;
  /** Proves the sending side after the change (apply --outbound); none by default. */
  private OutboundCheck outbound;
  private boolean reloaded;
  /** The touched ports that answered before the change: what a rollback must bring back. */
  private List<Integer> answeringBefore = List.of();
  /** The post-quantum hybrid groups those ports accepted: the change must keep them. */
  private HybridGuard hybrids;
  /** The chain each of them served before the change: what they must serve after it. */
  private Map<Integer, List<X509Certificate>> servedBefore = Map.of();

  /** {@code profile} is what the touched ports are probed against once they answer. */
  public Transaction(RemoteShell host, HostPlan plan, Profile profile, ProbeOptions probe,
      RunJournal journal) {
    this.host = host;
    this.plan = plan;
    this.profile = profile;
    this.probe = probe;
    this.journal = journal;
    this.runDir = new HostRunDir(host, journal.id());
  }

  /** Also tells {@code listener} of each step as it starts, e.g. for a progress display. */
  public Transaction reportingTo(Consumer<String> listener) {
    this.onStep = listener;
    return this;
  }

  /** A shorter wait for silent services: the unit tests' hosts never come back. */
  Transaction answeringWithin(Duration timeout) {
    this.answerTimeout = timeout;
    return this;
  }

  /** After the ports' verdicts, also has each changed MTA send through {@code check}. */
  public Transaction checkingOutbound(OutboundCheck check) {
    this.outbound = check;
    return this;
  }

  public ApplyResult apply() throws ConnectionException {
    if (!plan.changed()) {
      return result(ApplyResult.Status.OK, "");
    }
    Optional<String> noInit = InitSystem.unsupported(plan.facts().initSystem());
    if (noInit.isPresent() && !servicesToRestart().isEmpty()) {
      return result(ApplyResult.Status.FAILED, noInit.get());
    }
    Optional<String> locked = runDir.lock();
    if (locked.isPresent()) {
      return result(ApplyResult.Status.FAILED, locked.get());
    }
    try {
      servedBefore = ServiceAnswers.servedNow(host.address(), portsToCheck());
      answeringBefore = List.copyOf(servedBefore.keySet());
      hybrids = HybridGuard.before(host.address(), answeringBefore, probe);
      journal.planned(plan, runDir.path(), servicesToRestart().entrySet().stream()
          .filter(Map.Entry::getValue).map(Map.Entry::getKey).toList(), answeringBefore);
      return applyLocked();
    } finally {
      runDir.unlock();
    }
  }

  private ApplyResult applyLocked() throws ConnectionException {
    List<FileChange> changes = plan.changes();
    if (!changes.isEmpty()) {
      StringBuilder write = new StringBuilder("set -e\n");
      // Files were read before the lock was taken: another admin's edit since then is kept.
      for (FileChange c : changes) {
        write.append(unchangedSinceRead(c));
      }
      for (FileChange c : changes) {
        write.append(runDir.backup(c.path()));
      }
      FileWrites writes = fileWrites(changes);
      begin("write " + String.join(", ", changes.stream().map(FileChange::path).toList()));
      ExecResult w = host.exec(write.append(writes.script()).toString(), writes.input());
      if (w.exitStatus() == CHANGED_SINCE_READ) {
        return result(ApplyResult.Status.FAILED, w.stderr().strip() + ": nothing was"
            + " written; plan again to include that change");
      }
      if (!w.ok()) {
        return rollBack("write", describe(w));
      }
    }
    for (ModulePlan m : plan.modules()) {
      for (String check : m.changed() ? m.validate() : List.<String>of()) {
        ExecResult v = step("validate " + m.product() + ": " + check, check, null);
        if (!v.ok()) {
          return rollBack("validation (" + check + ")", describe(v));
        }
      }
    }
    for (ModulePlan m : plan.modules()) {
      if (m.changed() && !m.effective().isEmpty()) {
        begin("ask " + m.product() + " for the values in force");
        Optional<String> differs = EffectiveCheck.differences(host, m);
        if (differs.isPresent()) {
          return rollBack("effective configuration check", differs.get());
        }
      }
    }
    reloaded = true;
    Map<String, Boolean> services = servicesToRestart();
    for (Map.Entry<String, Boolean> s : services.entrySet()) {
      String action = (s.getValue() ? "restart " : "reload ") + s.getKey();
      ExecResult r = step(action, serviceCommand(s.getKey(), s.getValue()), null);
      if (!r.ok()) {
        return rollBack(action, describe(r));
      }
      for (String check : verifyChecks(s.getKey())) {
        ExecResult v = step("verify " + s.getKey() + ": " + check, check, null);
        if (!v.ok()) {
          return rollBack("verify (" + check + ")", describe(v));
        }
      }
    }
    List<Integer> ports = portsToCheck();
    begin("check that ports " + ports + " answer with TLS");
    Optional<String> silent = ServiceAnswers.await(host.address(), ports, answerTimeout);
    if (silent.isPresent()) {
      return rollBack("service check", silent.get());
    }
    Map<Integer, Set<Integer>> allowed = allowedSuites(ports);
    for (int port : ports) {
      begin("probe port " + port + " against profile " + profile.name());
      List<String> failed = PolicyProbe.failures(host.address(), port, profile, probe,
          allowed.getOrDefault(port, Set.of()));
      if (!failed.isEmpty()) {
        return rollBack("probe verdict", host.address() + ":" + port + " "
            + String.join("; ", failed));
      }
      Optional<String> lostHybrid = hybrids.lost(port);
      if (lostHybrid.isPresent()) {
        return rollBack("probe verdict", host.address() + ":" + port + " " + lostHybrid.get());
      }
    }
    begin("check the certificates ports " + ports + " serve");
    List<String> certificates = CertificateVerdict.failures(servedBefore,
        ServiceAnswers.servedNow(host.address(), ports), plan.namedCertificate(),
        plan.facts().products().stream()
            .map(p -> p.details().getOrDefault("server_cert_sha256", "")).toList());
    if (!certificates.isEmpty()) {
      return rollBack("certificate verdict", host.address() + ": "
          + String.join("; ", certificates));
    }
    if (outbound != null) {
      Optional<String> failed = outboundVerdict();
      if (failed.isPresent()) {
        return rollBack("outbound verdict", failed.get());
      }
    }
    return result(ApplyResult.Status.CHANGED, "");
  }

  /** The changed MTAs send one message each; the first failed verdict, if any. */
  private Optional<String> outboundVerdict() throws ConnectionException {
    List<String> changed = plan.modules().stream().filter(ModulePlan::changed)
        .map(ModulePlan::product).toList();
    try {
      for (OutboundVerdict v : outbound.check(host, plan.facts().products().stream()
          .filter(p -> changed.contains(p.product())).toList(), profile, this::begin)) {
        steps.add(v.summary());
        if (!v.passed()) {
          return Optional.of(v.failures());
        }
      }
    } catch (BadInputException e) {
      return Optional.of(e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Per port whose profile service sets a cipher list and whose product takes OpenSSL cipher
   * strings: the suite codes that list allows, as the host's own openssl expands it (one
   * command for every list). A port whose product takes other strings (Exim's GnuTLS
   * priority strings) is not judged by the list, and the steps say so.
   */
  private Map<Integer, Set<Integer>> allowedSuites(List<Integer> ports)
      throws ConnectionException {
    Map<Integer, String> lists = new LinkedHashMap<>();
    for (ModulePlan m : plan.modules()) {
      for (int port : m.ports()) {
        String list = profile.service(PortPolicy.serviceOf(port)).ciphers();
        if (!ports.contains(port) || list.isEmpty() || lists.containsKey(port)) {
          continue;
        }
        if (m.opensslCipherLists()) {
          lists.put(port, list);
        } else {
          steps.add("port " + port + ": accepted suites not compared with the profile's cipher"
              + " list (" + m.product() + " takes " + (m.cipherLists().isEmpty() ? "no OpenSSL"
              : m.cipherLists()) + " cipher strings)");
        }
      }
    }
    if (lists.isEmpty()) {
      return Map.of();
    }
    begin("expand the profile's cipher lists with the host's openssl");
    Map<String, Set<Integer>> codes = HostCiphers.codes(host, lists.values());
    Map<Integer, Set<Integer>> out = new LinkedHashMap<>();
    lists.forEach((port, list) -> {
      if (codes.containsKey(list)) {
        out.put(port, codes.get(list));
      } else {
        steps.add("port " + port + ": accepted suites not compared with the profile's cipher"
            + " list (the host's openssl did not expand it)");
      }
    });
    return out;
  }

  /** Journals the step, then runs it (with the default deadline unless given one). */
  private ExecResult step(String what, String command, Duration timeout)
      throws ConnectionException {
    begin(what);
    return timeout == null ? host.exec(command) : host.exec(command, timeout);
  }

  /** A step starts: journaled first (so a killed run can be undone), then reported. */
  private void begin(String what) {
    journal.step(host.hostName(), what);
    StepHold.at(what);
    steps.add(what);
    onStep.accept(what);
  }

  /**
   * Services whose config changed (all of them when the DH parameters changed), each with
   * whether it needs a full restart rather than a reload.
   */
  private Map<String, Boolean> servicesToRestart() {
    boolean dhChanged = plan.modules().stream()
        .anyMatch(m -> m.service() == null && m.changed());
    Map<String, Boolean> services = new LinkedHashMap<>();
    for (ModulePlan m : plan.modules()) {
      if (m.service() != null && (m.changed() || dhChanged)) {
        services.merge(m.service(), m.changed() && m.restart(), Boolean::logicalOr);
      }
    }
    return services;
  }

  private String serviceCommand(String service, boolean restart) {
    return InitSystem.command(plan.facts().initSystem(), service, restart);
  }

  private List<String> verifyChecks(String service) {
    return plan.modules().stream().filter(m -> service.equals(m.service()))
        .flatMap(m -> m.verify().stream()).toList();
  }

  private List<Integer> portsToCheck() {
    Map<String, Boolean> touched = servicesToRestart();
    return plan.modules().stream().filter(m -> touched.containsKey(m.service()))
        .flatMap(m -> m.ports().stream()).distinct().toList();
  }

  /**
   * Restores every file this run touched; if services were reloaded, reloads them again and
   * checks they answer as before. Reports the step that failed and what is left where.
   */
  private ApplyResult rollBack(String failedStep, String reason) throws ConnectionException {
    String why = failedStep + " failed: " + reason;
    journal.step(host.hostName(), "restore after: " + why);
    onStep.accept("restoring after: " + failedStep + " failed");
    ExecResult restored = host.exec(runDir.restoreScript());
    if (!restored.ok()) {
      steps.add("RESTORE FAILED: " + restored.stderr().strip());
      return result(ApplyResult.Status.FAILED, why + "; restoring the previous files ALSO"
          + " failed (" + restored.stderr().strip() + "): backups and manifest are in "
          + runDir.path() + " on the host");
    }
    steps.add("restored the previous files from " + runDir.path());
    if (reloaded) {
      for (Map.Entry<String, Boolean> s : servicesToRestart().entrySet()) {
        ExecResult r = host.exec(serviceCommand(s.getKey(), s.getValue()));
        steps.add((s.getValue() ? "restart " : "reload ") + s.getKey()
            + " with the previous files" + (r.ok() ? "" : ": FAILED " + describe(r)));
      }
      Optional<String> silent = ServiceAnswers.await(host.address(), answeringBefore,
          answerTimeout);
      if (silent.isPresent()) {
        return result(ApplyResult.Status.FAILED, why + "; files restored but the service"
            + " still does not answer: " + silent.get());
      }
      steps.add("ports " + answeringBefore + " answer again as before");
    }
    return result(ApplyResult.Status.ROLLED_BACK, why);
  }

  private static String describe(ExecResult r) {
    return "exit " + r.exitStatus() + (r.timedOut() ? " (timed out)" : "") + ": "
        + (r.stderr() + r.stdout()).strip();
  }

  /** A script writing files and its standard input: each file's content, one line each. */
  record FileWrites(String script, byte[] input) {}

  /**
   * Each file written atomically, its content read from stdin (one base64 line per file, in
   * order; the shell's builtin {@code read} and {@code printf} keep it out of every argv).
   */
  static FileWrites fileWrites(List<FileChange> changes) {
    // A write that fails halfway (a full disk) leaves no half-written file beside the live one.
    StringBuilder script = new StringBuilder(
        "tmp=; trap '[ -z \"$tmp\" ] || rm -f \"$tmp\"' EXIT\n");
    StringBuilder input = new StringBuilder();
    for (FileChange c : changes) {
      script.append(atomicWrite(c));
      input.append(Base64.getEncoder().encodeToString(c.after().getBytes(
          StandardCharsets.UTF_8))).append('\n');
    }
    return new FileWrites(script.toString(), input.toString().getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Exits {@link #CHANGED_SINCE_READ}, naming the file, if it is no longer what the plan read
   * (or, for a file the run creates, exists now).
   */
  private static String unchangedSinceRead(FileChange c) {
    String p = Shell.quote(c.path());
    String test = c.creates() ? "[ ! -e " + p + " ] && [ ! -L " + p + " ]"
        : "[ \"$(sha256sum < " + p + " | cut -d' ' -f1)\" = " + RunJournal.sha256(c.before())
            + " ]";
    return test + " || { echo " + Shell.quote(c.path() + (c.creates() ? " was created"
        : " was changed") + " on the host since mailharden read it") + " >&2; exit "
        + CHANGED_SINCE_READ + "; }\n";
  }

  /**
   * Temp file beside the target (same file system), metadata copied, fsync, rename. A
   * symlinked file is written through to the file it points at: the link stays a link.
   */
  private static String atomicWrite(FileChange c) {
    String p = Shell.quote(c.path());
    String dir = c.creates() ? "mkdir -p -m 755 \"$(dirname " + p + ")\"\n" : "";
    String meta = c.creates()
        ? "chown root:root \"$tmp\"; chmod " + (c.mode() == null ? "644" : c.mode())
            + " \"$tmp\"\n"
        : "chown --reference=\"$t\" \"$tmp\"; chmod --reference=\"$t\" \"$tmp\"\n";
    return dir + "t=$(readlink -f " + p + "); tmp=\"$t.mailharden-new\"\n"
        + "IFS= read -r b64\nprintf '%s' \"$b64\" | base64 -d > \"$tmp\"\n" + meta
        + "sync \"$tmp\"\nmv -f \"$tmp\" \"$t\"\n";
  }

  private ApplyResult result(ApplyResult.Status status, String failure) {
    StepHold.at("outcome " + status);
    journal.outcome(host.hostName(), status.name().toLowerCase(java.util.Locale.ROOT), failure);
    return new ApplyResult(plan, status, steps, failure);
  }
}
