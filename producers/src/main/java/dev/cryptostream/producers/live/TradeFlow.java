package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From parsed frames to published events for one venue: drops (and counts) duplicates, detects
 * gaps and fills them from REST on a background thread, so the socket keeps being read meanwhile.
 */
public final class TradeFlow implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TradeFlow.class);
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final String venue;
  private final Backfill backfill;
  private final LiveOutput output;
  private final LiveStats stats;
  private final GapTracker tracker = new GapTracker();
  private final long maxBackfillIds;
  private final Duration retryDelay;
  private final int attempts;
  /** One thread: backfills of a venue run one after another, within its REST limits. */
  private final ExecutorService backfills;

  public TradeFlow(String venue, Backfill backfill, LiveOutput output, LiveStats stats,
      long maxBackfillIds, Duration retryDelay, int attempts) {
    this.venue = venue;
    this.backfill = backfill;
    this.output = output;
    this.stats = stats;
    this.maxBackfillIds = maxBackfillIds;
    this.retryDelay = retryDelay;
    this.attempts = attempts;
    this.backfills = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, venue + "-backfill");
      t.setDaemon(true);
      return t;
    });
  }

  /** Publishes new trades in order; gaps before a trade are queued for backfill. */
  public void onTrades(List<FrameResult.VenueTrade> trades) {
    for (FrameResult.VenueTrade t : trades) {
      GapTracker.Outcome o = tracker.observe(t.symbol(), t.firstId(), t.lastId(), t.event().tradeTime());
      if (o instanceof GapTracker.Duplicate) {
        stats.duplicate(t.symbol());
        continue;
      }
      // Recovered: a missing id arrived late over the socket; published here, skipped by the backfill.
      if (o instanceof GapTracker.Missing m) {
        gap(m.gap());
      }
      stats.wsTrade(t.symbol());
      output.trade(t.event());
    }
  }

  /** The venue's newest trade id (heartbeat): anything above what arrived is a gap. */
  public void onNewestTradeId(String symbol, long lastTradeId) {
    if (tracker.observeNewest(symbol, lastTradeId) instanceof GapTracker.Missing m) {
      gap(m.gap());
    }
  }

  public void deadLetter(String reason, String frame, Instant receivedAt) {
    stats.deadLetter();
    log.warn("{}: dead letter: {}", venue, reason);
    output.deadLetter(new DeadLetter(venue, reason, frame, receivedAt));
  }

  private void gap(Gap gap) {
    stats.gapFound(gap.symbol());
    if (gap.size() > maxBackfillIds) {
      log.warn("{} {}: gap of {} trades ({}..{}) exceeds the backfill limit of {}; left unfilled",
          venue, gap.symbol(), gap.size(), gap.fromId(), gap.toId(), maxBackfillIds);
      stats.unfilled(gap.symbol(), gap.size());
      return;
    }
    log.info("{} {}: gap {}..{} ({} trades), backfilling from REST", venue, gap.symbol(), gap.fromId(), gap.toId(), gap.size());
    tracker.open(gap);
    backfills.execute(() -> {
      try {
        fill(gap);
      } finally {
        tracker.close(gap);
      }
    });
  }

  /**
   * Fetches the gap from REST and publishes each id nobody has published yet (the socket may
   * deliver some late). REST may not have the newest ids the moment a gap is seen, so a short
   * answer is retried like a failure, up to {@code attempts} times.
   */
  private void fill(Gap gap) {
    long published = 0;
    for (int attempt = 1; attempt <= attempts; attempt++) {
      try {
        List<TradeEvent> fetched = backfill.fetch(gap);
        // Keep only the gap's ids, once each, in id order.
        TreeMap<Long, TradeEvent> byId = new TreeMap<>();
        for (TradeEvent e : fetched) {
          long id;
          try {
            id = Long.parseLong(e.tradeId());
          } catch (NumberFormatException ex) {
            continue;
          }
          if (gap.contains(id) && e.symbol().equals(gap.symbol())) {
            byId.putIfAbsent(id, e.source() == TradeSource.REST_BACKFILL ? e : asBackfill(e));
          }
        }
        long now = 0;
        for (var entry : byId.entrySet()) {
          if (tracker.claim(gap, entry.getKey())) {
            output.trade(entry.getValue());
            now++;
          }
        }
        published += now;
        stats.backfilled(gap.symbol(), now);
        long missing = tracker.unclaimed(gap);
        if (missing == 0) {
          log.info("{} {}: backfilled {} trades {}..{}", venue, gap.symbol(), published, gap.fromId(), gap.toId());
          return;
        }
        if (attempt == attempts) {
          stats.unfilled(gap.symbol(), missing);
          log.warn("{} {}: {} of the {} missing trades {}..{} never came (REST or socket)", venue, gap.symbol(),
              missing, gap.size(), gap.fromId(), gap.toId());
          return;
        }
        log.info("{} {}: REST had {} of {} missing trades {}..{}; asking again", venue, gap.symbol(),
            gap.size() - missing, gap.size(), gap.fromId(), gap.toId());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stats.unfilled(gap.symbol(), tracker.unclaimed(gap));
        return;
      } catch (Exception e) {
        log.warn("{} {}: backfill {}..{} attempt {}/{} failed: {}", venue, gap.symbol(), gap.fromId(), gap.toId(),
            attempt, attempts, e.toString());
        if (attempt == attempts) {
          stats.unfilled(gap.symbol(), tracker.unclaimed(gap));
          return;
        }
      }
      try {
        Thread.sleep(retryDelay.toMillis() * attempt);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        stats.unfilled(gap.symbol(), tracker.unclaimed(gap));
        return;
      }
    }
  }

  private static TradeEvent asBackfill(TradeEvent e) {
    return new TradeEvent(e.exchange(), e.symbol(), e.tradeId(), e.price(), e.quantity(), e.side(), e.tradeTime(),
        e.receivedAt(), TradeSource.REST_BACKFILL);
  }

  /** Lets queued backfills finish (bounded), then stops the backfill thread. */
  @Override
  public void close() {
    backfills.shutdown();
    try {
      // A running backfill gets a short grace period, then is interrupted (its REST pacing and
      // HTTP calls stop at once), so that shutdown reaches the Kafka flush in bounded time.
      if (!backfills.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        backfills.shutdownNow();
      }
    } catch (InterruptedException e) {
      backfills.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
