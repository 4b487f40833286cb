package dev.cryptostream.platform;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeTopics;
import dev.cryptostream.producers.kafka.KafkaRecordPublisher;
import dev.cryptostream.producers.live.DeadLetter;
import dev.cryptostream.producers.live.KafkaLiveOutput;
import dev.cryptostream.producers.live.LiveConnector;
import dev.cryptostream.producers.live.LiveOutput;
import dev.cryptostream.producers.live.Symbols;
import dev.cryptostream.producers.live.TradeTimeWindow;
import dev.cryptostream.producers.live.VenueProtocol;
import dev.cryptostream.producers.live.Venues;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The exchanges' live trades: one connector per venue (several symbols each), all publishing
 * canonical events into the trades topic and unusable frames into the producer dead-letter topic,
 * until {@code --duration} has passed or the run is stopped (Ctrl-C, SIGTERM).
 */
final class LiveSource implements RunSource {
  /** How often each venue's status lines are printed while the source runs. */
  static final Duration STATUS_EVERY = Duration.ofSeconds(30);

  private final Map<String, List<String>> symbolsByVenue;
  private final Map<String, Venues.Endpoints> endpoints;
  private final Duration duration;
  private final AtomicLong published = new AtomicLong();

  /**
   * @param symbolsByVenue canonical symbols of each venue, in the order given
   * @param endpoints where each venue is reached (its public endpoints unless overridden)
   * @param duration how long to run, or null for until stopped
   */
  LiveSource(
      Map<String, List<String>> symbolsByVenue,
      Map<String, Venues.Endpoints> endpoints,
      Duration duration) {
    this.symbolsByVenue = Map.copyOf(symbolsByVenue);
    this.endpoints = Map.copyOf(endpoints);
    this.duration = duration;
  }

