package dev.cryptostream.pipeline.parse;

import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Adversarial Kafka values for the fuzz test, each built so that its dead-letter reason is certain:
 * random bytes, truncated JSON, huge payloads, wrong types, NaN/Infinity, zero and negative values,
 * far-future and ancient times, odd Unicode, duplicate keys, deep nesting.
 */
final class Adversary {
  record Bad(byte[] payload, String reason) {}

  static final List<String> REASONS =
      List.of(
          "NOT_UTF8",
          "MALFORMED_JSON",
          "EMPTY_PAYLOAD",
          "UNKNOWN_FIELD",
          "BAD_TRADE_ID",
          "WRONG_TYPE",
          "UNSUPPORTED_SCHEMA_VERSION",
          "NON_POSITIVE_PRICE",
          "NON_POSITIVE_QUANTITY",
          "TIMESTAMP_IN_FUTURE",
          "TOO_OLD",
          "BAD_STRING",
          "BAD_SYMBOL",
          "BAD_DECIMAL",
          "DUPLICATE_FIELD",
          "BAD_TIMESTAMP",
          "MISSING_FIELD");

  private static final String[] STRING_FIELDS = {
    "exchange",
    "symbol",
    "trade_id",
    "price",
    "quantity",
    "side",
    "trade_time",
    "received_at",
    "source"
  };
  private static final String[] NOT_STRINGS = {
    "1", "-2.5e3", "true", "false", "[]", "[\"x\"]", "{}", "{\"a\":1}"
  };

  private Adversary() {}

  /** The {@code n}th bad value, built from a valid event. */
  static Bad make(SplittableRandom r, TradeEvent base, int n) {
    String json = TradeEventJson.toJson(base);
    // Every 12,500th value is a megabyte (8 in 100,000): enough to matter, few enough to stay fast.
    if (n % 12_500 == 6_249) {
      return n / 12_500 % 2 == 0
          ? text(json.replace("}", ",\"blob\":\"" + "x".repeat(1 << 20) + "\"}"), "UNKNOWN_FIELD")
          : text(replaceValue(json, "trade_id", "\"" + "7".repeat(1 << 20) + "\""), "BAD_TRADE_ID");
    }
    return switch (r.nextInt(16)) {
      case 0 -> randomBytes(r);
      case 1 -> text("x" + printable(r, r.nextInt(200)), "MALFORMED_JSON");
      case 2 -> text(json.substring(0, 1 + r.nextInt(json.length() - 1)), "MALFORMED_JSON");
      case 3 -> {
        String field = STRING_FIELDS[r.nextInt(STRING_FIELDS.length)];
        yield text(
            replaceValue(json, field, NOT_STRINGS[r.nextInt(NOT_STRINGS.length)]), "WRONG_TYPE");
      }
      case 4 -> {
        String[] tokens = {"NaN", "Infinity", "-Infinity", "+Infinity", "nan"};
        String field = r.nextBoolean() ? "price" : "schema_version";
        yield text(replaceValue(json, field, tokens[r.nextInt(tokens.length)]), "MALFORMED_JSON");
      }
      case 5 -> {
        String[] values = {"0", "0.000", "-0", "-1", "-76650.5", "-0.000000000000000001"};
        boolean price = r.nextBoolean();
        String v = "\"" + values[r.nextInt(values.length)] + "\"";
        yield price
            ? text(replaceValue(json, "price", v), "NON_POSITIVE_PRICE")
            : text(replaceValue(json, "quantity", v), "NON_POSITIVE_QUANTITY");
      }
      case 6 ->
          text(
              replaceValue(json, "trade_time", "\"" + time(r, 2027, 9999) + "\""),
              "TIMESTAMP_IN_FUTURE");
      case 7 -> text(replaceValue(json, "trade_time", "\"" + time(r, 0, 2025) + "\""), "TOO_OLD");
      case 8 -> oddUnicode(r, json);
      case 9 -> {
        String field = STRING_FIELDS[r.nextInt(STRING_FIELDS.length)];
        yield text(json.replace("}", ",\"" + field + "\":\"again\"}"), "DUPLICATE_FIELD");
      }
      case 10 -> {
        int depth = 1_001 + r.nextInt(3_000);
        String nested = "[".repeat(depth) + "]".repeat(depth);
        yield text(
            r.nextBoolean() ? nested : json.replace("}", ",\"deep\":" + nested + "}"),
            "MALFORMED_JSON");
      }
      case 11 -> {
        int depth = 1 + r.nextInt(900);
        yield text(
            json.replace("}", ",\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}"),
            "UNKNOWN_FIELD");
      }
      case 12 -> {
        String[] shapes = {
          "2026-11-22T10:15:30Z",
          "2026-11-22T10:15:30.123456789Z",
          "2026-11-22T12:15:30.123456+02:00",
          "2026-11-22t10:15:30.123456z",
          "2026-02-30T10:15:30.123456Z",
          "2026-11-22T10:15:60.000000Z",
          "1795342530"
        };
        yield text(
            replaceValue(json, "trade_time", "\"" + shapes[r.nextInt(shapes.length)] + "\""),
            "BAD_TIMESTAMP");
      }
      case 13 -> {
        String[] versions = {"2", "0", "-1", "1.5", "99999999999999999999999", "1e400"};
        yield text(
            replaceValue(json, "schema_version", versions[r.nextInt(versions.length)]),
            "UNSUPPORTED_SCHEMA_VERSION");
      }
      case 14 -> {
        String field = STRING_FIELDS[r.nextInt(STRING_FIELDS.length)];
        yield text(replaceValue(json, field, "null"), "MISSING_FIELD");
      }
      default -> r.nextInt(10) == 0 ? new Bad(new byte[0], "EMPTY_PAYLOAD") : randomBytes(r);
    };
  }

