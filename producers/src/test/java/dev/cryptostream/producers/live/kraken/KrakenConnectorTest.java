package dev.cryptostream.producers.live.kraken;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.ContractSchema;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.Json;
import dev.cryptostream.producers.live.RestClient;
import dev.cryptostream.producers.live.VenueProtocol;
import dev.cryptostream.producers.live.testing.CapturingOutput;
import dev.cryptostream.producers.live.testing.TestRestServer;
import dev.cryptostream.producers.live.testing.TestRestServer.Response;
import dev.cryptostream.producers.live.testing.TestWebSocketServer.Client;
import dev.cryptostream.producers.live.testing.VenueTestBase;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Kraken connector against a local server speaking WebSocket v2's trade channel. */
class KrakenConnectorTest extends VenueTestBase {
  /** Trade id i happened at T0 + i seconds + 0.25 s. */
  private static final long T0 = 1_780_000_000L;

  @Override
  protected VenueProtocol protocol(String wsBase, String restBase, HttpClient http) {
    return new KrakenProtocol(
        wsBase,
        symbols(),
        new KrakenBackfill(restBase, new RestClient(http, Duration.ZERO)),
        tradeTimeWindow);
  }

  @Override
  protected List<String> symbols() {
    return List.of("BTC-USD", "SOL-USD");
  }

  static String tradeJson(String symbol, long id, String side, String price, String qty) {
    return "{\"symbol\":\""
        + symbol
        + "\",\"side\":\""
        + side
        + "\",\"price\":"
        + price
        + ",\"qty\":"
        + qty
        + ",\"ord_type\":\"market\",\"trade_id\":"
        + id
        + ",\"timestamp\":\""
        + Instant.ofEpochSecond(T0 + id, 250_000_000)
        + "\"}";
  }

  static String frame(String... trades) {
    return "{\"channel\":\"trade\",\"type\":\"update\",\"data\":["
        + String.join(",", trades)
        + "]}";
  }

  static String trade(long id) {
    return frame(tradeJson("BTC/USD", id, id % 2 == 0 ? "buy" : "sell", "105910.50", "0.00012460"));
  }

  /**
   * Kraken's Trades endpoint: rows from 'since' (seconds, or a nanosecond cursor), three per page
   * here to force paging.
   */
  private void restServesIdsUpTo(long newest) {
    restHandler =
        uri -> {
          Map<String, String> q = TestRestServer.query(uri);
          if (!uri.getPath().equals("/0/public/Trades") || !"XBTUSD".equals(q.get("pair"))) {
            return Response.json("{\"error\":[\"EQuery:Unknown asset pair\"]}");
          }
          long since = Long.parseLong(q.get("since"));
          long sinceNanos = since > 10_000_000_000L ? since : since * 1_000_000_000L;
          StringBuilder rows = new StringBuilder();
          long lastNanos = sinceNanos;
          int n = 0;
          for (long id = 1; id <= newest && n < 3; id++) {
            long nanos = (T0 + id) * 1_000_000_000L + 250_000_000L;
            if (nanos > sinceNanos) {
              rows.append(n++ == 0 ? "" : ",")
                  .append("[\"105910.50000\",\"0.00012460\",")
                  .append(T0 + id)
                  .append(".25,\"")
                  .append(id % 2 == 0 ? "b" : "s")
                  .append("\",\"m\",\"\",")
                  .append(id)
                  .append("]");
              lastNanos = nanos;
            }
          }
          return Response.json(
              "{\"error\":[],\"result\":{\"XXBTZUSD\":["
                  + rows
                  + "],\"last\":\""
                  + lastNanos
                  + "\"}}");
        };
  }

  private static void assertSubscribe(String text) throws Exception {
    JsonNode m = Json.tree(text);
    assertEquals("subscribe", m.get("method").asText());
    assertEquals("trade", m.get("params").get("channel").asText());
    assertEquals("[\"BTC/USD\",\"SOL/USD\"]", m.get("params").get("symbol").toString());
    assertEquals(false, m.get("params").get("snapshot").asBoolean());
  }

