package dev.cryptostream.producers.live;

import java.time.Duration;

/**
 * How one venue connection is kept alive and re-established. Venue defaults come from the venue's
 * documented limits; tests shrink the times so faults play out in milliseconds.
 *
 * @param connectTimeout how long the WebSocket handshake may take
 * @param backoffBase first reconnect delay; doubles per failed attempt
 * @param backoffCap the largest reconnect delay
 * @param minAttemptInterval least time between two connection attempts to the venue, across all its
 *     connections (the venue limits attempts per IP)
 * @param stableAfter a connection that lived this long resets the backoff
 * @param silenceTimeout no frame (data, heartbeat, ping, pong) for this long: the watchdog
 *     reconnects
 * @param appPingEvery how often to send the venue's text keep-alive, if it has one
 * @param maxConnectionAge rotate before the venue's forced disconnect
 * @param tick how often the watchdog looks
 * @param restMinInterval least time between two REST backfill requests (venue request limits)
 */
public record ConnectionPolicy(
    Duration connectTimeout,
    Duration backoffBase,
    Duration backoffCap,
    Duration minAttemptInterval,
    Duration stableAfter,
    Duration silenceTimeout,
    Duration appPingEvery,
    Duration maxConnectionAge,
    Duration tick,
    Duration restMinInterval) {

  public ConnectionPolicy {
    if (tick.isNegative() || tick.isZero()) {
      throw new IllegalArgumentException("tick must be positive");
    }
    // A keep-alive must have time to be answered before the watchdog calls the connection dead.
    if (appPingEvery.compareTo(silenceTimeout) >= 0) {
      throw new IllegalArgumentException(
          "appPingEvery "
              + appPingEvery
              + " must be shorter than silenceTimeout "
              + silenceTimeout);
    }
  }

  public ConnectionPolicy withMaxConnectionAge(Duration age) {
    return new ConnectionPolicy(
        connectTimeout,
        backoffBase,
        backoffCap,
        minAttemptInterval,
        stableAfter,
        silenceTimeout,
        appPingEvery,
        age,
        tick,
        restMinInterval);
  }
}
