package dev.cryptostream.contracts;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Writes {@link TradeEvent}s as contract JSON.
 *
 * <p>Hand-written rather than Jackson: the schema is flat and fixed, the simulator writes hundreds
 * of thousands of events a second, and this module must stay free of dependencies.
 */
public final class TradeEventJson {
  /** RFC 3339 UTC with exactly six fractional digits, as the schema requires. */
  public static final DateTimeFormatter MICROS_UTC =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private TradeEventJson() {}

  public static String toJson(TradeEvent e) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"schema_version\":").append(TradeEvent.SCHEMA_VERSION);
    field(sb, "exchange", e.exchange());
    field(sb, "symbol", e.symbol());
    field(sb, "trade_id", e.tradeId());
    field(sb, "price", e.price().toPlainString());
    field(sb, "quantity", e.quantity().toPlainString());
    field(sb, "side", e.side().wire());
    field(sb, "trade_time", formatTime(e.tradeTime()));
    field(sb, "received_at", formatTime(e.receivedAt()));
    field(sb, "source", e.source().wire());
    return sb.append('}').toString();
  }

  public static String formatTime(Instant t) {
    return MICROS_UTC.format(t.truncatedTo(ChronoUnit.MICROS));
  }

  private static void field(StringBuilder sb, String name, String value) {
    sb.append(",\"").append(name).append("\":");
    appendQuoted(sb, value);
  }

  /** Appends a JSON string literal, escaping quotes, backslashes and control characters. */
  public static void appendQuoted(StringBuilder sb, String value) {
    sb.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
