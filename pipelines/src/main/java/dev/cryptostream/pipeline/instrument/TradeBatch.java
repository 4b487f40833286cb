package dev.cryptostream.pipeline.instrument;

import dev.cryptostream.pipeline.combine.BundleFold;
import dev.cryptostream.pipeline.model.Trade;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.joda.time.Instant;

/**
 * Trades of one instrument in the order one bundle held them, each with its element timestamp: the
 * keyed steps receive these instead of single trades (see {@link BatchByInstrument}). Filled by one
 * bundle, then only read: no step changes a batch it received or emitted.
 */
public final class TradeBatch implements BundleFold<Trade, TradeBatch> {
  private final List<Trade> trades;
  private long[] timestampsMillis;

  public TradeBatch() {
    this(new ArrayList<>(), new long[8]);
  }

  private TradeBatch(List<Trade> trades, long[] timestampsMillis) {
    this.trades = trades;
    this.timestampsMillis = timestampsMillis;
  }

  /** A batch of capacity {@code size}, for decoders that know it. */
  static TradeBatch withCapacity(int size) {
    return new TradeBatch(new ArrayList<>(size), new long[Math.max(size, 1)]);
  }

  @Override
  public TradeBatch add(Trade trade, Instant timestamp) {
    Objects.requireNonNull(trade, "trade");
    int i = trades.size();
    if (i == timestampsMillis.length) {
      timestampsMillis = Arrays.copyOf(timestampsMillis, i * 2);
    }
    timestampsMillis[i] = timestamp.getMillis();
    trades.add(trade);
    return this;
  }

  public int size() {
    return trades.size();
  }

  public Trade trade(int i) {
    return trades.get(i);
  }

  /** The element timestamp the {@code i}-th trade had before it was batched. */
  public Instant timestamp(int i) {
    Objects.checkIndex(i, trades.size());
    return new Instant(timestampsMillis[i]);
  }

  long timestampMillis(int i) {
    return timestampsMillis[i];
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof TradeBatch other) || other.size() != size()) {
      return false;
    }
    for (int i = 0; i < size(); i++) {
      if (timestampsMillis[i] != other.timestampsMillis[i]) {
        return false;
      }
    }
    return trades.equals(other.trades);
  }

  @Override
  public int hashCode() {
    return trades.hashCode() * 31 + Arrays.hashCode(Arrays.copyOf(timestampsMillis, size()));
  }

  @Override
  public String toString() {
    return "TradeBatch" + trades;
  }
}
