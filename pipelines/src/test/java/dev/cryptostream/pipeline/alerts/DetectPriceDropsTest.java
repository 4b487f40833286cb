package dev.cryptostream.pipeline.alerts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.model.TradeCoder;
import dev.cryptostream.pipeline.testing.BeamPipeline;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Price-drop alerts under sliding windows, step by step through event time. */
class DetectPriceDropsTest {
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

  private TimestampedValue<Trade> trade(long seconds, String price) {
    return trade("BTC-USDT", seconds, price);
  }

  private TimestampedValue<Trade> trade(String symbol, long seconds, String price) {
    Trade t =
        Trades.trade(symbol, String.valueOf(nextId++), price, "1", TakerSide.SELL, at(seconds));
    return TimestampedValue.of(t, Trades.at(at(seconds)));
  }

  private PCollection<String> alerts(TestStream<Trade> stream) {
    return beam.pipeline()
        .apply(stream)
        .apply(new DetectPriceDrops(DEFAULTS))
        .apply(MapElements.into(TypeDescriptors.strings()).via(DetectPriceDropsTest::describe));
  }

  private static String describe(PriceAlert a) {
    return a.fromPrice().stripTrailingZeros().toPlainString()
        + "@"
        + Instant.ofEpochSecond(0, a.fromTimeMicros() * 1000)
        + "->"
        + a.toPrice().stripTrailingZeros().toPlainString()
        + "@"
        + Instant.ofEpochSecond(0, a.toTimeMicros() * 1000)
        + " "
        + String.format("%.2f", a.dropPct())
        + "%";
  }

  private static TestStream.Builder<Trade> stream() {
    return TestStream.create(TradeCoder.of())
        .advanceWatermarkTo(Trades.at(T0).minus(Duration.standardMinutes(1)));
  }

  /** Advances the watermark a minute at a time, as a live stream does. */
  private static TestStream.Builder<Trade> minuteByMinute(
      TestStream.Builder<Trade> b, int fromMinute, int toMinute) {
    for (int m = fromMinute; m <= toMinute; m++) {
      b = b.advanceWatermarkTo(Trades.at(at(m * 60L)));
    }
    return b;
  }

  @Test
  void aFivePercentFallWithinTenMinutesIsOneAlertAlthoughTenWindowsSeeIt() {
    // 110 → 104.5 is exactly 5 %; 104 a minute later is 5.45 %, less than a point deeper.
    TestStream<Trade> s =
        minuteByMinute(
                stream()
                    .addElements(
                        trade(0, "100"), trade(60, "110"), trade(300, "104.5"), trade(360, "104")),
                1,
                30)
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s)).containsInAnyOrder("110@" + at(60) + "->104.5@" + at(300) + " 5.00%");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void aLateTradeDoesNotBringBackAnEarlierEpisode() {
    // Episode A (minute 0-1) and episode B (minute 12-13) are alerted once each; a late trade
    // landing in A's windows after B was passed re-fires those windows, but A is not repeated.
    TestStream<Trade> s =
        minuteByMinute(
                minuteByMinute(stream().addElements(trade(0, "100"), trade(60, "90")), 1, 12)
                    .addElements(trade(720, "100"), trade(780, "90")),
                13,
                14) // the window [4 min, 14 min) has passed B
            // Late for A's windows; those ending at 5..10 min are within their 10 min lateness.
            .addElements(trade(90, "95"))
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s))
        .containsInAnyOrder(
            "100@" + at(0) + "->90@" + at(60) + " 10.00%",
            "100@" + at(720) + "->90@" + at(780) + " 10.00%");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void smallerFallsRisesAndSlowFallsRaiseNothing() {
    TestStream<Trade> s =
        stream()
            .addElements(trade("BTC-USDT", 0, "100"), trade("BTC-USDT", 30, "96.5")) // 3.5 %
            .addElements(
                trade("ETH-USDT", 0, "90"), trade("ETH-USDT", 60, "120")) // a rise after a low
            // 120 → 116 → 112: 6.7 % in total, but each 10-minute stretch falls less than 5 %
            .addElements(
                trade("SOL-USDT", 0, "120"),
                trade("SOL-USDT", 330, "116"),
                trade("SOL-USDT", 660, "112"))
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s)).empty();
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void aDeepeningCrashRaisesAgainOnlyPerPercentagePoint() {
    TestStream<Trade> s =
        stream()
            .addElements(trade(0, "100"), trade(60, "94")) // 6 %
            .advanceWatermarkTo(Trades.at(at(150)))
            .addElements(trade(150, "92.5")) // 7.5 %: 1.5 points deeper → a new alert
            .advanceWatermarkTo(Trades.at(at(210)))
            .addElements(trade(210, "92")) // 8 %: only 0.5 points deeper → repeated
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s))
        .containsInAnyOrder(
            "100@" + at(0) + "->94@" + at(60) + " 6.00%",
            "100@" + at(0) + "->92.5@" + at(150) + " 7.50%");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void aLateTradeWithinTheAllowedLatenessCompletesADrop() {
    TestStream<Trade> s =
        stream()
            .addElements(trade(0, "100"))
            .advanceWatermarkTo(Trades.at(at(12 * 60))) // every window holding t0 has fired
            .addElements(
                trade(100, "94")) // late, but windows ending after 2 min are within lateness
            .advanceWatermarkToInfinity();
    PAssert.that(alerts(s)).containsInAnyOrder("100@" + at(0) + "->94@" + at(100) + " 6.00%");
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void alertCarriesItsWindowThresholdAndAStableId() {
    TestStream<Trade> s =
        stream().addElements(trade(0, "200"), trade(30, "180")).advanceWatermarkToInfinity();
    PCollection<PriceAlert> out = beam.pipeline().apply(s).apply(new DetectPriceDrops(DEFAULTS));
    PAssert.thatSingleton(out)
        .satisfies(
            a -> {
              long t0 = Trades.at(T0).getMillis() * 1000;
              assertTrue(
                  a.alertId().equals("binance|BTC-USDT|" + t0 + "|" + (t0 + 30_000_000L)),
                  a.alertId());
              assertTrue(a.thresholdPct() == 5.0 && Math.abs(a.dropPct() - 10.0) < 1e-9);
              assertTrue(a.windowEndMicros() - a.windowStartMicros() == 600_000_000L);
              assertTrue(
                  a.windowStartMicros() <= a.fromTimeMicros()
                      && a.toTimeMicros() < a.windowEndMicros());
              assertFalse(a.toPrice().compareTo(new BigDecimal("180")) != 0);
              return null;
            });
    beam.pipeline().run().waitUntilFinish();
  }

  @Test
  void settingsAreValidated() {
    Duration m = Duration.standardMinutes(1);
    assertThrows(
        IllegalArgumentException.class,
        () -> new DetectPriceDrops.Settings(0, m.multipliedBy(10), m, m));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DetectPriceDrops.Settings(100, m.multipliedBy(10), m, m));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DetectPriceDrops.Settings(5, m, m.multipliedBy(2), m));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DetectPriceDrops.Settings(5, Duration.standardSeconds(90), m, m));
    assertThrows(
        IllegalArgumentException.class,
        () -> new DetectPriceDrops.Settings(5, Duration.standardHours(24), m, m),
        "1,440 windows per trade");
  }
}
