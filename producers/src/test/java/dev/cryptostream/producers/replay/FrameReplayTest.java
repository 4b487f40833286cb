package dev.cryptostream.producers.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.RestClient;
import dev.cryptostream.producers.live.TradeTimeWindow;
import dev.cryptostream.producers.live.VenueProtocol;
import dev.cryptostream.producers.live.binance.BinanceBackfill;
import dev.cryptostream.producers.live.binance.BinanceProtocol;
import dev.cryptostream.producers.live.coinbase.CoinbaseBackfill;
import dev.cryptostream.producers.live.coinbase.CoinbaseProtocol;
import dev.cryptostream.producers.live.kraken.KrakenBackfill;
import dev.cryptostream.producers.live.kraken.KrakenProtocol;
import dev.cryptostream.producers.live.okx.OkxBackfill;
import dev.cryptostream.producers.live.okx.OkxProtocol;
import dev.cryptostream.producers.live.testing.CapturingOutput;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Raw venue frames replayed through the venues' own readers. */
class FrameReplayTest {
  private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
  // Backfill is never called by a replay; an unroutable address proves it.
  private static final RestClient NO_REST =
      new RestClient(HttpClient.newHttpClient(), Duration.ZERO);

  /** As the replay command builds it: history has no lower bound on trade times. */
  private static final TradeTimeWindow HISTORY = TradeTimeWindow.history(Duration.ofMinutes(1));

  private static VenueProtocol binance() {
    return binance(false);
  }

  private static VenueProtocol binance(boolean microseconds) {
    return new BinanceProtocol(
        BinanceProtocol.DEFAULT_WS,
        List.of("BTC-USDT", "ETH-USDT"),
        new BinanceBackfill("http://127.0.0.1:9", NO_REST),
        HISTORY,
        microseconds);
  }

  private static String binanceTrade(
      String symbol, long id, String price, long timeMillis, boolean buyerMaker) {
    return "{\"stream\":\""
        + symbol.toLowerCase()
        + "@trade\",\"data\":{\"e\":\"trade\",\"E\":"
        + (timeMillis + 1)
        + ",\"s\":\""
        + symbol
        + "\",\"t\":"
        + id
        + ",\"p\":\""
        + price
        + "\",\"q\":\"0.00040000\",\"T\":"
        + timeMillis
        + ",\"m\":"
        + buyerMaker
        + ",\"M\":true}}";
  }

