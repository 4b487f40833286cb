package dev.cryptostream.producers.live;

import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Follows the newest trade id per symbol across reconnects. Venue trade ids are consecutive per
 * symbol, so a jump is a gap and an id at or below the newest is a duplicate (normal after a
 * reconnect, or a replayed last trade) — unless it falls in a gap still open for backfill: then it
 * is the missing trade arriving late over the socket (two sessions overlapping during a rotation, a
 * heartbeat ahead of its match), and it is published, and claimed so the backfill skips it. Each id
 * of an open gap is claimed at most once, by whichever source delivers it first; an aggregated
 * trade (OKX {@code count} > 1) covering several ids is claimed whole or not at all, so a range
 * part of which the backfill already published is not published again.
 */
public final class GapTracker {

  /** What an observed id range means, and whether its trade is to be published. */
  public sealed interface Outcome {
    /** False when publishing the trade would count some of its ids a second time. */
    default boolean publish() {
      return true;
    }
  }

  /** The first trade seen for the symbol: nothing to compare with. */
  public record First() implements Outcome {}

  /** Directly follows what was seen. */
  public record Next() implements Outcome {}

  /** At or below the newest id seen (and not all of it missing): not published. */
  public record Duplicate() implements Outcome {
    @Override
    public boolean publish() {
      return false;
    }
  }

  /** Ids between the newest seen and this range never arrived. */
  public record Missing(Gap gap) implements Outcome {}

  /**
   * Below the newest id, but all of it in an open gap and not yet claimed: the late missing trade
   * itself.
   */
  public record Recovered() implements Outcome {}

  /**
   * A range (an aggregate of several fills) that reaches past the newest id but also covers ids
   * already published: it cannot be split, so it is not published, and its new ids are a gap for
   * the backfill, which brings them one fill at a time.
   */
  public record Overlap(Gap gap) implements Outcome {
    @Override
    public boolean publish() {
      return false;
    }
  }

  private record Newest(long id, Instant time) {}

  /** A gap waiting for its backfill; {@code claimed} marks ids already published. */
  private record OpenGap(Gap gap, BitSet claimed) {
    /**
     * Claims {@code from..to} when all of it lies in this gap and none of it was published yet;
     * otherwise claims nothing: a range is published whole or not at all, so no id counts twice.
     */
    boolean claimAll(long from, long to) {
      if (from < gap.fromId() || to > gap.toId()) {
        return false;
      }
      int a = (int) (from - gap.fromId());
      int b = (int) (to - gap.fromId()) + 1;
      if (claimed.nextSetBit(a) >= 0 && claimed.nextSetBit(a) < b) {
        return false;
      }
      claimed.set(a, b);
      return true;
    }
  }

  private final Map<String, Newest> newest = new HashMap<>();
  private final Map<String, List<OpenGap>> open = new HashMap<>();

  /** Records trades {@code firstId..lastId} of a symbol, traded at {@code time}. */
  public synchronized Outcome observe(String symbol, long firstId, long lastId, Instant time) {
    Newest seen = newest.get(symbol);
    if (seen == null) {
      newest.put(symbol, new Newest(lastId, time));
      return new First();
    }
    if (lastId <= seen.id()) {
      return claimLate(symbol, firstId, lastId) ? new Recovered() : new Duplicate();
    }
    newest.put(symbol, new Newest(lastId, time));
    if (firstId > seen.id() + 1) {
      return new Missing(new Gap(symbol, seen.id() + 1, firstId - 1, seen.time()));
    }
    if (firstId <= seen.id() && !claimLate(symbol, firstId, seen.id())) {
      return new Overlap(new Gap(symbol, seen.id() + 1, lastId, seen.time()));
    }
    return new Next();
  }

  private boolean claimLate(String symbol, long firstId, long lastId) {
    for (OpenGap g : open.getOrDefault(symbol, List.of())) {
      if (g.claimAll(firstId, lastId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Holds {@code gap} open until {@link #close}: its ids may still arrive over the socket. Called
   * for gaps that will be backfilled.
   */
  public synchronized void open(Gap gap) {
    if (gap.size() > Integer.MAX_VALUE - 1) {
      throw new IllegalArgumentException("gap too large to track: " + gap.size());
    }
    open.computeIfAbsent(gap.symbol(), s -> new ArrayList<>())
        .add(new OpenGap(gap, new BitSet((int) gap.size())));
  }

  /** Claims one id of an open gap for the backfill: true when nobody published it yet. */
  public synchronized boolean claim(Gap gap, long id) {
    for (OpenGap g : open.getOrDefault(gap.symbol(), List.of())) {
      if (g.gap().equals(gap)) {
        return g.claimAll(id, id);
      }
    }
    return false;
  }

  /** Ids of the gap nobody has published yet. */
  public synchronized long unclaimed(Gap gap) {
    for (OpenGap g : open.getOrDefault(gap.symbol(), List.of())) {
      if (g.gap().equals(gap)) {
        return gap.size() - g.claimed().cardinality();
      }
    }
    return 0;
  }

  /** The backfill is over: later copies of the gap's ids are duplicates again. */
  public synchronized void close(Gap gap) {
    List<OpenGap> gaps = open.get(gap.symbol());
    if (gaps != null) {
      gaps.removeIf(g -> g.gap().equals(gap));
    }
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
