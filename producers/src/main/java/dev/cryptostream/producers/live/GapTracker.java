package dev.cryptostream.producers.live;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows the newest trade id per symbol across reconnects. Venue trade ids are consecutive per
 * symbol, so a jump is a gap and an id at or below the newest is a duplicate (normal after a
 * reconnect, or a replayed last trade).
 */
public final class GapTracker {

  /** What an observed id range means. */
  public sealed interface Outcome {}

  /** The first trade seen for the symbol: nothing to compare with. */
  public record First() implements Outcome {}

  /** Directly follows (or partly overlaps) what was seen. */
  public record Next() implements Outcome {}

  /** Entirely at or below the newest id seen. */
  public record Duplicate() implements Outcome {}

  /** Ids between the newest seen and this range never arrived. */
  public record Missing(Gap gap) implements Outcome {}

  private record Newest(long id, Instant time) {}

  private final Map<String, Newest> newest = new HashMap<>();

  /** Records trades {@code firstId..lastId} of a symbol, traded at {@code time}. */
  public synchronized Outcome observe(String symbol, long firstId, long lastId, Instant time) {
    Newest seen = newest.get(symbol);
    if (seen == null) {
      newest.put(symbol, new Newest(lastId, time));
      return new First();
    }
    if (lastId <= seen.id()) {
      return new Duplicate();
    }
    newest.put(symbol, new Newest(lastId, time));
    if (firstId > seen.id() + 1) {
      return new Missing(new Gap(symbol, seen.id() + 1, firstId - 1, seen.time()));
    }
    return new Next();
  }

  /**
   * The venue reports the newest trade id of a symbol (Coinbase heartbeat): ids above what was seen
   * are missing. Without a previous trade there is no baseline and nothing is reported.
   */
  public synchronized Outcome observeNewest(String symbol, long lastTradeId) {
    Newest seen = newest.get(symbol);
    if (seen == null || lastTradeId <= seen.id()) {
      return seen == null ? new First() : new Duplicate();
    }
    newest.put(symbol, new Newest(lastTradeId, seen.time()));
    return new Missing(new Gap(symbol, seen.id() + 1, lastTradeId, seen.time()));
  }
}
