package dev.cryptostream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** One run of the producers' command line in this JVM, with what it printed. */
public final class CliRun {
  public final int exitCode;
  public final String out;
  public final String err;

  private CliRun(int exitCode, String out, String err) {
    this.exitCode = exitCode;
    this.out = out;
    this.err = err;
  }

  /** Runs {@code producers ARGS...}. */
  public static CliRun run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        ProducerCli.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Parses {@code producers SUBCOMMAND OPTIONS...} without running it; the subcommand object. */
  public static <T> T parse(String subcommand, String... options) {
    List<String> args = new ArrayList<>(List.of(subcommand));
    args.addAll(List.of(options));
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    CommandLine.ParseResult parsed =
        ProducerCli.commandLine(quiet, quiet).parseArgs(args.toArray(String[]::new));
    return parsed.subcommand().commandSpec().commandLine().getCommand();
  }

  /** Exit code 2 and one line on stderr that starts with {@code start} and names the help. */
  public void assertUsageError(String start) {
    assertEquals(2, exitCode, this::toString);
    assertTrue(err.startsWith(start), () -> "expected a line starting with " + start + ": " + this);
    assertEquals(1, err.lines().count(), () -> "one line: " + this);
    assertTrue(err.matches("(?s).*; see 'producers( [a-z-]+)? --help'\\R"), this::toString);
    assertEquals("", out, this::toString);
  }

  /** Exit code 0 and nothing on stderr; what was printed. */
  public String assertSuccess() {
    assertEquals(0, exitCode, this::toString);
    assertEquals("", err, this::toString);
    return out;
  }

  /** The project version, as the build passed it to the tests. */
  public void assertVersion() {
    String version = System.getProperty("project.version");
    assertTrue(version != null && !version.isBlank(), "the build passes project.version");
    assertEquals("producers " + version + System.lineSeparator(), assertSuccess());
  }

  @Override
  public String toString() {
    return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
  }
}
