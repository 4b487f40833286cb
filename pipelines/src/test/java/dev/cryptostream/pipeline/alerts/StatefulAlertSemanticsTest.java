package dev.cryptostream.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.instrument.BatchByInstrument;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The stateful alert step against the sliding-window definition: out-of-order and late trades,
 * window and lateness boundaries, one alert per episode, and a randomized comparison with Beam's
 * own sliding windows ({@link SlidingWindowsReference}).
 */
class StatefulAlertSemanticsTest {
  private static final String T0 = "2026-11-22T10:00:00Z";
  private static final DetectPriceDrops.Settings DEFAULTS =
      new DetectPriceDrops.Settings(
          5.0,
          Duration.standardMinutes(10),
          Duration.standardMinutes(1),
          Duration.standardMinutes(10));

  @RegisterExtension final BeamPipeline beam = new BeamPipeline();
  private long nextId = 1;

  private static String at(long seconds) {
    return Instant.parse(T0).plusSeconds(seconds).toString();
  }

  private static String atMillis(long millis) {
    return Instant.parse(T0).plusMillis(millis).toString();
  }

  private TimestampedValue<Trade> trade(String symbol, long millis, String price) {
    Trade t =
        Trades.trade(
            symbol, String.valueOf(nextId++), price, "1", TakerSide.SELL, atMillis(millis));
    return TimestampedValue.of(t, Trades.at(atMillis(millis)));
  }

  private TimestampedValue<Trade> trade(long seconds, String price) {
    return trade("BTC-USDT", seconds * 1000, price);
  }

  private static TestStream.Builder<Trade> stream() {
    return TestStream.create(TradeCoder.of())
        .advanceWatermarkTo(Trades.at(T0).minus(Duration.standardMinutes(1)));
  }

  private PCollection<String> alerts(
      TestStream<Trade> s, PTransform<PCollection<Trade>, PCollection<PriceAlert>> t) {
    return beam.pipeline()
        .apply(s)
        .apply(t)
        .apply(
            MapElements.into(TypeDescriptors.strings()).via(StatefulAlertSemanticsTest::describe));
  }

  private PCollection<String> alerts(TestStream<Trade> s) {
    return alerts(s, new DetectPriceDrops(DEFAULTS));
  }

  /** Everything but the emission time. */
  private static String describe(PriceAlert a) {
    return a.symbol()
        + " "
        + a.fromPrice().stripTrailingZeros().toPlainString()
        + "@"
        + a.fromTimeMicros()
        + "->"
        + a.toPrice().stripTrailingZeros().toPlainString()
        + "@"
        + a.toTimeMicros()
        + String.format(
            " %.4f%% window %d-%d", a.dropPct(), a.windowStartMicros(), a.windowEndMicros());
  }

  private static long micros(long seconds) {
    return Trades.at(at(seconds)).getMillis() * 1000;
  }

  private static String expected(
      long fromS, String from, long toS, String to, String pct, long windowStartS) {
    return "BTC-USDT "
        + from
        + "@"
        + micros(fromS)
        + "->"
        + to
        + "@"
        + micros(toS)
        + " "
        + pct
        + "% window "
        + micros(windowStartS)
        + "-"
        + micros(windowStartS + 600);
  }

