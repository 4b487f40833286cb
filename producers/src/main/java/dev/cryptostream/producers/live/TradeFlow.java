package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.net.Backoff;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * From parsed frames to published events for one venue: drops (and counts) duplicates, detects gaps
 * and fills them from REST on a background thread, so the socket keeps being read meanwhile. A gap
 * REST cannot fill yet is asked again with backoff until its retry horizon, without holding up the
 * venue's other gaps.
 */
public final class TradeFlow implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TradeFlow.class);
  static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(5);

  private final String venue;
  private final Backfill backfill;
  private final TradeTimeWindow window;
  private final LiveOutput output;
  private final LiveStats stats;
  private final GapTracker tracker = new GapTracker();
  private final long maxBackfillIds;
  private final BackfillRetry retry;

  /**
   * One thread: backfills of a venue run one at a time, within its REST limits; retries wait as
   * scheduled tasks.
   */
  private final ScheduledThreadPoolExecutor backfills;

  private final Set<GapFill> pending = ConcurrentHashMap.newKeySet();

  public TradeFlow(
      String venue,
      Backfill backfill,
      TradeTimeWindow window,
      LiveOutput output,
      LiveStats stats,
      long maxBackfillIds,
      BackfillRetry retry) {
    this.venue = venue;
    this.backfill = backfill;
    this.window = window;
    this.output = output;
    this.stats = stats;
    this.maxBackfillIds = maxBackfillIds;
    this.retry = retry;
    this.backfills =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, venue + "-backfill");
              t.setDaemon(true);
              return t;
            });
    // Retries waiting for their turn are not run at shutdown; running ones get the grace period.
    this.backfills.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Publishes new trades in order; gaps before a trade are queued for backfill. */
  public void onTrades(List<FrameResult.VenueTrade> trades) {
    for (FrameResult.VenueTrade t : trades) {
      GapTracker.Outcome o =
          tracker.observe(t.symbol(), t.firstId(), t.lastId(), t.event().tradeTime());
      if (o instanceof GapTracker.Missing m) {
        gap(m.gap());
      } else if (o instanceof GapTracker.Overlap v) {
        // Part of this aggregate was published already: its new ids come from REST, one fill each.
        log.info(
            "{} {}: trade {}..{} overlaps ids already published; backfilling {}..{} instead",
            venue,
            t.symbol(),
            t.firstId(),
            t.lastId(),
            v.gap().fromId(),
            v.gap().toId());
        gap(v.gap());
      }
      if (!o.publish()) {
        stats.duplicate(t.symbol());
        continue;
      }
      // Recovered: a missing id arrived late over the socket; published here, skipped by the
      // backfill.
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
      log.warn(
          "{} {}: gap of {} trades ({}..{}) exceeds the backfill limit of {}; left unfilled",
          venue,
          gap.symbol(),
          gap.size(),
          gap.fromId(),
          gap.toId(),
          maxBackfillIds);
      stats.unfilled(gap.symbol(), gap.size());
      return;
    }
    log.info(
        "{} {}: gap {}..{} ({} trades), backfilling from REST",
        venue,
        gap.symbol(),
        gap.fromId(),
        gap.toId(),
        gap.size());
    tracker.open(gap);
    stats.gapOpened(gap.symbol());
    GapFill fill = new GapFill(gap, System.nanoTime());
    pending.add(fill);
    try {
      backfills.execute(fill);
    } catch (RejectedExecutionException e) {
      fill.end(-1, "the connector is shutting down");
    }
  }

  /**
   * One gap's backfill: each attempt fetches the gap from REST and publishes each id nobody has
   * published yet (the socket may deliver some late). REST may not have the newest ids the moment a
   * gap is seen, or may fail, so an incomplete attempt is repeated with backoff until the horizon.
   */
  private final class GapFill implements Runnable {
    final Gap gap;
    final long foundNanos;
    final Backoff backoff =
        new Backoff(retry.firstDelay(), retry.maxDelay(), Duration.ZERO, Math::random);
    int attempts;
    long published;
    boolean ended;

    GapFill(Gap gap, long foundNanos) {
      this.gap = gap;
      this.foundNanos = foundNanos;
    }

    @Override
    public void run() {
      attempts++;
      String failure;
      try {
        publishFetched(backfill.fetch(gap));
        failure = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        end(tracker.unclaimed(gap), "interrupted at shutdown");
        return;
      } catch (Exception e) {
        failure = e.toString();
      }
      long missing = tracker.unclaimed(gap);
      if (missing == 0) {
        log.info(
            "{} {}: backfilled {} trades {}..{} in {} attempt(s)",
            venue,
            gap.symbol(),
            published,
            gap.fromId(),
            gap.toId(),
            attempts);
        end(0, null);
        return;
      }
      Duration delay = backoff.next();
      long elapsed = System.nanoTime() - foundNanos;
      if (elapsed + delay.toNanos() > retry.horizon().toNanos()) {
        end(missing, failure != null ? "last attempt failed: " + failure : "REST never had them");
        return;
      }
      log.info(
          "{} {}: attempt {} {}; {} of {} missing trades {}..{} still missing, next attempt in {} ms",
          venue,
          gap.symbol(),
          attempts,
          failure != null ? "failed: " + failure : "came back short",
          missing,
          gap.size(),
          gap.fromId(),
          gap.toId(),
          delay.toMillis());
      try {
        // run() catches what an attempt throws and ends the gap itself: nothing to wait for.
        var unusedRetry = backfills.schedule(this, delay.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        end(missing, "the connector is shutting down");
      }
    }

    /**
     * Keeps only the gap's ids, once each, in id order; out-of-window times go to the dead letters.
     */
    private void publishFetched(List<TradeEvent> fetched) {
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
      Instant fetchedAt = Instant.now();
      for (var entry : byId.entrySet()) {
        TradeEvent e = entry.getValue();
        String outside = outsideWindow(e, fetchedAt);
        if (!tracker.claim(gap, entry.getKey())) {
          continue;
        }
        if (outside != null) {
          // Claimed so that it is dead-lettered once, not fetched again until the horizon.
          deadLetter(
              "backfilled trade " + e.tradeId() + ": " + outside,
              TradeEventJson.toJson(e),
              fetchedAt);
          continue;
        }
        output.trade(e);
        now++;
      }
      published += now;
      stats.backfilled(gap.symbol(), now);
    }

    /** A backfilled trade happened after the trade before the gap, and before the fetch. */
    private String outsideWindow(TradeEvent e, Instant fetchedAt) {
      try {
        window.check(
            e.tradeTime(),
            gap.after() == null ? fetchedAt : gap.after(),
            fetchedAt,
            "trade before the gap / fetch time");
        return null;
      } catch (FrameException ex) {
        return ex.getMessage();
      }
    }

    /**
     * The gap is complete ({@code missing} 0) or given up ({@code missing} ids lost, -1: whatever
     * is still unclaimed); later copies of its ids are duplicates again.
     */
    synchronized void end(long missing, String why) {
      if (ended) {
        return;
      }
      ended = true;
      long lost = missing < 0 ? tracker.unclaimed(gap) : missing;
      pending.remove(this);
      tracker.close(gap);
      stats.gapClosed(gap.symbol());
      if (lost != 0) {
        stats.unfilled(gap.symbol(), lost);
        stats.gapGivenUp(gap.symbol());
        log.warn(
            "{} {}: gave up on {} of the {} missing trades {}..{} after {} attempt(s) over {} s ({})",
            venue,
            gap.symbol(),
            lost,
            gap.size(),
            gap.fromId(),
            gap.toId(),
            attempts,
            (System.nanoTime() - foundNanos) / 1_000_000_000L,
            why);
      }
    }
  }

  private static TradeEvent asBackfill(TradeEvent e) {
    return new TradeEvent(
        e.exchange(),
        e.symbol(),
        e.tradeId(),
        e.price(),
        e.quantity(),
        e.side(),
        e.tradeTime(),
        e.receivedAt(),
        TradeSource.REST_BACKFILL);
  }

  /**
   * Lets a running backfill finish (bounded), drops retries still waiting, and counts every gap not
   * filled by then as given up.
   */
  @Override
  public void close() {
    backfills.shutdown();
    try {
      // A running backfill gets a short grace period, then is interrupted (its REST pacing and
      // HTTP calls stop at once), so that shutdown reaches the Kafka flush in bounded time.
      if (!backfills.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        backfills.shutdownNow();
        backfills.awaitTermination(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      backfills.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (GapFill fill : List.copyOf(pending)) {
      fill.end(-1, "the connector stopped");
    }
  }
}
