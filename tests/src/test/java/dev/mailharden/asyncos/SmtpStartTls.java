package dev.mailharden.asyncos;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The emulated appliance's inbound SMTP listener: a JDK {@link SSLSocket} server offering
 * STARTTLS with the committed Inbound SMTP method (the protocols the JDK can serve) and
 * cipher string (OpenSSL names mapped to the JDK's), so a change committed through the CLI
 * shows from outside. It refuses STARTTLS when the emulator's fault says TLS broke.
 */
final class SmtpStartTls implements AutoCloseable {

  /** OpenSSL suite names the emulator's cipher model knows, as the JDK names them. */
  private static final Map<String, String> JDK_NAMES = Map.of(
      "ECDHE-RSA-AES256-GCM-SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "ECDHE-RSA-AES128-GCM-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "ECDHE-RSA-CHACHA20-POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "ECDHE-RSA-AES128-SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "DHE-RSA-AES128-GCM-SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "ECDHE-RSA-AES128-SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "DHE-RSA-AES256-SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
      "AES128-SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");
  private static final List<String> TLS13_SUITES =
      List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");

  private static SSLContext context;

  private final ServerSocket server;
  private final AsyncOsEmulator appliance;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "asyncos-emulator-smtp");
    t.setDaemon(true);
    return t;
  });

  SmtpStartTls(ServerSocket server, AsyncOsEmulator appliance) throws IOException {
    this.server = server;
    this.appliance = appliance;
    context();
    pool.submit(this::accept);
  }

  /** One self-signed RSA key per test JVM, made with the JDK's keytool. */
  private static synchronized SSLContext context() throws IOException {
    if (context != null) {
      return context;
    }
    try {
      Path dir = Files.createTempDirectory("asyncos-emulator-tls");
      Path store = dir.resolve("esa.p12");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool")
          .toString(), "-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-alias", "esa",
          "-dname", "CN=esa.example.com", "-validity", "30", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", "emulator", "-keypass", "emulator")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) {
        throw new IOException("keytool failed: " + out);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (var in = Files.newInputStream(store)) {
        ks.load(in, "emulator".toCharArray());
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
      kmf.init(ks, "emulator".toCharArray());
      SSLContext c = SSLContext.getInstance("TLS");
      c.init(kmf.getKeyManagers(), null, null);
      context = c;
      return c;
    } catch (IOException e) {
      throw e;
    } catch (Exception e) {
      throw new IOException(e);
    }
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        pool.submit(() -> serve(s));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket plain) {
    try (plain) {
      plain.setSoTimeout(15_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(),
          StandardCharsets.US_ASCII));
      OutputStream out = plain.getOutputStream();
      write(out, "220 " + appliance.hostname + " ESMTP\r\n");
      String line;
      while ((line = in.readLine()) != null) {
        String cmd = line.toUpperCase(java.util.Locale.ROOT);
        if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
          write(out, "250-" + appliance.hostname + "\r\n250-8BITMIME\r\n250-SIZE 10485760\r\n"
              + "250 STARTTLS\r\n");
        } else if (cmd.equals("STARTTLS")) {
          if (!appliance.tlsServed()) {
            write(out, "454 4.7.0 TLS not available due to local problem\r\n");
            continue;
          }
          write(out, "220 2.0.0 Ready to start TLS\r\n");
          tls(plain);
          return;
        } else if (cmd.equals("QUIT")) {
          write(out, "221 2.0.0 Bye\r\n");
          return;
        } else {
          write(out, "500 5.5.1 Unrecognized command\r\n");
        }
      }
    } catch (IOException e) {
      // A prober closes connections mid-handshake on purpose.
    }
  }

  private void tls(Socket plain) throws IOException {
    SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(plain,
        plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    ssl.setUseClientMode(false);
    Map<String, String> settings = appliance.committed();
    AsyncOsGeneration.Method method = appliance.gen.method(
        settings.get(AsyncOsEmulator.INBOUND_METHOD));
    List<String> protocols = new ArrayList<>(Arrays.asList(method.protocols()));
    protocols.retainAll(Arrays.asList(ssl.getSupportedProtocols()));
    List<String> suites = new ArrayList<>();
    OpensslCipherList.expand(settings.get(AsyncOsEmulator.INBOUND_CIPHERS), appliance.gen)
        .forEach(s -> {
          if (JDK_NAMES.containsKey(s.name())) {
            suites.add(JDK_NAMES.get(s.name()));
          }
        });
    if (protocols.contains("TLSv1.3")) {
      suites.addAll(TLS13_SUITES);
    }
    if (protocols.isEmpty() || suites.isEmpty()) {
      ssl.close();
      return;
    }
    ssl.setEnabledProtocols(protocols.toArray(String[]::new));
    ssl.setEnabledCipherSuites(suites.toArray(String[]::new));
    ssl.startHandshake();
    BufferedReader in = new BufferedReader(new InputStreamReader(ssl.getInputStream(),
        StandardCharsets.US_ASCII));
    String line;
    while ((line = in.readLine()) != null) {
      if (line.toUpperCase(java.util.Locale.ROOT).startsWith("QUIT")) {
        write(ssl.getOutputStream(), "221 2.0.0 Bye\r\n");
        break;
      }
      write(ssl.getOutputStream(), line.toUpperCase(java.util.Locale.ROOT).startsWith("EHLO")
          ? "250-" + appliance.hostname + "\r\n250 8BITMIME\r\n" : "250 OK\r\n");
    }
    ssl.close();
  }

  private static void write(OutputStream out, String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
