package dev.cryptostream.producers.live.okx;

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
 * {@code GET /api/v5/market/history-trades?instId=&type=1&after=<tradeId>&limit=100}: pages by trade
 * id, newest first, {@code after} returning trades older than the given id.
 */
public final class OkxBackfill implements Backfill {
  private static final int PAGE = 100;

  private final String restBase;
  private final RestClient rest;

  public OkxBackfill(String restBase, RestClient rest) {
    this.restBase = restBase.endsWith("/") ? restBase.substring(0, restBase.length() - 1) : restBase;
    this.rest = rest;
  }

  @Override
  public List<TradeEvent> fetch(Gap gap) throws IOException, InterruptedException {
    List<TradeEvent> out = new ArrayList<>();
    long cursor = gap.toId() + 1;
    long maxPages = gap.size() / PAGE + 2;
    for (long page = 0; page < maxPages && cursor > gap.fromId(); page++) {
      JsonNode body = rest.get(URI.create(restBase + "/api/v5/market/history-trades?instId=" + gap.symbol()
          + "&type=1&after=" + cursor + "&limit=" + PAGE));
      if (!"0".equals(body.path("code").asText())) {
        throw new IOException("OKX error " + body.path("code").asText() + ": " + body.path("msg").asText());
      }
      JsonNode data = body.path("data");
      if (!data.isArray() || data.isEmpty()) {
        break;
      }
      long minId = cursor;
      Instant now = Instant.now();
      for (JsonNode t : data) {
        try {
          long id = Json.longValue(t, "tradeId");
          minId = Math.min(minId, id);
          out.add(OkxProtocol.event(t, gap.symbol(), id, now, TradeSource.REST_BACKFILL));
        } catch (FrameException e) {
          throw new IOException("unreadable trade: " + e.getMessage());
        }
      }
      if (minId >= cursor) {
        break;
      }
      cursor = minId;
    }
    return out;
  }
}
