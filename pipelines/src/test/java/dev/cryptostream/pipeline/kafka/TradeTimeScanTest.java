package dev.cryptostream.pipeline.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.parse.ContractTimestamp;
import dev.cryptostream.pipeline.testing.TradeJsonNearMisses;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.Random;
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

  @Test
  void readsAsciiAndStrictUtf8AlikeAndNothingElse() {
    long millis = java.time.Instant.parse("2026-11-22T10:15:30.123Z").toEpochMilli();
    String event =
        "{\"schema_version\":1,\"trade_time\":\"2026-11-22T10:15:30.123Z\",\"n\":\"%s\"}";
    assertEquals(OptionalLong.of(millis), scan(event.formatted("plain")), "ASCII, from the bytes");
    assertEquals(OptionalLong.of(millis), scan(event.formatted("b\u00e9r\u20ac")), "UTF-8");
    byte[] notUtf8 = event.formatted("xx").getBytes(StandardCharsets.UTF_8);
    notUtf8[notUtf8.length - 4] = (byte) 0xff;
    assertEquals(OptionalLong.empty(), TradeTimeScan.tradeTimeMillis(notUtf8), "not UTF-8");
    byte[] surrogate = event.formatted("xxx").getBytes(StandardCharsets.UTF_8);
    // An encoded surrogate half (ED A0 80) is malformed UTF-8 however lenient a decoder is.
    surrogate[surrogate.length - 5] = (byte) 0xed;
    surrogate[surrogate.length - 4] = (byte) 0xa0;
    surrogate[surrogate.length - 3] = (byte) 0x80;
    assertEquals(OptionalLong.empty(), TradeTimeScan.tradeTimeMillis(surrogate), "surrogate");
    assertEquals(OptionalLong.empty(), scan(event.formatted("plain") + " {}"), "trailing text");
    assertEquals(OptionalLong.empty(), scan(event.formatted("plain") + "x"), "trailing junk");
  }

  /** The definition the hand-written reading must agree with, null when it throws. */
  private static Long instantParse(String text) {
    try {
      return java.time.Instant.parse(text).toEpochMilli();
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  private static Long scanned(String text) {
    try {
      return TradeTimeScan.parseInstantMillis(text);
    } catch (java.time.DateTimeException | ArithmeticException e) {
      return null;
    }
  }

  @Test
  void readsInstantsExactlyAsInstantParse() {
    java.util.Random random = new java.util.Random(5);
    String[] fixed = {
      "2026-11-22T10:15:30.123456Z", "2024-02-29T23:59:59.999999Z", "2023-02-29T00:00:00.000000Z",
      "2026-04-31T00:00:00.000000Z", "2026-12-31T23:59:60.000000Z", "0000-01-01T00:00:00.000000Z",
      "1969-12-31T23:59:59.999999Z", "2026-11-22t10:15:30.123456z", "2026-11-22T24:00:00.000000Z",
      "2026-13-01T00:00:00.000000Z", "2026-00-10T00:00:00.000000Z", "2026-11-00T00:00:00.000000Z",
      "2026-11-22T10:15:30.12345aZ", "2026-11-22T10:15:30Z", "2026-11-22T10:15:30.1234567Z",
      "2026-11-22T10:15:30.123456+01:00", "+2026-11-22T10:15:30.123456Z",
          "-001-11-22T10:15:3.123456Z"
    };
    for (String text : fixed) {
      assertEquals(instantParse(text), scanned(text), text);
    }
    for (int i = 0; i < 200_000; i++) {
      // Fields over their ranges' edges, and now and then a character out of place.
      char[] t =
          String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                  random.nextInt(3000),
                  random.nextInt(14),
                  random.nextInt(33),
                  random.nextInt(25),
                  random.nextInt(61),
                  random.nextInt(61),
                  random.nextInt(1_000_000))
              .toCharArray();
      if (i % 10 == 0) {
        t[random.nextInt(t.length)] = "0123456789-:.TZtz +/".charAt(random.nextInt(20));
      }
      String text = new String(t);
      assertEquals(instantParse(text), scanned(text), text);
    }
  }

  @Test
  void thePlainReadingAgreesWithJacksonOnNearMisses() {
    Random random = new Random(20261206);
    int plain = 0;
    for (int n = 0; n < 100_000; n++) {
      byte[] value = TradeJsonNearMisses.nextBytes(random);
      OptionalLong jackson = TradeTimeScan.jacksonTradeTimeMillis(value);
      assertEquals(jackson, TradeTimeScan.tradeTimeMillis(value), () -> new String(value));
      long fast = TradeTimeScan.plainTradeTimeMillis(value);
      if (fast != ContractTimestamp.NOT_A_TIMESTAMP) {
        plain++;
        assertEquals(jackson, OptionalLong.of(fast), () -> new String(value));
      }
    }
    assertTrue(plain > 40_000, "answered by the plain reading: " + plain);
  }
}
