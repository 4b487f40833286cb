package dev.cryptostream.pipeline.lake;

import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Gathers a bundle's rows into one {@link RowBatch} per lake partition (dt=/hour=), emitted with
 * its partition when the bundle ends: the writer's buffer (a group-by-key with a processing-time
 * trigger) then handles a batch per bundle instead of each row, and that per-element bookkeeping
 * (trigger and window state, per row) was the larger part of writing the trades table. Rows and
 * files are the same; a batch is emitted at the earliest timestamp it holds, in the global window
 * the rows are in, before the runner moves the watermark past the bundle.
 */
final class RowsPerBundle extends DoFn<GenericRecord, KV<String, byte[]>> {
  private final String partitionColumn;
  private final String schemaJson;
  private transient Schema schema;
  private transient Map<String, Batch> batches;

  private static final class Batch {
    final RowBatch.Builder rows;
    Instant earliest;

    Batch(Schema schema) {
      rows = new RowBatch.Builder(schema);
    }
  }

  RowsPerBundle(String partitionColumn, String schemaJson) {
    this.partitionColumn = partitionColumn;
    this.schemaJson = schemaJson;
  }

  /** The lake partition of a row. */
  static String partitionOf(GenericRecord row, String partitionColumn) {
    return HivePartition.of((Long) row.get(partitionColumn));
  }

  @Setup
  public void setup() {
    schema = new Schema.Parser().parse(schemaJson);
  }

  @StartBundle
  public void startBundle() {
    batches = new HashMap<>();
  }

  @ProcessElement
  public void process(@Element GenericRecord row, @Timestamp Instant timestamp) {
    Batch b = batches.computeIfAbsent(partitionOf(row, partitionColumn), p -> new Batch(schema));
    b.rows.add(row);
    if (b.earliest == null || timestamp.isBefore(b.earliest)) {
      b.earliest = timestamp;
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext ctx) {
    for (Map.Entry<String, Batch> e : batches.entrySet()) {
      ctx.output(
          KV.of(e.getKey(), e.getValue().rows.toByteArray()),
          e.getValue().earliest,
          GlobalWindow.INSTANCE);
    }
    batches.clear();
  }
}
