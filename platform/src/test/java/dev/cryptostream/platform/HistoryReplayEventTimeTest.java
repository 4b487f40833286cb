package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event time follows trade time, end to end: history four hours old, with out-of-order trades
 * within the allowed lateness, is replayed with the producers' {@code replay} while the pipeline's
 * bundled jar is already running (DirectRunner, catch-up mode) — at {@code --speed max}, at {@code
 * --speed 60}, with malformed records spread through it (from the file, and written straight to
 * Kafka stamped with the wall clock, including trade-shaped records whose trade time is "now" or
 * far in the future), and a shortened file at {@code --speed 1}. Every run must give the same final
 * candles, with no trade beyond the allowed lateness.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HistoryReplayEventTimeTest {
  private static final int PARTITIONS = 3;

  /**
   * Catch-up mode only once the replay has ended (a drain signal file), and then as soon as every
   * partition has read what was written: a gap in the history at speed 1 cannot end the run early.
   */
  private static final String DRAIN = "PT0S";

  /** Long enough for several windows per instrument; the DirectRunner reads ~100 records/s. */
  private static final int HISTORY_MINUTES = 4;

  private static final List<String[]> INSTRUMENTS =
      List.of(
          new String[] {"binance", "BTC-USDT", "60000"},
          new String[] {"coinbase", "ETH-USD", "3000"},
          new String[] {"kraken", "SOL-USD", "150"});

  /** Kept when a test fails: the pipelines' and replays' logs are in it. */
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private EmbeddedKafkaBroker broker;

  /** First minute of the history; the first trade is 40 s into it. */
  private Instant start;

  private int validTrades;
  private int shortTrades;
  private int badLines;
  private final AtomicLong injected = new AtomicLong();
  private final AtomicLong injectFailures = new AtomicLong();
  private Run atMax;
  private Run atSixty;
  private Run withBadRecords;
  private Run atPace;

  private record Run(Map<String, String> counters, Path lake) {}

  @BeforeAll
  void replayTheSameHistoryFourWays() throws Exception {
    start = Instant.now().minus(4, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    List<TradeEvent> history = history(new Random(42));
    validTrades = history.size();
    Path full = dir.resolve("history.ndjson");
    Files.write(full, history.stream().map(TradeEventJson::toJson).collect(Collectors.toList()));
    // The first 25 s only, in the same order: the window [start, start+1m) is complete in it.
    Instant cut = start.plusSeconds(65);
    List<String> shortLines =
        history.stream()
            .filter(e -> e.tradeTime().isBefore(cut))
            .map(TradeEventJson::toJson)
            .collect(Collectors.toList());
    shortTrades = shortLines.size();
    Path shortFile = dir.resolve("history-25s.ndjson");
    Files.write(shortFile, shortLines);
    Path withBad = dir.resolve("history-with-bad-lines.ndjson");
    Files.write(withBad, withBadLines(history));

    List<EmbeddedKafkaBroker.TopicSpec> topics = new ArrayList<>();
    for (String t : List.of("max", "sixty", "bad", "pace")) {
      topics.add(new EmbeddedKafkaBroker.TopicSpec("history." + t, PARTITIONS));
    }
    broker = EmbeddedKafkaBroker.start(dir.resolve("kafka"), 0, topics);

    // Each replay has its own topic, pipeline and lake: two run side by side (most of a run is
    // waiting for its pace or its drain; more at once only compete for the CPU), the longest first.
    ExecutorService runs = Executors.newFixedThreadPool(2);
    try {
      Future<Run> pace = runs.submit(() -> replayWhileRunning("pace", shortFile, "1", false));
      Future<Run> bad = runs.submit(() -> replayWhileRunning("bad", withBad, "60", true));
      Future<Run> sixty = runs.submit(() -> replayWhileRunning("sixty", full, "60", false));
      Future<Run> max = runs.submit(() -> replayWhileRunning("max", full, "max", false));
      atPace = pace.get();
      withBadRecords = bad.get();
      atSixty = sixty.get();
      atMax = max.get();
    } finally {
      runs.shutdownNow();
    }
  }

  @AfterAll
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  /**
   * Three instruments trading every 1 to 4 s for four minutes, four hours ago; about one trade in
   * 25 is published 3 to 60 s after its time (after newer trades), as venues and backfills do.
   */
  private List<TradeEvent> history(Random random) {
    record Pending(TradeEvent event, long publishAtMicros) {}
    List<Pending> all = new ArrayList<>();
    for (String[] inst : INSTRUMENTS) {
      BigDecimal price = new BigDecimal(inst[2]);
      Instant t = start.plusSeconds(40);
      Instant end = t.plus(HISTORY_MINUTES, ChronoUnit.MINUTES);
      for (int id = 1; t.isBefore(end); id++) {
        price =
            price
                .multiply(BigDecimal.valueOf(1 + (random.nextDouble() - 0.5) / 500))
                .setScale(2, RoundingMode.HALF_EVEN);
        BigDecimal qty = BigDecimal.valueOf(1 + random.nextInt(50_000), 4);
        TakerSide side = random.nextBoolean() ? TakerSide.BUY : TakerSide.SELL;
        TradeEvent e =
            new TradeEvent(
                inst[0],
                inst[1],
                Integer.toString(id),
                price,
                qty,
                side,
                t,
                t.plusMillis(40),
                TradeSource.REPLAY);
        long delayMicros = random.nextInt(25) == 0 ? (3 + random.nextInt(58)) * 1_000_000L : 0;
        all.add(new Pending(e, micros(t) + delayMicros));
        t = t.plus(1_000_000 + random.nextInt(3_000_000), ChronoUnit.MICROS);
      }
    }
    all.sort(Comparator.comparingLong(Pending::publishAtMicros));
    return all.stream().map(Pending::event).collect(Collectors.toList());
  }

  private static long micros(Instant t) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }

  /**
   * The history with a malformed line after every 20th trade: not JSON, truncated before and after
   * its trade time, and a trade without its fields.
   */
  private List<String> withBadLines(List<TradeEvent> history) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < history.size(); i++) {
      String json = TradeEventJson.toJson(history.get(i));
      lines.add(json);
      if (i % 20 == 10) {
        lines.add(
            switch ((i / 20) % 4) {
              case 0 -> "this is not json";
              case 1 -> json.substring(0, json.indexOf("\"price\""));
              case 2 -> json.substring(0, json.indexOf("\"source\""));
              default -> "{\"schema_version\":1,\"exchange\":\"binance\"}";
            });
        badLines++;
      }
    }
    return lines;
  }

  /**
   * Starts the pipeline on an empty topic, then replays {@code file} into it; optionally writes
   * malformed records stamped with the wall clock straight to the topic while the replay runs. The
   * replay's JVM starts first and reads the file from a named pipe that is filled once the pipeline
   * runs, so a slow JVM start cannot delay the first record past the drain.
   */
  private Run replayWhileRunning(String name, Path file, String speed, boolean injectBadRecords)
      throws Exception {
    String topic = "history." + name;
    Path lake = dir.resolve("lake-" + name);
    Path pipe = dir.resolve(name + ".pipe");
    Path replayEnded = dir.resolve(name + ".ended");
    assertEquals(
        0, new ProcessBuilder("mkfifo", pipe.toString()).inheritIO().start().waitFor(), "mkfifo");
    Process replay =
        PipelineRuns.startReplay(dir, broker.bootstrapServers(), topic, pipe, speed, name);
    try (PipelineProcess pipeline =
        PipelineRuns.start(
            dir,
            broker.bootstrapServers(),
            List.of("--runner=DirectRunner"),
            "replay-" + name,
            lake,
            DRAIN,
            List.of("--inputTopics=" + topic, "--drainSignalFile=" + replayEnded))) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (pipeline.latestProgress().isEmpty()
          && pipeline.isAlive()
          && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertTrue(
          pipeline.isAlive() && !pipeline.latestProgress().isEmpty(),
          name + ": the pipeline did not start");
      Thread feeder =
          new Thread(
              () -> {
                try (OutputStream out = Files.newOutputStream(pipe, StandardOpenOption.WRITE)) {
                  Files.copy(file, out);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              },
              "feed-" + name);
      feeder.setDaemon(true); // blocks forever if the replay died before opening the pipe
      feeder.start();
      Thread injector = injectBadRecords ? startInjector(topic, replay) : null;
      assertTrue(replay.waitFor(3, TimeUnit.MINUTES), name + ": replay did not finish");
      assertEquals(
          0,
          replay.exitValue(),
          name + ": replay exit code, see " + dir.resolve(name + ".replay.log"));
      if (injector != null) {
        injector.join(30_000);
        assertFalse(injector.isAlive(), name + ": the injector did not stop");
      }
      Files.createFile(replayEnded);
      return new Run(PipelineRuns.awaitDone(pipeline, dir, "replay-" + name), lake);
    } finally {
      replay.destroyForcibly();
    }
  }

  /**
   * Every 100 ms while the replay runs, once it has published some history to the topic: a record a
   * producer stamped with the wall clock, keyed like the trades so it lands amid them. Two of the
   * four kinds look like trades with an absurd trade time (now, and the year 2099).
   */
  private Thread startInjector(String topic, Process replay) {
    Thread t =
        new Thread(
            () -> {
              try (KafkaRecordPublisher publisher =
                      new KafkaRecordPublisher(broker.bootstrapServers(), topic);
                  Admin admin = broker.admin()) {
                while (replay.isAlive() && recordsOn(admin, topic) < 60) {
                  Thread.sleep(50);
                }
                for (int n = 0; replay.isAlive(); n++) {
                  String[] inst = INSTRUMENTS.get(n % INSTRUMENTS.size());
                  long now = System.currentTimeMillis();
                  Instant tradeTime =
                      n % 4 == 1
                          ? Instant.ofEpochMilli(now)
                          : Instant.parse("2099-01-01T00:00:00Z");
                  TradeEvent shaped =
                      new TradeEvent(
                          inst[0],
                          inst[1],
                          "bad-" + n,
                          BigDecimal.ONE,
                          BigDecimal.ONE,
                          TakerSide.BUY,
                          tradeTime,
                          tradeTime,
                          TradeSource.REPLAY);
                  byte[] value =
                      switch (n % 4) {
                        case 0 -> new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'};
                        case 1 ->
                            TradeEventJson.toJson(shaped)
                                .replace("\"price\":\"1\"", "\"price\":\"-1\"")
                                .getBytes(StandardCharsets.UTF_8);
                        case 2 -> TradeEventJson.toJson(shaped).getBytes(StandardCharsets.UTF_8);
                        default -> "{\"schema_version\":1,".getBytes(StandardCharsets.UTF_8);
                      };
                  publisher.send(inst[0] + ":" + inst[1], value, now);
                  injected.incrementAndGet();
                  Thread.sleep(100);
                }
                publisher.flush();
                injectFailures.addAndGet(publisher.failed());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (Exception e) {
                injectFailures.incrementAndGet();
                throw new IllegalStateException(e);
              }
            },
            "inject-bad-records");
    t.start();
    return t;
  }

  /** How many records the topic holds, all partitions together. */
  private static long recordsOn(Admin admin, String topic) throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
    for (int p = 0; p < PARTITIONS; p++) {
      latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
    }
    return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
  }

  private List<String> finalCandles(Path lake, String where) throws Exception {
    try (Warehouse w = Warehouse.inMemory()) {
      String sql =
          "select * from ("
              + String.format(
                  PipelineRuns.FINAL_CANDLES_SQL, Warehouse.lakeTable(lake, "candles_1m"))
              + ") where "
              + where
              + " order by all";
      return w.query(sql).stream().map(Object::toString).collect(Collectors.toList());
    }
  }

  private static void assertNothingLate(Run run, String name) {
    assertEquals("DONE", run.counters().get("state"), name);
    assertTrue(
        PipelineProcess.counter(run.counters(), "trades_valid") > 0,
        name + " read no trade: " + run.counters());
    assertEquals(
        0,
        PipelineProcess.counter(run.counters(), "trades_beyond_lateness"),
        name + ": trades beyond the lateness");
    assertEquals(
        0,
        PipelineProcess.counter(run.counters(), "late_partials_dropped"),
        name + ": late partial candles dropped");
  }

  @Test
  void historyAtFullSpeedIsWindowedCompletely() throws Exception {
    assertNothingLate(atMax, "max");
    assertEquals(validTrades, PipelineProcess.counter(atMax.counters(), "trades_valid"));
    try (Warehouse w = Warehouse.inMemory()) {
      Map<String, Object> totals =
          w.query(
                  "select count(*) as windows, sum(trade_count) as trades from ("
                      + String.format(
                          PipelineRuns.FINAL_CANDLES_SQL,
                          Warehouse.lakeTable(atMax.lake(), "candles_1m"))
                      + ")")
              .get(0);
      // Four minutes from 40 s into the first minute: five windows per instrument.
      assertEquals(
          (HISTORY_MINUTES + 1L) * INSTRUMENTS.size(),
          ((Number) totals.get("windows")).longValue());
      assertEquals(
          validTrades,
          ((Number) totals.get("trades")).longValue(),
          "every trade is in a final candle");
    }
  }

  @Test
  void historyAtSixtyTimesItsPaceGivesTheSameCandles() throws Exception {
    assertNothingLate(atSixty, "speed 60");
    assertEquals(finalCandles(atMax.lake(), "true"), finalCandles(atSixty.lake(), "true"));
  }

  @Test
  void malformedRecordsStampedWithAnyTimeDoNotDisturbEventTime() throws Exception {
    assertNothingLate(withBadRecords, "with bad records");
    assertEquals(0, injectFailures.get(), "injected records not delivered");
    assertTrue(
        injected.get() >= 10, "only " + injected.get() + " records injected during the replay");
    assertEquals(validTrades, PipelineProcess.counter(withBadRecords.counters(), "trades_valid"));
    assertEquals(
        badLines + injected.get(),
        PipelineProcess.counter(withBadRecords.counters(), "dead_letters"));
    assertEquals(finalCandles(atMax.lake(), "true"), finalCandles(withBadRecords.lake(), "true"));
  }

  @Test
  void historyAtItsRecordedPaceGivesTheSameCandles() throws Exception {
    assertNothingLate(atPace, "speed 1");
    assertEquals(shortTrades, PipelineProcess.counter(atPace.counters(), "trades_valid"));
    String firstWindow = "epoch_us(window_start) < " + micros(start.plusSeconds(60));
    List<String> expected = finalCandles(atMax.lake(), firstWindow);
    assertEquals(INSTRUMENTS.size(), expected.size());
    assertEquals(expected, finalCandles(atPace.lake(), firstWindow));
    assertEquals(
        2 * INSTRUMENTS.size(),
        finalCandles(atPace.lake(), "true").size(),
        "the second, partial window closed too");
  }
}
