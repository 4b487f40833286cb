package dev.cryptostream.producers.coingecko;

import java.util.ArrayDeque;

/**
 * At most N calls in any sliding window (CoinGecko's demo plan: about 30 a minute, and every call
 * counts, failed ones too). Callers ask how long to wait, then record each call as they make it.
 */
final class CallBudget {
  private final int calls;
  private final long windowNanos;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();

  CallBudget(int calls, long windowNanos) {
    if (calls < 1 || windowNanos <= 0) {
      throw new IllegalArgumentException(
          "a call budget needs at least one call per positive window");
    }
    this.calls = calls;
    this.windowNanos = windowNanos;
  }

  /** Nanoseconds until a call may be made without exceeding the budget; 0 if now. */
  long waitNanos(long now) {
    while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
      recent.pollFirst();
    }
    return recent.size() < calls ? 0 : recent.peekFirst() + windowNanos - now;
  }

  /** Counts a call made at {@code now}, whatever its outcome. */
  void record(long now) {
    recent.addLast(now);
  }
}
