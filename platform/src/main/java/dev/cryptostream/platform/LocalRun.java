package dev.cryptostream.platform;

import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.CliArgs;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.simulator.Instrument;
import dev.cryptostream.producers.simulator.SimulationRun;
import dev.cryptostream.producers.simulator.TradeSimulator;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The main local job: embedded Kafka → simulator → the Beam pipeline (its bundled jar, as a child
 * process) → Parquet lake → dbt on DuckDB, for a bounded time, with progress lines and a summary.
 * Every run starts from a fresh work directory, so a second run needs no cleaning.
 */
public final class LocalRun {
  static final String USAGE =
      """
      usage: local-run [flags]

        --duration D        how long the simulator produces: 90s, 2m, PT2M (default 2m)
        --rate N            simulated records per second (default 60)
        --symbols LIST      exchange:BASE-QUOTE,... (default %s)
        --runner NAME       DirectRunner (default) or FlinkRunner (an embedded Flink cluster with
                            checkpoints under the work dir; much faster here)
        --work-dir DIR      where Kafka data, the lake and the DuckDB file go (default .local-run)
        --seed N            simulator seed (default 7)
        --skip-dbt          stop after the pipeline (no dbt build, no marts summary)
      """;

  /** Runners the bundled pipeline jar contains today, with the flags a local run gives each. */
  static final Map<String, List<String>> BUNDLED_RUNNERS =
      Map.of(
          "DirectRunner",
          List.of(),
          // An embedded Flink cluster with two slots; checkpoints (and offset commits) every 10 s;
          // object reuse is safe: ObjectReuseSafetyTest runs the graph with mutation detection.
          // (Not --fasterCopy: state values change in place, see the pipeline's FlinkJobSetup.)
          "FlinkRunner",
          List.of(
              "--flinkMaster=[local]",
              "--parallelism=2",
              "--checkpointingInterval=10000",
              "--objectReuse=true"));

  private final PrintStream out;

  LocalRun(PrintStream out) {
    this.out = out;
  }

  /** Parsed flags. */
  record Config(
      Duration duration,
      double rate,
      List<Instrument> instruments,
      String runner,
      Path workDir,
      long seed,
      boolean skipDbt,
      Path repoRoot) {

    static Config parse(String[] args) {
      CliArgs a = CliArgs.parse(args, 0, Set.of("skip-dbt"));
      Config c =
          new Config(
              a.duration("duration", Duration.ofMinutes(2)),
              a.number("rate", 60),
              Instrument.parseList(a.string("symbols", ProducerCli.DEFAULT_SYMBOLS)),
              a.string("runner", "DirectRunner"),
              Path.of(a.string("work-dir", ".local-run")).toAbsolutePath(),
              a.integer("seed", 7),
              a.flag("skip-dbt"),
              Path.of(System.getProperty("repo.root", ".")).toAbsolutePath().normalize());
      a.rejectUnknown();
      if (c.duration.isZero() || c.duration.isNegative()) {
        throw new IllegalArgumentException("--duration must be positive");
      }
      if (c.rate <= 0) {
        throw new IllegalArgumentException("--rate must be positive");
      }
      if (!BUNDLED_RUNNERS.containsKey(c.runner)) {
        throw new IllegalArgumentException(
            "--runner "
                + c.runner
                + " is not in the bundled pipeline jar yet; available: "
                + BUNDLED_RUNNERS.keySet());
      }
      return c;
    }

    Path pipelineJar() {
      return PipelineProcess.bundledJar(repoRoot);
    }
  }

