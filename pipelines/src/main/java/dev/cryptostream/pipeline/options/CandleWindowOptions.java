package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Event-time windowing of candles. Durations are ISO-8601. */
public interface CandleWindowOptions extends PipelineOptions {
  @Description("Candle size (event-time window length).")
  @Default.String("PT1M")
  String getCandleSize();

  void setCandleSize(String value);

  @Description("How long after a window closes late trades still correct its candle.")
  @Default.String("PT10M")
  String getAllowedLateness();

  void setAllowedLateness(String value);

  @Description(
      "Processing-time period of early (speculative) candle emissions before the window closes; "
          + "PT0S disables early emissions.")
  @Default.String("PT10S")
  String getEarlyFiringPeriod();

  void setEarlyFiringPeriod(String value);

  @Description(
      "How long trade ids are remembered to drop duplicates, in event time: a copy is dropped while"
          + " the watermark has not passed its trade time plus one horizon, and no id is kept once"
          + " it is two horizons past. Never shorter than --candleSize plus --allowedLateness.")
  @Default.String("PT10M")
  String getDedupHorizon();

  void setDedupHorizon(String value);
}
