package dev.cryptostream.pipeline.bigquery;

import com.google.api.services.bigquery.model.Clustering;
import com.google.api.services.bigquery.model.TableRow;
import com.google.api.services.bigquery.model.TimePartitioning;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.DeadLetterCoder;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.options.BigQuerySinkOptions.WriteMethod;
import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.SinkDeadLetters;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryHelpers;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.CreateDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryIO.Write.WriteDisposition;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryStorageApiInsertError;
import org.apache.beam.sdk.io.gcp.bigquery.TableRowJsonCoder;
import org.apache.beam.sdk.io.gcp.bigquery.WriteResult;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Appends a stream to one BigQuery table through the Storage Write API and returns, as dead
 * letters, every element that did not land: rows that could not be converted for the table and rows
 * BigQuery rejected ({@code getFailedStorageApiInserts()}). Nothing fails the pipeline.
 */
public class WriteBigQueryTable<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  private static final TupleTag<TableRow> ROWS = new TupleTag<>() {};
  private static final TupleTag<DeadLetter> INVALID = new TupleTag<>() {};

  private final OutputTable<T> table;
  private final String tableName;
  private final BigQueryTarget target;

  /**
   * @param tableName the BigQuery table (may differ from {@code table.name()} by option)
   */
  public WriteBigQueryTable(OutputTable<T> table, String tableName, BigQueryTarget target) {
    this.table = table;
    this.tableName = tableName;
    this.target = target;
    target.tableSpec(tableName); // fail at construction on a bad name
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> elements) {
    String stage = "sink:bigquery:" + tableName;
    PCollectionTuple converted =
        elements.apply(
            "ToTableRows",
            ParDo.of(new ToTableRowFn<>(table, stage))
                .withOutputTags(ROWS, TupleTagList.of(INVALID)));
    converted.get(INVALID).setCoder(DeadLetterCoder.of());

    WriteResult result =
        converted.get(ROWS).setCoder(TableRowJsonCoder.of()).apply("StorageWriteApi", write());
    PCollection<DeadLetter> rejected =
        result
            .getFailedStorageApiInserts()
            .apply("RejectedToDeadLetters", ParDo.of(new RejectedRowFn(stage)))
            .setCoder(DeadLetterCoder.of());
    // Dead letters of windowed rows (candles) join the globally windowed ones downstream.
    return PCollectionList.of(converted.get(INVALID).apply("UnwindowInvalid", unwindow()))
        .and(rejected.apply("UnwindowRejected", unwindow()))
        .apply("SinkDeadLetters", Flatten.pCollections());
  }

  private static Window<DeadLetter> unwindow() {
    return Window.<DeadLetter>into(new GlobalWindows())
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }

  private BigQueryIO.Write<TableRow> write() {
    BigQueryIO.Write<TableRow> w =
        BigQueryIO.writeTableRows()
            .to(target.tableSpec(tableName))
            .withSchema(BigQueryRows.schemaOf(table))
            .withTimePartitioning(
                new TimePartitioning().setType("DAY").setField(table.partitionColumn()))
            .withClustering(new Clustering().setFields(table.clusterColumns()))
            .withCreateDisposition(
                target.createTables()
                    ? CreateDisposition.CREATE_IF_NEEDED
                    : CreateDisposition.CREATE_NEVER)
            .withWriteDisposition(WriteDisposition.WRITE_APPEND);
    if (target.method() == WriteMethod.EXACTLY_ONCE) {
      w =
          w.withMethod(BigQueryIO.Write.Method.STORAGE_WRITE_API)
              .withTriggeringFrequency(target.triggeringFrequency());
      w =
          target.streamCount() > 0
              ? w.withNumStorageWriteApiStreams(target.streamCount())
              : w.withAutoSharding();
    } else {
      w = w.withMethod(BigQueryIO.Write.Method.STORAGE_API_AT_LEAST_ONCE);
    }
    return target.testServices() == null ? w : w.withTestServices(target.testServices());
  }

  /** Element → TableRow; an element that does not fit the table becomes a dead letter. */
  private static final class ToTableRowFn<T> extends DoFn<T, TableRow> {
    private final OutputTable<T> table;
    private final String stage;

    ToTableRowFn(OutputTable<T> table, String stage) {
      this.table = table;
      this.stage = stage;
    }

    @ProcessElement
    public void process(@Element T element, MultiOutputReceiver out) {
      try {
        out.get(ROWS).output(BigQueryRows.rowOf(table, element));
      } catch (RuntimeException e) {
        out.get(INVALID).output(SinkDeadLetters.invalidRow(table, element, stage, e));
      }
    }
  }

  /** A row BigQuery refused, with the error it gave. */
  private static final class RejectedRowFn extends DoFn<BigQueryStorageApiInsertError, DeadLetter> {
    private final String stage;

    RejectedRowFn(String stage) {
      this.stage = stage;
    }

    @ProcessElement
    public void process(
        @Element BigQueryStorageApiInsertError error, OutputReceiver<DeadLetter> out) {
      TableRow row = error.getRow();
      out.output(
          SinkDeadLetters.of(
              RejectReason.SINK_WRITE_REJECTED,
              "BigQuery rejected the row: " + error.getErrorMessage(),
              BigQueryHelpers.toJsonString(row),
              row,
              stage,
              null));
    }
  }
}
