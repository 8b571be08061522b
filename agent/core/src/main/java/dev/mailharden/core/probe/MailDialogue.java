package dev.mailharden.core.probe;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
  },
  IMAP {
    @Override
    List<String> greet(Session s) throws IOException {
      String greeting = s.line();
      if (!greeting.startsWith("* OK") && !greeting.startsWith("* PREAUTH")) {
        throw new ProtocolException("IMAP greeting was: " + greeting);
      }
      return s.imapCommand("c1", "CAPABILITY");
    }

    @Override
    void startTls(Session s) throws IOException {
      s.imapCommand("s1", "STARTTLS");
    }
  },
  POP3 {
    @Override
    List<String> greet(Session s) throws IOException {
      String greeting = s.line();
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
  };

  /** Reads the greeting and capabilities; returns the capability lines as the server sent them. */
  abstract List<String> greet(Session s) throws IOException;

  /** Asks for TLS; returns when the server said yes, so the handshake can start. */
  abstract void startTls(Session s) throws IOException;

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

  private static void requireCode(List<String> reply, String code) throws ProtocolException {
    String last = reply.get(reply.size() - 1);
    if (!last.startsWith(code)) {
      throw new ProtocolException("expected " + code + ", server said: " + String.join(" | ", reply));
    }
  }

  /** Line I/O on the plaintext socket. No read-ahead past a line: TLS starts right after. */
  static final class Session {
    private final Socket socket;
    private final OutputStream out;

    Session(Socket socket) throws IOException {
      this.socket = socket;
      this.out = socket.getOutputStream();
    }

    void send(String command) throws IOException {
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
    }

    /** One CRLF- or LF-terminated line, read byte by byte so nothing of TLS is consumed. */
    String line() throws IOException {
      StringBuilder b = new StringBuilder();
      var in = socket.getInputStream();
      for (int c = in.read(); c != '\n'; c = in.read()) {
        if (c < 0) {
          throw new ProtocolException("connection closed by server after: " + b);
        }
        if (c != '\r') {
          b.append((char) c);
        }
      }
      return b.toString();
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
      send(tag + " " + command);
      List<String> untagged = new ArrayList<>();
      for (String l = line(); ; l = line()) {
        if (l.startsWith(tag + " ")) {
          if (!l.startsWith(tag + " OK")) {
            throw new ProtocolException(command + " refused: " + l);
          }
          return untagged;
        }
        untagged.add(l);
      }
    }
  }
}
