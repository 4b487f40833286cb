package dev.cryptostream.contracts;

import java.math.BigDecimal;

/** Writes {@link PriceSnapshot}s as contract JSON; dependency-free like {@link TradeEventJson}. */
public final class PriceSnapshotJson {
  private PriceSnapshotJson() {}

  public static String toJson(PriceSnapshot p) {
    StringBuilder sb = new StringBuilder(320);
    sb.append("{\"schema_version\":").append(PriceSnapshot.SCHEMA_VERSION);
    string(sb, "coin_id", p.coinId());
    string(sb, "vs_currency", p.vsCurrency());
    decimal(sb, "price", p.price());
    decimal(sb, "market_cap", p.marketCap());
    decimal(sb, "volume_24h", p.volume24h());
    decimal(sb, "change_24h_pct", p.change24hPct());
    string(sb, "last_updated_at", TradeEventJson.formatTime(p.lastUpdatedAt()));
    string(sb, "polled_at", TradeEventJson.formatTime(p.polledAt()));
    return sb.append('}').toString();
  }

  private static void string(StringBuilder sb, String name, String value) {
    sb.append(",\"").append(name).append("\":");
    TradeEventJson.appendQuoted(sb, value);
  }

  /** Exact decimal as a plain string (never a binary float, never an exponent), or null. */
  private static void decimal(StringBuilder sb, String name, BigDecimal value) {
    if (value == null) {
      sb.append(",\"").append(name).append("\":null");
    } else {
      string(sb, name, value.toPlainString());
    }
  }
}
