package dev.cryptostream.pipeline.instrument;

import dev.cryptostream.pipeline.combine.FoldPerBundle;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.OptionValues;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Keys trades by instrument and ships each bundle's trades of one instrument (and window) as one
 * {@link TradeBatch}, in the bundle's order. The keyed steps after it (de-duplication, alerts) do
 * per trade what they did before, but the shuffle, the key's encoding and hashing and the keyed
 * state lookups are paid once per batch instead of once per trade. A batch is emitted when its
 * bundle ends, at its earliest trade's timestamp; the FlinkRunner holds a watermark back while a
 * bundle is open (Beam 2.70's DoFnOperator), so a batch reaches the keyed step before the watermark
 * that follows its trades, and event-time results fire as before.
 *
 * <p>Except on the DirectRunner, where each trade travels in a batch of its own: it runs a stateful
 * step as a GroupByKey, which gives a group holding an element behind the watermark the end of the
 * window as its timestamp. A batch would hand that to every on-time trade batched with one late
 * trade, and they would no longer hold back the step's timers (measured: at the end of a 300,000
 * backlog 2,362 on-time trades reached de-duplication after their ids were forgotten, and their
 * candles had closed).
 */
public class BatchByInstrument
    extends PTransform<PCollection<Trade>, PCollection<KV<String, TradeBatch>>> {
  private final boolean evenOnDirectRunner;

  /** Batches per bundle, or one trade per batch on the DirectRunner. */
  public BatchByInstrument() {
    this(false);
  }

  private BatchByInstrument(boolean evenOnDirectRunner) {
    this.evenOnDirectRunner = evenOnDirectRunner;
  }

  /** Batches per bundle on any runner (tests of the keyed steps' batch handling). */
  public static BatchByInstrument perBundle() {
    return new BatchByInstrument(true);
  }

  @Override
  public PCollection<KV<String, TradeBatch>> expand(PCollection<Trade> trades) {
    if (evenOnDirectRunner || !OptionValues.onDirectRunner(trades.getPipeline().getOptions())) {
      return trades
          .apply("KeyByInstrument", new KeyByInstrument())
          .apply(
              "BatchPerBundle",
              new FoldPerBundle<Trade, TradeBatch>(none -> new TradeBatch(), TradeBatchCoder.of()));
    }
    // One step, as many as keying alone: the DirectRunner pays its bookkeeping per step and bundle.
    return trades
        .apply("KeyedBatchOfOne", ParDo.of(new KeyedBatchOfOneFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), TradeBatchCoder.of()));
  }

  static class KeyedBatchOfOneFn extends DoFn<Trade, KV<String, TradeBatch>> {
    @ProcessElement
    public void process(
        @Element Trade trade,
        @Timestamp Instant timestamp,
        OutputReceiver<KV<String, TradeBatch>> out) {
      out.output(KV.of(trade.instrumentKey(), TradeBatch.withCapacity(1).add(trade, timestamp)));
    }
  }
}
