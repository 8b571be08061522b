package dev.mailharden.core.plan;

/**
 * A file as read from the host: content (null when absent) and its owner, group and octal
 * mode, which a rewrite keeps.
 */
public record RemoteFile(String path, String content, String mode, String owner, String group) {

  public static RemoteFile absent(String path) {
    return new RemoteFile(path, null, "644", "root", "root");
  }

  public boolean exists() {
    return content != null;
  }
}
