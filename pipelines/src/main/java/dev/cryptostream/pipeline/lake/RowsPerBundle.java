package dev.cryptostream.pipeline.lake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.generic.GenericRecord;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.joda.time.Instant;

/**
 * Gathers a bundle's rows into one list per lake partition (dt=/hour=), emitted when the bundle
 * ends: the writer's buffer (a group-by-key with a processing-time trigger) then handles a list per
 * bundle instead of each row, and that per-element bookkeeping (trigger and window state, per row)
 * was the larger part of writing the trades table. Rows and files are the same; a list is emitted
 * at the earliest timestamp it holds, in the global window the rows are in, before the runner moves
 * the watermark past the bundle.
 */
final class RowsPerBundle extends DoFn<GenericRecord, List<GenericRecord>> {
  private final String partitionColumn;
  private transient Map<String, Batch> batches;

  private static final class Batch {
    final List<GenericRecord> rows = new ArrayList<>();
    Instant earliest;
  }

  RowsPerBundle(String partitionColumn) {
    this.partitionColumn = partitionColumn;
  }

  /** The lake partition of a row. */
  static String partitionOf(GenericRecord row, String partitionColumn) {
    return HivePartition.of((Long) row.get(partitionColumn));
  }

  @StartBundle
  public void startBundle() {
    batches = new HashMap<>();
  }

  @ProcessElement
  public void process(@Element GenericRecord row, @Timestamp Instant timestamp) {
    Batch b = batches.computeIfAbsent(partitionOf(row, partitionColumn), p -> new Batch());
    b.rows.add(row);
    if (b.earliest == null || timestamp.isBefore(b.earliest)) {
      b.earliest = timestamp;
    }
  }

  @FinishBundle
  public void finishBundle(FinishBundleContext ctx) {
    for (Batch b : batches.values()) {
      ctx.output(b.rows, b.earliest, GlobalWindow.INSTANCE);
    }
    batches.clear();
  }
}
