package dev.cryptostream.contracts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class TradeEventJsonTest {

  static TradeEvent typical() {
    return new TradeEvent(
        "binance",
        "BTC-USDT",
        "3456789012",
        new BigDecimal("91250.12"),
        new BigDecimal("0.00512000"),
        TakerSide.BUY,
        Instant.parse("2026-11-03T14:05:06.123456789Z"),
        Instant.parse("2026-11-03T14:05:06.200100Z"),
        TradeSource.WS);
  }

  static TradeEvent withTradeId(String tradeId) {
    TradeEvent t = typical();
    return new TradeEvent(
        t.exchange(),
        t.symbol(),
        tradeId,
        t.price(),
        t.quantity(),
        t.side(),
        t.tradeTime(),
        t.receivedAt(),
        t.source());
  }

  static TradeEvent withPriceAndQuantity(BigDecimal price, BigDecimal quantity) {
    TradeEvent t = typical();
    return new TradeEvent(
        t.exchange(),
        t.symbol(),
        t.tradeId(),
        price,
        quantity,
        t.side(),
        t.tradeTime(),
        t.receivedAt(),
        t.source());
  }

  static TradeEvent withTimes(Instant tradeTime, Instant receivedAt) {
    TradeEvent t = typical();
    return new TradeEvent(
        t.exchange(),
        t.symbol(),
        t.tradeId(),
        t.price(),
        t.quantity(),
        t.side(),
        tradeTime,
        receivedAt,
        t.source());
  }

  private static void assertValid(String json) {
    Set<ValidationMessage> errors = ContractSchema.validate(json);
    assertTrue(errors.isEmpty(), () -> "expected valid, got " + errors + " for " + json);
  }

  @Test
  void typicalEventSerialisesToExactJson() {
    String expected =
        "{\"schema_version\":1,\"exchange\":\"binance\",\"symbol\":\"BTC-USDT\",\"trade_id\":\"3456789012\","
            + "\"price\":\"91250.12\",\"quantity\":\"0.00512000\",\"side\":\"buy\","
            + "\"trade_time\":\"2026-11-03T14:05:06.123456Z\",\"received_at\":\"2026-11-03T14:05:06.200100Z\","
            + "\"source\":\"ws\"}";
    assertEquals(expected, TradeEventJson.toJson(typical()));
  }

  @Test
  void typicalEventValidatesAgainstSchema() {
    assertValid(TradeEventJson.toJson(typical()));
  }

  @Test
  void everySideAndSourceCombinationValidates() {
    TradeEvent t = typical();
    for (TakerSide side : TakerSide.values()) {
      for (TradeSource source : TradeSource.values()) {
        TradeEvent e =
            new TradeEvent(
                t.exchange(),
                t.symbol(),
                t.tradeId(),
                t.price(),
                t.quantity(),
                side,
                t.tradeTime(),
                t.receivedAt(),
                source);
        String json = TradeEventJson.toJson(e);
        assertValid(json);
        JsonNode node = ContractSchema.parse(json);
        assertEquals(side.wire(), node.get("side").asText());
        assertEquals(source.wire(), node.get("source").asText());
      }
    }
  }

  @Test
  void jsonFieldsRoundTripThroughAParser() {
    TradeEvent e = typical();
    JsonNode node = ContractSchema.parse(TradeEventJson.toJson(e));
    assertEquals(1, node.get("schema_version").intValue());
    assertTrue(node.get("schema_version").isInt());
    assertEquals(e.exchange(), node.get("exchange").textValue());
    assertEquals(e.symbol(), node.get("symbol").textValue());
    assertEquals(e.tradeId(), node.get("trade_id").textValue());
    assertTrue(node.get("price").isTextual());
    assertTrue(node.get("quantity").isTextual());
    assertEquals(0, e.price().compareTo(new BigDecimal(node.get("price").textValue())));
    assertEquals(0, e.quantity().compareTo(new BigDecimal(node.get("quantity").textValue())));
    assertEquals(10, node.size());
  }

  // --- times ---------------------------------------------------------------------------------

  @Test
  void nanosAreTruncatedNotRounded() {
    assertEquals(
        "2026-11-03T14:05:06.123456Z",
        TradeEventJson.formatTime(Instant.parse("2026-11-03T14:05:06.123456999Z")));
    assertEquals(
        "1999-12-31T23:59:59.999999Z",
        TradeEventJson.formatTime(Instant.parse("1999-12-31T23:59:59.999999999Z")));
  }

  @Test
  void wholeSecondsStillPrintSixZeroDigits() {
    assertEquals(
        "2026-01-01T00:00:00.000000Z",
        TradeEventJson.formatTime(Instant.parse("2026-01-01T00:00:00Z")));
    assertEquals("1970-01-01T00:00:00.000000Z", TradeEventJson.formatTime(Instant.EPOCH));
  }

  @Test
  void millisOnlyAndSubMicroOnlyTimesPrintSixDigits() {
    // Zero micros beyond the millis.
    assertEquals(
        "2026-05-06T07:08:09.120000Z",
        TradeEventJson.formatTime(Instant.parse("2026-05-06T07:08:09.120Z")));
    // Only nanos below one microsecond: truncates to zero.
    assertEquals(
        "2026-05-06T07:08:09.000000Z",
        TradeEventJson.formatTime(Instant.parse("2026-05-06T07:08:09Z").plusNanos(999)));
    assertEquals(
        "2026-05-06T07:08:09.000001Z",
        TradeEventJson.formatTime(Instant.parse("2026-05-06T07:08:09Z").plusNanos(1_999)));
  }

  @Test
  void preEpochTimesAreFormattedCorrectly() {
    // Truncation of a negative epoch-second instant must go towards the past, not towards zero.
    Instant t = Instant.parse("1969-12-31T23:59:59.999999500Z");
    assertEquals("1969-12-31T23:59:59.999999Z", TradeEventJson.formatTime(t));
  }

  @Test
  void serialisedTimesHaveExactlySixFractionalDigitsAndValidate() {
    Instant nanos = Instant.parse("2026-02-03T04:05:06.000000789Z");
    Instant zeroMicros = Instant.parse("2026-02-03T04:05:07Z");
    String json = TradeEventJson.toJson(withTimes(nanos, zeroMicros));
    JsonNode node = ContractSchema.parse(json);
    assertEquals("2026-02-03T04:05:06.000000Z", node.get("trade_time").textValue());
    assertEquals("2026-02-03T04:05:07.000000Z", node.get("received_at").textValue());
    assertValid(json);
  }

  @Test
  void timesWithDifferentSubMicroPartsFormatIdenticallyAndParseBack() {
    Instant base = Instant.parse("2026-02-03T04:05:06.654321Z");
    for (int nanos = 0; nanos < 1000; nanos += 37) {
      String s = TradeEventJson.formatTime(base.plusNanos(nanos));
      assertEquals("2026-02-03T04:05:06.654321Z", s);
      assertEquals(base, Instant.parse(s));
    }
  }

  @Test
  void fastTimeFormattingMatchesTheFormatterEverywhere() {
    // Random instants from year -2000 to 12000 (signed years take the formatter's path), plus
    // runs within one second to exercise the per-second cache.
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    long min = Instant.parse("-2000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 20_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min, max), random.nextInt(1_000_000_000));
      for (int j = 0; j < 3; j++) {
        Instant u = t.plusNanos(j * 333_333L);
        assertEquals(
            TradeEventJson.MICROS_UTC.format(u.truncatedTo(java.time.temporal.ChronoUnit.MICROS)),
            TradeEventJson.formatTime(u),
            u::toString);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("awkwardStrings")
  void bytesAreTheUtf8OfTheString(String value) {
    TradeEvent e = withTradeId(value);
    assertArrayEquals(
        TradeEventJson.toJson(e).getBytes(java.nio.charset.StandardCharsets.UTF_8),
        TradeEventJson.toJsonBytes(e));
    // And of a plain event, byte for byte the documented text.
    assertArrayEquals(
        TradeEventJson.toJson(typical()).getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        TradeEventJson.toJsonBytes(typical()));
  }

  @Test
  void loneSurrogatesAreEscapedNeverWrittenAsQuestionMarks() {
    // String.getBytes would turn each unpaired surrogate into a question mark, so ids could
    // collide.
    for (String id :
        List.of("half \uD83D pair", "low \uDE80 first", "\uDE80\uD83D", "end \uD800")) {
      TradeEvent e = withTradeId(id);
      String json = TradeEventJson.toJson(e);
      assertArrayEquals(
          json.getBytes(java.nio.charset.StandardCharsets.UTF_8), TradeEventJson.toJsonBytes(e));
      assertFalse(json.contains("?"), json);
      for (char c : id.toCharArray()) {
        assertTrue(
            json.contains(String.format("\\u%04x", (int) c)) || !Character.isSurrogate(c), json);
      }
      // The escape carries the exact string, which a consumer then refuses (BAD_STRING).
      assertEquals(id, ContractSchema.parse(json).get("trade_id").textValue());
      assertEquals(
          ContractSchema.Problem.BAD_STRING,
          ContractSchema.schemaVerdict(TradeEventJson.toJsonBytes(e), false).problem());
    }
    // A well-formed pair is written as its UTF-8 bytes, not escaped.
    String rocket = TradeEventJson.toJson(withTradeId("id \uD83D\uDE80"));
    assertTrue(rocket.contains("\"id \uD83D\uDE80\""), rocket);
  }

  // --- escaping ------------------------------------------------------------------------------

  static Stream<String> awkwardStrings() {
    StringBuilder allControls = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      allControls.append(c);
    }
    return Stream.of(
        "say \"hi\"",
        "back\\slash",
        "\\\"",
        "line1\nline2\r\nline3",
        "tab\there",
        "bell\u0007 null\u0000 esc\u001b unit-sep\u001f",
        allControls.toString(),
        "del\u007f, é, 漢字, emoji \uD83D\uDE80, line-sep \u2028",
        "ends with backslash \\",
        "\"",
        "");
  }

  @ParameterizedTest
  @MethodSource("awkwardStrings")
  void awkwardStringsAreEscapedAndRoundTrip(String value) {
    String json = TradeEventJson.toJson(withTradeId(value));
    JsonNode node = ContractSchema.parse(json);
    assertEquals(value, node.get("trade_id").textValue());
    assertEquals(10, node.size());
    // No raw control character may survive in the output.
    for (int i = 0; i < json.length(); i++) {
      assertTrue(json.charAt(i) >= 0x20, "raw control char at " + i + " in " + json);
    }
  }

  @Test
  void escapesUseTheExpectedForms() {
    StringBuilder sb = new StringBuilder();
    TradeEventJson.appendQuoted(sb, "a\"b\\c\nd\re\tf\u0001g\u001fh");
    assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\u0001g\\u001fh\"", sb.toString());
  }

  @Test
  void appendQuotedAppendsRatherThanReplaces() {
    StringBuilder sb = new StringBuilder("prefix:");
    TradeEventJson.appendQuoted(sb, "x");
    assertEquals("prefix:\"x\"", sb.toString());
  }

  @Test
  void escapedTradeIdStillValidatesWhenWithinLength() {
    assertValid(TradeEventJson.toJson(withTradeId("weird \"id\" \\ with\nnewline")));
  }

  // --- decimals ------------------------------------------------------------------------------

  static Stream<Arguments> decimals() {
    return Stream.of(
        Arguments.of(new BigDecimal("1E-8"), "0.00000001"),
        Arguments.of(new BigDecimal(BigInteger.ONE, -3), "1000"),
        Arguments.of(new BigDecimal("1E+3"), "1000"),
        Arguments.of(
            new BigDecimal("12345678901234567890.123456789012345678"),
            "12345678901234567890.123456789012345678"),
        Arguments.of(new BigDecimal("0.10"), "0.10"),
        Arguments.of(new BigDecimal("5"), "5"),
        Arguments.of(BigDecimal.valueOf(1, 18), "0.000000000000000001"),
        Arguments.of(new BigDecimal("2.5E+2"), "250"));
  }

  @ParameterizedTest
  @MethodSource("decimals")
  void pricesAndQuantitiesPrintAsPlainStrings(BigDecimal value, String expected) {
    String json = TradeEventJson.toJson(withPriceAndQuantity(value, value));
    JsonNode node = ContractSchema.parse(json);
    assertEquals(expected, node.get("price").textValue());
    assertEquals(expected, node.get("quantity").textValue());
    assertFalse(json.contains("E"), json);
    assertTrue(json.contains("\"price\":\"" + expected + "\""), json);
    assertValid(json);
  }

  // --- schema negative cases -----------------------------------------------------------------

  private static String typicalJson() {
    return TradeEventJson.toJson(typical());
  }

  /** Asserts the schema rejects the document and that every error concerns {@code field}. */
  private static void assertRejectedAt(String json, String field) {
    Set<ValidationMessage> errors = ContractSchema.validate(json);
    assertFalse(errors.isEmpty(), () -> "schema accepted " + json);
    for (ValidationMessage m : errors) {
      String location = m.getInstanceLocation().toString();
      boolean aboutField = isAt(m, field) || field.equals(m.getProperty());
      assertTrue(aboutField, () -> "unexpected error " + m + " (at " + location + ") for " + json);
    }
  }

  /** Whether the message's instance location is the top-level property {@code field}. */
  private static boolean isAt(ValidationMessage m, String field) {
    String location = m.getInstanceLocation().toString();
    return location.equals("/" + field) || location.equals("$." + field);
  }

  @Test
  void sanityTheNegativeCasesStartFromAValidDocument() {
    assertValid(typicalJson());
  }

  @Test
  void rejectsPriceAsJsonNumber() {
    String json = typicalJson().replace("\"price\":\"91250.12\"", "\"price\":91250.12");
    assertTrue(ContractSchema.parse(json).get("price").isNumber());
    assertRejectedAt(json, "price");
  }

  @Test
  void rejectsQuantityAsJsonNumber() {
    String json = typicalJson().replace("\"quantity\":\"0.00512000\"", "\"quantity\":0.00512");
    assertTrue(ContractSchema.parse(json).get("quantity").isNumber());
    assertRejectedAt(json, "quantity");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1.5", "1,5", "1e5", ".5", "5.", "", " 5", "NaN"})
  void rejectsMalformedDecimalStrings(String price) {
    String json = typicalJson().replace("\"price\":\"91250.12\"", "\"price\":\"" + price + "\"");
    assertRejectedAt(json, "price");
  }

  @Test
  void rejectsSymbolWithoutDash() {
    String json = typicalJson().replace("\"symbol\":\"BTC-USDT\"", "\"symbol\":\"BTCUSDT\"");
    assertRejectedAt(json, "symbol");
  }

  @ParameterizedTest
  @ValueSource(strings = {"btc-usdt", "BTC/USDT", "BTC-", "-USDT", "BTC-USDT-PERP"})
  void rejectsOtherBadSymbols(String symbol) {
    String json = typicalJson().replace("\"symbol\":\"BTC-USDT\"", "\"symbol\":\"" + symbol + "\"");
    assertRejectedAt(json, "symbol");
  }

  @Test
  void rejectsUnknownSide() {
    String json = typicalJson().replace("\"side\":\"buy\"", "\"side\":\"long\"");
    assertRejectedAt(json, "side");
  }

  @Test
  void rejectsUpperCaseSide() {
    String json = typicalJson().replace("\"side\":\"buy\"", "\"side\":\"BUY\"");
    assertRejectedAt(json, "side");
  }

  @Test
  void rejectsSchemaVersion2() {
    String json = typicalJson().replace("\"schema_version\":1", "\"schema_version\":2");
    assertRejectedAt(json, "schema_version");
  }

  @Test
  void rejectsSchemaVersionAsString() {
    String json = typicalJson().replace("\"schema_version\":1", "\"schema_version\":\"1\"");
    assertRejectedAt(json, "schema_version");
  }

  @Test
  void rejectsTradeTimeWithoutMicros() {
    String json =
        typicalJson()
            .replace(
                "\"trade_time\":\"2026-11-03T14:05:06.123456Z\"",
                "\"trade_time\":\"2026-11-03T14:05:06Z\"");
    assertTrue(json.contains("\"trade_time\":\"2026-11-03T14:05:06Z\""));
    assertRejectedAt(json, "trade_time");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-03T14:05:06.123Z",
        "2026-11-03T14:05:06.123456789Z",
        "2026-11-03T14:05:06.123456+00:00",
        "2026-11-03 14:05:06.123456Z",
        "yesterday"
      })
  void rejectsOtherTradeTimeShapes(String time) {
    String json =
        typicalJson()
            .replace(
                "\"trade_time\":\"2026-11-03T14:05:06.123456Z\"",
                "\"trade_time\":\"" + time + "\"");
    assertRejectedAt(json, "trade_time");
  }

  @Test
  void formatAssertionRejectsImpossibleDateThatMatchesThePattern() {
    // Matches the pattern but is not a date-time: only the "format" keyword can catch this.
    String json =
        typicalJson()
            .replace(
                "\"received_at\":\"2026-11-03T14:05:06.200100Z\"",
                "\"received_at\":\"2026-13-45T25:61:61.000000Z\"");
    assertTrue(json.contains("2026-13-45"));
    Set<ValidationMessage> errors = ContractSchema.validate(json);
    assertFalse(errors.isEmpty(), "format assertions must be enabled");
    assertTrue(errors.stream().allMatch(m -> isAt(m, "received_at")), errors::toString);
    assertTrue(errors.stream().anyMatch(m -> "format".equals(m.getType())), errors::toString);
  }

  @Test
  void rejectsExtraProperty() {
    String json = typicalJson().replace("}", ",\"venue_fee\":\"0.1\"}");
    Set<ValidationMessage> errors = ContractSchema.validate(json);
    assertFalse(errors.isEmpty());
    assertTrue(
        errors.stream().allMatch(m -> "additionalProperties".equals(m.getType())),
        errors::toString);
    assertTrue(
        errors.stream().anyMatch(m -> m.getMessage().contains("venue_fee")), errors::toString);
  }

  @Test
  void rejectsEachMissingRequiredField() {
    List<String> fields =
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
    for (String field : fields) {
      JsonNode node = ContractSchema.parse(typicalJson());
      ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove(field);
      Set<ValidationMessage> errors = ContractSchema.validate(node);
      assertEquals(1, errors.size(), () -> field + ": " + errors);
      ValidationMessage m = errors.iterator().next();
      assertEquals("required", m.getType(), m::toString);
      assertEquals(field, m.getProperty(), m::toString);
    }
  }

  @Test
  void rejectsUnknownSourceAndBadExchange() {
    assertRejectedAt(
        typicalJson().replace("\"source\":\"ws\"", "\"source\":\"websocket\""), "source");
    assertRejectedAt(
        typicalJson().replace("\"exchange\":\"binance\"", "\"exchange\":\"Binance\""), "exchange");
    assertRejectedAt(
        typicalJson().replace("\"exchange\":\"binance\"", "\"exchange\":\"b\""), "exchange");
  }

  @Test
  void rejectsEmptyAndOverlongTradeId() {
    assertRejectedAt(TradeEventJson.toJson(withTradeId("")), "trade_id");
    assertRejectedAt(TradeEventJson.toJson(withTradeId("9".repeat(129))), "trade_id");
    assertValid(TradeEventJson.toJson(withTradeId("9".repeat(128))));
  }

  @Test
  void fieldOrderIsStable() {
    JsonNode node = ContractSchema.parse(typicalJson());
    Iterator<String> names = node.fieldNames();
    List<String> expected =
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
    for (String name : expected) {
      assertTrue(names.hasNext());
      assertEquals(name, names.next());
    }
    assertFalse(names.hasNext());
  }
}
