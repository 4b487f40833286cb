package dev.cryptostream.pipeline.prices;

import dev.cryptostream.pipeline.metrics.PipelineMetrics;
import dev.cryptostream.pipeline.model.CoinPriceSnapshot;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.DeadLetterCoder;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.parse.ParseAndValidateTrades.NowMicros;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;
import org.joda.time.Duration;

/**
 * Parses CoinGecko price snapshots read from Kafka. Every record ends up in exactly one of {@link
 * #SNAPSHOTS} or {@link #DEAD_LETTERS} (same dead-letter shape as trades, stage {@value #STAGE});
 * snapshots are stamped with their last_updated_at. Totals are counted apart from trades ({@code
 * price_records_read}, {@code price_dead_letters}) so the trade accounting (read = valid + dead
 * letters) stays exact; the per-reason counters are shared.
 */
public class ParsePriceSnapshots extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  public static final TupleTag<CoinPriceSnapshot> SNAPSHOTS = new TupleTag<>() {};
  public static final TupleTag<DeadLetter> DEAD_LETTERS = new TupleTag<>() {};
  public static final String STAGE = "parse-price";

  private final NowMicros clock;

  public ParsePriceSnapshots() {
    this(Micros::now);
  }

  public ParsePriceSnapshots(NowMicros clock) {
    this.clock = clock;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> input) {
    PCollectionTuple out =
        input.apply(
            "ParsePriceSnapshots",
            ParDo.of(new ParseFn(clock)).withOutputTags(SNAPSHOTS, TupleTagList.of(DEAD_LETTERS)));
    out.get(SNAPSHOTS).setCoder(SerializableCoder.of(CoinPriceSnapshot.class));
    out.get(DEAD_LETTERS).setCoder(DeadLetterCoder.of());
    return out;
  }

  static class ParseFn extends DoFn<SourceRecord, CoinPriceSnapshot> {
    private final Counter read = PipelineMetrics.counter(PipelineMetrics.PRICE_RECORDS_READ);
    private final Counter valid = PipelineMetrics.counter(PipelineMetrics.PRICE_SNAPSHOTS_VALID);
    private final NowMicros clock;
    private transient PriceSnapshotParser parser;

    ParseFn(NowMicros clock) {
      this.clock = clock;
    }

    @Setup
    public void setup() {
      parser = new PriceSnapshotParser();
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      read.inc();
      long now = clock.now();
      PriceSnapshotParser.Result result;
      try {
        result = parser.parse(record, now);
      } catch (RuntimeException e) {
        reject(out, record, RejectReason.MALFORMED_JSON, "unexpected parser failure: " + e, now, e);
        return;
      }
      if (!result.isOk()) {
        reject(out, record, result.rejection().reason(), result.rejection().message(), now, null);
        return;
      }
      valid.inc();
      CoinPriceSnapshot s = result.snapshot();
      out.get(SNAPSHOTS).outputWithTimestamp(s, Micros.toJoda(s.lastUpdatedAtMicros()));
    }

    private static void reject(
        MultiOutputReceiver out,
        SourceRecord record,
        RejectReason reason,
        String message,
        long now,
        Throwable cause) {
      PipelineMetrics.countPriceDeadLetter(reason);
      out.get(DEAD_LETTERS).output(DeadLetter.of(record, reason, message, STAGE, now, cause));
    }

    /** As for trades: the payload's time wins over the Kafka record time, in either direction. */
    @Override
    @SuppressWarnings("deprecation")
    public Duration getAllowedTimestampSkew() {
      return Duration.millis(Long.MAX_VALUE);
    }
  }
}
