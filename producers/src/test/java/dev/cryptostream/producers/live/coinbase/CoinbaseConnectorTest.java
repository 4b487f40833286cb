package dev.cryptostream.producers.live.coinbase;

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
import dev.cryptostream.producers.live.testing.TestRestServer;
import dev.cryptostream.producers.live.testing.TestRestServer.Response;
import dev.cryptostream.producers.live.testing.TestWebSocketServer.Client;
import dev.cryptostream.producers.live.testing.VenueTestBase;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The Coinbase connector against a local server speaking the Exchange feed's matches/heartbeat
 * protocol.
 */
class CoinbaseConnectorTest extends VenueTestBase {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00.000001Z");

  @Override
  protected VenueProtocol protocol(String wsBase, String restBase, HttpClient http) {
    return new CoinbaseProtocol(
        wsBase,
        symbols(),
        new CoinbaseBackfill(restBase, new RestClient(http, Duration.ZERO)),
        tradeTimeWindow);
  }

  @Override
  protected List<String> symbols() {
    return List.of("BTC-USD", "ETH-USD");
  }

  static String match(String type, String product, long id, String makerSide) {
    return "{\"type\":\""
        + type
        + "\",\"trade_id\":"
        + id
        + ",\"sequence\":"
        + (id * 7)
        + ",\"maker_order_id\":\"ac928c66-ca53-498f-9c13-a110027a60e8\","
        + "\"taker_order_id\":\"132fb6ae-456b-4654-b4e0-d681ac05cea1\",\"time\":\""
        + T0.plusMillis(id)
        + "\",\"product_id\":\""
        + product
        + "\",\"size\":\"5.23512\",\"price\":\"400.23\",\"side\":\""
        + makerSide
        + "\"}";
  }

  static String match(long id) {
    return match("match", "BTC-USD", id, id % 2 == 0 ? "buy" : "sell");
  }

  static String restTrade(long id) {
    return "{\"time\":\""
        + T0.plusMillis(id)
        + "\",\"trade_id\":"
        + id
        + ",\"price\":\"400.23\",\"size\":\"5.23512\","
        + "\"side\":\""
        + (id % 2 == 0 ? "buy" : "sell")
        + "\"}";
  }

  static String heartbeat(String product, long lastTradeId) {
    return "{\"type\":\"heartbeat\",\"sequence\":90,\"last_trade_id\":"
        + lastTradeId
        + ",\"product_id\":\""
        + product
        + "\",\"time\":\"2026-03-01T12:00:01.000000Z\"}";
  }

  /**
   * Coinbase's REST pages: trades older than {@code after}, newest first, at most {@code limit};
   * ids 1..1000 exist.
   */
  private void restServesIdsUpTo(long newest) {
    restHandler =
        uri -> {
          var q = TestRestServer.query(uri);
          if (!uri.getPath().equals("/products/BTC-USD/trades")) {
            return new Response(404, "{\"message\":\"NotFound\"}");
          }
          long after = Long.parseLong(q.get("after"));
          int limit = Integer.parseInt(q.get("limit"));
          StringBuilder sb = new StringBuilder("[");
          long id = Math.min(after - 1, newest);
          for (int n = 0; n < limit && id >= 1; n++, id--) {
            sb.append(n == 0 ? "" : ",").append(restTrade(id));
          }
          return Response.json(sb.append("]").toString());
        };
  }

  private static void assertSubscribe(String text) throws Exception {
    JsonNode m = Json.tree(text);
    assertEquals("subscribe", m.get("type").asText());
    assertEquals("[\"BTC-USD\",\"ETH-USD\"]", m.get("product_ids").toString());
    assertEquals("[\"matches\",\"heartbeat\"]", m.get("channels").toString());
  }

