package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.combine.FoldPerBundle;
import dev.cryptostream.pipeline.combine.MergePartials;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.options.CandleWindowOptions;
import dev.cryptostream.pipeline.options.OptionValues;
import dev.cryptostream.pipeline.options.PriceAlertOptions;
import java.io.Serializable;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.SlidingWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;

/**
 * Price-drop alerts: for each instrument and each sliding event-time window (default 10 minutes,
 * a new one every minute), the largest fall from a peak to a later low; at or above the threshold
 * (default 5%) it becomes an alert with both prices and times. Windows fire when the watermark
 * passes their end and again for late trades within the allowed lateness (a late trade can
 * complete a drop). Overlapping windows see the same drop, so {@link OneAlertPerDrop} passes one
 * alert per drop episode and a new one only when the drop deepens.
 */
public class DetectPriceDrops extends PTransform<PCollection<Trade>, PCollection<PriceAlert>> {
  static final long MAX_WINDOWS_PER_TRADE = 60;

  /** Thresholds and windows, validated. */
  public record Settings(double dropPercent, Duration window, Duration period, Duration allowedLateness)
      implements Serializable {
    public Settings {
      if (!(dropPercent > 0 && dropPercent < 100)) {
        throw new IllegalArgumentException("--alertDropPercent must be between 0 and 100 (exclusive)");
      }
      if (period.getMillis() <= 0 || window.getMillis() < period.getMillis()) {
        throw new IllegalArgumentException("--alertWindowPeriod must be positive and at most --alertWindow");
      }
      if (window.getMillis() % period.getMillis() != 0) {
        throw new IllegalArgumentException("--alertWindow must be a whole multiple of --alertWindowPeriod");
      }
      if (window.getMillis() / period.getMillis() > MAX_WINDOWS_PER_TRADE) {
        // Each trade is folded into window/period windows: keep that cost bounded.
        throw new IllegalArgumentException(
            "--alertWindow may be at most " + MAX_WINDOWS_PER_TRADE + " times --alertWindowPeriod");
      }
    }

    public static <O extends PriceAlertOptions & CandleWindowOptions> Settings fromOptions(O o) {
      return new Settings(
          o.getAlertDropPercent(),
          OptionValues.jodaDuration("alertWindow", o.getAlertWindow()),
          OptionValues.jodaDuration("alertWindowPeriod", o.getAlertWindowPeriod()),
          OptionValues.jodaDuration("allowedLateness", o.getAllowedLateness()));
    }
  }

  private final Settings settings;

  public DetectPriceDrops(Settings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<PriceAlert> expand(PCollection<Trade> trades) {
    return trades
        .apply(
            "SlidingWindows",
            Window.<Trade>into(SlidingWindows.of(settings.window()).every(settings.period()))
                .triggering(AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1)))
                .withAllowedLateness(settings.allowedLateness(), Window.ClosingBehavior.FIRE_IF_NON_EMPTY)
                .accumulatingFiredPanes())
        .apply("KeyByInstrument", WithKeys.of(Trade::instrumentKey).withKeyType(TypeDescriptors.strings()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), TradeCoder.of()))
        .apply(
            "PreAggregate",
            new FoldPerBundle<Trade, DrawdownAccumulator>(none -> new DrawdownAccumulator(), DrawdownAccumulator.class))
        .apply(
            "Aggregate",
            Combine.perKey(
                new MergePartials<Trade, DrawdownAccumulator>(
                    none -> new DrawdownAccumulator(), DrawdownAccumulator.class)))
        .apply("LargestDrop", ParDo.of(new ToAlertFn(settings.dropPercent())))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(PriceAlert.class)))
        .apply("Unwindow", Window.<KV<String, PriceAlert>>into(new GlobalWindows()))
        .apply("OneAlertPerDrop", ParDo.of(new OneAlertPerDrop(settings.window().plus(settings.allowedLateness()))))
        .setCoder(SerializableCoder.of(PriceAlert.class));
  }

  /** The window's largest drop, as an alert keyed by instrument, when it reaches the threshold. */
  static class ToAlertFn extends DoFn<KV<String, DrawdownAccumulator>, KV<String, PriceAlert>> {
    private final double threshold;

    ToAlertFn(double threshold) {
      this.threshold = threshold;
    }

    @ProcessElement
    public void process(
        @Element KV<String, DrawdownAccumulator> element,
        BoundedWindow window,
        OutputReceiver<KV<String, PriceAlert>> out) {
      DrawdownAccumulator.Drop drop = element.getValue().largestDrop();
      if (drop == null || drop.percent() < threshold) {
        return;
      }
      IntervalWindow w = (IntervalWindow) window;
      String key = element.getKey();
      int colon = key.indexOf(':');
      String exchange = key.substring(0, colon);
      String symbol = key.substring(colon + 1);
      out.output(
          KV.of(
              key,
              new PriceAlert(
                  PriceAlert.idOf(exchange, symbol, drop.fromTime(), drop.toTime()),
                  exchange,
                  symbol,
                  drop.fromPrice(),
                  drop.fromTime(),
                  drop.toPrice(),
                  drop.toTime(),
                  drop.percent(),
                  threshold,
                  w.start().getMillis() * 1_000L,
                  w.end().getMillis() * 1_000L,
                  Micros.now())));
    }
  }
}