  private static Bad oddUnicode(SplittableRandom r, String json) {
    return switch (r.nextInt(4)) {
      case 0 -> {
        String[] lone = {"\\ud800", "\\udfff", "\\ude80\\ud83d", "x\\udbff"};
        yield text(
            replaceValue(json, "trade_id", "\"id" + lone[r.nextInt(lone.length)] + "\""),
            "BAD_STRING");
      }
      case 1 -> {
        String[] symbols = {
          "BTC\u200B-USDT", "\uFF22TC-USDT", "BTC-USDT\u202E", "BTC\u2011USDT", "BTC-USDT\n"
        };
        yield text(
            replaceValue(json, "symbol", quoted(symbols[r.nextInt(symbols.length)])), "BAD_SYMBOL");
      }
      case 2 -> {
        String[] prices = {"\u0661\u0662", "１２", "1\u00A05", "1.5\u0000", "\u2212" + "5"};
        yield text(
            replaceValue(json, "price", quoted(prices[r.nextInt(prices.length)])), "BAD_DECIMAL");
      }
      default -> text(json.replace("}", ",\"k\\ud800\":1}"), "BAD_STRING");
    };
  }

  private static String quoted(String s) {
    StringBuilder sb = new StringBuilder();
    TradeEventJson.appendQuoted(sb, s);
    return sb.toString();
  }

  /** Bytes with at least one 0xFF, which never occurs in UTF-8. */
  private static Bad randomBytes(SplittableRandom r) {
    byte[] b = new byte[1 + r.nextInt(300)];
    r.nextBytes(b);
    b[r.nextInt(b.length)] = (byte) 0xFF;
    return new Bad(b, "NOT_UTF8");
  }

  private static String printable(SplittableRandom r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      sb.append((char) (0x20 + r.nextInt(0x5F)));
    }
    return sb.toString();
  }

  /** A well-formed contract time in [fromYear, toYear]. */
  private static String time(SplittableRandom r, int fromYear, int toYear) {
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
        fromYear + r.nextInt(toYear - fromYear + 1),
        1 + r.nextInt(12),
        1 + r.nextInt(28),
        r.nextInt(24),
        r.nextInt(60),
        r.nextInt(60),
        r.nextInt(1_000_000));
  }

  /** The JSON with one top-level field's value replaced by raw JSON text. */
  static String replaceValue(String json, String field, String rawValue) {
    String key = "\"" + field + "\":";
    int start = json.indexOf(key);
    if (start < 0) {
      throw new IllegalArgumentException("no field " + field);
    }
    int from = start + key.length();
    int to;
    if (json.charAt(from) == '"') {
      to = json.indexOf('"', from + 1) + 1;
    } else {
      to = from;
      while (json.charAt(to) != ',' && json.charAt(to) != '}') {
        to++;
      }
    }
    return json.substring(0, from) + rawValue + json.substring(to);
  }

  private static Bad text(String s, String reason) {
    return new Bad(s.getBytes(StandardCharsets.UTF_8), reason);
  }
}
