package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class TradeTimeWatermarkPolicyTest {
  private static final long T0 = 1_795_428_000_000L;
  private final AtomicLong clock = new AtomicLong(T0);

  /** A partition context with a settable backlog, checked "now". */
  private final class Ctx extends TimestampPolicy.PartitionContext {
    long backlog;

    @Override
    public long getMessageBacklog() {
      return backlog;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return new Instant(clock.get());
    }
  }

  private static KafkaRecord<byte[], byte[]> record(long timestampMillis) {
    return new KafkaRecord<>("t", 0, 0, timestampMillis, KafkaTimestampType.CREATE_TIME, null, KV.of(new byte[0], new byte[0]));
  }

  private TimestampPolicy<byte[], byte[]> policy(Duration drainAfter) {
    return TradeTimeWatermarkPolicy.factory(Duration.standardSeconds(5), drainAfter, clock::get)
        .createTimestampPolicy(null, Optional.empty());
  }

  @Test
  void watermarkTrailsNewestTradeTimeByTheBound() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx();
    ctx.backlog = 10;
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, p.getWatermark(ctx));
    assertEquals(new Instant(T0 - 60_000), p.getTimestampForRecord(ctx, record(T0 - 60_000)));
    p.getTimestampForRecord(ctx, record(T0 - 30_000));
    p.getTimestampForRecord(ctx, record(T0 - 45_000)); // out of order: no step back
    assertEquals(new Instant(T0 - 35_000), p.getWatermark(ctx));
  }

  @Test
  void aClockAheadOfUsCannotPushTheWatermarkPastNow() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx();
    ctx.backlog = 1;
    Instant stamped = p.getTimestampForRecord(ctx, record(T0 + 3_600_000));
    assertEquals(new Instant(T0 + 3_600_000), stamped, "the element keeps its own time");
    assertEquals(new Instant(T0 - 5_000), p.getWatermark(ctx));
  }

  @Test
  void caughtUpPartitionsAdvanceWithTheClock() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx();
    p.getTimestampForRecord(ctx, record(T0 - 60_000));
    ctx.backlog = 0;
    clock.addAndGet(30_000);
    assertEquals(new Instant(T0 + 25_000), p.getWatermark(ctx));
    ctx.backlog = 5;
    assertEquals(new Instant(T0 + 25_000), p.getWatermark(ctx), "never moves backwards");
  }

  @Test
  void drainsToTheEndOfTimeOnlyWhenCaughtUpAndSilent() {
    TimestampPolicy<byte[], byte[]> p = policy(Duration.standardSeconds(10));
    Ctx ctx = new Ctx();
    p.getTimestampForRecord(ctx, record(T0));
    ctx.backlog = 3;
    clock.addAndGet(60_000);
    assertEquals(new Instant(T0 - 5_000), p.getWatermark(ctx), "records still waiting: no drain");
    ctx.backlog = 0;
    clock.addAndGet(9_000);
    assertEquals(new Instant(T0 + 64_000), p.getWatermark(ctx), "silent for 9 s only");
    clock.addAndGet(1_000);
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  @Test
  void neverDrainsWithoutTheOption() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx();
    ctx.backlog = 0;
    clock.addAndGet(3_600_000);
    assertEquals(new Instant(T0 + 3_595_000), p.getWatermark(ctx));
  }
}
