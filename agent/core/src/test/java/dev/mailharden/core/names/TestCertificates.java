package dev.mailharden.core.names;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Certificates made with openssl for the tests: a CA-issued leaf or a self-signed one. */
public final class TestCertificates {

  private TestCertificates() {}

  /** PEM of a leaf for {@code name} (CN and SAN), issued by a throw-away CA. */
  public static String caIssued(Path dir, String name, int days) throws Exception {
    run(dir, "openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 30"
        + " -subj '/CN=test CA' -addext basicConstraints=critical,CA:TRUE");
    run(dir, "openssl req -new -newkey rsa:2048 -nodes -keyout leaf.key -out leaf.csr"
        + " -subj '/CN=" + name + "'");
    Files.writeString(dir.resolve("ext"), "subjectAltName=DNS:" + name + "\n");
    run(dir, "openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
        + " -days " + days + " -extfile ext -out leaf.crt");
    return Files.readString(dir.resolve("leaf.crt"));
  }

  /** PEM of a self-signed certificate for {@code name}. */
  public static String selfSigned(Path dir, String name, int days) throws Exception {
    run(dir, "openssl req -x509 -newkey rsa:2048 -nodes -keyout self.key -out self.crt"
        + " -days " + days + " -subj '/CN=" + name + "' -addext subjectAltName=DNS:" + name);
    return Files.readString(dir.resolve("self.crt"));
  }

  private static void run(Path dir, String command) throws Exception {
    Process p = new ProcessBuilder(List.of("bash", "-c", command)).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException(command + ": " + out);
    }
  }
}
