package dev.cryptostream.producers.live;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;

/**
 * All of one venue's symbols, spread over as few connections as the venue's limits allow, sharing
 * one gap tracker, one backfill queue and one set of counters.
 */
public final class LiveConnector implements AutoCloseable {
  /**
   * Larger holes (a long outage) are reported, not fetched: a REST crawl of millions of trades is a
   * batch job.
   */
  public static final long DEFAULT_MAX_BACKFILL = 50_000;

  private final LiveStats stats;
  private final TradeFlow flow;
  private final List<VenueConnection> connections = new ArrayList<>();

  public LiveConnector(
      VenueProtocol protocol,
      List<String> symbols,
      ConnectionPolicy policy,
      LiveOutput output,
      HttpClient http) {
    this(
        protocol,
        symbols,
        policy,
        BackfillRetry.forVenue(policy.restMinInterval(), BackfillRetry.DEFAULT_HORIZON),
        output,
        http);
  }

  public LiveConnector(
      VenueProtocol protocol,
      List<String> symbols,
      ConnectionPolicy policy,
      BackfillRetry retry,
      LiveOutput output,
      HttpClient http) {
    this.stats = new LiveStats(protocol.exchange(), symbols, System::nanoTime);
    this.flow =
        new TradeFlow(
            protocol.exchange(),
            protocol.backfill(),
            protocol.tradeTimeWindow(),
            output,
            stats,
            DEFAULT_MAX_BACKFILL,
            retry);
    AttemptPacer pacer = new AttemptPacer(policy.minAttemptInterval(), System::nanoTime);
    int per = protocol.maxSymbolsPerConnection();
    for (int from = 0, n = 0; from < symbols.size(); from += per, n++) {
      List<String> chunk = symbols.subList(from, Math.min(symbols.size(), from + per));
      connections.add(
          new VenueConnection(
              protocol.exchange() + "#" + n, protocol, chunk, policy, flow, stats, http, pacer));
    }
  }

  public void start() {
    connections.forEach(VenueConnection::start);
  }

  public LiveStats stats() {
    return stats;
  }

  /** False once the venue has refused every symbol: nothing is left to stream. */
  public boolean hasSymbolsLeft() {
    return connections.stream().anyMatch(c -> !c.symbols().isEmpty());
  }

  public int connectionCount() {
    return connections.size();
  }

  @Override
  public void close() {
    connections.forEach(VenueConnection::close);
    flow.close();
  }
}