  /**
   * Parses {@code venue:BASE-QUOTE,...} (binance:BTC-USDT,coinbase:BTC-USD) into each venue's
   * symbols, in the order given.
   */
  static Map<String, List<String>> parseVenues(String spec) {
    Map<String, List<String>> byVenue = new LinkedHashMap<>();
    for (String raw : spec.split(",", -1)) {
      String entry = raw.trim();
      int colon = entry.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException(
            "--venues entry '" + entry + "' must be venue:BASE-QUOTE, such as binance:BTC-USDT");
      }
      String venue = entry.substring(0, colon).toLowerCase(Locale.ROOT);
      String symbol = entry.substring(colon + 1).toUpperCase(Locale.ROOT);
      if (!Venues.NAMES.contains(venue)) {
        throw new IllegalArgumentException(
            "unknown venue '"
                + venue
                + "' in --venues (known: "
                + String.join(", ", Venues.NAMES)
                + ")");
      }
      if (!Symbols.CANONICAL.matcher(symbol).matches()) {
        throw new IllegalArgumentException(
            "bad symbol '" + symbol + "' in --venues: expected BASE-QUOTE such as BTC-USDT");
      }
      List<String> symbols = byVenue.computeIfAbsent(venue, v -> new ArrayList<>());
      if (symbols.contains(symbol)) {
        throw new IllegalArgumentException("--venues names " + venue + ":" + symbol + " twice");
      }
      symbols.add(symbol);
    }
    return byVenue;
  }

  @Override
  public String name() {
    return "live";
  }

  Map<String, List<String>> symbolsByVenue() {
    return symbolsByVenue;
  }

  Map<String, Venues.Endpoints> endpoints() {
    return endpoints;
  }

  /** How long the source runs, or null for until stopped. */
  Duration duration() {
    return duration;
  }

  @Override
  public List<String> extraTopics() {
    return List.of(KafkaLiveOutput.DEFAULT_DLQ_TOPIC);
  }

  @Override
  public long publishedSoFar() {
    return published.get();
  }

  @Override
  public Outcome run(String bootstrapServers, StopRequest stop, Console console)
      throws InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    KafkaRecordPublisher trades = new KafkaRecordPublisher(bootstrapServers, TradeTopics.TRADES_V1);
    KafkaRecordPublisher deadLetters =
        new KafkaRecordPublisher(bootstrapServers, KafkaLiveOutput.DEFAULT_DLQ_TOPIC);
    KafkaLiveOutput kafka = new KafkaLiveOutput(trades, deadLetters);
    LiveOutput counted =
        new LiveOutput() {
          @Override
          public void trade(TradeEvent event) {
            kafka.trade(event);
            published.incrementAndGet();
          }

          @Override
          public void deadLetter(DeadLetter letter) {
            kafka.deadLetter(letter);
          }
        };
    Map<String, LiveConnector> connectors = new LinkedHashMap<>();
    List<String> refused = new ArrayList<>();
    try {
      for (String venue : Venues.NAMES) {
        List<String> symbols = symbolsByVenue.get(venue);
        if (symbols == null) {
          continue;
        }
        Venues.Endpoints at = endpoints.get(venue);
        VenueProtocol protocol =
            Venues.protocol(venue, symbols, at, http, TradeTimeWindow.LIVE_DEFAULT);
        LiveConnector connector =
            new LiveConnector(protocol, symbols, protocol.defaultPolicy(), counted, http);
        connectors.put(venue, connector);
        console.say(
            "live: %s %s over %d connection(s) to %s",
            venue,
            symbols.stream().map(s -> s + "=" + protocol.venueSymbol(s)).toList(),
            connector.connectionCount(),
            at.wsUrl());
      }
      connectors.values().forEach(LiveConnector::start);
      console.say(
          "live: trades -> %s, unusable frames -> %s, until %s",
          TradeTopics.TRADES_V1,
          KafkaLiveOutput.DEFAULT_DLQ_TOPIC,
          duration == null ? "Ctrl-C or SIGTERM" : duration + " have passed (or Ctrl-C / SIGTERM)");
      awaitEnd(stop, connectors, console);
    } finally {
      // Connectors first, so nothing is sent after the flush; close() flushes both topics.
      connectors.values().forEach(LiveConnector::close);
      kafka.close();
    }
    connectors.forEach(
        (venue, c) -> {
          if (!c.hasSymbolsLeft()) {
            refused.add(venue);
          }
        });
    List<String> status = new ArrayList<>();
    connectors.values().forEach(c -> status.addAll(c.stats().statusLines()));
    String problem = RunSource.undelivered(kafka.failed(), kafka.firstFailure());
    if (problem == null && !connectors.isEmpty() && refused.size() == connectors.size()) {
      problem = "every venue refused every symbol (see the status lines)";
    }
    return new Result(stop.reason(), trades.acked(), deadLetters.acked(), status, problem);
  }

  /** Waits for the stop (or the end of --duration), printing each venue's status meanwhile. */
  private void awaitEnd(StopRequest stop, Map<String, LiveConnector> connectors, Console console)
      throws InterruptedException {
    long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
    long nextStatus = System.nanoTime() + STATUS_EVERY.toNanos();
    while (true) {
      long now = System.nanoTime();
      if (now >= deadline) {
        stop.request("--duration " + duration + " passed");
        return;
      }
      if (stop.await(Duration.ofNanos(Math.min(1_000_000_000L, deadline - now)))) {
        return;
      }
      if (connectors.values().stream().noneMatch(LiveConnector::hasSymbolsLeft)) {
        stop.request("every venue refused every symbol");
        return;
      }
      if (System.nanoTime() >= nextStatus) {
        connectors
            .values()
            .forEach(c -> c.stats().statusLines().forEach(l -> console.say("%s", l)));
        nextStatus += STATUS_EVERY.toNanos();
      }
    }
  }

  /**
   * What the connectors published. Nothing about live data is known in advance, so the simulator's
   * exact expectations are reported as not applicable, with what was seen.
   */
  record Result(
      String stoppedBy,
      long published,
      long producerDeadLetters,
      List<String> statusLines,
      String problem)
      implements Outcome {
    @Override
    public List<String> report() {
      List<String> lines = new ArrayList<>();
      lines.add(
          String.format(
              "live stopped (%s): %d trades published, %d unusable venue frames to %s",
              stoppedBy, published, producerDeadLetters, KafkaLiveOutput.DEFAULT_DLQ_TOPIC));
      lines.addAll(statusLines);
      return lines;
    }

    @Override
    public List<RunCheck> checks(Map<String, String> fin) {
      return List.of(
          RunCheck.notApplicable(
              "every malformed record was dead-lettered",
              "venues' unusable frames go to "
                  + KafkaLiveOutput.DEFAULT_DLQ_TOPIC
                  + " ("
                  + producerDeadLetters
                  + "), not through the pipeline; it dead-lettered "
                  + PipelineProcess.counter(fin, "dead_letters")),
          RunCheck.notApplicable(
              "every injected duplicate was dropped",
              "live data has no injected duplicates; "
                  + PipelineProcess.counter(fin, "duplicates")
                  + " dropped"),
          RunCheck.notApplicable(
              "every unique trade is in a final candle",
              "late venue trades and backfills may fall beyond the allowed lateness; "
                  + PipelineProcess.counter(fin, "trades_beyond_lateness")
                  + " did"));
    }
  }
}
