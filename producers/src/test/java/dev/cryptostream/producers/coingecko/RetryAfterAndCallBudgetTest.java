package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Retry-After parsing and the call budget of the CoinGecko poller. */
class RetryAfterAndCallBudgetTest {

  @Test
  void retryAfterAsSecondsOrHttpDate() {
    Instant now = Instant.parse("2026-11-22T10:00:00Z");
    assertEquals(Optional.of(Duration.ofSeconds(30)), RetryAfter.parse(" 30 ", now));
    assertEquals(Optional.of(Duration.ofSeconds(0)), RetryAfter.parse("0", now));
    assertEquals(
        Optional.of(Duration.ofSeconds(75)),
        RetryAfter.parse("Sun, 22 Nov 2026 10:01:15 GMT", now));
    assertEquals(
        Optional.of(Duration.ZERO), RetryAfter.parse("Sun, 22 Nov 2026 09:00:00 GMT", now));
    assertEquals(Optional.empty(), RetryAfter.parse(null, now));
    assertEquals(Optional.empty(), RetryAfter.parse("", now));
    assertEquals(Optional.empty(), RetryAfter.parse("-5", now));
    assertEquals(Optional.empty(), RetryAfter.parse("soon", now));
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
