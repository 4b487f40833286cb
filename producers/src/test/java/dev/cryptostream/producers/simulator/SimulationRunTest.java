package dev.cryptostream.producers.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.simulator.TradeSimulator.Kind;
import dev.cryptostream.producers.simulator.TradeSimulator.Mix;
import dev.cryptostream.producers.simulator.TradeSimulator.SimulatedRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulationRunTest {
  private static final List<Instrument> INSTRUMENTS =
      Instrument.parseList("binance:BTC-USDT,okx:XRP-USDT");
  private static final Mix MIX = new Mix(0.1, 0.1, 0.1, Duration.ofSeconds(30));

  record Sent(String key, byte[] value, long timestampMillis) {}

  /** A thread-safe sink that keeps everything. */
  static final class CollectingSink implements SimulationRun.RecordSink {
    final List<Sent> sent = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void send(String key, byte[] value, long timestampMillis) {
      sent.add(new Sent(key, value, timestampMillis));
    }
  }

  private static TradeSimulator simulator(Mix mix) {
    return new TradeSimulator(INSTRUMENTS, mix, 5, TradeSimulatorTest.fakeClock());
  }

  @Test
  void asFastAsPossibleStopsAtMaxRecordsAndCountsKinds() {
    CollectingSink sink = new CollectingSink();
    SimulationRun run =
        new SimulationRun(
            simulator(MIX), 0, Duration.ofMinutes(5), 1000, null, Duration.ofSeconds(5));
    SimulationRun.Result result =
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> run.run(sink));

    assertEquals(1000, sink.sent.size());
    assertEquals(1000, result.total());

    // Replay the same simulator to learn what each record was meant to be.
    TradeSimulator replay = simulator(MIX);
    Map<Kind, Long> expected = new EnumMap<>(Kind.class);
    for (int i = 0; i < 1000; i++) {
      SimulatedRecord r = replay.next();
      expected.merge(r.kind(), 1L, Long::sum);
      Sent s = sink.sent.get(i);
      assertEquals(r.key(), s.key(), "key at " + i);
      assertArrayEquals(r.value(), s.value(), "value at " + i);
      assertEquals(r.timestampMillis(), s.timestampMillis(), "timestamp at " + i);
    }
    assertEquals(expected, result.counts());
    for (Kind kind : Kind.values()) {
      assertEquals(expected.getOrDefault(kind, 0L), result.count(kind), kind.name());
      assertTrue(result.count(kind) > 0, kind.name());
    }
    assertTrue(result.elapsedNanos() > 0);
    assertTrue(result.perSecond() > 0);
  }

  @Test
  void resultCountsAreACopy() {
    SimulationRun run =
        new SimulationRun(
            simulator(Mix.none()), 0, Duration.ofMinutes(1), 10, null, Duration.ofSeconds(5));
    SimulationRun.Result result = run.run((k, v, t) -> {});
    assertEquals(Map.of(Kind.TRADE, 10L), result.counts());
    assertEquals(0L, result.count(Kind.MALFORMED));
  }

  @Test
  void emptyResultHasZeroRate() {
    SimulationRun.Result empty = new SimulationRun.Result(new EnumMap<>(Kind.class), 0);
    assertEquals(0, empty.total());
    assertEquals(0.0, empty.perSecond());
    SimulationRun.Result some =
        new SimulationRun.Result(Map.of(Kind.TRADE, 3L, Kind.DUPLICATE, 1L), 2_000_000_000L);
    assertEquals(4, some.total());
    assertEquals(2.0, some.perSecond(), 1e-9);
  }

  @Test
  void targetRateIsRoughlyKeptForTheDuration() {
    CollectingSink sink = new CollectingSink();
    SimulationRun run =
        new SimulationRun(
            simulator(Mix.none()), 200, Duration.ofSeconds(1), 0, null, Duration.ofSeconds(5));
    long start = System.nanoTime();
    SimulationRun.Result result =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run.run(sink));
    long tookNanos = System.nanoTime() - start;

    assertTrue(tookNanos < TimeUnit.SECONDS.toNanos(3), "took " + tookNanos / 1e9 + " s");
    assertTrue(
        tookNanos >= TimeUnit.MILLISECONDS.toNanos(900),
        "ended early after " + tookNanos / 1e9 + " s");
    long n = sink.sent.size();
    assertEquals(n, result.total());
    assertTrue(n >= 120 && n <= 280, "produced " + n);
  }

  @Test
  void maxRecordsAlsoLimitsARatedRun() {
    CollectingSink sink = new CollectingSink();
    SimulationRun run =
        new SimulationRun(
            simulator(Mix.none()), 1000, Duration.ofSeconds(30), 50, null, Duration.ofSeconds(5));
    SimulationRun.Result result =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run.run(sink));
    assertEquals(50, sink.sent.size());
    assertEquals(50, result.total());
  }

  @Test
  void requestStopFromAnotherThreadStopsAFastRunPromptly() throws Exception {
    AtomicLong sent = new AtomicLong();
    CountDownLatch started = new CountDownLatch(1);
    SimulationRun run =
        new SimulationRun(simulator(MIX), 0, Duration.ofHours(1), 0, null, Duration.ofSeconds(5));
    Thread stopper =
        new Thread(
            () -> {
              try {
                started.await();
                Thread.sleep(200);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              run.requestStop();
            });
    stopper.start();
    long start = System.nanoTime();
    SimulationRun.Result result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10),
            () ->
                run.run(
                    (k, v, t) -> {
                      sent.incrementAndGet();
                      started.countDown();
                    }));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    stopper.join(5_000);
    assertTrue(tookMillis < 2_000, "stopped after " + tookMillis + " ms");
    assertTrue(sent.get() > 0);
    assertEquals(sent.get(), result.total());
  }

  @Test
  void requestStopStopsASlowRunPromptlyWithoutSendingMore() throws Exception {
    // At 0.05 records/s the next record is due tens of seconds away: the run must not sleep
    // through a stop request, nor send a record after it.
    AtomicLong sentAfterStop = new AtomicLong();
    AtomicLong stopAt = new AtomicLong(Long.MAX_VALUE);
    SimulationRun run =
        new SimulationRun(
            simulator(Mix.none()), 0.05, Duration.ofHours(1), 0, null, Duration.ofSeconds(5));
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              stopAt.set(System.nanoTime());
              run.requestStop();
            });
    long start = System.nanoTime();
    stopper.start();
    SimulationRun.Result result =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30),
            () ->
                run.run(
                    (k, v, t) -> {
                      if (System.nanoTime() > stopAt.get()) {
                        sentAfterStop.incrementAndGet();
                      }
                    }));
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    stopper.join(5_000);
    assertTrue(tookMillis < 1_500, "stopped after " + tookMillis + " ms");
    assertEquals(0, sentAfterStop.get());
    assertTrue(result.total() <= 1, "total " + result.total());
  }

  @Test
  void aRatedRunDoesNotSendAfterItsDuration() {
    // 2 records/s for 1.2 s: arrivals due after the end must not be sent late.
    List<Long> sendTimes = Collections.synchronizedList(new ArrayList<>());
    SimulationRun run =
        new SimulationRun(
            simulator(Mix.none()), 2, Duration.ofMillis(1200), 0, null, Duration.ofSeconds(5));
    long start = System.nanoTime();
    assertTimeoutPreemptively(
        Duration.ofSeconds(10), () -> run.run((k, v, t) -> sendTimes.add(System.nanoTime())));
    for (long t : sendTimes) {
      assertTrue(
          t - start <= TimeUnit.MILLISECONDS.toNanos(1200) + TimeUnit.MILLISECONDS.toNanos(50),
          "sent at " + (t - start) / 1e6 + " ms");
    }
  }

  @Test
  void printsStatusLines() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream status = new PrintStream(out, true, StandardCharsets.UTF_8);
    SimulationRun run =
        new SimulationRun(
            simulator(Mix.none()), 500, Duration.ofMillis(400), 0, status, Duration.ofMillis(100));
    SimulationRun.Result result =
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> run.run((k, v, t) -> {}));
    String text = out.toString(StandardCharsets.UTF_8);
    long lines = text.lines().filter(l -> l.startsWith("simulator produced=")).count();
    assertTrue(lines >= 2 && lines <= 4, text);
    assertTrue(result.total() > 0);
  }

  @Test
  void simulatorClockIsOnlyUsedForEventTimes() {
    // A run with a real clock produces trade times close to now.
    TradeSimulator sim = new TradeSimulator(INSTRUMENTS, Mix.none(), 1, Instant::now);
    CollectingSink sink = new CollectingSink();
    new SimulationRun(sim, 0, Duration.ofMinutes(1), 20, null, Duration.ofSeconds(5)).run(sink);
    long now = System.currentTimeMillis();
    for (Sent s : sink.sent) {
      assertTrue(Math.abs(now - s.timestampMillis()) < 10_000, "timestamp " + s.timestampMillis());
    }
  }
}
