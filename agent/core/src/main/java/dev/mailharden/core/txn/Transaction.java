package dev.mailharden.core.txn;

import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.RemoteShell;
import dev.mailharden.core.connect.Shell;
import dev.mailharden.core.plan.FileChange;
import dev.mailharden.core.plan.HostPlan;
import dev.mailharden.core.plan.ModulePlan;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one host's plan: back up every file it touches (in a root-only run directory on
 * the host, never beside the live file where include globs could read it), write each file
 * atomically with its owner, group and mode, validate with the products' own checkers,
 * then reload (or restart) each changed service once and run the products' checks on it. A
 * failed write or validation restores the backups before anything is reloaded; a failed
 * reload, restart or check restores them and brings the services back on the old files.
 */
public final class Transaction {

  /** Root-only home of each run's backups and manifest on the host. */
  public static final String HOST_DIR = "/var/lib/mailharden/runs";
  private static final Duration DH_TIMEOUT = Duration.ofMinutes(20);

  private final RemoteShell host;
  private final HostPlan plan;
  private final String runDir;
  private final List<String> steps = new ArrayList<>();

  public Transaction(RemoteShell host, HostPlan plan, String runId) {
    this.host = host;
    this.plan = plan;
    this.runDir = HOST_DIR + "/" + runId;
  }

  public ApplyResult apply() throws ConnectionException {
    if (!plan.changed()) {
      return result(ApplyResult.Status.OK, "");
    }
    ExecResult prepared = host.exec("umask 077 && mkdir -p " + Shell.quote(runDir) + " && chmod 700 "
        + Shell.quote(HOST_DIR) + " " + Shell.quote(runDir));
    if (!prepared.ok()) {
      return result(ApplyResult.Status.FAILED, "cannot create " + runDir + ": "
          + prepared.stderr().strip());
    }
    if (plan.dhGeneration().isPresent()) {
      HostPlan.DhGeneration dh = plan.dhGeneration().get();
      steps.add("generate " + dh.bits() + "-bit DH parameters in " + dh.path()
          + " (" + dh.reason() + ")");
      ExecResult gen = host.exec(backup(dh.path()) + "mkdir -p -m 755 \"$(dirname " + Shell.quote(dh.path())
          + ")\" && openssl dhparam -out " + Shell.quote(dh.path() + ".mailharden-new") + " "
          + dh.bits() + " 2>/dev/null && chmod 644 " + Shell.quote(dh.path() + ".mailharden-new")
          + " && mv -f " + Shell.quote(dh.path() + ".mailharden-new") + " " + Shell.quote(dh.path()), DH_TIMEOUT);
      if (!gen.ok()) {
        return restoreAfter("DH generation", gen);
      }
    }
    List<FileChange> changes = plan.changes();
    if (!changes.isEmpty()) {
      StringBuilder write = new StringBuilder("set -e\n");
      for (FileChange c : changes) {
        steps.add((c.creates() ? "create " : "write ") + c.path());
        write.append(backup(c.path())).append(atomicWrite(c));
      }
      ExecResult w = host.exec(write.toString());
      if (!w.ok()) {
        return restoreAfter("write", w);
      }
    }
    for (ModulePlan m : plan.modules()) {
      for (String check : m.changed() ? m.validate() : List.<String>of()) {
        steps.add("validate " + m.product() + ": " + check);
        ExecResult v = host.exec(check);
        if (!v.ok()) {
          return restoreAfter("validation (" + check + ")", v);
        }
      }
    }
    Map<String, Boolean> services = servicesToRestart();
    for (Map.Entry<String, Boolean> s : services.entrySet()) {
      String action = s.getValue() ? "restart " : "reload ";
      steps.add(action + s.getKey());
      ExecResult r = host.exec(serviceCommand(s.getKey(), s.getValue()));
      if (!r.ok()) {
        return restoreAndRestart(action + s.getKey(), r, services);
      }
      for (String check : verifyChecks(s.getKey())) {
        steps.add("verify " + s.getKey() + ": " + check);
        ExecResult v = host.exec(check);
        if (!v.ok()) {
          return restoreAndRestart("verify (" + check + ")", v, services);
        }
      }
    }
    return result(ApplyResult.Status.CHANGED, "");
  }

  /**
   * Services whose config changed (all of them when the DH parameters changed), each with
   * whether it needs a full restart rather than a reload.
   */
  private Map<String, Boolean> servicesToRestart() {
    boolean dhChanged = plan.dhGeneration().isPresent() || plan.modules().stream()
        .anyMatch(m -> m.service() == null && m.changed());
    Map<String, Boolean> services = new LinkedHashMap<>();
    for (ModulePlan m : plan.modules()) {
      if (m.service() != null && (m.changed() || dhChanged)) {
        services.merge(m.service(), m.changed() && m.restart(), Boolean::logicalOr);
      }
    }
    return services;
  }

