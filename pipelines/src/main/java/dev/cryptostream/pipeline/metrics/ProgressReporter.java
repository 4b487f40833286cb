package dev.cryptostream.pipeline.metrics;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Reads the pipeline's counters from a running or finished {@link PipelineResult} and renders them
 * as one machine-readable line: {@code progress key=value ...}. The local launcher parses these.
 */
public final class ProgressReporter {
  /**
   * Beam's runner-side counter of elements dropped for arriving beyond the allowed lateness
   * (spelled "DroppedDueToLateness" by the DirectRunner, "droppedDueToLateness" in runners-core).
   */
  static final String RUNNER_LATE_DROP_COUNTER = "droppedDueToLateness";

  static final String CANDLE_STEP = "BuildCandles";

  private ProgressReporter() {}

  /** Current counter values by name; attempted values, since committed ones lag on some runners. */
  public static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> values = new TreeMap<>();
    try {
      MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
      for (MetricResult<Long> c : metrics.getCounters()) {
        addCounter(
            values,
            c.getName().getNamespace(),
            c.getName().getName(),
            c.getKey().stepName(),
            c.getAttempted());
      }
      for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
        DistributionResult r = d.getAttempted();
        addDistribution(values, d.getName().getName(), r.getCount(), r.getSum(), r.getMax());
      }
    } catch (RuntimeException e) {
      // Some runners cannot report metrics while the job starts up; the next poll will.
    }
    return values;
  }

  /**
   * Adds one counter as the progress line names it: the pipeline's own by name (summed over steps),
   * the runner's late-drop counter of the candle step as {@code late_partials_dropped}.
   */
  public static void addCounter(
      Map<String, Long> values, String namespace, String name, String step, long value) {
    if (namespace.equals(PipelineMetrics.NAMESPACE)) {
      values.merge(name, value, Long::sum);
    } else if (name.equalsIgnoreCase(RUNNER_LATE_DROP_COUNTER) && step.contains(CANDLE_STEP)) {
      // The runner drops input of a closed candle window (beyond the allowed lateness). Inputs
      // there are per-bundle partial candles, so this counts partials, each of 1+ trades.
      values.merge(PipelineMetrics.LATE_PARTIALS_DROPPED, value, Long::sum);
    }
  }

  /** Adds a distribution as {@code <name>_mean} and {@code <name>_max}. */
  public static void addDistribution(
      Map<String, Long> values, String name, long count, long sum, long max) {
    if (count > 0) {
      values.put(name + "_mean", Math.round((double) sum / count));
      values.put(name + "_max", max);
    }
  }

  public static String line(String label, Map<String, Long> counters) {
    StringBuilder sb = new StringBuilder(label);
    for (String key :
        new String[] {
          PipelineMetrics.RECORDS_READ,
          PipelineMetrics.TRADES_VALID,
          PipelineMetrics.DEAD_LETTERS,
          PipelineMetrics.DUPLICATES,
          PipelineMetrics.CANDLES_EMITTED
        }) {
      sb.append(' ').append(key).append('=').append(counters.getOrDefault(key, 0L));
    }
    // Then every other counter, sorted: per-table rows, dead letters by reason, alerts, latency.
    java.util.Set<String> fixed =
        java.util.Set.of(
            PipelineMetrics.RECORDS_READ,
            PipelineMetrics.TRADES_VALID,
            PipelineMetrics.DEAD_LETTERS,
            PipelineMetrics.DUPLICATES,
            PipelineMetrics.CANDLES_EMITTED);
    new TreeMap<>(counters)
        .forEach(
            (k, v) -> {
              if (!fixed.contains(k)) {
                sb.append(' ').append(k).append('=').append(v);
              }
            });
    return sb.toString();
  }
}
