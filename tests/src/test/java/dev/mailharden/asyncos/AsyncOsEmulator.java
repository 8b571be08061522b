package dev.mailharden.asyncos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * An EMULATOR of the Cisco ESA / IronPort AsyncOS command line as documented, not a real
 * appliance: an SSH server of the tests' own (MINA SSHD's server side) on a loopback
 * 127.0.7.N address, speaking the login banner, {@code version}, {@code sslconfig} (GUI /
 * INBOUND / OUTBOUND / VERIFY with their sub-prompts) and {@code commit} (with its comment
 * prompt, and on 15.x its rollback question) of one {@link AsyncOsGeneration}. Like the
 * appliance it keeps each session's edits pending until {@code commit}, drops them when the
 * session ends, and re-asks a prompt whose answer is malformed (a method number out of
 * range, a cipher string that selects nothing). Optionally it runs an SMTP listener on
 * port 25 ({@link SmtpStartTls}) that serves STARTTLS with the committed inbound settings.
 * Faults can be injected: an unexpected prompt, and TLS refused once a commit changed the
 * inbound settings.
 */
final class AsyncOsEmulator implements AutoCloseable {

  enum Fault {
    /** INBOUND asks a question no documented transcript shows before its method menu. */
    UNEXPECTED_PROMPT,
    /** commit asks a question of its own before the comment prompt. */
    UNEXPECTED_COMMIT_PROMPT,
    /** The login banner is another device's: a host wrongly marked as AsyncOS. */
    FOREIGN_BANNER,
    /** The SMTP listener refuses STARTTLS while the committed inbound settings differ
     * from those the emulator started with (a commit that broke TLS). */
    TLS_BROKEN_BY_COMMIT
  }

  static final String USER = "admin";
  static final String PASSWORD = "ironport-emulator";
  static final String GUI_METHOD = "GUI HTTPS method";
  static final String INBOUND_METHOD = "Inbound SMTP method";
  static final String INBOUND_CIPHERS = "Inbound SMTP ciphers";
  static final String OUTBOUND_METHOD = "Outbound SMTP method";
  static final String OUTBOUND_CIPHERS = "Outbound SMTP ciphers";
  private static final String FACTORY_CIPHERS = "RC4-SHA:RC4-MD5:ALL";

  final AsyncOsGeneration gen;
  final String address;
  final String hostname;
  private final SshServer sshd;
  private final SmtpStartTls smtp;
  private final Map<String, String> initial;
  private volatile Map<String, String> committed;
  private final AtomicInteger commits = new AtomicInteger();
  private final List<String> typed = Collections.synchronizedList(new ArrayList<>());
  private volatile Fault fault;

  private AsyncOsEmulator(AsyncOsGeneration gen, String address, SshServer sshd,
      ServerSocket smtpSocket) throws IOException {
    this.gen = gen;
    this.address = address;
    this.hostname = "esa-" + address.replace('.', '-') + ".example.com";
    this.sshd = sshd;
    Map<String, String> factory = new LinkedHashMap<>();
    factory.put(GUI_METHOD, gen.defaultMethod);
    factory.put("GUI HTTPS ciphers", FACTORY_CIPHERS);
    factory.put(INBOUND_METHOD, gen.defaultMethod);
    factory.put(INBOUND_CIPHERS, FACTORY_CIPHERS);
    factory.put(OUTBOUND_METHOD, gen.defaultMethod);
    factory.put(OUTBOUND_CIPHERS, FACTORY_CIPHERS);
    this.initial = Map.copyOf(factory);
    this.committed = Collections.unmodifiableMap(factory);
    this.smtp = smtpSocket == null ? null : new SmtpStartTls(smtpSocket, this);
  }

