package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.StreamingOptions;

/** All options of the trade pipeline: one small interface per concern, composed here. */
public interface TradePipelineOptions
    extends KafkaReadOptions,
        KafkaSecurityOptions,
        ValidationOptions,
        CandleWindowOptions,
        PriceAlertOptions,
        SinkOptions,
        LakeSinkOptions,
        BigQuerySinkOptions,
        ResumeOptions,
        StreamingOptions {

  @Description("Seconds between progress lines on standard output (0 disables them).")
  @Default.Integer(10)
  Integer getProgressIntervalSeconds();

  void setProgressIntervalSeconds(Integer value);
}
