package dev.cryptostream.pipeline.instrument;

import dev.cryptostream.pipeline.combine.BundleFold;
import dev.cryptostream.pipeline.model.Trade;
import java.util.Arrays;
import java.util.Objects;
import org.joda.time.Instant;

/**
 * Trades of one instrument in the order one bundle held them, each with its element timestamp: the
 * keyed steps receive these instead of single trades (see {@link BatchByInstrument}). Filled by one
 * bundle, then only read: no step changes a batch it received or emitted.
 */
public final class TradeBatch implements BundleFold<Trade, TradeBatch> {
  private Trade[] trades;
  private long[] timestampsMillis;
  private int size;

  public TradeBatch() {
    this(8);
  }

  private TradeBatch(int capacity) {
    trades = new Trade[Math.max(capacity, 1)];
    timestampsMillis = new long[trades.length];
  }

  /** A batch of capacity {@code size}, for decoders that know it. */
  static TradeBatch withCapacity(int size) {
    return new TradeBatch(size);
  }

  @Override
  public TradeBatch add(Trade trade, Instant timestamp) {
    Objects.requireNonNull(trade, "trade");
    if (size == trades.length) {
      trades = Arrays.copyOf(trades, size * 2);
      timestampsMillis = Arrays.copyOf(timestampsMillis, size * 2);
    }
    trades[size] = trade;
    timestampsMillis[size] = timestamp.getMillis();
    size++;
    return this;
  }

  public int size() {
    return size;
  }

  public Trade trade(int i) {
    return trades[Objects.checkIndex(i, size)];
  }

  /** The element timestamp the {@code i}-th trade had before it was batched. */
  public Instant timestamp(int i) {
    return new Instant(timestampMillis(i));
  }

  long timestampMillis(int i) {
    return timestampsMillis[Objects.checkIndex(i, size)];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TradeBatch other
        && Arrays.equals(trades, 0, size, other.trades, 0, other.size)
        && Arrays.equals(timestampsMillis, 0, size, other.timestampsMillis, 0, other.size);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * (31 * h + trades[i].hashCode()) + Long.hashCode(timestampsMillis[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "TradeBatch" + Arrays.toString(Arrays.copyOf(trades, size));
  }
}