  private List<String> verifyChecks(String service) {
    return plan.modules().stream().filter(m -> service.equals(m.service()))
        .flatMap(m -> m.verify().stream()).toList();
  }

  /**
   * Through the init system, its output kept in the run directory: a daemon that inherits
   * the session's descriptors would otherwise hold the SSH command open (Dovecot does).
   */
  private String serviceCommand(String service, boolean restart) {
    String init = plan.facts().initSystem();
    String log = Shell.quote(runDir + "/" + service + ".log");
    return (restart ? InitSystem.restart(init, service) : InitSystem.reload(init, service))
        + " </dev/null >" + log + " 2>&1 || { cat " + log + " >&2; exit 1; }";
  }

  /** Restores the files, then brings every touched service back on them the same way. */
  private ApplyResult restoreAndRestart(String step, ExecResult failure,
      Map<String, Boolean> services) throws ConnectionException {
    ApplyResult failed = restoreAfter(step, failure);
    services.forEach((service, restart) -> {
      try {
        ExecResult r = host.exec(serviceCommand(service, restart));
        if (!r.ok()) {
          steps.add((restart ? "restart" : "reload") + " of " + service
              + " after restore failed: " + (r.stderr() + r.stdout()).strip());
        }
      } catch (ConnectionException e) {
        steps.add((restart ? "restart" : "reload") + " of " + service
            + " after restore failed: " + e.getMessage());
      }
    });
    return failed;
  }

  /** Restores every file this run touched, then reports the step that failed. */
  private ApplyResult restoreAfter(String step, ExecResult failure) throws ConnectionException {
    String why = step + " failed (exit " + failure.exitStatus()
        + (failure.timedOut() ? ", timed out" : "") + "): "
        + (failure.stderr() + failure.stdout()).strip();
    ExecResult restored = host.exec(restoreScript());
    if (!restored.ok()) {
      steps.add("RESTORE FAILED: " + restored.stderr().strip());
      return result(ApplyResult.Status.FAILED, why + "; restoring the previous files ALSO"
          + " failed: backups are in " + runDir + " on the host");
    }
    steps.add("restored the previous files from " + runDir);
    return result(ApplyResult.Status.ROLLED_BACK, why);
  }

  /**
   * Replays the manifest backwards: each backed-up file is copied back (owner, group and
   * mode kept) and renamed into place; each file the run created is removed.
   */
  private String restoreScript() {
    String m = Shell.quote(runDir + "/manifest");
    return "[ -f " + m + " ] || exit 0; tac " + m + " | while IFS='|' read -r kind key path; do "
        + "case \"$kind\" in "
        + "backup) cp -p " + Shell.quote(runDir) + "/\"$key\" \"$path.mailharden-restore\" && "
        + "mv -f \"$path.mailharden-restore\" \"$path\" || exit 1;; "
        + "created) rm -f \"$path\";; esac; done";
  }

  /** Records the file in the manifest and keeps a copy, once per run. */
  private String backup(String path) {
    String key = path.replace("%", "%25").replace("/", "%2F");
    String m = Shell.quote(runDir + "/manifest");
    return "if ! grep -q " + Shell.quote("|" + key + "|") + " " + m + " 2>/dev/null; then "
        + "if [ -f " + Shell.quote(path) + " ]; then cp -p " + Shell.quote(path) + " " + Shell.quote(runDir + "/" + key)
        + " && echo " + Shell.quote("backup|" + key + "|" + path) + " >> " + m + "; "
        + "else echo " + Shell.quote("created|" + key + "|" + path) + " >> " + m + "; fi; fi\n";
  }

  /** Temp file beside the target (same file system), metadata copied, fsync, rename. */
  private static String atomicWrite(FileChange c) {
    String p = Shell.quote(c.path());
    String tmp = Shell.quote(c.path() + ".mailharden-new");
    String b64 = Base64.getEncoder().encodeToString(c.after().getBytes(StandardCharsets.UTF_8));
    String dir = c.creates() ? "mkdir -p -m 755 \"$(dirname " + p + ")\"\n" : "";
    String meta = c.creates()
        ? "chown root:root " + tmp + "; chmod " + (c.mode() == null ? "644" : c.mode()) + " "
            + tmp + "\n"
        : "chown --reference=" + p + " " + tmp + "; chmod --reference=" + p + " " + tmp + "\n";
    return dir + "printf '%s' '" + b64 + "' | base64 -d > " + tmp + "\n" + meta
        + "sync " + tmp + "\nmv -f " + tmp + " " + p + "\n";
  }

  private ApplyResult result(ApplyResult.Status status, String failure) {
    return new ApplyResult(plan, status, steps, failure);
  }
}
