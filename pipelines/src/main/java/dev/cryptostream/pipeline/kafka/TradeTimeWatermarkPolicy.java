package dev.cryptostream.pipeline.kafka;

import java.util.Optional;
import java.util.OptionalLong;
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
 * Event-time watermark for one Kafka partition of canonical trades. It follows TRADE time, not the
 * clock and not Kafka record timestamps, so history replayed at any pace is windowed as it was
 * traded.
 *
 * <ul>
 *   <li>Only records that look like trades ({@link TradeTimeScan}) count, by the {@code trade_time}
 *       in their value: a malformed record, or a producer that stamps records with the wall clock,
 *       cannot move event time. A trade time ahead of the processing clock counts as the clock.
 *   <li>The watermark trails the partition's newest trade time by {@code maxOutOfOrderness}.
 *   <li>One trade far ahead of the partition's trade times (more than {@code farAhead} beyond the
 *       newest trade time plus the processing time elapsed since) is held back until the partition
 *       confirms it: by a later trade near or beyond it, or by idle time catching up with it. If
 *       the next trade goes back to the old times, the outlier is forgotten.
 *   <li>A caught-up (no backlog), silent partition advances from its newest trade time at the pace
 *       of the processing clock: newest trade time + silence − bound, never beyond the clock −
 *       bound. For a live feed that is the clock; for history replayed at its recorded pace or
 *       faster it never overtakes the next trade, so idle instruments stop holding windows open
 *       without turning history into late data.
 *   <li>A partition that has not had a trade yet holds event time back for {@code neverSeenGrace}
 *       (data may be about to arrive, e.g. a replay started just after the pipeline), then follows
 *       the clock − bound so an empty partition does not hold windows open forever.
 *   <li>Optionally (catch-up mode), after the partition has been caught up and silent for a set
 *       time, the watermark jumps to the end of time, which finishes a bounded run cleanly. With a
 *       {@link DrainSignal} the mode begins only once the signal is given, and the silence counts
 *       from then on: a live source can be quiet for a while without being over. Caught up means by
 *       end offsets looked up after the signal (or, without a signal, after this policy was
 *       created), so a set time of zero drains exactly once everything written before the signal
 *       has been read: the source says when it is over, the backlog says when it is all read.
 * </ul>
 */
public class TradeTimeWatermarkPolicy extends TimestampPolicy<byte[], byte[]> {
  /** A forward jump of trade time beyond this (or the bound, if larger) needs confirmation. */
  static final Duration FAR_AHEAD = Duration.standardMinutes(1);

  /** How long a partition without trades holds event time back before following the clock. */
  static final Duration NEVER_SEEN_GRACE = Duration.standardMinutes(2);

  private static final long NONE = Long.MIN_VALUE;

  /** How often the drain signal is looked at (a file check per record would cost). */
  static final long DRAIN_SIGNAL_CHECK_MILLIS = 1_000;

  private final long bound;
  private final long farAhead;
  private final long neverSeenGrace;
  private final @Nullable Duration drainWhenIdleFor;
  private final DrainSignal drainSignal;
  private final LongSupplier clockMillis;
  private final long createdMillis;

  /** When this policy first saw the drain signal, or NONE. */
  private long drainSignalSeenAtMillis = NONE;

  private long drainSignalCheckedAtMillis = NONE;

  /** Newest confirmed trade time (capped at the clock), or NONE. */
  private long newestTrade = NONE;

  /** Processing time at which newestTrade last moved forward. */
  private long newestSeenAtMillis;

  /** A trade time far ahead of newestTrade awaiting confirmation, or NONE. */
  private long pendingJump = NONE;

  private long lastActivityMillis;
  private Instant lastWatermark;

  TradeTimeWatermarkPolicy(
      Duration maxOutOfOrderness,
      @Nullable Duration drainWhenIdleFor,
      DrainSignal drainSignal,
      Optional<Instant> previousWatermark,
      LongSupplier clockMillis) {
    this.bound = maxOutOfOrderness.getMillis();
    this.farAhead = Math.max(FAR_AHEAD.getMillis(), bound);
    this.neverSeenGrace = NEVER_SEEN_GRACE.getMillis();
    this.drainWhenIdleFor = drainWhenIdleFor;
    this.drainSignal = drainSignal;
    this.clockMillis = clockMillis;
    this.createdMillis = clockMillis.getAsLong();
    this.lastActivityMillis = createdMillis;
    this.lastWatermark = previousWatermark.orElse(BoundedWindow.TIMESTAMP_MIN_VALUE);
    if (previousWatermark.isPresent()
        && lastWatermark.isAfter(BoundedWindow.TIMESTAMP_MIN_VALUE)
        && lastWatermark.isBefore(BoundedWindow.TIMESTAMP_MAX_VALUE)) {
      // Resume where the previous run left off, as if its newest trade had just been read.
      newestTrade = lastWatermark.getMillis() + bound;
      newestSeenAtMillis = createdMillis;
    }
  }

  /** Creates one policy per partition; resumes from the previous watermark after a restart. */
  public static TimestampPolicyFactory<byte[], byte[]> factory(
      Duration maxOutOfOrderness, @Nullable Duration drainWhenIdleFor, DrainSignal drainSignal) {
    return new Factory(maxOutOfOrderness, drainWhenIdleFor, drainSignal, SystemClock.INSTANCE);
  }