  public static void main(String[] args) {
    if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
      System.out.printf(USAGE, ProducerCli.DEFAULT_SYMBOLS);
      return;
    }
    int code;
    try {
      code = new LocalRun(System.out).run(Config.parse(args));
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      code = 2;
    } catch (Exception e) {
      System.err.println("error: " + e.getMessage());
      e.printStackTrace();
      code = 1;
    }
    System.exit(code);
  }

  int run(Config c) throws Exception {
    Instant started = Instant.now();
    Path kafkaDir = c.workDir().resolve("kafka");
    Path lake = c.workDir().resolve("lake");
    Path warehouse = c.workDir().resolve("warehouse.duckdb");
    for (Path p : List.of(kafkaDir, lake, warehouse, c.workDir().resolve("warehouse.duckdb.wal"))) {
      EmbeddedKafkaBroker.deleteDataDir(p);
    }
    Files.createDirectories(c.workDir());
    say("work dir %s (fresh)", c.workDir());

    try (EmbeddedKafkaBroker broker =
        EmbeddedKafkaBroker.start(
            kafkaDir,
            0,
            List.of(
                new EmbeddedKafkaBroker.TopicSpec(
                    TradeTopics.TRADES_V1, TradeTopics.DEFAULT_PARTITIONS)))) {
      say(
          "kafka ready at %s (topic %s, %d partitions) after %.1f s",
          broker.bootstrapServers(),
          TradeTopics.TRADES_V1,
          TradeTopics.DEFAULT_PARTITIONS,
          secondsSince(started));

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
              // Long enough that a slow simulator's gaps never look like the end of the stream.
              "--drainWhenIdleFor=PT" + Math.max(10, (long) Math.ceil(20 / c.rate())) + "S",
              "--progressIntervalSeconds=5"));
      if (c.runner().equals("FlinkRunner")) {
        pipelineArgs.add("--checkpointDir=" + c.workDir().resolve("checkpoints"));
      }
      AtomicLong produced = new AtomicLong();
      Instant pipelineStart = Instant.now();
      try (PipelineProcess pipeline =
          PipelineProcess.start(
              c.pipelineJar(),
              pipelineArgs,
              c.workDir().resolve("pipeline.log"),
              "3g",
              p -> progress(started, produced.get(), p))) {
        say("pipeline started on %s (log: %s)", c.runner(), c.workDir().resolve("pipeline.log"));

        TradeSimulator simulator =
            new TradeSimulator(
                c.instruments(),
                new TradeSimulator.Mix(0.01, 0.02, 0.005, Duration.ofMinutes(2)),
                c.seed(),
                Instant::now);
        SimulationRun.Result sim;
        try (KafkaRecordPublisher publisher =
            new KafkaRecordPublisher(broker.bootstrapServers(), TradeTopics.TRADES_V1)) {
          say(
              "simulator: %.0f records/s for %s over %d instruments",
              c.rate(), c.duration(), c.instruments().size());
          // Both runners report counters while they run, merged into one progress line.
          SimulationRun run =
              new SimulationRun(simulator, c.rate(), c.duration(), 0, null, Duration.ofSeconds(5));
          sim =
              run.run(
                  (key, value, ts) -> {
                    publisher.send(key, value, ts);
                    produced.incrementAndGet();
                  });
          publisher.flush();
          if (publisher.failed() > 0) {
            throw new IllegalStateException(
                publisher.failed()
                    + " records were not delivered to Kafka: "
                    + publisher.firstFailure());
          }
        }
        say(
            "simulator done: %d records %s; waiting for the pipeline to drain",
            sim.total(), sim.counts());

        OptionalInt exit = pipeline.waitFor(Duration.ofMinutes(5).plus(c.duration()));
        if (exit.isEmpty()) {
          say(
              "pipeline did not finish in time; stopping it (see %s)",
              c.workDir().resolve("pipeline.log"));
          return 1;
        }
        Map<String, String> fin = pipeline.finalCounters();
        if (exit.getAsInt() != 0 || fin == null) {
          say(
              "pipeline failed with exit code %d (see %s)",
              exit.getAsInt(), c.workDir().resolve("pipeline.log"));
          return 1;
        }
        say("pipeline finished in %.0f s: %s", secondsSince(pipelineStart), fin.get("state"));
        say(
            "ingest latency (processing time - trade time): mean %s ms, max %s ms (late trades included)",
            fin.getOrDefault("ingest_latency_ms_mean", "?"),
            fin.getOrDefault("ingest_latency_ms_max", "?"));
        boolean consistent = printChecks(sim, fin);

        if (c.skipDbt()) {
          say("dbt skipped; lake at %s", lake);
          return consistent ? 0 : 1;
        }
        DbtRunner dbt = DbtRunner.forRepo(c.repoRoot());
        Instant dbtStart = Instant.now();
        DbtRunner.Result built =
            dbt.run(List.of("build"), lake, warehouse, c.workDir().resolve("dbt.log"));
        say("dbt build on DuckDB (%.0f s): %s", secondsSince(dbtStart), built.summaryLine());
        if (!built.ok()) {
          say("dbt build failed (see %s)", built.log());
          return 1;
        }
        printSummary(warehouse, fin, lake, c);
        say("done in %.0f s", secondsSince(started));
        return consistent ? 0 : 1;
      }
    }
  }

  private void progress(Instant started, long produced, Map<String, String> p) {
    if (!"progress".equals(p.get("line"))) {
      return;
    }
    long lakeRows = 0;
    for (Map.Entry<String, String> e : p.entrySet()) {
      if (e.getKey().startsWith("lake_rows_")) {
        lakeRows += Long.parseLong(e.getValue());
      }
    }
    say(
        "t=%3.0fs produced=%d read=%s valid=%s dead_letters=%s duplicates=%s candles=%s alerts=%s lake_rows=%d",
        secondsSince(started),
        produced,
        p.getOrDefault("records_read", "0"),
        p.getOrDefault("trades_valid", "0"),
        p.getOrDefault("dead_letters", "0"),
        p.getOrDefault("duplicates", "0"),
        p.getOrDefault("candles_emitted", "0"),
        p.getOrDefault("price_alerts", "0"),
        lakeRows);
  }

  /** Compares what was produced with what the pipeline counted; every record is accounted for. */
  boolean printChecks(SimulationRun.Result sim, Map<String, String> fin) {
    long read = PipelineProcess.counter(fin, "records_read");
    long valid = PipelineProcess.counter(fin, "trades_valid");
    long dead = PipelineProcess.counter(fin, "dead_letters");
    long dups = PipelineProcess.counter(fin, "duplicates");
    long malformed = sim.count(TradeSimulator.Kind.MALFORMED);
    long duplicates = sim.count(TradeSimulator.Kind.DUPLICATE);
    List<String[]> checks = new ArrayList<>();
    checks.add(check("every produced record was read", sim.total(), read));
    checks.add(check("every malformed record was dead-lettered", malformed, dead));
    checks.add(check("every other record was a valid trade", sim.total() - malformed, valid));
    checks.add(check("every injected duplicate was dropped", duplicates, dups));
    checks.add(
        check(
            "every valid trade reached the lake",
            valid,
            PipelineProcess.counter(fin, "lake_rows_trades")));
    checks.add(
        check(
            "every dead letter reached the lake",
            dead,
            PipelineProcess.counter(fin, "lake_rows_dead_letters")));
    checks.add(
        check(
            "every price alert reached the lake",
            PipelineProcess.counter(fin, "price_alerts"),
            PipelineProcess.counter(fin, "lake_rows_price_alerts")));
    // The simulator's late trades stay within the allowed lateness, so every unique trade must be
    // in a final candle; the difference is what the pipeline reports as trades_beyond_lateness.
    checks.add(
        check(
            "every unique trade is in a final candle",
            PipelineProcess.counter(fin, "unique_trades"),
            PipelineProcess.counter(fin, "candle_trades_final")));
    boolean ok = true;
    out.println();
    out.println("checks");
    for (String[] row : checks) {
      out.printf("  %s %-42s %s%n", row[0], row[1], row[2]);
      ok &= row[0].equals("ok");
    }
    return ok;
  }

  private static String[] check(String what, long expected, long actual) {
    return new String[] {
      expected == actual ? "ok" : "MISMATCH",
      what,
      expected == actual ? Long.toString(actual) : "expected " + expected + ", got " + actual
    };
  }

  private void printSummary(Path warehouse, Map<String, String> fin, Path lake, Config c)
      throws Exception {
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

  private void say(String format, Object... args) {
    out.printf("[local] " + format + "%n", args);
    out.flush();
  }

  private static double secondsSince(Instant t) {
    return Duration.between(t, Instant.now()).toMillis() / 1000.0;
  }
}
