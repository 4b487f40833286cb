package dev.cryptostream.producers.replay;

import dev.cryptostream.producers.simulator.SimulationRun.RecordSink;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a file of canonical trade events (NDJSON, one event per line) into Kafka: at the
 * recorded pace, N times faster, or as fast as possible. Each event keeps its key
 * (exchange:symbol) and its trade time as the record time. A line that is not a recognisable
 * event is still published, unchanged and unkeyed, so the pipeline dead-letters it: a replay never
 * drops input silently.
 */
public final class ReplayRun {
  // The contract forbids quotes in these three fields, so a targeted match is exact for them.
  private static final Pattern EXCHANGE = Pattern.compile("\"exchange\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern SYMBOL = Pattern.compile("\"symbol\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern TRADE_TIME = Pattern.compile("\"trade_time\"\\s*:\\s*\"([^\"]*)\"");

  /** Sleeps for the given nanoseconds; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /** What a replay did. */
  public record Result(long events, long unrecognised, long blankLines, long sleptNanos) {}

  private final double speed;
  private final Sleeper sleeper;

  /**
   * @param speed 1 for the recorded pace, N for N times faster, 0 or less for as fast as possible
   */
  public ReplayRun(double speed, Sleeper sleeper) {
    if (Double.isNaN(speed)) {
      throw new IllegalArgumentException("speed must be a number");
    }
    this.speed = speed;
    this.sleeper = sleeper;
  }

  public Result run(BufferedReader lines, RecordSink sink, java.util.function.LongSupplier nowMillis)
      throws IOException, InterruptedException {
    long events = 0;
    long unrecognised = 0;
    long blank = 0;
    ReplayPacer pacer = new ReplayPacer(speed, sleeper);
    String line;
    while ((line = lines.readLine()) != null) {
      if (line.isBlank()) {
        blank++;
        continue;
      }
      Instant tradeTime = parseInstant(field(TRADE_TIME, line));
      String exchange = field(EXCHANGE, line);
      String symbol = field(SYMBOL, line);
      byte[] value = line.getBytes(StandardCharsets.UTF_8);
      if (tradeTime == null || exchange == null || symbol == null) {
        unrecognised++;
        sink.send(null, value, nowMillis.getAsLong());
        continue;
      }
      pacer.awaitTurn(tradeTime);
      sink.send(exchange + ":" + symbol, value, tradeTime.toEpochMilli());
      events++;
    }
    return new Result(events, unrecognised, blank, pacer.sleptNanos());
  }

  private static String field(Pattern p, String line) {
    Matcher m = p.matcher(line);
    return m.find() ? m.group(1) : null;
  }

  private static Instant parseInstant(String s) {
    if (s == null) {
      return null;
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
