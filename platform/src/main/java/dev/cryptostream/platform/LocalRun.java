package dev.cryptostream.platform;

import dev.cryptostream.contracts.TradeTopics;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.kafka.clients.admin.Admin;

/**
 * The main local job: embedded Kafka → a source (the simulator, live exchange connectors or a
 * replayed file) → the Beam pipeline (its bundled jar, as a child process) → Parquet lake → checks
 * → dbt on DuckDB, with progress lines and a summary. Every run starts from a fresh work directory,
 * so a second run needs no cleaning. Flags: {@link LocalRunCommand}.
 */
public final class LocalRun {
  /** Runners the bundled pipeline jar contains today, with the flags a local run gives each. */
  static final Map<String, List<String>> BUNDLED_RUNNERS =
      Map.of(
          "DirectRunner",
          List.of(),
          // An embedded Flink cluster (one slot per subtask); checkpoints (and offset commits)
          // every 10 s; object reuse is safe: ObjectReuseSafetyTest runs the graph with mutation
          // detection. (Not --fasterCopy: state values change in place, see FlinkJobSetup.)
          "FlinkRunner",
          List.of(
              "--flinkMaster=[local]",
              "--parallelism=" + localFlinkParallelism(Runtime.getRuntime().availableProcessors()),
              "--checkpointingInterval=10000",
              "--objectReuse=true"));

  /**
   * Subtasks per Flink operator for a machine with {@code cores} cores: one per two cores. Each
   * subtask of each of the job's ~20 operators is a thread of its own, and every shuffle between
   * them is serialized whatever the parallelism; on the two-core machine parallelism 1 drained a
   * 300,000-record backlog faster than 2 in both orders (see docs/measurements.md). Larger machines
   * were not measured.
   */
  static int localFlinkParallelism(int cores) {
    return Math.max(1, cores / 2);
  }

  /**
   * Once the source has stopped (the drain signal file exists, after its producers flushed), how
   * long every partition must be silent after it has read to its end before the pipeline drains:
   * nothing more can come, so no wait (the end offsets are looked up after the signal).
   */
  static final Duration DRAIN_WHEN_IDLE_FOR = Duration.ZERO;

  /** A pipeline whose counters have not moved for this long is taken as stuck. */
  static final Duration STALLED_AFTER = Duration.ofMinutes(5);

  private final PrintStream out;

  LocalRun(PrintStream out) {
    this.out = out;
  }

  /** A validated run: where records come from, which runner, where everything goes. */
  record Config(RunSource source, String runner, Path workDir, boolean skipDbt, Path repoRoot) {
    Path pipelineJar() {
      return PipelineProcess.bundledJar(repoRoot);
    }
  }

  public static void main(String[] args) {
    StopRequest stop = new StopRequest();
    StopSignals.install(stop, System.out);
    System.exit(execute(args, System.out, System.err, stop));
  }

  /** Parses the flags and runs; returns the exit code (0 ok, 1 failed, 2 bad flags). */
  static int execute(String[] args, PrintStream out, PrintStream err, StopRequest stop) {
    return LocalRunCommand.commandLine(new LocalRunCommand(out, stop), out, err).execute(args);
  }

