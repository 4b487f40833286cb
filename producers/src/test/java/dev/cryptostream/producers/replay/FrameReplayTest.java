package dev.cryptostream.producers.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.RestClient;
import dev.cryptostream.producers.live.VenueProtocol;
import dev.cryptostream.producers.live.binance.BinanceBackfill;
import dev.cryptostream.producers.live.binance.BinanceProtocol;
import dev.cryptostream.producers.live.kraken.KrakenBackfill;
import dev.cryptostream.producers.live.kraken.KrakenProtocol;
import dev.cryptostream.producers.live.testing.CapturingOutput;
import java.io.BufferedReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw venue frames replayed through the venues' own readers. */
class FrameReplayTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  // Backfill is never called by a replay; an unroutable address proves it.
  private static final RestClient NO_REST = new RestClient(HttpClient.newHttpClient(), Duration.ZERO);

  private static VenueProtocol binance() {
    return new BinanceProtocol(
        BinanceProtocol.DEFAULT_WS, List.of("BTC-USDT", "ETH-USDT"), new BinanceBackfill("http://127.0.0.1:9", NO_REST));
  }

  private static String binanceTrade(String symbol, long id, String price, long timeMillis, boolean buyerMaker) {
    return "{\"stream\":\"" + symbol.toLowerCase() + "@trade\",\"data\":{\"e\":\"trade\",\"E\":" + (timeMillis + 1)
        + ",\"s\":\"" + symbol + "\",\"t\":" + id + ",\"p\":\"" + price + "\",\"q\":\"0.00040000\",\"T\":" + timeMillis
        + ",\"m\":" + buyerMaker + ",\"M\":true}}";
  }

  private static FrameReplay.Result replay(VenueProtocol p, double speed, List<Long> sleeps, CapturingOutput out, String... lines)
      throws Exception {
    return new FrameReplay(p, speed, sleeps::add)
        .run(new BufferedReader(new StringReader(String.join("\n", lines))), out, () -> NOW);
  }

  @Test
  void tradesAreNormalisedByTheVenueReaderAndMarkedReplay() throws Exception {
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r =
        replay(binance(), 0, new ArrayList<>(), out,
            "{\"result\":null,\"id\":1}",
            binanceTrade("BTCUSDT", 100, "76650.00000000", 1787315652707L, true),
            "",
            binanceTrade("ETHUSDT", 7, "3000.10", 1787315652800L, false),
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":5}}",
            "not json at all");
    assertEquals(new FrameReplay.Result(5, 2, 1, 2, 1, 0), r);
    TradeEvent btc = out.trades.get(0);
    assertEquals("binance", btc.exchange());
    assertEquals("BTC-USDT", btc.symbol());
    assertEquals("100", btc.tradeId());
    assertEquals(new BigDecimal("76650.00000000"), btc.price());
    assertEquals(TakerSide.SELL, btc.side(), "m=true: the buyer was the maker, so the taker sold");
    assertEquals(TradeSource.REPLAY, btc.source());
    assertEquals(Instant.ofEpochMilli(1787315652707L), btc.tradeTime());
    assertEquals(TakerSide.BUY, out.trades.get(1).side());
    assertEquals("ETH-USDT", out.trades.get(1).symbol());
    assertEquals(2, out.deadLetters.size());
    assertTrue(out.deadLetters.get(1).rawFrame().equals("not json at all"));
    assertEquals("binance", out.deadLetters.get(0).venue());
  }

  @Test
  void aKrakenFrameWithSeveralTradesKeepsTheirExactDecimals() throws Exception {
    VenueProtocol kraken =
        new KrakenProtocol(KrakenProtocol.DEFAULT_WS, List.of("BTC-USD"), new KrakenBackfill("http://127.0.0.1:9", NO_REST));
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r =
        replay(kraken, 0, new ArrayList<>(), out,
            "{\"channel\":\"heartbeat\"}",
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":["
                + "{\"symbol\":\"BTC/USD\",\"side\":\"sell\",\"price\":105910.50,\"qty\":0.00012460,\"ord_type\":\"market\","
                + "\"trade_id\":10218209,\"timestamp\":\"2023-10-06T17:35:56.123456Z\"},"
                + "{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":105911.00,\"qty\":1.5,\"ord_type\":\"limit\","
                + "\"trade_id\":10218210,\"timestamp\":\"2023-10-06T17:35:56.223456Z\"}]}");
    assertEquals(2, r.trades());
    assertEquals(1, r.controlFrames());
    assertEquals(new BigDecimal("0.00012460"), out.trades.get(0).quantity(), "JSON number read as written");
    assertEquals(TakerSide.SELL, out.trades.get(0).side());
    assertEquals(TakerSide.BUY, out.trades.get(1).side());
    assertEquals(TradeSource.REPLAY, out.trades.get(1).source());
  }

  @Test
  void recordedPaceSleepsTheGapsBetweenTradeTimesDividedBySpeed() throws Exception {
    long t0 = 1787315652000L;
    String[] frames = {
      binanceTrade("BTCUSDT", 1, "1", t0, true),
      binanceTrade("BTCUSDT", 2, "1", t0 + 1_000, true),
      binanceTrade("BTCUSDT", 3, "1", t0 + 500, true), // out of order: no sleep, clock not moved back
      binanceTrade("BTCUSDT", 4, "1", t0 + 3_000, true)
    };
    List<Long> atPace = new ArrayList<>();
    replay(binance(), 1, atPace, new CapturingOutput(), frames);
    assertEquals(List.of(1_000_000_000L, 2_000_000_000L), atPace);
    List<Long> fast = new ArrayList<>();
    FrameReplay.Result r = replay(binance(), 10, fast, new CapturingOutput(), frames);
    assertEquals(List.of(100_000_000L, 200_000_000L), fast);
    assertEquals(300_000_000L, r.sleptNanos());
    List<Long> max = new ArrayList<>();
    replay(binance(), 0, max, new CapturingOutput(), frames);
    assertTrue(max.isEmpty(), "as fast as possible");
  }
}
