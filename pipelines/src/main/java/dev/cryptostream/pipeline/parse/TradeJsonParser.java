package dev.cryptostream.pipeline.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.contracts.Utf8;
import dev.cryptostream.pipeline.model.DeadLetter;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.model.Trade;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns one Kafka record into a {@link Trade} according to the canonical trade event v1, or says
 * precisely why it cannot. Structural checks only; business rules live in the validator.
 */
public final class TradeJsonParser {
  /** DECIMAL(38,18): at most 20 digits before the point and 18 after. */
  public static final int MAX_SCALE = 18;

  public static final int MAX_INTEGER_DIGITS = 20;
  private static final Pattern DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
  private static final Pattern EXCHANGE = Pattern.compile("[a-z][a-z0-9_]{1,31}");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9]{1,16}-[A-Z0-9]{1,16}");
  private static final int MAX_TRADE_ID_LENGTH = 128;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

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

  /** Signals a field-level problem while walking the object; caught inside {@link #parse}. */
  private static final class FieldProblem extends Exception {
    final RejectReason reason;

    FieldProblem(RejectReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  public Result parse(SourceRecord record, long ingestTimeMicros) {
    byte[] payload = record.payload();
    if (payload == null || payload.length == 0) {
      return Result.rejected(RejectReason.EMPTY_PAYLOAD, "record has no value");
    }
    String text = Utf8.decodeOrNull(payload);
    if (text == null) {
      return Result.rejected(RejectReason.NOT_UTF8, "value is not valid UTF-8");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return Result.rejected(
          RejectReason.MALFORMED_JSON, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      return Result.rejected(RejectReason.MALFORMED_JSON, "value is not a JSON object");
    }
    try {
      return Result.ok(toTrade(root, record, ingestTimeMicros));
    } catch (FieldProblem p) {
      return Result.rejected(p.reason, p.getMessage());
    }
  }

  private static Trade toTrade(JsonNode root, SourceRecord record, long ingestTimeMicros)
      throws FieldProblem {
    JsonNode version = required(root, "schema_version");
    if (!version.isIntegralNumber()) {
      throw new FieldProblem(RejectReason.WRONG_TYPE, "schema_version must be an integer");
    }
    if (version.asLong() != TradeEvent.SCHEMA_VERSION) {
      throw new FieldProblem(
          RejectReason.UNSUPPORTED_SCHEMA_VERSION,
          "schema_version " + version.asText() + " is not supported (expected 1)");
    }
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

  private static JsonNode required(JsonNode root, String field) throws FieldProblem {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      throw new FieldProblem(RejectReason.MISSING_FIELD, "required field '" + field + "' is missing");
    }
    return node;
  }

  private static String string(JsonNode root, String field) throws FieldProblem {
    JsonNode node = required(root, field);
    if (!node.isTextual()) {
      throw new FieldProblem(
          RejectReason.WRONG_TYPE, "field '" + field + "' must be a string, got " + node.getNodeType());
    }
    return node.textValue();
  }

  private static BigDecimal decimal(JsonNode root, String field) throws FieldProblem {
    String text = string(root, field);
    if (!DECIMAL.matcher(text).matches()) {
      throw new FieldProblem(
          RejectReason.BAD_DECIMAL, "field '" + field + "' is not a plain decimal: '" + abbreviate(text) + "'");
    }
    BigDecimal value = new BigDecimal(text);
    if (value.scale() > MAX_SCALE || value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
      throw new FieldProblem(
          RejectReason.BAD_DECIMAL, "field '" + field + "' does not fit DECIMAL(38,18): " + text);
    }
    return value;
  }

  private static long timestamp(JsonNode root, String field) throws FieldProblem {
    String text = string(root, field);
    try {
      return Micros.of(Instant.parse(text));
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new FieldProblem(
          RejectReason.BAD_TIMESTAMP, "field '" + field + "' is not an RFC 3339 instant: '" + abbreviate(text) + "'");
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 64 ? s : s.substring(0, 61) + "...";
  }
}
