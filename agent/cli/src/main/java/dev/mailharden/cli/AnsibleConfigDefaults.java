package dev.mailharden.cli;

import dev.mailharden.core.BadInputException;
import dev.mailharden.core.inventory.AnsibleConfig;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Defaults of flags from ansible.cfg (found as Ansible finds it): forks and timeout. A flag
 * given on the command line wins, as in Ansible. A bad ansible.cfg leaves the built-in
 * defaults here: the command reports it (file and line, exit 2) when it reads the inventory.
 */
final class AnsibleConfigDefaults implements CommandLine.IDefaultValueProvider {

  private static final Map<String, AnsibleConfig.Key> FLAGS = Map.of(
      "--forks", AnsibleConfig.Key.FORKS,
      "--connect-timeout", AnsibleConfig.Key.TIMEOUT);

  private AnsibleConfig config;

  @Override
  public String defaultValue(ArgSpec arg) {
    if (!(arg instanceof OptionSpec option) || !FLAGS.containsKey(option.longestName())) {
      return null;
    }
    try {
      if (config == null) {
        config = AnsibleConfig.find(System::getenv);
      }
      Optional<AnsibleConfig.Setting> setting = config.get(FLAGS.get(option.longestName()));
      return setting.isPresent() ? String.valueOf(setting.get().positive()) : null;
    } catch (BadInputException reportedByTheCommand) {
      return null;
    }
  }
}
