package dev.cryptostream.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class DrawdownAccumulatorTest {
  private static final long S = 1_000_000L;

  private static DrawdownAccumulator prices(long[] times, String... prices) {
    DrawdownAccumulator acc = new DrawdownAccumulator();
    for (int i = 0; i < prices.length; i++) {
      acc.add(new BigDecimal(prices[i]), times[i]);
    }
    return acc;
  }

  @Test
  void findsTheLargestFallFromAPeakToALaterLow() {
    DrawdownAccumulator acc =
        prices(new long[] {0, 10 * S, 20 * S, 30 * S, 40 * S}, "100", "110", "104", "108", "103");
    DrawdownAccumulator.Drop drop = acc.largestDrop();
    assertEquals(new BigDecimal("110"), drop.fromPrice());
    assertEquals(10 * S, drop.fromTime());
    assertEquals(new BigDecimal("103"), drop.toPrice());
    assertEquals(40 * S, drop.toTime());
    assertEquals(6.3636, drop.percent(), 1e-4);
  }

  @Test
  void aLowBeforeThePeakIsNotADrop() {
    assertNull(prices(new long[] {0, 10 * S, 20 * S}, "90", "100", "120").largestDrop());
    assertNull(new DrawdownAccumulator().largestDrop());
  }

  @Test
  void insideOneSecondOnlyAHighBeforeTheLowCounts() {
    // high at .1 s, low at .9 s of the same second: a drop
    DrawdownAccumulator.Drop drop =
        prices(new long[] {100_000, 900_000}, "100", "90").largestDrop();
    assertEquals(10.0, drop.percent(), 1e-9);
    // low first, then high in the same second: no drop
    assertNull(prices(new long[] {100_000, 900_000}, "90", "100").largestDrop());
  }

  @Test
  void mergingPartialsInAnyOrderGivesTheSameDrop() {
    DrawdownAccumulator a = prices(new long[] {0, 5 * S}, "100", "120");
    DrawdownAccumulator b = prices(new long[] {6 * S, 7 * S}, "111", "108");
    DrawdownAccumulator c = prices(new long[] {5 * S + 1, 9 * S}, "119", "114");
    DrawdownAccumulator abc = new DrawdownAccumulator().merge(a).merge(b).merge(c);
    DrawdownAccumulator cba =
        new DrawdownAccumulator()
            .merge(prices(new long[] {5 * S + 1, 9 * S}, "119", "114"))
            .merge(prices(new long[] {6 * S, 7 * S}, "111", "108"))
            .merge(prices(new long[] {0, 5 * S}, "100", "120"));
    assertEquals(abc.largestDrop(), cba.largestDrop());
    assertEquals(new BigDecimal("120"), abc.largestDrop().fromPrice());
    assertEquals(new BigDecimal("108"), abc.largestDrop().toPrice());
    assertEquals(
        5, abc.bucketCount(), "six trades in five distinct seconds: one bucket per second");
  }
}
