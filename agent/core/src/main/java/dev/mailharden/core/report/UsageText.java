package dev.mailharden.core.report;

import dev.mailharden.core.usage.ClientUsage;
import dev.mailharden.core.usage.HostUsage;
import dev.mailharden.core.usage.TlsUsage;
import dev.mailharden.core.usage.UsageImpact;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mail-log usage of a host as text tables, and as plain maps for JSON. */
public final class UsageText {

  private UsageText() {}

  /** Every client seen: port, address, HELO names, TLS version and suite, sessions, last seen. */
  public static String usage(String host, TlsUsage u) {
    StringBuilder b = new StringBuilder(host).append(": ").append(u.linesUsed())
        .append(" log lines since ").append(u.since()).append(" from ")
        .append(u.sources().isEmpty() ? "no log (none found)" : String.join(", ", u.sources()))
        .append('\n');
    if (u.clients().isEmpty()) {
      return b.append("  no mail sessions logged\n").toString();
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PORT", "CLIENT", "HELO", "TLS", "CIPHER", "SESSIONS", "LAST SEEN"});
    for (ClientUsage c : u.clients()) {
      rows.add(row(c));
    }
    return b.append(indent(Table.format(rows))).toString();
  }

  /** Who the profile would refuse, or a line saying nobody in the logs would be. */
  public static String impact(String host, HostUsage h) {
    if (h.refusals().isEmpty()) {
      return host + ": " + h.profile() + " refuses none of the " + sessions(h.usage().clients())
          + " sessions logged since " + h.usage().since() + "\n";
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"PORT", "CLIENT", "HELO", "TLS", "CIPHER", "SESSIONS", "LAST SEEN",
        "WHY"});
    List<ClientUsage> refused = new ArrayList<>();
    for (UsageImpact.Refusal r : h.refusals()) {
      String[] base = row(r.client());
      String[] withWhy = java.util.Arrays.copyOf(base, base.length + 1);
      withWhy[base.length] = r.reason();
      rows.add(withWhy);
      refused.add(r.client());
    }
    return host + ": " + h.profile() + " would refuse " + refused.size() + " clients ("
        + sessions(refused) + " sessions since " + h.usage().since() + "):\n"
        + indent(Table.format(rows));
  }

  public static Map<String, Object> json(HostUsage h) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("since", h.usage().since().toString());
    m.put("sources", h.usage().sources());
    m.put("lines_used", h.usage().linesUsed());
    m.put("clients", h.usage().clients().stream().map(UsageText::json).toList());
    if (h.profile() != null) {
      m.put("profile", h.profile());
      m.put("refused", h.refusals().stream().map(r -> {
        Map<String, Object> c = json(r.client());
        c.put("reason", r.reason());
        return c;
      }).toList());
    }
    return m;
  }

  private static Map<String, Object> json(ClientUsage c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("product", c.product());
    m.put("port", c.port());
    m.put("address", c.address());
    m.put("helo", c.helos());
    m.put("tls", c.tls());
    m.put("protocol", c.protocol());
    m.put("cipher", c.cipher());
    m.put("auth_without_tls", c.authWithoutTls());
    m.put("sessions", c.count());
    m.put("last_seen", c.lastSeen().toString());
    return m;
  }

  private static String[] row(ClientUsage c) {
    return new String[] {String.valueOf(c.port()), c.address(), String.join(",", c.helos()),
        c.tls() ? c.protocol() : c.authWithoutTls() ? "none (login tried)" : "none",
        c.tls() ? c.cipher() : "-", String.valueOf(c.count()), c.lastSeen().toString()};
  }

  private static long sessions(List<ClientUsage> clients) {
    return clients.stream().mapToLong(ClientUsage::count).sum();
  }

  private static String indent(String table) {
    return table.lines().map(l -> "  " + l).reduce("", (a, l) -> a + l + "\n");
  }
}
