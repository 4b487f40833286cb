package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.combine.Partial;
import dev.cryptostream.pipeline.model.Trade;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.TreeMap;

/**
 * Prices of one instrument in one window, kept as per-second buckets (highest and lowest trade,
 * each with its time) so memory is bounded by the window length, not the trade rate. Buckets merge
 * in any order, which lets Beam combine partial results; the largest drop is found at the end by
 * walking the buckets in time order.
 *
 * <p>Precision: across seconds the drop is exact; inside one second only a high that comes no later
 * than that second's low counts, so an intra-second dip followed by a rebound to a new high is seen
 * one second coarser.
 */
public final class DrawdownAccumulator implements Partial<Trade, DrawdownAccumulator> {
  private static final long serialVersionUID = 1L;

  static final long BUCKET_MICROS = 1_000_000L;

  /** Highest and lowest price inside one second, each with its trade time. */
  record Bucket(BigDecimal high, long highTime, BigDecimal low, long lowTime)
      implements Serializable {
    private static final long serialVersionUID = 1L;

    Bucket merge(Bucket o) {
      boolean keepHigh =
          high.compareTo(o.high) > 0 || (high.compareTo(o.high) == 0 && highTime <= o.highTime);
      boolean keepLow =
          low.compareTo(o.low) < 0 || (low.compareTo(o.low) == 0 && lowTime >= o.lowTime);
      return new Bucket(
          keepHigh ? high : o.high, keepHigh ? highTime : o.highTime,
          keepLow ? low : o.low, keepLow ? lowTime : o.lowTime);
    }
  }

  /** The largest fall from a peak to a later low. */
  public record Drop(
      BigDecimal fromPrice, long fromTime, BigDecimal toPrice, long toTime, double percent) {}

  private final TreeMap<Long, Bucket> buckets = new TreeMap<>();

  @Override
  public DrawdownAccumulator add(Trade t) {
    return add(t.price(), t.tradeTimeMicros());
  }

  public DrawdownAccumulator add(BigDecimal price, long timeMicros) {
    buckets.merge(
        Math.floorDiv(timeMicros, BUCKET_MICROS),
        new Bucket(price, timeMicros, price, timeMicros),
        Bucket::merge);
    return this;
  }

  @Override
  public DrawdownAccumulator merge(DrawdownAccumulator other) {
    other.buckets.forEach((second, b) -> buckets.merge(second, b, Bucket::merge));
    return this;
  }

  int bucketCount() {
    return buckets.size();
  }

  boolean isEmpty() {
    return buckets.isEmpty();
  }

  /** True when a trade lies in the seconds [fromSecond, toSecond). */
  boolean hasBucketsIn(long fromSecond, long toSecond) {
    Long first = buckets.ceilingKey(fromSecond);
    return first != null && first < toSecond;
  }

  /** Forgets the seconds before {@code second}. */
  void forgetBefore(long second) {
    buckets.headMap(second).clear();
  }

  /** The buckets in time order, keyed by second: what the coder writes. */
  java.util.NavigableMap<Long, Bucket> buckets() {
    return buckets;
  }

  /** The largest drop in time order, or null when prices never fell. */
  public Drop largestDrop() {
    return largestDrop(buckets.values());
  }

  /** The largest drop within the seconds [fromSecond, toSecond), or null. */
  public Drop largestDrop(long fromSecond, long toSecond) {
    return largestDrop(buckets.subMap(fromSecond, true, toSecond, false).values());
  }

  private static Drop largestDrop(Iterable<Bucket> inTimeOrder) {
    BigDecimal peak = null;
    long peakTime = 0;
    Drop best = null;
    for (Bucket b : inTimeOrder) {
      // A peak from an earlier second, or this second's high when it came first.
      if (b.highTime() <= b.lowTime() && (peak == null || b.high().compareTo(peak) > 0)) {
        best = better(best, b.high(), b.highTime(), b.low(), b.lowTime());
      }
      if (peak != null) {
        best = better(best, peak, peakTime, b.low(), b.lowTime());
      }
      if (peak == null || b.high().compareTo(peak) > 0) {
        peak = b.high();
        peakTime = b.highTime();
      }
    }
    return best;
  }

  private static Drop better(
      Drop best, BigDecimal from, long fromTime, BigDecimal to, long toTime) {
    if (to.compareTo(from) >= 0) {
      return best;
    }
    double pct = from.subtract(to).doubleValue() / from.doubleValue() * 100.0;
    return best == null || pct > best.percent() ? new Drop(from, fromTime, to, toTime, pct) : best;
  }
}
