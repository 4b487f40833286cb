package dev.cryptostream.producers.live;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One venue's WebSocket dialect: where to connect, how to subscribe and keep alive, and how to read
 * its frames into canonical trades. Connection management itself is venue-neutral ({@link
 * VenueConnection}).
 */
public interface VenueProtocol {

  /** The canonical exchange id ("binance"). */
  String exchange();

  /** The venue's spelling of a canonical BASE-QUOTE symbol (btcusdt, BTC-USD, BTC/USD). */
  String venueSymbol(String canonical);

  /** How many symbols one connection may carry under the venue's limits. */
  int maxSymbolsPerConnection();

  /** Where to connect for these canonical symbols. */
  URI connectUri(List<String> symbols);

  /**
   * Text messages to send right after connecting (subscriptions); sent again after every reconnect.
   */
  List<String> subscribeMessages(List<String> symbols);

  /**
   * The venue's text keep-alive, when the client must ping (OKX, Kraken); empty when the server
   * pings.
   */
  Optional<String> keepAliveMessage();

  /** Defaults derived from the venue's documented limits. */
  ConnectionPolicy defaultPolicy();

  /**
   * Reads one text frame of a connection subscribed to {@code symbols}.
   *
   * @throws FrameException when the frame is malformed or of a kind the connector does not know
   */
  FrameResult parse(String frame, Instant receivedAt) throws FrameException;

  /** Fetches missed trades from the venue's REST API. */
  Backfill backfill();

  /** How far a trade time may lie from its receive time before the trade is dead-lettered. */
  TradeTimeWindow tradeTimeWindow();

  /**
   * Messages to send after the venue refused one symbol, for the symbols still wanted: empty when
   * the venue answers each symbol on its own (the others are subscribed), a new subscription when
   * one refused symbol fails the whole request (Coinbase).
   */
  default List<String> messagesAfterRejection(List<String> remaining) {
    return List.of();
  }
}
