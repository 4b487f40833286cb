package dev.cryptostream.pipeline.lake;

import java.util.HashMap;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.windowing.GlobalWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Instant;

/**
 * Gathers a bundle's encoded rows, each with its lake partition (dt=/hour=, from {@link
 * RowEncoder}), into one {@link RowBatch} per partition, emitted with its partition when the bundle
 * ends: the writer's buffer (a group-by-key with a processing-time trigger) then handles a batch
 * per bundle instead of each row, and that per-element bookkeeping (trigger and window state, per
 * row) was the larger part of writing the trades table. Rows and files are the same; a batch is
 * emitted at the earliest timestamp it holds, in the global window the rows are in, before the
 * runner moves the watermark past the bundle.
 */
final class RowsPerBundle extends DoFn<KV<String, byte[]>, KV<String, byte[]>> {
  private transient Map<String, Batch> batches;

  private static final class Batch {
    final RowBatch.Builder rows = new RowBatch.Builder();
    Instant earliest;
  }

  @StartBundle
  public void startBundle() {
    batches = new HashMap<>();
  }

  @ProcessElement
  public void process(@Element KV<String, byte[]> row, @Timestamp Instant timestamp) {
    Batch b = batches.computeIfAbsent(row.getKey(), p -> new Batch());
    b.rows.add(row.getValue());
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
