package dev.cryptostream.producers.live;

import dev.cryptostream.contracts.TradeEvent;
import java.io.IOException;
import java.util.List;

/** A venue's REST source of past trades, used to fill gaps in the WebSocket stream. */
public interface Backfill {

  /**
   * Trades of the gap's symbol with ids in the gap (more are allowed: the caller keeps only the
   * gap's ids), as canonical events with source {@code rest-backfill}.
   */
  List<TradeEvent> fetch(Gap gap) throws IOException, InterruptedException;
}
