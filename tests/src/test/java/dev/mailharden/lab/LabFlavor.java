package dev.mailharden.lab;

import java.util.List;

/** The kinds of lab host, as built by tests/lab/build-image.sh (one folder each in flavors/). */
public enum LabFlavor {
  POSTFIX_DOVECOT("postfix-dovecot", List.of(25, 143, 110, 993, 995)),
  EXIM_CYRUS("exim-cyrus", List.of(25, 143, 110));

  private final String id;
  private final List<Integer> stockMailPorts;

  LabFlavor(String id, List<Integer> stockMailPorts) {
    this.id = id;
    this.stockMailPorts = stockMailPorts;
  }

  public String id() {
    return id;
  }

  /** The mail ports the stock Debian configuration serves on a fresh lab host. */
  public List<Integer> stockMailPorts() {
    return stockMailPorts;
  }

  public String image(String release) {
    return "mailharden-lab/" + id + ":" + release;
  }
}
