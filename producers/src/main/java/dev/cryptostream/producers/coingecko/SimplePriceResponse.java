package dev.cryptostream.producers.coingecko;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cryptostream.contracts.PriceSnapshot;
import dev.cryptostream.producers.json.ContractDecimal;
import dev.cryptostream.producers.json.StrictJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a {@code /api/v3/simple/price} response ({@code {"bitcoin":{"usd":67187.33,
 * "usd_market_cap":..,"usd_24h_vol":..,"usd_24h_change":..,"last_updated_at":1711356300}}}) into
 * one snapshot per requested coin and currency. Whatever cannot become a snapshot is returned as a
 * {@link Problem} for the dead-letter topic; reading never throws. Numbers are read exactly as
 * written ({@link StrictJson}) and must fit the snapshot contract (20 integer, 18 fractional
 * digits): nothing is rounded.
 */
public final class SimplePriceResponse {
  /**
   * Why part (or all) of a response was not turned into snapshots. {@code coinId} null = whole
   * response.
   */
  public record Problem(String reason, String coinId, String detail) {}

  /** The snapshots found and the problems met. */
  public record Parsed(List<PriceSnapshot> snapshots, List<Problem> problems) {}

  public static final String MALFORMED_JSON = "MALFORMED_JSON";
  public static final String MALFORMED_RESPONSE = "MALFORMED_RESPONSE";
  public static final String UNKNOWN_COIN = "UNKNOWN_COIN";
  public static final String MISSING_FIELD = "MISSING_FIELD";
  public static final String WRONG_TYPE = "WRONG_TYPE";
  public static final String BAD_VALUE = "BAD_VALUE";

  private SimplePriceResponse() {}

  public static Parsed parse(
      String body, List<String> coins, List<String> vsCurrencies, Instant polledAt) {
    List<PriceSnapshot> snapshots = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    JsonNode byCoin;
    try {
      byCoin = StrictJson.read(body);
    } catch (StrictJson.MalformedJsonException e) {
      problems.add(new Problem(MALFORMED_JSON, null, e.getMessage()));
      return new Parsed(snapshots, problems);
    }
    if (!byCoin.isObject()) {
      problems.add(new Problem(MALFORMED_RESPONSE, null, "top level is not an object"));
      return new Parsed(snapshots, problems);
    }
    for (String coin : coins) {
      JsonNode fields = byCoin.get(coin);
      if (fields == null) {
        // CoinGecko leaves unknown ids out of the answer instead of failing the call.
        problems.add(new Problem(UNKNOWN_COIN, coin, "coin '" + coin + "' is not in the response"));
        continue;
      }
      if (!fields.isObject()) {
        problems.add(
            new Problem(MALFORMED_RESPONSE, coin, "entry of '" + coin + "' is not an object"));
        continue;
      }
      Instant lastUpdated;
      try {
        lastUpdated = epochSeconds(fields.get("last_updated_at"));
      } catch (FieldProblem p) {
        problems.add(new Problem(p.reason, coin, coin + ".last_updated_at: " + p.getMessage()));
        continue;
      }
      for (String vs : vsCurrencies) {
        try {
          BigDecimal price = decimal(fields, vs, Sign.POSITIVE, true);
          BigDecimal marketCap = decimal(fields, vs + "_market_cap", Sign.NOT_NEGATIVE, false);
          BigDecimal volume = decimal(fields, vs + "_24h_vol", Sign.NOT_NEGATIVE, false);
          BigDecimal change = decimal(fields, vs + "_24h_change", Sign.ANY, false);
          snapshots.add(
              new PriceSnapshot(coin, vs, price, marketCap, volume, change, lastUpdated, polledAt));
        } catch (FieldProblem p) {
          problems.add(new Problem(p.reason, coin, coin + "." + vs + ": " + p.getMessage()));
        }
      }
    }
    return new Parsed(snapshots, problems);
  }

  /** A field that is missing, of the wrong type or out of range. */
  private static final class FieldProblem extends Exception {
    final String reason;

    FieldProblem(String reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }
  }

  /** Which signs the contract allows a figure: a price is positive, a 24 h change any. */
  private enum Sign {
    POSITIVE,
    NOT_NEGATIVE,
    ANY
  }

  private static BigDecimal decimal(JsonNode fields, String name, Sign sign, boolean required)
      throws FieldProblem {
    JsonNode value = fields.get(name);
    if (value == null || value.isNull()) {
      if (required) {
        throw new FieldProblem(MISSING_FIELD, name + (value == null ? " is missing" : " is null"));
      }
      return null;
    }
    if (!value.isNumber()) {
      throw new FieldProblem(WRONG_TYPE, name + " is not a number: " + value);
    }
    BigDecimal d = value.decimalValue();
    if ((sign == Sign.POSITIVE && d.signum() <= 0)
        || (sign == Sign.NOT_NEGATIVE && d.signum() < 0)) {
      throw new FieldProblem(
          BAD_VALUE,
          name
              + (sign == Sign.POSITIVE ? " is not positive: " : " is negative: ")
              + ContractDecimal.readable(d));
    }
    try {
      return ContractDecimal.fit(name, d);
    } catch (ContractDecimal.OutOfRangeException e) {
      throw new FieldProblem(BAD_VALUE, e.getMessage());
    }
  }

  private static Instant epochSeconds(JsonNode value) throws FieldProblem {
    if (value == null || value.isNull()) {
      throw new FieldProblem(MISSING_FIELD, value == null ? "missing" : "null");
    }
    if (!value.isNumber()) {
      throw new FieldProblem(WRONG_TYPE, "not a number: " + value);
    }
    BigDecimal d = value.decimalValue();
    if (d.precision() - d.scale() > 19) {
      throw new FieldProblem(
          BAD_VALUE, "not a plausible Unix time in seconds: " + ContractDecimal.readable(d));
    }
    BigInteger seconds;
    try {
      seconds = d.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new FieldProblem(WRONG_TYPE, "not whole seconds: " + ContractDecimal.readable(d));
    }
    // Before 2009 (no coins) or after 2200: not a Unix time in seconds (perhaps milliseconds).
    if (seconds.compareTo(BigInteger.valueOf(1_230_768_000L)) < 0
        || seconds.compareTo(BigInteger.valueOf(7_258_118_400L)) > 0) {
      throw new FieldProblem(BAD_VALUE, "not a plausible Unix time in seconds: " + seconds);
    }
    return Instant.ofEpochSecond(seconds.longValue());
  }
}
