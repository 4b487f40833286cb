package dev.cryptostream.producers.live;

import dev.cryptostream.producers.live.binance.BinanceBackfill;
import dev.cryptostream.producers.live.binance.BinanceProtocol;
import dev.cryptostream.producers.live.coinbase.CoinbaseBackfill;
import dev.cryptostream.producers.live.coinbase.CoinbaseProtocol;
import dev.cryptostream.producers.live.kraken.KrakenBackfill;
import dev.cryptostream.producers.live.kraken.KrakenProtocol;
import dev.cryptostream.producers.live.okx.OkxBackfill;
import dev.cryptostream.producers.live.okx.OkxProtocol;
import java.net.http.HttpClient;
import java.util.List;

/**
 * The venues the live connectors speak, their public endpoints, and their protocols for a set of
 * endpoints: the Java entry point for code that runs connectors without the {@code producers} CLI
 * (the local launcher runs several venues in one process).
 */
public final class Venues {
  public static final List<String> NAMES = List.of("binance", "coinbase", "kraken", "okx");

  private Venues() {}

  /** Where one venue is reached: its WebSocket base URL and its REST base URL for backfills. */
  public record Endpoints(String wsUrl, String restUrl) {}

  /** The venue's public endpoints. */
  public static Endpoints publicEndpoints(String venue) {
    return switch (known(venue)) {
      case "binance" -> new Endpoints(BinanceProtocol.DEFAULT_WS, BinanceProtocol.DEFAULT_REST);
      case "coinbase" -> new Endpoints(CoinbaseProtocol.DEFAULT_WS, CoinbaseProtocol.DEFAULT_REST);
      case "kraken" -> new Endpoints(KrakenProtocol.DEFAULT_WS, KrakenProtocol.DEFAULT_REST);
      default -> new Endpoints(OkxProtocol.DEFAULT_WS, OkxProtocol.DEFAULT_REST);
    };
  }

  /**
   * The venue's protocol for canonical {@code symbols} at {@code endpoints}, with trade times
   * checked against {@code window}; millisecond trade times (Binance's default stream unit).
   */
  public static VenueProtocol protocol(
      String venue,
      List<String> symbols,
      Endpoints endpoints,
      HttpClient http,
      TradeTimeWindow window) {
    return protocol(venue, symbols, endpoints, http, window, false);
  }

  /**
   * As above; {@code microseconds}: Binance's stream was asked for microsecond trade times ({@code
   * timeUnit=MICROSECOND}; the other venues have no such option).
   */
  public static VenueProtocol protocol(
      String venue,
      List<String> symbols,
      Endpoints endpoints,
      HttpClient http,
      TradeTimeWindow window,
      boolean microseconds) {
    String ws = endpoints.wsUrl();
    String rest = endpoints.restUrl();
    return switch (known(venue)) {
      case "binance" ->
          new BinanceProtocol(
              ws,
              symbols,
              new BinanceBackfill(rest, new RestClient(http, BinanceProtocol.REST_MIN_INTERVAL)),
              window,
              microseconds);
      case "coinbase" ->
          new CoinbaseProtocol(
              ws,
              symbols,
              new CoinbaseBackfill(rest, new RestClient(http, CoinbaseProtocol.REST_MIN_INTERVAL)),
              window);
      case "kraken" ->
          new KrakenProtocol(
              ws,
              symbols,
              new KrakenBackfill(rest, new RestClient(http, KrakenProtocol.REST_MIN_INTERVAL)),
              window);
      default ->
          new OkxProtocol(
              ws,
              symbols,
              new OkxBackfill(rest, new RestClient(http, OkxProtocol.REST_MIN_INTERVAL)),
              window);
    };
  }

  /** {@code venue} if it is one of {@link #NAMES}, else an IllegalArgumentException naming them. */
  public static String known(String venue) {
    if (!NAMES.contains(venue)) {
      throw new IllegalArgumentException(
          "unknown venue '" + venue + "' (known: " + String.join(", ", NAMES) + ")");
    }
    return venue;
  }
}
