package dev.mailharden.core.plan;

import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.playbook.HostValues;
import dev.mailharden.core.playbook.Profile;
import java.util.Map;

/** Everything a module's plan may look at: pure data, already read from the host. */
public record PlanInput(ProductFact fact, HostFacts host, Profile profile, HostValues values,
    Map<String, RemoteFile> files) {

  public RemoteFile file(String path) {
    RemoteFile f = files.get(path);
    if (f == null) {
      throw new IllegalStateException(path + " was not read from " + host.host()
          + " (the module did not list it in configFiles)");
    }
    return f;
  }
}
