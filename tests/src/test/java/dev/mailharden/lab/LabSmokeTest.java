package dev.mailharden.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mailharden.core.connect.ExecResult;
import dev.mailharden.core.connect.HostConnection;
import dev.mailharden.core.connect.HostKeyPolicy;
import dev.mailharden.core.connect.SshTransport;
import dev.mailharden.core.probe.MailDialogue;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lab is real: each lab host answers SSH (through mailharden's own MINA SSHD transport),
 * runs the products its image promises at the versions its package database records, and
 * serves TLS with a certificate that chains to the lab CA and names the host.
 */
@Tag("lab")
class LabSmokeTest {

  /** Product, command printing its version, regex picking the version, Debian package. */
  record VersionCheck(String product, String command, String regex, String dpkgPackage) {}

  private static final Map<LabFlavor, List<VersionCheck>> PRODUCTS = Map.of(
      LabFlavor.POSTFIX_DOVECOT, List.of(
          new VersionCheck("postfix", "postconf -h mail_version", "(\\S+)", "postfix"),
          // Debian's Dovecot prints its own revision: "2.4.1-4 (7d8c0e5759)".
          new VersionCheck("dovecot", "dovecot --version", "^([0-9.]+)", "dovecot-core")),
      LabFlavor.EXIM_CYRUS, List.of(
          new VersionCheck("exim", "exim4 -bV", "Exim version (\\S+)", "exim4-daemon-heavy"),
          new VersionCheck("cyrus", "/usr/lib/cyrus/bin/master -V 2>&1",
              "cyrus-imapd ([0-9.]+)-", "cyrus-common")));

  static Stream<Arguments> labHosts() {
    return Stream.of(LabFlavor.values()).flatMap(f ->
        Stream.of("trixie", "bookworm").map(r -> Arguments.of(f, r)));
  }

  @TempDir Path tmp;

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("labHosts")
  void productVersionsMatchThePackageDatabase(LabFlavor flavor, String release) throws Exception {
    LabHost host = Lab.shared(flavor, release);
    try (SshTransport ssh = new SshTransport(new HostKeyPolicy(tmp.resolve("known_hosts"), true),
            Duration.ofSeconds(10), Duration.ofSeconds(60));
        HostConnection conn = ssh.connect(host.rootSpec())) {
      ExecResult os = conn.exec(". /etc/os-release && echo $VERSION_CODENAME");
      assertEquals(release, os.stdout().strip(), "the image's Debian release");
      for (VersionCheck check : PRODUCTS.get(flavor)) {
        ExecResult printed = conn.exec(check.command());
        assertEquals(0, printed.exitStatus(), check.command() + ": " + printed.stderr());
        Matcher m = Pattern.compile(check.regex(), Pattern.MULTILINE).matcher(printed.stdout());
        assertTrue(m.find(), check.command() + " printed: " + printed.stdout());
        ExecResult pkg = conn.exec("dpkg-query -W -f '${Version}' " + check.dpkgPackage());
        assertEquals(0, pkg.exitStatus(), pkg.stderr());
        assertEquals(upstream(pkg.stdout()), m.group(1),
            check.product() + " on " + host.name() + ": `" + check.command()
                + "` against dpkg " + check.dpkgPackage() + " " + pkg.stdout());
      }
    }
  }

  /** Debian version "1:2.4.1+dfsg1-6+deb13u7" -> upstream "2.4.1". */
  static String upstream(String debianVersion) {
    String v = debianVersion.strip().replaceFirst("^[0-9]+:", "");
    int dash = v.lastIndexOf('-');
    if (dash > 0) {
      v = v.substring(0, dash);
    }
    return v.replaceFirst("[+~].*$", "");
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("labHosts")
  void everyStockMailPortServesTheLabCertificate(LabFlavor flavor, String release)
      throws Exception {
    LabHost host = Lab.shared(flavor, release);
    SSLContext tls = LabTls.trusting(host.caCert());
    for (int port : flavor.stockMailPorts()) {
      boolean implicit = port == 993 || port == 995 || port == 465;
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(host.address(), port), 5000);
        plain.setSoTimeout(10_000);
        if (!implicit) {
          MailDialogue.forPort(port).upgrade(plain);
        }
        SSLSocket s = (SSLSocket) tls.getSocketFactory()
            .createSocket(plain, host.name(), port, true);
        SSLParameters p = s.getSSLParameters();
        // Verifies the chain against the lab CA and the host's name against the SAN.
        p.setEndpointIdentificationAlgorithm("HTTPS");
        p.setServerNames(List.of(new SNIHostName(host.name())));
        s.setSSLParameters(p);
        s.startHandshake();
        X509Certificate leaf = (X509Certificate) s.getSession().getPeerCertificates()[0];
        assertTrue(leaf.getSubjectX500Principal().getName().contains("CN=" + host.name()),
            host.name() + ":" + port + " served " + leaf.getSubjectX500Principal());
        s.close();
      }
    }
  }
}
