package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeEvent;
import java.util.List;

/** What one venue frame means to the connector. */
public sealed interface FrameResult {

  /**
   * One or more trades. Each covers venue trade ids {@code firstId..lastId}: equal for single
   * fills, a range when the venue aggregates fills (OKX {@code count}).
   */
  record Trades(List<VenueTrade> trades) implements FrameResult {}

  /** The venue says the newest trade id of a symbol is {@code lastTradeId} (Coinbase heartbeat). */
  record LastTradeId(String symbol, long lastTradeId) implements FrameResult {}

  /** Acknowledgements, heartbeats, pongs: proof of life, nothing to publish. */
  record Control(String what) implements FrameResult {}

  /** The venue announces it will drop the connection soon: reconnect now. */
  record Rotate(String reason) implements FrameResult {}

  /**
   * The venue confirmed subscriptions on this socket.
   *
   * @param symbols canonical symbols now subscribed (symbols we never asked for left out)
   * @param complete true when this lists every subscription of the socket (Coinbase {@code
   *     subscriptions}), false when it acknowledges only these (one answer per symbol: Kraken, OKX)
   */
  record Subscribed(List<String> symbols, boolean complete) implements FrameResult {
    public Subscribed {
      symbols = List.copyOf(symbols);
    }
  }

  /**
   * The venue refused a subscription. When it names the symbol (canonical), that symbol is dropped
   * and the connection's other symbols keep streaming. When it does not, the venue's confirmations
   * on the same socket may still tell which symbol it was ({@link PendingRefusals}); failing that,
   * the connection would stay up on heartbeats but carry no trades, so the session ends and
   * reconnects with backoff.
   *
   * @param symbol the refused canonical symbol, or null when the venue does not say which
   */
  record SubscriptionRejected(String reason, String symbol) implements FrameResult {}

  /** A trade with the venue's ids; {@code event} is already canonical. */
  record VenueTrade(String symbol, long firstId, long lastId, TradeEvent event) {
    public VenueTrade {
      if (firstId > lastId) {
        throw new IllegalArgumentException("firstId " + firstId + " > lastId " + lastId);
      }
    }

    public static VenueTrade single(long id, TradeEvent event) {
      return new VenueTrade(event.symbol(), id, id, event);
    }
  }
}
