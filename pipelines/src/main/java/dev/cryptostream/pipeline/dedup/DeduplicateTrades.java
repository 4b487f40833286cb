package dev.cryptostream.pipeline.dedup;

import dev.cryptostream.pipeline.instrument.BatchByInstrument;
import dev.cryptostream.pipeline.instrument.TradeBatch;
import dev.cryptostream.pipeline.metrics.BundleCounts;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.state.MapState;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Drops repeated trades, identified by (exchange, symbol, trade id). Venues replay trades after
 * reconnects and producers retry, so duplicates are normal; a copy carries its trade's own time.
 *
 * <p>How long an id is remembered is measured in event time, from the trade's time: ids live in
 * generations of {@code horizon} by trade time, and a generation is forgotten once the watermark
 * passes its end plus one horizon. So a copy is always dropped while the watermark has not passed
 * its trade time plus one horizon, and no id is remembered once the watermark is two horizons past
 * its trade time. Memory is therefore bounded by the trades of two horizons of event time, however
 * fast a backlog or a replay is read (a processing-time horizon would remember a whole replayed day
 * and copy it into every checkpoint), and a replay de-duplicates exactly as the live run did.
 *
 * <p>A trade whose generation was already forgotten is beyond the horizon: it cannot be checked, so
 * it passes as unique and is counted under {@link PipelineMetrics#TRADES_PAST_DEDUP_HORIZON}
 * (downstream it is later than any open candle window when the horizon covers a candle plus its
 * allowed lateness, see {@code TradePipeline}).
 *
 * <p>State is kept per instrument, not per trade: one key per instrument with a map of recent ids
 * and one timer. (Keys per trade id would mean a timer per trade; on the DirectRunner, whose timer
 * bookkeeping is scanned after every bundle, that was measured almost 7x slower: 255 s against 38 s
 * for 5,000 records.) Trades reach that step in per-bundle batches ({@link BatchByInstrument}),
 * checked in the order their bundle held them, each passed on with its own timestamp. Works in the
 * global window (apply it before event-time windowing); the first copy wins.
 */
public class DeduplicateTrades extends PTransform<PCollection<Trade>, PCollection<Trade>> {
  private final Duration horizon;
  private final BatchByInstrument batching;

  public DeduplicateTrades(Duration horizon) {
    this(horizon, new BatchByInstrument());
  }

  /** With the given batching (tests use {@link BatchByInstrument#perBundle} on any runner). */
  public DeduplicateTrades(Duration horizon, BatchByInstrument batching) {
    if (horizon.getMillis() <= 0) {
      throw new IllegalArgumentException("dedup horizon must be positive, got " + horizon);
    }
    this.horizon = horizon;
    this.batching = batching;
  }

  @Override
  public PCollection<Trade> expand(PCollection<Trade> trades) {
    return trades
        .apply("BatchByInstrument", batching)
        .apply("FirstCopyWins", ParDo.of(new FirstSeenFn(horizon)))
        .setCoder(TradeCoder.of());
  }

  static class FirstSeenFn extends DoFn<KV<String, TradeBatch>, Trade> {
    /** No generation (a trade time cannot fall into this one). */
    static final long NONE = Long.MIN_VALUE;

    private final long horizonMillis;
    private final BundleCounts counts = new BundleCounts();
    private final BundleCounts.Count duplicates = counts.counter(PipelineMetrics.DUPLICATES);
    private final BundleCounts.Count unique = counts.counter(PipelineMetrics.UNIQUE_TRADES);
    private final BundleCounts.Count pastHorizon =
        counts.counter(PipelineMetrics.TRADES_PAST_DEDUP_HORIZON);

    /** Trade id → generation of its first copy's trade time. */
    @StateId("seen")
    private final StateSpec<MapState<String, Long>> seenSpec =
        StateSpecs.map(StringUtf8Coder.of(), VarLongCoder.of());

    /**
     * The oldest generation remembered (the timer waits for its end) and the newest forgotten,
     * {@link #NONE} for none.
     */
    @StateId("generations")
    private final StateSpec<ValueState<KV<Long, Long>>> generationsSpec =
        StateSpecs.value(KvCoder.of(VarLongCoder.of(), VarLongCoder.of()));

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    FirstSeenFn(Duration horizon) {
      this.horizonMillis = horizon.getMillis();
    }

    @FinishBundle
    public void finishBundle() {
      counts.flush();
    }

    @ProcessElement
    public void process(
        @Element KV<String, TradeBatch> element,
        @StateId("seen") MapState<String, Long> seen,
        @StateId("generations") ValueState<KV<Long, Long>> generations,
        @TimerId("forget") Timer forget,
        OutputReceiver<Trade> out) {
      KV<Long, Long> known = generations.read();
      long oldestBefore = known == null ? NONE : known.getKey();
      long forgotten = known == null ? NONE : known.getValue();
      long oldest = oldestBefore;
      TradeBatch batch = element.getValue();
      for (int i = 0; i < batch.size(); i++) {
        Trade trade = batch.trade(i);
        long generation =
            Math.floorDiv(Math.floorDiv(trade.tradeTimeMicros(), 1_000L), horizonMillis);
        if (generation <= forgotten) {
          pastHorizon.inc();
        } else if (seen.get(trade.tradeId()).read() != null) {
          duplicates.inc();
          continue;
        } else {
          seen.put(trade.tradeId(), generation);
          if (oldest == NONE || generation < oldest) {
            oldest = generation;
          }
        }
        unique.inc();
        out.outputWithTimestamp(trade, batch.timestamp(i));
      }
      if (oldest != oldestBefore) {
        generations.write(KV.of(oldest, forgotten));
        forget.withNoOutputTimestamp().set(forgetAt(oldest));
      }
    }

    /** The watermark passed the end of the oldest generation plus a horizon: forget it. */
    @OnTimer("forget")
    public void onForget(
        @StateId("seen") MapState<String, Long> seen,
        @StateId("generations") ValueState<KV<Long, Long>> generations,
        @TimerId("forget") Timer forget) {
      KV<Long, Long> known = generations.read();
      if (known == null || known.getKey() == NONE) {
        return;
      }
      long expired = known.getKey();
      List<String> drop = new ArrayList<>();
      long oldestLeft = NONE;
      for (Map.Entry<String, Long> e : seen.entries().read()) {
        long g = e.getValue();
        if (g <= expired) {
          drop.add(e.getKey());
        } else if (oldestLeft == NONE || g < oldestLeft) {
          oldestLeft = g;
        }
      }
      drop.forEach(seen::remove);
      // The newest generation forgotten stays (a few bytes per instrument): a trade of it or an
      // older one is past the horizon even after the instrument has been idle.
      generations.write(KV.of(oldestLeft, Math.max(known.getValue(), expired)));
      if (oldestLeft != NONE) {
        forget.withNoOutputTimestamp().set(forgetAt(oldestLeft));
      }
    }

    /**
     * When generation {@code g} is forgotten: one horizon after its end (capped at the end of the
     * global window).
     */
    private Instant forgetAt(long g) {
      Instant last = GlobalWindow.INSTANCE.maxTimestamp();
      long ends = Math.floorDiv(last.getMillis(), horizonMillis);
      return g >= ends - 2 ? last : new Instant((g + 2) * horizonMillis);
    }
  }
}
