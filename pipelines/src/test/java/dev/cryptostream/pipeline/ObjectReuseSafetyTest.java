package dev.cryptostream.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.SourceRecordCoder;
import dev.cryptostream.pipeline.options.TradePipelineOptions;
import dev.cryptostream.pipeline.testing.Trades;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.values.TimestampedValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Object reuse on Flink ({@code --objectReuse=true}) hands one object to every chained step without
 * a copy; that is safe only if no step mutates an element it received or one it has already
 * emitted. The DirectRunner checks exactly that when immutability enforcement is on: it keeps the
 * encoded form of every input and output and fails the run if an element changes afterwards. This
 * runs the whole graph (parse, dedup, candles with early and late panes, alerts, every lake table)
 * through it, with duplicates, bad records, a late trade and a price drop.
 *
 * <p>The rest is by review: no DoFn keeps an element across calls (FoldPerBundle keeps only the
 * immutable price, id and amounts of a trade in its own partials; accumulators copy nothing mutable
 * from the partials they merge), and every model class is an immutable record, except
 * SourceRecord's payload array, which nothing writes to.
 */
class ObjectReuseSafetyTest {
  @TempDir Path lake;

  private static TimestampedValue<SourceRecord> rec(
      long offset, String id, String price, Instant time) {
    String json =
        Trades.json(Trades.event("BTC-USDT", id, price, "1", TakerSide.BUY, time.toString()));
    return TimestampedValue.of(Trades.record(offset, json), Trades.at(time.toString()));
  }

  @Test
  void noStepMutatesAnElementItReceivedOrEmitted() throws Exception {
    Instant base = Instant.now().minusSeconds(1800).truncatedTo(ChronoUnit.MINUTES);
    List<TimestampedValue<SourceRecord>> onTime = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      // 100 falling to 90.5 over 20 s: a 9.5 % drop, one alert
      onTime.add(rec(i, String.valueOf(i), String.valueOf(100 - i * 0.5), base.plusSeconds(i)));
    }
    TestStream<SourceRecord> stream =
        TestStream.create(SourceRecordCoder.of())
            .advanceWatermarkTo(Trades.at(base.toString()))
            .addElements(
                onTime.get(0), onTime.subList(1, onTime.size()).toArray(TimestampedValue[]::new))
            .addElements(rec(3, "3", "98.5", base.plusSeconds(3))) // a replayed duplicate
            .addElements(
                TimestampedValue.of(Trades.record(99, "not json"), Trades.at(base.toString())))
            .advanceProcessingTime(org.joda.time.Duration.standardSeconds(20)) // early panes
            .advanceWatermarkTo(Trades.at(base.plusSeconds(150).toString()))
            .addElements(rec(100, "100", "101", base.plusSeconds(50))) // late for its candle
            .advanceWatermarkToInfinity();

    TradePipelineOptions options = PipelineOptionsFactory.as(TradePipelineOptions.class);
    options.setRunner(DirectRunner.class);
    options.as(DirectOptions.class).setEnforceImmutability(true);
    options.as(DirectOptions.class).setEnforceEncodability(true);
    options.setEarlyFiringPeriod("PT5S");
    options.setLakePath(lake.toString());
    options.setLakeFlushInterval("PT5S");
    Pipeline p = Pipeline.create(options);
    TradePipeline.Outputs out =
        TradePipeline.process(p.begin(), new TradePipelineTest.SourceStub(stream), options);
    // 20 trades, the replayed duplicate (raw trades keep it) and the late one.
    PAssert.that(out.validTrades()).satisfies(t -> count(t, 22));
    PAssert.that(out.alerts()).satisfies(a -> count(a, 1));
    PAssert.that(out.deadLetters()).satisfies(d -> count(d, 1));
    TradePipeline.writeToLake(out, options);
    // A mutated element fails the run (IllegalMutationException) instead of finishing DONE.
    assertEquals(PipelineResult.State.DONE, p.run().waitUntilFinish());

    for (String table : List.of("trades", "candles_1m", "price_alerts", "dead_letters")) {
      try (Stream<Path> files = Files.walk(lake.resolve(table))) {
        assertTrue(files.anyMatch(f -> f.toString().endsWith(".parquet")), table + " written");
      }
    }
  }

  private static Void count(Iterable<?> elements, int expected) {
    int n = 0;
    for (Object ignored : elements) {
      n++;
    }
    assertEquals(expected, n);
    return null;
  }

  @Test
  void mergingAccumulatorsLeavesTheMergedOneUnchanged() throws Exception {
    var candle = new dev.cryptostream.pipeline.candles.CandleAccumulator();
    candle.add(Trades.trade("BTC-USDT", "1", "100", "2", TakerSide.BUY, "2026-11-22T10:00:00Z"));
    var other = new dev.cryptostream.pipeline.candles.CandleAccumulator();
    other.add(Trades.trade("BTC-USDT", "2", "90", "1", TakerSide.SELL, "2026-11-22T10:00:30Z"));
    var coder = dev.cryptostream.pipeline.candles.CandleAccumulatorCoder.of();
    byte[] before = org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(coder, other);
    candle.merge(other);
    candle.add(Trades.trade("BTC-USDT", "3", "80", "1", TakerSide.SELL, "2026-11-22T10:00:40Z"));
    assertArrayEquals(before, org.apache.beam.sdk.util.CoderUtils.encodeToByteArray(coder, other));
  }
}
