package dev.cryptostream.pipeline.lake;

import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.DeadLetterCoder;
import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.SinkDeadLetters;
import org.apache.avro.Schema;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.AfterProcessingTime;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Repeatedly;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Appends a stream to one lake table as Parquet files under {@code
 * <lake>/<table>/dt=YYYY-MM-DD/hour=HH/}, and returns as dead letters the elements that could not
 * become rows of the table (a sum beyond DECIMAL(38,18), a schema mismatch) instead of failing the
 * pipeline.
 *
 * <p>Rows are buffered in the global window (encoded, a batch per bundle and partition, see {@link
 * RowsPerBundle}) and flushed every {@code flushInterval} of processing time, whatever their event
 * time: a lake table is an append log, and late rows must land in their own partition rather than
 * be dropped. The last buffered rows are flushed when the watermark reaches the end of time (a
 * drained or bounded run).
 */
public class WriteLakeTable<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  private static final TupleTag<KV<String, byte[]>> ROWS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> INVALID = new TupleTag<>() {};

  private final OutputTable<T> table;
  private final String lakePath;
  private final Duration flushInterval;
  private final int shards;
  private final String runId;

  public WriteLakeTable(
      OutputTable<T> table, String lakePath, Duration flushInterval, int shards, String runId) {
    if (shards < 1) {
      throw new IllegalArgumentException("--lakeShards must be at least 1");
    }
    if (!runId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException(
          "--lakeRunId may hold only letters, digits, '_', '.', '-'");
    }
    this.table = table;
    this.lakePath = lakePath;
    this.flushInterval = flushInterval;
    this.shards = shards;
    this.runId = runId;
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> elements) {
    Schema schema = AvroRows.schemaOf(table);
    String stage = "sink:lake:" + table.lakeDirectory();
    PCollectionTuple converted =
        elements.apply(
            "ToAvroRows",
            ParDo.of(new ToAvroRowFn<>(table, stage))
                .withOutputTags(ROWS, TupleTagList.of(INVALID)));
    String prefix = "part-" + runId;
    KvCoder<String, byte[]> rowCoder = KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of());
    converted
        .get(ROWS)
        .setCoder(rowCoder)
        .apply(
            "BufferFor" + flushInterval,
            Window.<KV<String, byte[]>>into(new GlobalWindows())
                .triggering(
                    Repeatedly.forever(
                        AfterProcessingTime.pastFirstElementInPane().plusDelayOf(flushInterval)))
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes())
        .apply("RowsPerBundle", ParDo.of(new RowsPerBundle()))
        .setCoder(rowCoder)
        .apply(
            "WriteParquet",
            FileIO.<String, KV<String, byte[]>>writeDynamic()
                .by(KV::getKey)
                .withDestinationCoder(StringUtf8Coder.of())
                .via(
                    new ParquetSink(
                        schema.toString(), table.lakeDirectory(), table.lowCardinalityColumns()))
                .to(join(lakePath, table.lakeDirectory()))
                .withNaming(
                    partition -> FileIO.Write.defaultNaming(partition + "/" + prefix, ".parquet"))
                .withNumShards(shards));
    // Dead letters of windowed rows (candles) join the globally windowed ones downstream.
    return converted
        .get(INVALID)
        .setCoder(DeadLetterCoder.of())
        .apply(
            "Unwindow",
            Window.<DeadLetter>into(new GlobalWindows())
                .triggering(DefaultTrigger.of())
                .withAllowedLateness(Duration.ZERO)
                .discardingFiredPanes());
  }

  /**
   * Element → its lake partition and encoded Avro row ({@link RowEncoder}); an element that does
   * not fit the table becomes a dead letter.
   */
  private static final class ToAvroRowFn<T> extends DoFn<T, KV<String, byte[]>> {
    private final OutputTable<T> table;
    private final String stage;
    private transient RowEncoder<T> encoder;

    ToAvroRowFn(OutputTable<T> table, String stage) {
      this.table = table;
      this.stage = stage;
    }

    @SuppressWarnings({"UnusedMethod", "EffectivelyPrivate"}) // Beam calls it reflectively
    @Setup
    public void setup() {
      encoder = new RowEncoder<>(table);
    }

    @ProcessElement
    public void process(@Element T element, MultiOutputReceiver out) {
      KV<String, byte[]> row;
      try {
        row = encoder.encode(element);
      } catch (RuntimeException e) {
        out.get(INVALID).output(SinkDeadLetters.invalidRow(table, element, stage, e));
        return;
      }
      out.get(ROWS).output(row);
    }
  }

  private static String join(String base, String child) {
    return base.endsWith("/") ? base + child : base + "/" + child;
  }
}
