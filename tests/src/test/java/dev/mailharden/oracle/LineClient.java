package dev.mailharden.oracle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A deliberately plain mail client for tests, independent of mailharden's prober: send a
 * line, read lines until the reply is complete, and upgrade to TLS when asked.
 */
public final class LineClient implements AutoCloseable {

  private Socket socket;
  private InputStream in;
  private OutputStream out;

  public LineClient(String address, int port) throws IOException {
    this(address, port, null);
  }

  /** From a chosen local source address (null: the kernel's choice). */
  public LineClient(String address, int port, java.net.InetAddress source) throws IOException {
    socket = new Socket();
    if (source != null) {
      socket.bind(new InetSocketAddress(source, 0));
    }
    socket.connect(new InetSocketAddress(address, port), 5000);
    socket.setSoTimeout(10_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  /** Implicit TLS from the first byte (465, 993, 995). */
  public static LineClient tls(String address, int port, SSLContext ctx, String name)
      throws IOException {
    LineClient c = new LineClient(address, port);
    c.startTls(ctx, name);
    return c;
  }

  public void startTls(SSLContext ctx, String name) throws IOException {
    SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(socket, name,
        socket.getPort(), true);
    s.startHandshake();
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  public String line() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("closed after: " + b);
      }
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return b.toString();
  }

  public void send(String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** An SMTP reply: lines up to the one with a space after the code. */
  public List<String> smtp() throws IOException {
    List<String> lines = new ArrayList<>();
    String l;
    do {
      l = line();
      lines.add(l);
    } while (l.length() > 3 && l.charAt(3) == '-');
    return lines;
  }

  public List<String> smtp(String command) throws IOException {
    send(command);
    return smtp();
  }

  /** Lines up to the tagged completion of an IMAP command. */
  public List<String> imap(String tag, String command) throws IOException {
    send(tag + " " + command);
    List<String> lines = new ArrayList<>();
    String l;
    do {
      l = line();
      lines.add(l);
    } while (!l.startsWith(tag + " "));
    return lines;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
