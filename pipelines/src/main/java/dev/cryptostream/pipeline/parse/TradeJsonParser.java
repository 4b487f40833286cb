package dev.cryptostream.pipeline.parse;

import static dev.cryptostream.pipeline.parse.JsonFields.decimal;
import static dev.cryptostream.pipeline.parse.JsonFields.string;
import static dev.cryptostream.pipeline.parse.JsonFields.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.parse.JsonFields.FieldProblem;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Turns one Kafka record into a {@link Trade} according to the canonical trade event v1, or says
 * precisely why it cannot. Structural checks only; business rules live in the validator.
 */
public final class TradeJsonParser {
  public static final int MAX_SCALE = JsonFields.MAX_SCALE;
  public static final int MAX_INTEGER_DIGITS = JsonFields.MAX_INTEGER_DIGITS;
  private static final Pattern EXCHANGE = Pattern.compile("[a-z][a-z0-9_]{1,31}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");
  private static final int MAX_TRADE_ID_LENGTH = 128;

  /** Either a trade or a rejection, never both. */
  public record Result(Trade trade, Rejection rejection) {
    static Result ok(Trade t) {
      return new Result(t, null);
    }

    static Result rejected(RejectReason reason, String message) {
      return new Result(null, new Rejection(reason, message));
    }

    public boolean isOk() {
      return trade != null;
    }
  }

  public Result parse(SourceRecord record, long ingestTimeMicros) {
    try {
      return Result.ok(toTrade(JsonFields.readObject(record), record, ingestTimeMicros));
    } catch (FieldProblem p) {
      return Result.rejected(p.reason(), p.getMessage());
    }
  }

  private static Trade toTrade(JsonNode root, SourceRecord record, long ingestTimeMicros)
      throws FieldProblem {
    JsonFields.schemaVersion(root, TradeEvent.SCHEMA_VERSION);
    String exchange = string(root, "exchange");
    if (!EXCHANGE.matcher(exchange).matches()) {
      throw new FieldProblem(RejectReason.BAD_EXCHANGE, "exchange '" + exchange + "' is not a venue id");
    }
    String symbol = string(root, "symbol");
    if (!SYMBOL.matcher(symbol).matches()) {
      throw new FieldProblem(
          RejectReason.BAD_SYMBOL, "symbol '" + symbol + "' is not BASE-QUOTE in upper case");
    }
    String tradeId = string(root, "trade_id");
    if (tradeId.isEmpty() || tradeId.length() > MAX_TRADE_ID_LENGTH) {
      throw new FieldProblem(RejectReason.BAD_TRADE_ID, "trade_id must have 1 to 128 characters");
    }
    BigDecimal price = decimal(root, "price");
    BigDecimal quantity = decimal(root, "quantity");
    String sideText = string(root, "side");
    TakerSide side = TakerSide.fromWire(sideText);
    if (side == null) {
      throw new FieldProblem(RejectReason.UNKNOWN_SIDE, "side '" + sideText + "' is not buy, sell or unknown");
    }
    long tradeTime = timestamp(root, "trade_time");
    long receivedAt = timestamp(root, "received_at");
    String sourceText = string(root, "source");
    TradeSource source = TradeSource.fromWire(sourceText);
    if (source == null) {
      throw new FieldProblem(RejectReason.UNKNOWN_SOURCE, "source '" + sourceText + "' is not known");
    }
    return new Trade(
        exchange,
        symbol,
        tradeId,
        price,
        quantity,
        side,
        tradeTime,
        receivedAt,
        source,
        TradeEvent.SCHEMA_VERSION,
        record.topic(),
        record.partition(),
        record.offset(),
        ingestTimeMicros);
  }
}
