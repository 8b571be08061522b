package dev.mailharden.modules.asyncos;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.plan.ModuleData;
import dev.mailharden.core.playbook.TlsProtocol;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AsyncOS version rules from {@code mailharden/asyncos/settings.yaml}: which method menu a
 * version shows (numbers, tokens, protocols), whether its commit asks about rollback, and
 * the inbound/outbound protocol floors.
 */
final class AsyncOsRules {

  /** One entry of a method menu. */
  record Method(int number, String label, String shows, List<TlsProtocol> protocols) {
    boolean hasSsl() {
      return protocols.contains(TlsProtocol.SSLv2) || protocols.contains(TlsProtocol.SSLv3);
    }

    TlsProtocol lowest() {
      return protocols.get(0);
    }
  }

  /** The sslconfig dialogue of one AsyncOS generation. */
  record Menu(String generation, List<Method> methods, boolean commitAsksRollback) {
    Optional<Method> byToken(String shows) {
      return methods.stream().filter(m -> m.shows().equalsIgnoreCase(shows)).findFirst();
    }

    boolean offers(TlsProtocol p) {
      return methods.stream().anyMatch(m -> m.protocols().contains(p));
    }

    /**
     * The widest method with no SSL and nothing below {@code floor}; empty when the
     * version has none (then the setting is left alone and a note says why).
     */
    Optional<Method> widestFrom(TlsProtocol floor) {
      return methods.stream().filter(m -> !m.hasSsl() && m.lowest().compareTo(floor) >= 0)
          .max(java.util.Comparator.comparingInt((Method m) -> m.protocols().size())
              .thenComparing(m -> m.protocols().get(m.protocols().size() - 1)));
    }
  }

  private final ModuleData data = ModuleData.of(AsyncOsRules.class, "asyncos");

  List<String> networkOs() throws BadInputException {
    return data.texts("network_os", Map.of());
  }

  List<Integer> ports() throws BadInputException {
    return data.texts("ports", Map.of()).stream().map(Integer::parseInt).toList();
  }

  Menu menu(String version) throws BadInputException {
    List<ModuleData.Setting> menus = data.settings("menus", version, Map.of());
    if (menus.isEmpty()) {
      throw new IllegalStateException("settings.yaml has no sslconfig menu for AsyncOS "
          + version);
    }
    ModuleData.Setting s = menus.get(0);
    List<Method> methods = new java.util.ArrayList<>();
    for (Object o : (List<?>) s.extra().get("methods")) {
      Map<?, ?> m = (Map<?, ?>) o;
      methods.add(new Method((Integer) m.get("number"), (String) m.get("label"),
          (String) m.get("shows"), ((List<?>) m.get("protocols")).stream()
          .map(p -> TlsProtocol.byLabel(String.valueOf(p)).orElseThrow(() ->
              new IllegalStateException("settings.yaml: unknown protocol " + p))).toList()));
    }
    return new Menu(s.name(), methods, Boolean.TRUE.equals(s.extra().get("commit_asks_rollback")));
  }

  /** The floor named {@code inbound} or {@code outbound} for this version. */
  TlsProtocol floor(String direction, String version) throws BadInputException {
    TlsProtocol floor = TlsProtocol.SSLv2;
    for (ModuleData.Setting s : data.settings("floors", version, Map.of())) {
      if (s.name().equals(direction)) {
        floor = TlsProtocol.byLabel(String.valueOf(s.extra().get("min_protocol")))
            .orElseThrow();
      }
    }
    return floor;
  }
}
