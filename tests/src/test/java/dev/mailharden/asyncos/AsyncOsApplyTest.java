package dev.mailharden.asyncos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.e2e.Cli;
import dev.mailharden.lab.Lab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * mailharden's real command line against emulated AsyncOS appliances ({@link
 * AsyncOsEmulator}: the documented CLI, not a real appliance) named in an Ansible inventory
 * as {@code network_cli} hosts.
 */
class AsyncOsApplyTest {

  private static final String BETTERCRYPTO_CIPHERS = "EDH+CAMELLIA:EDH+aRSA:EECDH+aRSA+AESGCM:"
      + "EECDH+aRSA+SHA256:EECDH:+CAMELLIA128:+AES128:+SSLv3:!aNULL:!eNULL:!LOW:!3DES:!MD5:"
      + "!EXP:!PSK:!DSS:!RC4:!SEED:!IDEA:!ECDSA:kEDH:CAMELLIA128-SHA:AES128-SHA";
  private static final String MODERN_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:"
      + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
      + "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      + "ECDHE-RSA-CHACHA20-POLY1305";
  /** Change commands: a run that needs no change types none of them. */
  private static final List<String> CHANGING = List.of("INBOUND", "OUTBOUND", "GUI", "commit");

  @TempDir Path tmp;

  private Path inventory(AsyncOsEmulator esa) throws Exception {
    Path inv = tmp.resolve("inventory.yml");
    Files.writeString(inv, "all:\n  hosts:\n" + esa.inventoryHost("esa1"));
    return inv;
  }

