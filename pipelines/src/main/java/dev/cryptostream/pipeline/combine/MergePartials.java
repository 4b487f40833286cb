package dev.cryptostream.pipeline.combine;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderRegistry;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.SerializableFunction;

/**
 * Merges the partials of one key and window (inputs come from {@link FoldPerBundle}), so the
 * state a runner buffers per window is one partial, not every element.
 */
public class MergePartials<V, A extends Partial<V, A>> extends Combine.CombineFn<A, A, A> {
  private final SerializableFunction<Void, A> newPartial;
  private final Class<A> partialClass;

  public MergePartials(SerializableFunction<Void, A> newPartial, Class<A> partialClass) {
    this.newPartial = newPartial;
    this.partialClass = partialClass;
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
    return SerializableCoder.of(partialClass);
  }

  @Override
  public Coder<A> getDefaultOutputCoder(CoderRegistry registry, Coder<A> inputCoder) {
    return SerializableCoder.of(partialClass);
  }
}
