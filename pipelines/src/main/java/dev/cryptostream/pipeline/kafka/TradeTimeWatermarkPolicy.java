package dev.cryptostream.pipeline.kafka;

import java.util.Optional;
import java.util.function.LongSupplier;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.io.kafka.TimestampPolicyFactory;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.kafka.common.TopicPartition;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;

/**
 * Event-time watermark for one Kafka partition of canonical trades.
 *
 * <ul>
 *   <li>Record timestamps are the trade times (the contract makes producers set them), so the
 *       watermark is the newest one seen minus a bounded out-of-orderness. Timestamps ahead of the
 *       processing clock are capped at the clock, so one bad producer clock cannot push every
 *       other trade into lateness.
 *   <li>When the partition is caught up (no backlog), the watermark advances with processing time
 *       minus the same bound, so idle instruments do not hold windows open forever.
 *   <li>Optionally (catch-up mode), after the partition has been caught up and silent for a set
 *       time, the watermark jumps to the end of time, which finishes a bounded run cleanly.
 * </ul>
 */
public class TradeTimeWatermarkPolicy extends TimestampPolicy<byte[], byte[]> {
  private final Duration maxOutOfOrderness;
  private final @Nullable Duration drainWhenIdleFor;
  private final LongSupplier clockMillis;
  private Instant maxEventTime;
  private long lastActivityMillis;
  private Instant lastWatermark;

  TradeTimeWatermarkPolicy(
      Duration maxOutOfOrderness,
      @Nullable Duration drainWhenIdleFor,
      Optional<Instant> previousWatermark,
      LongSupplier clockMillis) {
    this.maxOutOfOrderness = maxOutOfOrderness;
    this.drainWhenIdleFor = drainWhenIdleFor;
    this.clockMillis = clockMillis;
    this.lastWatermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.maxEventTime =
        previousWatermark.map(w -> w.plus(maxOutOfOrderness)).orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    this.lastActivityMillis = clockMillis.getAsLong();
  }

  /** Creates one policy per partition; resumes from the previous watermark after a restart. */
  public static TimestampPolicyFactory<byte[], byte[]> factory(
      Duration maxOutOfOrderness, @Nullable Duration drainWhenIdleFor) {
    return new Factory(maxOutOfOrderness, drainWhenIdleFor, SystemClock.INSTANCE);
  }

  static TimestampPolicyFactory<byte[], byte[]> factory(
      Duration maxOutOfOrderness, @Nullable Duration drainWhenIdleFor, SerializableLongSupplier clock) {
    return new Factory(maxOutOfOrderness, drainWhenIdleFor, clock);
  }

  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    long now = clockMillis.getAsLong();
    lastActivityMillis = now;
    Instant ts = new Instant(record.getTimestamp());
    Instant capped = ts.isAfter(new Instant(now)) ? new Instant(now) : ts;
    if (capped.isAfter(maxEventTime)) {
      maxEventTime = capped;
    }
    return ts;
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    long now = clockMillis.getAsLong();
    boolean caughtUp = ctx.getMessageBacklog() == 0;
    if (caughtUp && drainWhenIdleFor != null && now - lastActivityMillis >= drainWhenIdleFor.getMillis()) {
      lastWatermark = BoundedWindow.TIMESTAMP_MAX_VALUE;
      return lastWatermark;
    }
    if (!caughtUp && ctx.getMessageBacklog() > 0) {
      // New records are arriving: this is activity even before we have read them.
      lastActivityMillis = now;
    }
    Instant candidate = maxEventTime.minus(maxOutOfOrderness);
    if (caughtUp) {
      Instant idle = new Instant(ctx.getBacklogCheckTime().getMillis()).minus(maxOutOfOrderness);
      if (idle.isAfter(candidate)) {
        candidate = idle;
      }
    }
    if (candidate.isAfter(lastWatermark)) {
      lastWatermark = candidate;
    }
    return lastWatermark;
  }

  /** A clock that survives serialization to workers. */
  public interface SerializableLongSupplier extends LongSupplier, java.io.Serializable {}

  private enum SystemClock implements SerializableLongSupplier {
    INSTANCE;

    @Override
    public long getAsLong() {
      return System.currentTimeMillis();
    }
  }

  private static final class Factory implements TimestampPolicyFactory<byte[], byte[]> {
    private final Duration maxOutOfOrderness;
    private final @Nullable Duration drainWhenIdleFor;
    private final SerializableLongSupplier clock;

    Factory(Duration maxOutOfOrderness, @Nullable Duration drainWhenIdleFor, SerializableLongSupplier clock) {
      this.maxOutOfOrderness = maxOutOfOrderness;
      this.drainWhenIdleFor = drainWhenIdleFor;
      this.clock = clock;
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition tp, Optional<Instant> previousWatermark) {
      return new TradeTimeWatermarkPolicy(maxOutOfOrderness, drainWhenIdleFor, previousWatermark, clock);
    }
  }

}
