package dev.mailharden.core.module;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.connect.CliSession;
import dev.mailharden.core.connect.CliSession.Exchange;
import dev.mailharden.core.connect.ConnectionException;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.plan.PlanException;
import dev.mailharden.core.playbook.Profile;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A product that is an appliance changed only through an interactive CLI (no files, no
 * POSIX shell): settings are read from its screens and changed by a dialogue of expected
 * prompts and answers, then committed once. Found through {@link java.util.ServiceLoader};
 * the core never names an appliance. An inventory host is one when it says
 * {@code ansible_connection: network_cli} and an {@code ansible_network_os} the module
 * {@link #claims}.
 */
public interface ApplianceModule {

  /** Short lower-case name, also the resource folder. */
  String name();

  /** Whether this module drives hosts of this {@code ansible_network_os}. */
  boolean claims(String networkOs);

  /** The end of any screen on which the appliance waits for input. */
  Pattern promptEnd();

  /**
   * Checks that the session is this appliance and reads its version (from the login banner
   * or a command); a host that is not one is refused with what it showed. The session
   * starts before its first prompt; every method leaves it at the appliance's main prompt.
   */
  ProductFact detect(CliSession cli) throws ConnectionException;

  /** The settings this module owns, name to value, in the appliance's order. */
  Map<String, String> read(CliSession cli, ProductFact fact) throws ConnectionException;

  /**
   * The settings the profile wants on this version, with notes on what the version allows.
   * May ask the appliance read-only questions (e.g. whether it accepts a cipher string);
   * never changes anything. A profile this version cannot serve is a {@link PlanException}.
   */
  Target target(CliSession cli, ProductFact fact, Map<String, String> current, Profile profile)
      throws ConnectionException, PlanException, BadInputException;

  /** The settings an appliance of this version should end with, and why. */
  record Target(Map<String, String> settings, List<String> notes) {
    public Target {
      settings = Map.copyOf(settings);
      notes = List.copyOf(notes);
    }
  }

  /**
   * The dialogue, from the main prompt, that turns {@code from} into
   * {@code to} without committing, back at that prompt. Empty when they are equal.
   */
  List<Exchange> change(ProductFact fact, Map<String, String> from, Map<String, String> to);

  /** The dialogue that commits the pending changes with {@code comment}. */
  List<Exchange> commit(ProductFact fact, String comment);

  /** The TCP ports whose TLS the settings govern, probed after a commit when they answer. */
  List<Integer> ports(ProductFact fact);
}
