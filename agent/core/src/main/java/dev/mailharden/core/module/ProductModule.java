package dev.mailharden.core.module;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.facts.FactLines;
import dev.mailharden.core.facts.ProductFact;
import dev.mailharden.core.names.SenderIdentity;
import dev.mailharden.core.outbound.OutboundTest;
import dev.mailharden.core.plan.ModulePlan;
import dev.mailharden.core.plan.PlanInput;
import dev.mailharden.core.plan.RemoteFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One mail product. The core never names a product: it finds modules through
 * {@link java.util.ServiceLoader} and asks each what it needs. Product knowledge lives in
 * the module's resources under {@code mailharden/<name>/}.
 */
public interface ProductModule {

  /** Short lower-case name, also the resource folder: {@code postfix}, {@code exim}. */
  String name();

  /**
   * A POSIX shell fragment, run as root on the host inside the one fact-gathering command,
   * that prints {@code key=value} lines; it prints nothing when the product is absent.
   * The default is the module's {@code mailharden/<name>/facts.sh}.
   */
  default String factsScript() {
    return ModuleResources.text(getClass(), name(), "facts.sh");
  }

  /** Turns what {@link #factsScript()} printed into the product's facts, or empty if absent. */
  default Optional<ProductFact> readFacts(FactLines lines) {
    return lines.get("version").map(v -> new ProductFact(name(), v, lines.allExcept("version")));
  }

  /** The host files {@link #plan} reads, for the installed version; read in one batch. */
  default List<String> configFiles(ProductFact fact) throws BadInputException {
    return List.of();
  }

  /**
   * The edits the profile asks for, computed locally and identically in check mode and
   * apply; empty when this module does not harden its product (yet). Never writes.
   */
  default Optional<ModulePlan> plan(PlanInput in) throws BadInputException {
    return Optional.empty();
  }

  /**
   * How this MTA presents itself when it sends mail (HELO name, client certificate), read
   * from the files {@link #configFiles} lists, given as the plan leaves them, with the
   * product's defaults from its facts; empty for a product that does not send mail.
   */
  default Optional<SenderIdentity> senderIdentity(ProductFact fact,
      Map<String, RemoteFile> files) throws BadInputException {
    return Optional.empty();
  }

  /**
   * How this MTA is made to send the outbound check's message to {@code recipient} (an
   * address literal, {@code name@[ADDRESS]}) now, and to drop whatever of it stays queued;
   * empty for a product that does not send mail.
   */
  default Optional<OutboundTest> outboundTest(ProductFact fact, String recipient)
      throws BadInputException {
    return Optional.empty();
  }
}
