package dev.cryptostream.pipeline.tables;

import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.CoinPriceSnapshot;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.PriceAlert;
import dev.cryptostream.pipeline.model.Trade;
import java.util.List;

/** The tables the pipeline writes. Columns come from {@code schemas/bigquery/*.json}. */
public final class OutputTables {
  private static final List<String> BY_INSTRUMENT = List.of("exchange", "symbol");

  public static final OutputTable<Trade> TRADES =
      new OutputTable<>(
          "raw_trades",
          "trades",
          TableSchemaFile.load("raw_trades"),
          OutputTables::tradeValues,
          "trade_time",
          BY_INSTRUMENT,
          List.of(
              "exchange",
              "symbol",
              "side",
              "source",
              "schema_version",
              "kafka_topic",
              "kafka_partition"));

  public static final OutputTable<Candle> CANDLES_1M =
      new OutputTable<>(
          "candles_1m",
          "candles_1m",
          TableSchemaFile.load("candles_1m"),
          OutputTables::candleValues,
          "window_start",
          BY_INSTRUMENT,
          List.of("exchange", "symbol", "pane_timing", "pane_index"));

  public static final OutputTable<PriceAlert> PRICE_ALERTS =
      new OutputTable<>(
          "price_alerts",
          "price_alerts",
          TableSchemaFile.load("price_alerts"),
          OutputTables::alertValues,
          "to_time",
          BY_INSTRUMENT,
          List.of("exchange", "symbol", "threshold_pct"));

  public static final OutputTable<DeadLetter> DEAD_LETTERS =
      new OutputTable<>(
          "dead_letters",
          "dead_letters",
          TableSchemaFile.load("dead_letters"),
          OutputTables::deadLetterValues,
          "failed_at",
          List.of("reason_code"),
          List.of("reason_code", "kafka_topic", "kafka_partition", "stage"));

  public static final OutputTable<CoinPriceSnapshot> PRICE_SNAPSHOTS =
      new OutputTable<>(
          "price_snapshots",
          "price_snapshots",
          TableSchemaFile.load("price_snapshots"),
          OutputTables::snapshotValues,
          "last_updated_at",
          List.of("coin_id", "vs_currency"),
          List.of("coin_id", "vs_currency", "kafka_topic", "kafka_partition"));

  private OutputTables() {}

  static void snapshotValues(CoinPriceSnapshot s, OutputTable.Row r) {
    r.put("coin_id", s.coinId());
    r.put("vs_currency", s.vsCurrency());
    r.put("price", s.price());
    r.put("market_cap", s.marketCap());
    r.put("volume_24h", s.volume24h());
    r.put("change_24h_pct", s.change24hPct());
    r.put("last_updated_at", s.lastUpdatedAtMicros());
    r.put("polled_at", s.polledAtMicros());
    r.put("ingest_time", s.ingestTimeMicros());
    r.put("kafka_topic", s.kafkaTopic());
    r.put("kafka_partition", (long) s.kafkaPartition());
    r.put("kafka_offset", s.kafkaOffset());
  }

  static void tradeValues(Trade t, OutputTable.Row r) {
    r.put("exchange", t.exchange());
    r.put("symbol", t.symbol());
    r.put("trade_id", t.tradeId());
    r.put("price", t.price());
    r.put("quantity", t.quantity());
    r.put("side", t.side().wire());
    r.put("trade_time", t.tradeTimeMicros());
    r.put("received_at", t.receivedAtMicros());
    r.put("source", t.source().wire());
    r.put("schema_version", (long) t.schemaVersion());
    r.put("ingest_time", t.ingestTimeMicros());
    r.put("kafka_topic", t.kafkaTopic());
    r.put("kafka_partition", (long) t.kafkaPartition());
    r.put("kafka_offset", t.kafkaOffset());
  }

  static void candleValues(Candle c, OutputTable.Row r) {
    r.put("exchange", c.exchange());
    r.put("symbol", c.symbol());
    r.put("window_start", c.windowStartMicros());
    r.put("window_end", c.windowEndMicros());
    r.put("open", c.open());
    r.put("high", c.high());
    r.put("low", c.low());
    r.put("close", c.close());
    r.put("volume", c.volume());
    r.put("quote_volume", c.quoteVolume());
    r.put("vwap", c.vwap());
    r.put("trade_count", c.tradeCount());
    r.put("taker_buy_volume", c.takerBuyVolume());
    r.put("taker_sell_volume", c.takerSellVolume());
    r.put("first_trade_time", c.firstTradeTimeMicros());
    r.put("last_trade_time", c.lastTradeTimeMicros());
    r.put("pane_timing", c.paneTiming());
    r.put("pane_index", c.paneIndex());
    r.put("is_final", c.finalPane());
    r.put("emitted_at", c.emittedAtMicros());
  }

  static void alertValues(PriceAlert a, OutputTable.Row r) {
    r.put("alert_id", a.alertId());
    r.put("exchange", a.exchange());
    r.put("symbol", a.symbol());
    r.put("from_price", a.fromPrice());
    r.put("from_time", a.fromTimeMicros());
    r.put("to_price", a.toPrice());
    r.put("to_time", a.toTimeMicros());
    r.put("drop_pct", a.dropPct());
    r.put("threshold_pct", a.thresholdPct());
    r.put("window_start", a.windowStartMicros());
    r.put("window_end", a.windowEndMicros());
    r.put("emitted_at", a.emittedAtMicros());
  }

  static void deadLetterValues(DeadLetter d, OutputTable.Row r) {
    r.put("reason_code", d.reasonCode());
    r.put("message", d.message());
    r.put("payload", d.payloadText());
    r.put("payload_base64", d.payloadBase64());
    r.put("kafka_topic", d.topic());
    r.put("kafka_partition", (long) d.partition());
    r.put("kafka_offset", d.offset());
    r.put("kafka_key", d.key());
    r.put("kafka_key_base64", d.keyBase64());
    r.put(
        "kafka_timestamp", d.kafkaTimestampMillis() < 0 ? null : d.kafkaTimestampMillis() * 1_000L);
    r.put("stage", d.stage());
    r.put("failed_at", d.failedAtMicros());
    r.put("stack_trace", d.stackTrace());
  }
}
