package dev.cryptostream.pipeline.candles;

import dev.cryptostream.pipeline.combine.FoldPerBundle;
import dev.cryptostream.pipeline.combine.MergePartials;
import dev.cryptostream.pipeline.instrument.KeyByInstrument;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.CandleCoder;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.CandleWindowOptions;
import dev.cryptostream.pipeline.options.OptionValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.Combine;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterPane;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.AfterWatermark;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.PaneInfo;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Builds OHLCV/VWAP candles per instrument (exchange + symbol) in fixed event-time windows.
 *
 * <p>Panes accumulate, so every emission is the complete candle so far: optional EARLY panes every
 * {@code earlyFiringPeriod} of processing time, one ON_TIME pane when the watermark passes the
 * window end, then one LATE pane per late trade until the allowed lateness expires. Readers keep
 * the emission with the highest {@code paneIndex} per window.
 */
public class BuildCandles extends PTransform<PCollection<Trade>, PCollection<Candle>> {
  /** VWAP is stored as DECIMAL(38,18). */
  static final int VWAP_SCALE = 18;

  private final Settings settings;

  /** Resolved windowing settings. */
  public record Settings(Duration candleSize, Duration allowedLateness, Duration earlyFiringPeriod)
      implements java.io.Serializable {
    public Settings {
      if (candleSize.getMillis() <= 0) {
        throw new IllegalArgumentException("--candleSize must be positive");
      }
      if (allowedLateness.getMillis() < 0 || earlyFiringPeriod.getMillis() < 0) {
        throw new IllegalArgumentException(
            "--allowedLateness and --earlyFiringPeriod must be >= 0");
      }
    }

    public static Settings fromOptions(CandleWindowOptions o) {
      return new Settings(
          OptionValues.jodaDuration("candleSize", o.getCandleSize()),
          OptionValues.jodaDuration("allowedLateness", o.getAllowedLateness()),
          OptionValues.jodaDuration("earlyFiringPeriod", o.getEarlyFiringPeriod()));
    }
  }

  public BuildCandles(Settings settings) {
    this.settings = settings;
  }

  @Override
  public PCollection<Candle> expand(PCollection<Trade> trades) {
    AfterWatermark.AfterWatermarkEarlyAndLate trigger =
        AfterWatermark.pastEndOfWindow().withLateFirings(AfterPane.elementCountAtLeast(1));
    if (settings.earlyFiringPeriod().getMillis() > 0) {
      trigger =
          trigger.withEarlyFirings(
              AfterProcessingTime.pastFirstElementInPane()
                  .plusDelayOf(settings.earlyFiringPeriod()));
    }
    return trades
        .apply(
            "WindowByTradeTime",
            Window.<Trade>into(FixedWindows.of(settings.candleSize()))
                .triggering(trigger)
                // FIRE_ALWAYS: every window ends with a pane marked final (is_final), so readers
                // know a candle will not change, and the trades it holds can be counted.
                .withAllowedLateness(settings.allowedLateness(), Window.ClosingBehavior.FIRE_ALWAYS)
                .accumulatingFiredPanes())
        .apply("KeyByInstrument", new KeyByInstrument())
        .apply(
            "PreAggregate",
            new FoldPerBundle<Trade, CandleAccumulator>(
                none -> new CandleAccumulator(), CandleAccumulatorCoder.of()))
        .apply(
            "Aggregate",
            Combine.perKey(
                new MergePartials<Trade, CandleAccumulator>(
                    none -> new CandleAccumulator(), CandleAccumulatorCoder.of())))
        .apply("ToCandle", ParDo.of(new ToCandleFn()))
        .setCoder(CandleCoder.of());
  }

  static class ToCandleFn extends DoFn<KV<String, CandleAccumulator>, Candle> {
    private final Counter emitted = PipelineMetrics.counter(PipelineMetrics.CANDLES_EMITTED);
    private final Counter finalTrades =
        PipelineMetrics.counter(PipelineMetrics.CANDLE_TRADES_FINAL);

    @ProcessElement
    public void process(
        @Element KV<String, CandleAccumulator> element,
        BoundedWindow window,
        PaneInfo pane,
        OutputReceiver<Candle> out) {
      CandleAccumulator acc = element.getValue();
      if (acc.count == 0) {
        return;
      }
      IntervalWindow w = (IntervalWindow) window;
      String key = element.getKey();
      int colon = key.indexOf(':');
      emitted.inc();
      if (pane.isLast()) {
        finalTrades.inc(acc.count);
      }
      out.output(
          new Candle(
              key.substring(0, colon),
              key.substring(colon + 1),
              w.start().getMillis() * 1_000L,
              w.end().getMillis() * 1_000L,
              acc.open,
              acc.high,
              acc.low,
              acc.close,
              acc.volume,
              acc.quoteVolume,
              vwap(acc.quoteVolume, acc.volume),
              acc.count,
              acc.takerBuyVolume,
              acc.takerSellVolume,
              acc.openTime,
              acc.closeTime,
              pane.getTiming().name(),
              pane.getIndex(),
              pane.isLast(),
              Micros.now()));
    }
  }

  /** Exposed for tests: the VWAP rule. */
  static BigDecimal vwap(BigDecimal quoteVolume, BigDecimal volume) {
    return quoteVolume.divide(volume, VWAP_SCALE, RoundingMode.HALF_EVEN);
  }
}
