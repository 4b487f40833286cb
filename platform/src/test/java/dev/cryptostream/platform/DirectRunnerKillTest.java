package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.simulator.Instrument;
import dev.cryptostream.producers.simulator.TradeSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash on the DirectRunner loses nothing: simulated trades (fixed seed) preloaded on a real
 * broker, the bundled jar killed with kill -9 once its lake holds rows, relaunched with the same
 * arguments until it drains, then the lake reconciled with DuckDB: every Kafka offset exactly once
 * in trades ∪ dead_letters, and exactly one final candle per window with trades, equal to the
 * candle computed from the de-duplicated raw trades.
 *
 * <p>That computed candle is what an undisturbed run writes: with the input's lateness (at most 30
 * s) inside the allowed lateness (1 minute) no trade is dropped as too late, so a final candle
 * holds every unique trade of its window.
 */
class DirectRunnerKillTest {
  private static final int RECORDS = 2_400;
  private static final String GROUP = "kill-test";

  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static EmbeddedKafkaBroker broker;

  @AfterAll
  static void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aKilledRunRelaunchedWithTheSameArgumentsLosesNothingAndWritesNoWrongFinalCandle()
      throws Exception {
    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            List.of(new EmbeddedKafkaBroker.TopicSpec(TradeTopics.TRADES_V1, 3)));
    preload();
    Path lake = dir.resolve("lake");
    List<String> args =
        List.of(
            "--runner=DirectRunner",
            "--bootstrapServers=" + broker.bootstrapServers(),
            "--consumerGroup=" + GROUP,
            "--lakePath=" + lake,
            "--lakeFlushInterval=PT2S",
            "--earlyFiringPeriod=PT5S",
            "--allowedLateness=PT1M",
            "--progressIntervalSeconds=1");
    Path jar = PipelineProcess.bundledJar(Path.of(System.getProperty("repo.root", "..")));

    // First launch: killed once the lake holds half of the records as raw trades and some candles,
    // so that the relaunch resumes from a real cut rather than rebuilding everything.
    CountDownLatch enough = new CountDownLatch(1);
    try (PipelineProcess first =
        PipelineProcess.start(
            jar,
            args,
            dir.resolve("first.log"),
            "1g",
            progress -> {
              if (PipelineProcess.counter(progress, "lake_rows_trades") >= RECORDS / 2
                  && PipelineProcess.counter(progress, "lake_rows_candles_1m") > 0) {
                enough.countDown();
              }
            })) {
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
      while (!enough.await(1, TimeUnit.SECONDS)) {
        assertTrue(
            first.isAlive(), "the first launch ended by itself; log " + dir.resolve("first.log"));
        assertTrue(
            System.nanoTime() < deadline,
            "the first launch wrote too little; log " + dir.resolve("first.log"));
      }
      first.killForcibly();
    }
    long rowsBeforeRelaunch = countLakeFiles(lake);
    assertTrue(rowsBeforeRelaunch > 0, "no lake file before the kill");

    // Relaunch, same arguments, draining at the end.
    List<String> relaunch = new ArrayList<>(args);
    relaunch.add("--drainWhenIdleFor=PT3S");
    Path log = dir.resolve("relaunch.log");
    Map<String, String> counters;
    try (PipelineProcess second = PipelineProcess.start(jar, relaunch, log, "1g", null)) {
      OptionalInt exit = second.waitFor(Duration.ofMinutes(8));
      assertTrue(exit.isPresent(), "the relaunch did not drain; log " + log);
      assertEquals(0, exit.getAsInt(), "relaunch exit code; log " + log);
      counters = second.finalCounters();
    }
    assertTrue(
        PipelineProcess.counter(counters, "resume_rows_skipped") > 0,
        "nothing was skipped: " + counters);

    Map<Integer, Long> ends = endOffsets();
    try (Warehouse w = Warehouse.inMemory()) {
      everyOffsetExactlyOnce(w, lake, ends);
      everyWindowHasOneRightFinalCandle(w, lake);
    }
  }

  private static void preload() {
    // A simulated clock 20 minutes back, 250 ms a record: ten minutes of trades, all already past.
    Instant[] now = {Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES)};
    TradeSimulator sim =
        new TradeSimulator(
            Instrument.parseList("binance:BTC-USDT,coinbase:ETH-USD,kraken:SOL-USD"),
            new TradeSimulator.Mix(0.01, 0.02, 0.005, Duration.ofSeconds(30)),
            7,
            () -> now[0]);
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(broker.bootstrapServers(), TradeTopics.TRADES_V1)) {
      for (int i = 0; i < RECORDS; i++) {
        TradeSimulator.SimulatedRecord r = sim.next();
        publisher.send(r.key(), r.value(), r.timestampMillis());
        now[0] = now[0].plusMillis(250);
      }
      publisher.flush();
      assertEquals(0, publisher.failed());
    }
  }

  private static Map<Integer, Long> endOffsets() throws Exception {
    try (Admin admin = broker.admin()) {
      Map<Integer, Long> ends = LakeOffsets.endOffsets(admin, TradeTopics.TRADES_V1, 3);
      assertEquals(RECORDS, ends.values().stream().mapToLong(Long::longValue).sum());
      return ends;
    }
  }

  private static void everyOffsetExactlyOnce(Warehouse w, Path lake, Map<Integer, Long> ends)
      throws Exception {
    RunCheck offsets = LakeOffsets.check(w, lake, TradeTopics.TRADES_V1, ends);
    assertEquals(RunCheck.Status.OK, offsets.status(), offsets.detail());
  }

  private static void everyWindowHasOneRightFinalCandle(Warehouse w, Path lake) throws Exception {
    String unique =
        "select distinct exchange, symbol, trade_id, price, quantity, trade_time from "
            + Warehouse.lakeTable(lake, "trades");
    String expected =
        "select exchange, symbol, time_bucket(interval 1 minute, trade_time) as window_start,"
            + " count(*) as trade_count, sum(quantity)::varchar as volume, max(price)::varchar as high,"
            + " min(price)::varchar as low, arg_min(price, (trade_time, trade_id::bigint))::varchar as open,"
            + " arg_max(price, (trade_time, trade_id::bigint))::varchar as close, min(trade_time) as first_trade_time,"
            + " max(trade_time) as last_trade_time from ("
            + unique
            + ") group by all order by all";
    String finals =
        "select exchange, symbol, window_start, trade_count, volume::varchar as volume, high::varchar as high,"
            + " low::varchar as low, open::varchar as open, close::varchar as close, first_trade_time, last_trade_time from "
            + Warehouse.lakeTable(lake, "candles_1m")
            + " where is_final order by all";
    List<String> want = w.query(expected).stream().map(Object::toString).toList();
    List<String> got = w.query(finals).stream().map(Object::toString).toList();
    assertTrue(want.size() >= 30, "too few windows to mean anything: " + want.size());
    assertEquals(
        String.join("\n", want),
        String.join("\n", got),
        "exactly one final candle per window, equal to the candle of its unique trades");
  }

  private static long countLakeFiles(Path lake) throws Exception {
    try (Stream<Path> s = Files.walk(lake)) {
      return s.filter(p -> p.toString().endsWith(".parquet")).collect(Collectors.counting());
    }
  }
}
