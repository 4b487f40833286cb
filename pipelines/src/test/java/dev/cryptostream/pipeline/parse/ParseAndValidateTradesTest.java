package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Reify;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ParseAndValidateTradesTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static final long NOW = Micros.of(Instant.parse("2026-11-22T10:01:00Z"));
  private static final TradeValidator VALIDATOR =
      new TradeValidator(Set.of(), ".*", Duration.ofSeconds(30), Duration.ofDays(1), null, null);

  @Test
  void routesEveryRecordToExactlyOneOutput() {
    String good =
        Trades.json(
            Trades.event(
                "BTC-USDT", "7", "100.5", "2", TakerSide.BUY, "2026-11-22T10:00:00.000001Z"));
    String negative = good.replace("\"100.5\"", "\"-100.5\"");
    String future = good.replace("2026-11-22T10:00:00.000001Z", "2026-11-22T11:00:00.000000Z");
    byte[] notText = {(byte) 0xFF, (byte) 0xFE, 'x'};
    List<SourceRecord> input =
        List.of(
            Trades.record(0, good),
            Trades.record(1, "{oops"),
            Trades.record(2, negative),
            Trades.record(3, future),
            Trades.record(4, notText));

    PCollectionTuple out =
        beam.pipeline()
            .apply(Create.of(input).withCoder(SerializableCoder.of(SourceRecord.class)))
            .apply(new ParseAndValidateTrades(VALIDATOR, () -> NOW));

    PAssert.that(out.get(ParseAndValidateTrades.TRADES).apply(Reify.timestamps()))
        .satisfies(
            trades -> {
              List<TimestampedValue<Trade>> all = new ArrayList<>();
              trades.forEach(all::add);
              assertEquals(1, all.size());
              Trade t = all.get(0).getValue();
              assertEquals("7", t.tradeId());
              assertEquals(0L, t.kafkaOffset());
              assertEquals(NOW, t.ingestTimeMicros());
              // Re-stamped with the trade time (milliseconds in Beam).
              assertEquals(Trades.at("2026-11-22T10:00:00Z"), all.get(0).getTimestamp());
              return null;
            });

    PAssert.that(
            out.get(ParseAndValidateTrades.DEAD_LETTERS)
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(d -> d.offset() + ":" + d.reasonCode() + ":" + d.stage())))
        .containsInAnyOrder(
            "1:MALFORMED_JSON:parse",
            "2:NON_POSITIVE_PRICE:validate",
            "3:TIMESTAMP_IN_FUTURE:validate",
            "4:NOT_UTF8:parse");

    PAssert.that(out.get(ParseAndValidateTrades.DEAD_LETTERS))
        .satisfies(
            letters -> {
              for (DeadLetter d : letters) {
                assertEquals(Trades.TOPIC, d.topic());
                assertEquals(2, d.partition());
                assertEquals("binance:BTC-USDT", d.key());
                assertEquals(1_700_000_000_000L + d.offset(), d.kafkaTimestampMillis());
                assertEquals(NOW, d.failedAtMicros());
                assertNull(d.stackTrace(), "no exception caused these");
                switch ((int) d.offset()) {
                  case 1 -> assertEquals("{oops", d.payloadText());
                  case 2 -> assertEquals(negative, d.payloadText());
                  case 4 -> {
                    assertNull(d.payloadText());
                    assertEquals(Base64.getEncoder().encodeToString(notText), d.payloadBase64());
                  }
                  default -> {}
                }
              }
              return null;
            });
    beam.pipeline().run().waitUntilFinish();
  }
}
