package dev.cryptostream.producers.replay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Lines of a file as raw bytes: a replay must publish a line that is not UTF-8 exactly as it is (a
 * character reader would fail on it or replace its bytes). A line ends at {@code \n}; one {@code
 * \r} before it is dropped, as a text reader would.
 */
final class ByteLines implements AutoCloseable {
  private final InputStream in;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  ByteLines(InputStream in) {
    this.in = in instanceof BufferedInputStream ? in : new BufferedInputStream(in, 1 << 16);
  }

  /** The next line without its terminator, or null at the end of the input. */
  byte[] next() throws IOException {
    line.reset();
    int b;
    boolean any = false;
    while ((b = in.read()) >= 0) {
      any = true;
      if (b == '\n') {
        break;
      }
      line.write(b);
    }
    if (!any) {
      return null;
    }
    byte[] bytes = line.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] == '\r') {
      return java.util.Arrays.copyOf(bytes, bytes.length - 1);
    }
    return bytes;
  }

  /** Only ASCII white space (or nothing): skipped by replays, like blank text lines. */
  static boolean isBlank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\f' && b != 0x0B) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
