package dev.cryptostream.pipeline.model;

import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Epoch-microsecond helpers: the pipeline keeps every time as epoch microseconds. */
public final class Micros {
  private Micros() {}

  public static long of(Instant t) {
    return Math.addExact(
        TimeUnit.SECONDS.toMicros(t.getEpochSecond()), t.getNano() / 1_000L);
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static long now() {
    return of(Instant.now());
  }

  public static org.joda.time.Instant toJoda(long micros) {
    return new org.joda.time.Instant(Math.floorDiv(micros, 1_000L));
  }
}
