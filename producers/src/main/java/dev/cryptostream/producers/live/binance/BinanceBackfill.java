package dev.cryptostream.producers.live.binance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TakerSide;
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
 * {@code GET /api/v3/historicalTrades?symbol=&fromId=&limit=}: pages forward by trade id, 1000 at
 * most.
 */
public final class BinanceBackfill implements Backfill {
  private static final int PAGE = 1000;

  private final String restBase;
  private final RestClient rest;

  public BinanceBackfill(String restBase, RestClient rest) {
    this.restBase = RestClient.withoutTrailingSlash(restBase);
    this.rest = rest;
  }

  @Override
  public List<TradeEvent> fetch(Gap gap) throws IOException, InterruptedException {
    List<TradeEvent> out = new ArrayList<>();
    long from = gap.fromId();
    while (from <= gap.toId()) {
      long limit = Math.min(PAGE, gap.toId() - from + 1);
      JsonNode page =
          rest.get(
              URI.create(
                  restBase
                      + "/api/v3/historicalTrades?symbol="
                      + BinanceProtocol.restSymbol(gap.symbol())
                      + "&fromId="
                      + from
                      + "&limit="
                      + limit));
      if (!page.isArray() || page.isEmpty()) {
        break;
      }
      long maxId = from - 1;
      Instant now = Instant.now();
      for (JsonNode t : page) {
        try {
          long id = Json.longValue(t, "id");
          maxId = Math.max(maxId, id);
          TakerSide side = Json.bool(t, "isBuyerMaker") ? TakerSide.SELL : TakerSide.BUY;
          out.add(
              new TradeEvent(
                  "binance",
                  gap.symbol(),
                  Long.toString(id),
                  Json.decimalString(t, "price"),
                  Json.decimalString(t, "qty"),
                  side,
                  Json.epochMillis(t, "time"),
                  now,
                  TradeSource.REST_BACKFILL));
        } catch (FrameException e) {
          throw new IOException("unreadable historical trade: " + e.getMessage());
        }
      }
      if (maxId < from) {
        break; // no progress: the venue has nothing newer
      }
      from = maxId + 1;
    }
    return out;
  }
}