  private static FrameReplay.Result replay(
      VenueProtocol p, double speed, List<Long> sleeps, CapturingOutput out, String... lines)
      throws Exception {
    return replayBytes(
        p, speed, sleeps, out, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  private static FrameReplay.Result replayBytes(
      VenueProtocol p, double speed, List<Long> sleeps, CapturingOutput out, byte[] content)
      throws Exception {
    return new FrameReplay(p, speed, sleeps::add)
        .run(new ByteArrayInputStream(content), out, () -> NOW);
  }

  @Test
  void tradesAreNormalisedByTheVenueReaderAndMarkedReplay() throws Exception {
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r =
        replay(
            binance(),
            0,
            new ArrayList<>(),
            out,
            "{\"result\":null,\"id\":1}",
            binanceTrade("BTCUSDT", 100, "76650.00000000", 1787315652707L, true),
            "",
            binanceTrade("ETHUSDT", 7, "3000.10", 1787315652800L, false),
            "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\",\"t\":5}}",
            "not json at all");
    assertEquals(new FrameReplay.Result(5, 2, 0, 0, 1, 2, 1, 0), r);
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
        new KrakenProtocol(
            KrakenProtocol.DEFAULT_WS,
            List.of("BTC-USD"),
            new KrakenBackfill("http://127.0.0.1:9", NO_REST),
            HISTORY);
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r =
        replay(
            kraken,
            0,
            new ArrayList<>(),
            out,
            "{\"channel\":\"heartbeat\"}",
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":["
                + "{\"symbol\":\"BTC/USD\",\"side\":\"sell\",\"price\":105910.50,\"qty\":0.00012460,\"ord_type\":\"market\","
                + "\"trade_id\":10218209,\"timestamp\":\"2023-10-06T17:35:56.123456Z\"},"
                + "{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":105911.00,\"qty\":1.5,\"ord_type\":\"limit\","
                + "\"trade_id\":10218210,\"timestamp\":\"2023-10-06T17:35:56.223456Z\"}]}");
    assertEquals(2, r.trades());
    assertEquals(1, r.controlFrames());
    assertEquals(
        new BigDecimal("0.00012460"), out.trades.get(0).quantity(), "JSON number read as written");
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
      binanceTrade(
          "BTCUSDT", 3, "1", t0 + 500, true), // out of order: no sleep, clock not moved back
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

  private static String coinbaseMatch(String type, long id, String time) {
    return "{\"type\":\""
        + type
        + "\",\"trade_id\":"
        + id
        + ",\"sequence\":"
        + (50 + id)
        + ",\"maker_order_id\":\"a\",\"taker_order_id\":\"b\",\"time\":\""
        + time
        + "\",\"product_id\":\"BTC-USD\",\"size\":\"0.5\",\"price\":\"400.23\",\"side\":\"sell\"}";
  }

  /**
   * A capture spanning reconnects repeats trades (last_match, overlapping sessions): each id is
   * published once.
   */
  @Test
  void repeatedFramesOfACaptureArePublishedOncePerTradeId() throws Exception {
    VenueProtocol coinbase =
        new CoinbaseProtocol(
            CoinbaseProtocol.DEFAULT_WS,
            List.of("BTC-USD"),
            new CoinbaseBackfill("http://127.0.0.1:9", NO_REST),
            HISTORY);
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r =
        replay(
            coinbase,
            0,
            new ArrayList<>(),
            out,
            "{\"type\":\"subscriptions\",\"channels\":[]}",
            coinbaseMatch("last_match", 10, "2026-03-01T12:00:00.000010Z"),
            coinbaseMatch("match", 11, "2026-03-01T12:00:00.000011Z"),
            coinbaseMatch("match", 12, "2026-03-01T12:00:00.000012Z"),
            "{\"type\":\"subscriptions\",\"channels\":[]}", // a reconnect in the capture
            coinbaseMatch("last_match", 12, "2026-03-01T12:00:00.000012Z"),
            coinbaseMatch("match", 12, "2026-03-01T12:00:00.000012Z"),
            coinbaseMatch("match", 13, "2026-03-01T12:00:00.000013Z"),
            coinbaseMatch(
                "match", 15, "2026-03-01T12:00:00.000015Z"), // 14 is missing from the capture
            coinbaseMatch("match", 11, "2026-03-01T12:00:00.000011Z"));
    assertEquals(List.of("10", "11", "12", "13", "15"), out.tradeIds());
    assertEquals(3, r.duplicates());
    assertEquals(1, r.idGaps(), "counted: a replay cannot backfill");
    assertEquals(5, r.trades());
    assertTrue(out.trades.stream().allMatch(e -> e.source() == TradeSource.REPLAY));
  }

  /**
   * An OKX aggregate overlapping ids already published is not published again (its fills would
   * count twice).
   */
  @Test
  void anOkxAggregateOverlappingPublishedIdsIsNotPublishedTwice() throws Exception {
    VenueProtocol okx =
        new OkxProtocol(
            OkxProtocol.DEFAULT_WS,
            List.of("BTC-USDT"),
            new OkxBackfill("http://127.0.0.1:9", NO_REST),
            HISTORY);
    String f =
        "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\","
            + "\"tradeId\":\"%d\",\"px\":\"1\",\"sz\":\"1\",\"side\":\"buy\",\"ts\":\"1630048897897\",\"count\":\"%d\"}]}";
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r =
        replay(
            okx,
            0,
            new ArrayList<>(),
            out,
            String.format(f, 100, 1),
            String.format(f, 103, 3),
            String.format(f, 105, 3),
            String.format(f, 106, 1));
    assertEquals(
        List.of("100", "103", "106"),
        out.tradeIds(),
        "103 would count twice inside 103..105: not published");
    assertEquals(0, r.duplicates());
    assertEquals(
        1,
        r.idGaps(),
        "104..105 cannot be split from 103: missing, like a gap a replay cannot fill");
  }

  /** A line that is not UTF-8 is dead-lettered (raw as base64) and the replay goes on. */
  @Test
  void aFrameThatIsNotUtf8IsDeadLetteredAndTheReplayGoesOn() throws Exception {
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    byte[] bad = {'{', '"', 'e', '"', ':', (byte) 0xFE, '}'};
    file.write(
        binanceTrade("BTCUSDT", 1, "1", 1787315652000L, true).getBytes(StandardCharsets.UTF_8));
    file.write('\n');
    file.write(bad);
    file.write('\n');
    file.write(
        binanceTrade("BTCUSDT", 2, "1", 1787315652001L, true).getBytes(StandardCharsets.UTF_8));
    CapturingOutput out = new CapturingOutput();
    FrameReplay.Result r = replayBytes(binance(), 0, new ArrayList<>(), out, file.toByteArray());
    assertEquals(List.of("1", "2"), out.tradeIds());
    assertEquals(1, r.deadLetters());
    assertEquals("frame is not UTF-8 (raw is base64)", out.deadLetters.get(0).reason());
    assertArrayEquals(bad, Base64.getDecoder().decode(out.deadLetters.get(0).rawFrame()));
  }

  /**
   * Microseconds read as milliseconds would be year 58607: dead-lettered, or read right with the
   * option.
   */
  @Test
  void aBinanceTradeTimeInMicrosecondsIsDeadLetteredUnlessTheCaptureSaysMicroseconds()
      throws Exception {
    long micros = 1787315652707123L;
    String frame = binanceTrade("BTCUSDT", 1, "1", micros, true);
    CapturingOutput asMillis = new CapturingOutput();
    replay(binance(false), 0, new ArrayList<>(), asMillis, frame);
    assertTrue(asMillis.trades.isEmpty(), asMillis.trades.toString());
    assertTrue(
        asMillis.deadLetters.get(0).reason().contains("after the receive time"),
        asMillis.deadLetters.get(0).reason());
    CapturingOutput asMicros = new CapturingOutput();
    replay(binance(true), 0, new ArrayList<>(), asMicros, frame);
    assertEquals(Instant.parse("2026-08-21T12:34:12.707123Z"), asMicros.trades.get(0).tradeTime());
    assertTrue(asMicros.deadLetters.isEmpty());
  }
}
