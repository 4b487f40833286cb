package dev.cryptostream.producers.live.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * Coinbase Exchange {@code matches} plus {@code heartbeat}: heartbeats prove the connection alive
 * every second and carry {@code last_trade_id}, which reveals matches the channel dropped.
 */
public final class CoinbaseProtocol implements VenueProtocol {
  public static final String DEFAULT_WS = "wss://ws-feed.exchange.coinbase.com";
  public static final String DEFAULT_REST = "https://api.exchange.coinbase.com";

  /** 8 public requests per second per IP; stay well below to leave room for bursts elsewhere. */
  public static final Duration REST_MIN_INTERVAL = Duration.ofMillis(200);

  private final String wsUrl;
  private final Symbols symbols;
  private final Backfill backfill;
  private final TradeTimeWindow window;

  public CoinbaseProtocol(
      String wsUrl, List<String> symbols, Backfill backfill, TradeTimeWindow window) {
    this.window = window;
    this.wsUrl = wsUrl;
    this.symbols = new Symbols(symbols, s -> s);
    this.backfill = backfill;
  }

  @Override
  public String exchange() {
    return "coinbase";
  }

  /** Coinbase product ids are already BASE-QUOTE. */
  @Override
  public String venueSymbol(String canonical) {
    return canonical;
  }

  @Override
  public int maxSymbolsPerConnection() {
    return 100; // no documented cap; keeps one slow-consumer disconnect small
  }

  @Override
  public URI connectUri(List<String> list) {
    return URI.create(wsUrl);
  }

  @Override
  public List<String> subscribeMessages(List<String> list) {
    ObjectNode m = StrictJson.MAPPER.createObjectNode();
    m.put("type", "subscribe");
    ArrayNode ids = m.putArray("product_ids");
    list.forEach(ids::add);
    m.putArray("channels").add("matches").add("heartbeat");
    return List.of(m.toString());
  }

  @Override
  public Optional<String> keepAliveMessage() {
    return Optional.empty(); // the heartbeat channel keeps the connection talking
  }

  @Override
  public ConnectionPolicy defaultPolicy() {
    return new ConnectionPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofSeconds(15), // heartbeats come every second per product
        Duration.ofSeconds(30), // unused
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
    String type = Json.text(root, "type");
    return switch (type) {
      case "match", "last_match" ->
          new FrameResult.Trades(List.of(match(root, receivedAt, TradeSource.WS)));
      case "heartbeat" ->
          new FrameResult.LastTradeId(
              symbols.canonical(Json.text(root, "product_id")),
              Json.longValue(root, "last_trade_id"));
      case "subscriptions" -> new FrameResult.Subscribed(subscribedMatches(root), true);
      case "error" -> {
        // The connector sends nothing but its subscription, so an error answers that:
        // {"type":"error","message":"Failed to subscribe","reason":"BTC-XYZ is not a valid
        // product"}, followed by a subscriptions message listing the products that were
        // subscribed (observed frames, see docs/connectors.md). The reason may name no product.
        String reason = root.path("reason").asText("");
        yield new FrameResult.SubscriptionRejected(
            (root.path("message").asText("") + " " + reason).trim(), symbols.mentionedIn(reason));
      }
      default -> throw new FrameException("unexpected frame type '" + type + "'");
    };
  }

  /**
   * Our products the socket is subscribed to on the {@code matches} channel, from a subscriptions
   * message: {@code {"type":"subscriptions","channels":[{"name":"matches","product_ids":[...]},
   * ...]}}.
   */
  private List<String> subscribedMatches(JsonNode root) {
    List<String> subscribed = new ArrayList<>();
    for (JsonNode channel : root.path("channels")) {
      if (channel.path("name").asText("").equals("matches")) {
        for (JsonNode id : channel.path("product_ids")) {
          String symbol = symbols.canonicalOrNull(id.asText(""));
          if (symbol != null) {
            subscribed.add(symbol);
          }
        }
      }
    }
    return subscribed;
  }

  private FrameResult.VenueTrade match(JsonNode m, Instant receivedAt, TradeSource source)
      throws FrameException {
    String symbol = symbols.canonical(Json.text(m, "product_id"));
    long id = Json.longValue(m, "trade_id");
    TradeEvent e = event(m, symbol, id, receivedAt, source);
    window.check(e.tradeTime(), receivedAt);
    return FrameResult.VenueTrade.single(id, e);
  }

  /** A match or REST trade: {@code side} is the MAKER's side, so the taker did the opposite. */
  static TradeEvent event(
      JsonNode m, String symbol, long id, Instant receivedAt, TradeSource source)
      throws FrameException {
    String makerSide = Json.text(m, "side");
    TakerSide taker =
        switch (makerSide) {
          case "sell" -> TakerSide.BUY;
          case "buy" -> TakerSide.SELL;
          default ->
              throw new FrameException("field 'side' is neither buy nor sell: '" + makerSide + "'");
        };
    return new TradeEvent(
        "coinbase",
        symbol,
        Long.toString(id),
        Json.decimalString(m, "price"),
        Json.decimalString(m, "size"),
        taker,
        Json.isoTime(m, "time"),
        receivedAt,
        source);
  }

  /** One refused product fails the whole subscribe request: the others are asked for again. */
  @Override
  public List<String> messagesAfterRejection(List<String> remaining) {
    return subscribeMessages(remaining);
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
