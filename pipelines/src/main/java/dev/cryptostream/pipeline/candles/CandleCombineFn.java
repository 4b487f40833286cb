package dev.cryptostream.pipeline.candles;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;

/**
 * Merges partial candles of one instrument and window. Inputs are already partial candles (see
 * {@link PreAggregateTrades}), so the state a runner buffers per window stays small.
 */
public class CandleCombineFn
    extends Combine.CombineFn<CandleAccumulator, CandleAccumulator, CandleAccumulator> {
  @Override
  public CandleAccumulator createAccumulator() {
    return new CandleAccumulator();
  }

  @Override
  public CandleAccumulator addInput(CandleAccumulator acc, CandleAccumulator partial) {
    return acc.merge(partial);
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
  public Coder<CandleAccumulator> getAccumulatorCoder(
      CoderRegistry registry, Coder<CandleAccumulator> inputCoder) {
    return SerializableCoder.of(CandleAccumulator.class);
  }

  @Override
  public Coder<CandleAccumulator> getDefaultOutputCoder(
      CoderRegistry registry, Coder<CandleAccumulator> inputCoder) {
    return SerializableCoder.of(CandleAccumulator.class);
  }
}
