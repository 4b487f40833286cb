package dev.cryptostream.producers.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.Backfill;
import dev.cryptostream.producers.live.ConnectionPolicy;
import dev.cryptostream.producers.live.FrameException;
import dev.cryptostream.producers.live.FrameResult;
import dev.cryptostream.producers.live.Json;
import dev.cryptostream.producers.live.RestClient;
import dev.cryptostream.producers.live.Symbols;
import dev.cryptostream.producers.live.TradeTimeWindow;
import dev.cryptostream.producers.live.VenueProtocol;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Binance spot combined {@code @trade} streams: the streams are named in the URL, so a reconnect
 * resubscribes by itself. The server pings every 20 s (the JDK client pongs), closes connections
 * after 24 h and may announce that with {@code serverShutdown}.
 */
public final class BinanceProtocol implements VenueProtocol {
  public static final String DEFAULT_WS = "wss://stream.binance.com:9443";
  public static final String DEFAULT_REST = "https://api.binance.com";

  /** historicalTrades weighs 25 of 6000 per minute: at most 4 requests a second. */
  public static final Duration REST_MIN_INTERVAL = Duration.ofMillis(250);

  private final String wsBase;
  private final Symbols symbols;
  private final Backfill backfill;
  private final TradeTimeWindow window;
  private final boolean microseconds;

  /**
   * @param microseconds connect with the stream option {@code timeUnit=MICROSECOND}, which makes
   *     {@code T} (and every other time) microseconds; false for the default milliseconds
   */
  public BinanceProtocol(
      String wsBase,
      List<String> symbols,
      Backfill backfill,
      TradeTimeWindow window,
      boolean microseconds) {
    this.wsBase = RestClient.withoutTrailingSlash(wsBase);
    this.symbols = new Symbols(symbols, BinanceProtocol::restSymbol);
    this.backfill = backfill;
    this.window = window;
    this.microseconds = microseconds;
  }

  @Override
  public String exchange() {
    return "binance";
  }

  /** btcusdt, as in stream names. */
  @Override
  public String venueSymbol(String canonical) {
    return restSymbol(canonical).toLowerCase(Locale.ROOT);
  }

  /** BTCUSDT, as in trade frames and REST parameters. */
  static String restSymbol(String canonical) {
    return canonical.replace("-", "");
  }

  /** 1024 streams are allowed; fewer keep the URL short and one failure small. */
  @Override
  public int maxSymbolsPerConnection() {
    return 200;
  }

  @Override
  public URI connectUri(List<String> list) {
    return URI.create(
        wsBase
            + "/stream?streams="
            + list.stream().map(s -> venueSymbol(s) + "@trade").collect(Collectors.joining("/"))
            + (microseconds ? "&timeUnit=MICROSECOND" : ""));
  }

  @Override
  public List<String> subscribeMessages(List<String> list) {
    return List.of(); // named in the URL
  }

  @Override
  public Optional<String> keepAliveMessage() {
    return Optional.empty(); // the server pings
  }

  @Override
  public ConnectionPolicy defaultPolicy() {
    return new ConnectionPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1), // 300 connection attempts per 5 minutes per IP
        Duration.ofSeconds(60),
        Duration.ofSeconds(50), // pings every 20 s: two missed pings and no trades is a dead socket
        Duration.ofSeconds(30), // unused: no client keep-alive
        Duration.ofHours(23).plusMinutes(30), // before the 24 h forced disconnect
        Duration.ofSeconds(1),
        REST_MIN_INTERVAL);
  }

  @Override
  public FrameResult parse(String frame, Instant receivedAt) throws FrameException {
    JsonNode root = Json.tree(frame);
    if (!root.isObject()) {
      throw new FrameException("unexpected frame: not a JSON object");
    }
    if (root.has("result") && root.has("id")) {
      return new FrameResult.Control("reply to request " + root.get("id"));
    }
    JsonNode event = root.has("data") ? root.get("data") : root;
    String type = event.path("e").asText("");
    return switch (type) {
      case "trade" -> new FrameResult.Trades(List.of(trade(event, receivedAt)));
      case "serverShutdown" -> new FrameResult.Rotate("serverShutdown");
      default -> throw new FrameException("unexpected frame type '" + type + "'");
    };
  }

  private FrameResult.VenueTrade trade(JsonNode t, Instant receivedAt) throws FrameException {
    String symbol = symbols.canonical(Json.text(t, "s"));
    long id = Json.longValue(t, "t");
    // m: the buyer was the maker, so the taker sold.
    TakerSide side = Json.bool(t, "m") ? TakerSide.SELL : TakerSide.BUY;
    Instant time = microseconds ? Json.epochMicros(t, "T") : Json.epochMillis(t, "T");
    window.check(time, receivedAt);
    TradeEvent e =
        new TradeEvent(
            "binance",
            symbol,
            Long.toString(id),
            Json.decimalString(t, "p"),
            Json.decimalString(t, "q"),
            side,
            time,
            receivedAt,
            TradeSource.WS);
    return FrameResult.VenueTrade.single(id, e);
  }

  @Override
  public Backfill backfill() {
    return backfill;
  }

  @Override
  public TradeTimeWindow tradeTimeWindow() {
    return window;
  }
}
