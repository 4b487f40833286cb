package dev.cryptostream.producers.live.testing;

import dev.cryptostream.producers.live.BackfillRetry;
import dev.cryptostream.producers.live.ConnectionPolicy;
import dev.cryptostream.producers.live.LiveConnector;
import dev.cryptostream.producers.live.TradeTimeWindow;
import dev.cryptostream.producers.live.VenueProtocol;
import dev.cryptostream.producers.live.testing.TestRestServer.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A venue connector wired to a local WebSocket server and a local REST server, with output
 * captured.
 */
public abstract class VenueTestBase {
  // How long a test waits for something that must happen (it returns as soon as it does): generous,
  // because under load (two cores shared by several builds) 5 s was seen to run out.
  protected static final Duration WAIT = Duration.ofSeconds(15);

  /** The tests' frames carry fixed past trade times: no lower bound, as for history. */
  protected static final TradeTimeWindow FIXED_TIMES =
      TradeTimeWindow.history(Duration.ofMinutes(1));

  protected TestWebSocketServer ws;
  protected TestRestServer rest;
  protected volatile Function<URI, Response> restHandler = uri -> new Response(404, "[]");
  protected LiveConnector connector;

  /** The window the protocol under test checks trade times with; set before {@code start}. */
  protected TradeTimeWindow tradeTimeWindow = FIXED_TIMES;

  /** Binance only: the timeUnit=MICROSECOND stream option. */
  protected boolean binanceMicroseconds;

  /** Gaps are retried within 1.5 s here, so that giving up can be watched. */
  protected BackfillRetry backfillRetry =
      new BackfillRetry(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofMillis(1500));

  protected CapturingOutput out;

  /** The venue's protocol pointed at the local servers. */
  protected abstract VenueProtocol protocol(String wsBase, String restBase, HttpClient http);

  protected abstract List<String> symbols();

  @BeforeEach
  void startServers() throws Exception {
    ws = new TestWebSocketServer();
    rest = new TestRestServer(uri -> restHandler.apply(uri));
    out = new CapturingOutput();
  }

  @AfterEach
  void stopAll() throws Exception {
    if (connector != null) {
      connector.close();
    }
    ws.close();
    rest.close();
  }

  protected void start(ConnectionPolicy policy) {
    HttpClient http = HttpClient.newHttpClient();
    connector =
        new LiveConnector(
            protocol(ws.baseUrl(), rest.baseUrl(), http),
            symbols(),
            policy,
            backfillRetry,
            out,
            http);
    connector.start();
  }

  protected void start() {
    start(fastPolicy());
  }

  /**
   * The venues' rules with milliseconds for seconds, so faults play out quickly against local
   * servers.
   */
  public static ConnectionPolicy fastPolicy() {
    return new ConnectionPolicy(
        Duration.ofSeconds(3), // connect timeout
        Duration.ofMillis(50), // backoff base
        Duration.ofMillis(400), // backoff cap
        Duration.ofMillis(20), // least time between attempts
        Duration.ofSeconds(2), // stable after
        Duration.ofMillis(800), // silence timeout (watchdog)
        Duration.ofMillis(200), // client keep-alive when idle
        Duration.ofHours(1), // connection age limit
        Duration.ofMillis(50), // watchdog tick
        Duration.ZERO); // REST pacing
  }

  /**
   * Waits until the connector reports {@code symbol} refused by the venue; returns the venue's
   * words as the status line shows them.
   */
  protected String awaitRejection(String symbol) throws Exception {
    CapturingOutput.await(
        WAIT,
        () -> connector.stats().symbol(symbol).rejection() != null,
        () -> symbol + " not rejected: " + connector.stats().statusLines());
    return connector.stats().symbol(symbol).rejection();
  }

  /**
   * After a refusal was pinned on one symbol: the same socket stays up for a second of keep-alive
   * frames without any reconnect, and the connector still has symbols to stream.
   */
  protected void assertStaysUpWithSymbolsLeft(TestWebSocketServer.Client c, String keepAlive)
      throws Exception {
    keepTalkingWithoutReconnect(c, keepAlive, Duration.ofMillis(1000));
    if (connector.stats().reconnects() != 0 || !connector.hasSymbolsLeft()) {
      throw new AssertionError(
          "reconnects "
              + connector.stats().reconnects()
              + ", symbols left "
              + connector.hasSymbolsLeft());
    }
  }

  /**
   * Sends {@code frame} (a heartbeat, a pong) every 100 ms for {@code window}, so that no watchdog
   * fires, and fails if a client connects meanwhile: proof that nothing reconnects.
   */
  protected void keepTalkingWithoutReconnect(
      TestWebSocketServer.Client c, String frame, Duration window) throws Exception {
    for (long end = System.nanoTime() + window.toNanos(); System.nanoTime() < end; ) {
      c.sendText(frame);
      ws.assertNoNewClient(Duration.ofMillis(100));
    }
  }

  /**
   * A REST handler that answers like {@code then} once {@code gate} opens (REST lagging the
   * socket).
   */
  protected static Function<URI, Response> after(
      java.util.concurrent.CountDownLatch gate, Function<URI, Response> then) {
    return uri -> {
      try {
        if (!gate.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
          return new Response(504, "{}");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Response(503, "{}");
      }
      return then.apply(uri);
    };
  }
}
