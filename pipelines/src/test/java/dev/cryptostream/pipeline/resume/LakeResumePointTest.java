package dev.cryptostream.pipeline.resume;

import static dev.cryptostream.pipeline.resume.TestLake.TOPIC;
import static dev.cryptostream.pipeline.resume.TestLake.alert;
import static dev.cryptostream.pipeline.resume.TestLake.candle;
import static dev.cryptostream.pipeline.resume.TestLake.deadLetter;
import static dev.cryptostream.pipeline.resume.TestLake.micros;
import static dev.cryptostream.pipeline.resume.TestLake.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.tables.OutputTables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LakeResumePointTest {
  private static final long MINUTE = 60_000_000L;
  private static final String HOUR = "dt=2026-01-05/hour=10";

  @TempDir Path root;

  private static PartitionKey p(int partition) {
    return new PartitionKey(TOPIC, partition);
  }

  private static LakeResumePoint.PartitionFacts facts(
      long logStart, long logEnd, Long committed, long configured, Long atCut) {
    return new LakeResumePoint.PartitionFacts(logStart, logEnd, committed, configured, atCut);
  }

  private static List<Trade> trades(int partition, long... offsets) {
    List<Trade> t = new ArrayList<>();
    for (long o : offsets) {
      t.add(trade("BTC-USDT", "2026-01-05T10:00:30Z", partition, o));
    }
    return t;
  }

  @Test
  void anEmptyLakeStartsEveryPartitionAtTheConfiguredStartAndRebuildsEverything() {
    LakeContents lake = LakeContents.scan(root.resolve("lake"), MINUTE);
    assertEquals(Long.MIN_VALUE, lake.rebuildFromMicros());
    LakeResumePoint point =
        LakeResumePoint.compute(
            lake, Map.of(p(0), facts(0, 100, null, 0, 0L), p(1), facts(7, 9, null, 9, 7L)));
    // Partition 1 starts at its configured start (latest: 9), not at the cut before it.
    assertEquals(Map.of(p(0), 0L, p(1), 9L), point.startOffsets());
    assertEquals(
        List.of(0L, 0L),
        point.starts().stream().map(LakeResumePoint.PartitionStart::durableSkipped).toList());
    assertFalse(point.plan().holds(TOPIC, 0, 0));
  }

  @Test
  void firstGapPerPartitionFromTradesDeadLettersAndSnapshotsAcrossFiles() throws Exception {
    TestLake w = new TestLake(root);
    w.write(OutputTables.TRADES, HOUR, trades(0, 0, 1, 2, 3, 4, 6, 7));
    w.write(OutputTables.TRADES, "dt=2026-01-05/hour=11", trades(0, 8, 9, 12, 14, 9));
    w.write(
        OutputTables.DEAD_LETTERS,
        HOUR,
        List.of(
            deadLetter(TOPIC, 0, 5),
            deadLetter(TOPIC, 1, 2),
            // A candle the sink refused: no Kafka record behind it, never an offset.
            deadLetter("", -1, -1)));
    w.write(OutputTables.TRADES, HOUR, trades(1, 0, 1, 3));
    LakeContents lake = LakeContents.scan(root, MINUTE);
    assertEquals(2, lake.offsets.size(), "the derived row's dead letter has no partition");

    // Every window has a final pane durable: no rewind beyond the gap.
    w.write(
        OutputTables.CANDLES_1M,
        HOUR,
        List.of(candle("BTC-USDT", "2026-01-05T10:00:00Z", 0, true)));
    lake = LakeContents.scan(root, MINUTE);
    LakeResumePoint point =
        LakeResumePoint.compute(
            lake, Map.of(p(0), facts(0, 20, null, 0, 20L), p(1), facts(0, 4, null, 0, 4L)));
    List<LakeResumePoint.PartitionStart> starts = point.starts();
    assertEquals(new LakeResumePoint.PartitionStart(p(0), 10, 10, 2, 0), starts.get(0));
    assertEquals(new LakeResumePoint.PartitionStart(p(1), 4, 4, 0, 0), starts.get(1));
    ResumePlan plan = point.plan();
    for (long o : new long[] {0, 5, 9, 12, 14}) {
      assertTrue(plan.holds(TOPIC, 0, o), "offset " + o);
    }
    for (long o : new long[] {10, 11, 13, 15}) {
      assertFalse(plan.holds(TOPIC, 0, o), "offset " + o);
    }
    assertTrue(plan.holds(TOPIC, 1, 2));
    assertFalse(plan.holds(TOPIC, 1, 4));
    assertFalse(plan.holds(TOPIC, 2, 0), "another partition");
    assertFalse(plan.holds("", -1, -1), "a derived row's dead letter is always written");
  }

  @Test
  void temporaryFilesOfAKilledRunAreIgnoredThenDeletedAndUnreadableFilesSetAside()
      throws Exception {
    TestLake w = new TestLake(root);
    w.write(OutputTables.TRADES, HOUR, trades(0, 0, 1));
    // FileIO's temporary directory of a killed run, at the table level and inside a partition.
    Path temp = w.write(OutputTables.TRADES, ".temp-beam-1234/" + HOUR, trades(0, 2, 3));
    w.write(OutputTables.TRADES, HOUR + "/.temp-beam", trades(0, 4));
    Path broken = root.resolve("trades").resolve(HOUR).resolve("part-broken.parquet");
    Files.write(broken, "PAR1 not a footer".getBytes());

    LakeContents lake = LakeContents.scan(root, MINUTE);
    assertEquals(2, lake.offsets.get(p(0)).firstGapFrom(0));
    assertEquals(List.of(broken.resolveSibling("part-broken.parquet.unreadable")), lake.setAside);
    assertFalse(Files.exists(broken));

    List<Path> removed = LakeFiles.deleteTemporaryDirectories(root.resolve("trades"));
    assertEquals(2, removed.size());
    assertFalse(Files.exists(temp));
    assertFalse(Files.exists(root.resolve("trades").resolve(HOUR).resolve(".temp-beam")));
    assertEquals(
        1, LakeFiles.finishedFiles(root.resolve("trades")).size(), "the finished file stays");
  }

  @Test
  void rebuildCutIsTheFirstWindowWithoutADurableFinalPaneAtTheLatestAfterTheNewestFinalOne()
      throws Exception {
    TestLake w = new TestLake(root);
    w.write(
        OutputTables.CANDLES_1M,
        HOUR,
        List.of(
            candle("BTC-USDT", "2026-01-05T10:00:00Z", 2, true),
            candle("BTC-USDT", "2026-01-05T10:01:00Z", 1, true),
            candle("BTC-USDT", "2026-01-05T10:02:00Z", 3, false),
            candle("ETH-USDT", "2026-01-05T10:00:00Z", 0, true)));
    w.write(
        OutputTables.TRADES,
        HOUR,
        List.of(
            trade("BTC-USDT", "2026-01-05T10:02:10Z", 0, 0),
            trade("BTC-USDT", "2026-01-05T10:03:10Z", 0, 1),
            trade("ETH-USDT", "2026-01-05T10:01:59Z", 0, 2)));
    LakeContents lake = LakeContents.scan(root, MINUTE);
    // ETH 10:01 has a durable trade but no final pane: earlier than BTC's newest final + 1.
    assertEquals(micros("2026-01-05T10:01:00Z"), lake.rebuildFromMicros());
    ResumePlan plan = LakeResumePoint.compute(lake, Map.of(p(0), facts(0, 3, null, 0, 0L))).plan();

    assertNull(
        plan.candleToWrite(candle("BTC-USDT", "2026-01-05T10:00:00Z", 0, true)),
        "before the cut: partial");
    assertNull(
        plan.candleToWrite(candle("BTC-USDT", "2026-01-05T10:01:00Z", 0, true)),
        "final pane durable");
    Candle rebuilt = plan.candleToWrite(candle("BTC-USDT", "2026-01-05T10:02:00Z", 0, false));
    assertEquals(4, rebuilt.paneIndex(), "continues after the durable pane 3");
    assertEquals(
        0, plan.candleToWrite(candle("ETH-USDT", "2026-01-05T10:01:00Z", 0, true)).paneIndex());
    assertEquals(
        1, plan.candleToWrite(candle("BTC-USDT", "2026-01-05T10:03:00Z", 1, false)).paneIndex());
  }

  @Test
  void onlyTheNewestFinalPaneGivesACutOneWindowLater() throws Exception {
    TestLake w = new TestLake(root);
    w.write(
        OutputTables.CANDLES_1M,
        HOUR,
        List.of(
            candle("BTC-USDT", "2026-01-05T10:00:00Z", 0, true),
            candle("BTC-USDT", "2026-01-05T10:04:00Z", 0, true)));
    assertEquals(
        micros("2026-01-05T10:05:00Z"), LakeContents.scan(root, MINUTE).rebuildFromMicros());
  }

  @Test
  void withoutAnyDurableFinalPaneEverythingIsRebuilt() throws Exception {
    TestLake w = new TestLake(root);
    w.write(
        OutputTables.CANDLES_1M,
        HOUR,
        List.of(candle("BTC-USDT", "2026-01-05T10:02:00Z", 0, false)));
    w.write(OutputTables.TRADES, HOUR, trades(0, 5, 6));
    LakeContents lake = LakeContents.scan(root, MINUTE);
    assertEquals(Long.MIN_VALUE, lake.rebuildFromMicros());
    // The cut is the log start: the partition is read from its start, rows 5 and 6 skipped.
    LakeResumePoint point = LakeResumePoint.compute(lake, Map.of(p(0), facts(0, 10, null, 0, 0L)));
    assertEquals(new LakeResumePoint.PartitionStart(p(0), 0, 0, 2, 0), point.starts().get(0));
  }

  @Test
  void theStartMovesBackToTheCutButNeverBeforeWhereThisLakeBegan() throws Exception {
    TestLake w = new TestLake(root);
    w.write(OutputTables.TRADES, HOUR, trades(0, LongStream.rangeClosed(50, 60).toArray()));
    LakeContents lake = LakeContents.scan(root, MINUTE);
    // --startPosition=latest: configured start is the current end; the lake began at 50.
    LakeResumePoint.PartitionStart s =
        LakeResumePoint.compute(lake, Map.of(p(0), facts(0, 100, null, 100, 55L))).starts().get(0);
    assertEquals(new LakeResumePoint.PartitionStart(p(0), 55, 61, 6, 0), s);
    s = LakeResumePoint.compute(lake, Map.of(p(0), facts(0, 100, null, 100, 10L))).starts().get(0);
    assertEquals(50, s.start(), "records before this lake's start were never part of it");
    s = LakeResumePoint.compute(lake, Map.of(p(0), facts(0, 100, 40L, 100, 10L))).starts().get(0);
    assertEquals(
        40, s.start(), "the group's committed offset is where the previous launch started");
  }

  @Test
  void recordsDeletedByRetentionBeforeReachingTheLakeAreReported() throws Exception {
    TestLake w = new TestLake(root);
    w.write(OutputTables.TRADES, HOUR, trades(0, 0, 1, 3));
    LakeResumePoint.PartitionStart s =
        LakeResumePoint.compute(
                LakeContents.scan(root, MINUTE), Map.of(p(0), facts(5, 10, null, 5, 5L)))
            .starts()
            .get(0);
    assertEquals(5, s.start());
    assertEquals(2, s.unreachableBelow(), "offsets 2 and 4");
    assertTrue(s.describe().contains("WARNING: 2 offsets before the log start"));
  }

  @Test
  void aLakeHoldingOffsetsTheTopicDoesNotHaveIsRefused() throws Exception {
    TestLake w = new TestLake(root);
    w.write(OutputTables.TRADES, HOUR, trades(0, 0, 1, 2));
    w.write(OutputTables.TRADES, HOUR, trades(3, 0));
    LakeContents lake = LakeContents.scan(root, MINUTE);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                LakeResumePoint.compute(
                    lake, Map.of(p(0), facts(0, 2, null, 0, 0L), p(3), facts(0, 1, null, 0, 0L))));
    assertTrue(e.getMessage().contains("ends at 2"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> LakeResumePoint.compute(lake, Map.of(p(0), facts(0, 3, null, 0, 0L))));
    assertTrue(e.getMessage().contains(TOPIC + "-3"), e.getMessage());
  }

  @Test
  void alertsOfWindowsBeforeTheCutAndDurableAlertsAreNotWrittenAgain() throws Exception {
    TestLake w = new TestLake(root);
    w.write(
        OutputTables.CANDLES_1M,
        HOUR,
        List.of(candle("BTC-USDT", "2026-01-05T10:04:00Z", 0, true)));
    w.write(
        OutputTables.PRICE_ALERTS,
        HOUR,
        List.of(
            alert(
                "BTC-USDT",
                "2026-01-05T10:05:00Z",
                "2026-01-05T10:06:00Z",
                "2026-01-05T10:07:00Z")));
    ResumePlan plan = LakeResumePoint.compute(LakeContents.scan(root, MINUTE), Map.of()).plan();
    assertFalse(
        plan.writesAlert(
            alert(
                "BTC-USDT",
                "2026-01-05T10:04:00Z",
                "2026-01-05T10:08:00Z",
                "2026-01-05T10:09:00Z")));
    assertFalse(
        plan.writesAlert(
            alert(
                "BTC-USDT",
                "2026-01-05T10:05:00Z",
                "2026-01-05T10:06:00Z",
                "2026-01-05T10:07:00Z")));
    assertTrue(
        plan.writesAlert(
            alert(
                "BTC-USDT",
                "2026-01-05T10:05:00Z",
                "2026-01-05T10:08:00Z",
                "2026-01-05T10:09:00Z")));
  }

  @Test
  void deadLettersOfTheDerivedRowsAreNeverTakenForKafkaRecords() {
    DeadLetter derived = deadLetter("", -1, -1);
    ResumePlan plan = LakeResumePoint.compute(LakeContents.scan(root, MINUTE), Map.of()).plan();
    assertFalse(plan.holds(derived.topic(), derived.partition(), derived.offset()));
  }
}
