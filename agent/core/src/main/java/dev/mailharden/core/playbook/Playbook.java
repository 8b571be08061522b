package dev.mailharden.core.playbook;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.yaml.Vault;
import dev.mailharden.core.yaml.YamlFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** A mailharden playbook: a YAML list of plays, shaped like Ansible's. */
public record Playbook(Path file, List<Play> plays) {

  private static final Set<String> PLAY_KEYS = Set.of("name", "hosts", "profile", "vars");

  /** Profiles named by a play are looked up in {@code profilesDir}. */
  public static Playbook load(Path file, Path profilesDir) throws BadInputException {
    return load(file, profilesDir, Vault.NONE);
  }

  /** As above; {@code !vault} play vars, or a whole encrypted playbook, open with {@code vault}. */
  public static Playbook load(Path file, Path profilesDir, Vault vault) throws BadInputException {
    YamlFile yaml = YamlFile.read(file, vault);
    Node root = yaml.root();
    if (!(root instanceof SequenceNode seq)) {
      throw (root == null ? new BadInputException(file, 0, "empty playbook")
          : yaml.origin(root).error("a playbook is a list of plays (- name: ... hosts: ...)"));
    }
    List<Play> plays = new ArrayList<>();
    for (Node node : seq.getValue()) {
      Map<String, YamlFile.Entry> play = Profile.index(yaml, node, "a play must be a mapping");
      for (YamlFile.Entry e : play.values()) {
        if (!PLAY_KEYS.contains(e.key())) {
          throw e.origin().error("unknown play key '" + e.key() + "' (name, hosts, profile, vars)");
        }
      }
      YamlFile.Entry profileEntry = Profile.required(yaml, play, "profile");
      Profile profile = Profile.resolve(Profile.scalar(yaml, profileEntry), profilesDir,
          profileEntry.origin());
      Map<String, Play.Template> vars = new LinkedHashMap<>();
      if (play.containsKey("vars")) {
        for (YamlFile.Entry v : yaml.entries(play.get("vars").value(), "vars must be a mapping")) {
          vars.put(v.key(), new Play.Template(yaml.value(v.value()), v.origin()));
        }
      }
      for (String required : Play.REQUIRED) {
        if (!vars.containsKey(required)) {
          throw yaml.origin(node).error("play has no vars." + required);
        }
      }
      String hosts = play.containsKey("hosts") ? Profile.scalar(yaml, play.get("hosts")) : "all";
      String name = play.containsKey("name") ? Profile.scalar(yaml, play.get("name")) : hosts;
      plays.add(new Play(name, hosts, profile, vars, yaml.origin(node)));
    }
    return new Playbook(file, List.copyOf(plays));
  }
}
