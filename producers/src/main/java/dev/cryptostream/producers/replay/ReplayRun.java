package dev.cryptostream.producers.replay;

import dev.cryptostream.contracts.Utf8;
import dev.cryptostream.producers.simulator.SimulationRun.RecordSink;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replays a file of canonical trade events (NDJSON, one event per line) into Kafka: at the recorded
 * pace, N times faster, or as fast as possible. Each event keeps its key (exchange:symbol) and its
 * trade time as the record time. A line that is not a recognisable event (not UTF-8, no exchange,
 * symbol or trade time, or a trade time before 1970 that no Kafka record time can carry) is still
 * published, with its bytes unchanged and unkeyed, so the pipeline dead-letters it: a replay never
 * drops input silently.
 *
 * <p>Such a line has no event time of its own, and its record timestamp must not disturb the event
 * time of the history being replayed: it gets the trade time of the last recognised event before it
 * in the file; lines before the first recognised event get that first event's time (the file is
 * scanned up to it before the replay starts). Only a file with no recognised event at all stamps
 * its lines with the wall clock at the start: there is no event time in it to disturb. (Nor can a
 * pipe be scanned ahead: there, lines before the first event get the wall clock too.)
 */
public final class ReplayRun {
  // The contract forbids quotes in these three fields, so a targeted match is exact for them.
  private static final Pattern EXCHANGE = Pattern.compile("\"exchange\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern SYMBOL = Pattern.compile("\"symbol\"\\s*:\\s*\"([^\"]*)\"");
  private static final Pattern TRADE_TIME = Pattern.compile("\"trade_time\"\\s*:\\s*\"([^\"]*)\"");

  private static final Instant LATEST_RECORD_TIME = Instant.ofEpochMilli(Long.MAX_VALUE);

  /** Sleeps for the given nanoseconds; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  /**
   * What a replay did.
   *
   * @param unrecognised lines published as they are, unkeyed ({@code notUtf8} of them not UTF-8)
   */
  public record Result(
      long events, long unrecognised, long notUtf8, long blankLines, long sleptNanos) {}

  /** A line read as a canonical event: its key and trade time. */
  private record Recognised(String key, Instant tradeTime) {}

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

  /**
   * Sends every non-blank line of {@code file} to {@code sink}, events paced by their trade time.
   *
   * @param wallClockMillis only for a file without any recognised event (see the class comment)
   */
  public Result run(Path file, RecordSink sink, LongSupplier wallClockMillis)
      throws IOException, InterruptedException {
    long events = 0;
    long unrecognised = 0;
    long notUtf8 = 0;
    long blank = 0;
    // A pipe cannot be read twice: there, lines before the first event fall back to the wall clock.
    Instant first = Files.isRegularFile(file) ? firstEventTime(file) : null;
    long stampForUnrecognised = first != null ? first.toEpochMilli() : wallClockMillis.getAsLong();
    ReplayPacer pacer = new ReplayPacer(speed, sleeper);
    try (ByteLines lines = new ByteLines(Files.newInputStream(file))) {
      byte[] line;
      while ((line = lines.next()) != null) {
        if (ByteLines.isBlank(line)) {
          blank++;
          continue;
        }
        String text = utf8(line);
        Recognised r = text == null ? null : recognise(text);
        if (r == null) {
          unrecognised++;
          notUtf8 += text == null ? 1 : 0;
          sink.send(null, line, stampForUnrecognised);
          continue;
        }
        pacer.awaitTurn(r.tradeTime());
        stampForUnrecognised = r.tradeTime().toEpochMilli();
        sink.send(r.key(), line, stampForUnrecognised);
        events++;
      }
    }
    return new Result(events, unrecognised, notUtf8, blank, pacer.sleptNanos());
  }

  /** The trade time of the file's first recognised event, or null: read only up to that event. */
  static Instant firstEventTime(Path file) throws IOException {
    try (ByteLines lines = new ByteLines(Files.newInputStream(file))) {
      byte[] line;
      while ((line = lines.next()) != null) {
        String text = utf8(line);
        Recognised r = text == null ? null : recognise(text);
        if (r != null) {
          return r.tradeTime();
        }
      }
    }
    return null;
  }

  private static String utf8(byte[] line) {
    try {
      return Utf8.decodeStrict(line);
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static Recognised recognise(String line) {
    Instant tradeTime = parseInstant(field(TRADE_TIME, line));
    String exchange = field(EXCHANGE, line);
    String symbol = field(SYMBOL, line);
    // A Kafka record time is non-negative epoch milliseconds: a time outside that cannot be one.
    if (tradeTime == null
        || exchange == null
        || symbol == null
        || tradeTime.isBefore(Instant.EPOCH)
        || tradeTime.isAfter(LATEST_RECORD_TIME)) {
      return null;
    }
    return new Recognised(exchange + ":" + symbol, tradeTime);
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
