package dev.cryptostream.pipeline.resume;

import dev.cryptostream.pipeline.TradePipeline;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.CoinPriceSnapshot;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The filters a resumed launch puts before the lake writers: rows the lake already holds are not
 * written again ({@value #ROWS_SKIPPED}), candle panes of windows before the rebuild cut or with a
 * durable final pane are not written ({@value #CANDLES_SUPPRESSED}: they would be partial or
 * repeated), nor alerts of windows before the cut or already durable ({@value #ALERTS_SUPPRESSED}).
 * The candles and alerts themselves are computed from every record read, before the filters.
 */
public final class ResumeFilters {
  public static final String ROWS_SKIPPED = "resume_rows_skipped";
  public static final String CANDLES_SUPPRESSED = "resume_candles_suppressed";
  public static final String ALERTS_SUPPRESSED = "resume_alerts_suppressed";

  private ResumeFilters() {}

  /** The outputs with the plan's filters applied. */
  public static TradePipeline.Outputs apply(TradePipeline.Outputs out, ResumePlan plan) {
    PCollection<CoinPriceSnapshot> snapshots =
        out.priceSnapshots() == null
            ? null
            : filter(
                out.priceSnapshots(),
                "ResumeSkipDurableSnapshots",
                ROWS_SKIPPED,
                plan,
                (p, s) -> p.holds(s.kafkaTopic(), s.kafkaPartition(), s.kafkaOffset()) ? null : s);
    return new TradePipeline.Outputs(
        filter(
            out.validTrades(),
            "ResumeSkipDurableTrades",
            ROWS_SKIPPED,
            plan,
            (p, t) -> p.holds(t.kafkaTopic(), t.kafkaPartition(), t.kafkaOffset()) ? null : t),
        filter(
            out.candles(),
            "ResumeKeepRebuiltCandles",
            CANDLES_SUPPRESSED,
            plan,
            ResumePlan::candleToWrite),
        filter(
            out.alerts(),
            "ResumeKeepCompleteAlerts",
            ALERTS_SUPPRESSED,
            plan,
            (p, a) -> p.writesAlert(a) ? a : null),
        filter(
            out.deadLetters(),
            "ResumeSkipDurableDeadLetters",
            ROWS_SKIPPED,
            plan,
            (p, d) -> p.holds(d.topic(), d.partition(), d.offset()) ? null : d),
        snapshots);
  }

  /** What to write for an element under the plan; null writes nothing. */
  @FunctionalInterface
  interface Rule<T> extends java.io.Serializable {
    @Nullable T apply(ResumePlan plan, T element);
  }

  private static <T> PCollection<T> filter(
      PCollection<T> in, String name, String counter, ResumePlan plan, Rule<T> rule) {
    return in.apply(name, ParDo.of(new RuleFn<>(plan, rule, counter))).setCoder(in.getCoder());
  }

  private static final class RuleFn<T> extends DoFn<T, T> {
    private final ResumePlan plan;
    private final Rule<T> rule;
    private final Counter dropped;

    RuleFn(ResumePlan plan, Rule<T> rule, String counter) {
      this.plan = plan;
      this.rule = rule;
      this.dropped = PipelineMetrics.counter(counter);
    }

    @ProcessElement
    public void process(@Element T element, OutputReceiver<T> out) {
      T kept = rule.apply(plan, element);
      if (kept == null) {
        dropped.inc();
      } else {
        out.output(kept);
      }
    }
  }
}
