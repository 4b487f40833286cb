package dev.cryptostream.producers.live.okx;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * OKX v5 public {@code trades}. Each event aggregates {@code count} fills of one taker order at one
 * price and carries the LAST fill's id, so it covers ids {@code tradeId-count+1..tradeId}. The
 * client pings with the text {@code ping} (idle connections are dropped after 30 s), and notice
 * {@code 64008} announces a restart.
 */
public final class OkxProtocol implements VenueProtocol {
  public static final String DEFAULT_WS = "wss://ws.okx.com:8443/ws/v5/public";
  public static final String DEFAULT_REST = "https://www.okx.com";

  /** history-trades allows 10 requests per 2 s. */
  public static final Duration REST_MIN_INTERVAL = Duration.ofMillis(250);

  static final String RESTART_NOTICE = "64008";

  private final String wsUrl;
  private final Symbols symbols;
  private final Backfill backfill;
  private final TradeTimeWindow window;

  public OkxProtocol(
      String wsUrl, List<String> symbols, Backfill backfill, TradeTimeWindow window) {
    this.window = window;
    this.wsUrl = wsUrl;
    this.symbols = new Symbols(symbols, s -> s);
    this.backfill = backfill;
  }

  @Override
  public String exchange() {
    return "okx";
  }

  /** OKX instrument ids are already BASE-QUOTE. */
  @Override
  public String venueSymbol(String canonical) {
    return canonical;
  }

  @Override
  public int maxSymbolsPerConnection() {
    return 100; // one subscribe request per (re)connect, far below 480 per hour
  }

  @Override
  public URI connectUri(List<String> list) {
    return URI.create(wsUrl);
  }

  @Override
  public List<String> subscribeMessages(List<String> list) {
    ObjectNode m = StrictJson.MAPPER.createObjectNode();
    m.put("id", "1");
    m.put("op", "subscribe");
    ArrayNode args = m.putArray("args");
    for (String s : list) {
      args.addObject().put("channel", "trades").put("instId", s);
    }
    return List.of(m.toString());
  }

  @Override
  public Optional<String> keepAliveMessage() {
    return Optional.of("ping");
  }

  @Override
  public ConnectionPolicy defaultPolicy() {
    return new ConnectionPolicy(
        Duration.ofSeconds(10),
        Duration.ofSeconds(1),
        Duration.ofSeconds(60),
        Duration.ofMillis(400), // 3 connection requests per second per IP
        Duration.ofSeconds(60),
        Duration.ofSeconds(25), // a ping after 15 s of quiet must be answered well before 30 s
        Duration.ofSeconds(15),
        Duration.ofDays(3650), // no forced disconnect documented besides the 64008 notice
        Duration.ofSeconds(1),
        REST_MIN_INTERVAL);
  }

  @Override
  public FrameResult parse(String frame, Instant receivedAt) throws FrameException {
    if (frame.equals("pong")) {
      return new FrameResult.Control("pong");
    }
    JsonNode root = Json.tree(frame);
    if (!root.isObject()) {
      throw new FrameException("unexpected frame: not a JSON object");
    }
    if (root.has("event")) {
      String event = Json.text(root, "event");
      return switch (event) {
        case "subscribe" -> {
          // One acknowledgement per subscribed argument, naming its instId.
          String acked = symbols.canonicalOrNull(root.path("arg").path("instId").asText(""));
          yield acked == null
              ? new FrameResult.Control(event)
              : new FrameResult.Subscribed(List.of(acked), false);
        }
        case "unsubscribe", "channel-conn-count" -> new FrameResult.Control(event);
        case "notice" -> {
          if (RESTART_NOTICE.equals(root.path("code").asText())) {
            yield new FrameResult.Rotate("notice " + RESTART_NOTICE);
          }
          throw new FrameException(
              "unexpected notice " + root.path("code").asText() + ": " + root.path("msg").asText());
        }
        case "error" -> {
          // OKX answers a refused subscribe (unknown instId, too many requests) with an error
          // event. Observed frames carry no "arg": an unknown instId (code 60018) is named only in
          // the message, "Wrong URL or channel:trades,instId:XRP-USDT doesn't exist. ..." (see
          // docs/connectors.md). An "arg", should one come, names it directly.
          String msg = root.path("msg").asText();
          yield new FrameResult.SubscriptionRejected(
              root.path("code").asText() + ": " + msg, refusedSymbol(root.path("arg"), msg));
        }
        default -> throw new FrameException("unexpected event '" + event + "'");
      };
    }
    String channel = Json.text(Json.field(root, "arg"), "channel");
    if (!channel.equals("trades")) {
      throw new FrameException("unexpected channel '" + channel + "'");
    }
    JsonNode data = Json.field(root, "data");
    if (!data.isArray()) {
      throw new FrameException("field 'data' is not an array");
    }
    List<FrameResult.VenueTrade> trades = new ArrayList<>(data.size());
    for (JsonNode t : data) {
      String symbol = symbols.canonical(Json.text(t, "instId"));
      long lastId = Json.longValue(t, "tradeId");
      long count = t.has("count") ? Json.longValue(t, "count") : 1;
      if (count < 1 || count > lastId) {
        throw new FrameException("field 'count' is out of range: " + count);
      }
      TradeEvent e = event(t, symbol, lastId, receivedAt, TradeSource.WS);
      window.check(e.tradeTime(), receivedAt);
      trades.add(new FrameResult.VenueTrade(symbol, lastId - count + 1, lastId, e));
    }
    return new FrameResult.Trades(trades);
  }

  /** "instId:XRP-USDT" in an error message: the instrument the error is about. */
  private static final Pattern INST_ID_IN_MESSAGE = Pattern.compile("instId:([^\\s,\"]+)");

  /**
   * The canonical symbol an error event refuses: its {@code arg.instId}, else the {@code instId:}
   * the message names, else the one of our symbols the message mentions as a whole word; null when
   * none of ours is named.
   */
  private String refusedSymbol(JsonNode arg, String msg) {
    JsonNode instId = arg.path("instId");
    if (instId.isTextual()) {
      return symbols.canonicalOrNull(instId.textValue());
    }
    Matcher named = INST_ID_IN_MESSAGE.matcher(msg);
    if (named.find()) {
      String symbol = symbols.canonicalOrNull(named.group(1));
      if (symbol != null) {
        return symbol;
      }
    }
    return symbols.mentionedIn(msg);
  }

  /** A WS trade or REST history trade; {@code side} is the taker's. */
  static TradeEvent event(
      JsonNode t, String symbol, long id, Instant receivedAt, TradeSource source)
      throws FrameException {
    String side = Json.text(t, "side");
    TakerSide taker =
        switch (side) {
          case "buy" -> TakerSide.BUY;
          case "sell" -> TakerSide.SELL;
          default ->
              throw new FrameException("field 'side' is neither buy nor sell: '" + side + "'");
        };
    return new TradeEvent(
        "okx",
        symbol,
        Long.toString(id),
        Json.decimalString(t, "px"),
        Json.decimalString(t, "sz"),
        taker,
        Json.epochMillis(t, "ts"),
        receivedAt,
        source);
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
