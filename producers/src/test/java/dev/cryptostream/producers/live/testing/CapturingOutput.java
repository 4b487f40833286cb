package dev.cryptostream.producers.live.testing;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.producers.live.DeadLetter;
import dev.cryptostream.producers.live.LiveOutput;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/** Keeps what a connector publishes in memory, in order, for assertions. */
public class CapturingOutput implements LiveOutput {
  public final List<TradeEvent> trades = new CopyOnWriteArrayList<>();
  public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  @Override
  public void trade(TradeEvent event) {
    trades.add(event);
  }

  @Override
  public void deadLetter(DeadLetter letter) {
    deadLetters.add(letter);
  }

  public List<String> tradeIds() {
    return trades.stream().map(TradeEvent::tradeId).toList();
  }

  public void awaitTrades(int n, Duration timeout) throws InterruptedException {
    await(timeout, () -> trades.size() >= n, () -> "expected " + n + " trades, got " + tradeIds());
  }

  public void awaitDeadLetters(int n, Duration timeout) throws InterruptedException {
    await(
        timeout,
        () -> deadLetters.size() >= n,
        () -> "expected " + n + " dead letters, got " + deadLetters);
  }

  /** Polls until the condition holds or fails the test with the message. */
  public static void await(
      Duration timeout, BooleanSupplier condition, java.util.function.Supplier<String> message)
      throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError(message.get());
      }
      Thread.sleep(10);
    }
  }
}
