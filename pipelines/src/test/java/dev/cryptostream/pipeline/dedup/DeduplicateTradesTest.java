package dev.cryptostream.pipeline.dedup;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class DeduplicateTradesTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static Trade trade(String symbol, String id, String price) {
    return Trades.trade(symbol, id, price, "1", TakerSide.BUY, "2026-11-22T10:00:00Z");
  }

  private static PCollection<String> ids(PCollection<Trade> trades) {
    return trades.apply(
        MapElements.into(TypeDescriptors.strings())
            .via(t -> t.symbol() + "/" + t.tradeId() + "@" + t.price()));
  }

  @Test
  void firstCopyWinsWithinTheHorizon() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(trade("BTC-USDT", "1", "100"), trade("BTC-USDT", "2", "101"))
            .advanceProcessingTime(Duration.standardMinutes(5))
            // Same id again (even with another price: the venue's id is the identity).
            .addElements(trade("BTC-USDT", "1", "999"), trade("ETH-USDT", "1", "50"))
            .addElements(trade("BTC-USDT", "2", "101"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(Duration.standardMinutes(10)));
    PAssert.that(ids(unique))
        .containsInAnyOrder("BTC-USDT/1@100", "BTC-USDT/2@101", "ETH-USDT/1@50");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void idsAreForgottenAfterTwoHorizons() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(trade("BTC-USDT", "1", "100"))
            .advanceProcessingTime(Duration.standardMinutes(11))
            .addElements(trade("BTC-USDT", "3", "103"))
            .advanceProcessingTime(Duration.standardMinutes(11))
            // Two rotations later, id 1 is no longer remembered: it passes again.
            .addElements(trade("BTC-USDT", "1", "100"))
            .advanceWatermarkToInfinity();

    PCollection<Trade> unique =
        beam.pipeline().apply(stream).apply(new DeduplicateTrades(Duration.standardMinutes(10)));
    PAssert.that(ids(unique))
        .containsInAnyOrder("BTC-USDT/1@100", "BTC-USDT/3@103", "BTC-USDT/1@100");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void rejectsANonPositiveHorizon() {
    assertThrows(IllegalArgumentException.class, () -> new DeduplicateTrades(Duration.ZERO));
  }
}
