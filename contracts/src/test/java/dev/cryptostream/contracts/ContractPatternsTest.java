package dev.cryptostream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The schemas' patterns are exactly the ones the pipeline's parsers compile (ContractPatterns). */
class ContractPatternsTest {
  private static JsonNode properties(String resource) throws IOException {
    try (InputStream in = ContractPatternsTest.class.getResourceAsStream(resource)) {
      return ContractSchema.MAPPER.readTree(in).get("properties");
    }
  }

  private static Map<String, String> patterns(String resource) throws IOException {
    Map<String, String> out = new TreeMap<>();
    properties(resource)
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode p = e.getValue().get("pattern");
              if (p != null) {
                out.put(e.getKey(), p.textValue());
              }
            });
    return out;
  }

  @Test
  void tradeEventPatternsAreTheParsersPatterns() throws IOException {
    Map<String, String> expected =
        new TreeMap<>(
            Map.of(
                "exchange", ContractPatterns.EXCHANGE,
                "symbol", ContractPatterns.SYMBOL,
                "price", ContractPatterns.POSITIVE_DECIMAL,
                "quantity", ContractPatterns.POSITIVE_DECIMAL,
                "trade_time", ContractPatterns.TIMESTAMP_MICROS_UTC,
                "received_at", ContractPatterns.TIMESTAMP_MICROS_UTC));
    assertEquals(expected, patterns(ContractSchema.RESOURCE));
    JsonNode tradeId = properties(ContractSchema.RESOURCE).get("trade_id");
    assertEquals(ContractPatterns.MAX_TRADE_ID_CODE_POINTS, tradeId.get("maxLength").intValue());
    assertEquals(1, tradeId.get("minLength").intValue());
  }

  @Test
  void priceSnapshotPatternsAreTheParsersPatterns() throws IOException {
    Map<String, String> expected =
        new TreeMap<>(
            Map.of(
                "coin_id", ContractPatterns.COIN_ID,
                "vs_currency", ContractPatterns.CURRENCY,
                "price", ContractPatterns.POSITIVE_DECIMAL,
                "market_cap", ContractPatterns.NON_NEGATIVE_DECIMAL,
                "volume_24h", ContractPatterns.NON_NEGATIVE_DECIMAL,
                "change_24h_pct", ContractPatterns.SIGNED_DECIMAL,
                "last_updated_at", ContractPatterns.TIMESTAMP_MICROS_UTC,
                "polled_at", ContractPatterns.TIMESTAMP_MICROS_UTC));
    assertEquals(expected, patterns(ContractSchema.PRICE_SNAPSHOT_RESOURCE));
  }

  @Test
  void patternsRejectATrailingLineBreakEvenWithFind() {
    // The reason they end with END, not $: java.util.regex's $ matches before a final \n.
    assertTrue(Pattern.compile("^[a-z]{2}$").matcher("ab\n").find());
    for (String terminator : new String[] {"\n", "\r\n", "\r", "\u0085", "\u2028", "\u2029"}) {
      assertFalse(
          Pattern.compile(ContractPatterns.EXCHANGE).matcher("binance" + terminator).find(),
          terminator);
      assertFalse(
          Pattern.compile(ContractPatterns.SYMBOL).matcher("BTC-USDT" + terminator).find(),
          terminator);
    }
  }

  @Test
  void positiveDecimalRefusesEveryWayOfWritingZero() {
    Pattern p = Pattern.compile(ContractPatterns.POSITIVE_DECIMAL);
    for (String zero : new String[] {"0", "00", "0.0", "000.000000000000000000"}) {
      assertFalse(p.matcher(zero).find(), zero);
    }
    for (String positive :
        new String[] {"1", "0.000000000000000001", "10", "0.10", "00000000000000000001"}) {
      assertTrue(p.matcher(positive).find(), positive);
    }
  }
}
