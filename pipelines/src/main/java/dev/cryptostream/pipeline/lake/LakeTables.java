package dev.cryptostream.pipeline.lake;

import dev.cryptostream.pipeline.model.Candle;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Trade;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * The lake's tables. Column names and types match the BigQuery tables of the production sink;
 * decimals are DECIMAL(38,18) and times are UTC microsecond timestamps.
 */
public final class LakeTables {
  public static final int DECIMAL_PRECISION = 38;
  public static final int DECIMAL_SCALE = 18;

  private static final Schema DECIMAL =
      LogicalTypes.decimal(DECIMAL_PRECISION, DECIMAL_SCALE).addToSchema(Schema.create(Schema.Type.BYTES));
  private static final Schema TIMESTAMP =
      LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
  private static final Schema OPTIONAL_STRING =
      SchemaBuilder.unionOf().nullType().and().stringType().endUnion();
  private static final Schema OPTIONAL_TIMESTAMP =
      SchemaBuilder.unionOf().nullType().and().type(TIMESTAMP).endUnion();

  public static final LakeTable<Trade> TRADES =
      new LakeTable<>(
          "trades",
          SchemaBuilder.record("trade")
              .namespace("dev.cryptostream.lake")
              .fields()
              .requiredString("exchange")
              .requiredString("symbol")
              .requiredString("trade_id")
              .name("price").type(DECIMAL).noDefault()
              .name("quantity").type(DECIMAL).noDefault()
              .requiredString("side")
              .name("trade_time").type(TIMESTAMP).noDefault()
              .name("received_at").type(TIMESTAMP).noDefault()
              .requiredString("source")
              .requiredInt("schema_version")
              .name("ingest_time").type(TIMESTAMP).noDefault()
              .requiredString("kafka_topic")
              .requiredInt("kafka_partition")
              .requiredLong("kafka_offset")
              .endRecord()
              .toString(),
          LakeTables::tradeRow,
          Trade::tradeTimeMicros);

  public static final LakeTable<Candle> CANDLES_1M =
      new LakeTable<>(
          "candles_1m",
          SchemaBuilder.record("candle")
              .namespace("dev.cryptostream.lake")
              .fields()
              .requiredString("exchange")
              .requiredString("symbol")
              .name("window_start").type(TIMESTAMP).noDefault()
              .name("window_end").type(TIMESTAMP).noDefault()
              .name("open").type(DECIMAL).noDefault()
              .name("high").type(DECIMAL).noDefault()
              .name("low").type(DECIMAL).noDefault()
              .name("close").type(DECIMAL).noDefault()
              .name("volume").type(DECIMAL).noDefault()
              .name("quote_volume").type(DECIMAL).noDefault()
              .name("vwap").type(DECIMAL).noDefault()
              .requiredLong("trade_count")
              .name("taker_buy_volume").type(DECIMAL).noDefault()
              .name("taker_sell_volume").type(DECIMAL).noDefault()
              .name("first_trade_time").type(TIMESTAMP).noDefault()
              .name("last_trade_time").type(TIMESTAMP).noDefault()
              .requiredString("pane_timing")
              .requiredLong("pane_index")
              .requiredBoolean("is_final")
              .name("emitted_at").type(TIMESTAMP).noDefault()
              .endRecord()
              .toString(),
          LakeTables::candleRow,
          Candle::windowStartMicros);

  public static final LakeTable<DeadLetter> DEAD_LETTERS =
      new LakeTable<>(
          "dead_letters",
          SchemaBuilder.record("dead_letter")
              .namespace("dev.cryptostream.lake")
              .fields()
              .requiredString("reason_code")
              .requiredString("message")
              .name("payload").type(OPTIONAL_STRING).withDefault(null)
              .name("payload_base64").type(OPTIONAL_STRING).withDefault(null)
              .requiredString("kafka_topic")
              .requiredInt("kafka_partition")
              .requiredLong("kafka_offset")
              .name("kafka_key").type(OPTIONAL_STRING).withDefault(null)
              .name("kafka_timestamp").type(OPTIONAL_TIMESTAMP).withDefault(null)
              .requiredString("stage")
              .name("failed_at").type(TIMESTAMP).noDefault()
              .name("stack_trace").type(OPTIONAL_STRING).withDefault(null)
              .endRecord()
              .toString(),
          LakeTables::deadLetterRow,
          DeadLetter::failedAtMicros);

