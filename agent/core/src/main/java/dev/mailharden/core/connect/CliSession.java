package dev.mailharden.core.connect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.sshd.client.channel.ChannelShell;

/**
 * An interactive command-line session on an appliance that has no POSIX shell: a shell
 * channel with a terminal, one answer at a time, each followed by a read until the
 * appliance waits for input again (its prompt). Every wait has a deadline. Each
 * {@link Exchange} checks that the prompt it brings is the one expected, so a dialogue never
 * answers a question it did not foresee: the caller aborts instead (uncommitted changes die
 * with the session).
 */
public final class CliSession implements AutoCloseable {

  /**
   * One step of a dialogue: the line to type at the prompt the session rests at, and the
   * prompt expected next (a regular expression found in the question the answer brings),
   * with a readable name for that prompt.
   */
  public record Exchange(String answer, Pattern expectNext, String prompt) {
    /** The expected prompt named by its own pattern. */
    public static Exchange of(String answer, String expectNextRegex) {
      return of(answer, expectNextRegex, expectNextRegex);
    }

    public static Exchange of(String answer, String expectNextRegex, String promptName) {
      return new Exchange(answer, Pattern.compile(expectNextRegex), promptName);
    }

    /** As shown in check mode: the line typed and the prompt awaited after it. */
    @Override
    public String toString() {
      return "send " + (answer.isEmpty() ? "(Enter)" : "'" + answer + "'") + ", expect "
          + prompt;
    }
  }

  /** The appliance showed a prompt the dialogue did not expect: nothing more was sent. */
  public static final class UnexpectedPromptException extends ConnectionException {
    public UnexpectedPromptException(String host, String expected, String got) {
      super(host, Kind.DIALOGUE, "unexpected prompt: expected " + expected + " but the"
          + " appliance asked: " + got.strip().replace("\n", " / "));
    }
  }

  private final String host;
  private final ChannelShell channel;
  private final InputStream in;
  private final OutputStream out;
  private final Pattern promptEnd;
  private final Duration timeout;
  private final List<String> sent = new ArrayList<>();
  private final StringBuilder transcript = new StringBuilder();

  CliSession(String host, ChannelShell channel, Pattern promptEnd, Duration timeout) {
    this.host = host;
    this.channel = channel;
    this.in = channel.getInvertedOut();
    this.out = channel.getInvertedIn();
    this.promptEnd = promptEnd;
    this.timeout = timeout;
  }

  /**
   * Reads until the screen ends in a prompt (the appliance waits for input) and returns the
   * screen since the last answer, prompt included.
   */
  public String awaitPrompt() throws ConnectionException {
    long deadline = System.nanoTime() + timeout.toNanos();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    try {
      while (true) {
        String text = screen.toString(StandardCharsets.UTF_8);
        if (promptEnd.matcher(text).find() && in.available() == 0) {
          // A prompt at the end with nothing more queued: wait a moment for a late line.
          Thread.sleep(30);
          if (in.available() == 0) {
            transcript.append(text);
            return text.replace("\r", "");
          }
        }
        if (System.nanoTime() > deadline) {
          throw new ConnectionException(host, ConnectionException.Kind.DIALOGUE,
              "no prompt within " + timeout.toSeconds() + " s; the appliance last showed: "
                  + tail(text));
        }
        if (in.available() > 0) {
          int n = in.read(buf, 0, Math.min(buf.length, in.available()));
          if (n < 0) {
            throw closed(text);
          }
          screen.write(buf, 0, n);
        } else if (channel.isClosed() || channel.isClosing()) {
          throw closed(text);
        } else {
          Thread.sleep(10);
        }
      }
    } catch (IOException e) {
      throw new ConnectionException(host, ConnectionException.Kind.CONNECTION_LOST,
          "CLI session lost: " + SshTransport.rootMessage(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectionException(host, ConnectionException.Kind.DIALOGUE, "interrupted", e);
    }
  }

  /** Types one line (the appliance reads it as its answer to the prompt on screen). */
  public void send(String line) throws ConnectionException {
    try {
      out.write((line + "\r").getBytes(StandardCharsets.UTF_8));
      out.flush();
      sent.add(line);
    } catch (IOException e) {
      throw new ConnectionException(host, ConnectionException.Kind.CONNECTION_LOST,
          "CLI session lost while sending: " + SshTransport.rootMessage(e), e);
    }
  }

  /**
   * Types the answer, waits for the next prompt and checks it is the expected one; returns
   * that screen. An unexpected prompt throws {@link UnexpectedPromptException}: the caller
   * answers nothing more.
   */
  public String exchange(Exchange e) throws ConnectionException {
    send(e.answer());
    return expect(e.expectNext(), e.prompt());
  }

  /**
   * Waits for the next prompt and checks that its question (the screen's last paragraph)
   * matches {@code prompt} ({@code name} in errors); returns the whole screen.
   */
  public String expect(Pattern prompt, String name) throws ConnectionException {
    String screen = awaitPrompt();
    String question = question(screen);
    if (!prompt.matcher(question).find()) {
      throw new UnexpectedPromptException(host, name, question);
    }
    return screen;
  }

  /** The last paragraph of a screen (after its last blank line): the question asked. */
  static String question(String screen) {
    String[] paragraphs = screen.stripLeading().split("\n[ \t]*\n");
    return paragraphs[paragraphs.length - 1];
  }

  /** Runs a dialogue step by step; returns the screen the last answer brought. */
  public String walk(List<Exchange> dialogue) throws ConnectionException {
    String last = "";
    for (Exchange e : dialogue) {
      last = exchange(e);
    }
    return last;
  }

  /** Every line typed in this session, in order. */
  public List<String> sent() {
    return List.copyOf(sent);
  }

  public String hostName() {
    return host;
  }

  private ConnectionException closed(String text) {
    return new ConnectionException(host, ConnectionException.Kind.CONNECTION_LOST,
        "the appliance closed the CLI session; it last showed: " + tail(text));
  }

  /** The last lines of a screen: enough to recognise a prompt in an error message. */
  private static String tail(String text) {
    String[] lines = text.replace("\r", "").strip().split("\n");
    int from = Math.max(0, lines.length - 3);
    return String.join(" / ", java.util.Arrays.copyOfRange(lines, from, lines.length));
  }

  @Override
  public void close() throws IOException {
    channel.close(false);
  }
}
