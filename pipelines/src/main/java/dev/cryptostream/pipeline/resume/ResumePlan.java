package dev.cryptostream.pipeline.resume;

import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.PriceAlert;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What a relaunch must not write again, shipped to the workers inside the filters before the lake
 * writers: the Kafka records the lake already holds, the candle windows before the rebuild cut T or
 * with a durable final pane, and the durable alerts.
 *
 * @param durable per partition, the offsets already in the lake
 * @param rebuildFromMicros T: candles and alerts of windows starting earlier are partial on a
 *     relaunch
 * @param finalWindows windows at or after T whose final pane is already durable
 * @param nextPaneIndex for windows at or after T with durable non-final panes: the first pane index
 *     the rebuilt panes take, so that the newest pane of a window keeps the highest index
 * @param alertIds alerts already durable
 */
public record ResumePlan(
    Map<PartitionKey, OffsetsAbove> durable,
    long rebuildFromMicros,
    Set<CandleWindow> finalWindows,
    Map<CandleWindow, Long> nextPaneIndex,
    Set<String> alertIds)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public ResumePlan {
    durable = Map.copyOf(durable);
    finalWindows = Set.copyOf(finalWindows);
    nextPaneIndex = Map.copyOf(nextPaneIndex);
    alertIds = Set.copyOf(alertIds);
  }

  /** True when the lake already holds the row of this Kafka record. */
  public boolean holds(String topic, int partition, long offset) {
    if (offset < 0) {
      return false; // a sink dead letter of a derived row: it has no Kafka record
    }
    OffsetsAbove p = durable.get(new PartitionKey(topic, partition));
    return p != null && p.contains(offset);
  }

  /**
   * The candle pane to write, renumbered after the durable panes of its window; null to drop it.
   */
  public @Nullable Candle candleToWrite(Candle c) {
    CandleWindow w = CandleWindow.of(c.exchange(), c.symbol(), c.windowStartMicros());
    if (c.windowStartMicros() < rebuildFromMicros || finalWindows.contains(w)) {
      return null;
    }
    Long first = nextPaneIndex.get(w);
    if (first == null) {
      return c;
    }
    return new Candle(
        c.exchange(),
        c.symbol(),
        c.windowStartMicros(),
        c.windowEndMicros(),
        c.open(),
        c.high(),
        c.low(),
        c.close(),
        c.volume(),
        c.quoteVolume(),
        c.vwap(),
        c.tradeCount(),
        c.takerBuyVolume(),
        c.takerSellVolume(),
        c.firstTradeTimeMicros(),
        c.lastTradeTimeMicros(),
        c.paneTiming(),
        first + c.paneIndex(),
        c.finalPane(),
        c.emittedAtMicros());
  }

  /** Alerts of windows before T saw only part of their trades; durable ones are written already. */
  public boolean writesAlert(PriceAlert a) {
    return a.windowStartMicros() >= rebuildFromMicros && !alertIds.contains(a.alertId());
  }
}
