package dev.cryptostream.pipeline.resume;

import java.io.Serializable;

/**
 * One candle: an instrument ({@code exchange:symbol}) and the start of its window, in microseconds.
 */
record CandleWindow(String instrument, long startMicros) implements Serializable {
  private static final long serialVersionUID = 1L;

  static CandleWindow of(String exchange, String symbol, long startMicros) {
    return new CandleWindow(exchange + ":" + symbol, startMicros);
  }

  /**
   * The start of the fixed window (aligned to the epoch, as Beam's FixedWindows) holding a time.
   */
  static long startOf(long timeMicros, long sizeMicros) {
    return timeMicros - Math.floorMod(timeMicros, sizeMicros);
  }
}
