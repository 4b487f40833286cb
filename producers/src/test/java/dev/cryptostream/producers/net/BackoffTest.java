package dev.cryptostream.producers.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
  @Test
  void growsExponentiallyBetweenHalfAndAllOfTheCeiling() {
    Random random = new Random(1);
    Backoff b =
        new Backoff(
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ZERO, random::nextDouble);
    long[] ceilings = {1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000};
    for (long ceiling : ceilings) {
      long d = b.next().toMillis();
      assertTrue(
          d >= ceiling / 2 && d <= ceiling, d + " outside [" + ceiling / 2 + ", " + ceiling + "]");
    }
  }

  @Test
  void extremesOfTheJitterAndTheCap() {
    Backoff low =
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO, () -> 0.0);
    Backoff high =
        new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ZERO, () -> 0.999999);
    assertEquals(50, low.next().toMillis());
    assertEquals(99, high.next().toMillis());
    for (int i = 0; i < 200; i++) { // far past any overflow of base * 2^n
      low.next();
      high.next();
    }
    assertEquals(2500, low.next().toMillis());
    assertTrue(high.next().toMillis() <= 5000);
  }

  @Test
  void neverBelowTheVenuesMinimumIntervalAndResetStartsOver() {
    Backoff b =
        new Backoff(
            Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofSeconds(1), () -> 0.0);
    assertEquals(Duration.ofSeconds(1), b.next(), "floor: the venue's connection limit");
    b.next();
    b.next();
    b.next();
    b.next();
    assertEquals(1600, b.next().toMillis());
    assertEquals(6, b.failures());
    b.reset();
    assertEquals(0, b.failures());
    assertEquals(Duration.ofSeconds(1), b.next());
  }

  @Test
  void rejectsNonsense() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, () -> 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, () -> 0));
  }

  // Also the CoinGecko poller's use: no floor.
  @Test
  void waitsLieBetweenHalfAndAllOfTheCappedExponential() {
    SplittableRandom r = new SplittableRandom(3);
    Backoff b =
        new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ZERO, r::nextDouble);
    long[] ceilings = {2, 4, 8, 16, 32, 60, 60, 60, 60, 60};
    for (long ceiling : ceilings) {
      Duration d = b.next();
      assertTrue(d.compareTo(Duration.ofSeconds(ceiling).dividedBy(2)) >= 0, d + " vs " + ceiling);
      assertTrue(d.compareTo(Duration.ofSeconds(ceiling)) <= 0, d + " vs " + ceiling);
    }
    b.reset();
    assertTrue(b.next().compareTo(Duration.ofSeconds(2)) <= 0);
  }

  @Test
  void jitterSpreadsTheWaits() {
    SplittableRandom r = new SplittableRandom(4);
    java.util.Set<Duration> seen = new java.util.HashSet<>();
    for (int i = 0; i < 20; i++) {
      Backoff b =
          new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ZERO, r::nextDouble);
      seen.add(b.next());
    }
    assertTrue(seen.size() > 15, seen::toString);
  }

  @Test
  void manyFailuresNeitherOverflowNorExceedTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMinutes(5), Duration.ZERO, () -> 1.0);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 10_000; i++) {
      last = b.next();
    }
    assertEquals(Duration.ofMinutes(5), last);
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), Duration.ZERO, () -> 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, () -> 0));
  }
}
