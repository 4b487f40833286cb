package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void waitsLieBetweenHalfAndAllOfTheCappedExponential() {
    SplittableRandom r = new SplittableRandom(3);
    Backoff b = new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(60), r::nextDouble);
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
      Backoff b = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(10), r::nextDouble);
      seen.add(b.next());
    }
    assertTrue(seen.size() > 15, seen::toString);
  }

  @Test
  void manyFailuresNeitherOverflowNorExceedTheCap() {
    Backoff b = new Backoff(Duration.ofMillis(1), Duration.ofMinutes(5), () -> 1.0);
    Duration last = Duration.ZERO;
    for (int i = 0; i < 10_000; i++) {
      last = b.next();
    }
    assertEquals(Duration.ofMinutes(5), last);
  }

  @Test
  void rejectsNonsenseSettings() {
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), () -> 0));
    assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), () -> 0));
  }

  @Test
  void retryAfterAsSecondsOrHttpDate() {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    assertEquals(Optional.of(Duration.ofSeconds(30)), Backoff.parseRetryAfter(" 30 ", now));
    assertEquals(Optional.of(Duration.ofSeconds(0)), Backoff.parseRetryAfter("0", now));
    assertEquals(Optional.of(Duration.ofSeconds(75)), Backoff.parseRetryAfter("Sun, 22 Nov 2026 10:01:15 GMT", now));
    assertEquals(Optional.of(Duration.ZERO), Backoff.parseRetryAfter("Sun, 22 Nov 2026 09:00:00 GMT", now));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter(null, now));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter("", now));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter("-5", now));
    assertEquals(Optional.empty(), Backoff.parseRetryAfter("soon", now));
  }

  @Test
  void callBudgetAllowsNPerWindowAndSaysHowLongToWait() {
    CallBudget budget = new CallBudget(3, 60);
    assertEquals(0, budget.waitNanos(0));
    budget.record(0);
    budget.record(10);
    budget.record(20);
    assertEquals(40, budget.waitNanos(20), "the oldest call leaves the window at 60");
    assertEquals(0, budget.waitNanos(60));
    budget.record(60);
    assertEquals(10, budget.waitNanos(60), "next the call at 10 must leave");
    assertThrows(IllegalArgumentException.class, () -> new CallBudget(0, 60));
  }
}