  private LakeTables() {}

  static GenericRecord tradeRow(Trade t, Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("exchange", t.exchange());
    r.put("symbol", t.symbol());
    r.put("trade_id", t.tradeId());
    r.put("price", decimal(t.price()));
    r.put("quantity", decimal(t.quantity()));
    r.put("side", t.side().wire());
    r.put("trade_time", t.tradeTimeMicros());
    r.put("received_at", t.receivedAtMicros());
    r.put("source", t.source().wire());
    r.put("schema_version", t.schemaVersion());
    r.put("ingest_time", t.ingestTimeMicros());
    r.put("kafka_topic", t.kafkaTopic());
    r.put("kafka_partition", t.kafkaPartition());
    r.put("kafka_offset", t.kafkaOffset());
    return r;
  }

  static GenericRecord candleRow(Candle c, Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("exchange", c.exchange());
    r.put("symbol", c.symbol());
    r.put("window_start", c.windowStartMicros());
    r.put("window_end", c.windowEndMicros());
    r.put("open", decimal(c.open()));
    r.put("high", decimal(c.high()));
    r.put("low", decimal(c.low()));
    r.put("close", decimal(c.close()));
    r.put("volume", decimal(c.volume()));
    r.put("quote_volume", decimal(c.quoteVolume()));
    r.put("vwap", decimal(c.vwap()));
    r.put("trade_count", c.tradeCount());
    r.put("taker_buy_volume", decimal(c.takerBuyVolume()));
    r.put("taker_sell_volume", decimal(c.takerSellVolume()));
    r.put("first_trade_time", c.firstTradeTimeMicros());
    r.put("last_trade_time", c.lastTradeTimeMicros());
    r.put("pane_timing", c.paneTiming());
    r.put("pane_index", c.paneIndex());
    r.put("is_final", c.finalPane());
    r.put("emitted_at", c.emittedAtMicros());
    return r;
  }

  static GenericRecord deadLetterRow(DeadLetter d, Schema schema) {
    GenericRecord r = new GenericData.Record(schema);
    r.put("reason_code", d.reasonCode());
    r.put("message", d.message());
    r.put("payload", d.payloadText());
    r.put("payload_base64", d.payloadBase64());
    r.put("kafka_topic", d.topic());
    r.put("kafka_partition", d.partition());
    r.put("kafka_offset", d.offset());
    r.put("kafka_key", d.key());
    r.put("kafka_timestamp", d.kafkaTimestampMillis() < 0 ? null : d.kafkaTimestampMillis() * 1_000L);
    r.put("stage", d.stage());
    r.put("failed_at", d.failedAtMicros());
    r.put("stack_trace", d.stackTrace());
    return r;
  }

  /**
   * DECIMAL(38,18) as Avro bytes: the unscaled two's-complement value at scale 18. Values reach
   * here already checked to have at most 18 decimals, except derived ones (quote volume, VWAP),
   * which are rounded half-even to 18 places.
   */
  static ByteBuffer decimal(BigDecimal value) {
    BigDecimal scaled = value.setScale(DECIMAL_SCALE, RoundingMode.HALF_EVEN);
    if (scaled.precision() > DECIMAL_PRECISION) {
      throw new ArithmeticException("value " + value + " does not fit DECIMAL(38,18)");
    }
    return ByteBuffer.wrap(scaled.unscaledValue().toByteArray());
  }

}
