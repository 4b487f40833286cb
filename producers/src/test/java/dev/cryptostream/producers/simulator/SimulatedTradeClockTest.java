package dev.cryptostream.producers.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SimulatedTradeClockTest {
  private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

  @Test
  void advancesAtTheTradeRateWhateverTheWallClockDoes() {
    SimulatedTradeClock clock = new SimulatedTradeClock(START, 100, 7);
    Instant previous = START;
    Instant last = START;
    for (int i = 0; i < 60_000; i++) {
      last = clock.get();
      assertTrue(!last.isBefore(previous), "trade times never go back");
      previous = last;
    }
    // 60,000 arrivals at 100/s span about 600 s of trade time (Poisson: within a few percent).
    long seconds = Duration.between(START, last).toSeconds();
    assertTrue(seconds > 580 && seconds < 620, "spanned " + seconds + " s");
  }

  @Test
  void theSameSeedGivesTheSameTimes() {
    SimulatedTradeClock a = new SimulatedTradeClock(START, 50, 11);
    SimulatedTradeClock b = new SimulatedTradeClock(START, 50, 11);
    for (int i = 0; i < 1000; i++) {
      assertEquals(a.get(), b.get());
    }
  }

  @Test
  void refusesANonPositiveRate() {
    assertThrows(IllegalArgumentException.class, () -> new SimulatedTradeClock(START, 0, 1));
    assertThrows(
        IllegalArgumentException.class, () -> new SimulatedTradeClock(START, Double.NaN, 1));
  }
}
