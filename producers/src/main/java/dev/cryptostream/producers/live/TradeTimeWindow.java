package dev.cryptostream.producers.live;

import java.time.Duration;
import java.time.Instant;

/**
 * How far a venue's trade time may lie from the time it is checked against, so that a time in the
 * wrong unit (Binance microseconds read as milliseconds: year 58607; seconds read as milliseconds:
 * 1970) is dead-lettered instead of published. A trade on a live socket is checked against its
 * receive time; a backfilled trade against the gap it fills: not older than the trade before the
 * gap by more than {@code maxAge}, not later than the fetch by more than {@code maxAhead}.
 *
 * @param maxAge how much older than the reference a trade may be; null for no limit (replays of
 *     history, where the only reference is today)
 * @param maxAhead how much later than the reference a trade may be (clock skew between the venue
 *     and this machine)
 */
public record TradeTimeWindow(Duration maxAge, Duration maxAhead) {
  /**
   * A day back covers a venue replaying its last trade of a quiet market; a minute ahead covers
   * clock skew.
   */
  public static final TradeTimeWindow LIVE_DEFAULT =
      new TradeTimeWindow(Duration.ofHours(24), Duration.ofMinutes(1));

  public TradeTimeWindow {
    if (maxAhead == null || maxAhead.isNegative() || (maxAge != null && maxAge.isNegative())) {
      throw new IllegalArgumentException("trade time window bounds must be non-negative");
    }
  }

  /** No lower bound: for history, where the trade times are old by nature. */
  public static TradeTimeWindow history(Duration maxAhead) {
    return new TradeTimeWindow(null, maxAhead);
  }

  /** Checks a trade time received at {@code receivedAt}. */
  public void check(Instant tradeTime, Instant receivedAt) throws FrameException {
    check(tradeTime, receivedAt, receivedAt, "receive time");
  }

  /**
   * Checks a trade time against {@code earliest - maxAge .. latest + maxAhead}.
   *
   * @param what names the reference in the reason
   */
  public void check(Instant tradeTime, Instant earliest, Instant latest, String what)
      throws FrameException {
    if (tradeTime.isAfter(latest.plus(maxAhead))) {
      throw new FrameException(
          "trade time "
              + tradeTime
              + " is more than "
              + text(maxAhead)
              + " after the "
              + what
              + " "
              + latest
              + " (wrong time unit?)");
    }
    if (maxAge != null && tradeTime.isBefore(earliest.minus(maxAge))) {
      throw new FrameException(
          "trade time "
              + tradeTime
              + " is more than "
              + text(maxAge)
              + " before the "
              + what
              + " "
              + earliest
              + " (wrong time unit?)");
    }
  }

  private static String text(Duration d) {
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
