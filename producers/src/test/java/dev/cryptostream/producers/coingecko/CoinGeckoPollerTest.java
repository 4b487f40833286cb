package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import dev.cryptostream.contracts.ContractSchema;
import dev.cryptostream.producers.coingecko.ScriptedCoinGecko.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoinGeckoPollerTest {
  private static final String KEY = "CG-test-key-3f9a1c";
  private static final List<String> COINS = List.of("bitcoin", "ethereum");
  private static final List<String> USD = List.of("usd");
  private static final Duration INTERVAL = Duration.ofSeconds(20);

  record Sent(String key, String value, long timestamp) {}

  private VirtualClock clock = new VirtualClock();
  private final List<Sent> prices = new ArrayList<>();
  private final List<Sent> deadLetters = new ArrayList<>();
  private final ByteArrayOutputStream statusBytes = new ByteArrayOutputStream();
  private ScriptedCoinGecko server;

  @BeforeEach
  void startServer() throws Exception {
    server = new ScriptedCoinGecko(clock::nanoTime);
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  static String body(long btcUpdated, String btcPrice, long ethUpdated, String ethPrice) {
    return "{\"bitcoin\":{\"usd\":"
        + btcPrice
        + ",\"usd_market_cap\":1317802988326.2532,\"usd_24h_vol\":31260929299.5248,"
        + "\"usd_24h_change\":-3.3961496,\"last_updated_at\":"
        + btcUpdated
        + "},"
        + "\"ethereum\":{\"usd\":"
        + ethPrice
        + ",\"usd_market_cap\":4.2E+11,\"usd_24h_vol\":null,"
        + "\"usd_24h_change\":1.25,\"last_updated_at\":"
        + ethUpdated
        + "}}";
  }

  private CoinGeckoPoller poller(Duration timeout, double jitter) {
    return poller(
        server.baseUrl(), timeout, jitter, CoinGeckoPoller.Config.of(COINS, USD, INTERVAL));
  }

  private CoinGeckoPoller poller(
      URI base, Duration timeout, double jitter, CoinGeckoPoller.Config config) {
    return new CoinGeckoPoller(
        config,
        new CoinGeckoClient(base, KEY, timeout),
        (k, v, t) -> prices.add(new Sent(k, new String(v, StandardCharsets.UTF_8), t)),
        (k, v, t) -> deadLetters.add(new Sent(k, new String(v, StandardCharsets.UTF_8), t)),
        clock,
        () -> jitter,
        new PrintStream(statusBytes, true, StandardCharsets.UTF_8));
  }

  private CoinGeckoPoller.Stats run(int calls) throws InterruptedException {
    return poller(Duration.ofSeconds(5), 1.0).run(calls, null);
  }

  private String status() {
    return statusBytes.toString(StandardCharsets.UTF_8);
  }

  /** Virtual seconds between consecutive requests the server saw. */
  private List<Double> gapsSeconds() {
    List<Double> gaps = new ArrayList<>();
    for (int i = 1; i < server.requests.size(); i++) {
      gaps.add((server.requests.get(i).atNanos() - server.requests.get(i - 1).atNanos()) / 1e9);
    }
    return gaps;
  }

  private static void assertValidSnapshot(String json) {
    Set<ValidationMessage> errors = ContractSchema.validatePriceSnapshot(json);
    assertTrue(errors.isEmpty(), () -> errors + " in " + json);
  }

  // --- normal polling ------------------------------------------------------------------------

  @Test
  void normalPollsPublishExactValidSnapshotsEveryInterval() throws Exception {
    server.then(
        Reply.ok(body(1711356300, "67187.3358936566", 1711356290, "3512.123456789012345678")),
        Reply.ok(body(1711356320, "67190.01", 1711356315, "3513")));
    CoinGeckoPoller.Stats stats = run(2);

    assertEquals(4, prices.size(), prices::toString);
    prices.forEach(p -> assertValidSnapshot(p.value()));
    JsonNode first = ContractSchema.parse(prices.get(0).value());
    assertEquals("bitcoin:usd", prices.get(0).key());
    assertEquals("67187.3358936566", first.get("price").textValue(), "every digit kept");
    assertEquals("1317802988326.2532", first.get("market_cap").textValue());
    assertEquals("-3.3961496", first.get("change_24h_pct").textValue());
    assertEquals("2024-03-25T08:45:00.000000Z", first.get("last_updated_at").textValue());
    assertEquals(1711356300_000L, prices.get(0).timestamp(), "record time = last_updated_at");
    JsonNode eth = ContractSchema.parse(prices.get(1).value());
    assertEquals("3512.123456789012345678", eth.get("price").textValue());
    assertEquals("420000000000", eth.get("market_cap").textValue(), "exponent written plain");
    assertTrue(eth.get("volume_24h").isNull());
    assertEquals(List.of(20.0), gapsSeconds(), "one call per interval");
    assertEquals(2, stats.ok());
    assertEquals(4, stats.published());
    assertTrue(deadLetters.isEmpty());
    assertTrue(
        server
            .requests
            .get(0)
            .query()
            .startsWith("ids=bitcoin,ethereum&vs_currencies=usd&include_last_updated_at=true"));
    assertTrue(server.requests.get(0).query().endsWith("&include_market_cap=true&precision=full"));
    assertTrue(status().contains("coingecko call=1 http=200 new=2 published=2"), status());
  }

  @Test
  void unchangedOrOlderSnapshotsAreNotRepublished() throws Exception {
    String same = body(1711356300, "67187.33", 1711356290, "3512.5");
    server.then(
        Reply.ok(same),
        Reply.ok(same),
        Reply.ok(body(1711356330, "67200", 1711356290, "3512.5")), // only bitcoin moved
        Reply.ok(
            body(
                1711356310, "67000", 1711356290, "3512.5"))); // bitcoin older than published: stale
    CoinGeckoPoller.Stats stats = run(4);

    assertEquals(
        List.of("bitcoin:usd", "ethereum:usd", "bitcoin:usd"),
        prices.stream().map(Sent::key).toList());
    assertEquals("67200", ContractSchema.parse(prices.get(2).value()).get("price").textValue());
    assertEquals(3, stats.published());
    assertEquals(5, stats.unchanged());
    assertTrue(deadLetters.isEmpty());
  }

  // --- rate limits and failures ----------------------------------------------------------------

  @Test
  void http429WithRetryAfterWaitsExactlyThatLong() throws Exception {
    server.then(
        new Reply(429, "{\"status\":{\"error_code\":429}}", Map.of("Retry-After", "37"), 0),
        Reply.ok(body(1711356300, "1", 1711356300, "2")));
    CoinGeckoPoller.Stats stats = run(2);
    assertEquals(List.of(37.0), gapsSeconds());
    assertEquals(1, stats.rateLimited());
    assertEquals(2, prices.size());
    assertTrue(status().contains("http=429 retry_after=37s"), status());
  }

  @Test
  void http429WithRetryAfterDateWaitsUntilThatDate() throws Exception {
    // VirtualClock starts at 10:00:00 and the first call happens then.
    server.then(
        new Reply(429, "", Map.of("Retry-After", "Sun, 22 Nov 2026 10:01:30 GMT"), 0),
        Reply.ok(body(1711356300, "1", 1711356300, "2")));
    run(2);
    assertEquals(List.of(90.0), gapsSeconds());
  }

  @Test
  void http429WithoutRetryAfterBacksOffExponentiallyWithJitterThenRecovers() throws Exception {
    server.then(
        Reply.status(429),
        Reply.status(429),
        Reply.status(429),
        Reply.status(429),
        Reply.ok(body(1711356300, "1", 1711356300, "2")),
        Reply.ok(body(1711356301, "1", 1711356301, "2")));
    // Jitter 0.5: each wait is 3/4 of base * 2^(n-1) with base 5 s.
    CoinGeckoPoller.Stats stats = poller(Duration.ofSeconds(5), 0.5).run(6, null);
    assertEquals(
        List.of(3.75, 7.5, 15.0, 30.0, 20.0),
        gapsSeconds(),
        "back-off doubles, success resets to the interval");
    assertEquals(4, stats.rateLimited());
    assertEquals(4, prices.size());
  }

  @Test
  void backOffIsCapped() throws Exception {
    for (int i = 0; i < 8; i++) {
      server.then(Reply.status(503));
    }
    CoinGeckoPoller.Config config =
        new CoinGeckoPoller.Config(
            COINS,
            USD,
            INTERVAL,
            30,
            Duration.ofSeconds(5),
            Duration.ofSeconds(40),
            Duration.ofMinutes(15));
    CoinGeckoPoller.Stats stats =
        poller(server.baseUrl(), Duration.ofSeconds(5), 1.0, config).run(8, null);
    assertEquals(List.of(5.0, 10.0, 20.0, 40.0, 40.0, 40.0, 40.0), gapsSeconds());
    assertEquals(8, stats.serverErrors());
  }

  @Test
  void serverErrorBacksOffAndPollingContinues() throws Exception {
    server.then(
        Reply.status(500), Reply.status(502), Reply.ok(body(1711356300, "1", 1711356300, "2")));
    CoinGeckoPoller.Stats stats = run(3);
    assertEquals(List.of(5.0, 10.0), gapsSeconds());
    assertEquals(2, stats.serverErrors());
    assertEquals(2, prices.size());
    assertTrue(deadLetters.isEmpty(), "an HTTP error carries no data to dead-letter");
    assertTrue(status().contains("http=500 failures_in_a_row=1"), status());
  }

  @Test
  void unauthorisedIsBackedOffNotFatal() throws Exception {
    server.then(Reply.status(401), Reply.ok(body(1711356300, "1", 1711356300, "2")));
    CoinGeckoPoller.Stats stats = run(2);
    assertEquals(1, stats.otherHttpErrors());
    assertEquals(2, prices.size());
  }

  @Test
  void slowResponseTimesOutAndIsRetriedAfterBackOff() throws Exception {
    server.then(
        new Reply(200, body(1711356300, "1", 1711356300, "2"), Map.of(), 10_000),
        Reply.ok(body(1711356301, "5", 1711356301, "6")));
    long realStart = System.nanoTime();
    // 1.5 s, not less: on a loaded machine a quick local answer can take hundreds of ms.
    CoinGeckoPoller.Stats stats = poller(Duration.ofMillis(1_500), 1.0).run(2, null);
    long realMillis = (System.nanoTime() - realStart) / 1_000_000;
    assertEquals(1, stats.timeouts());
    assertTrue(
        realMillis < 8_000,
        "gave up after the timeout, not after the slow answer: " + realMillis + " ms");
    assertEquals(List.of(5.0), gapsSeconds());
    assertEquals(2, prices.size());
    assertEquals(
        "5",
        ContractSchema.parse(prices.get(0).value()).get("price").textValue(),
        "the late answer was not used");
    assertTrue(status().contains("timeout failures_in_a_row=1"), status());
  }

  @Test
  void refusedConnectionIsBackedOffNotFatal() throws Exception {
    URI nobody = server.baseUrl();
    server.close();
    CoinGeckoPoller.Stats stats =
        poller(nobody, Duration.ofSeconds(2), 1.0, CoinGeckoPoller.Config.of(COINS, USD, INTERVAL))
            .run(3, null);
    assertEquals(3, stats.connectionErrors());
    assertEquals(3, stats.calls());
    assertTrue(
        status().contains("connection_error=ConnectException failures_in_a_row=3"), status());
  }

  // --- the call budget ---------------------------------------------------------------------------

  @Test
  void neverMoreThanTheBudgetInAnyMinuteEvenWhenFailingFast() throws Exception {
    // A 1 s interval and 500s answered at once would mean 60 calls a minute; the budget allows 30.
    for (int i = 0; i < 80; i++) {
      server.then(
          i % 3 == 0
              ? Reply.status(500)
              : Reply.ok(body(1711356300 + i, "1", 1711356300 + i, "2")));
    }
    CoinGeckoPoller.Config config =
        new CoinGeckoPoller.Config(
            COINS,
            USD,
            Duration.ofSeconds(1),
            30,
            Duration.ofMillis(100),
            Duration.ofMillis(400),
            Duration.ofMinutes(1));
    poller(server.baseUrl(), Duration.ofSeconds(5), 1.0, config).run(80, null);
    List<Long> at = server.requests.stream().map(ScriptedCoinGecko.Request::atNanos).toList();
    assertEquals(80, at.size());
    for (int i = 30; i < at.size(); i++) {
      long windowNanos = at.get(i) - at.get(i - 30);
      assertTrue(
          windowNanos >= 60_000_000_000L,
          "31 calls within " + windowNanos / 1e9 + " s at call " + i);
    }
    // And it waits no longer than the budget needs: the 31st and 61st calls come exactly when the
    // first and the 31st leave the window.
    assertEquals(60_000_000_000L, at.get(30) - at.get(0));
    assertEquals(60_000_000_000L, at.get(60) - at.get(30));
  }

  // --- bad answers go to the dead-letter topic
  // -----------------------------------------------------

  @Test
  void malformedJsonIsDeadLetteredWithTheRawBodyAndPollingContinues() throws Exception {
    String broken = "{\"bitcoin\":{\"usd\":67187.33,";
    server.then(Reply.ok(broken), Reply.ok(body(1711356300, "1", 1711356300, "2")));
    CoinGeckoPoller.Stats stats = run(2);
    assertEquals(1, deadLetters.size());
    JsonNode dl = ContractSchema.parse(deadLetters.get(0).value());
    assertEquals("MALFORMED_JSON", dl.get("reason").textValue());
    assertEquals(broken, dl.get("raw").textValue());
    assertTrue(dl.get("coin_id").isNull());
    assertTrue(dl.get("detail").textValue().contains(" at line 1, column "), dl.toString());
    assertEquals("coingecko:MALFORMED_JSON", deadLetters.get(0).key());
    assertEquals(
        List.of(20.0), gapsSeconds(), "a bad body is not an HTTP failure: the interval applies");
    assertEquals(2, prices.size());
    assertEquals(1, stats.deadLetters());
  }

  @Test
  void htmlOrArrayBodiesAreDeadLettered() throws Exception {
    server.then(Reply.ok("<html>maintenance</html>"), Reply.ok("[1,2]"));
    run(2);
    assertEquals(
        List.of("MALFORMED_JSON", "MALFORMED_RESPONSE"),
        deadLetters.stream()
            .map(d -> ContractSchema.parse(d.value()).get("reason").textValue())
            .toList());
    assertTrue(prices.isEmpty());
  }

  @Test
  void missingCoinIsDeadLetteredOnceWhileOthersArePublished() throws Exception {
    String onlyBitcoin = "{\"bitcoin\":{\"usd\":67187.33,\"last_updated_at\":1711356300}}";
    server.then(
        Reply.ok(onlyBitcoin),
        Reply.ok(onlyBitcoin.replace("1711356300", "1711356320")),
        Reply.ok(body(1711356340, "3", 1711356340, "4")),
        Reply.ok("{\"bitcoin\":{\"usd\":5,\"last_updated_at\":1711356360}}"));
    run(4);
    List<JsonNode> dls = deadLetters.stream().map(d -> ContractSchema.parse(d.value())).toList();
    assertEquals(
        2, dls.size(), "once while missing, once more after it came back and went again: " + dls);
    for (JsonNode dl : dls) {
      assertEquals("UNKNOWN_COIN", dl.get("reason").textValue());
      assertEquals("ethereum", dl.get("coin_id").textValue());
    }
    assertEquals(
        List.of("bitcoin:usd", "bitcoin:usd", "bitcoin:usd", "ethereum:usd", "bitcoin:usd"),
        prices.stream().map(Sent::key).toList());
    JsonNode sparse = ContractSchema.parse(prices.get(0).value());
    assertTrue(sparse.get("market_cap").isNull(), "figures not sent are null");
    assertValidSnapshot(prices.get(0).value());
  }

  @Test
  void unusableFieldsAreDeadLetteredPerCoin() throws Exception {
    server.then(
        Reply.ok(
            "{\"bitcoin\":{\"usd\":\"67187.33\",\"last_updated_at\":1711356300},"
                + "\"ethereum\":{\"usd\":3500.5}}"),
        Reply.ok(
            "{\"bitcoin\":{\"usd\":-1,\"last_updated_at\":1711356300},"
                + "\"ethereum\":{\"usd\":3500.5,\"last_updated_at\":1711356300000}}"));
    run(2);
    List<String> reasons =
        deadLetters.stream()
            .map(d -> ContractSchema.parse(d.value()))
            .map(n -> n.get("reason").textValue() + ":" + n.get("coin_id").textValue())
            .toList();
    assertEquals(
        List.of(
            "WRONG_TYPE:bitcoin",
            "MISSING_FIELD:ethereum",
            "BAD_VALUE:bitcoin",
            "BAD_VALUE:ethereum"),
        reasons);
    assertTrue(prices.isEmpty());
  }

  // --- the API key -----------------------------------------------------------------------------

  @Test
  void apiKeyIsSentAsHeaderAndAppearsNowhereElse() throws Exception {
    // A garbled body, a reply slower than the client's timeout, a refusal and a good reply: the
    // key must reach the server on every call and nothing else. The timeout is generous (2 s)
    // because on a loaded machine a local call can take hundreds of milliseconds.
    server.then(
        Reply.ok("not json"),
        new Reply(200, "{}", Map.of(), 6_000),
        Reply.status(401),
        Reply.ok(body(1711356300, "1", 1711356300, "2")));
    CoinGeckoPoller p = poller(Duration.ofSeconds(2), 1.0);
    p.run(4, null);
    CoinGeckoPoller.Stats stats = p.stats();
    assertEquals(
        List.of(4L, 2L, 1L, 1L, 1L),
        List.of(
            stats.calls(),
            stats.ok(),
            stats.timeouts(),
            stats.otherHttpErrors(),
            stats.deadLetters()),
        stats::toString);
    assertEquals(4, server.requests.size());
    for (ScriptedCoinGecko.Request r : server.requests) {
      assertEquals(KEY, r.apiKey(), "header on every call");
      assertFalse(r.query().contains(KEY), "never in the URL");
    }
    assertFalse(status().contains(KEY), status());
    deadLetters.forEach(
        d -> assertFalse(d.value().contains(KEY) || d.key().contains(KEY), d::toString));
    prices.forEach(d -> assertFalse(d.value().contains(KEY), d::toString));
    assertFalse(p.stats().toString().contains(KEY));
    CoinGeckoClient client = new CoinGeckoClient(server.baseUrl(), KEY, Duration.ofMillis(300));
    assertFalse(client.toString().contains(KEY), client.toString());
    assertTrue(client.toString().contains("api key set"));
  }

  @Test
  void clientExceptionsDoNotCarryTheKey() throws Exception {
    server.then(new Reply(200, "{}", Map.of(), 2_000));
    CoinGeckoClient client = new CoinGeckoClient(server.baseUrl(), KEY, Duration.ofMillis(200));
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.net.http.HttpTimeoutException.class, () -> client.fetchSimplePrice(COINS, USD));
    assertNoKey(e);
    URI closed = server.baseUrl();
    server.close();
    Exception refused =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.IOException.class,
            () ->
                new CoinGeckoClient(closed, KEY, Duration.ofMillis(500))
                    .fetchSimplePrice(COINS, USD));
    assertNoKey(refused);
  }

  private static void assertNoKey(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      assertFalse(String.valueOf(t.getMessage()).contains(KEY), t.toString());
      assertFalse(t.toString().contains(KEY), t.toString());
    }
  }

  @Test
  void withoutAKeyNoHeaderIsSent() throws Exception {
    server.then(Reply.ok(body(1711356300, "1", 1711356300, "2")));
    CoinGeckoClient client = new CoinGeckoClient(server.baseUrl(), "  ", Duration.ofSeconds(2));
    assertFalse(client.hasApiKey());
    assertEquals(200, client.fetchSimplePrice(COINS, USD).status());
    assertNull(server.requests.get(0).apiKey());
  }

  // --- running and stopping ----------------------------------------------------------------------

  @Test
  void durationEndsTheRunBeforeACallThatWouldFallAfterIt() throws Exception {
    for (int i = 0; i < 10; i++) {
      server.then(Reply.ok(body(1711356300 + i, "1", 1711356300 + i, "2")));
    }
    CoinGeckoPoller.Stats stats = poller(Duration.ofSeconds(5), 1.0).run(0, Duration.ofSeconds(61));
    assertEquals(4, stats.calls(), "calls at 0, 20, 40 and 60 s");
  }

  @Test
  void durationHoldsWhenNanoTimeOverflowsDuringTheRun() throws Exception {
    clock = new VirtualClock(Long.MAX_VALUE - 30_000_000_000L); // wraps after 30 s
    server.close();
    server = new ScriptedCoinGecko(clock::nanoTime);
    for (int i = 0; i < 10; i++) {
      server.then(Reply.ok(body(1711356300 + i, "1", 1711356300 + i, "2")));
    }
    CoinGeckoPoller.Stats stats = poller(Duration.ofSeconds(5), 1.0).run(0, Duration.ofSeconds(61));
    assertEquals(4, stats.calls(), "calls at 0, 20, 40 and 60 s");
    assertEquals(List.of(20.0, 20.0, 20.0), gapsSeconds());
  }
}
