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
    assertInstanceOf(
        GapTracker.First.class, g.observe("ETH-USD", 500, 500, T1), "symbols are independent");
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USD", 11, 11, T1));
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 11, 11, T1));
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 3, 3, T1));
    GapTracker.Missing m =
        assertInstanceOf(GapTracker.Missing.class, g.observe("BTC-USD", 15, 15, T2));
    assertEquals(
        new Gap("BTC-USD", 12, 14, T1), m.gap(), "the gap carries the time of the trade before it");
    assertInstanceOf(
        GapTracker.Duplicate.class,
        g.observe("BTC-USD", 13, 13, T2),
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
    assertInstanceOf(
        GapTracker.Recovered.class,
        g.observe("BTC-USD", 13, 13, T2),
        "the socket delivered 13 late");
    assertInstanceOf(GapTracker.Duplicate.class, g.observe("BTC-USD", 13, 13, T2), "but only once");
    assertEquals(false, g.claim(gap, 13), "the backfill skips what the socket published");
    assertEquals(true, g.claim(gap, 12));
    assertEquals(false, g.claim(gap, 12));
    assertEquals(2, g.unclaimed(gap), "11 and 14 still missing");
    g.close(gap);
    assertInstanceOf(
        GapTracker.Duplicate.class, g.observe("BTC-USD", 14, 14, T2), "closed: back to duplicates");
    assertEquals(0, g.unclaimed(gap));
  }

  @Test
  void aggregatedRangesAsOkxSendsThem() {
    GapTracker g = new GapTracker();
    g.observe("BTC-USDT", 1, 3, T1);
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USDT", 4, 6, T1));
    GapTracker.Overlap o =
        assertInstanceOf(
            GapTracker.Overlap.class,
            g.observe("BTC-USDT", 5, 8, T1),
            "5..6 were published: the aggregate cannot be published without counting them twice");
    assertEquals(false, o.publish());
    assertEquals(
        new Gap("BTC-USDT", 7, 8, T1),
        o.gap(),
        "its new ids are left to the backfill, one fill each");
    GapTracker.Missing m =
        assertInstanceOf(GapTracker.Missing.class, g.observe("BTC-USDT", 12, 13, T2));
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
    GapTracker.Missing m =
        assertInstanceOf(GapTracker.Missing.class, g.observeNewest("BTC-USD", 53));
    assertEquals(new Gap("BTC-USD", 51, 53, T1), m.gap());
    assertInstanceOf(
        GapTracker.Duplicate.class, g.observe("BTC-USD", 52, 52, T2), "the match arriving late");
    assertInstanceOf(GapTracker.Next.class, g.observe("BTC-USD", 54, 54, T2));
  }

  /**
   * An aggregate is claimed whole or not at all: REST may already have published part of its range.
   */
  @Test
  void aLateAggregateIsPublishedOnlyWhenNoneOfItsIdsWasPublished() {
    GapTracker g = new GapTracker();
    g.observe("BTC-USDT", 100, 100, T1);
    Gap gap = assertInstanceOf(GapTracker.Missing.class, g.observe("BTC-USDT", 110, 110, T2)).gap();
    g.open(gap); // 101..109
    assertEquals(true, g.claim(gap, 105), "REST published 105");
    assertInstanceOf(
        GapTracker.Duplicate.class,
        g.observe("BTC-USDT", 104, 106, T2),
        "104..106 holds the published 105: not published, 104 and 106 stay for REST");
    assertEquals(8, g.unclaimed(gap));
    assertEquals(true, g.claim(gap, 104));
    assertEquals(true, g.claim(gap, 106));
    assertInstanceOf(
        GapTracker.Recovered.class,
        g.observe("BTC-USDT", 101, 103, T2),
        "wholly unclaimed: published");
    assertEquals(false, g.claim(gap, 102), "and REST skips its ids");
    assertEquals(
        false,
        g.observe("BTC-USDT", 108, 111, T2).publish(),
        "reaching past the gap into the published 110: never published");
    assertEquals(3, g.unclaimed(gap), "107..109 left to REST");
  }

  /**
   * A forward range whose older part lies wholly unclaimed in an open gap is published and claims
   * it.
   */
  @Test
  void aForwardRangeReachingIntoAnOpenGapClaimsItOrLeavesItsNewIdsToTheBackfill() {
    GapTracker g = new GapTracker();
    g.observe("BTC-USD", 50, 50, T1);
    Gap announced =
        assertInstanceOf(GapTracker.Missing.class, g.observeNewest("BTC-USD", 53)).gap();
    g.open(announced); // 51..53, announced by a heartbeat, none published
    assertInstanceOf(
        GapTracker.Next.class,
        g.observe("BTC-USD", 52, 54, T2),
        "52..53 unclaimed: claimed and published");
    assertEquals(1, g.unclaimed(announced), "51 left");
    GapTracker.Overlap o =
        assertInstanceOf(
            GapTracker.Overlap.class,
            g.observe("BTC-USD", 54, 56, T2),
            "54 is published: the range is not, 55..56 go to the backfill");
    assertEquals(new Gap("BTC-USD", 55, 56, T2), o.gap());
  }
}
