package dev.cryptostream.producers.live.okx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.ContractSchema;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.FrameResult;
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

/** The OKX connector against a local server speaking v5 public's trades channel. */
class OkxConnectorTest extends VenueTestBase {
  private static final long TS = 1_630_048_897_897L;

  @Override
  protected VenueProtocol protocol(String wsBase, String restBase, HttpClient http) {
    return new OkxProtocol(
        wsBase,
        symbols(),
        new OkxBackfill(restBase, new RestClient(http, Duration.ZERO)),
        tradeTimeWindow);
  }

  @Override
  protected List<String> symbols() {
    return List.of("BTC-USDT", "XRP-USDT");
  }

  static String tradeJson(String instId, long tradeId, int count, String side) {
    return "{\"instId\":\""
        + instId
        + "\",\"tradeId\":\""
        + tradeId
        + "\",\"px\":\"42219.9\",\"sz\":\"0.12060306\","
        + "\"side\":\""
        + side
        + "\",\"ts\":\""
        + (TS + tradeId)
        + "\",\"count\":\""
        + count
        + "\",\"seqId\":"
        + tradeId
        + "}";
  }

  static String frame(String instId, String... trades) {
    return "{\"arg\":{\"channel\":\"trades\",\"instId\":\""
        + instId
        + "\"},\"data\":["
        + String.join(",", trades)
        + "]}";
  }

  static String trade(long id) {
    return frame("BTC-USDT", tradeJson("BTC-USDT", id, 1, id % 2 == 0 ? "buy" : "sell"));
  }

  /**
   * history-trades: trades older than 'after', newest first, at most 'limit'; ids 1..newest exist.
   */
  private void restServesIdsUpTo(long newest) {
    restHandler =
        uri -> {
          Map<String, String> q = TestRestServer.query(uri);
          if (!uri.getPath().equals("/api/v5/market/history-trades")
              || !"1".equals(q.get("type"))) {
            return Response.json("{\"code\":\"51000\",\"msg\":\"Parameter error\",\"data\":[]}");
          }
          long after = Long.parseLong(q.get("after"));
          int limit = Integer.parseInt(q.get("limit"));
          StringBuilder sb = new StringBuilder();
          long id = Math.min(after - 1, newest);
          for (int n = 0; n < limit && id >= 1; n++, id--) {
            sb.append(n == 0 ? "" : ",")
                .append("{\"instId\":\"BTC-USDT\",\"side\":\"")
                .append(id % 2 == 0 ? "buy" : "sell")
                .append("\",\"sz\":\"0.00001\",\"px\":\"29963.2\",\"tradeId\":\"")
                .append(id)
                .append("\",\"ts\":\"")
                .append(TS + id)
                .append("\"}");
          }
          return Response.json("{\"code\":\"0\",\"msg\":\"\",\"data\":[" + sb + "]}");
        };
  }

  private static void assertSubscribe(String text) throws Exception {
    JsonNode m = Json.tree(text);
    assertEquals("subscribe", m.get("op").asText());
    assertEquals(
        "[{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},{\"channel\":\"trades\",\"instId\":\"XRP-USDT\"}]",
        m.get("args").toString());
  }

