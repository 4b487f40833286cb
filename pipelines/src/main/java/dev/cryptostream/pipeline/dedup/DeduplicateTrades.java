package dev.cryptostream.pipeline.dedup;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import org.apache.beam.sdk.coders.BooleanCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
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
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Drops repeated trades, identified by (exchange, symbol, trade id), seen within a bounded
 * horizon of processing time. Venues replay trades after reconnects and producers retry, so
 * duplicates are normal; the horizon bounds the state kept per trade id.
 *
 * <p>Works in the global window (apply it before any event-time windowing); the first copy wins
 * and keeps its own timestamp.
 */
public class DeduplicateTrades extends PTransform<PCollection<Trade>, PCollection<Trade>> {
  private final Duration horizon;

  public DeduplicateTrades(Duration horizon) {
    if (horizon.getMillis() <= 0) {
      throw new IllegalArgumentException("dedup horizon must be positive, got " + horizon);
    }
    this.horizon = horizon;
  }

  @Override
  public PCollection<Trade> expand(PCollection<Trade> trades) {
    return trades
        .apply("KeyByTradeIdentity", WithKeys.of(Trade::identityKey).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), TradeCoder.of()))
        .apply("FirstCopyWins", ParDo.of(new FirstSeenFn(horizon)))
        .setCoder(TradeCoder.of());
  }

  static class FirstSeenFn extends DoFn<KV<String, Trade>, Trade> {
    private final Duration horizon;
    private final Counter duplicates = PipelineMetrics.counter(PipelineMetrics.DUPLICATES);
    private final Counter unique = PipelineMetrics.counter(PipelineMetrics.UNIQUE_TRADES);

    @StateId("seen")
    private final StateSpec<ValueState<Boolean>> seenSpec = StateSpecs.value(BooleanCoder.of());

    @TimerId("expire")
    private final TimerSpec expireSpec = TimerSpecs.timer(TimeDomain.PROCESSING_TIME);

    FirstSeenFn(Duration horizon) {
      this.horizon = horizon;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Trade> element,
        @StateId("seen") ValueState<Boolean> seen,
        @TimerId("expire") Timer expire,
        OutputReceiver<Trade> out) {
      if (Boolean.TRUE.equals(seen.read())) {
        duplicates.inc();
        return;
      }
      seen.write(true);
      expire.offset(horizon).setRelative();
      unique.inc();
      out.output(element.getValue());
    }

    @OnTimer("expire")
    public void onExpire(@StateId("seen") ValueState<Boolean> seen) {
      seen.clear();
    }
  }
}
