package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GapTrackerTest {
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:01Z");
  private static final Instant T2 = Instant.parse("2026-01-01T00:00:02Z");

  @Test
  void consecutiveIdsDuplicatesAndGapsPerSymbol() {
    GapTracker g = new GapTracker();
    assertInstanceOf(GapTracker.First.class, g.observe("BTC-USD", 10, 10, T1));
    assertInstanceOf(GapTracker.First.class, g.observe("ETH-USD", 500, 500, T1), "symbols are independent");
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USD", 11, 11, T1));
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 11, 11, T1));
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 3, 3, T1));
    GapTracker.Missing m = assertInstanceOf(GapTracker.Missing.class, g.observe("BTC-USD", 15, 15, T2));
    assertEquals(new Gap("BTC-USD", 12, 14, T1), m.gap(), "the gap carries the time of the trade before it");
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 13, 13, T2),
        "a gap nobody will backfill (not opened) is not news");
    assertInstanceOf(GapTracker.Next.class, g.observe("ETH-USD", 501, 501, T2));
  }

  @Test
  void aMissingIdArrivingLateWhileTheGapIsOpenIsPublishedOnceBySocketOrBackfill() {
    GapTracker g = new GapTracker();
    g.observe("BTC-USD", 10, 10, T1);
    Gap gap = assertInstanceOf(GapTracker.Missing.class, g.observe("BTC-USD", 15, 15, T2)).gap();
    assertEquals(new Gap("BTC-USD", 11, 14, T1), gap);
    g.open(gap);
    assertEquals(4, g.unclaimed(gap));
    assertInstanceOf(GapTracker.Recovered.class, g.observe("BTC-USD", 13, 13, T2), "the socket delivered 13 late");
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 13, 13, T2), "but only once");
    assertEquals(false, g.claim(gap, 13), "the backfill skips what the socket published");
    assertEquals(true, g.claim(gap, 12));
    assertEquals(false, g.claim(gap, 12));
    assertEquals(2, g.unclaimed(gap), "11 and 14 still missing");
    g.close(gap);
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 14, 14, T2), "closed: back to duplicates");
    assertEquals(0, g.unclaimed(gap));
  }

  @Test
  void aggregatedRangesAsOkxSendsThem() {
    GapTracker g = new GapTracker();
    g.observe("BTC-USDT", 1, 3, T1);
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USDT", 4, 6, T1));
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USDT", 5, 8, T1), "partial overlap still brings new ids");
    GapTracker.Missing m = assertInstanceOf(GapTracker.Missing.class, g.observe("BTC-USDT", 12, 13, T2));
    assertEquals(9, m.gap().fromId());
    assertEquals(11, m.gap().toId());
    assertEquals(3, m.gap().size());
  }

  @Test
  void newestIdFromAHeartbeat() {
    GapTracker g = new GapTracker();
    assertInstanceOf(GapTracker.First.class, g.observeNewest("BTC-USD", 50), "no baseline yet");
    g.observe("BTC-USD", 50, 50, T1);
    assertInstanceOf(GapTracker.Duplicate.class, g.observeNewest("BTC-USD", 50));
    GapTracker.Missing m = assertInstanceOf(GapTracker.Missing.class, g.observeNewest("BTC-USD", 53));
    assertEquals(new Gap("BTC-USD", 51, 53, T1), m.gap());
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 52, 52, T2), "the match arriving late");
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USD", 54, 54, T2));
  }
}
