package dev.cryptostream.pipeline.metrics;

import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.DistributionResult;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

/**
 * Reads the pipeline's counters from a running or finished {@link PipelineResult} and renders them
 * as one machine-readable line: {@code progress key=value ...}. The local launcher parses these.
 */
public final class ProgressReporter {
  private ProgressReporter() {}

  /** Current counter values by name; attempted values, since committed ones lag on some runners. */
  public static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> values = new TreeMap<>();
    try {
      MetricQueryResults metrics =
          result
              .metrics()
              .queryMetrics(
                  MetricsFilter.builder()
                      .addNameFilter(MetricNameFilter.inNamespace(PipelineMetrics.NAMESPACE))
                      .build());
      for (MetricResult<Long> c : metrics.getCounters()) {
        values.merge(c.getName().getName(), c.getAttempted(), Long::sum);
      }
      for (MetricResult<DistributionResult> d : metrics.getDistributions()) {
        DistributionResult r = d.getAttempted();
        if (r.getCount() > 0) {
          String name = d.getName().getName();
          values.put(name + "_mean", Math.round(r.getMean()));
          values.put(name + "_max", r.getMax());
        }
      }
    } catch (RuntimeException e) {
      // Some runners cannot report metrics while the job starts up; the next poll will.
    }
    return values;
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
    counters.forEach(
        (k, v) -> {
          if (k.startsWith(PipelineMetrics.LAKE_ROWS_PREFIX)
              || k.startsWith(PipelineMetrics.DEAD_LETTERS_PREFIX)
              || k.startsWith(PipelineMetrics.INGEST_LATENCY_MS)) {
            sb.append(' ').append(k).append('=').append(v);
          }
        });
    return sb.toString();
  }
}
