package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * How the end-to-end tests run the real jars: the pipeline's bundled jar in catch-up mode (drains
 * once every partition is read and silent) and the producers' bundled CLI, each a child JVM.
 */
final class PipelineRuns {
  /**
   * The newest pane of each window (its final one): how many early panes fire is timing, not
   * semantics.
   */
  static final String FINAL_CANDLES_SQL =
      "select exchange, symbol, window_start, window_end, open, high, low, close, volume, quote_volume,"
          + " vwap, trade_count, taker_buy_volume, taker_sell_volume, first_trade_time, last_trade_time from %s"
          + " qualify row_number() over (partition by exchange, symbol, window_start order by pane_index desc) = 1"
          + " order by all";

  /**
   * JVM options of the child processes: they live for seconds, so optimising compilation (C2) and
   * parallel garbage collection cost more CPU than they save; on a 2-core machine that CPU is what
   * the runs wait for. Semantics are unchanged.
   */
  static final List<String> SHORT_LIVED_JVM =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private PipelineRuns() {}

  static Path repoRoot() {
    return Path.of(System.getProperty("repo.root", "..")).toAbsolutePath().normalize();
  }

  /**
   * Starts the bundled pipeline over {@code bootstrap} under its own consumer group and lake, in
   * catch-up mode; {@code extraArgs} come last and may override the defaults.
   */
  static PipelineProcess start(
      Path workDir,
      String bootstrap,
      List<String> runnerArgs,
      String group,
      Path lakeDir,
      String drainWhenIdleFor,
      List<String> extraArgs) {
    List<String> args = new ArrayList<>(runnerArgs);
    args.addAll(
        List.of(
            "--bootstrapServers=" + bootstrap,
            "--consumerGroup=" + group,
            "--lakePath=" + lakeDir,
            "--lakeRunId=" + group,
            "--lakeFlushInterval=PT2S",
            "--earlyFiringPeriod=PT0S",
            "--drainWhenIdleFor=" + drainWhenIdleFor,
            "--progressIntervalSeconds=2"));
    for (String extra : extraArgs) {
      // Beam refuses an option given twice: an extra one replaces the default.
      String name = extra.substring(0, extra.indexOf('=') + 1);
      args.removeIf(arg -> !name.isEmpty() && arg.startsWith(name));
      args.add(extra);
    }
    return PipelineProcess.start(
        PipelineProcess.bundledJar(repoRoot()),
        args,
        log(workDir, group),
        "1g",
        Map.of("JAVA_TOOL_OPTIONS", String.join(" ", SHORT_LIVED_JVM)),
        null);
  }

  /** Waits for a started pipeline to drain and end DONE; returns its final counters. */
  static Map<String, String> awaitDone(PipelineProcess pipeline, Path workDir, String group)
      throws InterruptedException {
    Path log = log(workDir, group);
    OptionalInt exit = pipeline.waitFor(Duration.ofMinutes(4));
    assertTrue(exit.isPresent(), group + " did not drain within 4 minutes; log: " + log);
    assertEquals(0, exit.getAsInt(), group + " exit code; log: " + log);
    assertNotNull(pipeline.finalCounters(), "no final line from " + group);
    return pipeline.finalCounters();
  }

  /** Runs the bundled jar over everything already on the topics until it drains. */
  static Map<String, String> run(
      Path workDir, String bootstrap, List<String> runnerArgs, String group, Path lakeDir)
      throws InterruptedException {
    try (PipelineProcess pipeline =
        start(workDir, bootstrap, runnerArgs, group, lakeDir, "PT3S", List.of())) {
      return awaitDone(pipeline, workDir, group);
    }
  }

  /**
   * Starts {@code producers replay FILE --speed SPEED} against {@code bootstrap}; output to a log.
   */
  static Process startReplay(
      Path workDir, String bootstrap, String topic, Path file, String speed, String name)
      throws java.io.IOException {
    Path jar = repoRoot().resolve("producers/target/producers-" + Version.PROJECT + "-bundled.jar");
    assertTrue(
        java.nio.file.Files.isRegularFile(jar),
        "producers jar missing: build it with `mvn -q package -DskipTests`");
    Path log = workDir.resolve(name + ".replay.log");
    List<String> command = new ArrayList<>(List.of(PipelineProcess.javaBinary(), "-Xmx256m"));
    command.addAll(SHORT_LIVED_JVM);
    command.addAll(
        List.of(
            "-jar",
            jar.toString(),
            "replay",
            file.toString(),
            "--speed",
            speed,
            "--bootstrap-servers",
            bootstrap,
            "--topic",
            topic));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private static Path log(Path workDir, String group) {
    return workDir.resolve(group + ".log");
  }
}