  private Cli.Run apply(AsyncOsEmulator esa, String profile, String... more) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("apply", "-i",
        inventory(esa).toString(), Lab.repo().resolve("playbooks/" + profile + ".yml")
            .toString(), "--known-hosts", tmp.resolve("known_hosts").toString(),
        "--accept-new-host-keys"));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Applies on an emulator with this fault injected; the run must fail (exit 1). */
  private Cli.Run failingApply(AsyncOsEmulator esa, AsyncOsEmulator.Fault fault,
      String profile) throws Exception {
    esa.inject(fault);
    Cli.Run r = apply(esa, profile);
    assertEquals(1, r.exit(), r.out() + r.err());
    return r;
  }

  /** The appliance is as it started: no commit, committed settings untouched. */
  private static void nothingCommitted(AsyncOsEmulator esa) {
    assertEquals(0, esa.commits());
    assertEquals(esa.initial(), esa.committed());
  }

  private static List<String> changingLines(List<String> typed) {
    return typed.stream().filter(CHANGING::contains).toList();
  }

  @Test
  void checkModeShowsSettingsAndDialogueAndChangesNothing() throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(AsyncOsGeneration.V15, false)) {
      Cli.Run r = apply(esa, "bettercrypto", "--check", "--diff");
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("esa1: changed"), r.out());
      assertTrue(r.out().contains("asyncos 15.5.1-055"), r.out());
      assertTrue(r.out().contains("-Inbound SMTP method: tlsv1/tlsv1.1/tlsv1.2/tlsv1.3"), r.out());
      assertTrue(r.out().contains("+Inbound SMTP method: tlsv1.2/tlsv1.3"), r.out());
      assertTrue(r.out().contains("+Inbound SMTP ciphers: " + BETTERCRYPTO_CIPHERS), r.out());
      assertTrue(r.out().contains(" Outbound SMTP ciphers: RC4-SHA:RC4-MD5:ALL"), r.out());
      assertTrue(r.out().contains("would send 'INBOUND', expect Enter the inbound SMTP ssl"
          + " method you want to use"), r.out());
      assertTrue(r.out().contains("would send '5', expect Enter the inbound SMTP ssl cipher"),
          r.out());
      assertTrue(r.out().contains("would send 'commit'"), r.out());
      assertTrue(r.out().contains("--- a/asyncos/settings"), r.out());
      assertTrue(r.out().contains("would send 'Y', expect the main prompt (host> )"), r.out());
      assertTrue(r.out().contains("check mode: nothing was changed"), r.out());
      nothingCommitted(esa);
      assertEquals(List.of(), changingLines(esa.typed()), "check mode typed a change");
      assertTrue(esa.typed().contains("VERIFY"), "the cipher string was not verified first");
    }
  }

  static Stream<Arguments> versionRules() {
    return Stream.of(
        // 8.x: no TLS 1.2, so TLS 1.0 is the floor both ways; no SMTP listener (JDK: no TLS 1.0).
        Arguments.of(AsyncOsGeneration.V8, "bettercrypto", "tlsv1", "tlsv1", false),
        Arguments.of(AsyncOsGeneration.V9, "bettercrypto", "tlsv1", "tlsv1", false),
        Arguments.of(AsyncOsGeneration.V12, "bettercrypto", "tlsv1.2", "tlsv1/tlsv1.1/tlsv1.2",
            true),
        Arguments.of(AsyncOsGeneration.V12, "modern", "tlsv1.2", "tlsv1/tlsv1.1/tlsv1.2", true),
        Arguments.of(AsyncOsGeneration.V15, "bettercrypto", "tlsv1.2/tlsv1.3",
            "tlsv1/tlsv1.1/tlsv1.2/tlsv1.3", true),
        Arguments.of(AsyncOsGeneration.V15, "modern", "tlsv1.2/tlsv1.3",
            "tlsv1/tlsv1.1/tlsv1.2/tlsv1.3", true));
  }

  /**
   * Apply reaches the profile's settings for the version with one commit, probes port 25
   * when it answers, journals the run; a second run types no change and ends ok.
   */
  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("versionRules")
  void applyCommitsOnceThenSecondRunSendsNothing(AsyncOsGeneration gen, String profile,
      String inbound, String outbound, boolean smtp) throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(gen, smtp)) {
      Path json = tmp.resolve("run.json");
      Cli.Run r = apply(esa, profile, "--json", json.toString());
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("esa1: changed"), r.out());
      assertEquals(1, esa.commits(), r.out());
      com.fasterxml.jackson.databind.JsonNode host = new com.fasterxml.jackson.databind
          .ObjectMapper().readTree(json.toFile()).get("hosts").get(0);
      assertEquals("changed", host.get("status").asText());
      assertEquals("asyncos", host.get("products").get(0).get("product").asText());
      assertTrue(host.get("steps").toString().contains("\"commit\""), host.toString());
      Map<String, String> now = esa.committed();
      assertEquals(inbound, now.get(AsyncOsEmulator.INBOUND_METHOD));
      assertEquals(profile.equals("modern") ? MODERN_CIPHERS : BETTERCRYPTO_CIPHERS,
          now.get(AsyncOsEmulator.INBOUND_CIPHERS));
      assertEquals(outbound, now.get(AsyncOsEmulator.OUTBOUND_METHOD));
      assertEquals("RC4-SHA:RC4-MD5:ALL", now.get(AsyncOsEmulator.OUTBOUND_CIPHERS),
          "outbound ciphers stay wide for opportunistic delivery");
      assertEquals(esa.initial().get(AsyncOsEmulator.GUI_METHOD),
          now.get(AsyncOsEmulator.GUI_METHOD), "GUI settings are not the profile's");
      assertTrue(r.out().contains(smtp ? "probe port 25 against profile " + profile
          : "port 25 did not answer before the change: not probed"), r.out());
      if (!gen.tls12Suites) {
        assertTrue(r.out().contains("has no TLS 1.2"), r.out());
      }
      String log = Files.readString(dev.mailharden.core.txn.RunJournal.runsDir()
          .resolve(runId(r)).resolve("hosts/esa1.log"));
      assertTrue(log.contains("send the settings dialogue") && log.contains(" commit"), log);

      int before = esa.typed().size();
      Cli.Run again = apply(esa, profile);
      assertEquals(0, again.exit(), again.out() + again.err());
      assertTrue(again.out().contains("esa1: ok"), again.out());
      assertEquals(1, esa.commits());
      List<String> second = esa.typed().subList(before, esa.typed().size());
      assertEquals(List.of(), changingLines(second), "second run typed " + second);
      assertFalse(second.contains("VERIFY"), "second run verified again: " + second);
    }
  }

  /** The modern profile's ciphers need TLS 1.2 suites an OpenSSL 0.9.8 appliance lacks. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.EnumSource(names = {"V8", "V9"})
  void modernOnAnApplianceWithoutTls12FailsAndChangesNothing(AsyncOsGeneration gen)
      throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(gen, false)) {
      Cli.Run r = apply(esa, "modern");
      assertEquals(1, r.exit(), r.out() + r.err());
      assertTrue(r.out().contains("esa1: failed"), r.out());
      assertTrue(r.out().contains("VERIFY expands the cipher string of profile modern to no"
          + " cipher"), r.out());
      nothingCommitted(esa);
      assertEquals(List.of(), changingLines(esa.typed()));
    }
  }

  @Test
  void unexpectedPromptAbortsWithoutCommit() throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(AsyncOsGeneration.V15, false)) {
      Cli.Run r = failingApply(esa, AsyncOsEmulator.Fault.UNEXPECTED_PROMPT, "bettercrypto");
      assertTrue(r.out().contains("esa1: failed"), r.out());
      assertTrue(r.out().contains("esa1: unexpected prompt: expected Enter the inbound SMTP"
          + " ssl method you want to use but the appliance asked: Do you want to enable TLS"
          + " renegotiation for inbound SMTP? [N]>"), r.out());
      assertTrue(r.out().contains("nothing was committed"), r.out());
      nothingCommitted(esa);
      List<String> typed = esa.typed();
      assertEquals("INBOUND", typed.get(typed.size() - 1), "answered the unexpected prompt");
    }
  }

  @Test
  void unexpectedPromptInTheCommitDialogueAbortsIt() throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(AsyncOsGeneration.V12, false)) {
      Cli.Run r = failingApply(esa, AsyncOsEmulator.Fault.UNEXPECTED_COMMIT_PROMPT,
          "bettercrypto");
      assertTrue(r.out().contains("but the appliance asked: Do you want to mail a backup of the"
          + " configuration? [N]>; the commit dialogue was aborted"), r.out());
      nothingCommitted(esa);
      assertEquals("commit", esa.typed().get(esa.typed().size() - 1));
    }
  }

  @Test
  void failureAfterCommitRestoresAndCommitsTheOldValues() throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(AsyncOsGeneration.V15, true)) {
      Cli.Run r = failingApply(esa, AsyncOsEmulator.Fault.TLS_BROKEN_BY_COMMIT, "modern");
      assertTrue(r.out().contains("esa1: rolled_back"), r.out());
      assertTrue(r.out().contains("does not answer with TLS"), r.out());
      assertTrue(r.out().contains("previous settings restored and committed"), r.out());
      assertEquals(2, esa.commits(), "the change and the restore are each committed once");
      assertEquals(esa.initial(), esa.committed());
      assertTrue(esa.tlsServed());
    }
  }

  @Test
  void factsNameTheApplianceItsVersionAndAnsweringPorts() throws Exception {
    try (AsyncOsEmulator v9 = AsyncOsEmulator.start(AsyncOsGeneration.V9, false);
        AsyncOsEmulator v15 = AsyncOsEmulator.start(AsyncOsGeneration.V15, true)) {
      Path inv = tmp.resolve("inventory.yml");
      Files.writeString(inv, "all:\n  hosts:\n" + v9.inventoryHost("esa9")
          + v15.inventoryHost("esa15"));
      Cli.Run r = Cli.run("facts", "-i", inv.toString(), "--known-hosts",
          tmp.resolve("known_hosts").toString(), "--accept-new-host-keys");
      assertEquals(0, r.exit(), r.out() + r.err());
      assertTrue(r.out().matches("(?s).*esa9 +ok +asyncos 9\\.1\\.0-032 +- +asyncos 9\\.1\\.0-032"
          + " +-\\s.*"), r.out());
      assertTrue(r.out().matches("(?s).*esa15 +ok +asyncos 15\\.5\\.1-055 +- +asyncos"
          + " 15\\.5\\.1-055 +25.*"), r.out());
      assertEquals(List.of(), changingLines(v15.typed()));
    }
  }

  /** The run id a run printed on stderr. */
  private static String runId(Cli.Run r) {
    Matcher m = Pattern.compile("run (\\S+) journaled in").matcher(r.err());
    assertTrue(m.find(), r.err());
    return m.group(1);
  }

  /**
   * Rollback commits the settings a run found; settings changed since (by a later run) are
   * not overwritten without --force.
   */
  @Test
  void rollbackCommitsTheSettingsBeforeTheRun() throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(AsyncOsGeneration.V12, false)) {
      String first = runId(apply(esa, "bettercrypto"));
      Map<String, String> afterFirst = esa.committed();
      String second = runId(apply(esa, "modern"));
      assertEquals(2, esa.commits());
      String inv = inventory(esa).toString();
      String kh = tmp.resolve("known_hosts").toString();

      Cli.Run refused = Cli.run("rollback", "-i", inv, "--run", first, "--known-hosts", kh);
      assertEquals(1, refused.exit(), refused.out() + refused.err());
      assertTrue(refused.out().contains("esa1: NOT rolled back"), refused.out());
      assertTrue(refused.out().contains("settings changed since run " + first), refused.out());
      assertEquals(2, esa.commits());

      Cli.Run back = Cli.run("rollback", "-i", inv, "--run", second, "--known-hosts", kh);
      assertEquals(0, back.exit(), back.out() + back.err());
      assertEquals(afterFirst, esa.committed());
      Cli.Run start = Cli.run("rollback", "-i", inv, "--run", first, "--known-hosts", kh);
      assertEquals(0, start.exit(), start.out() + start.err());
      assertTrue(start.out().contains("esa1: rolled_back"), start.out());
      assertEquals(esa.initial(), esa.committed());
      assertEquals(4, esa.commits());
    }
  }

  @Test
  void aHostMarkedAsyncOsWithAnotherBannerIsRefused() throws Exception {
    try (AsyncOsEmulator esa = AsyncOsEmulator.start(AsyncOsGeneration.V15, false)) {
      Cli.Run r = failingApply(esa, AsyncOsEmulator.Fault.FOREIGN_BANNER, "bettercrypto");
      assertTrue(r.out().contains("esa1: not an AsyncOS appliance: no 'AsyncOS <version> for"
          + " Cisco <model> build <n>' in its login banner: Welcome to the switch CLI"),
          r.out());
      assertEquals(List.of(), esa.typed(), "typed into a device it did not recognise");
    }
  }

  @Test
  void unknownNetworkOsIsRefusedBeforeConnecting() throws Exception {
    Path inv = tmp.resolve("inventory.yml");
    Files.writeString(inv, "all:\n  hosts:\n    sw1:\n      ansible_host: 127.0.7.250\n"
        + "      ansible_connection: network_cli\n      ansible_network_os: junos\n");
    Cli.Run r = Cli.run("facts", "-i", inv.toString(), "--known-hosts",
        tmp.resolve("known_hosts").toString());
    assertEquals(2, r.exit(), r.out() + r.err());
    assertTrue(r.err().contains(inv + ":6"), r.err());
    assertTrue(r.err().contains("no module drives ansible_network_os 'junos' (known: asyncos)"),
        r.err());
  }
}
