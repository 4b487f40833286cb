package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.simulator.Instrument;
import dev.cryptostream.producers.simulator.SimulatedTradeClock;
import dev.cryptostream.producers.simulator.SimulationRun;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sink that keeps failing ends a Flink job within a bounded time, with its cause on one line and
 * a non-zero exit code: the lake sits on a 64 KiB tmpfs that fills up after a few files.
 */
class FailingSinkEndToEndTest {
  @TempDir Path dir;
  private EmbeddedKafkaBroker broker;
  private Path mounted;

  @AfterEach
  void cleanUp() throws Exception {
    if (mounted != null) {
      new ProcessBuilder("umount", mounted.toString())
          .inheritIO()
          .start()
          .waitFor(30, TimeUnit.SECONDS);
    }
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void aFullDiskEndsTheFlinkJobAfterItsRestartBudgetWithTheCause() throws Exception {
    Path lake = Files.createDirectories(dir.resolve("small-disk"));
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", lake.toString())
            .start();
    boolean mountedOk = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
    assumeTrue(mountedOk, "needs root to mount a small tmpfs (CI runs as root)");
    mounted = lake;

    broker =
        EmbeddedKafkaBroker.start(
            dir.resolve("kafka"),
            0,
            List.of(new EmbeddedKafkaBroker.TopicSpec(TradeTopics.TRADES_V1, 2)));
    Instant start = Instant.now().minus(20, ChronoUnit.MINUTES);
    TradeSimulator simulator =
        new TradeSimulator(
            Instrument.parseList("binance:BTC-USDT,coinbase:ETH-USD"),
            new TradeSimulator.Mix(0, 0, 0, Duration.ofSeconds(1)),
            3,
            new SimulatedTradeClock(start, 20, 3));
    try (KafkaRecordPublisher publisher =
        new KafkaRecordPublisher(broker.bootstrapServers(), TradeTopics.TRADES_V1)) {
      new SimulationRun(simulator, 0, Duration.ofMinutes(1), 20_000, null, Duration.ofMinutes(1))
          .runTo(publisher);
    }

    List<String> args =
        new ArrayList<>(
            List.of(
                "--runner=FlinkRunner",
                "--flinkMaster=[local]",
                "--parallelism=2",
                "--numberOfExecutionRetries=2",
                "--executionRetryDelay=1000",
                "--checkpointDir=" + dir.resolve("checkpoints"),
                "--bootstrapServers=" + broker.bootstrapServers(),
                "--consumerGroup=full-disk",
                "--lakePath=" + lake,
                "--lakeFlushInterval=PT1S",
                "--drainWhenIdleFor=PT30S",
                "--progressIntervalSeconds=1"));
    Path log = dir.resolve("pipeline.log");
    List<Map<String, String>> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    try (PipelineProcess pipeline =
        PipelineProcess.start(
            PipelineProcess.bundledJar(Path.of(System.getProperty("repo.root", ".."))),
            args,
            log,
            "1g",
            progress::add)) {
      OptionalInt exit = pipeline.waitFor(Duration.ofMinutes(4));
      assertTrue(
          exit.isPresent(), "the job did not end within 4 minutes on a full disk; log: " + log);
      assertEquals(1, exit.getAsInt(), "exit code; log: " + log);
      assertEquals(
          "FAILED",
          pipeline.finalCounters().get("state"),
          "final line: " + pipeline.finalCounters());
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
    List<String> errors =
        Files.readAllLines(log).stream().filter(l -> l.startsWith("error: ")).toList();
    assertEquals(1, errors.size(), "one error line: " + errors);
    assertTrue(
        errors
            .get(0)
            .matches(
                "error: the Flink job ended FAILED after 2 restarts: .*No space left on device.*"),
        errors.get(0));
    assertTrue(
        progress.stream().anyMatch(p -> p.containsKey("flink_state") && p.containsKey("restarts")),
        "progress lines show the job's state and restarts while it runs");
    System.out.println(
        "full disk: job ended FAILED after 2 restarts in " + seconds + " s: " + errors.get(0));
  }
}
