package dev.cryptostream.producers.live.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.json.StrictJson;
import dev.cryptostream.producers.live.Backfill;
import dev.cryptostream.producers.live.ConnectionPolicy;
import dev.cryptostream.producers.live.FrameException;
import dev.cryptostream.producers.live.FrameResult;
import dev.cryptostream.producers.live.Json;
import dev.cryptostream.producers.live.Symbols;
import dev.cryptostream.producers.live.TradeTimeWindow;
import dev.cryptostream.producers.live.VenueProtocol;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kraken WebSocket v2 {@code trade} channel. Prices and quantities arrive as JSON numbers and are
 * read as BigDecimal exactly as written. {@code side} is the taker's. A frame may carry several
 * trades; a frame with any unreadable trade is dead-lettered whole, and the id jump that leaves
 * behind is backfilled like any other gap.
 */
public final class KrakenProtocol implements VenueProtocol {
  public static final String DEFAULT_WS = "wss://ws.kraken.com/v2";
  public static final String DEFAULT_REST = "https://api.kraken.com";

  /** The public REST counter allows about one call a second. */
  public static final Duration REST_MIN_INTERVAL = Duration.ofSeconds(1);

  static final String PING = "{\"method\":\"ping\"}";

  private final String wsUrl;
  private final Symbols symbols;
  private final Backfill backfill;
  private final TradeTimeWindow window;

  public KrakenProtocol(
      String wsUrl, List<String> symbols, Backfill backfill, TradeTimeWindow window) {
    this.window = window;
    this.wsUrl = wsUrl;
    this.symbols = new Symbols(symbols, KrakenProtocol::wsSymbol);
    this.backfill = backfill;
  }

  static String wsSymbol(String canonical) {
    return canonical.replace('-', '/');
  }

  @Override
  public String exchange() {
    return "kraken";
  }

  @Override
  public String venueSymbol(String canonical) {
    return wsSymbol(canonical);
  }

  @Override
  public int maxSymbolsPerConnection() {
    return 100;
  }

  @Override
  public URI connectUri(List<String> list) {
    return URI.create(wsUrl);
  }

  @Override
  public List<String> subscribeMessages(List<String> list) {
    ObjectNode m = StrictJson.MAPPER.createObjectNode();
    m.put("method", "subscribe");
    ObjectNode params = m.putObject("params");
    params.put("channel", "trade");
    var syms = params.putArray("symbol");
    list.forEach(s -> syms.add(wsSymbol(s)));
    params.put("snapshot", false);
    m.put("req_id", 1);
    return List.of(m.toString());
  }

  @Override
  public Optional<String> keepAliveMessage() {
    return Optional.of(PING); // only sent when even heartbeats have stopped
  }

  @Override
  public ConnectionPolicy defaultPolicy() {
    return new ConnectionPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(15), // heartbeats about every second when idle
        Duration.ofSeconds(10),
        Duration.ofDays(3650), // no forced disconnect documented
        Duration.ofSeconds(1),
        REST_MIN_INTERVAL);
  }

  @Override
  public FrameResult parse(String frame, Instant receivedAt) throws FrameException {
    JsonNode root = Json.tree(frame);
    if (!root.isObject()) {
      throw new FrameException("unexpected frame: not a JSON object");
    }
    if (root.has("method")) {
      String method = Json.text(root, "method");
      if (root.has("success") && !root.get("success").asBoolean()) {
        if (method.equals("subscribe")) {
          // Kraken answers each symbol of a request on its own and names it in "symbol":
          // {"error":"Currency pair not supported XDG/USD","method":"subscribe","success":false,
          // "symbol":"XDG/USD",...} (observed frames, see docs/connectors.md).
          String error = root.path("error").asText("");
          String symbol =
              root.path("symbol").isTextual()
                  ? symbols.canonicalOrNull(root.get("symbol").textValue())
                  : symbols.mentionedIn(error);
          return new FrameResult.SubscriptionRejected(error, symbol);
        }
        throw new FrameException("venue error on " + method + ": " + root.path("error").asText(""));
      }
      if (method.equals("subscribe")) {
        // The acknowledgement of one symbol: {"method":"subscribe","result":{"channel":"trade",
        // "symbol":"BTC/USD",...},"success":true,...}.
        String acked = symbols.canonicalOrNull(root.path("result").path("symbol").asText(""));
        return acked == null
            ? new FrameResult.Control(method)
            : new FrameResult.Subscribed(List.of(acked), false);
      }
      return switch (method) {
        case "unsubscribe", "pong" -> new FrameResult.Control(method);
        default -> throw new FrameException("unexpected method '" + method + "'");
      };
    }
    String channel = Json.text(root, "channel");
    return switch (channel) {
      case "heartbeat", "status" -> new FrameResult.Control(channel);
      case "trade" -> {
        JsonNode data = Json.field(root, "data");
        if (!data.isArray()) {
          throw new FrameException("field 'data' is not an array");
        }
        List<FrameResult.VenueTrade> trades = new ArrayList<>(data.size());
        for (JsonNode t : data) {
          trades.add(trade(t, receivedAt));
        }
        yield new FrameResult.Trades(trades);
      }
      default -> throw new FrameException("unexpected channel '" + channel + "'");
    };
  }

  private FrameResult.VenueTrade trade(JsonNode t, Instant receivedAt) throws FrameException {
    String symbol = symbols.canonical(Json.text(t, "symbol"));
    long id = Json.longValue(t, "trade_id");
    TradeEvent e =
        new TradeEvent(
            "kraken",
            symbol,
            Long.toString(id),
            Json.decimalNumber(t, "price"),
            Json.decimalNumber(t, "qty"),
            takerSide(Json.text(t, "side")),
            Json.isoTime(t, "timestamp"),
            receivedAt,
            TradeSource.WS);
    window.check(e.tradeTime(), receivedAt);
    return FrameResult.VenueTrade.single(id, e);
  }

  static TakerSide takerSide(String side) throws FrameException {
    return switch (side) {
      case "buy", "b" -> TakerSide.BUY;
      case "sell", "s" -> TakerSide.SELL;
      default -> throw new FrameException("field 'side' is neither buy nor sell: '" + side + "'");
    };
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
