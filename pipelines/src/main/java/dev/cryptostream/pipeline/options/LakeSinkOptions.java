package dev.cryptostream.pipeline.options;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** The local (or object-store) Parquet lake. */
public interface LakeSinkOptions extends PipelineOptions {
  @Description(
      "Root directory of the lake; tables are written below it as "
          + "<table>/dt=YYYY-MM-DD/hour=HH/*.parquet. Any Beam filesystem path works.")
  @Default.String("lake")
  String getLakePath();

  void setLakePath(String value);

  @Description("Processing-time period after which buffered rows are written out as files.")
  @Default.String("PT10S")
  String getLakeFlushInterval();

  void setLakeFlushInterval(String value);

  @Description("Files per table, partition and flush.")
  @Default.Integer(1)
  Integer getLakeShards();

  void setLakeShards(Integer value);

  @Description(
      "Tag in every file name written by this job (the launch time is always appended), so jobs "
          + "appending to one lake never overwrite each other's files.")
  String getLakeRunId();

  void setLakeRunId(String value);
}