  @Test
  void subscribesAndNormalisesAggregatedTrades() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText(
        "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}");
    c.sendText(frame("BTC-USDT", tradeJson("BTC-USDT", 130639474, 3, "buy")));
    c.sendText(frame("XRP-USDT", tradeJson("XRP-USDT", 77, 1, "sell")));
    out.awaitTrades(2, WAIT);
    TradeEvent btc = out.trades.get(0);
    assertEquals("okx:BTC-USDT", btc.kafkaKey());
    assertEquals("130639474", btc.tradeId(), "the aggregate carries the last fill's id");
    assertEquals("42219.9", btc.price().toPlainString());
    assertEquals("0.12060306", btc.quantity().toPlainString());
    assertEquals(TakerSide.BUY, btc.side(), "OKX gives the taker side");
    assertEquals(Instant.ofEpochMilli(TS + 130639474), btc.tradeTime());
    assertEquals(TakerSide.SELL, out.trades.get(1).side());
    for (TradeEvent e : out.trades) {
      assertTrue(
          ContractSchema.validate(TradeEventJson.toJson(e)).isEmpty(), TradeEventJson.toJson(e));
    }
    assertTrue(out.deadLetters.isEmpty(), out.deadLetters.toString());
  }

  @Test
  void sendsTextPingsWhenIdleAndStaysWhilePongsComeBack() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    long end = System.nanoTime() + Duration.ofMillis(2400).toNanos();
    int pings = 0;
    while (System.nanoTime() < end) {
      assertEquals("ping", c.awaitText(WAIT));
      pings++;
      c.sendText("pong");
    }
    assertTrue(pings >= 5, "pings: " + pings);
    ws.assertNoNewClient(Duration.ofMillis(100));
    assertEquals(0, connector.stats().watchdogFired());
    assertTrue(out.deadLetters.isEmpty(), "pong is not a dead letter");
  }

  @Test
  void restartNotice64008RotatesAndResubscribes() throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText(trade(1));
    first.sendText(
        "{\"event\":\"notice\",\"code\":\"64008\",\"msg\":\"The connection will soon be closed for a service upgrade. Please reconnect.\",\"connId\":\"a4d3ae55\"}");
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    // Make before break: the first goes once the second delivers. Waiting for it first raced the
    // second's own silence watchdog (both fire after one silence timeout): "Socket is closed".
    second.sendText(trade(2));
    out.awaitTrades(2, WAIT);
    assertTrue(first.awaitGone(WAIT));
    assertEquals(1, connector.stats().rotations());
    assertTrue(out.deadLetters.isEmpty());
  }

  @Test
  void aGapBeforeAnAggregateIsFoundFromTradeIdAndCountAndBackfilled() throws Exception {
    restServesIdsUpTo(1000);
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(trade(100));
    c.sendText(frame("BTC-USDT", tradeJson("BTC-USDT", 110, 3, "sell"))); // fills 108..110
    c.sendText(frame("BTC-USDT", tradeJson("BTC-USDT", 112, 2, "buy"))); // fills 111..112: no gap
    out.awaitTrades(3 + 7, WAIT);
    Thread.sleep(200);
    assertEquals(
        List.of("100", "110", "112", "101", "102", "103", "104", "105", "106", "107"),
        out.tradeIds());
    assertTrue(
        out.trades.subList(3, 10).stream().allMatch(e -> e.source() == TradeSource.REST_BACKFILL));
    assertEquals(TakerSide.SELL, out.trades.get(3).side(), "101: taker sold");
    assertEquals("29963.2", out.trades.get(3).price().toPlainString());
    assertEquals(1, rest.requests().size());
    assertEquals("108", TestRestServer.query(rest.requests().get(0)).get("after"));
    assertEquals("BTC-USDT", TestRestServer.query(rest.requests().get(0)).get("instId"));
    assertEquals(1, connector.stats().symbol("BTC-USDT").gapsFound());
  }

  @Test
  void dropsCloseAndUnansweredPingsAllEndInAResubscribedConnection() throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.drop();
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    second.sendClose(4004, "no subscription");
    Client third = ws.awaitClient(WAIT);
    assertSubscribe(third.awaitText(WAIT));
    assertEquals("ping", third.awaitText(WAIT)); // never answered
    Client fourth = ws.awaitClient(WAIT);
    assertSubscribe(fourth.awaitText(WAIT));
    assertEquals(3, connector.stats().reconnects());
    assertEquals(1, connector.stats().watchdogFired());
  }

  @Test
  void unusableFramesAreDeadLetteredAndTheFeedGoesOn() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    List<String> bad =
        List.of(
            "{\"event\":\"notice\",\"code\":\"64099\",\"msg\":\"something new\"}",
            frame(
                "BTC-USDT",
                tradeJson("BTC-USDT", 5, 1, "buy").replace("\"px\":\"42219.9\"", "\"px\":42219.9")),
            frame("BTC-USDT", tradeJson("BTC-USDT", 6, 0, "buy")),
            frame("BTC-USDT", tradeJson("BTC-USDT", 7, 1, "taker")),
            "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"data\":[]}",
            frame("ETH-USDT", tradeJson("ETH-USDT", 8, 1, "buy")),
            "PONG");
    for (String f : bad) {
      c.sendText(f);
    }
    c.sendText(trade(9));
    out.awaitTrades(1, WAIT);
    out.awaitDeadLetters(bad.size(), WAIT);
    assertEquals(List.of("9"), out.tradeIds());
    assertTrue(out.deadLetters.get(0).reason().contains("notice 64099"));
    assertTrue(
        out.deadLetters.get(1).reason().contains("'px' is not a string"),
        out.deadLetters.get(1).reason());
    assertTrue(out.deadLetters.get(2).reason().contains("'count'"));
    assertTrue(out.deadLetters.get(3).reason().contains("neither buy nor sell"));
    assertTrue(out.deadLetters.get(4).reason().contains("'books'"));
    assertTrue(out.deadLetters.get(5).reason().contains("ETH-USDT"));
    assertTrue(out.deadLetters.get(6).reason().startsWith("not JSON"));
    assertEquals(0, connector.stats().reconnects());
  }

  @Test
  void anErrorEventNamingNoSymbolEndsTheSessionAndResubscribes() throws Exception {
    start();
    Client first = ws.awaitClient(WAIT);
    first.awaitText(WAIT);
    first.sendText("{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Doesn't exist\"}");
    out.awaitDeadLetters(1, WAIT);
    assertTrue(
        out.deadLetters.get(0).reason().contains("subscription rejected: 60018"),
        out.deadLetters.get(0).reason());
    Client second = ws.awaitClient(WAIT);
    assertSubscribe(second.awaitText(WAIT));
    second.sendText(trade(9));
    out.awaitTrades(1, WAIT);
    assertEquals(1, connector.stats().reconnects());
  }

  /** An acknowledgement of one argument, as OKX sends it. */
  private static final String BTC_ACK =
      "{\"event\":\"subscribe\",\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"connId\":\"a4d3ae55\"}";

  /**
   * OKX's refusal of an unknown instId as observed (code 60018, no "arg", the instId only in the
   * message; see docs/connectors.md).
   */
  private static String unknownInstrument(String instId) {
    return "{\"event\":\"error\",\"msg\":\"Wrong URL or channel:trades,instId:"
        + instId
        + " doesn't exist. Please use the correct URL, channel and parameters referring to API"
        + " document.\",\"code\":\"60018\",\"connId\":\"a4d3ae55\"}";
  }

  @Test
  void anErrorEventForOneInstrumentDropsItAndTheOthersKeepStreaming() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText(BTC_ACK);
    c.sendText(unknownInstrument("XRP-USDT"));
    c.sendText(trade(1));
    out.awaitTrades(1, WAIT);
    out.awaitDeadLetters(1, WAIT);
    assertTrue(
        out.deadLetters.get(0).reason().contains("subscription rejected: 60018"),
        out.deadLetters.get(0).reason());
    keepTalkingWithoutReconnect(c, "pong", Duration.ofMillis(1000));
    c.sendText(trade(2));
    out.awaitTrades(2, WAIT);
    assertEquals(0, connector.stats().reconnects(), "no resubscribe loop");
    assertEquals(
        "60018: Wrong URL or channel:trades,instId:XRP-USDT doesn't exist. Please use the correct"
            + " URL, channel and parameters referring to API document.",
        connector.stats().symbol("XRP-USDT").rejection());
    assertOnlyBtcIsAskedForAfterADrop(c);
  }

  /** After an unrelated drop, the refused instrument is not asked for again. */
  private void assertOnlyBtcIsAskedForAfterADrop(Client c) throws Exception {
    c.drop();
    Client second = ws.awaitClient(WAIT);
    assertEquals(
        "[{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"}]",
        Json.tree(second.awaitText(WAIT)).get("args").toString(),
        "the refused instrument is not asked for again");
  }

  /**
   * The newer wording OKX was also seen to use ("Subscribe failed, wrong URL or channel:..."), and
   * an instId written into the message that is not exactly ours ("trades.XRP-USDT"): the symbol is
   * still found in the message as a whole word.
   */
  @Test
  void theRefusedInstrumentIsFoundInEitherObservedWording() throws Exception {
    VenueProtocol okx = protocol("ws://unused", "http://unused", null);
    Instant now = Instant.now();
    for (String msg :
        List.of(
            "Subscribe failed, wrong URL or channel:trades,instId:XRP-USDT doesn't exist. Please"
                + " use the correct URL, channel and parameters referring to API document.",
            "Wrong URL or channel:trades,instId:trades.XRP-USDT doesn't exist")) {
      FrameResult r =
          okx.parse(
              "{\"event\":\"error\",\"msg\":\"" + msg + "\",\"code\":\"60018\",\"connId\":\"b2\"}",
              now);
      assertEquals(new FrameResult.SubscriptionRejected("60018: " + msg, "XRP-USDT"), r, msg);
    }
    // A message naming the instId of a longer instrument does not refuse ours.
    FrameResult swap = okx.parse(unknownInstrument("BTC-USDT-SWAP"), now);
    assertEquals(null, ((FrameResult.SubscriptionRejected) swap).symbol());
    assertEquals(new FrameResult.Subscribed(List.of("BTC-USDT"), false), okx.parse(BTC_ACK, now));
  }

  /**
   * A refusal whose message names none of our instruments, before the other instrument's
   * acknowledgement: once BTC-USDT is acknowledged, the one refusal can only be XRP-USDT's. It is
   * dropped and the socket keeps streaming, no reconnect.
   */
  @Test
  void aRefusalNamingNoInstrumentIsPinnedOnTheOneTheVenueDidNotAcknowledge() throws Exception {
    start();
    Client c = ws.awaitClient(WAIT);
    assertSubscribe(c.awaitText(WAIT));
    c.sendText(
        "{\"event\":\"error\",\"msg\":\"Wrong URL or channel:trades doesn't exist\",\"code\":\"60018\","
            + "\"connId\":\"a4d3ae55\"}");
    c.sendText(BTC_ACK);
    c.sendText(trade(1));
    out.awaitTrades(1, WAIT);
    assertEquals(
        "60018: Wrong URL or channel:trades doesn't exist (the venue did not confirm it)",
        awaitRejection("XRP-USDT"));
    assertStaysUpWithSymbolsLeft(c, "pong");
    assertOnlyBtcIsAskedForAfterADrop(c);
  }

  /**
   * REST published part of an aggregate's range before the aggregate arrived late over the socket:
   * the aggregate is not published (its quantity would count those fills twice); the rest of its
   * range comes from REST, one fill each.
   */
  @Test
  void aLateAggregateIsNotPublishedWhenRestAlreadyPublishedPartOfItsRange() throws Exception {
    java.util.concurrent.CountDownLatch aggregateHandled =
        new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    restServesIdsUpTo(1000);
    java.util.function.Function<java.net.URI, Response> afterAggregate =
        after(aggregateHandled, restHandler);
    restHandler =
        uri -> {
          if (calls.incrementAndGet() == 1) {
            // REST lags: it has 101..106 only.
            StringBuilder sb = new StringBuilder();
            for (long id = 106; id >= 101; id--) {
              sb.append(id == 106 ? "" : ",")
                  .append(
                      "{\"instId\":\"BTC-USDT\",\"side\":\"buy\",\"sz\":\"0.00001\","
                          + "\"px\":\"29963.2\",\"tradeId\":\"")
                  .append(id)
                  .append("\",\"ts\":\"")
                  .append(TS + id)
                  .append("\"}");
            }
            return Response.json("{\"code\":\"0\",\"msg\":\"\",\"data\":[" + sb + "]}");
          }
          return afterAggregate.apply(uri);
        };
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(trade(100));
    c.sendText(trade(110)); // gap 101..109
    out.awaitTrades(2 + 6, WAIT); // 101..106 from REST
    c.sendText(frame("BTC-USDT", tradeJson("BTC-USDT", 107, 3, "buy"))); // fills 105..107, late
    c.sendText(
        frame(
            "BTC-USDT",
            tradeJson("BTC-USDT", 103, 1, "sell"))); // a late single id REST already has
    c.sendText(trade(111));
    out.awaitTrades(2 + 6 + 1, WAIT);
    aggregateHandled.countDown();
    out.awaitTrades(2 + 6 + 1 + 3, WAIT); // 107..109 from REST
    Thread.sleep(200);
    assertEquals(
        List.of("100", "110", "101", "102", "103", "104", "105", "106", "111", "107", "108", "109"),
        out.tradeIds());
    assertTrue(
        out.trades.subList(9, 12).stream().allMatch(e -> e.source() == TradeSource.REST_BACKFILL));
    assertEquals(
        new java.math.BigDecimal("0.00001"),
        out.trades.get(9).quantity(),
        "107 as one fill, not the aggregate");
    assertEquals(2, connector.stats().symbol("BTC-USDT").duplicates());
    assertEquals(9, connector.stats().symbol("BTC-USDT").backfilled());
    assertEquals(0, connector.stats().symbol("BTC-USDT").openGaps());
  }

  /** The other order: the late aggregate comes first and claims its ids; REST skips them. */
  @Test
  void aLateAggregateArrivingFirstClaimsItsWholeRange() throws Exception {
    java.util.concurrent.CountDownLatch aggregateHandled =
        new java.util.concurrent.CountDownLatch(1);
    restServesIdsUpTo(1000);
    restHandler = after(aggregateHandled, restHandler);
    start();
    Client c = ws.awaitClient(WAIT);
    c.awaitText(WAIT);
    c.sendText(trade(100));
    c.sendText(trade(110)); // gap 101..109
    c.sendText(frame("BTC-USDT", tradeJson("BTC-USDT", 107, 3, "buy"))); // 105..107
    out.awaitTrades(3, WAIT);
    aggregateHandled.countDown();
    out.awaitTrades(3 + 6, WAIT);
    Thread.sleep(200);
    assertEquals(
        List.of("100", "110", "107", "101", "102", "103", "104", "108", "109"), out.tradeIds());
    assertEquals(6, connector.stats().symbol("BTC-USDT").backfilled());
  }

  /** A port that refuses every connection: said clearly (URL, attempts), not retried in silence. */
  @Test
  void anEndpointThatNeverConnectsIsReportedWithItsUrlAndAttempts() throws Exception {
    int port;
    try (java.net.ServerSocket free =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    HttpClient http = HttpClient.newHttpClient();
    connector =
        new dev.cryptostream.producers.live.LiveConnector(
            protocol("ws://127.0.0.1:" + port + "/ws/v5/public", rest.baseUrl(), http),
            symbols(),
            fastPolicy(),
            backfillRetry,
            out,
            http);
    connector.start();
    CapturingOutput.await(
        WAIT,
        () -> connector.stats().connectionProblems().containsKey("okx#0"),
        () -> "no problem reported: " + connector.stats().statusLines());
    String problem = connector.stats().connectionProblems().get("okx#0");
    assertTrue(
        problem.startsWith(
            "no data from ws://127.0.0.1:" + port + "/ws/v5/public after 3 connection attempts"),
        problem);
    assertTrue(problem.contains("last: cannot connect"), problem);
    assertTrue(
        connector.stats().statusLines().stream()
            .anyMatch(l -> l.startsWith("okx connection okx#0: no data from")));
  }

  /**
   * A server that accepts and then says nothing (not even pongs): reported, and cleared once data
   * flows.
   */
  @Test
  void anEndpointThatConnectsButNeverDeliversIsReportedUntilDataFlows() throws Exception {
    start();
    for (int i = 0; i < 3; i++) {
      ws.awaitClient(WAIT)
          .awaitText(WAIT); // subscribed, then nothing: the watchdog ends each session
    }
    CapturingOutput.await(
        WAIT,
        () -> connector.stats().connectionProblems().containsKey("okx#0"),
        () -> "no problem reported: " + connector.stats().statusLines());
    String problem = connector.stats().connectionProblems().get("okx#0");
    assertTrue(
        problem.startsWith("no data from " + ws.baseUrl() + " after 3 connection attempts"),
        problem);
    assertTrue(problem.contains("(watchdog)"), problem);
    Client fourth = ws.awaitClient(WAIT);
    fourth.awaitText(WAIT);
    fourth.sendText(trade(5));
    out.awaitTrades(1, WAIT);
    CapturingOutput.await(
        WAIT,
        () -> connector.stats().connectionProblems().isEmpty(),
        () -> "still reported: " + connector.stats().connectionProblems());
  }
}