  @Test
  void subscribesAndReadsNumbersExactlyWithSeveralTradesPerFrame() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText(
        "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"system\":\"online\",\"api_version\":\"v2\"}]}");
    c.sendText(
        "{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"symbol\":\"BTC/USD\"},\"success\":true,\"req_id\":1}");
    c.sendText("{\"channel\":\"heartbeat\"}");
    c.sendText(
        frame(
            tradeJson("BTC/USD", 10218209, "sell", "105910.50", "0.00012460"),
            tradeJson("SOL/USD", 555, "buy", "151.2300", "12.5"),
            // beyond what a double holds: 19 significant digits
            tradeJson("BTC/USD", 10218210, "buy", "105910.5000000001", "1.000000000000000001")));
    out.awaitTrades(3, WAIT);
    TradeEvent a = out.trades.get(0);
    assertEquals("kraken:BTC-USD", a.kafkaKey());
    assertEquals("105910.50", a.price().toPlainString());
    assertEquals("0.00012460", a.quantity().toPlainString());
    assertEquals(TakerSide.SELL, a.side(), "Kraken gives the taker side");
    assertEquals(Instant.ofEpochSecond(T0 + 10218209, 250_000_000), a.tradeTime());
    assertEquals("SOL-USD", out.trades.get(1).symbol());
    assertEquals(TakerSide.BUY, out.trades.get(1).side());
    assertEquals("151.2300", out.trades.get(1).price().toPlainString());
    assertEquals("105910.5000000001", out.trades.get(2).price().toPlainString());
    assertEquals("1.000000000000000001", out.trades.get(2).quantity().toPlainString());
    for (TradeEvent e : out.trades) {
      assertTrue(
          ContractSchema.validate(TradeEventJson.toJson(e)).isEmpty(), TradeEventJson.toJson(e));
    }
    assertTrue(out.deadLetters.isEmpty(), out.deadLetters.toString());
  }

  @Test
  void pingsWhenEvenHeartbeatsStopAndStaysWhileAnswered() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    long end = System.nanoTime() + Duration.ofMillis(2400).toNanos(); // three silence timeouts
    int pings = 0;
    while (System.nanoTime() < end) {
      String ping = c.awaitText(WAIT);
      assertEquals("ping", Json.tree(ping).get("method").asText());
      pings++;
      c.sendText("{\"method\":\"pong\",\"req_id\":0,\"time_in\":\"2026-01-01T00:00:00.000000Z\"}");
    }
    assertTrue(pings >= 5, "about one ping per 200 ms of quiet, got " + pings);
    ws.assertNoNewClient(Duration.ofMillis(100));
    assertEquals(0, connector.stats().watchdogFired());
    assertTrue(connector.stats().keepAlivesSent() >= pings);
    assertTrue(out.deadLetters.isEmpty(), "pongs are not dead letters");
  }

  @Test
  void unansweredPingsLetTheWatchdogReconnectAndResubscribe() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    assertEquals(KrakenProtocol.PING, c.awaitText(WAIT)); // ignored by the "server"
    Client next = ws.awaitClient(WAIT);
    assertSubscribe(next.awaitText(WAIT));
    assertEquals(1, connector.stats().watchdogFired());
  }

  @Test
  void tradesMissedDuringA1006DropAreBackfilledByTimeAndFilteredToTheGap() throws Exception {
    restServesIdsUpTo(100);
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText(trade(3));
    out.awaitTrades(1, WAIT);
    first.drop();
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    second.sendText(trade(11));
    out.awaitTrades(9, WAIT);
    Thread.sleep(200);
    assertEquals(List.of("3", "11", "4", "5", "6", "7", "8", "9", "10"), out.tradeIds());
    List<TradeEvent> filled = out.trades.subList(2, 9);
    assertTrue(filled.stream().allMatch(e -> e.source() == TradeSource.REST_BACKFILL));
    assertEquals(TakerSide.BUY, filled.get(0).side(), "row side b: the taker bought");
    assertEquals(Instant.ofEpochSecond(T0 + 4, 250_000_000), filled.get(0).tradeTime());
    assertEquals("105910.50000", filled.get(0).price().toPlainString());
    // First request starts a second before the last trade seen (id 3), then follows the cursor.
    assertEquals(
        Long.toString(T0 + 3 - 1), TestRestServer.query(rest.requests().get(0)).get("since"));
    assertTrue(rest.requests().size() >= 3, "paged: " + rest.requests());
    assertEquals(7, connector.stats().symbol("BTC-USD").backfilled());
    assertEquals(0, connector.stats().symbol("BTC-USD").unfilled());
  }

  @Test
  void aGapInsideOneFrameIsFound() throws Exception {
    restServesIdsUpTo(100);
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(
        frame(
            tradeJson("BTC/USD", 20, "buy", "1.5", "2"),
            tradeJson("BTC/USD", 21, "buy", "1.5", "2"),
            tradeJson("BTC/USD", 24, "sell", "1.5", "2")));
    out.awaitTrades(5, WAIT);
    assertEquals(List.of("20", "21", "24", "22", "23"), out.tradeIds());
    assertEquals(1, connector.stats().symbol("BTC-USD").gapsFound());
  }

  @Test
  void unusableFramesAreDeadLetteredAndTheFeedGoesOn() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    List<String> bad =
        List.of(
            frame(tradeJson("BTC/USD", 1, "buy", "\"105910.50\"", "1")),
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[]}",
            "{\"channel\":\"trade\",\"type\":\"update\",\"data\":{}}",
            frame(
                tradeJson("BTC/USD", 2, "buy", "1.0", "1"),
                tradeJson("ETH/USD", 3, "buy", "1.0", "1")),
            frame(tradeJson("BTC/USD", 4, "buy", "1.0000000000000000001", "1")),
            "{\"channel\":\"trade\"");
    for (String f : bad) {
      c.sendText(f);
    }
    c.sendText(trade(5));
    out.awaitTrades(1, WAIT);
    out.awaitDeadLetters(bad.size(), WAIT);
    assertEquals(List.of("5"), out.tradeIds(), "a frame with one bad trade is dead-lettered whole");
    assertTrue(
        out.deadLetters.get(0).reason().contains("'price' is not a number"),
        out.deadLetters.get(0).reason());
    assertTrue(out.deadLetters.get(1).reason().contains("'book'"));
    assertTrue(out.deadLetters.get(2).reason().contains("not an array"));
    assertTrue(out.deadLetters.get(3).reason().contains("ETH/USD"));
    assertTrue(out.deadLetters.get(4).reason().contains("18 decimals"));
    assertTrue(out.deadLetters.get(5).reason().startsWith("not JSON"));
    assertEquals(0, connector.stats().reconnects());
  }

  @Test
  void aServerCloseLeadsToAFreshSubscriptionAndTheFeedResumes() throws Exception {
    restServesIdsUpTo(100);
    start();
    Client first = ws.awaitClient(WAIT);
    assertSubscribe(first.awaitText(WAIT));
    first.sendText(trade(40));
    out.awaitTrades(1, WAIT);
    first.sendClose(1001, "maintenance");
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    second.sendText(trade(41));
    out.awaitTrades(2, WAIT);
    assertEquals(List.of("40", "41"), out.tradeIds());
    assertEquals(1, connector.stats().reconnects());
    assertTrue(rest.requests().isEmpty(), "no gap, no REST call");
  }

  @Test
  void aRejectionThatNamesNoSymbolIsDeadLetteredAndTheConnectionResubscribesWithBackoff()
      throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText(
        "{\"method\":\"subscribe\",\"success\":false,\"error\":\"Currency pair not supported\",\"req_id\":1}");
    out.awaitDeadLetters(1, WAIT);
    assertTrue(
        out.deadLetters
            .get(0)
            .reason()
            .contains("subscription rejected: Currency pair not supported"),
        out.deadLetters.get(0).reason());
    // Heartbeats would keep a rejected session alive forever; instead it reconnects and subscribes
    // again.
    Client second = ws.awaitClient(WAIT);
    assertTrue(second.awaitText(WAIT).contains("\"subscribe\""));
    second.sendText(trade(7));
    out.awaitTrades(1, WAIT);
    assertEquals(1, connector.stats().reconnects());
  }

  private static String refused(String venueSymbol) {
    return "{\"error\":\"Currency pair not supported "
        + venueSymbol
        + "\",\"method\":\"subscribe\",\"req_id\":1,"
        + "\"success\":false,\"symbol\":\""
        + venueSymbol
        + "\",\"time_in\":\"2026-11-22T10:00:00.000000Z\","
        + "\"time_out\":\"2026-11-22T10:00:00.000100Z\"}";
  }

  @Test
  void oneRefusedSymbolIsDroppedAndReportedWhileTheOthersKeepStreaming() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(
        "{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"symbol\":\"BTC/USD\"},\"success\":true,\"req_id\":1}");
    c.sendText(refused("SOL/USD"));
    c.sendText(trade(7));
    c.sendText(trade(8));
    out.awaitTrades(2, WAIT);
    out.awaitDeadLetters(1, WAIT);
    assertTrue(
        out.deadLetters
            .get(0)
            .reason()
            .contains("subscription rejected: Currency pair not supported SOL/USD"),
        out.deadLetters.get(0).reason());
    // Far longer than the test backoff: a resubscribe loop would have reconnected by now.
    keepTalkingWithoutReconnect(c, "{\"channel\":\"heartbeat\"}", Duration.ofMillis(1000));
    c.sendText(trade(9));
    out.awaitTrades(3, WAIT);
    assertEquals(0, connector.stats().reconnects());
    assertTrue(
        connector
            .stats()
            .statusLines()
            .contains(
                "kraken SOL-USD: REJECTED by the venue, not subscribed (Currency pair not supported SOL/USD)"),
        connector.stats().statusLines().toString());
    assertTrue(connector.hasSymbolsLeft());
    // After an unrelated drop, only the symbol still wanted is asked for.
    c.drop();
    Client second = ws.awaitClient(WAIT);
    assertEquals(
        "[\"BTC/USD\"]", Json.tree(second.awaitText(WAIT)).get("params").get("symbol").toString());
    second.sendText(trade(10));
    out.awaitTrades(4, WAIT);
    assertEquals(List.of("7", "8", "9", "10"), out.tradeIds());
  }

  /**
   * A refusal without "symbol" whose text names neither of ours, then the acknowledgement of
   * BTC/USD: the one refusal can only be SOL/USD's, which is dropped while BTC/USD keeps streaming
   * on the same socket.
   */
  @Test
  void aRefusalNamingNoSymbolIsPinnedOnTheOneTheVenueDidNotAcknowledge() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(
        "{\"error\":\"EGeneral:Unknown error\",\"method\":\"subscribe\",\"req_id\":1,\"success\":false,"
            + "\"time_in\":\"2026-11-22T10:00:00.000000Z\",\"time_out\":\"2026-11-22T10:00:00.000100Z\"}");
    c.sendText(
        "{\"method\":\"subscribe\",\"result\":{\"channel\":\"trade\",\"snapshot\":false,\"symbol\":\"BTC/USD\"},"
            + "\"success\":true,\"req_id\":1}");
    c.sendText(trade(7));
    out.awaitTrades(1, WAIT);
    assertEquals(
        "EGeneral:Unknown error (the venue did not confirm it)", awaitRejection("SOL-USD"));
    assertStaysUpWithSymbolsLeft(c, "{\"channel\":\"heartbeat\"}");
  }

  @Test
  void whenEverySymbolIsRefusedTheConnectionStopsInsteadOfLooping() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(refused("BTC/USD"));
    c.sendText(refused("SOL/USD"));
    out.awaitDeadLetters(2, WAIT);
    CapturingOutput.await(WAIT, () -> !connector.hasSymbolsLeft(), () -> "symbols left");
    assertTrue(c.awaitGone(WAIT), "the connection is closed");
    ws.assertNoNewClient(Duration.ofMillis(1000));
    assertTrue(
        connector
            .stats()
            .statusLines()
            .contains("kraken connection kraken#0: the venue refused every symbol; not connected"),
        connector.stats().statusLines().toString());
  }
}
