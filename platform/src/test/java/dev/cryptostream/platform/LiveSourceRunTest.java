package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.live.testing.TestRestServer;
import dev.cryptostream.producers.live.testing.TestWebSocketServer;
import dev.cryptostream.producers.live.testing.TestWebSocketServer.Client;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make run ARGS="--source live ..."} as a user runs it, in a child JVM: two venues at once
 * (local servers speaking Binance's and OKX's protocols, the connector tests' own), trades sent
 * while the pipeline runs, then a real SIGTERM. The connectors stop, the pipeline drains, and every
 * trade the venues sent is in the lake exactly once, every check holds and dbt passes.
 */
class LiveSourceRunTest {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static final Pattern BROKER = Pattern.compile("kafka ready at (\\S+)");

  private static String binanceTrade(String symbol, long id, long tradeTime) {
    return "{\"stream\":\""
        + symbol.toLowerCase()
        + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
        + tradeTime
        + ",\"s\":\""
        + symbol
        + "\",\"t\":"
        + id
        + ",\"p\":\"91250.01000000\",\"q\":\"0.00040000\",\"T\":"
        + tradeTime
        + ",\"m\":"
        + (id % 2 == 0)
        + ",\"M\":true}}";
  }

  private static String okxTrade(String instId, long id, long tradeTime) {
    return "{\"arg\":{\"channel\":\"trades\",\"instId\":\""
        + instId
        + "\"},\"data\":[{\"instId\":\""
        + instId
        + "\",\"tradeId\":\""
        + id
        + "\",\"px\":\"2.1500\",\"sz\":\"120.5\",\"side\":\"buy\",\"ts\":\""
        + tradeTime
        + "\",\"count\":\"1\"}]}";
  }

  /** {@code java -cp <this test's classpath> LocalRun flags...}: the launcher in a child JVM. */
  private static Process start(List<String> flags) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                PipelineProcess.javaBinary(),
                "-Xmx768m",
                "-Drepo.root=" + PipelineRuns.repoRoot(),
                "-cp",
                System.getProperty("java.class.path"),
                LocalRun.class.getName()));
    command.addAll(flags);
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** A failed test leaves nothing running: the launcher and its pipeline, forcibly. */
  private static void killAll(Process launcher) {
    launcher.descendants().forEach(ProcessHandle::destroyForcibly);
    launcher.destroyForcibly();
  }

  /** The launcher's output lines as they come, and the thread reading them. */
  private record Output(List<String> lines, Thread reader) {}

  /** Follows the launcher's output, echoed for the test log. */
  private static Output follow(Process launcher) {
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                  lines.add(line);
                  System.out.println("[launcher] " + line);
                }
              } catch (IOException e) {
                // the launcher ended
              }
            },
            "launcher-output");
    reader.setDaemon(true);
    reader.start();
    return new Output(lines, reader);
  }

  /** Waits for a line starting with {@code prefix}; returns it. */
  private static String awaitLine(List<String> lines, String prefix, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (String line : lines) {
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no line " + prefix + " in:\n" + String.join("\n", lines));
  }

  /**
   * Waits until the launcher's broker holds {@code records} on the trades topic: the connectors
   * have published them, whether or not the pipeline has read them yet.
   */
  private static void awaitOnBroker(List<String> lines, long records) throws Exception {
    Matcher m = BROKER.matcher(awaitLine(lines, "[local] kafka ready at", Duration.ofSeconds(5)));
    assertTrue(m.find());
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, m.group(1)))) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      long onBroker = 0;
      while (System.nanoTime() < deadline) {
        onBroker =
            LakeOffsets.endOffsets(admin, TradeTopics.TRADES_V1, TradeTopics.DEFAULT_PARTITIONS)
                .values()
                .stream()
                .mapToLong(Long::longValue)
                .sum();
        if (onBroker >= records) {
          return;
        }
        Thread.sleep(200);
      }
      throw new AssertionError(onBroker + " records on the broker, not " + records);
    }
  }

  /** Answers OKX's text keep-alive, as the venue does, until the client goes. */
  private static Thread answerPings(Client okx) {
    Thread t =
        new Thread(
            () -> {
              try {
                while (!okx.awaitGone(Duration.ofMillis(200))) {
                  for (String text : okx.drainTexts()) {
                    if (text.equals("ping")) {
                      okx.sendText("pong");
                    }
                  }
                }
              } catch (InterruptedException | IOException e) {
                // the test is over or the client went
              }
            },
            "okx-pong");
    t.setDaemon(true);
    t.start();
    return t;
  }

  @Test
  void twoVenuesStoppedBySigtermLeaveEveryTradeInTheLakeOnceAndDbtPasses() throws Exception {
    boolean dbt = LauncherRuns.dbtInstalled();
    Path work = dir.resolve("run");
    try (TestWebSocketServer binance = new TestWebSocketServer();
        TestWebSocketServer okx = new TestWebSocketServer();
        TestRestServer rest =
            new TestRestServer(uri -> new TestRestServer.Response(404, "no backfill here"))) {
      List<String> flags =
          new ArrayList<>(
              List.of(
                  "--source",
                  "live",
                  "--venues",
                  "binance:BTC-USDT,okx:XRP-USDT,binance:ETH-USDT",
                  "--ws-url",
                  "binance=" + binance.baseUrl(),
                  "--ws-url",
                  "okx=" + okx.baseUrl(),
                  "--rest-url",
                  "binance=" + rest.baseUrl(),
                  "--rest-url",
                  "okx=" + rest.baseUrl(),
                  "--work-dir",
                  work.toString()));
      if (!dbt) {
        flags.add("--skip-dbt");
      }
      Process launcher = start(flags);
      Output followed = follow(launcher);
      List<String> lines = followed.lines();
      try {
        // The connectors start once the broker and the pipeline are up.
        Client b = binance.awaitClient(Duration.ofMinutes(2));
        assertEquals("/stream?streams=btcusdt@trade/ethusdt@trade", b.target());
        Client o = okx.awaitClient(Duration.ofSeconds(30));
        assertTrue(o.awaitText(Duration.ofSeconds(10)).contains("XRP-USDT"), "OKX subscription");
        answerPings(o);

        long now = System.currentTimeMillis();
        for (long id = 1; id <= 4; id++) {
          b.sendText(binanceTrade("BTCUSDT", 7_000 + id, now + id));
        }
        b.sendText("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\""); // cut off
        for (long id = 1; id <= 3; id++) {
          b.sendText(binanceTrade("ETHUSDT", 500 + id, now + id));
          o.sendText(okxTrade("XRP-USDT", 90_000 + id, now + id));
        }
        o.sendText(okxTrade("XRP-USDT", 90_004, now + 4));
        awaitOnBroker(lines, 11);

        // SIGTERM. Not Process.destroy(), which also closes our end of the launcher's output.
        assertTrue(launcher.toHandle().destroy(), "SIGTERM sent");
        assertTrue(b.awaitGone(Duration.ofSeconds(30)), "Binance connection closed on SIGTERM");
        assertTrue(o.awaitGone(Duration.ofSeconds(30)), "OKX connection closed on SIGTERM");
        assertTrue(launcher.waitFor(5, TimeUnit.MINUTES), "the launcher did not finish:\n" + lines);
      } finally {
        killAll(launcher);
      }
      followed.reader().join(10_000); // the last lines may still be in the pipe
      String output = String.join("\n", lines);
      assertEquals(0, launcher.exitValue(), output);
      assertTrue(output.contains("[local] SIGTERM: stopping the source"), output);
      assertTrue(
          output.contains(
              "live stopped (SIGTERM): 11 trades published, 1 unusable venue frames to"
                  + " trades.producer.dlq"),
          output);

      List<String> checks = LauncherRuns.checksHeld(output, "live");
      assertTrue(
          LauncherRuns.check(checks, "every broker offset is in the lake exactly once")
              .contains("ok       every broker offset is in the lake exactly once     11 offsets"),
          String.join("\n", checks));
      assertTrue(
          LauncherRuns.check(checks, "every malformed record was dead-lettered")
              .contains(
                  "n/a      every malformed record was dead-lettered            venues'"
                      + " unusable frames go to trades.producer.dlq (1)"),
          String.join("\n", checks));
      assertEquals(
          List.of(
              "binance:BTC-USDT#7001 x1",
              "binance:BTC-USDT#7002 x1",
              "binance:BTC-USDT#7003 x1",
              "binance:BTC-USDT#7004 x1",
              "binance:ETH-USDT#501 x1",
              "binance:ETH-USDT#502 x1",
              "binance:ETH-USDT#503 x1",
              "okx:XRP-USDT#90001 x1",
              "okx:XRP-USDT#90002 x1",
              "okx:XRP-USDT#90003 x1",
              "okx:XRP-USDT#90004 x1"),
          LauncherRuns.tradesInLake(work.resolve("lake")),
          "every trade the venues sent, once");
      assertEquals(List.of(), LauncherRuns.deadLettersInLake(work.resolve("lake")));

      LauncherRuns.assumeDbtRan(dbt);
      assertTrue(output.contains("ERROR=0"), "dbt build: " + output);
      assertTrue(output.contains("market (from the market_summary mart)"), output);
    }
  }

  /**
   * Once the source has stopped, a second SIGTERM aborts at once (exit 143, no checks) and takes
   * the pipeline child with it.
   */
  @Test
  void aSecondSigtermWhileDrainingAbortsAndLeavesNoPipelineRunning() throws Exception {
    try (TestWebSocketServer binance = new TestWebSocketServer()) {
      Process launcher =
          start(
              List.of(
                  "--source",
                  "live",
                  "--venues",
                  "binance:BTC-USDT",
                  "--ws-url",
                  "binance=" + binance.baseUrl(),
                  "--work-dir",
                  dir.resolve("abort").toString(),
                  "--skip-dbt"));
      Output followed = follow(launcher);
      List<ProcessHandle> pipeline;
      try {
        binance.awaitClient(Duration.ofMinutes(2));
        pipeline = launcher.descendants().toList();
        assertTrue(!pipeline.isEmpty(), "the pipeline child runs");
        assertTrue(launcher.toHandle().destroy(), "first SIGTERM sent");
        awaitLine(
            followed.lines(), "[local] waiting for the pipeline to drain", Duration.ofMinutes(1));
        assertTrue(launcher.toHandle().destroy(), "second SIGTERM sent");
        assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher did not abort");
      } finally {
        killAll(launcher);
      }
      followed.reader().join(10_000);
      String output = String.join("\n", followed.lines());
      assertEquals(143, launcher.exitValue(), output);
      assertTrue(output.contains("[local] SIGTERM while stopping: aborting"), output);
      assertTrue(!output.contains("checks ("), "no checks after an abort: " + output);
      for (ProcessHandle p : pipeline) {
        p.onExit().get(30, TimeUnit.SECONDS);
        assertTrue(!p.isAlive(), "left running: " + p.info());
      }
    }
  }
}
