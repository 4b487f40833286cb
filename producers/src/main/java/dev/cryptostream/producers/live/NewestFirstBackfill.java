package dev.cryptostream.producers.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TradeEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Backfill for venues whose REST API pages trades newest first with an id cursor ("after=N" returns
 * trades older than N): the gap is read backwards from its end until its first id, or until a page
 * brings no progress. Subclasses say how to ask for a page and read one trade.
 */
public abstract class NewestFirstBackfill implements Backfill {
  protected static final int PAGE = 100;

  protected final String restBase;
  protected final RestClient rest;

  protected NewestFirstBackfill(String restBase, RestClient rest) {
    this.restBase = RestClient.withoutTrailingSlash(restBase);
    this.rest = rest;
  }

  /** The trades (a JSON array) older than {@code cursor}, at most {@link #PAGE}. */
  protected abstract JsonNode page(Gap gap, long cursor) throws IOException, InterruptedException;

  /** The venue trade id of one row. */
  protected abstract long id(JsonNode row) throws FrameException;

  /** One row as a canonical event marked as backfilled. */
  protected abstract TradeEvent event(JsonNode row, String symbol, long id, Instant now)
      throws FrameException;

  @Override
  public final List<TradeEvent> fetch(Gap gap) throws IOException, InterruptedException {
    List<TradeEvent> out = new ArrayList<>();
    long cursor = gap.toId() + 1;
    long maxPages = gap.size() / PAGE + 2;
    for (long page = 0; page < maxPages && cursor > gap.fromId(); page++) {
      JsonNode rows = page(gap, cursor);
      if (!rows.isArray() || rows.isEmpty()) {
        break;
      }
      long minId = cursor;
      Instant now = Instant.now();
      for (JsonNode row : rows) {
        try {
          long id = id(row);
          minId = Math.min(minId, id);
          out.add(event(row, gap.symbol(), id, now));
        } catch (FrameException e) {
          throw new IOException("unreadable trade: " + e.getMessage());
        }
      }
      if (minId >= cursor) {
        break; // no progress
      }
      cursor = minId;
    }
    return out;
  }
}
