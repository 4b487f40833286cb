package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which sink the results go to; the graph before the sinks is the same for both. */
public interface SinkOptions extends PipelineOptions {
  /** The sinks. Lower-case names so that the command line reads {@code --sink=bigquery}. */
  enum Sink {
    lake,
    bigquery
  }

  @Description(
      "Where results go: lake (Parquet files under --lakePath) or bigquery (--bigQueryDataset).")
  @Default.Enum("lake")
  Sink getSink();

  void setSink(Sink value);
}
