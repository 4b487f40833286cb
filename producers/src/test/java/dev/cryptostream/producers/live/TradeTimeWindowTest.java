package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.producers.live.binance.BinanceBackfill;
import dev.cryptostream.producers.live.binance.BinanceProtocol;
import dev.cryptostream.producers.live.coinbase.CoinbaseBackfill;
import dev.cryptostream.producers.live.coinbase.CoinbaseProtocol;
import dev.cryptostream.producers.live.kraken.KrakenBackfill;
import dev.cryptostream.producers.live.kraken.KrakenProtocol;
import dev.cryptostream.producers.live.okx.OkxBackfill;
import dev.cryptostream.producers.live.okx.OkxProtocol;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every venue's reader dead-letters a trade time outside the window around its receive time. */
class TradeTimeWindowTest {
  private static final Instant RECEIVED = Instant.parse("2026-11-22T12:00:00.500Z");
  private static final RestClient NO_REST =
      new RestClient(HttpClient.newHttpClient(), Duration.ZERO);
  private static final String NOWHERE = "http://127.0.0.1:9";

  /** A venue's protocol with the default live window, and a one-trade frame at a given time. */
  private record Venue(String name, VenueProtocol protocol, Function<Instant, String> frameAt) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Arguments> venues() {
    TradeTimeWindow w = TradeTimeWindow.LIVE_DEFAULT;
    return Stream.of(
            new Venue(
                "binance",
                new BinanceProtocol(
                    BinanceProtocol.DEFAULT_WS,
                    List.of("BTC-USDT"),
                    new BinanceBackfill(NOWHERE, NO_REST),
                    w,
                    false),
                t ->
                    "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":7,"
                        + "\"p\":\"1.5\",\"q\":\"2\",\"T\":"
                        + t.toEpochMilli()
                        + ",\"m\":true,\"M\":true}}"),
            new Venue(
                "coinbase",
                new CoinbaseProtocol(
                    CoinbaseProtocol.DEFAULT_WS,
                    List.of("BTC-USD"),
                    new CoinbaseBackfill(NOWHERE, NO_REST),
                    w),
                t ->
                    "{\"type\":\"match\",\"trade_id\":7,\"time\":\""
                        + t
                        + "\",\"product_id\":\"BTC-USD\","
                        + "\"size\":\"2\",\"price\":\"1.5\",\"side\":\"sell\"}"),
            new Venue(
                "kraken",
                new KrakenProtocol(
                    KrakenProtocol.DEFAULT_WS,
                    List.of("BTC-USD"),
                    new KrakenBackfill(NOWHERE, NO_REST),
                    w),
                t ->
                    "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\","
                        + "\"price\":1.5,\"qty\":2,\"ord_type\":\"market\",\"trade_id\":7,\"timestamp\":\""
                        + t
                        + "\"}]}"),
            new Venue(
                "okx",
                new OkxProtocol(
                    OkxProtocol.DEFAULT_WS,
                    List.of("BTC-USDT"),
                    new OkxBackfill(NOWHERE, NO_REST),
                    w),
                t ->
                    "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
                        + "\"tradeId\":\"7\",\"px\":\"1.5\",\"sz\":\"2\",\"side\":\"buy\",\"ts\":\""
                        + t.toEpochMilli()
                        + "\",\"count\":\"1\"}]}"))
        .map(Arguments::of);
  }

  private static Instant tradeTime(Venue v, Instant t) throws FrameException {
    FrameResult.Trades trades =
        (FrameResult.Trades) v.protocol().parse(v.frameAt().apply(t), RECEIVED);
    return trades.trades().get(0).event().tradeTime();
  }

  @ParameterizedTest
  @MethodSource("venues")
  void timesInsideTheWindowPass(Venue v) throws Exception {
    for (Instant t :
        List.of(
            RECEIVED,
            RECEIVED.minus(Duration.ofHours(24)),
            RECEIVED.plus(Duration.ofMinutes(1)),
            RECEIVED.minusMillis(250))) {
      assertEquals(t, tradeTime(v, t), v.name());
    }
  }

  @ParameterizedTest
  @MethodSource("venues")
  void timesOutsideTheWindowAreRejectedWithAReason(Venue v) {
    FrameException ahead =
        assertThrows(
            FrameException.class,
            () -> tradeTime(v, RECEIVED.plus(Duration.ofMinutes(1)).plusMillis(1)));
    assertTrue(
        ahead.getMessage().contains("more than 1m after the receive time 2026-11-22T12:00:00.500Z"),
        ahead.getMessage());
    FrameException old =
        assertThrows(
            FrameException.class,
            () -> tradeTime(v, RECEIVED.minus(Duration.ofHours(24)).minusMillis(1)));
    assertTrue(
        old.getMessage().contains("more than 24h before the receive time"), old.getMessage());
    // A unit error: microseconds read as milliseconds lands tens of thousands of years ahead.
    assertThrows(
        FrameException.class,
        () -> tradeTime(v, Instant.ofEpochMilli(RECEIVED.toEpochMilli() * 1000)));
    // Seconds read as milliseconds lands in January 1970.
    assertThrows(
        FrameException.class, () -> tradeTime(v, Instant.ofEpochMilli(RECEIVED.getEpochSecond())));
  }

  @org.junit.jupiter.api.Test
  void historyHasNoLowerBound() throws Exception {
    TradeTimeWindow history = TradeTimeWindow.history(Duration.ofMinutes(1));
    history.check(Instant.parse("2014-11-07T08:19:27.028459Z"), RECEIVED);
    assertThrows(
        FrameException.class, () -> history.check(RECEIVED.plus(Duration.ofMinutes(2)), RECEIVED));
  }
}
