package dev.cryptostream.producers.live;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Counters of one venue's connector, per symbol where that means something, for status lines and
 * tests.
 */
public final class LiveStats {
  private final String venue;
  private final LongSupplier nanoClock;
  private final Map<String, SymbolStats> symbols = new ConcurrentHashMap<>();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong deadLetters = new AtomicLong();
  private final AtomicLong keepAlivesSent = new AtomicLong();
  private final AtomicLong watchdogFired = new AtomicLong();
  private final AtomicLong rotations = new AtomicLong();

  /** Connections that have not delivered a frame for several attempts: name → problem. */
  private final Map<String, String> connectionProblems = new ConcurrentHashMap<>();

  /** Per-symbol counters. */
  public static final class SymbolStats {
    final AtomicLong wsTrades = new AtomicLong();
    final AtomicLong gapsFound = new AtomicLong();
    final AtomicLong backfilled = new AtomicLong();
    final AtomicLong unfilled = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong openGaps = new AtomicLong();
    final AtomicLong gapsGivenUp = new AtomicLong();
    volatile String rejection; // why the venue refused the subscription, if it did
    final AtomicLong lastTradeNanos = new AtomicLong(Long.MIN_VALUE);
    long reportedTrades; // trades at the previous status line
    long reportedAtNanos;

    public long wsTrades() {
      return wsTrades.get();
    }

    public long gapsFound() {
      return gapsFound.get();
    }

    public long backfilled() {
      return backfilled.get();
    }

    public long unfilled() {
      return unfilled.get();
    }

    public long duplicates() {
      return duplicates.get();
    }

    public long openGaps() {
      return openGaps.get();
    }

    public long gapsGivenUp() {
      return gapsGivenUp.get();
    }

    public String rejection() {
      return rejection;
    }
  }

  public LiveStats(String venue, List<String> symbolList, LongSupplier nanoClock) {
    this.venue = venue;
    this.nanoClock = nanoClock;
    long now = nanoClock.getAsLong();
    for (String s : symbolList) {
      SymbolStats st = new SymbolStats();
      st.reportedAtNanos = now;
      symbols.put(s, st);
    }
  }

  public SymbolStats symbol(String symbol) {
    return symbols.computeIfAbsent(symbol, s -> new SymbolStats());
  }

  void wsTrade(String symbol) {
    SymbolStats s = symbol(symbol);
    s.wsTrades.incrementAndGet();
    s.lastTradeNanos.set(nanoClock.getAsLong());
  }

  void gapFound(String symbol) {
    symbol(symbol).gapsFound.incrementAndGet();
  }

  void backfilled(String symbol, long n) {
    symbol(symbol).backfilled.addAndGet(n);
  }

  void unfilled(String symbol, long n) {
    symbol(symbol).unfilled.addAndGet(n);
  }

  void duplicate(String symbol) {
    symbol(symbol).duplicates.incrementAndGet();
  }

  void gapOpened(String symbol) {
    symbol(symbol).openGaps.incrementAndGet();
  }

  void gapClosed(String symbol) {
    symbol(symbol).openGaps.decrementAndGet();
  }

  void gapGivenUp(String symbol) {
    symbol(symbol).gapsGivenUp.incrementAndGet();
  }

  void rejected(String symbol, String reason) {
    symbol(symbol).rejection = reason;
  }

  /** A connection is not delivering ({@code problem}), or delivers again ({@code problem} null). */
  void connectionProblem(String connection, String problem) {
    if (problem == null) {
      connectionProblems.remove(connection);
    } else {
      connectionProblems.put(connection, problem);
    }
  }

  public Map<String, String> connectionProblems() {
    return Map.copyOf(connectionProblems);
  }

  void reconnect() {
    reconnects.incrementAndGet();
  }

  void deadLetter() {
    deadLetters.incrementAndGet();
  }

  void recordKeepAlive() {
    keepAlivesSent.incrementAndGet();
  }

  void recordWatchdog() {
    watchdogFired.incrementAndGet();
  }

  void recordRotation() {
    rotations.incrementAndGet();
  }

  public long reconnects() {
    return reconnects.get();
  }

  public long deadLetters() {
    return deadLetters.get();
  }

  public long keepAlivesSent() {
    return keepAlivesSent.get();
  }

  public long watchdogFired() {
    return watchdogFired.get();
  }

  public long rotations() {
    return rotations.get();
  }

  /**
   * One line per symbol: trades/s since the previous call, last trade age, and the fault counters.
   */
  public synchronized List<String> statusLines() {
    long now = nanoClock.getAsLong();
    List<String> lines = new ArrayList<>();
    for (Map.Entry<String, SymbolStats> e : new java.util.TreeMap<>(symbols).entrySet()) {
      SymbolStats s = e.getValue();
      long trades = s.wsTrades.get();
      double seconds = Math.max(1e-9, (now - s.reportedAtNanos) / 1e9);
      double perSecond = (trades - s.reportedTrades) / seconds;
      s.reportedTrades = trades;
      s.reportedAtNanos = now;
      long last = s.lastTradeNanos.get();
      String age =
          last == Long.MIN_VALUE
              ? "none yet"
              : String.format(Locale.ROOT, "%.1fs ago", (now - last) / 1e9);
      if (s.rejection != null) {
        lines.add(
            String.format(
                Locale.ROOT,
                "%s %s: REJECTED by the venue, not subscribed (%s)",
                venue,
                e.getKey(),
                s.rejection));
        continue;
      }
      lines.add(
          String.format(
              Locale.ROOT,
              "%s %s: %.1f trades/s, last trade %s, reconnects %d, gaps %d found / %d trades backfilled / %d unfilled,"
                  + " gaps open %d / given up %d, duplicates %d, dead letters %d",
              venue,
              e.getKey(),
              perSecond,
              age,
              reconnects.get(),
              s.gapsFound.get(),
              s.backfilled.get(),
              s.unfilled.get(),
              s.openGaps.get(),
              s.gapsGivenUp.get(),
              s.duplicates.get(),
              deadLetters.get()));
    }
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(connectionProblems).entrySet()) {
      lines.add(
          String.format(Locale.ROOT, "%s connection %s: %s", venue, e.getKey(), e.getValue()));
    }
    return lines;
  }
}