  /**
   * Starts an emulated appliance of this generation on the first free 127.0.7.N (port 22,
   * and port 25 when {@code withSmtp}).
   */
  static AsyncOsEmulator start(AsyncOsGeneration gen, boolean withSmtp) throws IOException {
    for (int n = 1 + (int) (ProcessHandle.current().pid() % 50) * 5, tries = 0; tries < 250;
        n = n % 254 + 1, tries++) {
      String address = "127.0.7." + n;
      ServerSocket smtpSocket = null;
      SshServer sshd = SshServer.setUpDefaultServer();
      try {
        if (withSmtp) {
          smtpSocket = new ServerSocket();
          smtpSocket.bind(new InetSocketAddress(address, 25));
        }
        sshd.setHost(address);
        sshd.setPort(22);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider());
        sshd.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && PASSWORD.equals(p));
        AsyncOsEmulator[] self = new AsyncOsEmulator[1];
        sshd.setShellFactory(channel -> self[0].new Shell());
        self[0] = new AsyncOsEmulator(gen, address, sshd, smtpSocket);
        sshd.start();
        return self[0];
      } catch (BindException e) {
        if (smtpSocket != null) {
          smtpSocket.close();
        }
        sshd.stop(true);
      }
    }
    throw new IOException("no free 127.0.7.N address for an AsyncOS emulator");
  }

  /** The committed settings, as {@code sslconfig} shows them to a new session. */
  Map<String, String> committed() {
    return committed;
  }

  Map<String, String> initial() {
    return initial;
  }

  int commits() {
    return commits.get();
  }

  /** Every line typed into any session, in order. */
  List<String> typed() {
    synchronized (typed) {
      return List.copyOf(typed);
    }
  }

  void inject(Fault f) {
    fault = f;
  }

  /** Whether the SMTP listener serves TLS now (the injected fault may stop it). */
  boolean tlsServed() {
    return fault != Fault.TLS_BROKEN_BY_COMMIT
        || committed.get(INBOUND_METHOD).equals(initial.get(INBOUND_METHOD))
            && committed.get(INBOUND_CIPHERS).equals(initial.get(INBOUND_CIPHERS));
  }

  /** The inventory lines of this emulated appliance (Ansible's marking of a CLI device). */
  String inventoryHost(String name) {
    return "    " + name + ":\n"
        + "      ansible_host: " + address + "\n"
        + "      ansible_port: 22\n"
        + "      ansible_user: " + USER + "\n"
        + "      ansible_password: " + PASSWORD + "\n"
        + "      ansible_connection: network_cli\n"
        + "      ansible_network_os: asyncos\n";
  }

  @Override
  public void close() throws IOException {
    if (smtp != null) {
      smtp.close();
    }
    sshd.stop(true);
  }

  /** One CLI session: its own pending settings until commit. */
  private final class Shell implements Command, Runnable {
    private InputStream in;
    private OutputStream out;
    private ExitCallback exit;
    private Thread thread;
    private final Map<String, String> pending = new LinkedHashMap<>(committed);
    private boolean lastWasCr;

    @Override
    public void setInputStream(InputStream in) {
      this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
      this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
      // The appliance's CLI writes everything to the terminal.
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
      this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
      thread = new Thread(this, "asyncos-emulator-" + address);
      thread.setDaemon(true);
      thread.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
      thread.interrupt();
    }

    @Override
    public void run() {
      try {
        String release = gen.version.substring(0, gen.version.indexOf('-'));
        String build = gen.version.substring(gen.version.indexOf('-') + 1);
        if (fault == Fault.FOREIGN_BANNER) {
          print("\nWelcome to the switch CLI\n\n");
        } else {
          print("\nLast login: Sat Nov 28 09:00:00 2026 from 127.0.0.1\n"
              + "Copyright (c) 2001-2024, Cisco Systems, Inc. and/or its affiliates."
              + " All rights reserved.\n\n"
              + "AsyncOS " + release + " for Cisco " + gen.model + " build " + build + "\n\n"
              + "Welcome to the Cisco " + gen.model + " Email Security Appliance\n\n");
        }
        while (true) {
          String line = ask(hostname + "> ").strip();
          switch (line.toLowerCase(Locale.ROOT)) {
            case "" -> { }
            case "version" -> version();
            case "sslconfig" -> sslconfig();
            case "commit" -> commit();
            case "exit", "quit" -> {
              exit.onExit(0);
              return;
            }
            default -> print("Unknown command or missing feature key: " + line + "\n");
          }
        }
      } catch (IOException e) {
        // The client went away: pending changes die with the session, as on the appliance.
        exit.onExit(0);
      }
    }

    private void version() throws IOException {
      print("\nCurrent Version\n===============\nUDI: " + gen.model + " V EMULATOR\n"
          + "Name: " + gen.model + "\nProduct: Cisco " + gen.model
          + " Email Security Appliance (emulated)\nModel: " + gen.model + "\nVersion: "
          + gen.version + "\nBuild Date: 2024-01-15\nInstall Date: 2026-11-01 10:00:00\n"
          + "Serial #: 000000000000-EMULATOR\n\n");
    }

    private void sslconfig() throws IOException {
      while (true) {
        print("\nsslconfig settings:\n");
        pending.forEach((k, v) -> print1("  " + k + ":" + (k.endsWith("method") ? "  " : " ")
            + v + "\n"));
        print("\nChoose the operation you want to perform:\n"
            + "- GUI - Edit GUI HTTPS ssl settings.\n"
            + "- INBOUND - Edit Inbound SMTP ssl settings.\n"
            + "- OUTBOUND - Edit Outbound SMTP ssl settings.\n"
            + "- VERIFY - Verify and show ssl cipher list.\n");
        String op = ask("[]> ").strip().toUpperCase(Locale.ROOT);
        switch (op) {
          case "" -> {
            return;
          }
          case "GUI" -> edit("GUI HTTPS", GUI_METHOD, "GUI HTTPS ciphers");
          case "INBOUND" -> {
            if (fault == Fault.UNEXPECTED_PROMPT) {
              print("\n");
              ask("Do you want to enable TLS renegotiation for inbound SMTP? [N]> ");
            }
            edit("inbound SMTP", INBOUND_METHOD, INBOUND_CIPHERS);
          }
          case "OUTBOUND" -> edit("outbound SMTP", OUTBOUND_METHOD, OUTBOUND_CIPHERS);
          case "VERIFY" -> verify();
          default -> { } // the appliance shows the menu again
        }
      }
    }

    /** Method menu (numbers, default the current one), then the cipher prompt. */
    private void edit(String what, String methodKey, String ciphersKey) throws IOException {
      List<AsyncOsGeneration.Method> methods = gen.methods;
      int current = methods.indexOf(gen.method(pending.get(methodKey))) + 1;
      while (true) {
        StringBuilder menu = new StringBuilder("\nEnter the " + what
            + " ssl method you want to use.\n");
        for (int i = 0; i < methods.size(); i++) {
          menu.append(i + 1).append(". ").append(methods.get(i).label()).append('\n');
        }
        print(menu.toString());
        String answer = ask("[" + current + "]> ").strip();
        if (answer.isEmpty()) {
          break;
        }
        if (answer.matches("[0-9]+") && Integer.parseInt(answer) >= 1
            && Integer.parseInt(answer) <= methods.size()) {
          pending.put(methodKey, methods.get(Integer.parseInt(answer) - 1).shows());
          break;
        }
        print("\nChoose a number between 1 and " + methods.size() + ".\n");
      }
      while (true) {
        print("\nEnter the " + what + " ssl cipher you want to use.\n");
        String answer = ask("[" + pending.get(ciphersKey) + "]> ").strip();
        if (answer.isEmpty()) {
          return;
        }
        if (!OpensslCipherList.expand(answer, gen).isEmpty()) {
          pending.put(ciphersKey, answer);
          return;
        }
        print("\nError: no cipher matches '" + answer + "'.\n");
      }
    }

    private void verify() throws IOException {
      print("\nEnter the ssl cipher you want to verify.\n");
      String answer = ask("[]> ").strip();
      List<OpensslCipherList.Suite> suites = OpensslCipherList.expand(answer, gen);
      if (suites.isEmpty()) {
        print("\nError: no cipher matches '" + answer + "'.\n");
        return;
      }
      print("\n");
      suites.forEach(s -> print1(s.describe() + "\n"));
    }

    private void commit() throws IOException {
      if (pending.equals(committed)) {
        print("There are no changes to commit.\n");
        return;
      }
      if (fault == Fault.UNEXPECTED_COMMIT_PROMPT) {
        print("\n");
        if (!ask("Do you want to mail a backup of the configuration? [N]> ").isEmpty()) {
          return;
        }
      }
      print("\nPlease enter some comments describing your changes:\n");
      ask("[]> ");
      if (gen.commitAsksRollback) {
        while (true) {
          print("\n");
          String a = ask("Do you want to save the current configuration for rollback? [Y]> ")
              .strip().toUpperCase(Locale.ROOT);
          if (a.isEmpty() || a.equals("Y") || a.equals("N")) {
            break;
          }
        }
      }
      committed = Collections.unmodifiableMap(new LinkedHashMap<>(pending));
      commits.incrementAndGet();
      print("\nChanges committed: Sat Nov 28 17:00:00 2026 UTC\n");
    }

    /** Shows a prompt, reads the answer line (echoed, as a terminal does). */
    private String ask(String prompt) throws IOException {
      out.write(prompt.getBytes(StandardCharsets.UTF_8));
      out.flush();
      StringBuilder line = new StringBuilder();
      while (true) {
        int c = in.read();
        if (c < 0) {
          throw new IOException("session closed");
        }
        if (c == '\n' && lastWasCr) {
          lastWasCr = false;
          continue;
        }
        lastWasCr = c == '\r';
        if (c == '\r' || c == '\n') {
          break;
        }
        line.append((char) c);
      }
      String answer = new String(line.toString().getBytes(StandardCharsets.ISO_8859_1),
          StandardCharsets.UTF_8);
      typed.add(answer);
      print(answer + "\n");
      return answer;
    }

    private void print(String text) throws IOException {
      out.write(text.replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    private void print1(String text) {
      try {
        print(text);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
