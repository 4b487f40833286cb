package dev.cryptostream.pipeline;

import dev.cryptostream.pipeline.alerts.DetectPriceDrops;
import dev.cryptostream.pipeline.bigquery.BigQueryTarget;
import dev.cryptostream.pipeline.bigquery.WriteBigQueryTable;
import dev.cryptostream.pipeline.candles.BuildCandles;
import dev.cryptostream.pipeline.dedup.DeduplicateTrades;
import dev.cryptostream.pipeline.kafka.KafkaPreflight;
import dev.cryptostream.pipeline.kafka.ReadKafkaRecords;
import dev.cryptostream.pipeline.lake.WriteLakeTable;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.CoinPriceSnapshot;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.BigQuerySinkOptions;
import dev.cryptostream.pipeline.options.OptionValues;
import dev.cryptostream.pipeline.options.SinkOptions;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import dev.cryptostream.pipeline.parse.ParseAndValidateTrades;
import dev.cryptostream.pipeline.parse.TradeValidator;
import dev.cryptostream.pipeline.prices.ParsePriceSnapshots;
import dev.cryptostream.pipeline.resume.LakeResume;
import dev.cryptostream.pipeline.resume.ResumeFilters;
import dev.cryptostream.pipeline.resume.ResumePlan;
import dev.cryptostream.pipeline.tables.OutputTable;
import dev.cryptostream.pipeline.tables.OutputTables;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.gcp.bigquery.BigQueryServices;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The graph: Kafka → parse and validate (→ dead letters) → de-duplicate → candles and price-drop
 * alerts, with raw trades, candles, alerts and dead letters written to the lake or BigQuery. Every
 * stage is a named transform with its own tests; this class only wires them.
 */
public final class TradePipeline {
  private TradePipeline() {}

  /** The three streams the pipeline produces, before any sink. */
  public record Outputs(
      PCollection<Trade> validTrades,
      PCollection<Candle> candles,
      PCollection<PriceAlert> alerts,
      PCollection<DeadLetter> deadLetters,
      @Nullable PCollection<CoinPriceSnapshot> priceSnapshots) {

    public Outputs(
        PCollection<Trade> validTrades,
        PCollection<Candle> candles,
        PCollection<PriceAlert> alerts,
        PCollection<DeadLetter> deadLetters) {
      this(validTrades, candles, alerts, deadLetters, null);
    }

    /** These outputs plus parsed price snapshots; their dead letters join the others. */
    public Outputs withPrices(PCollectionTuple parsedPrices) {
      PCollection<DeadLetter> allDeadLetters =
          PCollectionList.of(deadLetters)
              .and(parsedPrices.get(ParsePriceSnapshots.DEAD_LETTERS))
              .apply("TradeAndPriceDeadLetters", Flatten.pCollections());
      return new Outputs(
          validTrades,
          candles,
          alerts,
          allDeadLetters,
          parsedPrices.get(ParsePriceSnapshots.SNAPSHOTS));
    }
  }

  /** Builds the whole pipeline from options, reading from Kafka and writing to the chosen sink. */
  public static void build(Pipeline p, TradePipelineOptions o) {
    build(p, o, null);
  }

  /**
   * As {@link #build(Pipeline, TradePipelineOptions)}; tests pass Beam's fake BigQuery services to
   * exercise the production graph offline.
   */
  public static void build(
      Pipeline p, TradePipelineOptions o, @Nullable BigQueryServices bigQueryServices) {
    ReadKafkaRecords.Settings kafka = ReadKafkaRecords.Settings.fromOptions(o);
    // Sink settings are checked before Kafka is contacted: a typo fails fast and clearly.
    BigQueryTarget bigQuery =
        o.getSink() == SinkOptions.Sink.bigquery
            ? BigQueryTarget.fromOptions(o, bigQueryServices)
            : null;
    List<String> priceTopics = OptionValues.list(o.getPriceTopics());
    if (o.getKafkaPreflight()) {
      List<String> allTopics = new ArrayList<>(kafka.topics());
      allTopics.addAll(priceTopics);
      KafkaPreflight.check(
          kafka.bootstrapServers(), allTopics, kafka.security().clientConfig(Map.of()), 30);
    }
    List<String> allTopics = new ArrayList<>(kafka.topics());
    allTopics.addAll(priceTopics);
    // On the DirectRunner the lake is the only durable state: start from what it holds, and
    // commit nothing while running (see LakeResume).
    ResumePlan resume = LakeResume.prepare(o, kafka, allTopics, System.out);
    Outputs out = process(p.begin(), reader(kafka, resume), o);
    if (!priceTopics.isEmpty()) {
      out =
          out.withPrices(
              p.begin()
                  .apply("ReadPriceRecords", reader(kafka.withTopics(priceTopics), resume))
                  .apply("ParsePriceSnapshots", new ParsePriceSnapshots()));
    }
    if (bigQuery != null) {
      writeToBigQuery(out, o, bigQuery);
    } else {
      writeToLake(resume == null ? out : ResumeFilters.apply(out, resume), o);
    }
  }

  private static ReadKafkaRecords reader(
      ReadKafkaRecords.Settings settings, @Nullable ResumePlan resume) {
    ReadKafkaRecords read = new ReadKafkaRecords(settings);
    return resume == null ? read : read.withoutOffsetCommits();
  }

