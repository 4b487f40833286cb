package dev.cryptostream.producers.coingecko;

import dev.cryptostream.contracts.PriceSnapshot;
import dev.cryptostream.contracts.PriceSnapshotJson;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.producers.net.Backoff;
import dev.cryptostream.producers.simulator.SimulationRun.RecordSink;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * Polls CoinGecko's simple price endpoint and publishes each new snapshot once.
 *
 * <ul>
 *   <li>Budget: at most {@code callsPerMinute} calls in any minute, counting every call, failed
 *       ones included.
 *   <li>De-duplication: a snapshot is published only when its last_updated_at is newer than the
 *       last one published for the same coin and currency; unchanged (or older) ones are counted,
 *       not republished.
 *   <li>HTTP 429: waits as long as Retry-After says (capped at {@code maxRetryAfter}), else backs
 *       off exponentially with jitter; 5xx, other 4xx, timeouts and connection failures back off
 *       the same way, capped at {@code maxBackoff}. A success resets the back-off.
 *   <li>Malformed bodies, unknown coins and unusable fields go to the dead-letter sink with the
 *       reason and the raw body; the poller never stops for them.
 * </ul>
 *
 * One status line per call. Nothing printed or dead-lettered contains the API key: it lives only in
 * the client's request header.
 */
public final class CoinGeckoPoller {
  /** What to poll and how politely. */
  public record Config(
      List<String> coins,
      List<String> vsCurrencies,
      Duration interval,
      int callsPerMinute,
      Duration backoffBase,
      Duration maxBackoff,
      Duration maxRetryAfter) {
    public Config {
      coins = List.copyOf(coins);
      vsCurrencies = List.copyOf(vsCurrencies);
      if (coins.isEmpty() || vsCurrencies.isEmpty()) {
        throw new IllegalArgumentException("name at least one coin and one currency");
      }
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("interval must be positive");
      }
      if (callsPerMinute < 1) {
        throw new IllegalArgumentException("calls per minute must be at least 1");
      }
    }

