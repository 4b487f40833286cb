package dev.cryptostream.producers.live.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.Backfill;
import dev.cryptostream.producers.live.FrameException;
import dev.cryptostream.producers.live.Gap;
import dev.cryptostream.producers.live.Json;
import dev.cryptostream.producers.live.RestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /products/<id>/trades?after=<trade_id>&limit=100}: newest first, {@code after} is a
 * cursor returning trades older than the given id, so the gap is read backwards from its end.
 */
public final class CoinbaseBackfill implements Backfill {
  private static final int PAGE = 100;

  private final String restBase;
  private final RestClient rest;

  public CoinbaseBackfill(String restBase, RestClient rest) {
    this.restBase = restBase.endsWith("/") ? restBase.substring(0, restBase.length() - 1) : restBase;
    this.rest = rest;
  }

  @Override
  public List<TradeEvent> fetch(Gap gap) throws IOException, InterruptedException {
    List<TradeEvent> out = new ArrayList<>();
    long cursor = gap.toId() + 1;
    long maxPages = gap.size() / PAGE + 2;
    for (long page = 0; page < maxPages && cursor > gap.fromId(); page++) {
      JsonNode trades = rest.get(URI.create(restBase + "/products/" + gap.symbol() + "/trades?after=" + cursor
          + "&limit=" + PAGE));
      if (!trades.isArray() || trades.isEmpty()) {
        break;
      }
      long minId = cursor;
      Instant now = Instant.now();
      for (JsonNode t : trades) {
        try {
          long id = Json.longValue(t, "trade_id");
          minId = Math.min(minId, id);
          out.add(CoinbaseProtocol.event(t, gap.symbol(), id, now, TradeSource.REST_BACKFILL));
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