  /** Everything between the source and the sinks; tests feed it from TestStream. */
  public static Outputs process(
      PBegin begin, PTransform<PBegin, PCollection<SourceRecord>> source, TradePipelineOptions o) {
    TradeValidator validator = TradeValidator.fromOptions(o);
    BuildCandles.Settings windows = BuildCandles.Settings.fromOptions(o);
    // A copy must not reach a candle that can still change: the horizon covers at least a candle
    // plus its allowed lateness (ids are remembered one to two horizons past their trade time).
    Duration dedupHorizon =
        max(
            OptionValues.jodaDuration("dedupHorizon", o.getDedupHorizon()),
            windows.candleSize().plus(windows.allowedLateness()));

    PCollectionTuple parsed =
        begin
            .apply("ReadRecords", source)
            .apply("ParseAndValidate", new ParseAndValidateTrades(validator));
    PCollection<Trade> valid = parsed.get(ParseAndValidateTrades.TRADES);
    PCollection<Trade> unique = valid.apply("Deduplicate", new DeduplicateTrades(dedupHorizon));
    PCollection<Candle> candles = unique.apply("BuildCandles", new BuildCandles(windows));
    PCollection<PriceAlert> alerts =
        unique.apply(
            "DetectPriceDrops", new DetectPriceDrops(DetectPriceDrops.Settings.fromOptions(o)));
    return new Outputs(valid, candles, alerts, parsed.get(ParseAndValidateTrades.DEAD_LETTERS));
  }

  private static Duration max(Duration a, Duration b) {
    return a.isLongerThan(b) ? a : b;
  }

  /** How one sink writes one table; what it cannot write comes back as dead letters. */
  interface TableWriter {
    <T> PTransform<PCollection<T>, PCollection<DeadLetter>> to(OutputTable<T> table);
  }

  /** Writes the lake tables (see {@link #writeAll}). */
  static void writeToLake(Outputs out, TradePipelineOptions o) {
    Duration flush = OptionValues.jodaDuration("lakeFlushInterval", o.getLakeFlushInterval());
    // Pane indices restart with every launch, so the start time is always part of the file names:
    // a relaunch under the same --lakeRunId must not overwrite the files of the previous one.
    String runId =
        o.getLakeRunId() != null ? o.getLakeRunId() + "-" + defaultRunId() : defaultRunId();
    writeAll(
        out,
        "Write",
        new TableWriter() {
          @Override
          public <T> PTransform<PCollection<T>, PCollection<DeadLetter>> to(OutputTable<T> table) {
            return new WriteLakeTable<>(table, o.getLakePath(), flush, o.getLakeShards(), runId);
          }
        });
  }

  /** Writes the BigQuery tables (see {@link #writeAll}), named by the options. */
  public static void writeToBigQuery(Outputs out, BigQuerySinkOptions o, BigQueryTarget target) {
    Map<String, String> names =
        Map.of(
            OutputTables.TRADES.name(), o.getBigQueryTradesTable(),
            OutputTables.CANDLES_1M.name(), o.getBigQueryCandlesTable(),
            OutputTables.PRICE_ALERTS.name(), o.getBigQueryAlertsTable(),
            OutputTables.PRICE_SNAPSHOTS.name(), o.getBigQueryPriceSnapshotsTable(),
            OutputTables.DEAD_LETTERS.name(), o.getBigQueryDeadLettersTable());
    writeAll(
        out,
        "BigQuery",
        new TableWriter() {
          @Override
          public <T> PTransform<PCollection<T>, PCollection<DeadLetter>> to(OutputTable<T> table) {
            return new WriteBigQueryTable<>(table, names.get(table.name()), target);
          }
        });
  }

  /**
   * Writes every output to its table. Rows a table refuses join the parse and validation dead
   * letters in dead_letters; dead letters that table itself refuses are logged and counted.
   */
  static void writeAll(Outputs out, String prefix, TableWriter sink) {
    PCollectionList<DeadLetter> deadLetters =
        PCollectionList.of(out.deadLetters())
            .and(out.validTrades().apply(prefix + "Trades", sink.to(OutputTables.TRADES)))
            .and(out.candles().apply(prefix + "Candles", sink.to(OutputTables.CANDLES_1M)))
            .and(out.alerts().apply(prefix + "Alerts", sink.to(OutputTables.PRICE_ALERTS)));
    if (out.priceSnapshots() != null) {
      deadLetters =
          deadLetters.and(
              out.priceSnapshots()
                  .apply(prefix + "PriceSnapshots", sink.to(OutputTables.PRICE_SNAPSHOTS)));
    }
    deadLetters
        .apply(prefix + "AllDeadLetters", Flatten.pCollections())
        .apply(prefix + "DeadLetters", sink.to(OutputTables.DEAD_LETTERS))
        .apply(prefix + "UnwritableDeadLetters", ParDo.of(new LogUnwritableFn()));
  }

  /** The end of the line: a dead letter the dead_letters table refused. */
  static class LogUnwritableFn extends DoFn<DeadLetter, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(LogUnwritableFn.class);
    private final Counter lost = PipelineMetrics.counter(PipelineMetrics.DEAD_LETTERS_LOST);

    @ProcessElement
    public void process(@Element DeadLetter d) {
      lost.inc();
      LOG.error(
          "dead_letters refused a dead letter ({}, stage {}): {}",
          d.reasonCode(),
          d.stage(),
          d.message());
    }
  }

  private static String defaultRunId() {
    return DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC)
        .format(java.time.Instant.now());
  }
}