  @Test
  void outOfOrderTradesBeforeTheWatermarkAreOnTime() {
    // The low arrives before the earlier peak; both before the watermark passes any window end.
    TestStream<Trade> s =
        stream().addElements(trade(300, "90"), trade(60, "100")).advanceWatermarkToInfinity();
    // First window (by end) holding both: [-4 min, 6 min).
    PAssert.that(alerts(s)).containsInAnyOrder(expected(60, "100", 300, "90", "10.0000", -240));
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void aDropMustFitInsideOneWindow() {
    TestStream<Trade> s =
        stream()
            .addElements(
                trade(0, "100"), trade(600, "90")) // exactly one window apart: no window holds both
            .addElements(
                trade("ETH-USDT", 0, "100"),
                trade("ETH-USDT", 599_999, "90")) // one ms less: [0, 10 min)
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s))
        .containsInAnyOrder(
            "ETH-USDT 100@"
                + micros(0)
                + "->90@"
                + (micros(599) + 999_000)
                + " 10.0000% window "
                + micros(0)
                + "-"
                + micros(600));
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void aLateTradeIsCountedUntilTheLastWindowEndPlusTheLatenessPasses() {
    // Trade at 30 s: its last window is [0, 10 min), expired once the watermark passes 20 min - 1
    // ms.
    TestStream<Trade> s =
        stream()
            .addElements(trade(0, "100"))
            .advanceWatermarkTo(Trades.at(at(19 * 60)))
            .addElements(trade(30, "90")) // only [0, 10 min) is still within its lateness
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s)).containsInAnyOrder(expected(0, "100", 30, "90", "10.0000", 0));
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void aTradeBeyondTheLatenessOfAllItsWindowsIsDropped() {
    TestStream<Trade> s =
        stream()
            .addElements(trade(0, "100"))
            .advanceWatermarkTo(Trades.at(at(20 * 60)))
            .addElements(trade(30, "90"))
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s)).empty();
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void anotherEpisodeIsAlertedEvenWhenShallowerButADeepeningOfLessThanAPointIsNot() {
    TestStream<Trade> s =
        stream()
            .addElements(trade(0, "100"), trade(60, "90")) // 10 %
            .advanceWatermarkTo(Trades.at(at(150)))
            .addElements(trade(150, "89.5")) // 10.5 %: half a point deeper, same episode
            .advanceWatermarkTo(Trades.at(at(15 * 60)))
            .addElements(
                trade(16 * 60, "100"), trade(17 * 60, "94")) // 6 %, no overlap: a new episode
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s))
        .containsInAnyOrder(
            expected(0, "100", 60, "90", "10.0000", -480),
            expected(960, "100", 1020, "94", "6.0000", 480));
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void matchesBeamsSlidingWindowsOnRandomMarkets() {
    // Two instruments, a random walk with crashes, trades out of order within each minute; the
    // watermark advances a minute at a time, so both sides evaluate windows in end order.
    Random random = new Random(20261122);
    TestStream.Builder<Trade> s = stream();
    double[] price = {100, 50};
    String[] symbols = {"BTC-USDT", "ETH-USDT"};
    for (int minute = 0; minute < 40; minute++) {
      List<TimestampedValue<Trade>> batch = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        int k = random.nextInt(2);
        double step = random.nextDouble() < 0.08 ? -0.04 : (random.nextDouble() - 0.5) * 0.02;
        price[k] = Math.max(1, price[k] * (1 + step));
        long millis = minute * 60_000L + random.nextInt(60_000);
        batch.add(
            trade(
                symbols[k],
                millis,
                new BigDecimal(price[k])
                    .setScale(4, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString()));
      }
      s =
          s.addElements(
                  batch.get(0), batch.subList(1, batch.size()).toArray(TimestampedValue[]::new))
              .advanceWatermarkTo(Trades.at(at((minute + 1) * 60L)));
    }
    TestStream<Trade> built = s.advanceWatermarkToInfinity();
    PCollection<Trade> trades = beam.pipeline().apply(built);
    PCollection<String> both =
        PCollectionList.of(
                tagged(
                    trades.apply(
                        "Stateful", new DetectPriceDrops(DEFAULTS, BatchByInstrument.perBundle())),
                    "stateful"))
            .and(tagged(trades.apply("Windows", new SlidingWindowsReference(DEFAULTS)), "windows"))
            .apply(Flatten.pCollections());
    PAssert.that(both)
        .satisfies(
            all -> {
              List<String> stateful = new ArrayList<>();
              List<String> windows = new ArrayList<>();
              for (String line : all) {
                (line.startsWith("stateful ") ? stateful : windows)
                    .add(line.substring(line.indexOf(' ') + 1));
              }
              stateful.sort(null);
              windows.sort(null);
              assertEquals(windows, stateful);
              assertTrue(
                  stateful.size() >= 3, "the random market should crash a few times: " + stateful);
              return null;
            });
    beam.pipeline().run().waitUntilFinish();
  }

  /** {@link #describe} and the alert's element timestamp. */
  static class DescribeWithTimestampFn extends DoFn<PriceAlert, String> {
    @ProcessElement
    public void process(
        @Element PriceAlert a, @Timestamp org.joda.time.Instant at, OutputReceiver<String> out) {
      out.output(describe(a) + " at " + at.getMillis());
    }
  }

  @Test
  void tradesBatchedPerBundleAlertExactlyAsTheSameTradesOneBundleEach() {
    // The keyed step gets each bundle's trades of an instrument as one batch. The same random
    // market (crashes, trades out of order, late trades within and beyond the lateness) is fed
    // twice under different symbols: as one bundle per minute ("-A") and one bundle per trade
    // ("-B", batches of one: trade by trade). The alerts must be the same.
    Random random = new Random(20261206);
    TestStream.Builder<Trade> s = stream();
    double price = 100;
    for (int minute = 0; minute < 60; minute++) {
      List<long[]> times = new ArrayList<>();
      List<String> prices = new ArrayList<>();
      for (int i = 0; i < 15; i++) {
        double step = random.nextDouble() < 0.1 ? -0.03 : (random.nextDouble() - 0.5) * 0.02;
        price = Math.max(1, price * (1 + step));
        long millis = minute * 60_000L + random.nextInt(60_000);
        // Late trades once the instrument has state: the first trade of an instrument far behind
        // the watermark sets a timer the watermark has passed already, which the DirectRunner fires
        // between two bundles, so one bundle per trade would see an earlier watermark (a
        // difference of bundle timing, not of batching).
        if (minute >= 2 && random.nextDouble() < 0.2) {
          millis -= (1 + random.nextInt(25)) * 60_000L; // late: up to 25 minutes behind
          price = price * (random.nextBoolean() ? 0.93 : 1.05);
        }
        times.add(new long[] {millis});
        prices.add(
            new BigDecimal(price).setScale(4, java.math.RoundingMode.HALF_EVEN).toPlainString());
      }
      List<TimestampedValue<Trade>> together = new ArrayList<>();
      for (int i = 0; i < times.size(); i++) {
        together.add(trade("BTC-A", times.get(i)[0], prices.get(i)));
      }
      s =
          s.addElements(
              together.get(0),
              together.subList(1, together.size()).toArray(TimestampedValue[]::new));
      for (int i = 0; i < times.size(); i++) {
        s = s.addElements(trade("BTC-B", times.get(i)[0], prices.get(i)));
      }
      s = s.advanceWatermarkTo(Trades.at(at((minute + 1) * 60L)));
    }
    // Each alert with its element timestamp: a late trade's alert is stamped with that trade's.
    PCollection<String> stamped =
        beam.pipeline()
            .apply(s.advanceWatermarkToInfinity())
            .apply(new DetectPriceDrops(DEFAULTS, BatchByInstrument.perBundle()))
            .apply(ParDo.of(new DescribeWithTimestampFn()));
    PAssert.that(stamped)
        .satisfies(
            all -> {
              List<String> a = new ArrayList<>();
              List<String> b = new ArrayList<>();
              for (String line : all) {
                (line.startsWith("BTC-A ") ? a : b).add(line.substring(line.indexOf(' ') + 1));
              }
              a.sort(null);
              b.sort(null);
              assertEquals(b, a);
              assertTrue(a.size() >= 5, "the random market should crash a few times: " + a);
              return null;
            });
    beam.pipeline().run().waitUntilFinish();
  }

  private static PCollection<String> tagged(PCollection<PriceAlert> alerts, String tag) {
    return alerts.apply(
        tag + "Describe",
        MapElements.into(TypeDescriptors.strings()).via(a -> tag + " " + describe(a)));
  }
}
