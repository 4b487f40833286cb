package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class TradeTimeScanTest {
  private static OptionalLong scan(String value) {
    return TradeTimeScan.tradeTimeMillis(value.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readsTheTradeTimeOfACanonicalEventInMilliseconds() {
    long millis = java.time.Instant.parse("2026-11-22T10:15:30.123Z").toEpochMilli();
    assertEquals(
        OptionalLong.of(millis),
        TradeTimeScan.tradeTimeMillis(TradeTimeWatermarkPolicyTest.tradeValue(millis)));
    assertEquals(
        OptionalLong.of(millis),
        scan(
            "{\"trade_time\":\"2026-11-22T10:15:30.123456Z\",\"extra\":{\"a\":[1,{\"b\":2}]},"
                + "\"schema_version\":1}"),
        "field order and unknown fields do not matter; microseconds are cut to ms");
  }

  @Test
  void findsNoTradeTimeInAnythingElse() {
    StringBuilder deep =
        new StringBuilder("{\"schema_version\":1,\"trade_time\":\"2026-11-22T10:15:30Z\",\"x\":");
    deep.append("[".repeat(5_000)).append("]".repeat(5_000)).append('}');
    assertEquals(OptionalLong.empty(), scan(deep.toString()), "nesting beyond the parser's limit");
    assertEquals(
        OptionalLong.empty(),
        scan(
            "{\"schema_version\":1,\"schema_version\":1,\"trade_time\":\"2026-11-22T10:15:30Z\"}"));
    assertEquals(
        OptionalLong.empty(),
        scan("{\"schema_version\":1.0,\"trade_time\":\"2026-11-22T10:15:30Z\"}"));
    assertEquals(OptionalLong.empty(), scan("{\"schema_version\":1,\"trade_time\":null}"));
    assertEquals(
        OptionalLong.empty(),
        scan(
            "{\"schema_version\":99999999999999999999999,\"trade_time\":\"2026-11-22T10:15:30Z\"}"));
    assertEquals(OptionalLong.empty(), TradeTimeScan.tradeTimeMillis(null));
  }
}
