package dev.cryptostream.pipeline.testing;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/** Builders for test trades and records. Times are given as ISO instants for readability. */
public final class Trades {
  public static final String TOPIC = "crypto.trades.v1";

  private Trades() {}

  public static TradeEvent event(
      String symbol, String id, String price, String qty, TakerSide side, String time) {
    Instant t = Instant.parse(time);
    return new TradeEvent(
        "binance",
        symbol,
        id,
        new BigDecimal(price),
        new BigDecimal(qty),
        side,
        t,
        t.plusMillis(5),
        TradeSource.WS);
  }

  public static String json(TradeEvent e) {
    return TradeEventJson.toJson(e);
  }

  public static SourceRecord record(long offset, String payload) {
    return record(offset, payload.getBytes(StandardCharsets.UTF_8));
  }

  public static SourceRecord record(long offset, byte[] payload) {
    return new SourceRecord(
        TOPIC, 2, offset, "binance:BTC-USDT", 1_700_000_000_000L + offset, payload);
  }

  /** A parsed trade as the parser would produce it from {@link #event}. */
  public static Trade trade(
      String symbol, String id, String price, String qty, TakerSide side, String time) {
    TradeEvent e = event(symbol, id, price, qty, side, time);
    return new Trade(
        e.exchange(),
        e.symbol(),
        e.tradeId(),
        e.price(),
        e.quantity(),
        e.side(),
        Micros.of(e.tradeTime()),
        Micros.of(e.receivedAt()),
        e.source(),
        1,
        TOPIC,
        0,
        0L,
        Micros.of(e.receivedAt()));
  }

  public static org.joda.time.Instant at(String time) {
    return new org.joda.time.Instant(Instant.parse(time).toEpochMilli());
  }
}
