package dev.cryptostream.pipeline.kafka;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.TimestampedValue;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Instant;

/**
 * Another unbounded source read in batches: each element is a list of up to {@code maxBatch} of the
 * inner source's records that were available at once, each with its own timestamp, stamped with the
 * earliest of them. The runners that read unbounded sources themselves pay per element read, not
 * per record: the DirectRunner takes at most ten elements into a bundle (then commits the bundle,
 * scans its timers and, now and then, closes the reader to test restoring it), the FlinkRunner
 * updates all of the step's metrics after every element. Batches spread that over many records.
 *
 * <p>Nothing else changes: records, their order within the inner reader, their timestamps and the
 * watermark are the inner source's; a batch is never split across a checkpoint, so the checkpoint
 * mark after it is the inner reader's after its last record. A batch holds only records the inner
 * reader had already fetched: once {@code advance} finds none, the batch so far is emitted (a live
 * stream's records are not held back waiting for more).
 */
public final class BatchedUnboundedSource<T, C extends UnboundedSource.CheckpointMark>
    extends UnboundedSource<List<TimestampedValue<T>>, C> {
  private static final long serialVersionUID = 1L;

  private final UnboundedSource<T, C> inner;
  private final int maxBatch;

  public BatchedUnboundedSource(UnboundedSource<T, C> inner, int maxBatch) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("a batch holds at least one record, got " + maxBatch);
    }
    if (inner.requiresDeduping()) {
      // Record ids are per record; a batch has none of its own.
      throw new IllegalArgumentException("a source that needs de-duplication by record id");
    }
    this.inner = inner;
    this.maxBatch = maxBatch;
  }

  @Override
  public List<BatchedUnboundedSource<T, C>> split(int desiredNumSplits, PipelineOptions options)
      throws Exception {
    List<BatchedUnboundedSource<T, C>> splits = new ArrayList<>();
    for (UnboundedSource<T, C> s : inner.split(desiredNumSplits, options)) {
      splits.add(new BatchedUnboundedSource<>(s, maxBatch));
    }
    return splits;
  }

  @Override
  public UnboundedReader<List<TimestampedValue<T>>> createReader(
      PipelineOptions options, @Nullable C checkpointMark) throws IOException {
    return new Reader(inner.createReader(options, checkpointMark));
  }

  @Override
  public Coder<C> getCheckpointMarkCoder() {
    return inner.getCheckpointMarkCoder();
  }

  @Override
  public Coder<List<TimestampedValue<T>>> getOutputCoder() {
    return ListCoder.of(TimestampedValue.TimestampedValueCoder.of(inner.getOutputCoder()));
  }

  @Override
  public void validate() {
    inner.validate();
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    builder.include("batched", inner).add(DisplayData.item("maxBatch", maxBatch));
  }

  private final class Reader extends UnboundedReader<List<TimestampedValue<T>>> {
    private final UnboundedReader<T> records;
    private @Nullable List<TimestampedValue<T>> batch;
    private Instant earliest = Instant.now();

    Reader(UnboundedReader<T> records) {
      this.records = records;
    }

    @Override
    public boolean start() throws IOException {
      return records.start() ? fill() : none();
    }

    @Override
    public boolean advance() throws IOException {
      return records.advance() ? fill() : none();
    }

    /** The inner reader is on a record: it and those that follow at once make the batch. */
    private boolean fill() throws IOException {
      List<TimestampedValue<T>> next = new ArrayList<>(Math.min(maxBatch, 64));
      Instant min = add(next, null);
      while (next.size() < maxBatch && records.advance()) {
        min = add(next, min);
      }
      batch = next;
      earliest = min;
      return true;
    }

    private Instant add(List<TimestampedValue<T>> to, @Nullable Instant min) {
      Instant t = records.getCurrentTimestamp();
      to.add(TimestampedValue.of(records.getCurrent(), t));
      return min == null || t.isBefore(min) ? t : min;
    }

    private boolean none() {
      batch = null;
      return false;
    }

    @Override
    public List<TimestampedValue<T>> getCurrent() {
      if (batch == null) {
        throw new NoSuchElementException();
      }
      return batch;
    }

    @Override
    public Instant getCurrentTimestamp() {
      if (batch == null) {
        throw new NoSuchElementException();
      }
      return earliest;
    }

    @Override
    public Instant getWatermark() {
      return records.getWatermark();
    }

    @Override
    public CheckpointMark getCheckpointMark() {
      return records.getCheckpointMark();
    }

    @Override
    public long getSplitBacklogBytes() {
      return records.getSplitBacklogBytes();
    }

    @Override
    public long getTotalBacklogBytes() {
      return records.getTotalBacklogBytes();
    }

    @Override
    public UnboundedSource<List<TimestampedValue<T>>, ?> getCurrentSource() {
      return BatchedUnboundedSource.this;
    }

    @Override
    public void close() throws IOException {
      records.close();
    }
  }
}
