package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeEvent;

/**
 * Where a connector's results go. Implementations may block when downstream is slow: the caller
 * then stops reading the socket, which is back-pressure towards the venue rather than dropped
 * trades.
 */
public interface LiveOutput {
  void trade(TradeEvent event);

  void deadLetter(DeadLetter letter);
}