    public static Config of(List<String> coins, List<String> vsCurrencies, Duration interval) {
      return new Config(
          coins,
          vsCurrencies,
          interval,
          30,
          Duration.ofSeconds(5),
          Duration.ofMinutes(5),
          Duration.ofMinutes(15));
    }
  }

  /** Running totals, for status lines and tests. */
  public record Stats(
      long calls,
      long ok,
      long rateLimited,
      long serverErrors,
      long otherHttpErrors,
      long timeouts,
      long connectionErrors,
      long published,
      long unchanged,
      long deadLetters) {}

  /** What one call led to: its status text for the log and the wait before the next call. */
  record CallResult(String status, Duration nextIn) {}

  /** Longest single sleep, so that a stop request is noticed promptly. */
  private static final long MAX_SLEEP_NANOS = 200_000_000L;

  private final Config config;
  private final CoinGeckoClient client;
  private final RecordSink prices;
  private final RecordSink deadLetters;
  private final PollClock clock;
  private final PrintStream status;
  private final CallBudget budget;
  private final Backoff backoff;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final Map<String, Instant> lastPublished = new HashMap<>();
  private final Set<String> reportedUnknown = new HashSet<>();

  private long calls, ok, rateLimited, serverErrors, otherHttpErrors, timeouts, connectionErrors;
  private long published, unchanged, deadLettered;

  public CoinGeckoPoller(
      Config config,
      CoinGeckoClient client,
      RecordSink prices,
      RecordSink deadLetters,
      PollClock clock,
      DoubleSupplier jitter,
      PrintStream status) {
    this.config = config;
    this.client = client;
    this.prices = prices;
    this.deadLetters = deadLetters;
    this.clock = clock;
    this.status = status;
    this.budget = new CallBudget(config.callsPerMinute(), Duration.ofMinutes(1).toNanos());
    this.backoff = new Backoff(config.backoffBase(), config.maxBackoff(), Duration.ZERO, jitter);
  }

  public void requestStop() {
    stopRequested.set(true);
  }

  /**
   * Polls until stopped, until {@code maxCalls} calls were made (0: no limit) or until {@code
   * duration} has passed (null: no limit).
   */
  public Stats run(long maxCalls, Duration duration) throws InterruptedException {
    long start = clock.nanoTime();
    // Elapsed times are compared as differences: nanoTime may be anywhere in the long range.
    long limit = duration == null ? Long.MAX_VALUE : duration.toNanos();
    long nextCallAt = start;
    while (!stopRequested.get() && (maxCalls <= 0 || calls < maxCalls)) {
      long now = clock.nanoTime();
      long wait = Math.max(nextCallAt - now, budget.waitNanos(now));
      if (now - start + Math.max(wait, 0) >= limit) {
        break; // the next call would fall after the end
      }
      if (wait > 0) {
        clock.sleepNanos(Math.min(wait, MAX_SLEEP_NANOS));
        continue; // re-check stop and budget after each slice
      }
      budget.record(now);
      calls++;
      CallResult result = callOnce();
      nextCallAt = now + result.nextIn().toNanos();
      if (status != null) {
        status.printf(
            "coingecko call=%d %s published=%d unchanged=%d dead_letters=%d next_in=%.1fs%n",
            calls,
            result.status(),
            published,
            unchanged,
            deadLettered,
            result.nextIn().toMillis() / 1000.0);
      }
    }
    return stats();
  }

  /** One call and everything that follows from its outcome. */
  CallResult callOnce() throws InterruptedException {
    CoinGeckoClient.Response response;
    try {
      response = client.fetchSimplePrice(config.coins(), config.vsCurrencies());
    } catch (HttpTimeoutException e) {
      timeouts++;
      return failure("timeout");
    } catch (IOException e) {
      connectionErrors++;
      return failure("connection_error=" + e.getClass().getSimpleName());
    }
    Instant polledAt = clock.now();
    int code = response.status();
    if (code == 200) {
      ok++;
      backoff.reset();
      return new CallResult("http=200 " + publish(response.body(), polledAt), config.interval());
    }
    if (code == 429) {
      rateLimited++;
      Optional<Duration> retryAfter =
          RetryAfter.parse(response.retryAfter().orElse(null), polledAt);
      if (retryAfter.isPresent()) {
        backoff.next(); // still a failure: a following error without Retry-After waits longer
        Duration wait = min(retryAfter.get(), config.maxRetryAfter());
        return new CallResult("http=429 retry_after=" + retryAfter.get().toSeconds() + "s", wait);
      }
      return failure("http=429");
    }
    if (code >= 500) {
      serverErrors++;
    } else {
      otherHttpErrors++; // 401/403: a wrong key; 400: a bad parameter. Neither fixes itself, so
      // back off.
    }
    return failure("http=" + code);
  }

  private CallResult failure(String what) {
    Duration wait = backoff.next();
    return new CallResult(what + " failures_in_a_row=" + backoff.failures(), wait);
  }

  private String publish(String body, Instant polledAt) {
    SimplePriceResponse.Parsed parsed =
        SimplePriceResponse.parse(body, config.coins(), config.vsCurrencies(), polledAt);
    int newOnes = 0;
    for (PriceSnapshot s : parsed.snapshots()) {
      reportedUnknown.remove(s.coinId());
      Instant last = lastPublished.get(s.kafkaKey());
      if (last != null && !s.lastUpdatedAt().isAfter(last)) {
        unchanged++;
        continue;
      }
      lastPublished.put(s.kafkaKey(), s.lastUpdatedAt());
      prices.send(
          s.kafkaKey(),
          PriceSnapshotJson.toJson(s).getBytes(StandardCharsets.UTF_8),
          s.lastUpdatedAt().toEpochMilli());
      published++;
      newOnes++;
    }
    int problems = 0;
    for (SimplePriceResponse.Problem p : parsed.problems()) {
      // An unknown coin stays unknown: dead-letter it once, not on every poll.
      if (p.reason().equals(SimplePriceResponse.UNKNOWN_COIN) && !reportedUnknown.add(p.coinId())) {
        continue;
      }
      deadLetter(p, body, polledAt);
      problems++;
    }
    return "new=" + newOnes + (problems > 0 ? " problems=" + problems : "");
  }

  private void deadLetter(SimplePriceResponse.Problem p, String body, Instant polledAt) {
    StringBuilder sb = new StringBuilder(body.length() + 256);
    sb.append("{\"producer\":\"coingecko\",\"reason\":");
    TradeEventJson.appendQuoted(sb, p.reason());
    sb.append(",\"coin_id\":");
    if (p.coinId() == null) {
      sb.append("null");
    } else {
      TradeEventJson.appendQuoted(sb, p.coinId());
    }
    sb.append(",\"detail\":");
    TradeEventJson.appendQuoted(sb, p.detail());
    sb.append(",\"request\":");
    TradeEventJson.appendQuoted(
        sb, client.simplePriceUri(config.coins(), config.vsCurrencies()).toString());
    sb.append(",\"received_at\":");
    TradeEventJson.appendQuoted(sb, TradeEventJson.formatTime(polledAt));
    sb.append(",\"raw\":");
    TradeEventJson.appendQuoted(sb, body);
    sb.append('}');
    String key = "coingecko:" + p.reason();
    deadLetters.send(key, sb.toString().getBytes(StandardCharsets.UTF_8), polledAt.toEpochMilli());
    deadLettered++;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  public Stats stats() {
    return new Stats(
        calls,
        ok,
        rateLimited,
        serverErrors,
        otherHttpErrors,
        timeouts,
        connectionErrors,
        published,
        unchanged,
        deadLettered);
  }
}
