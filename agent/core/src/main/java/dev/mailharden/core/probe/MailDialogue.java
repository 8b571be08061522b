package dev.mailharden.core.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The plaintext phase of a mail protocol up to the point where TLS starts. Every command
 * waits for its complete reply (multi-line SMTP replies, tagged IMAP completion, POP3
 * status), never pipelining: Postfix 3.9+ and Exim reject pipelined commands.
 */
public enum MailDialogue {
  SMTP {
    @Override
    List<String> greet(Session s) throws IOException {
      List<String> greeting = s.smtpReply();
      if (greeting.get(0).startsWith("421")) {
        throw new RateLimitedException(String.join(" | ", greeting));
      }
      requireCode(greeting, "220");
      s.send("EHLO mailharden.invalid");
      List<String> ehlo = s.smtpReply();
      requireCode(ehlo, "250");
      return ehlo;
    }

    @Override
    void startTls(Session s) throws IOException {
      s.send("STARTTLS");
      requireCode(s.smtpReply(), "220");
    }

    @Override
    PlaintextPhase plaintext(Session s, boolean submission) throws IOException {
      List<String> caps = greet(s).stream().skip(1).map(l -> l.length() > 4 ? l.substring(4) : "")
          .toList();
      List<String> auth = caps.stream()
          .filter(c -> c.toUpperCase(Locale.ROOT).matches("AUTH[ =].*"))
          .flatMap(c -> List.of(c.substring(5).trim().split("\\s+")).stream()).toList();
      s.send("AUTH PLAIN " + Base64.getEncoder().encodeToString(
          ("\0" + FAKE_USER + "\0" + FAKE_PASSWORD).getBytes(StandardCharsets.US_ASCII)));
      List<String> authReply = s.smtpReply();
      if (authReply.get(0).startsWith("334")) {
        s.send("*"); // cancel: the server wanted more, which means it would have checked
        s.smtpReply();
      }
      String code = authReply.get(0).substring(0, 3);
      PlaintextPhase.LoginOutcome login = code.equals("235") ? PlaintextPhase.LoginOutcome.ACCEPTED
          : code.equals("535") || code.equals("334") ? PlaintextPhase.LoginOutcome.CHECKED
          : PlaintextPhase.LoginOutcome.REFUSED;
      Boolean mailFromRefused = null;
      String mailFromReply = null;
      if (submission) {
        s.send("MAIL FROM:<" + FAKE_USER + "@mailharden.invalid>");
        mailFromReply = String.join(" | ", s.smtpReply());
        mailFromRefused = !mailFromReply.startsWith("250");
      }
      s.send("QUIT");
      return new PlaintextPhase(caps, contains(caps, "STARTTLS"), auth, !auth.isEmpty(), login,
          String.join(" | ", authReply), mailFromRefused, mailFromReply);
    }
  },
  IMAP {
    @Override
    List<String> greet(Session s) throws IOException {
      String greeting = s.line();
      if (greeting.startsWith("* BYE")) {
        throw new RateLimitedException(greeting);
      }
      if (!greeting.startsWith("* OK") && !greeting.startsWith("* PREAUTH")) {
        throw new ProtocolException("IMAP greeting was: " + greeting);
      }
      return s.imapCommand("c1", "CAPABILITY");
    }

    @Override
    void startTls(Session s) throws IOException {
      s.imapCommand("s1", "STARTTLS");
    }

    @Override
    PlaintextPhase plaintext(Session s, boolean submission) throws IOException {
      List<String> caps = new ArrayList<>();
      for (String line : greet(s)) {
        if (line.toUpperCase(Locale.ROOT).startsWith("* CAPABILITY ")) {
          caps.addAll(List.of(line.substring("* CAPABILITY ".length()).trim().split("\\s+")));
        }
      }
      List<String> auth = caps.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith("AUTH="))
          .map(c -> c.substring(5)).toList();
      boolean loginDisabled = contains(caps, "LOGINDISABLED");
      if (!loginDisabled && contains(auth, "PLAIN")) {
        // Password login offered in clear: a "+" to AUTHENTICATE PLAIN is the server asking
        // for the credentials, which settles it. Its verdict on fake ones would only add a
        // failed-login pause (Cyrus: failedloginpause, 3 s).
        s.send("l1 AUTHENTICATE PLAIN");
        String answer = s.continuationOrTagged("l1");
        if (answer.startsWith("+")) {
          s.send("*");
          return new PlaintextPhase(caps, contains(caps, "STARTTLS"), auth, true,
              PlaintextPhase.LoginOutcome.CHECKED, "l1 AUTHENTICATE PLAIN: " + answer, null,
              null);
        }
        return new PlaintextPhase(caps, contains(caps, "STARTTLS"), auth, true,
            PlaintextPhase.LoginOutcome.REFUSED, answer, null, null);
      }
      List<String> reply = s.imapTagged("l1", "LOGIN " + FAKE_USER + " " + FAKE_PASSWORD);
      String tagged = reply.get(reply.size() - 1);
      String status = tagged.substring(3).toUpperCase(Locale.ROOT);
      // Dovecot: NO [PRIVACYREQUIRED]; a checked password: NO [AUTHENTICATIONFAILED].
      PlaintextPhase.LoginOutcome login = status.startsWith("OK")
          ? PlaintextPhase.LoginOutcome.ACCEPTED
          : status.startsWith("BAD") || status.contains("PRIVACYREQUIRED") || loginDisabled
              ? PlaintextPhase.LoginOutcome.REFUSED : PlaintextPhase.LoginOutcome.CHECKED;
      s.send("l2 LOGOUT");
      return new PlaintextPhase(caps, contains(caps, "STARTTLS"), auth, !loginDisabled, login,
          tagged, null, null);
    }
  },
  POP3 {
    @Override
    List<String> greet(Session s) throws IOException {
      String greeting = s.line();
      if (greeting.startsWith("-ERR")) {
        throw new RateLimitedException(greeting);
      }
      if (!greeting.startsWith("+OK")) {
        throw new ProtocolException("POP3 greeting was: " + greeting);
      }
      s.send("CAPA");
      String status = s.line();
      if (!status.startsWith("+OK")) {
        return List.of();
      }
      List<String> caps = new ArrayList<>();
      for (String l = s.line(); !l.equals("."); l = s.line()) {
        caps.add(l);
      }
      return caps;
    }

    @Override
    void startTls(Session s) throws IOException {
      s.send("STLS");
      String reply = s.line();
      if (!reply.startsWith("+OK")) {
        throw new ProtocolException("STLS refused: " + reply);
      }
    }

    @Override
    PlaintextPhase plaintext(Session s, boolean submission) throws IOException {
      List<String> caps = greet(s);
      List<String> auth = caps.stream().filter(c -> c.toUpperCase(Locale.ROOT).startsWith("SASL "))
          .flatMap(c -> List.of(c.substring(5).trim().split("\\s+")).stream()).toList();
      if (contains(auth, "PLAIN")) {
        // As for IMAP: a "+" to AUTH PLAIN is the server asking for credentials in clear.
        s.send("AUTH PLAIN");
        String answer = s.line();
        if (answer.startsWith("+")) {
          s.send("*");
          return new PlaintextPhase(caps, contains(caps, "STLS"), auth, contains(caps, "USER"),
              PlaintextPhase.LoginOutcome.CHECKED, "AUTH PLAIN: " + answer, null, null);
        }
      }
      s.send("USER " + FAKE_USER);
      String reply = s.line();
      PlaintextPhase.LoginOutcome login = PlaintextPhase.LoginOutcome.REFUSED;
      if (reply.startsWith("+OK")) {
        s.send("PASS " + FAKE_PASSWORD);
        reply = s.line();
        login = reply.startsWith("+OK") ? PlaintextPhase.LoginOutcome.ACCEPTED
            : PlaintextPhase.LoginOutcome.CHECKED;
      }
      s.send("QUIT");
      return new PlaintextPhase(caps, contains(caps, "STLS"), auth, contains(caps, "USER"), login,
          reply, null, null);
    }
  };

  /** Obviously fake credentials: a log reader sees at once that this was a probe. */
  static final String FAKE_USER = "mailharden-probe";
  static final String FAKE_PASSWORD = "not-a-real-password";

  /** Reads the greeting and capabilities; returns the capability lines as the server sent them. */
  abstract List<String> greet(Session s) throws IOException;

  /** Asks for TLS; returns when the server said yes, so the handshake can start. */
  abstract void startTls(Session s) throws IOException;

  /** Capabilities, then a login with fake credentials and (submission) MAIL FROM, in clear. */
  abstract PlaintextPhase plaintext(Session s, boolean submission) throws IOException;

  /**
   * The plaintext phase on a fresh connection: what the server offers and allows before TLS.
   *
   * @param submission also try MAIL FROM (SMTP on 587, where TLS must come first)
   */
  public PlaintextPhase plaintextPhase(Socket socket, boolean submission) throws IOException {
    return plaintext(new Session(socket), submission);
  }

  /** The capabilities before TLS, then STARTTLS: the socket is ready for a TLS handshake. */
  public List<String> upgrade(Socket socket) throws IOException {
    Session s = new Session(socket);
    List<String> caps = greet(s);
    startTls(s);
    return caps;
  }

  /** Guesses the dialogue from the well-known port, as {@code --starttls auto} does. */
  public static MailDialogue forPort(int port) {
    return switch (port) {
      case 25, 587, 465 -> SMTP;
      case 143, 993 -> IMAP;
      case 110, 995 -> POP3;
      default -> throw new IllegalArgumentException("no mail protocol known for port " + port);
    };
  }

  private static boolean contains(List<String> caps, String keyword) {
    return caps.stream().anyMatch(c -> c.equalsIgnoreCase(keyword));
  }

  private static void requireCode(List<String> reply, String code) throws ProtocolException {
    String last = reply.get(reply.size() - 1);
    if (!last.startsWith(code)) {
      throw new ProtocolException("expected " + code + ", server said: " + String.join(" | ", reply));
    }
  }

  /**
   * Line I/O on the plaintext socket. No read-ahead past a line: TLS starts right after.
   * Besides the socket's timeout for each read, the whole dialogue has a deadline of
   * {@link #DEADLINE_READS} read timeouts and a cap of {@link #MAX_BYTES}: a server dripping a
   * byte just within each read's timeout, or sending endless {@code 250-} lines, ends it.
   */
  static final class Session {
    static final int DEADLINE_READS = 6;
    static final int MAX_BYTES = 64 * 1024;
    private final Socket socket;
    private final OutputStream out;
    private final int readTimeoutMs;
    private final long deadline;
    private int bytesRead;

    Session(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
      this.readTimeoutMs = socket.getSoTimeout() > 0 ? socket.getSoTimeout() : 30_000;
      this.deadline = System.nanoTime() + (long) DEADLINE_READS * readTimeoutMs * 1_000_000L;
    }

    void send(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** One CRLF- or LF-terminated line, read byte by byte so nothing of TLS is consumed. */
    String line() throws IOException {
      StringBuilder b = new StringBuilder();
      var in = socket.getInputStream();
      for (int c = read(in, b); c != '\n'; c = read(in, b)) {
        if (c < 0) {
          throw new ProtocolException("connection closed by server after: " + b);
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
    }

    private int read(java.io.InputStream in, StringBuilder line) throws IOException {
      long leftMs = (deadline - System.nanoTime()) / 1_000_000;
      if (leftMs <= 0) {
        throw tooSlow(line);
      }
      if (++bytesRead > MAX_BYTES) {
        throw new ProtocolException("server sent more than " + MAX_BYTES
            + " bytes before TLS, at: " + abbreviated(line));
      }
      socket.setSoTimeout((int) Math.min(readTimeoutMs, leftMs));
      try {
        return in.read();
      } catch (java.net.SocketTimeoutException e) {
        if (leftMs < readTimeoutMs) {
          throw tooSlow(line);
        }
        throw e;
      } finally {
        socket.setSoTimeout(readTimeoutMs);
      }
    }

    private ProtocolException tooSlow(StringBuilder line) {
      return new ProtocolException("no complete dialogue within "
          + (long) DEADLINE_READS * readTimeoutMs / 1000 + " s (server too slow), at: "
          + abbreviated(line));
    }

    private static String abbreviated(StringBuilder line) {
      return line.length() > 80 ? line.substring(0, 80) + "..." : line.toString();
    }

    /** A complete SMTP reply: {@code 250-...} lines up to the {@code 250 ...} one. */
    List<String> smtpReply() throws IOException {
      List<String> lines = new ArrayList<>();
      String l;
      do {
        l = line();
        lines.add(l);
      } while (l.length() > 3 && l.charAt(3) == '-');
      return lines;
    }

    /** Sends a tagged IMAP command and reads until its tagged completion, which must be OK. */
    List<String> imapCommand(String tag, String command) throws IOException {
      List<String> reply = imapTagged(tag, command);
      String tagged = reply.remove(reply.size() - 1);
      if (!tagged.startsWith(tag + " OK")) {
        throw new ProtocolException(command.split(" ")[0] + " refused: " + tagged);
      }
      return reply;
    }

    /** After an IMAP command that may continue: the "+" line or the tagged completion. */
    String continuationOrTagged(String tag) throws IOException {
      String l;
      do {
        l = line();
      } while (!l.startsWith("+") && !l.startsWith(tag + " "));
      return l;
    }

    /** Sends a tagged IMAP command; returns the untagged lines, then the tagged completion. */
    List<String> imapTagged(String tag, String command) throws IOException {
      send(tag + " " + command);
      List<String> lines = new ArrayList<>();
      String l;
      do {
        l = line();
        lines.add(l);
      } while (!l.startsWith(tag + " "));
      return lines;
    }
  }
}
