package dev.mailharden.core.playbook;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.InventoryHost;
import dev.mailharden.core.yaml.Origin;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One play: which hosts, which profile, and the per-host values as Jinja templates. */
public record Play(String name, String hosts, Profile profile, Map<String, Template> vars,
    Origin origin) {

  /** The variables every play must give, rendered per host. */
  public static final List<String> REQUIRED = List.of("roles", "dh_file");
  /**
   * Variables a play may give: a server certificate and key on the host for every product
   * (both or neither; empty: each product keeps the certificate it serves), and how the MTA
   * presents itself when sending: the HELO name and a client certificate and key on the host
   * (both or neither). Empty means "leave it".
   */
  public static final List<String> OPTIONAL = List.of("tls_cert", "tls_key", "helo_name",
      "client_cert", "client_key");

  /** A play variable as written, with where it was written. */
  public record Template(Object value, Origin origin) {}

  /** Renders the play's values with the host's inventory variables, as Ansible would. */
  public HostValues valuesFor(InventoryHost host) throws BadInputException {
    Map<String, Object> context = new HashMap<>(host.vars());
    context.put("inventory_hostname", host.name());
    context.put("group_names", host.groups());
    Map<String, String> rendered = new HashMap<>();
    for (String key : concat(REQUIRED, OPTIONAL)) {
      Template t = vars.get(key);
      if (t == null) {
        rendered.put(key, "");
        continue;
      }
      Object v = t.value();
      // A YAML list of roles is fine as is; strings are templates.
      String text = v instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf)
          .toList()) : String.valueOf(v);
      rendered.put(key, Templates.render(text, context, t.origin()).strip());
    }
    Set<String> roles = new LinkedHashSet<>();
    for (String r : Arrays.asList(rendered.get("roles").split("[,\\s]+"))) {
      if (r.isEmpty()) {
        continue;
      }
      if (!HostValues.ROLES.contains(r)) {
        throw vars.get("roles").origin().error("host " + host.name() + ": unknown role '" + r
            + "' (mta, msa, smtps, mda)");
      }
      roles.add(r);
    }
    for (List<String> pair : List.of(List.of("tls_cert", "tls_key"),
        List.of("client_cert", "client_key"))) {
      if (rendered.get(pair.get(0)).isEmpty() != rendered.get(pair.get(1)).isEmpty()) {
        String given = rendered.get(pair.get(0)).isEmpty() ? pair.get(1) : pair.get(0);
        throw vars.get(given).origin().error("host " + host.name() + ": " + given
            + " needs its pair (" + pair.get(0) + " and " + pair.get(1) + " go together)");
      }
    }
    for (String path : List.of("tls_cert", "tls_key", "dh_file", "client_cert", "client_key")) {
      if (!rendered.get(path).startsWith("/") && !(OPTIONAL.contains(path)
          && rendered.get(path).isEmpty())) {
        throw vars.get(path).origin().error("host " + host.name() + ": " + path
            + " must be an absolute path on the host, got '" + rendered.get(path) + "'");
      }
    }
    return new HostValues(rendered.get("tls_cert"), rendered.get("tls_key"), roles,
        rendered.get("dh_file"), rendered.get("helo_name"), rendered.get("client_cert"),
        rendered.get("client_key"));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
