package dev.cryptostream.producers.live.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.live.Backfill;
import dev.cryptostream.producers.live.FrameException;
import dev.cryptostream.producers.live.Gap;
import dev.cryptostream.producers.live.Json;
import dev.cryptostream.producers.live.RestClient;
import dev.cryptostream.producers.live.Symbols;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /0/public/Trades?pair=XBTUSD&since=<time>}: Kraken's REST pages by time, not id, so
 * the gap is read from the time of the last trade seen before it and filtered to its ids. Rows are
 * {@code [price, volume, time, b|s, m|l, misc, trade_id]}; {@code result.last} is the next cursor.
 */
public final class KrakenBackfill implements Backfill {
  /** Pages beyond the gap's own size: the read starts a second early, before the gap's first id. */
  private static final int EXTRA_PAGES = 3;

  /** REST pair names keep Kraken's legacy asset codes. */
  private static final Map<String, String> REST_ASSET = Map.of("BTC", "XBT", "DOGE", "XDG");

  private final String restBase;
  private final RestClient rest;

  public KrakenBackfill(String restBase, RestClient rest) {
    this.restBase = RestClient.withoutTrailingSlash(restBase);
    this.rest = rest;
  }

  static String restPair(String canonical) {
    String base = Symbols.base(canonical);
    String quote = Symbols.quote(canonical);
    return REST_ASSET.getOrDefault(base, base) + REST_ASSET.getOrDefault(quote, quote);
  }

  @Override
  public List<TradeEvent> fetch(Gap gap) throws IOException, InterruptedException {
    List<TradeEvent> out = new ArrayList<>();
    // One second early: 'since' is inclusive to the second at best, and duplicates are filtered
    // anyway.
    String since = Long.toString(gap.after() == null ? 0 : gap.after().getEpochSecond() - 1);
    long maxPages = gap.size() / 1000 + EXTRA_PAGES;
    for (int page = 0; page < maxPages; page++) {
      JsonNode body =
          rest.get(
              URI.create(
                  restBase
                      + "/0/public/Trades?pair="
                      + restPair(gap.symbol())
                      + "&since="
                      + since
                      + "&count=1000"));
      JsonNode errors = body.path("error");
      if (errors.isArray() && !errors.isEmpty()) {
        throw new IOException("Kraken error: " + errors);
      }
      JsonNode result = body.path("result");
      JsonNode rows = null;
      for (Iterator<Map.Entry<String, JsonNode>> it = result.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getKey().equals("last")) {
          rows = e.getValue(); // keyed by Kraken's own pair name, e.g. XXBTZUSD
        }
      }
      if (rows == null || !rows.isArray() || rows.isEmpty()) {
        break;
      }
      long maxId = Long.MIN_VALUE;
      Instant now = Instant.now();
      for (JsonNode r : rows) {
        TradeEvent e = row(gap.symbol(), r, now);
        out.add(e);
        maxId = Math.max(maxId, Long.parseLong(e.tradeId()));
      }
      String last = result.path("last").asText("");
      if (maxId >= gap.toId() || last.isEmpty() || last.equals(since)) {
        break;
      }
      since = last;
    }
    return out;
  }

  private static TradeEvent row(String symbol, JsonNode r, Instant receivedAt) throws IOException {
    if (!r.isArray() || r.size() < 7) {
      throw new IOException("unexpected trade row: " + r);
    }
    try {
      BigDecimal price = Json.amount("price", new BigDecimal(r.get(0).asText()));
      BigDecimal volume = Json.amount("volume", new BigDecimal(r.get(1).asText()));
      BigDecimal seconds = r.get(2).decimalValue();
      long whole = seconds.longValue();
      int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      long id = r.get(6).asLong();
      return new TradeEvent(
          "kraken",
          symbol,
          Long.toString(id),
          price,
          volume,
          KrakenProtocol.takerSide(r.get(3).asText()),
          Instant.ofEpochSecond(whole, nanos),
          receivedAt,
          TradeSource.REST_BACKFILL);
    } catch (FrameException | NumberFormatException e) {
      throw new IOException("unreadable trade row " + r + ": " + e.getMessage());
    }
  }
}
