package dev.cryptostream.pipeline;

import dev.cryptostream.pipeline.candles.BuildCandles;
import dev.cryptostream.pipeline.dedup.DeduplicateTrades;
import dev.cryptostream.pipeline.kafka.KafkaPreflight;
import dev.cryptostream.pipeline.kafka.ReadKafkaRecords;
import dev.cryptostream.pipeline.lake.LakeTables;
import dev.cryptostream.pipeline.lake.WriteLakeTable;
import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.options.OptionValues;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import dev.cryptostream.pipeline.parse.ParseAndValidateTrades;
import dev.cryptostream.pipeline.parse.TradeValidator;
import java.time.ZoneOffset;
import java.util.Map;
import java.time.format.DateTimeFormatter;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.transforms.PTransform;
import org.joda.time.Duration;

/**
 * The graph: Kafka → parse and validate (→ dead letters) → de-duplicate → candles, with raw
 * trades, candles and dead letters written to the lake. Every stage is a named transform with its
 * own tests; this class only wires them.
 */
public final class TradePipeline {
  private TradePipeline() {}

  /** The three streams the pipeline produces, before any sink. */
  public record Outputs(
      PCollection<Trade> validTrades, PCollection<Candle> candles, PCollection<DeadLetter> deadLetters) {}

  /** Builds the whole pipeline from options, reading from Kafka and writing to the lake. */
  public static void build(Pipeline p, TradePipelineOptions o) {
    ReadKafkaRecords.Settings kafka = ReadKafkaRecords.Settings.fromOptions(o);
    KafkaPreflight.check(kafka.bootstrapServers(), kafka.topics(), kafka.security().clientConfig(Map.of()), 30);
    Outputs out = process(p.begin(), new ReadKafkaRecords(kafka), o);
    writeToLake(out, o);
  }

  /** Everything between the source and the sinks; tests feed it from TestStream. */
  public static Outputs process(
      PBegin begin, PTransform<PBegin, PCollection<SourceRecord>> source, TradePipelineOptions o) {
    TradeValidator validator = TradeValidator.fromOptions(o);
    BuildCandles.Settings windows = BuildCandles.Settings.fromOptions(o);
    Duration dedupHorizon = OptionValues.jodaDuration("dedupHorizon", o.getDedupHorizon());

    PCollectionTuple parsed =
        begin.apply("ReadRecords", source).apply("ParseAndValidate", new ParseAndValidateTrades(validator));
    PCollection<Trade> valid = parsed.get(ParseAndValidateTrades.TRADES);
    PCollection<Candle> candles =
        valid
            .apply("Deduplicate", new DeduplicateTrades(dedupHorizon))
            .apply("BuildCandles", new BuildCandles(windows));
    return new Outputs(valid, candles, parsed.get(ParseAndValidateTrades.DEAD_LETTERS));
  }

  static void writeToLake(Outputs out, TradePipelineOptions o) {
    Duration flush = OptionValues.jodaDuration("lakeFlushInterval", o.getLakeFlushInterval());
    // Pane indices restart with every launch, so the start time is always part of the file names:
    // a relaunch under the same --lakeRunId must not overwrite the files of the previous one.
    String runId = o.getLakeRunId() != null ? o.getLakeRunId() + "-" + defaultRunId() : defaultRunId();
    int shards = o.getLakeShards();
    out.validTrades()
        .apply("WriteTrades", new WriteLakeTable<>(LakeTables.TRADES, o.getLakePath(), flush, shards, runId));
    out.candles()
        .apply("WriteCandles", new WriteLakeTable<>(LakeTables.CANDLES_1M, o.getLakePath(), flush, shards, runId));
    out.deadLetters()
        .apply(
            "WriteDeadLetters",
            new WriteLakeTable<>(LakeTables.DEAD_LETTERS, o.getLakePath(), flush, shards, runId));
  }

  private static String defaultRunId() {
    return DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC)
        .format(java.time.Instant.now());
  }
}
