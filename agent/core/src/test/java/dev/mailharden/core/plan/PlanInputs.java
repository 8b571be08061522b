package dev.mailharden.core.plan;

import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Profile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a module's {@link PlanInput} from real config files, for module unit tests. */
public final class PlanInputs {

  /** The repository's profiles, seen from a module's directory (Maven's test cwd). */
  public static final Path PROFILES = Path.of("../../playbooks/profiles");
  public static final HostValues LAB_VALUES = new HostValues(
      "/etc/ssl/certs/ssl-cert-snakeoil.pem", "/etc/ssl/private/ssl-cert-snakeoil.key",
      Set.of("mta", "msa", "mda"), "/etc/ssl/mailharden/dhparams.pem");

  private PlanInputs() {}

  public static Profile profile(String name) {
    try {
      return Profile.load(PROFILES.resolve(name + ".yml"));
    } catch (dev.mailharden.core.BadInputException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code files} maps a host path to a test resource file holding its content. */
  public static PlanInput of(ProductFact fact, String profile, HostValues values,
      Map<String, Path> files) {
    Map<String, RemoteFile> remote = new LinkedHashMap<>();
    files.forEach((hostPath, local) -> remote.put(hostPath,
        new RemoteFile(hostPath, read(local), "644", "root", "root")));
    HostFacts host = new HostFacts("mx1.example.test", "192.0.2.25", "debian", "13", "Debian", "sysvinit",
        List.of(fact), List.of());
    return new PlanInput(fact, host, profile(profile), values, remote);
  }

  /** The same input with each planned file replaced by its planned content: the second run. */
  public static PlanInput afterApplying(PlanInput in, ModulePlan plan) {
    Map<String, RemoteFile> remote = new LinkedHashMap<>(in.files());
    for (FileChange c : plan.changes()) {
      remote.put(c.path(), new RemoteFile(c.path(), c.after(), "644", "root", "root"));
    }
    return new PlanInput(in.fact(), in.host(), in.profile(), in.values(), remote);
  }

  public static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
