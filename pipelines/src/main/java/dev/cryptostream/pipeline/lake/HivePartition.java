package dev.cryptostream.pipeline.lake;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Hive-style partition paths, dt=YYYY-MM-DD/hour=HH, in UTC. */
public final class HivePartition {
  private static final DateTimeFormatter PATH =
      DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

  private HivePartition() {}

  public static String of(long epochMicros) {
    return PATH.format(Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L)));
  }
}
