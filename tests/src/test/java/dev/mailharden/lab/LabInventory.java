package dev.mailharden.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Ansible YAML inventories of lab hosts, as a mail admin would write them. */
public final class LabInventory {

  private LabInventory() {}

  /** Every host under {@code all}, root by the lab key, plus {@code hostVars} YAML lines. */
  public static Path write(Path file, List<LabHost> hosts, String... hostVars)
      throws IOException {
    StringBuilder b = new StringBuilder("all:\n  hosts:\n");
    for (LabHost h : hosts) {
      b.append("    ").append(h.name()).append(":\n      ansible_host: ").append(h.address())
          .append("\n      ansible_user: root\n      ansible_ssh_private_key_file: ")
          .append(h.sshKey()).append('\n');
      for (String v : hostVars) {
        b.append("      ").append(v).append('\n');
      }
    }
    Files.writeString(file, b.toString());
    return file;
  }
}
