package dev.cryptostream.pipeline.combine;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Merges the partials of one key and window (inputs come from {@link FoldPerBundle}), so the state
 * a runner buffers per window is one partial, not every element.
 */
public class MergePartials<V, A extends Partial<V, A>> extends Combine.CombineFn<A, A, A> {
  private final SerializableFunction<Void, A> newPartial;
  private final Coder<A> partialCoder;

  public MergePartials(SerializableFunction<Void, A> newPartial, Coder<A> partialCoder) {
    this.newPartial = newPartial;
    this.partialCoder = partialCoder;
  }

  @Override
  public A createAccumulator() {
    return newPartial.apply(null);
  }

  @Override
  public A addInput(A acc, A partial) {
    return acc.merge(partial);
  }

  @Override
  public A mergeAccumulators(Iterable<A> accumulators) {
    A merged = createAccumulator();
    for (A a : accumulators) {
      merged = merged.merge(a);
    }
    return merged;
  }

  @Override
  public A extractOutput(A acc) {
    return acc;
  }

  @Override
  public Coder<A> getAccumulatorCoder(CoderRegistry registry, Coder<A> inputCoder) {
    return partialCoder;
  }

  @Override
  public Coder<A> getDefaultOutputCoder(CoderRegistry registry, Coder<A> inputCoder) {
    return partialCoder;
  }
}
