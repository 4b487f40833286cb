package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.PriceAlert;
import java.util.ArrayList;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.joda.time.Duration;

/**
 * Passes one alert per drop episode of an instrument. Sliding windows overlap, and each fires
 * again for late trades, so one fall is seen many times; an alert is passed unless it overlaps in
 * time an alert already passed without falling at least {@link #DEEPENING_STEP_PCT} percentage
 * points deeper than it (a crash that goes on is alerted again). Every passed alert is remembered
 * until event time is a window plus the allowed lateness past the newest one.
 *
 * <p>Which alert of an episode comes first follows the order windows fire in: with a watermark
 * that advances steadily that is window-end order (the earliest window to see the threshold
 * crossed); after a catch-up, when many windows fire together, it is not specified.
 */
class OneAlertPerDrop extends DoFn<KV<String, PriceAlert>, PriceAlert> {
  static final double DEEPENING_STEP_PCT = 1.0;

  private final Duration memory;
  private final Counter passed = PipelineMetrics.counter(PipelineMetrics.PRICE_ALERTS);
  private final Counter repeated = PipelineMetrics.counter(PipelineMetrics.PRICE_ALERTS_REPEATED);

  @StateId("passed")
  private final StateSpec<ValueState<ArrayList<PriceAlert>>> passedSpec =
      StateSpecs.value(SerializableCoder.of(new TypeDescriptor<ArrayList<PriceAlert>>() {}));

  @TimerId("forget")
  private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  OneAlertPerDrop(Duration memory) {
    this.memory = memory;
  }

  @ProcessElement
  public void process(
      @Element KV<String, PriceAlert> element,
      @StateId("passed") ValueState<ArrayList<PriceAlert>> passedState,
      @TimerId("forget") Timer forget,
      OutputReceiver<PriceAlert> out) {
    PriceAlert alert = element.getValue();
    ArrayList<PriceAlert> before = passedState.read();
    if (before == null) {
      before = new ArrayList<>();
    }
    for (PriceAlert earlier : before) {
      if (repeats(earlier, alert)) {
        repeated.inc();
        return;
      }
    }
    before.add(alert);
    passedState.write(before);
    long newest = before.stream().mapToLong(PriceAlert::toTimeMicros).max().orElseThrow();
    forget.withNoOutputTimestamp().set(Micros.toJoda(newest).plus(memory));
    passed.inc();
    out.output(alert);
  }

  @OnTimer("forget")
  public void onForget(@StateId("passed") ValueState<ArrayList<PriceAlert>> passedState) {
    passedState.clear();
  }

  /** True when {@code next} is the same episode as {@code earlier} and not deeper by a step. */
  static boolean repeats(PriceAlert earlier, PriceAlert next) {
    boolean overlaps =
        next.fromTimeMicros() <= earlier.toTimeMicros() && earlier.fromTimeMicros() <= next.toTimeMicros();
    return overlaps && next.dropPct() < earlier.dropPct() + DEEPENING_STEP_PCT;
  }
}
