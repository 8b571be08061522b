package dev.mailharden.core.playbook;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.InventoryHost;
import dev.mailharden.core.yaml.Origin;
import dev.mailharden.core.yaml.VaultValue;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

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

  private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
  private static final Pattern HOST_NAME = Pattern.compile(
      "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

  /** A play variable as written, with where it was written. */
  public record Template(Object value, Origin origin) {}

  /**
   * Renders the play's values with the host's inventory variables, as Ansible would. Vault
   * values are decrypted only when a template of the play names them.
   */
  public HostValues valuesFor(InventoryHost host) throws BadInputException {
    StringBuilder templates = new StringBuilder();
    for (Template t : vars.values()) {
      templates.append(t.value()).append('\n');
    }
    Map<String, Object> context = new HashMap<>(host.vars());
    for (Map.Entry<String, Object> var : host.vars().entrySet()) {
      if (var.getValue() instanceof VaultValue vaulted
          && templates.indexOf(var.getKey()) >= 0) {
        context.put(var.getKey(), vaulted.reveal());
      }
    }
    context.put("inventory_hostname", host.name());
    context.put("group_names", host.groups());
    Map<String, String> rendered = new HashMap<>();
    for (String key : concat(REQUIRED, OPTIONAL)) {
      Template t = vars.get(key);
      if (t == null) {
        rendered.put(key, "");
        continue;
      }
      Object v = t.value() instanceof VaultValue vaulted ? vaulted.reveal() : t.value();
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
      String value = rendered.get(path);
      if (!value.startsWith("/") && !(OPTIONAL.contains(path) && value.isEmpty())) {
        throw vars.get(path).origin().error("host " + host.name() + ": " + path
            + " must be an absolute path on the host, got '" + printable(value) + "'");
      }
      // A newline would add a line of its own to the configuration the path is written in.
      if (CONTROL.matcher(value).find()) {
        throw vars.get(path).origin().error("host " + host.name() + ": " + path + " '"
            + printable(value) + "' holds a control character");
      }
    }
    String helo = rendered.get("helo_name");
    if (!helo.isEmpty() && !(HOST_NAME.matcher(helo).matches() && helo.length() <= 253)) {
      throw vars.get("helo_name").origin().error("host " + host.name() + ": helo_name '"
          + printable(helo) + "' is not a host name (letters, digits and inner hyphens,"
          + " labels of 1-63 separated by dots)");
    }
    return new HostValues(rendered.get("tls_cert"), rendered.get("tls_key"), roles,
        rendered.get("dh_file"), rendered.get("helo_name"), rendered.get("client_cert"),
        rendered.get("client_key"));
  }

  /** {@code s} on one line: control characters as Java escapes. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    s.codePoints().forEach(c -> b.append(c == '\n' ? "\\n" : c == '\r' ? "\\r"
        : c == '\t' ? "\\t" : Character.isISOControl(c) ? String.format("\\u%04x", c)
        : Character.toString(c)));
    return b.toString();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new java.util.ArrayList<>(a);
    all.addAll(b);
    return all;
  }
}
