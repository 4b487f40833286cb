package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.combine.FoldPerBundle;
import dev.cryptostream.pipeline.combine.MergePartials;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.PriceAlertCoder;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.TimeDomain;
import org.apache.beam.sdk.state.Timer;
import org.apache.beam.sdk.state.TimerSpec;
import org.apache.beam.sdk.state.TimerSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * The definition the stateful {@link DetectPriceDrops} must match, kept as a test oracle: Beam's
 * own sliding windows (end-of-window trigger, a late firing per late trade, allowed lateness),
 * per-window drawdown, then one alert per drop episode in the global window. This is how the
 * pipeline computed alerts before the stateful step replaced it.
 */
final class SlidingWindowsReference
    extends PTransform<PCollection<Trade>, PCollection<PriceAlert>> {
  private final DetectPriceDrops.Settings settings;

  SlidingWindowsReference(DetectPriceDrops.Settings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<PriceAlert> expand(PCollection<Trade> trades) {
    return trades
        .apply(
            "SlidingWindows",
            Window.<Trade>into(SlidingWindows.of(settings.window()).every(settings.period()))
                .triggering(
                    AfterWatermark.pastEndOfWindow()
                        .withLateFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(
                    settings.allowedLateness(), Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
                .accumulatingFiredPanes())
        .apply(WithKeys.of(Trade::instrumentKey).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), TradeCoder.of()))
        .apply(
            new FoldPerBundle<Trade, DrawdownAccumulator>(
                none -> new DrawdownAccumulator(), DrawdownAccumulatorCoder.of()))
        .apply(
            Combine.perKey(
                new MergePartials<Trade, DrawdownAccumulator>(
                    none -> new DrawdownAccumulator(), DrawdownAccumulatorCoder.of())))
        .apply(ParDo.of(new WindowDropFn(settings.dropPercent())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), PriceAlertCoder.of()))
        // Back to the global window; the trigger does not matter to the stateful step after it.
        .apply(
            "Unwindow",
            Window.<KV<String, PriceAlert>>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply(ParDo.of(new EpisodeFn(settings.window().plus(settings.allowedLateness()))))
        .setCoder(PriceAlertCoder.of());
  }

  static class WindowDropFn extends DoFn<KV<String, DrawdownAccumulator>, KV<String, PriceAlert>> {
    private final double threshold;

    WindowDropFn(double threshold) {
      this.threshold = threshold;
    }

    @ProcessElement
    public void process(
        @Element KV<String, DrawdownAccumulator> e,
        BoundedWindow window,
        OutputReceiver<KV<String, PriceAlert>> out) {
      DrawdownAccumulator.Drop d = e.getValue().largestDrop();
      if (d == null || d.percent() < threshold) {
        return;
      }
      IntervalWindow w = (IntervalWindow) window;
      String[] parts = e.getKey().split(":", 2);
      out.output(
          KV.of(
              e.getKey(),
              new PriceAlert(
                  PriceAlert.idOf(parts[0], parts[1], d.fromTime(), d.toTime()),
                  parts[0],
                  parts[1],
                  d.fromPrice(),
                  d.fromTime(),
                  d.toPrice(),
                  d.toTime(),
                  d.percent(),
                  threshold,
                  w.start().getMillis() * 1_000L,
                  w.end().getMillis() * 1_000L,
                  Micros.now())));
    }
  }

  static class EpisodeFn extends DoFn<KV<String, PriceAlert>, PriceAlert> {
    private final Duration memory;

    @StateId("passed")
    private final StateSpec<ValueState<List<PriceAlert>>> passedSpec =
        StateSpecs.value(ListCoder.of(PriceAlertCoder.of()));

    @TimerId("forget")
    private final TimerSpec forgetSpec = TimerSpecs.timer(TimeDomain.EVENT_TIME);

    EpisodeFn(Duration memory) {
      this.memory = memory;
    }

    @ProcessElement
    public void process(
        @Element KV<String, PriceAlert> e,
        @StateId("passed") ValueState<List<PriceAlert>> passed,
        @TimerId("forget") Timer forget,
        OutputReceiver<PriceAlert> out) {
      List<PriceAlert> before =
          passed.read() == null ? new ArrayList<>() : new ArrayList<>(passed.read());
      if (OneAlertPerDrop.repeatsAny(before, e.getValue())) {
        return;
      }
      before.add(e.getValue());
      passed.write(before);
      long newest = before.stream().mapToLong(PriceAlert::toTimeMicros).max().orElseThrow();
      forget.withNoOutputTimestamp().set(Micros.toJoda(newest).plus(memory));
      out.output(e.getValue());
    }

    @OnTimer("forget")
    public void onForget(@StateId("passed") ValueState<List<PriceAlert>> passed) {
      passed.clear();
    }
  }
}
