package dev.cryptostream.producers.live;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Pins a venue's refusals that name no symbol on the symbols they refused, from what the venue
 * confirmed on the same socket: a refusal that names nothing (Coinbase's bare "Failed to
 * subscribe", an OKX or Kraken error whose text no longer holds the symbol) is attributed once the
 * venue has confirmed at least one of the connection's symbols (so the request as a whole was
 * accepted) and the unconfirmed symbols are exactly accounted for: all of them after a complete
 * listing of the socket's subscriptions (Coinbase {@code subscriptions}), or as many as there are
 * such refusals after per-symbol acknowledgements (Kraken, OKX). Until then the refusals wait; a
 * session whose refusals are still waiting after a grace period reconnects, as before. One instance
 * per socket; methods may be called from the socket's thread and the watchdog's.
 */
final class PendingRefusals {
  private final Set<String> confirmed = new HashSet<>();
  private boolean completeListingSeen;
  private final List<String> reasons = new ArrayList<>();
  private long firstReasonNanos;

  /** The venue confirmed subscriptions on this socket. */
  synchronized void confirmed(FrameResult.Subscribed subscribed) {
    if (subscribed.complete()) {
      confirmed.clear();
      completeListingSeen = true;
    }
    confirmed.addAll(subscribed.symbols());
  }

  /** The venue refused something without naming one of our symbols. */
  synchronized void refused(String reason, long nowNanos) {
    if (reasons.isEmpty()) {
      firstReasonNanos = nowNanos;
    }
    reasons.add(reason);
  }

  /**
   * The symbols of {@code wanted} the waiting refusals can now be pinned on, each with the venue's
   * words; empty while that is not yet possible. Answering clears the waiting refusals, and so does
   * finding every wanted symbol confirmed (the refusal concerned nothing this socket waits for).
   */
  synchronized Map<String, String> attribute(Collection<String> wanted) {
    if (reasons.isEmpty()) {
      return Map.of();
    }
    List<String> unconfirmed = new ArrayList<>();
    boolean anyConfirmed = false;
    for (String symbol : wanted) {
      if (confirmed.contains(symbol)) {
        anyConfirmed = true;
      } else {
        unconfirmed.add(symbol);
      }
    }
    if (!anyConfirmed) {
      return Map.of(); // the whole request may have failed: nothing to pin it on
    }
    if (unconfirmed.isEmpty()) {
      reasons.clear();
      return Map.of();
    }
    if (!completeListingSeen && unconfirmed.size() != reasons.size()) {
      return Map.of(); // acknowledgements still to come
    }
    String why = String.join("; ", reasons) + " (the venue did not confirm it)";
    reasons.clear();
    Map<String, String> refused = new LinkedHashMap<>();
    unconfirmed.forEach(symbol -> refused.put(symbol, why));
    return refused;
  }

  /** Refusals are still waiting after {@code graceNanos}: nothing will tell which symbol. */
  synchronized boolean overdue(long nowNanos, long graceNanos) {
    return !reasons.isEmpty() && nowNanos - firstReasonNanos >= graceNanos;
  }

  synchronized String reasons() {
    return String.join("; ", reasons);
  }
}
