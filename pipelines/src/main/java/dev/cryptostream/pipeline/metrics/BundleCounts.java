package dev.cryptostream.pipeline.metrics;

import java.io.Serializable;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Distribution;

/**
 * Counter and distribution updates summed in the DoFn and handed to Beam once per bundle: each Beam
 * metric update looks up the step's metrics container, which costs more than the work of a step
 * that touches every record. Call {@link #flush()} in {@code @FinishBundle}; until then the counts
 * are not visible (progress lines lag by at most a bundle).
 */
public final class BundleCounts implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One counter's pending increments. */
  public static final class Count implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Counter counter;
    private long pending;

    private Count(Counter counter) {
      this.counter = counter;
    }

    public void inc() {
      pending++;
    }

    void flush() {
      if (pending != 0) {
        counter.inc(pending);
        pending = 0;
      }
    }
  }

  /** One distribution's pending values (sum, count, min, max). */
  public static final class Values implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Distribution distribution;
    private long sum;
    private long count;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;

    private Values(Distribution distribution) {
      this.distribution = distribution;
    }

    public void update(long value) {
      sum += value;
      count++;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }

    void flush() {
      if (count != 0) {
        distribution.update(sum, count, min, max);
        sum = 0;
        count = 0;
        min = Long.MAX_VALUE;
        max = Long.MIN_VALUE;
      }
    }
  }

  private final java.util.List<Count> counts = new java.util.ArrayList<>();
  private final java.util.List<Values> values = new java.util.ArrayList<>();

  /** A counter of the pipeline's namespace, updated at {@link #flush()}. */
  public Count counter(String name) {
    Count c = new Count(PipelineMetrics.counter(name));
    counts.add(c);
    return c;
  }

  public Values distribution(Distribution distribution) {
    Values v = new Values(distribution);
    values.add(v);
    return v;
  }

  /** Hands everything pending to Beam. */
  public void flush() {
    counts.forEach(Count::flush);
    values.forEach(Values::flush);
  }
}
