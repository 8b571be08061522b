package dev.mailharden.core.connect;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits bytes into UTF-8 lines (without their end of line) for a consumer. Only the current
 * line is held; a line longer than {@link #MAX_LINE} bytes is cut there, so a host cannot make
 * the controller hold unbounded output.
 */
final class LineOutputStream extends OutputStream {

  static final int MAX_LINE = 64 * 1024;

  private final Consumer<String> lines;
  private final ByteArrayOutputStream current = new ByteArrayOutputStream(256);

  LineOutputStream(Consumer<String> lines) {
    this.lines = lines;
  }

  @Override
  public void write(int b) {
    if (b == '\n') {
      emit();
    } else if (current.size() < MAX_LINE) {
      current.write(b);
    }
  }

  @Override
  public void write(byte[] b, int off, int len) {
    int start = off;
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        current.write(b, start, Math.min(i - start, Math.max(0, MAX_LINE - current.size())));
        emit();
        start = i + 1;
      }
    }
    current.write(b, start, Math.min(off + len - start, Math.max(0, MAX_LINE - current.size())));
  }

  /** A last line without its newline. */
  void flushLast() {
    if (current.size() > 0) {
      emit();
    }
  }

  private void emit() {
    int n = current.size();
    String line = current.toString(StandardCharsets.UTF_8);
    current.reset();
    lines.accept(n > 0 && line.charAt(line.length() - 1) == '\r'
        ? line.substring(0, line.length() - 1) : line);
  }
}
