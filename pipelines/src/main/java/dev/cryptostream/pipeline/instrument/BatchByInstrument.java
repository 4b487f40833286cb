package dev.cryptostream.pipeline.instrument;

import dev.cryptostream.pipeline.combine.FoldPerBundle;
import dev.cryptostream.pipeline.model.Trade;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Keys trades by instrument and ships each bundle's trades of one instrument (and window) as one
 * {@link TradeBatch}, in the bundle's order. The keyed steps after it (de-duplication, alerts) do
 * per trade what they did before, but the shuffle, the key's encoding and hashing and the keyed
 * state lookups are paid once per batch instead of once per trade. A batch is emitted when its
 * bundle ends, which every runner does before it advances the watermark past the bundle's elements,
 * so event-time results fire as before.
 */
public class BatchByInstrument
    extends PTransform<PCollection<Trade>, PCollection<KV<String, TradeBatch>>> {
  @Override
  public PCollection<KV<String, TradeBatch>> expand(PCollection<Trade> trades) {
    return trades
        .apply("KeyByInstrument", new KeyByInstrument())
        .apply(
            "BatchPerBundle",
            new FoldPerBundle<Trade, TradeBatch>(none -> new TradeBatch(), TradeBatchCoder.of()));
  }
}