  int run(Config c, StopRequest stop) throws Exception {
    Instant started = Instant.now();
    Console console = new Console(out, started);
    RunSource source = c.source();
    Path kafkaDir = c.workDir().resolve("kafka");
    Path lake = c.workDir().resolve("lake");
    Path warehouse = c.workDir().resolve("warehouse.duckdb");
    Path sourceStopped = c.workDir().resolve("source-stopped");
    for (Path p :
        List.of(
            kafkaDir,
            lake,
            warehouse,
            c.workDir().resolve("warehouse.duckdb.wal"),
            c.workDir().resolve("checkpoints"),
            sourceStopped)) {
      EmbeddedKafkaBroker.deleteDataDir(p);
    }
    Files.createDirectories(c.workDir());
    console.say("work dir %s (fresh)", c.workDir());

    List<EmbeddedKafkaBroker.TopicSpec> topics = new ArrayList<>();
    topics.add(
        new EmbeddedKafkaBroker.TopicSpec(TradeTopics.TRADES_V1, TradeTopics.DEFAULT_PARTITIONS));
    source.extraTopics().forEach(t -> topics.add(new EmbeddedKafkaBroker.TopicSpec(t, 1)));
    try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(kafkaDir, 0, topics)) {
      console.say(
          "kafka ready at %s (topic %s, %d partitions) after %.1f s",
          broker.bootstrapServers(),
          TradeTopics.TRADES_V1,
          TradeTopics.DEFAULT_PARTITIONS,
          Console.secondsSince(started));

      List<String> pipelineArgs = new ArrayList<>(BUNDLED_RUNNERS.get(c.runner()));
      pipelineArgs.addAll(
          List.of(
              "--runner=" + c.runner(),
              "--bootstrapServers=" + broker.bootstrapServers(),
              "--inputTopics=" + TradeTopics.TRADES_V1,
              "--consumerGroup=local-run",
              "--startPosition=earliest",
              "--lakePath=" + lake,
              "--lakeFlushInterval=PT5S",
              // Catch-up mode only once the source has stopped: a quiet live feed, or a slow
              // simulator's gaps, never look like the end of the stream.
              "--drainWhenIdleFor=" + DRAIN_WHEN_IDLE_FOR,
              "--drainSignalFile=" + sourceStopped,
              "--progressIntervalSeconds=5"));
      if (c.runner().equals("FlinkRunner")) {
        pipelineArgs.add("--checkpointDir=" + c.workDir().resolve("checkpoints"));
      }
      pipelineArgs.addAll(source.pipelineArgs());
      Instant pipelineStart = Instant.now();
      try (PipelineProcess pipeline =
          PipelineProcess.startDeafToInterrupts(
              c.pipelineJar(),
              pipelineArgs,
              c.workDir().resolve("pipeline.log"),
              "3g",
              p -> progress(console, source.publishedSoFar(), p))) {
        console.say(
            "pipeline started on %s (log: %s)", c.runner(), c.workDir().resolve("pipeline.log"));

        RunSource.Outcome outcome;
        try {
          outcome = source.run(broker.bootstrapServers(), stop, console);
        } finally {
          stop.request(source.name() + " finished");
          Files.createFile(sourceStopped);
        }
        outcome.report().forEach(line -> console.say("%s", line));
        console.say("waiting for the pipeline to drain");

        OptionalInt exit = awaitEnd(pipeline);
        if (exit.isEmpty()) {
          console.say(
              "pipeline made no progress for %s; stopping it (see %s)",
              STALLED_AFTER, c.workDir().resolve("pipeline.log"));
          return 1;
        }
        Map<String, String> fin = pipeline.finalCounters();
        if (exit.getAsInt() != 0 || fin == null) {
          console.say(
              "pipeline failed with exit code %d (see %s)",
              exit.getAsInt(), c.workDir().resolve("pipeline.log"));
          return 1;
        }
        console.say(
            "pipeline finished in %.0f s: %s",
            Console.secondsSince(pipelineStart), fin.get("state"));
        if (source.hasIngestLatency()) {
          console.say(
              "ingest latency (processing time - trade time): mean %s ms, max %s ms (late trades included)",
              fin.getOrDefault("ingest_latency_ms_mean", "?"),
              fin.getOrDefault("ingest_latency_ms_max", "?"));
        } else {
          console.say(
              "ingest latency: not measured for a %s (its trade times are the recording's)",
              source.name());
        }

        Map<Integer, Long> ends;
        try (Admin admin = broker.admin()) {
          ends =
              LakeOffsets.endOffsets(admin, TradeTopics.TRADES_V1, TradeTopics.DEFAULT_PARTITIONS);
        }
        List<RunCheck> checks = new ArrayList<>();
        try (Warehouse w = Warehouse.inMemory()) {
          printLakeLatency(console, w, lake, source);
          checks.addAll(
              RunChecks.pipeline(
                  outcome.published(),
                  ends,
                  fin,
                  LakeOffsets.check(w, lake, TradeTopics.TRADES_V1, ends)));
        }
        checks.addAll(outcome.checks(fin));
        boolean consistent = RunChecks.print(console, source.name(), checks);
        if (outcome.problem() != null) {
          console.say("%s: %s", source.name(), outcome.problem());
          consistent = false;
        }

        if (c.skipDbt()) {
          console.say("dbt skipped; lake at %s", lake);
          return consistent ? 0 : 1;
        }
        DbtRunner dbt = DbtRunner.forRepo(c.repoRoot());
        Instant dbtStart = Instant.now();
        DbtRunner.Result built =
            dbt.run(List.of("build"), lake, warehouse, c.workDir().resolve("dbt.log"));
        console.say(
            "dbt build on DuckDB (%.0f s): %s",
            Console.secondsSince(dbtStart), built.summaryLine());
        if (!built.ok()) {
          console.say("dbt build failed (see %s)", built.log());
          return 1;
        }
        printSummary(warehouse, fin, lake);
        console.say("done in %.0f s", Console.secondsSince(started));
        return consistent ? 0 : 1;
      }
    }
  }

  /**
   * Waits for the pipeline to end for as long as its counters keep moving; empty once they have
   * stood still for {@link #STALLED_AFTER} (a live run's backlog can take a while to drain).
   */
  private static OptionalInt awaitEnd(PipelineProcess pipeline) throws InterruptedException {
    Map<String, String> seen = null;
    Instant movedAt = Instant.now();
    while (true) {
      OptionalInt exit = pipeline.waitFor(Duration.ofSeconds(10));
      if (exit.isPresent()) {
        return exit;
      }
      Map<String, String> now = pipeline.latestProgress();
      if (!now.equals(seen)) {
        seen = now;
        movedAt = Instant.now();
      } else if (Duration.between(movedAt, Instant.now()).compareTo(STALLED_AFTER) > 0) {
        return OptionalInt.empty();
      }
    }
  }

  private static void progress(Console console, long produced, Map<String, String> p) {
    if (!"progress".equals(p.get("line"))) {
      return;
    }
    long lakeRows = 0;
    for (Map.Entry<String, String> e : p.entrySet()) {
      if (e.getKey().startsWith("lake_rows_")) {
        lakeRows += Long.parseLong(e.getValue());
      }
    }
    console.say(
        "t=%3.0fs produced=%d read=%s valid=%s dead_letters=%s duplicates=%s candles=%s alerts=%s lake_rows=%d",
        console.elapsedSeconds(),
        produced,
        p.getOrDefault("records_read", "0"),
        p.getOrDefault("trades_valid", "0"),
        p.getOrDefault("dead_letters", "0"),
        p.getOrDefault("duplicates", "0"),
        p.getOrDefault("candles_emitted", "0"),
        p.getOrDefault("price_alerts", "0"),
        lakeRows);
  }

  private void printSummary(Path warehouse, Map<String, String> fin, Path lake) throws Exception {
    out.println();
    out.println("market (from the market_summary mart)");
    out.printf(
        "  %-10s %-10s %16s %9s %18s %8s%n",
        "exchange", "symbol", "last price", "change", "volume", "trades");
    try (Warehouse w = Warehouse.openReadOnly(warehouse)) {
      for (Map<String, Object> r :
          w.query("select * from market_summary order by exchange, symbol")) {
        out.printf(
            "  %-10s %-10s %16s %8s%% %18s %8s%n",
            r.get("exchange"),
            r.get("symbol"),
            plain(r.get("last_price")),
            plain(scale(r.get("price_change_pct"), 3)),
            plain(scale(r.get("volume"), 6)),
            r.get("trade_count"));
      }
    }
    out.println();
    out.println("dead letters by reason (pipeline counters)");
    fin.forEach(
        (k, v) -> {
          if (k.startsWith("dead_letters_")) {
            out.printf("  %-28s %s%n", k.substring("dead_letters_".length()), v);
          }
        });
    out.println();
    out.println("lake:      " + lake);
    out.println("warehouse: " + warehouse);
    out.println(
        "dashboard: dashboard/run.sh --duckdb " + warehouse + "   then open http://localhost:8501");
    out.println("try:       LAKE_PATH=" + lake + " DUCKDB_PATH=" + warehouse + " \\");
    out.println(
        "             dbt/.venv/bin/dbt show --project-dir dbt --profiles-dir dbt --target local \\");
    out.println(
        "             --inline \"select * from {{ ref('fct_candles_1m') }} order by window_start desc\"");
    out.println();
  }

  private static Object scale(Object v, int digits) {
    if (v instanceof BigDecimal b) {
      return b.setScale(digits, RoundingMode.HALF_EVEN);
    }
    if (v instanceof Number n) {
      return BigDecimal.valueOf(n.doubleValue()).setScale(digits, RoundingMode.HALF_EVEN);
    }
    return v;
  }

  private static String plain(Object v) {
    if (v instanceof BigDecimal b) {
      return b.stripTrailingZeros().toPlainString();
    }
    return String.valueOf(v);
  }

  /** Trades counted for the lake latency start this long after the first trade was read. */
  static final Duration LATENCY_WARMUP = Duration.ofSeconds(10);

  private static void printLakeLatency(Console console, Warehouse w, Path lake, RunSource source)
      throws SQLException {
    Optional<LakeLatency.Summary> latency = LakeLatency.of(w, lake, LATENCY_WARMUP);
    if (latency.isEmpty()) {
      console.say(
          "lake latency: no trades read from %d s after the first", LATENCY_WARMUP.toSeconds());
      return;
    }
    LakeLatency.Summary l = latency.get();
    console.say(
        "lake latency over %d trades (read from %d s after the first), Parquet file written -",
        l.sinceRead().rows(), LATENCY_WARMUP.toSeconds());
    console.say("  read by the pipeline: %s", l.sinceRead().describe());
    if (source.hasIngestLatency()) {
      console.say("  trade time: %s (late trades included)", l.sinceTradeTime().describe());
    }
  }
}
