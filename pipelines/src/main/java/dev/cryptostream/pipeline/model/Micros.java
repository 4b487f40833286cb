package dev.cryptostream.pipeline.model;

import java.time.Instant;

/** Epoch-microsecond helpers: the pipeline keeps every time as epoch microseconds. */
public final class Micros {
  private Micros() {}

  public static long of(Instant t) {
    // Exact arithmetic: an absurd year must fail (and be dead-lettered), not saturate silently.
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000L);
  }

  public static Instant toInstant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  public static long now() {
    return of(Instant.now());
  }

  public static org.joda.time.Instant toJoda(long micros) {
    return org.joda.time.Instant.ofEpochMilli(Math.floorDiv(micros, 1_000L));
  }
}
