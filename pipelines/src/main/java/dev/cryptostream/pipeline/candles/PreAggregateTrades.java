package dev.cryptostream.pipeline.candles;

import dev.cryptostream.pipeline.model.Trade;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;

/**
 * Folds the trades of each bundle into one partial candle per instrument and window before the
 * shuffle: the same "combiner lifting" Dataflow and Flink do on their own, made explicit so that
 * runners without it (the DirectRunner buffers every element of a window in state and copies that
 * state on each bundle) keep small state too. Each partial is emitted at the earliest timestamp it
 * contains, so lateness is judged exactly as for its trades.
 */
public class PreAggregateTrades
    extends PTransform<PCollection<KV<String, Trade>>, PCollection<KV<String, CandleAccumulator>>> {

  @Override
  public PCollection<KV<String, CandleAccumulator>> expand(PCollection<KV<String, Trade>> trades) {
    return trades
        .apply("FoldPerBundle", ParDo.of(new FoldFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(CandleAccumulator.class)));
  }

  private record Slot(String key, BoundedWindow window) {
    Slot {
      Objects.requireNonNull(key);
      Objects.requireNonNull(window);
    }
  }

  private static final class Partial {
    final CandleAccumulator acc = new CandleAccumulator();
    Instant earliest;
  }

  static class FoldFn extends DoFn<KV<String, Trade>, KV<String, CandleAccumulator>> {
    private transient Map<Slot, Partial> partials;

    @StartBundle
    public void startBundle() {
      partials = new HashMap<>();
    }

    @ProcessElement
    public void process(@Element KV<String, Trade> element, @Timestamp Instant timestamp, BoundedWindow window) {
      Partial p = partials.computeIfAbsent(new Slot(element.getKey(), window), s -> new Partial());
      p.acc.add(element.getValue());
      if (p.earliest == null || timestamp.isBefore(p.earliest)) {
        p.earliest = timestamp;
      }
    }

    @FinishBundle
    public void finishBundle(FinishBundleContext ctx) {
      for (Map.Entry<Slot, Partial> e : partials.entrySet()) {
        ctx.output(KV.of(e.getKey().key(), e.getValue().acc), e.getValue().earliest, e.getKey().window());
      }
      partials.clear();
    }
  }
}
