package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.beam.sdk.io.kafka.KafkaRecord;
import org.apache.beam.sdk.io.kafka.KafkaTimestampType;
import org.apache.beam.sdk.io.kafka.TimestampPolicy;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.values.KV;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradeTimeWatermarkPolicyTest {
  private static final long T0 = 1_795_428_000_000L;
  private static final long HOUR = 3_600_000L;
  private static final long BOUND = 5_000L;
  private final AtomicLong clock = new AtomicLong(T0);

  /** A partition context with a settable backlog, checked "now" unless told when. */
  private final class Ctx extends TimestampPolicy.PartitionContext {
    long backlog;
    Long checkedAt;

    Ctx(long backlog) {
      this.backlog = backlog;
    }

    @Override
    public long getMessageBacklog() {
      return backlog;
    }

    @Override
    public Instant getBacklogCheckTime() {
      return new Instant(checkedAt == null ? clock.get() : checkedAt);
    }
  }

  static byte[] tradeValue(long tradeTimeMillis) {
    return ("{\"schema_version\":1,\"exchange\":\"binance\",\"symbol\":\"BTC-USDT\",\"trade_id\":\"1\","
            + "\"price\":\"100\",\"quantity\":\"1\",\"side\":\"buy\",\"trade_time\":\""
            + java.time.Instant.ofEpochMilli(tradeTimeMillis)
            + "\",\"received_at\":\""
            + java.time.Instant.ofEpochMilli(tradeTimeMillis)
            + "\",\"source\":\"replay\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static KafkaRecord<byte[], byte[]> record(long kafkaTimestamp, byte[] value) {
    return new KafkaRecord<>(
        "t", 0, 0, kafkaTimestamp, KafkaTimestampType.CREATE_TIME, null, KV.of(new byte[0], value));
  }

  /** A trade stamped as the contract says: record time = trade time. */
  private static KafkaRecord<byte[], byte[]> trade(long tradeTime) {
    return record(tradeTime, tradeValue(tradeTime));
  }

  private TimestampPolicy<byte[], byte[]> policy(Duration drainAfter) {
    return policy(drainAfter, Optional.empty());
  }

  private TimestampPolicy<byte[], byte[]> policy(Duration drainAfter, Optional<Instant> previous) {
    return policy(drainAfter, DrainSignal.IMMEDIATE, previous);
  }

  private TimestampPolicy<byte[], byte[]> policy(
      Duration drainAfter, DrainSignal signal, Optional<Instant> previous) {
    return TradeTimeWatermarkPolicy.factory(Duration.millis(BOUND), drainAfter, signal, clock::get)
        .createTimestampPolicy(null, previous);
  }

  private static long millis(Instant i) {
    return i.getMillis();
  }

  /** Reads two trades four hours old, one second apart; returns the first one's time. */
  private static long readHistoryStart(TimestampPolicy<byte[], byte[]> p, Ctx ctx) {
    long history = T0 - 4 * HOUR;
    p.getTimestampForRecord(ctx, trade(history));
    p.getTimestampForRecord(ctx, trade(history + 1_000));
    return history;
  }

  @Test
  void watermarkTrailsNewestTradeTimeByTheBound() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(10);
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, p.getWatermark(ctx));
    assertEquals(new Instant(T0 - 60_000), p.getTimestampForRecord(ctx, trade(T0 - 60_000)));
    p.getTimestampForRecord(ctx, trade(T0 - 30_000));
    p.getTimestampForRecord(ctx, trade(T0 - 45_000)); // out of order: no step back
    assertEquals(new Instant(T0 - 35_000), p.getWatermark(ctx));
  }

  @Test
  void theTradeTimeInTheValueCountsNotTheKafkaTimestamp() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(10);
    long history = T0 - 4 * HOUR;
    // A producer that stamps every record with the wall clock (or a LogAppendTime topic).
    assertEquals(
        new Instant(history), p.getTimestampForRecord(ctx, record(T0, tradeValue(history))));
    p.getTimestampForRecord(ctx, record(T0, tradeValue(history + 1_000)));
    assertEquals(new Instant(history + 1_000 - BOUND), p.getWatermark(ctx));
  }

  /**
   * History hours old, published at its recorded pace, N times faster or all at once, with the
   * partition caught up between records: no trade is ever behind the watermark, except the
   * out-of-order ones, which stay within the bound of the newest trade before them.
   */
  @Test
  void historyReplayedAtAnyPaceIsNeverLate() {
    for (double speed : new double[] {1, 60, Double.POSITIVE_INFINITY}) {
      clock.set(T0);
      TimestampPolicy<byte[], byte[]> p = policy(null);
      Ctx ctx = new Ctx(0);
      Random random = new Random(7);
      long tradeTime = T0 - 12 * HOUR; // 2,000 trades about 10 s apart: still hours old at the end
      long newest = Long.MIN_VALUE;
      for (int i = 0; i < 2_000; i++) {
        // A replay publishes a trade that goes back in time at once, right after the newer one.
        boolean outOfOrder = i > 10 && random.nextInt(20) == 0;
        long t;
        if (outOfOrder) {
          t = newest - random.nextInt((int) BOUND);
        } else {
          long gap = 1 + random.nextInt(20_000); // up to 20 s between trades
          tradeTime += gap;
          t = tradeTime;
          // Caught up and silent until the next record is due, looking at the watermark meanwhile.
          long wait = Double.isInfinite(speed) ? 0 : (long) (gap / speed);
          for (int step = 0; step < 4; step++) {
            clock.addAndGet(wait / 4);
            p.getWatermark(ctx);
          }
        }
        long watermark = millis(p.getWatermark(ctx));
        assertTrue(
            t >= watermark,
            "speed " + speed + ", trade " + i + " is " + (watermark - t) + " ms late");
        p.getTimestampForRecord(ctx, trade(t));
        newest = Math.max(newest, t);
      }
      assertTrue(newest < clock.get() - HOUR, "the history stayed hours behind the clock");
      assertTrue(
          millis(p.getWatermark(ctx)) >= newest - BOUND, "the watermark kept up at speed " + speed);
    }
  }

  @Test
  void recordsThatAreNotTradesDoNotMoveEventTime() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(5);
    long history = readHistoryStart(p, ctx);
    Instant before = p.getWatermark(ctx);
    String now = java.time.Instant.ofEpochMilli(T0).toString();
    String[] notTrades = {
      "not json at all",
      "{\"schema_version\":1,\"trade_time\":\"" + now + "\"", // truncated
      "{\"schema_version\":2,\"trade_time\":\"" + now + "\"}",
      "{\"trade_time\":\"" + now + "\"}",
      "{\"schema_version\":1,\"trade_time\":\"" + now + "\",\"trade_time\":\"" + now + "\"}",
      "{\"schema_version\":1,\"trade_time\":1795428000000}",
      "{\"schema_version\":1,\"trade_time\":\"yesterday\"}",
      "{\"schema_version\":1,\"nested\":{\"trade_time\":\"" + now + "\"}}",
      "[{\"schema_version\":1,\"trade_time\":\"" + now + "\"}]",
      "{\"schema_version\":1,\"trade_time\":\"" + now + "\"} trailing",
      "{\"coin_id\":\"bitcoin\",\"vs_currency\":\"usd\",\"price\":\"1\",\"last_updated_at\":\""
          + now
          + "\"}",
      "",
    };
    for (String value : notTrades) {
      Instant stamped =
          p.getTimestampForRecord(ctx, record(T0, value.getBytes(StandardCharsets.UTF_8)));
      assertEquals(
          new Instant(T0), stamped, "a record that is not a trade keeps its Kafka timestamp");
    }
    byte[] notUtf8 =
        ("{\"schema_version\":1,\"trade_id\":\"\u00ff\",\"trade_time\":\"" + now + "\"}")
            .getBytes(StandardCharsets.ISO_8859_1);
    p.getTimestampForRecord(ctx, record(T0, notUtf8));
    p.getTimestampForRecord(ctx, record(T0, null));
    assertEquals(before, p.getWatermark(ctx));
    p.getTimestampForRecord(ctx, trade(history + 2_000));
    assertEquals(
        new Instant(history + 2_000 - BOUND), p.getWatermark(ctx), "history goes on undisturbed");
  }

  @Test
  void oneTradeFarAheadDoesNotDragTheWatermarkForward() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(5);
    long history = readHistoryStart(p, ctx);
    long farFuture = java.time.Instant.parse("2099-01-01T00:00:00Z").toEpochMilli();
    assertEquals(
        new Instant(farFuture),
        p.getTimestampForRecord(ctx, trade(farFuture)),
        "keeps its own time");
    assertEquals(new Instant(history + 1_000 - BOUND), p.getWatermark(ctx));
    p.getTimestampForRecord(ctx, trade(history + 2_000));
    // A trade stamped "now" by a broken producer: within the clock, still hours ahead.
    p.getTimestampForRecord(ctx, trade(T0));
    ctx.backlog = 0;
    clock.addAndGet(1_000);
    assertEquals(
        new Instant(history + 3_000 - BOUND),
        p.getWatermark(ctx),
        "silence advances from the history");
    p.getTimestampForRecord(ctx, trade(history + 3_000));
    assertEquals(new Instant(history + 3_000 - BOUND), p.getWatermark(ctx));
  }

  @Test
  void aRealJumpIsTakenOnceTheNextTradeConfirmsIt() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(5);
    long history = readHistoryStart(p, ctx);
    p.getTimestampForRecord(ctx, trade(history + HOUR)); // a gap in the capture
    assertEquals(new Instant(history + 1_000 - BOUND), p.getWatermark(ctx), "not yet confirmed");
    p.getTimestampForRecord(ctx, trade(history + HOUR + 500));
    assertEquals(new Instant(history + HOUR + 500 - BOUND), p.getWatermark(ctx));
  }

  @Test
  void aJumpIsTakenOnceSilenceCatchesUpWithIt() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(5);
    p.getTimestampForRecord(ctx, trade(T0 - 31 * 60_000));
    p.getTimestampForRecord(ctx, trade(T0 - 30 * 60_000));
    p.getTimestampForRecord(ctx, trade(T0)); // 30 minutes ahead, then nothing
    ctx.backlog = 0;
    clock.addAndGet(28 * 60_000);
    assertEquals(
        new Instant(T0 - 2 * 60_000 - BOUND), p.getWatermark(ctx), "held back, silence counts");
    clock.addAndGet(60_000);
    assertEquals(
        new Instant(T0 - BOUND), p.getWatermark(ctx), "its own time caught up: the jump stands");
  }

  @Test
  void anIdleLivePartitionAdvancesWithTheClock() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(0);
    p.getTimestampForRecord(ctx, trade(T0 - 200));
    p.getTimestampForRecord(ctx, trade(T0 - 100));
    clock.addAndGet(30_000);
    assertEquals(new Instant(T0 - 100 + 30_000 - BOUND), p.getWatermark(ctx));
    clock.addAndGet(HOUR);
    assertEquals(new Instant(T0 - 100 + 30_000 + HOUR - BOUND), p.getWatermark(ctx));
    ctx.backlog = 5;
    assertEquals(
        new Instant(T0 - 100 + 30_000 + HOUR - BOUND),
        p.getWatermark(ctx),
        "never moves backwards");
    // The feed comes back live after an hour: not a jump, since silence projected the same.
    p.getTimestampForRecord(ctx, trade(clock.get() - 50));
    p.getTimestampForRecord(ctx, trade(clock.get() - 40));
    assertEquals(new Instant(clock.get() - 40 - BOUND), p.getWatermark(ctx));
  }

  @Test
  void aClockAheadOfUsCannotPushTheWatermarkPastNow() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(0);
    p.getTimestampForRecord(ctx, trade(T0 + 50_000));
    p.getTimestampForRecord(ctx, trade(T0 + 60_000));
    clock.addAndGet(10_000);
    assertEquals(new Instant(T0 + 10_000 - BOUND), p.getWatermark(ctx));
  }

  @Test
  void aPartitionWithoutTradesHoldsBackForAWhileThenFollowsTheClock() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(0);
    p.getTimestampForRecord(
        ctx, record(T0, "garbage stamped now".getBytes(StandardCharsets.UTF_8)));
    clock.addAndGet(TradeTimeWatermarkPolicy.NEVER_SEEN_GRACE.getMillis() - 1);
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, p.getWatermark(ctx));
    clock.addAndGet(1);
    assertEquals(new Instant(clock.get() - BOUND), p.getWatermark(ctx));
  }

  @Test
  void historyArrivingSoonAfterAnEmptyStartIsNotLate() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(0);
    clock.addAndGet(20_000);
    assertEquals(BoundedWindow.TIMESTAMP_MIN_VALUE, p.getWatermark(ctx));
    long history = T0 - 4 * HOUR;
    p.getTimestampForRecord(ctx, trade(history));
    p.getTimestampForRecord(ctx, trade(history + 10));
    assertEquals(new Instant(history + 10 - BOUND), p.getWatermark(ctx));
  }

  @Test
  void drainsToTheEndOfTimeOnlyWhenCaughtUpAndSilent() {
    TimestampPolicy<byte[], byte[]> p = policy(Duration.standardSeconds(10));
    Ctx ctx = new Ctx(3);
    p.getTimestampForRecord(ctx, trade(T0 - 10));
    p.getTimestampForRecord(ctx, trade(T0));
    clock.addAndGet(60_000);
    assertEquals(new Instant(T0 - BOUND), p.getWatermark(ctx), "records still waiting: no drain");
    ctx.backlog = 0;
    clock.addAndGet(9_000);
    assertEquals(new Instant(T0 + 69_000 - BOUND), p.getWatermark(ctx), "silent for 9 s only");
    clock.addAndGet(1_000);
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  @Test
  void malformedRecordsCountAsActivityForTheDrain() {
    TimestampPolicy<byte[], byte[]> p = policy(Duration.standardSeconds(10));
    Ctx ctx = new Ctx(0);
    clock.addAndGet(9_000);
    p.getTimestampForRecord(ctx, record(T0, "{".getBytes(StandardCharsets.UTF_8)));
    clock.addAndGet(9_000);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE));
    clock.addAndGet(1_000);
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  /**
   * A live source can be silent for longer than the drain time: without the signal nothing drains,
   * and once it is given the silence counts from then, not from the last record, because the
   * backlog the partition last saw may not include the source's final records yet.
   */
  @Test
  void withADrainSignalTheSilenceCountsOnlyFromTheSignal() {
    AtomicBoolean given = new AtomicBoolean();
    TimestampPolicy<byte[], byte[]> p =
        policy(Duration.standardSeconds(10), given::get, Optional.empty());
    Ctx ctx = new Ctx(0);
    p.getTimestampForRecord(ctx, trade(T0));
    clock.addAndGet(HOUR);
    assertEquals(new Instant(T0 + HOUR - BOUND), p.getWatermark(ctx), "no signal: a stream");
    given.set(true);
    clock.addAndGet(TradeTimeWatermarkPolicy.DRAIN_SIGNAL_CHECK_MILLIS);
    long seen = clock.get();
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "just signalled");
    clock.set(seen + 9_999);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "silent 9.999 s");
    clock.set(seen + 10_000);
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  /**
   * With no idle time the drain waits for nothing but the backlog: it happens as soon as end
   * offsets looked up after the signal say the partition has read everything, and not on a backlog
   * of 0 that was measured before the signal (the source's last records may not have been in it).
   */
  @Test
  void withoutIdleTimeItDrainsOnTheFirstBacklogCheckedAfterTheSignal() {
    AtomicBoolean given = new AtomicBoolean();
    TimestampPolicy<byte[], byte[]> p = policy(Duration.ZERO, given::get, Optional.empty());
    Ctx ctx = new Ctx(0);
    p.getTimestampForRecord(ctx, trade(T0));
    clock.addAndGet(HOUR);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "no signal yet");
    given.set(true);
    clock.addAndGet(TradeTimeWatermarkPolicy.DRAIN_SIGNAL_CHECK_MILLIS);
    long seen = clock.get();
    ctx.checkedAt = seen - 1;
    assertFalse(
        p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "backlog older than signal");
    ctx.checkedAt = seen;
    clock.addAndGet(300);
    assertFalse(
        p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE),
        "checked in the signal's millisecond: the lookup may have started before it");
    ctx.checkedAt = seen + 1;
    ctx.backlog = 2; // the lookup found the source's last records, not read yet
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "2 left to read");
    p.getTimestampForRecord(ctx, trade(T0 + 1));
    p.getTimestampForRecord(ctx, trade(T0 + 2));
    ctx.backlog = 0;
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx), "all read: no waiting");
  }

  /**
   * The signal's moment is read after the signal was found, not before: a lookup that started while
   * the file check was under way (the reader paused there) may predate the source's last records.
   */
  @Test
  void aBacklogLookedUpWhileTheSignalWasCheckedDoesNotDrain() {
    Ctx ctx = new Ctx(0);
    DrainSignal slowCheck =
        () -> {
          clock.addAndGet(50); // the check takes 50 ms (a pause of the reader thread)
          return true;
        };
    TimestampPolicy<byte[], byte[]> p = policy(Duration.ZERO, slowCheck, Optional.empty());
    p.getTimestampForRecord(ctx, trade(T0));
    clock.addAndGet(1_000);
    long before = clock.get();
    ctx.checkedAt = before + 25; // a lookup that began during the check
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE));
    ctx.checkedAt = before + 51; // one that began after it
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  /** Without a signal file a lookup from before the policy started does not count either. */
  @Test
  void withoutASignalALookupFromBeforeThePolicyStartedDoesNotDrain() {
    TimestampPolicy<byte[], byte[]> p = policy(Duration.ZERO);
    Ctx ctx = new Ctx(0);
    ctx.checkedAt = T0;
    clock.addAndGet(2_000);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "same millisecond");
    ctx.checkedAt = T0 + 1;
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  /** A policy restored after a restart waits for a lookup of its own before it drains. */
  @Test
  void aRestoredPolicyWaitsForALookupAfterItStarted() {
    clock.addAndGet(60_000);
    TimestampPolicy<byte[], byte[]> p =
        policy(Duration.ZERO, Optional.of(new Instant(T0 - 4 * HOUR)));
    Ctx ctx = new Ctx(0);
    ctx.checkedAt = clock.get() - 500; // the lookup the reader made before the restart
    clock.addAndGet(300);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE));
    ctx.checkedAt = clock.get();
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  /** A backlog that is all there (no signal): the first check after the policy starts suffices. */
  @Test
  void withoutIdleTimeOrSignalItDrainsOnceTheBacklogIsRead() {
    TimestampPolicy<byte[], byte[]> p = policy(Duration.ZERO);
    Ctx ctx = new Ctx(1);
    ctx.checkedAt = T0 + 5;
    clock.addAndGet(5);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "one to read");
    p.getTimestampForRecord(ctx, trade(T0 - 10));
    ctx.backlog = 0;
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  @Test
  void aRecordAfterTheSignalRestartsTheSilence() {
    AtomicBoolean given = new AtomicBoolean(true);
    TimestampPolicy<byte[], byte[]> p =
        policy(Duration.standardSeconds(10), given::get, Optional.empty());
    Ctx ctx = new Ctx(0);
    clock.addAndGet(5_000);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE));
    clock.addAndGet(8_000);
    p.getTimestampForRecord(ctx, trade(clock.get()));
    clock.addAndGet(9_000);
    assertFalse(p.getWatermark(ctx).equals(BoundedWindow.TIMESTAMP_MAX_VALUE), "read 9 s ago");
    clock.addAndGet(1_000);
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }

  /** The file is looked at once a second at most, not on every watermark request. */
  @Test
  void theSignalIsCheckedAtMostOncePerInterval() {
    AtomicLong checks = new AtomicLong();
    DrainSignal counting =
        () -> {
          checks.incrementAndGet();
          return false;
        };
    TimestampPolicy<byte[], byte[]> p =
        policy(Duration.standardSeconds(1), counting, Optional.empty());
    Ctx ctx = new Ctx(0);
    for (int i = 0; i < 100; i++) {
      p.getWatermark(ctx);
      clock.addAndGet(10);
    }
    assertEquals(1, checks.get(), "one second of requests, one check");
    clock.addAndGet(TradeTimeWatermarkPolicy.DRAIN_SIGNAL_CHECK_MILLIS);
    p.getWatermark(ctx);
    assertEquals(2, checks.get());
  }

  @Test
  void theFileSignalIsGivenOnceTheFileExists(@TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("source-stopped");
    DrainSignal signal = DrainSignal.fileExists(file.toString());
    assertFalse(signal.given());
    java.nio.file.Files.createFile(file);
    assertTrue(signal.given());
  }

  @Test
  void neverDrainsWithoutTheOption() {
    TimestampPolicy<byte[], byte[]> p = policy(null);
    Ctx ctx = new Ctx(0);
    clock.addAndGet(HOUR);
    assertEquals(new Instant(T0 + HOUR - BOUND), p.getWatermark(ctx));
  }

  @Test
  void resumesFromThePreviousWatermark() {
    long previous = T0 - 4 * HOUR;
    TimestampPolicy<byte[], byte[]> p = policy(null, Optional.of(new Instant(previous)));
    Ctx ctx = new Ctx(5);
    assertEquals(new Instant(previous), p.getWatermark(ctx));
    p.getTimestampForRecord(ctx, trade(previous - 60_000)); // late after the restart: no step back
    assertEquals(new Instant(previous), p.getWatermark(ctx));
    p.getTimestampForRecord(ctx, trade(previous + 10_000));
    assertEquals(
        new Instant(previous + 10_000 - BOUND), p.getWatermark(ctx), "history resumes at once");
    ctx.backlog = 0;
    clock.addAndGet(2_000);
    assertEquals(
        new Instant(previous + 12_000 - BOUND),
        p.getWatermark(ctx),
        "idle from where it was, not now");
  }

  @Test
  void aDrainedPartitionResumesAtTheEndOfTime() {
    TimestampPolicy<byte[], byte[]> p =
        policy(null, Optional.of(BoundedWindow.TIMESTAMP_MAX_VALUE));
    Ctx ctx = new Ctx(0);
    p.getTimestampForRecord(ctx, trade(T0));
    assertEquals(BoundedWindow.TIMESTAMP_MAX_VALUE, p.getWatermark(ctx));
  }
}
