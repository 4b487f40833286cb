package dev.cryptostream.producers.live.okx;

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
 * {@code GET /api/v5/market/history-trades?instId=&type=1&after=<tradeId>&limit=100}: pages by
 * trade id, newest first, {@code after} returning trades older than the given id.
 */
public final class OkxBackfill extends NewestFirstBackfill {
  public OkxBackfill(String restBase, RestClient rest) {
    super(restBase, rest);
  }

  @Override
  protected JsonNode page(Gap gap, long cursor) throws IOException, InterruptedException {
    JsonNode body =
        rest.get(
            URI.create(
                restBase
                    + "/api/v5/market/history-trades?instId="
                    + gap.symbol()
                    + "&type=1&after="
                    + cursor
                    + "&limit="
                    + PAGE));
    if (!"0".equals(body.path("code").asText())) {
      throw new IOException(
          "OKX error " + body.path("code").asText() + ": " + body.path("msg").asText());
    }
    return body.path("data");
  }

  @Override
  protected long id(JsonNode row) throws FrameException {
    return Json.longValue(row, "tradeId");
  }

  @Override
  protected TradeEvent event(JsonNode row, String symbol, long id, Instant now)
      throws FrameException {
    return OkxProtocol.event(row, symbol, id, now, TradeSource.REST_BACKFILL);
  }
}