  static TimestampPolicyFactory<byte[], byte[]> factory(
      Duration maxOutOfOrderness,
      @Nullable Duration drainWhenIdleFor,
      DrainSignal drainSignal,
      SerializableLongSupplier clock) {
    return new Factory(maxOutOfOrderness, drainWhenIdleFor, drainSignal, clock);
  }

  /**
   * Trades are stamped with their trade time (what the windows use downstream); any other record
   * keeps its Kafka timestamp, which then matters for nothing but the record itself.
   */
  @Override
  public Instant getTimestampForRecord(PartitionContext ctx, KafkaRecord<byte[], byte[]> record) {
    long now = clockMillis.getAsLong();
    lastActivityMillis = now;
    OptionalLong tradeTime = TradeTimeScan.tradeTimeMillis(record.getKV().getValue());
    if (tradeTime.isEmpty()) {
      return Instant.ofEpochMilli(record.getTimestamp());
    }
    observeTrade(Math.min(tradeTime.getAsLong(), now), now);
    return Instant.ofEpochMilli(tradeTime.getAsLong());
  }

  private void observeTrade(long t, long now) {
    if (pendingJump != NONE) {
      long jump = pendingJump;
      pendingJump = NONE;
      if (t >= jump - farAhead) {
        advanceTo(jump, now); // the partition carried on from there: the jump was real
      }
      // else the partition went back to its old times: the jump was an outlier, forget it
    }
    if (newestTrade == NONE || t > projectedTrade(now) + farAhead) {
      if (newestTrade == NONE || t > newestTrade) {
        pendingJump = t;
      }
      return;
    }
    advanceTo(t, now);
  }

  private void advanceTo(long t, long now) {
    if (t > newestTrade) {
      newestTrade = t;
      newestSeenAtMillis = now;
    }
  }

  /** Where the partition's trade time would be now if it had kept pace with the clock. */
  private long projectedTrade(long now) {
    return newestTrade + Math.max(0, now - newestSeenAtMillis);
  }

  @Override
  public Instant getWatermark(PartitionContext ctx) {
    long now = clockMillis.getAsLong();
    long backlog = ctx.getMessageBacklog();
    boolean caughtUp = backlog == 0;
    if (caughtUp
        && drainWhenIdleFor != null
        && drainSignalSeen(now)
        // The backlog of 0 must come from end offsets looked up after the signal (Beam takes the
        // check time before the lookup): then everything written before the signal has been read.
        && ctx.getBacklogCheckTime().getMillis() > drainSignalSeenAtMillis
        && now - Math.max(lastActivityMillis, drainSignalSeenAtMillis)
            >= drainWhenIdleFor.getMillis()) {
      lastWatermark = BoundedWindow.TIMESTAMP_MAX_VALUE;
      return lastWatermark;
    }
    if (backlog > 0) {
      // New records are arriving: this is activity even before we have read them.
      lastActivityMillis = now;
    }
    long checkedAt = Math.min(now, ctx.getBacklogCheckTime().getMillis());
    if (caughtUp
        && pendingJump != NONE
        && newestTrade != NONE
        && projectedTrade(checkedAt) >= pendingJump - farAhead) {
      // Silence has brought the partition's own time close to the jump: nothing contradicts it.
      advanceTo(pendingJump, checkedAt);
      pendingJump = NONE;
    }
    long candidate;
    if (newestTrade != NONE) {
      candidate = newestTrade - bound;
      if (caughtUp) {
        candidate = Math.max(candidate, Math.min(projectedTrade(checkedAt), checkedAt) - bound);
      }
    } else {
      candidate =
          caughtUp && checkedAt - createdMillis >= neverSeenGrace ? checkedAt - bound : NONE;
    }
    if (candidate != NONE && candidate > lastWatermark.getMillis()) {
      lastWatermark = Instant.ofEpochMilli(candidate);
    }
    return lastWatermark;
  }

  /** Whether the drain signal has been given; remembers when it was first seen. */
  private boolean drainSignalSeen(long now) {
    if (drainSignalSeenAtMillis != NONE) {
      return true;
    }
    if (drainSignal instanceof DrainSignal.Immediate) {
      drainSignalSeenAtMillis = createdMillis;
      return true;
    }
    if (drainSignalCheckedAtMillis != NONE
        && now - drainSignalCheckedAtMillis < DRAIN_SIGNAL_CHECK_MILLIS) {
      return false;
    }
    drainSignalCheckedAtMillis = now;
    if (drainSignal.given()) {
      // The clock read after the check: a backlog looked up after this moment started after the
      // signal was given, so it counts everything written before it. (The time read before the
      // check could precede a lookup that began before the source's last records were written.)
      drainSignalSeenAtMillis = clockMillis.getAsLong();
      return true;
    }
    return false;
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
    private final DrainSignal drainSignal;
    private final SerializableLongSupplier clock;

    Factory(
        Duration maxOutOfOrderness,
        @Nullable Duration drainWhenIdleFor,
        DrainSignal drainSignal,
        SerializableLongSupplier clock) {
      this.maxOutOfOrderness = maxOutOfOrderness;
      this.drainWhenIdleFor = drainWhenIdleFor;
      this.drainSignal = drainSignal;
      this.clock = clock;
    }

    @Override
    public TimestampPolicy<byte[], byte[]> createTimestampPolicy(
        TopicPartition tp, Optional<Instant> previousWatermark) {
      return new TradeTimeWatermarkPolicy(
          maxOutOfOrderness, drainWhenIdleFor, drainSignal, previousWatermark, clock);
    }
  }
}
