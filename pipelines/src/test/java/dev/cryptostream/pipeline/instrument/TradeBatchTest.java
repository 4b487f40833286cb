package dev.cryptostream.pipeline.instrument;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.windowing.BoundedWindow;
import org.apache.beam.sdk.util.CoderUtils;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TradeBatchTest {
  @RegisterExtension final BeamPipeline beam = new BeamPipeline();

  private static Trade trade(String symbol, String id, int second) {
    return Trades.trade(
        symbol, id, "100.25", "0.5", TakerSide.SELL, "2026-11-22T10:00:%02dZ".formatted(second));
  }

  private static TimestampedValue<Trade> stamped(String symbol, String id, int second) {
    Trade t = trade(symbol, id, second);
    return TimestampedValue.of(t, new Instant(t.tradeTimeMicros() / 1_000L));
  }

  @Test
  void keepsTradesInOrderWithTheirOwnTimestampsAndGrowsPastItsFirstCapacity() {
    TradeBatch batch = new TradeBatch();
    for (int i = 0; i < 20; i++) {
      assertTrue(batch == batch.add(trade("BTC-USDT", "t" + i, 59 - i), new Instant(1_000L * i)));
    }
    assertEquals(20, batch.size());
    for (int i = 0; i < 20; i++) {
      assertEquals("t" + i, batch.trade(i).tradeId());
      assertEquals(new Instant(1_000L * i), batch.timestamp(i));
    }
    assertThrows(IndexOutOfBoundsException.class, () -> batch.timestamp(20));
  }

  @Test
  void coderRoundTripsEmptyLargeAndExtremeBatchesAndIsDeterministic() throws Exception {
    TradeBatch empty = new TradeBatch();
    TradeBatch extreme =
        new TradeBatch()
            .add(trade("BTC-USDT", "a", 1), BoundedWindow.TIMESTAMP_MIN_VALUE)
            .add(trade("BTC-USDT", "b", 2), BoundedWindow.TIMESTAMP_MAX_VALUE)
            .add(trade("BTC-USDT", "a", 1), new Instant(-1L));
    TradeBatch large = new TradeBatch();
    for (int i = 0; i < 1_000; i++) {
      large.add(trade("ETH-USDT", String.valueOf(i), i % 60), new Instant(i));
    }
    for (TradeBatch b : List.of(empty, extreme, large)) {
      CoderProperties.coderDecodeEncodeEqual(TradeBatchCoder.of(), b);
      CoderProperties.coderDeterministic(
          TradeBatchCoder.of(), b, CoderUtils.clone(TradeBatchCoder.of(), b));
    }
    TradeBatchCoder.of().verifyDeterministic();
    CoderProperties.coderSerializable(TradeBatchCoder.of());
    for (TradeBatch b : List.of(extreme, large)) {
      TradeBatch decoded = CoderUtils.clone(TradeBatchCoder.of(), b);
      assertEquals(b.hashCode(), decoded.hashCode(), "hash of a decoded batch");
    }
    // Same trades, other timestamps: another batch, other bytes.
    TradeBatch shifted = new TradeBatch().add(trade("BTC-USDT", "a", 1), new Instant(5L));
    TradeBatch original = new TradeBatch().add(trade("BTC-USDT", "a", 1), new Instant(6L));
    assertNotEquals(original, shifted);
    assertFalse(
        Arrays.equals(
            CoderUtils.encodeToByteArray(TradeBatchCoder.of(), original),
            CoderUtils.encodeToByteArray(TradeBatchCoder.of(), shifted)));
  }

  @Test
  void aHugeSizeWithoutTheTradesFailsOnTheMissingInputNotInAnAllocation() throws Exception {
    byte[] bytes =
        CoderUtils.encodeToByteArray(
            org.apache.beam.sdk.coders.VarIntCoder.of(), Integer.MAX_VALUE);
    assertThrows(
        java.io.IOException.class,
        () -> CoderUtils.decodeFromByteArray(TradeBatchCoder.of(), bytes));
  }

  @Test
  void aNegativeSizeIsACoderErrorNotAnEmptyBatch() throws Exception {
    byte[] bytes = CoderUtils.encodeToByteArray(org.apache.beam.sdk.coders.VarIntCoder.of(), -3);
    assertThrows(
        CoderException.class, () -> CoderUtils.decodeFromByteArray(TradeBatchCoder.of(), bytes));
  }

  /** Each batch as "key: ids@seconds | emitted at the earliest: true/false". */
  static class DescribeFn extends DoFn<KV<String, TradeBatch>, String> {
    @ProcessElement
    public void process(
        @Element KV<String, TradeBatch> kv, @Timestamp Instant at, OutputReceiver<String> out) {
      TradeBatch b = kv.getValue();
      List<String> parts = new ArrayList<>();
      Instant earliest = null;
      for (int i = 0; i < b.size(); i++) {
        Trade t = b.trade(i);
        parts.add(t.tradeId() + "@" + b.timestamp(i).getMillis() / 1_000L % 60);
        assertEquals(t.instrumentKey(), kv.getKey(), "one instrument per batch");
        earliest =
            earliest == null || b.timestamp(i).isBefore(earliest) ? b.timestamp(i) : earliest;
      }
      out.output(
          kv.getKey() + ": " + String.join(" ", parts) + " | at earliest: " + at.equals(earliest));
    }
  }

  private PCollection<String> describeBatches(
      TestStream<Trade> stream, BatchByInstrument batching) {
    return beam.pipeline().apply(stream).apply(batching).apply(ParDo.of(new DescribeFn()));
  }

  @Test
  void onTheDirectRunnerEachTradeIsABatchOfItsOwn() {
    // The same bundle as below: the DirectRunner's stateful steps would give a batch holding a late
    // trade the end of the window as its timestamp (see BatchByInstrument).
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(
                stamped("BTC-USDT", "1", 30),
                stamped("ETH-USDT", "9", 10),
                stamped("BTC-USDT", "2", 20))
            .advanceWatermarkToInfinity();
    PAssert.that(describeBatches(stream, new BatchByInstrument()))
        .containsInAnyOrder(
            "binance:BTC-USDT: 1@30 | at earliest: true",
            "binance:BTC-USDT: 2@20 | at earliest: true",
            "binance:ETH-USDT: 9@10 | at earliest: true");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void batchesOneBundlesTradesPerInstrumentInOrderAtTheirEarliestTimestamp() {
    TestStream<Trade> stream =
        TestStream.create(TradeCoder.of())
            .addElements(
                stamped("BTC-USDT", "1", 30),
                stamped("ETH-USDT", "9", 10),
                stamped("BTC-USDT", "2", 20),
                stamped("BTC-USDT", "1", 30))
            .addElements(stamped("BTC-USDT", "3", 40))
            .advanceWatermarkToInfinity();
    // The repeated trade stays (batching drops nothing); the second bundle is a batch of its own.
    PAssert.that(describeBatches(stream, BatchByInstrument.perBundle()))
        .containsInAnyOrder(
            "binance:BTC-USDT: 1@30 2@20 1@30 | at earliest: true",
            "binance:ETH-USDT: 9@10 | at earliest: true",
            "binance:BTC-USDT: 3@40 | at earliest: true");
    beam.pipeline().run().waitUntilFinish();
  }
}
