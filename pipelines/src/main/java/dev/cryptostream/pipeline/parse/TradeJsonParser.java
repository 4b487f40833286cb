package dev.cryptostream.pipeline.parse;

import static dev.cryptostream.pipeline.parse.JsonFields.decimal;
import static dev.cryptostream.pipeline.parse.JsonFields.matching;
import static dev.cryptostream.pipeline.parse.JsonFields.string;
import static dev.cryptostream.pipeline.parse.JsonFields.timestamp;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.ContractPatterns;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.parse.JsonFields.FieldProblem;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one Kafka record into a {@link Trade} according to the canonical trade event v1, or says
 * precisely why it cannot. Structural checks only; business rules live in the validator.
 */
public final class TradeJsonParser {
  public static final int MAX_SCALE = JsonFields.MAX_SCALE;
  public static final int MAX_INTEGER_DIGITS = JsonFields.MAX_INTEGER_DIGITS;
  private static final Pattern EXCHANGE = Pattern.compile(ContractPatterns.EXCHANGE);
  private static final Pattern SYMBOL = Pattern.compile(ContractPatterns.SYMBOL);

  /**
   * The contract's fields; any other key is UNKNOWN_FIELD (the schema's additionalProperties:
   * false).
   */
  public static final Set<String> FIELDS =
      Set.of(
          "schema_version",
          "exchange",
          "symbol",
          "trade_id",
          "price",
          "quantity",
          "side",
          "trade_time",
          "received_at",
          "source");

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
    // The version first: a later version may well have other fields.
    JsonFields.schemaVersion(root, TradeEvent.SCHEMA_VERSION);
    JsonFields.onlyFields(root, FIELDS);
    String exchange = matching(root, "exchange", EXCHANGE, RejectReason.BAD_EXCHANGE, "a venue id");
    String symbol =
        matching(root, "symbol", SYMBOL, RejectReason.BAD_SYMBOL, "BASE-QUOTE in upper case");
    String tradeId = string(root, "trade_id");
    // Code points, as JSON Schema's maxLength counts them (an emoji is one, not two chars).
    int length = tradeId.codePointCount(0, tradeId.length());
    if (length == 0 || length > ContractPatterns.MAX_TRADE_ID_CODE_POINTS) {
      throw new FieldProblem(
          RejectReason.BAD_TRADE_ID,
          "trade_id must have 1 to "
              + ContractPatterns.MAX_TRADE_ID_CODE_POINTS
              + " characters, has "
              + length);
    }
    BigDecimal price = decimal(root, "price");
    BigDecimal quantity = decimal(root, "quantity");
    String sideText = string(root, "side");
    TakerSide side = TakerSide.fromWire(sideText);
    if (side == null) {
      throw new FieldProblem(
          RejectReason.UNKNOWN_SIDE, "side '" + sideText + "' is not buy, sell or unknown");
    }
    long tradeTime = timestamp(root, "trade_time");
    long receivedAt = timestamp(root, "received_at");
    String sourceText = string(root, "source");
    TradeSource source = TradeSource.fromWire(sourceText);
    if (source == null) {
      throw new FieldProblem(
          RejectReason.UNKNOWN_SOURCE, "source '" + sourceText + "' is not known");
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
