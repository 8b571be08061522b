package dev.mailharden.cli;

import picocli.CommandLine;

/** The version Maven wrote into the jar manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = MailHarden.class.getPackage().getImplementationVersion();
    return new String[] {"mailharden " + (v == null ? "(development build)" : v),
        "Java " + System.getProperty("java.version")};
  }
}
