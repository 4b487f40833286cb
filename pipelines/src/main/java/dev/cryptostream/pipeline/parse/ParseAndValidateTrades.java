package dev.cryptostream.pipeline.parse;

import dev.cryptostream.pipeline.metrics.BundleCounts;
import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.DeadLetterCoder;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Parses raw Kafka records into trades and applies the business rules. Every record ends up in
 * exactly one of {@link #TRADES} or {@link #DEAD_LETTERS}; an unexpected exception becomes a dead
 * letter with its stack trace, never a pipeline failure.
 *
 * <p>Parsing and validation share one step so that a rejected record still has its original payload
 * at hand for the dead letter. Each accepted trade is re-stamped with its trade time, which drives
 * all event-time windowing downstream.
 */
public class ParseAndValidateTrades
    extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final TupleTag<Trade> TRADES = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final String STAGE_PARSE = "parse";
  public static final String STAGE_VALIDATE = "validate";

  private final TradeValidator validator;
  private final NowMicros clock;

  /** Processing-time clock, replaceable in tests. */
  @FunctionalInterface
  public interface NowMicros extends java.io.Serializable {
    long now();
  }

  public ParseAndValidateTrades(TradeValidator validator) {
    this(validator, Micros::now);
  }

  public ParseAndValidateTrades(TradeValidator validator, NowMicros clock) {
    this.validator = validator;
    this.clock = clock;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> input) {
    PCollectionTuple out =
        input.apply(
            "ParseAndValidate",
            ParDo.of(new ParseFn(validator, clock))
                .withOutputTags(TRADES, TupleTagList.of(DEAD_LETTERS)));
    out.get(TRADES).setCoder(TradeCoder.of());
    out.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return out;
  }

  static class ParseFn extends DoFn<SourceRecord, Trade> {
    private final BundleCounts counts = new BundleCounts();
    private final BundleCounts.Count read = counts.counter(PipelineMetrics.RECORDS_READ);
    private final BundleCounts.Count parsed = counts.counter(PipelineMetrics.TRADES_PARSED);
    private final BundleCounts.Count valid = counts.counter(PipelineMetrics.TRADES_VALID);
    private final BundleCounts.Values latency =
        counts.distribution(
            Metrics.distribution(PipelineMetrics.NAMESPACE, PipelineMetrics.INGEST_LATENCY_MS));
    private final TradeValidator validator;
    private final NowMicros clock;
    private transient TradeJsonParser parser;

    ParseFn(TradeValidator validator, NowMicros clock) {
      this.validator = validator;
      this.clock = clock;
    }

    @Setup
    public void setup() {
      parser = new TradeJsonParser();
    }

    @FinishBundle
    public void finishBundle() {
      counts.flush();
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      read.inc();
      long now = clock.now();
      TradeJsonParser.Result result;
      try {
        result = parser.parse(record, now);
      } catch (RuntimeException e) {
        reject(
            out,
            record,
            RejectReason.MALFORMED_JSON,
            "unexpected parser failure: " + e,
            STAGE_PARSE,
            now,
            e);
        return;
      }
      if (!result.isOk()) {
        Rejection r = result.rejection();
        reject(out, record, r.reason(), r.message(), STAGE_PARSE, now, null);
        return;
      }
      parsed.inc();
      Trade trade = result.trade();
      Rejection invalid = validator.check(trade, now);
      if (invalid != null) {
        reject(out, record, invalid.reason(), invalid.message(), STAGE_VALIDATE, now, null);
        return;
      }
      valid.inc();
      latency.update((now - trade.tradeTimeMicros()) / 1_000L);
      out.get(TRADES).outputWithTimestamp(trade, Micros.toJoda(trade.tradeTimeMicros()));
    }

    private static void reject(
        MultiOutputReceiver out,
        SourceRecord record,
        RejectReason reason,
        String message,
        String stage,
        long now,
        Throwable cause) {
      PipelineMetrics.countDeadLetter(reason);
      out.get(DEAD_LETTERS).output(DeadLetter.of(record, reason, message, stage, now, cause));
    }

    /**
     * Kafka hands records over stamped with their record time, which producers set to the trade
     * time in milliseconds, so re-stamping normally moves a record forward by under a millisecond.
     * A payload time earlier than the record time (a foreign producer, a clock fix) must still be
     * windowed by its own trade time: it is then late data, and the windowing's allowed lateness
     * decides its fate.
     */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
