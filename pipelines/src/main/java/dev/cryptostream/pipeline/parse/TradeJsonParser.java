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
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns one Kafka record into a {@link Trade} according to the canonical trade event v1, or says
 * precisely why it cannot. Structural checks only; business rules live in the validator.
 *
 * <p>A payload in the producers' plain form ({@link PlainJsonObject}) with every contract field
 * once is read by hand; any other payload goes through the strict reader's tree. The field checks
 * are the same code either way, and the two ways judge every payload alike (tested on generated
 * near-misses).
 */
public final class TradeJsonParser {
  public static final int MAX_SCALE = JsonFields.MAX_SCALE;
  public static final int MAX_INTEGER_DIGITS = JsonFields.MAX_INTEGER_DIGITS;
  private static final Predicate<String> EXCHANGE = ContractIds::isExchange;
  private static final Predicate<String> SYMBOL = ContractIds::isSymbol;

  /** The contract's fields, schema_version first. */
  private static final List<String> FIELD_ORDER =
      List.of(
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

  /**
   * The contract's fields; any other key is UNKNOWN_FIELD (the schema's additionalProperties:
   * false).
   */
  public static final Set<String> FIELDS = Set.copyOf(FIELD_ORDER);

  private static final byte[][] FIELD_NAMES =
      FIELD_ORDER.stream().map(PlainJsonObject::ascii).toArray(byte[][]::new);
  private static final byte[] VERSION_ONE = PlainJsonObject.ascii("1");

  /** A field's text, or the problem that it has none. */
  @FunctionalInterface
  private interface FieldText {
    String of(String field) throws FieldProblem;
  }

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
      String[] plain = plainFields(record.payload());
      if (plain != null) {
        return Result.ok(
            toTrade(field -> plain[FIELD_ORDER.indexOf(field)], record, ingestTimeMicros));
      }
    } catch (FieldProblem p) {
      return Result.rejected(p.reason(), p.getMessage());
    }
    return parseStrictly(record, ingestTimeMicros);
  }

  /** The strict reader's way, which decides every payload that is not plain. */
  static Result parseStrictly(SourceRecord record, long ingestTimeMicros) {
    try {
      JsonNode root = JsonFields.readObject(record);
      // The version first: a later version may well have other fields.
      JsonFields.schemaVersion(root, TradeEvent.SCHEMA_VERSION);
      JsonFields.onlyFields(root, FIELDS);
      return Result.ok(toTrade(field -> string(root, field), record, ingestTimeMicros));
    } catch (FieldProblem p) {
      return Result.rejected(p.reason(), p.getMessage());
    }
  }

  /**
   * Each field's text, in {@link #FIELD_ORDER}, when the payload is a plain object ({@link
   * PlainJsonObject}) holding every contract field once, schema_version the number 1 and every
   * other a string: the strict reader, the version and the field list all pass such a payload, and
   * what is left to check is each field's text. Null for any other payload, which the strict reader
   * then reads (and judges) as before.
   */
  private static String @Nullable [] plainFields(byte @Nullable [] payload) {
    if (payload == null || payload.length == 0) {
      return null;
    }
    PlainJsonObject object = PlainJsonObject.read(payload);
    if (object == null || object.size() != FIELD_NAMES.length) {
      return null;
    }
    String[] texts = new String[FIELD_NAMES.length];
    for (int m = 0; m < object.size(); m++) {
      int slot = object.nameIndex(m, FIELD_NAMES);
      if (slot < 0 || texts[slot] != null) {
        return null;
      }
      if (slot == 0) {
        if (object.kind(m) != PlainJsonObject.Kind.NUMBER || !object.valueIs(m, VERSION_ONE)) {
          return null;
        }
        texts[slot] = "1";
      } else {
        if (object.kind(m) != PlainJsonObject.Kind.STRING) {
          return null;
        }
        texts[slot] = object.text(m);
      }
    }
    return texts;
  }

  private static Trade toTrade(FieldText fields, SourceRecord record, long ingestTimeMicros)
      throws FieldProblem {
    String exchange =
        matching(
            "exchange", fields.of("exchange"), EXCHANGE, RejectReason.BAD_EXCHANGE, "a venue id");
    String symbol =
        matching(
            "symbol",
            fields.of("symbol"),
            SYMBOL,
            RejectReason.BAD_SYMBOL,
            "BASE-QUOTE in upper case");
    String tradeId = fields.of("trade_id");
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
    BigDecimal price = decimal("price", fields.of("price"));
    BigDecimal quantity = decimal("quantity", fields.of("quantity"));
    String sideText = fields.of("side");
    TakerSide side = TakerSide.fromWire(sideText);
    if (side == null) {
      throw new FieldProblem(
          RejectReason.UNKNOWN_SIDE, "side '" + sideText + "' is not buy, sell or unknown");
    }
    long tradeTime = timestamp("trade_time", fields.of("trade_time"));
    long receivedAt = timestamp("received_at", fields.of("received_at"));
    String sourceText = fields.of("source");
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