  @Test
  void subscribesAndNormalisesMatchesWithTheMakerSideInverted() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText(
        "{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"matches\",\"product_ids\":[\"BTC-USD\",\"ETH-USD\"]}]}");
    c.sendText(match("last_match", "BTC-USD", 9, "sell"));
    c.sendText(match("match", "ETH-USD", 77, "buy"));
    out.awaitTrades(2, WAIT);
    TradeEvent btc = out.trades.get(0);
    assertEquals("coinbase:BTC-USD", btc.kafkaKey());
    assertEquals("9", btc.tradeId());
    assertEquals(TakerSide.BUY, btc.side(), "maker sold, so the taker bought");
    assertEquals("400.23", btc.price().toPlainString());
    assertEquals("5.23512", btc.quantity().toPlainString());
    assertEquals(T0.plusMillis(9), btc.tradeTime());
    assertEquals(TradeSource.WS, btc.source());
    TradeEvent eth = out.trades.get(1);
    assertEquals("ETH-USD", eth.symbol());
    assertEquals(TakerSide.SELL, eth.side(), "maker bought, so the taker sold");
    for (TradeEvent e : out.trades) {
      assertTrue(
          ContractSchema.validate(TradeEventJson.toJson(e)).isEmpty(), TradeEventJson.toJson(e));
    }
    assertTrue(
        TradeEventJson.toJson(btc).contains("\"trade_time\":\"2026-03-01T12:00:00.009001Z\""),
        "microseconds kept");
    assertTrue(out.deadLetters.isEmpty(), out.deadLetters.toString());
  }

  @Test
  void heartbeatsKeepAQuietConnectionAlive() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(match(5));
    long end = System.nanoTime() + Duration.ofMillis(2400).toNanos(); // three silence timeouts
    while (System.nanoTime() < end) {
      c.sendText(heartbeat("BTC-USD", 5));
      Thread.sleep(200);
    }
    ws.assertNoNewClient(Duration.ofMillis(100));
    assertEquals(0, connector.stats().watchdogFired());
    assertEquals(
        0, connector.stats().symbol("BTC-USD").gapsFound(), "heartbeat at the newest id is no gap");
  }

  @Test
  void aHeartbeatAheadOfTheMatchesRevealsDroppedMatchesWhichAreBackfilled() throws Exception {
    restServesIdsUpTo(13);
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(match(10));
    c.sendText(heartbeat("BTC-USD", 13));
    out.awaitTrades(4, WAIT);
    assertEquals(List.of("10", "11", "12", "13"), out.tradeIds());
    assertEquals(
        List.of(
            TradeSource.WS,
            TradeSource.REST_BACKFILL,
            TradeSource.REST_BACKFILL,
            TradeSource.REST_BACKFILL),
        out.trades.stream().map(TradeEvent::source).toList());
    assertEquals(
        TakerSide.BUY,
        out.trades.get(1).side(),
        "REST side is the maker side too (11: maker sold)");
    assertEquals("14", TestRestServer.query(rest.requests().get(0)).get("after"));
    c.sendText(match(12)); // the dropped match turns up late after all
    c.sendText(match(14));
    out.awaitTrades(5, WAIT);
    assertEquals("14", out.trades.get(4).tradeId());
    assertEquals(1, connector.stats().symbol("BTC-USD").duplicates());
  }

  @Test
  void aLargeGapIsReadBackwardsPageByPageAndPublishedOnce() throws Exception {
    restServesIdsUpTo(1000);
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(match(1));
    c.sendText(match(152));
    out.awaitTrades(152, WAIT);
    Thread.sleep(200);
    assertEquals(
        LongStream.rangeClosed(1, 152).mapToObj(Long::toString).toList(),
        out.tradeIds().stream()
            .sorted((a, b) -> Long.compare(Long.parseLong(a), Long.parseLong(b)))
            .toList());
    assertEquals(
        150, out.trades.stream().filter(e -> e.source() == TradeSource.REST_BACKFILL).count());
    assertEquals(
        List.of("152", "52"),
        rest.requests().stream().map(u -> TestRestServer.query(u).get("after")).toList());
  }

  @Test
  void resubscribesAfterADropAndCountsTheReplayedLastMatchAsDuplicate() throws Exception {
    restServesIdsUpTo(1000);
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText(match("last_match", "BTC-USD", 20, "buy"));
    first.sendText(match(21));
    out.awaitTrades(2, WAIT);
    first.drop();
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    second.sendText(match("last_match", "BTC-USD", 21, "sell"));
    second.sendText(match(22));
    out.awaitTrades(3, WAIT);
    Thread.sleep(100);
    assertEquals(List.of("20", "21", "22"), out.tradeIds());
    assertEquals(1, connector.stats().symbol("BTC-USD").duplicates());
    assertEquals(1, connector.stats().reconnects());
  }

  @Test
  void serverCloseAndSilenceBothLeadToAFreshSubscription() throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendClose(1011, "slow consumer");
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    // second stays silent: the watchdog must replace it
    Client third = ws.awaitClient(WAIT);
    assertSubscribe(third.awaitText(WAIT));
    assertEquals(1, connector.stats().watchdogFired());
    assertEquals(2, connector.stats().reconnects());
    third.sendText(match(1));
    out.awaitTrades(1, WAIT);
  }

  @Test
  void unusableFramesAreDeadLetteredAndTheFeedGoesOn() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    List<String> bad =
        List.of(
            "{\"type\":\"ticker\",\"product_id\":\"BTC-USD\"}",
            match("match", "BTC-USD", 3, "middle"),
            match("match", "SOL-USD", 4, "buy"),
            match(5).replace("\"time\":\"", "\"time\":\"yesterday "),
            "{\"trade_id\":6}",
            "{\"type\":\"match\",\"trade_id\":7,");
    for (String f : bad) {
      c.sendText(f);
    }
    c.sendText(match(8));
    out.awaitTrades(1, WAIT);
    out.awaitDeadLetters(bad.size(), WAIT);
    assertEquals(List.of("8"), out.tradeIds());
    assertTrue(out.deadLetters.get(0).reason().contains("'ticker'"));
    assertTrue(out.deadLetters.get(1).reason().contains("neither buy nor sell"));
    assertTrue(out.deadLetters.get(2).reason().contains("SOL-USD"));
    assertTrue(out.deadLetters.get(3).reason().contains("RFC 3339"));
    assertTrue(out.deadLetters.get(4).reason().contains("'type'"));
    assertTrue(out.deadLetters.get(5).reason().startsWith("not JSON"));
    for (int i = 0; i < bad.size(); i++) {
      assertEquals(bad.get(i), out.deadLetters.get(i).rawFrame());
      assertEquals("coinbase", out.deadLetters.get(i).venue());
    }
    assertEquals(0, connector.stats().reconnects());
  }

  @Test
  void aRestAnswerOfTheWrongShapeLeavesTheGapUnfilled() throws Exception {
    restHandler = uri -> Response.json("{\"message\":\"unexpected\"}");
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(match(1));
    c.sendText(match(4));
    dev.cryptostream.producers.live.testing.CapturingOutput.await(
        WAIT,
        () -> connector.stats().symbol("BTC-USD").unfilled() == 2,
        () -> "unfilled " + connector.stats().symbol("BTC-USD").unfilled());
    assertEquals(List.of("1", "4"), out.tradeIds());
    assertEquals(URI.create("/products/BTC-USD/trades?after=4&limit=100"), rest.requests().get(0));
  }

  private static final String SUBSCRIPTIONS = "{\"type\":\"subscriptions\",\"channels\":[]}";

  /**
   * An error frame refusing one product no longer leaves the session idling until the watchdog: the
   * product is dropped and reported, the others are asked for again at once on the same socket.
   */
  @Test
  void anErrorFrameRefusingOneProductDropsItAndResubscribesTheOthersAtOnce() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText(
        "{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"ETH-USD is not a valid product\"}");
    JsonNode again = Json.tree(c.awaitText(Duration.ofMillis(500)));
    assertEquals("subscribe", again.get("type").asText());
    assertEquals("[\"BTC-USD\"]", again.get("product_ids").toString());
    out.awaitDeadLetters(1, WAIT);
    assertEquals(
        "subscription rejected: Failed to subscribe ETH-USD is not a valid product",
        out.deadLetters.get(0).reason());
    c.sendText(match(1));
    keepTalkingWithoutReconnect(c, SUBSCRIPTIONS, Duration.ofMillis(1000));
    c.sendText(match(2));
    out.awaitTrades(2, WAIT);
    assertEquals(0, connector.stats().reconnects());
    assertEquals(0, connector.stats().watchdogFired());
    assertEquals(
        "Failed to subscribe ETH-USD is not a valid product",
        connector.stats().symbol("ETH-USD").rejection());
  }

  /**
   * Coinbase as observed: the error names the refused product, then a subscriptions message lists
   * the products that were subscribed (see docs/connectors.md). A bare "Failed to subscribe" names
   * none: the listing that follows tells which product it refused, and only that one is dropped.
   */
  @Test
  void aRefusalNamingNoProductIsPinnedOnTheProductMissingFromTheSubscriptions() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText("{\"type\":\"error\",\"message\":\"Failed to subscribe\"}");
    c.sendText(
        "{\"type\":\"subscriptions\",\"channels\":[{\"name\":\"matches\",\"product_ids\":[\"BTC-USD\"]},"
            + "{\"name\":\"heartbeat\",\"product_ids\":[\"BTC-USD\"]}]}");
    JsonNode again = Json.tree(c.awaitText(WAIT));
    assertEquals("[\"BTC-USD\"]", again.get("product_ids").toString());
    assertEquals("Failed to subscribe (the venue did not confirm it)", awaitRejection("ETH-USD"));
    c.sendText(match(1));
    out.awaitTrades(1, WAIT);
    assertStaysUpWithSymbolsLeft(c, SUBSCRIPTIONS);
  }

  /**
   * A subscriptions listing that holds none of our products cannot tell which one a refusal was
   * about (the whole request may have failed): the session reconnects, no product is dropped.
   */
  @Test
  void aRefusalFollowedByAnEmptyListingReconnectsAndDropsNothing() throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText("{\"type\":\"error\",\"message\":\"Failed to subscribe\"}");
    first.sendText(SUBSCRIPTIONS);
    Client second = ws.awaitClient(Duration.ofMillis(700));
    assertSubscribe(second.awaitText(WAIT));
    assertEquals(null, connector.stats().symbol("ETH-USD").rejection());
    assertEquals(null, connector.stats().symbol("BTC-USD").rejection());
  }

  /**
   * An error naming no product of ours ends the session at once (backoff), not after the watchdog.
   */
  @Test
  void anErrorFrameNamingNoProductReconnectsWithoutWaitingForTheWatchdog() throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText(
        "{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"too many requests\"}");
    Client second =
        ws.awaitClient(Duration.ofMillis(700)); // the watchdog would take 800 ms of silence
    assertSubscribe(second.awaitText(WAIT));
    assertEquals(0, connector.stats().watchdogFired());
    assertEquals(1, connector.stats().reconnects());
    assertTrue(connector.hasSymbolsLeft());
  }
}
