package dev.cryptostream.pipeline.lake;

import dev.cryptostream.pipeline.tables.OutputTable;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;

/**
 * Appends a stream of rows to one lake table as Parquet files under
 * {@code <lake>/<table>/dt=YYYY-MM-DD/hour=HH/}.
 *
 * <p>Rows are buffered in the global window and flushed every {@code flushInterval} of processing
 * time, whatever their event time: a lake table is an append log, and late rows must land in
 * their own partition rather than be dropped. The last buffered rows are flushed when the
 * watermark reaches the end of time (a drained or bounded run).
 */
public class WriteLakeTable<T> extends PTransform<PCollection<T>, WriteFilesResult<String>> {
  private final OutputTable<T> table;
  private final String lakePath;
  private final Duration flushInterval;
  private final int shards;
  private final String runId;

  public WriteLakeTable(OutputTable<T> table, String lakePath, Duration flushInterval, int shards, String runId) {
    if (shards < 1) {
      throw new IllegalArgumentException("--lakeShards must be at least 1");
    }
    if (!runId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("--lakeRunId may hold only letters, digits, '_', '.', '-'");
    }
    this.table = table;
    this.lakePath = lakePath;
    this.flushInterval = flushInterval;
    this.shards = shards;
    this.runId = runId;
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<T> rows) {
    OutputTable<T> table = this.table;
    String prefix = "part-" + runId;
    return rows.apply(
            "BufferFor" + flushInterval,
            Window.<T>into(new GlobalWindows())
                .triggering(
                    Repeatedly.forever(
                        AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flushInterval)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply(
            "WriteParquet",
            FileIO.<String, T>writeDynamic()
                .by(row -> HivePartition.of(table.partitionMicros(row)))
                .withDestinationCoder(StringUtf8Coder.of())
                .via(new ParquetSink<>(table))
                .to(join(lakePath, table.lakeDirectory()))
                .withNaming(partition -> FileIO.Write.defaultNaming(partition + "/" + prefix, ".parquet"))
                .withNumShards(shards));
  }

  private static String join(String base, String child) {
    return base.endsWith("/") ? base + child : base + "/" + child;
  }
}
