package dev.mailharden.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example Ansible project (inventory-examples/ansible-project: ansible.cfg naming a YAML
 * inventory and an inventory script, group_vars/host_vars with inline and whole-file Vault
 * under two vault ids, one password from a script) is read by Debian's real
 * {@code ansible-inventory --list} and by {@code mailharden facts --json}, both run as an
 * admin runs them in the project's directory, without -i: the hosts, each host's groups and
 * the variables mailharden uses must be the same.
 *
 * <p>Facts needs hosts; the project's hosts sit on 127.0.9.N port 9, where nothing listens,
 * so every host is contacted (the connection is refused) and reported unreachable, and the
 * report's {@code inventory} part is what mailharden resolved for each: no lab needed.
 */
class AnsibleInventoryComparisonTest {

  /** As the pom sets it; not through Lab, which this test does not use. */
  static final Path REPO =
      Path.of(System.getProperty("mailharden.repo", "..")).toAbsolutePath().normalize();
  static final Path PROJECT = REPO.resolve("inventory-examples/ansible-project");
  static final ObjectMapper JSON = new ObjectMapper();
  /** mailharden shows these instead of values: secrets by name, or still-encrypted values. */
  static final Set<String> MASKS = Set.of("<secret>", "<vault>");

  @TempDir Path home;

  record Run(int exit, String out, String err) {}

  @Test
  void ansibleInventoryAndFactsJsonReadTheProjectAlike() throws Exception {
    Run ansible = run(List.of("ansible-inventory", "--list"));
    assertEquals(0, ansible.exit(), ansible.err());
    Run facts = mailharden("facts", "--json");
    assertEquals(1, facts.exit(), "every host unreachable: " + facts.err());
    assertTrue(facts.err().contains("ansible.cfg:16: host_key_checking = False is not"
        + " honoured: mailharden keeps strict host-key checking; --accept-new-host-keys"), facts.err());
    compare(JSON.readTree(ansible.out()), JSON.readTree(facts.out()));
  }

  @Test
  void theJsonAnsibleInventoryPrintsReadsAlikeAsAnInventory() throws Exception {
    Run ansible = run(List.of("ansible-inventory", "--list"));
    assertEquals(0, ansible.exit(), ansible.err());
    Path listed = Files.writeString(home.resolve("listed.json"), ansible.out());
    Run facts = mailharden("facts", "--json", "-i", listed.toString());
    assertEquals(1, facts.exit(), facts.err());
    compare(JSON.readTree(ansible.out()), JSON.readTree(facts.out()));
  }

  /** Hosts, groups (ancestors and all included) and ansible_/mailharden_ variables. */
  static void compare(JsonNode ansible, JsonNode facts) {
    Map<String, Set<String>> ansibleGroups = groupsByHost(ansible);
    JsonNode inventory = facts.get("inventory");
    assertEquals(ansibleGroups.keySet(), names(inventory));
    System.out.println("host                 groups (both)                   variables compared");
    for (Map.Entry<String, Set<String>> host : ansibleGroups.entrySet()) {
      JsonNode ours = inventory.get(host.getKey());
      Set<String> ourGroups = new TreeSet<>();
      ours.get("groups").forEach(g -> ourGroups.add(g.asText()));
      assertEquals(host.getValue(), ourGroups, host.getKey());
      JsonNode theirs = ansible.get("_meta").get("hostvars").get(host.getKey());
      Map<String, JsonNode> used = new TreeMap<>();
      theirs.properties().forEach(e -> {
        if (e.getKey().startsWith("ansible_") || e.getKey().startsWith("mailharden_")) {
          used.put(e.getKey(), e.getValue());
        }
      });
      assertEquals(used.keySet(), names(ours.get("vars")),
          host.getKey());
      List<String> shown = new ArrayList<>();
      for (Map.Entry<String, JsonNode> var : used.entrySet()) {
        JsonNode mine = ours.get("vars").get(var.getKey());
        if (MASKS.contains(mine.asText())) {
          // A secret: Ansible shows it as its vault, or as the value a vaulted file held.
          assertTrue(var.getValue().has("__ansible_vault") || var.getValue().isTextual(),
              host.getKey() + " " + var.getKey());
          shown.add(var.getKey() + "=" + mine.asText());
        } else {
          assertEquals(var.getValue(), mine, host.getKey() + " " + var.getKey());
          shown.add(var.getKey() + "=" + mine);
        }
      }
      System.out.printf("%-20s %-31s %s%n", host.getKey(), host.getValue(), shown);
    }
    // Each host was really tried where the inventory puts it.
    for (JsonNode outcome : facts.get("hosts")) {
      JsonNode vars = inventory.get(outcome.get("host").asText()).get("vars");
      assertEquals("UNREACHABLE", outcome.get("status").asText());
      assertTrue(outcome.get("message").asText().contains("cannot connect to "
          + vars.get("ansible_host").asText() + ":" + vars.get("ansible_port").asText()),
          outcome.toString());
    }
  }

  /** Each host's groups from ansible-inventory's tree: the ones naming it and their parents. */
  static Map<String, Set<String>> groupsByHost(JsonNode list) {
    Map<String, Set<String>> parents = new TreeMap<>();
    Map<String, Set<String>> direct = new TreeMap<>();
    list.properties().forEach(group -> {
      if (group.getKey().equals("_meta")) {
        return;
      }
      group.getValue().path("children").forEach(child -> parents
          .computeIfAbsent(child.asText(), c -> new TreeSet<>()).add(group.getKey()));
      group.getValue().path("hosts").forEach(host -> direct
          .computeIfAbsent(host.asText(), h -> new TreeSet<>()).add(group.getKey()));
    });
    Map<String, Set<String>> all = new TreeMap<>();
    direct.forEach((host, groups) -> {
      Set<String> closed = new TreeSet<>();
      List<String> pending = new ArrayList<>(groups);
      while (!pending.isEmpty()) {
        String group = pending.remove(pending.size() - 1);
        if (closed.add(group)) {
          pending.addAll(parents.getOrDefault(group, Set.of()));
        }
      }
      closed.add("all");
      all.put(host, closed);
    });
    return all;
  }

  static Set<String> names(JsonNode object) {
    Set<String> names = new TreeSet<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** mailharden in its own JVM, in the project's directory, as an admin runs it there. */
  Run mailharden(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("java", "-cp",
        System.getProperty("java.class.path"), "-Dmailharden.home=" + REPO,
        "-Duser.home=" + home, "dev.mailharden.cli.MailHarden"));
    command.addAll(List.of(args));
    return run(command);
  }

  /**
   * In the project directory; HOME (and the JVM's user.home) is an empty directory so that
   * neither tool finds the machine's ~/.ansible.cfg, and no ANSIBLE_* variable is passed on.
   */
  Run run(List<String> command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(PROJECT.toFile());
    pb.environment().keySet().removeIf(name -> name.startsWith("ANSIBLE_"));
    pb.environment().put("HOME", home.toString());
    Path out = home.resolve("out");
    Path err = home.resolve("err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      fail(command.get(0) + " cannot be run (" + e.getMessage() + "): this test compares with"
          + " Debian's ansible-core; run `bash tests/lab/setup-host.sh`, which installs it");
      return null;
    }
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      fail(String.join(" ", command) + " did not finish within 120 s");
    }
    return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
  }
}
