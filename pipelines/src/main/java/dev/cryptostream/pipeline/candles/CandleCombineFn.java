package dev.cryptostream.pipeline.candles;

import dev.cryptostream.pipeline.model.Trade;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/** Folds the trades of one instrument and window into a {@link CandleAccumulator}. */
public class CandleCombineFn extends Combine.CombineFn<Trade, CandleAccumulator, CandleAccumulator> {
  @Override
  public CandleAccumulator createAccumulator() {
    return new CandleAccumulator();
  }

  @Override
  public CandleAccumulator addInput(CandleAccumulator acc, Trade trade) {
    return acc.add(trade);
  }

  @Override
  public CandleAccumulator mergeAccumulators(Iterable<CandleAccumulator> accumulators) {
    CandleAccumulator merged = new CandleAccumulator();
    for (CandleAccumulator a : accumulators) {
      merged.merge(a);
    }
    return merged;
  }

  @Override
  public CandleAccumulator extractOutput(CandleAccumulator acc) {
    return acc;
  }

  @Override
  public Coder<CandleAccumulator> getAccumulatorCoder(CoderRegistry registry, Coder<Trade> inputCoder)
      throws CannotProvideCoderException {
    return SerializableCoder.of(CandleAccumulator.class);
  }

  @Override
  public Coder<CandleAccumulator> getDefaultOutputCoder(CoderRegistry registry, Coder<Trade> inputCoder)
      throws CannotProvideCoderException {
    return SerializableCoder.of(CandleAccumulator.class);
  }
}
