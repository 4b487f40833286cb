package dev.cryptostream.pipeline;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.time.Instant;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole graph between source and sinks, fed by a TestStream instead of Kafka. */
class TradePipelineTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static TimestampedValue<SourceRecord> rec(
      long offset, String id, String price, String time) {
    String json = Trades.json(Trades.event("BTC-USDT", id, price, "1", TakerSide.BUY, time));
    return TimestampedValue.of(Trades.record(offset, json), Trades.at(time));
  }

  @Test
  void validTradesDuplicatesAndBadRecordsEachGoTheirWay() {
    // Trades from "now" so that the default maximum age accepts them.
    String base =
        Instant.now()
            .minusSeconds(600)
            .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
            .toString();
    String plus10 = Instant.parse(base).plusSeconds(10).toString();
    String plus20 = Instant.parse(base).plusSeconds(20).toString();
    TestStream<SourceRecord> stream =
        TestStream.create(SerializableCoder.of(SourceRecord.class))
            .advanceWatermarkTo(Trades.at(base))
            .addElements(rec(0, "1", "100", base), rec(1, "2", "110", plus10))
            .addElements(rec(2, "2", "110", plus10)) // a replayed duplicate
            .addElements(TimestampedValue.of(Trades.record(3, "garbage"), Trades.at(plus20)))
            .addElements(rec(4, "3", "0", plus20)) // price zero
            .advanceWatermarkToInfinity();

    TradePipelineOptions options = PipelineOptionsFactory.as(TradePipelineOptions.class);
    options.setEarlyFiringPeriod("PT0S");
    TradePipeline.Outputs out =
        TradePipeline.process(beam.pipeline().begin(), new SourceStub(stream), options);

    PAssert.that(
            out.validTrades()
                .apply(
                    "ValidIds", MapElements.into(TypeDescriptors.strings()).via(t -> t.tradeId())))
        .containsInAnyOrder("1", "2", "2");
    PAssert.that(
            out.deadLetters()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings()).via(d -> d.reasonCode())))
        .containsInAnyOrder("MALFORMED_JSON", "NON_POSITIVE_PRICE");
    PAssert.that(
            out.candles()
                .apply(
                    "Candle",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            c ->
                                c.paneTiming()
                                    + " n="
                                    + c.tradeCount()
                                    + " o="
                                    + c.open().toPlainString()
                                    + " c="
                                    + c.close().toPlainString()
                                    + " v="
                                    + c.volume().toPlainString())))
        .containsInAnyOrder("ON_TIME n=2 o=100 c=110 v=2");
    beam.pipeline().run().waitUntilFinish();
  }

  /** Wraps a TestStream as the pipeline's source transform. */
  static final class SourceStub
      extends org.apache.beam.sdk.transforms.PTransform<
          org.apache.beam.sdk.values.PBegin, org.apache.beam.sdk.values.PCollection<SourceRecord>> {
    private final TestStream<SourceRecord> stream;

    SourceStub(TestStream<SourceRecord> stream) {
      this.stream = stream;
    }

    @Override
    public org.apache.beam.sdk.values.PCollection<SourceRecord> expand(
        org.apache.beam.sdk.values.PBegin begin) {
      return begin.apply(stream);
    }
  }
}
