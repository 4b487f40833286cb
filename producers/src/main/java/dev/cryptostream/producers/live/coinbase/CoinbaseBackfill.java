package dev.cryptostream.producers.live.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.FrameException;
import dev.cryptostream.producers.live.Gap;
import dev.cryptostream.producers.live.Json;
import dev.cryptostream.producers.live.NewestFirstBackfill;
import dev.cryptostream.producers.live.RestClient;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/**
 * {@code GET /products/<id>/trades?after=<trade_id>&limit=100}: newest first, {@code after} is a
 * cursor returning trades older than the given id, so the gap is read backwards from its end.
 */
public final class CoinbaseBackfill extends NewestFirstBackfill {
  public CoinbaseBackfill(String restBase, RestClient rest) {
    super(restBase, rest);
  }

  @Override
  protected JsonNode page(Gap gap, long cursor) throws IOException, InterruptedException {
    return rest.get(
        URI.create(
            restBase + "/products/" + gap.symbol() + "/trades?after=" + cursor + "&limit=" + PAGE));
  }

  @Override
  protected long id(JsonNode row) throws FrameException {
    return Json.longValue(row, "trade_id");
  }

  @Override
  protected TradeEvent event(JsonNode row, String symbol, long id, Instant now)
      throws FrameException {
    return CoinbaseProtocol.event(row, symbol, id, now, TradeSource.REST_BACKFILL);
  }
}
