package dev.cryptostream.pipeline.prices;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.ContractPatterns;
import dev.cryptostream.pipeline.model.CoinPriceSnapshot;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Rejection;
import dev.cryptostream.pipeline.model.SourceRecord;
import dev.cryptostream.pipeline.parse.JsonFields;
import dev.cryptostream.pipeline.parse.JsonFields.FieldProblem;
import java.math.BigDecimal;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns one Kafka record into a {@link CoinPriceSnapshot} per the price-snapshot-v1 contract
 * (contracts/src/main/resources/schemas/price-snapshot-v1.schema.json), or says why not.
 */
public final class PriceSnapshotParser {
  public static final int SCHEMA_VERSION = 1;
  private static final Pattern COIN_ID = Pattern.compile(ContractPatterns.COIN_ID);
  private static final Pattern CURRENCY = Pattern.compile(ContractPatterns.CURRENCY);

  /** The contract's fields; any other key is UNKNOWN_FIELD. */
  public static final Set<String> FIELDS =
      Set.of(
          "schema_version",
          "coin_id",
          "vs_currency",
          "price",
          "market_cap",
          "volume_24h",
          "change_24h_pct",
          "last_updated_at",
          "polled_at");

  /** Either a snapshot or a rejection, never both. */
  public record Result(CoinPriceSnapshot snapshot, Rejection rejection) {
    public boolean isOk() {
      return snapshot != null;
    }
  }

  public Result parse(SourceRecord record, long ingestTimeMicros) {
    try {
      return new Result(toSnapshot(JsonFields.readObject(record), record, ingestTimeMicros), null);
    } catch (FieldProblem p) {
      return new Result(null, new Rejection(p.reason(), p.getMessage()));
    }
  }

  private static CoinPriceSnapshot toSnapshot(
      JsonNode root, SourceRecord record, long ingestTimeMicros) throws FieldProblem {
    JsonFields.schemaVersion(root, SCHEMA_VERSION);
    JsonFields.onlyFields(root, FIELDS);
    String coin =
        JsonFields.matching(root, "coin_id", COIN_ID, RejectReason.BAD_COIN, "a CoinGecko id");
    String currency =
        JsonFields.matching(
            root, "vs_currency", CURRENCY, RejectReason.BAD_COIN, "a currency code");
    BigDecimal price = JsonFields.decimal(root, "price");
    if (price.signum() <= 0) {
      throw new FieldProblem(
          RejectReason.NON_POSITIVE_PRICE, "price must be positive, got " + price.toPlainString());
    }
    BigDecimal marketCap =
        nonNegative(JsonFields.nullableDecimal(root, "market_cap"), "market_cap");
    BigDecimal volume = nonNegative(JsonFields.nullableDecimal(root, "volume_24h"), "volume_24h");
    BigDecimal change = JsonFields.nullableDecimal(root, "change_24h_pct");
    return new CoinPriceSnapshot(
        coin,
        currency,
        price,
        marketCap,
        volume,
        change == null ? null : change.doubleValue(),
        JsonFields.timestamp(root, "last_updated_at"),
        JsonFields.timestamp(root, "polled_at"),
        ingestTimeMicros,
        record.topic(),
        record.partition(),
        record.offset());
  }

  private static BigDecimal nonNegative(BigDecimal v, String field) throws FieldProblem {
    if (v != null && v.signum() < 0) {
      throw new FieldProblem(
          RejectReason.BAD_DECIMAL, field + " must not be negative, got " + v.toPlainString());
    }
    return v;
  }
}
