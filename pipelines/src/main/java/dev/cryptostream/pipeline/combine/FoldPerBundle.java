package dev.cryptostream.pipeline.combine;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Folds the elements of each bundle into one fold per key and window before the shuffle. For a
 * {@link Partial} aggregate this is the "combiner lifting" Dataflow and Flink do on their own, made
 * explicit so that runners without it (the DirectRunner buffers every element of a window in state
 * and copies that state on each bundle) keep small state too; with sliding windows it also turns N
 * copies of a trade into one partial per window. For a batch it ships a bundle's elements of one
 * key as one element, so the shuffle and the keyed step after it pay their per-element cost once
 * per batch. Each fold is emitted at the earliest timestamp it contains, so it holds the watermark
 * no later than its elements would have.
 */
public class FoldPerBundle<V, A extends BundleFold<V, A>>
    extends PTransform<PCollection<KV<String, V>>, PCollection<KV<String, A>>> {
  private final SerializableFunction<Void, A> newFold;
  private final Coder<A> foldCoder;

  public FoldPerBundle(SerializableFunction<Void, A> newFold, Coder<A> foldCoder) {
    this.newFold = newFold;
    this.foldCoder = foldCoder;
  }

  @Override
  public PCollection<KV<String, A>> expand(PCollection<KV<String, V>> elements) {
    return elements
        .apply("FoldPerBundle", ParDo.of(new FoldFn<>(newFold)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), foldCoder));
  }

  private record Slot(String key, BoundedWindow window) {
    Slot {
      Objects.requireNonNull(key);
      Objects.requireNonNull(window);
    }
  }

  private static final class Pending<A> {
    A fold;
    Instant earliest;
  }

  static class FoldFn<V, A extends BundleFold<V, A>> extends DoFn<KV<String, V>, KV<String, A>> {
    private final SerializableFunction<Void, A> newFold;
    private transient Map<Slot, Pending<A>> pending;

    FoldFn(SerializableFunction<Void, A> newFold) {
      this.newFold = newFold;
    }

    @StartBundle
    public void startBundle() {
      pending = new HashMap<>();
    }

    @ProcessElement
    public void process(
        @Element KV<String, V> element, @Timestamp Instant timestamp, BoundedWindow window) {
      Pending<A> p =
          pending.computeIfAbsent(new Slot(element.getKey(), window), s -> new Pending<>());
      p.fold = (p.fold == null ? newFold.apply(null) : p.fold).add(element.getValue(), timestamp);
      if (p.earliest == null || timestamp.isBefore(p.earliest)) {
        p.earliest = timestamp;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext ctx) {
      for (Map.Entry<Slot, Pending<A>> e : pending.entrySet()) {
        ctx.output(
            KV.of(e.getKey().key(), e.getValue().fold), e.getValue().earliest, e.getKey().window());
      }
      pending.clear();
    }
  }
}
