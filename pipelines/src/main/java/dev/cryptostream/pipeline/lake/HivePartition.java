package dev.cryptostream.pipeline.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Hive-style partition paths, dt=YYYY-MM-DD/hour=HH, in UTC. */
public final class HivePartition {
  private static final DateTimeFormatter PATH =
      DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);
  private static final long HOUR_MICROS = 3_600_000_000L;

  /** The last hour formatted (every row asks, and rows come hour by hour). */
  private record Formatted(long hour, String path) {}

  private static volatile Formatted last = new Formatted(Long.MIN_VALUE, null);

  private HivePartition() {}

  public static String of(long epochMicros) {
    long hour = Math.floorDiv(epochMicros, HOUR_MICROS);
    Formatted f = last;
    if (f.hour() != hour) {
      f = new Formatted(hour, PATH.format(Instant.ofEpochSecond(hour * 3_600L)));
      last = f;
    }
    return f.path();
  }
}
