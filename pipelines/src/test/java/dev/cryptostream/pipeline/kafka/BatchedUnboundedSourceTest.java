package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.testing.BeamPipeline;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.io.CountingSource;
import org.apache.beam.sdk.io.Read;
import org.apache.beam.sdk.io.UnboundedSource;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchedUnboundedSourceTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static final PipelineOptions OPTIONS = PipelineOptionsFactory.create();

  /** Values 0, 1, 2, ... at 10 ms apart, except every seventh, which is 5 s earlier. */
  private static Instant timeOf(long v) {
    return new Instant(v * 10 - (v % 7 == 0 ? 5_000 : 0));
  }

  private static final UnboundedSource<Long, CountingSource.CounterMark> COUNTING =
      CountingSource.unboundedWithTimestampFn(BatchedUnboundedSourceTest::timeOf);

  @Test
  void batchesHoldEveryRecordInOrderWithItsOwnTimestamp() throws IOException {
    var source = new BatchedUnboundedSource<>(COUNTING, 5);
    var reader = source.createReader(OPTIONS, null);
    long expected = 0;
    assertTrue(reader.start());
    for (int b = 0; b < 50; b++) {
      if (b > 0) {
        assertTrue(reader.advance());
      }
      List<TimestampedValue<Long>> batch = reader.getCurrent();
      assertEquals(5, batch.size(), "the counting source always has the next record at hand");
      Instant earliest = batch.get(0).getTimestamp();
      for (TimestampedValue<Long> r : batch) {
        assertEquals(expected, r.getValue());
        assertEquals(timeOf(expected), r.getTimestamp());
        earliest = r.getTimestamp().isBefore(earliest) ? r.getTimestamp() : earliest;
        expected++;
      }
      assertEquals(earliest, reader.getCurrentTimestamp(), "a batch is stamped with its earliest");
    }
    reader.close();
  }

  @Test
  void aCheckpointAfterABatchResumesWithTheNextRecord() throws Exception {
    var source = new BatchedUnboundedSource<>(COUNTING, 4);
    var reader = source.createReader(OPTIONS, null);
    assertTrue(reader.start());
    for (int b = 0; b < 9; b++) {
      assertTrue(reader.advance());
    }
    long last = reader.getCurrent().get(3).getValue();
    // The mark travels through its coder, as a runner keeps it.
    Coder<CountingSource.CounterMark> coder = source.getCheckpointMarkCoder();
    CountingSource.CounterMark mark =
        CoderUtils.clone(coder, (CountingSource.CounterMark) reader.getCheckpointMark());
    reader.close();
    var resumed = source.createReader(OPTIONS, mark);
    assertTrue(resumed.start());
    assertEquals(last + 1, resumed.getCurrent().get(0).getValue());
    resumed.close();
  }

  @Test
  void aBatchEndsWhereTheInnerReaderHasNothingMoreAtHand() throws IOException {
    // Records 0..9, with nothing at hand after 2 and after 6 (the reader returns false once).
    var source = new BatchedUnboundedSource<>(new PausingSource(10, Set.of(3L, 7L)), 100);
    var reader = source.createReader(OPTIONS, null);
    List<List<Long>> batches = new ArrayList<>();
    boolean has = reader.start();
    for (int calls = 0; calls < 10; calls++) {
      if (has) {
        batches.add(reader.getCurrent().stream().map(TimestampedValue::getValue).toList());
      } else {
        assertThrows(NoSuchElementException.class, reader::getCurrent);
      }
      has = reader.advance();
    }
    assertEquals(
        List.of(List.of(0L, 1L, 2L), List.of(3L, 4L, 5L, 6L), List.of(7L, 8L, 9L)), batches);
    assertEquals(new Instant(9), reader.getWatermark(), "the watermark is the inner reader's");
    assertFalse(reader.advance());
  }

  @Test
  void splitsAsTheInnerSourceDoes() throws Exception {
    var splits = new BatchedUnboundedSource<>(COUNTING, 3).split(4, OPTIONS);
    assertEquals(COUNTING.split(4, OPTIONS).size(), splits.size());
  }

  @Test
  void rejectsAnEmptyBatch() {
    assertThrows(IllegalArgumentException.class, () -> new BatchedUnboundedSource<>(COUNTING, 0));
  }

  @Test
  void aRunnerReadsEveryRecordOnceThroughTheBatches() {
    // The DirectRunner closes and restores readers from checkpoints now and then: nothing may be
    // lost or repeated across that.
    PCollection<Long> records =
        beam.pipeline()
            .apply(Read.from(new BatchedUnboundedSource<>(COUNTING, 7)).withMaxNumRecords(40))
            .apply(ParDo.of(new Unbatch()));
    PAssert.that(records.apply(Count.globally())).containsInAnyOrder(280L);
    PAssert.that(records.apply(Count.perElement()))
        .satisfies(
            counts -> {
              long n = 0;
              for (var c : counts) {
                assertEquals(1L, c.getValue(), "record " + c.getKey());
                assertTrue(c.getKey() >= 0 && c.getKey() < 280, "record " + c.getKey());
                n++;
              }
              assertEquals(280, n);
              return null;
            });
    beam.pipeline().run().waitUntilFinish();
  }

  private static final class Unbatch extends DoFn<List<TimestampedValue<Long>>, Long> {
    @ProcessElement
    public void process(@Element List<TimestampedValue<Long>> batch, OutputReceiver<Long> out) {
      batch.forEach(r -> out.outputWithTimestamp(r.getValue(), r.getTimestamp()));
    }
  }

  /** Values 0..n-1 at their own millisecond; before each value in {@code pauses} one empty read. */
  private static final class PausingSource extends UnboundedSource<Long, PausingSource.Mark> {
    private final long n;
    private final Set<Long> pauses;

    PausingSource(long n, Set<Long> pauses) {
      this.n = n;
      this.pauses = pauses;
    }

    record Mark(long next) implements UnboundedSource.CheckpointMark, Serializable {
      @Override
      public void finalizeCheckpoint() {}
    }

    @Override
    public List<PausingSource> split(int desiredNumSplits, PipelineOptions options) {
      return List.of(this);
    }

    @Override
    public UnboundedReader<Long> createReader(PipelineOptions options, Mark mark) {
      return new UnboundedReader<>() {
        private long current = mark == null ? -1 : mark.next() - 1;
        private boolean paused;

        @Override
        public boolean start() {
          return advance();
        }

        @Override
        public boolean advance() {
          long next = current + 1;
          if (next >= n) {
            return false;
          }
          if (pauses.contains(next) && !paused) {
            paused = true;
            return false;
          }
          paused = false;
          current = next;
          return true;
        }

        @Override
        public Long getCurrent() {
          return current;
        }

        @Override
        public Instant getCurrentTimestamp() {
          return new Instant(current);
        }

        @Override
        public Instant getWatermark() {
          return new Instant(current);
        }

        @Override
        public CheckpointMark getCheckpointMark() {
          return new Mark(current + 1);
        }

        @Override
        public UnboundedSource<Long, ?> getCurrentSource() {
          return PausingSource.this;
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public Coder<Mark> getCheckpointMarkCoder() {
      return SerializableCoder.of(Mark.class);
    }

    @Override
    public Coder<Long> getOutputCoder() {
      return VarLongCoder.of();
    }
  }
}
