package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** How a relaunch continues after a crash when the runner keeps no state of its own. */
public interface ResumeOptions extends PipelineOptions {
  /**
   * auto: on for the DirectRunner writing a local lake; off: Kafka offsets committed as bundles
   * finish.
   */
  enum LakeResume {
    auto,
    off
  }

  @Description(
      "auto (default): on the DirectRunner with --sink=lake, every launch starts each partition from "
          + "what the lake already holds (rewinding far enough to rebuild open candle windows), skips "
          + "rows already written, removes a killed run's temporary files and commits no offsets while "
          + "running, so a crash loses no record. off: offsets are committed when bundles finish, "
          + "before their rows are durable (a crash can lose records).")
  @Default.Enum("auto")
  LakeResume getLakeResume();

  void setLakeResume(LakeResume value);
}
