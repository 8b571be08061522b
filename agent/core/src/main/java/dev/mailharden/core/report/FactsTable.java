package dev.mailharden.core.report;

import dev.mailharden.core.facts.HostFacts;
import dev.mailharden.core.fleet.HostOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The readable facts report: one row per host, then what is wrong with the certificates
 * they serve, then the reasons of those that failed.
 */
public final class FactsTable {

  private FactsTable() {}

  public static String render(List<HostOutcome<HostFacts>> outcomes) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"HOST", "STATUS", "OS", "INIT", "PRODUCTS",
        "MAIL PORTS (at its address)"});
    for (HostOutcome<HostFacts> o : outcomes) {
      String status = o.status().name().toLowerCase(Locale.ROOT);
      rows.add(o.result().map(f -> new String[] {
          o.host(), status, (f.osId() + " " + f.osVersion()).strip(), f.initSystem(),
          f.products().isEmpty() ? "-" : f.products().stream()
              .map(p -> p.product() + " " + p.version()).collect(Collectors.joining(", ")),
          f.portsAtAddress().isEmpty() ? "-" : f.portsAtAddress().stream()
              .map(String::valueOf).collect(Collectors.joining(" "))})
          .orElse(new String[] {o.host(), status, "", "", "", ""}));
    }
    StringBuilder b = new StringBuilder(Table.format(rows));
    for (HostOutcome<HostFacts> o : outcomes) {
      o.result().ifPresent(f -> f.certificateNotes().forEach(n ->
          b.append(o.host()).append(": certificate: ").append(n).append('\n')));
    }
    for (HostOutcome<HostFacts> o : outcomes) {
      if (o.status() != HostOutcome.Status.OK) {
        b.append('\n').append(o.message()).append('\n');
      }
    }
    return b.toString();
  }
}
