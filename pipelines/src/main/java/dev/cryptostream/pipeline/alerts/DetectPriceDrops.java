package dev.cryptostream.pipeline.alerts;

import dev.cryptostream.pipeline.instrument.BatchByInstrument;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.PriceAlertCoder;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.CandleWindowOptions;
import dev.cryptostream.pipeline.options.OptionValues;
import dev.cryptostream.pipeline.options.PriceAlertOptions;
import java.io.Serializable;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Price-drop alerts: for each instrument and each sliding event-time window (default 10 minutes, a
 * new one every minute), the largest fall from a peak to a later low; at or above the threshold
 * (default 5%) it becomes an alert with both prices and times. Windows are evaluated when the
 * watermark passes their end and again for late trades within the allowed lateness (a late trade
 * can complete a drop). Overlapping windows see the same drop, so {@link OneAlertPerDrop} passes
 * one alert per drop episode and a new one only when the drop deepens.
 *
 * <p>One stateful step per instrument does it ({@link SlidingDrawdownFn}): each trade goes into one
 * per-second bucket once, not into window/period windows, and one timer per instrument replaces the
 * windows' triggers (measured in docs/measurements.md).
 */
public class DetectPriceDrops extends PTransform<PCollection<Trade>, PCollection<PriceAlert>> {
  static final long MAX_WINDOWS_PER_TRADE = 60;

  /** Thresholds and windows, validated. */
  public record Settings(
      double dropPercent, Duration window, Duration period, Duration allowedLateness)
      implements Serializable {
    public Settings {
      if (!(dropPercent > 0 && dropPercent < 100)) {
        throw new IllegalArgumentException(
            "--alertDropPercent must be between 0 and 100 (exclusive)");
      }
      if (period.getMillis() <= 0 || window.getMillis() < period.getMillis()) {
        throw new IllegalArgumentException(
            "--alertWindowPeriod must be positive and at most --alertWindow");
      }
      if (period.getMillis() % 1_000L != 0) {
        // Prices are kept in per-second buckets: windows must begin and end on whole seconds.
        throw new IllegalArgumentException("--alertWindowPeriod must be a whole number of seconds");
      }
      if (window.getMillis() % period.getMillis() != 0) {
        throw new IllegalArgumentException(
            "--alertWindow must be a whole multiple of --alertWindowPeriod");
      }
      if (window.getMillis() / period.getMillis() > MAX_WINDOWS_PER_TRADE) {
        // A late trade re-evaluates up to window/period windows: keep that cost bounded.
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
  private final BatchByInstrument batching;

  public DetectPriceDrops(Settings settings) {
    this(settings, new BatchByInstrument());
  }

  /** With the given batching (tests use {@link BatchByInstrument#perBundle} on any runner). */
  public DetectPriceDrops(Settings settings, BatchByInstrument batching) {
    this.settings = settings;
    this.batching = batching;
  }

  @Override
  public PCollection<PriceAlert> expand(PCollection<Trade> trades) {
    return trades
        .apply("BatchByInstrument", batching)
        .apply("SlidingWindowDrops", ParDo.of(new SlidingDrawdownFn(settings)))
        .setCoder(PriceAlertCoder.of());
  }
}
