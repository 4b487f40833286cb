package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.PriceAlert;
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
import org.joda.time.Duration;

/**
 * Passes one alert per drop episode of an instrument. Sliding windows overlap, and each fires
 * again for late trades, so one fall is seen many times; an alert is passed when it does not
 * overlap the last passed one in time, or when it overlaps but the fall is at least
 * {@link #DEEPENING_STEP_PCT} percentage points deeper (the crash goes on). The remembered alert
 * is forgotten once event time is a window plus the allowed lateness past it.
 */
class OneAlertPerDrop extends DoFn<KV<String, PriceAlert>, PriceAlert> {
  static final double DEEPENING_STEP_PCT = 1.0;

  private final Duration memory;
  private final Counter passed = PipelineMetrics.counter(PipelineMetrics.PRICE_ALERTS);
  private final Counter repeated = PipelineMetrics.counter(PipelineMetrics.PRICE_ALERTS_REPEATED);

  @StateId("last")
  private final StateSpec<ValueState<PriceAlert>> lastSpec =
      StateSpecs.value(SerializableCoder.of(PriceAlert.class));

  @TimerId("forget")
  private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

  OneAlertPerDrop(Duration memory) {
    this.memory = memory;
  }

  @ProcessElement
  public void process(
      @Element KV<String, PriceAlert> element,
      @StateId("last") ValueState<PriceAlert> lastState,
      @TimerId("forget") Timer forget,
      OutputReceiver<PriceAlert> out) {
    PriceAlert alert = element.getValue();
    PriceAlert last = lastState.read();
    if (last != null && repeats(last, alert)) {
      repeated.inc();
      return;
    }
    lastState.write(alert);
    forget.withNoOutputTimestamp().set(Micros.toJoda(alert.toTimeMicros()).plus(memory));
    passed.inc();
    out.output(alert);
  }

  @OnTimer("forget")
  public void onForget(@StateId("last") ValueState<PriceAlert> lastState) {
    lastState.clear();
  }

  static boolean repeats(PriceAlert last, PriceAlert next) {
    boolean overlaps =
        next.fromTimeMicros() <= last.toTimeMicros() && last.fromTimeMicros() <= next.toTimeMicros();
    return overlaps && next.dropPct() < last.dropPct() + DEEPENING_STEP_PCT;
  }
}
