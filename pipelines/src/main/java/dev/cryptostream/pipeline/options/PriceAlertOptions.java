package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Price-drop alerts: a sliding event-time window per instrument. Durations are ISO-8601. */
public interface PriceAlertOptions extends PipelineOptions {
  @Description(
      "Alert when the price falls by at least this many percent from a peak inside one window.")
  @Default.Double(5.0)
  Double getAlertDropPercent();

  void setAlertDropPercent(Double value);

  @Description("Length of the sliding window a drop must happen within.")
  @Default.String("PT10M")
  String getAlertWindow();

  void setAlertWindow(String value);

  @Description("How often a new sliding window starts (the detection granularity).")
  @Default.String("PT1M")
  String getAlertWindowPeriod();

  void setAlertWindowPeriod(String value);
}
