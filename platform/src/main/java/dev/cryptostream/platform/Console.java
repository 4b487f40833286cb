package dev.cryptostream.platform;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/** The launcher's output: {@code [local]} lines as things happen, plain lines for the reports. */
final class Console {
  private final PrintStream out;
  private final Instant started;

  Console(PrintStream out, Instant started) {
    this.out = out;
    this.started = started;
  }

  void say(String format, Object... args) {
    out.printf("[local] " + format + "%n", args);
    out.flush();
  }

  void println(String line) {
    out.println(line);
  }

  void printf(String format, Object... args) {
    out.printf(format, args);
  }

  /** Seconds since the run started. */
  double elapsedSeconds() {
    return secondsSince(started);
  }

  static double secondsSince(Instant t) {
    return Duration.between(t, Instant.now()).toMillis() / 1000.0;
  }
}
