package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.pipeline.model.Micros;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.Trade;
import dev.cryptostream.pipeline.testing.TradeJsonNearMisses;
import dev.cryptostream.pipeline.testing.Trades;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TradeJsonParserTest {
  private static final String VALID =
      Trades.json(
          Trades.event(
              "BTC-USDT",
              "6595931385",
              "76650.12000000",
              "0.00040000",
              TakerSide.SELL,
              "2026-11-22T10:15:30.123456Z"));

  private final TradeJsonParser parser = new TradeJsonParser();

  private TradeJsonParser.Result parse(String json) {
    return parser.parse(Trades.record(41, json), 99L);
  }

  @Test
  void parsesEveryFieldOfAValidEvent() {
    TradeJsonParser.Result r = parse(VALID);
    assertTrue(r.isOk(), () -> String.valueOf(r.rejection()));
    Trade t = r.trade();
    assertEquals("binance", t.exchange());
    assertEquals("BTC-USDT", t.symbol());
    assertEquals("6595931385", t.tradeId());
    assertEquals(new BigDecimal("76650.12000000"), t.price());
    assertEquals(8, t.price().scale(), "decimals keep their exact scale");
    assertEquals(new BigDecimal("0.00040000"), t.quantity());
    assertEquals(TakerSide.SELL, t.side());
    assertEquals(Micros.of(Instant.parse("2026-11-22T10:15:30.123456Z")), t.tradeTimeMicros());
    assertEquals(Micros.of(Instant.parse("2026-11-22T10:15:30.128456Z")), t.receivedAtMicros());
    assertEquals(TradeSource.WS, t.source());
    assertEquals(1, t.schemaVersion());
    assertEquals(Trades.TOPIC, t.kafkaTopic());
    assertEquals(2, t.kafkaPartition());
    assertEquals(41L, t.kafkaOffset());
    assertEquals(99L, t.ingestTimeMicros());
    assertNull(r.rejection());
  }

  @Test
  void acceptsAnyFieldOrderAndWhitespace() {
    String json =
        "{ \"source\":\"replay\", \"received_at\":\"2026-11-22T10:15:30.200000Z\", \"trade_time\":\"2026-11-22T10:15:30.000000Z\","
            + " \"side\":\"unknown\", \"quantity\":\"2\", \"price\":\"3\", \"trade_id\":\"a-1\", \"symbol\":\"ETH-USD\","
            + " \"exchange\":\"coinbase\", \"schema_version\":1 }";
    TradeJsonParser.Result r = parse(json);
    assertTrue(r.isOk(), () -> String.valueOf(r.rejection()));
    assertEquals(TakerSide.UNKNOWN, r.trade().side());
    assertEquals(TradeSource.REPLAY, r.trade().source());
  }

  static Stream<Arguments> rejections() {
    return Stream.of(
        Arguments.of("not JSON", "{\"schema_version\":1,", RejectReason.MALFORMED_JSON),
        Arguments.of("an array", "[1,2]", RejectReason.MALFORMED_JSON),
        Arguments.of("trailing tokens", VALID + " {}", RejectReason.MALFORMED_JSON),
        Arguments.of("a bare string", "\"hello\"", RejectReason.MALFORMED_JSON),
        Arguments.of(
            "no price",
            VALID.replace("\"price\":\"76650.12000000\",", ""),
            RejectReason.MISSING_FIELD),
        Arguments.of(
            "null symbol",
            VALID.replace("\"symbol\":\"BTC-USDT\"", "\"symbol\":null"),
            RejectReason.MISSING_FIELD),
        Arguments.of(
            "no schema version",
            VALID.replace("\"schema_version\":1,", ""),
            RejectReason.MISSING_FIELD),
        Arguments.of(
            "numeric price",
            VALID.replace("\"price\":\"76650.12000000\"", "\"price\":76650.12"),
            RejectReason.WRONG_TYPE),
        Arguments.of(
            "string version",
            VALID.replace("\"schema_version\":1", "\"schema_version\":\"1\""),
            RejectReason.WRONG_TYPE),
        Arguments.of(
            "version 2",
            VALID.replace("\"schema_version\":1", "\"schema_version\":2"),
            RejectReason.UNSUPPORTED_SCHEMA_VERSION),
        Arguments.of(
            "upper-case exchange",
            VALID.replace("\"exchange\":\"binance\"", "\"exchange\":\"Binance\""),
            RejectReason.BAD_EXCHANGE),
        Arguments.of(
            "venue symbol",
            VALID.replace("\"symbol\":\"BTC-USDT\"", "\"symbol\":\"BTCUSDT\""),
            RejectReason.BAD_SYMBOL),
        Arguments.of(
            "lower-case symbol",
            VALID.replace("\"symbol\":\"BTC-USDT\"", "\"symbol\":\"btc-usdt\""),
            RejectReason.BAD_SYMBOL),
        Arguments.of(
            "empty trade id",
            VALID.replace("\"trade_id\":\"6595931385\"", "\"trade_id\":\"\""),
            RejectReason.BAD_TRADE_ID),
        Arguments.of(
            "comma decimal", VALID.replace("76650.12000000", "76650,12"), RejectReason.BAD_DECIMAL),
        Arguments.of(
            "exponent", VALID.replace("76650.12000000", "7.665E4"), RejectReason.BAD_DECIMAL),
        Arguments.of(
            "19 decimals",
            VALID.replace("76650.12000000", "1.0000000000000000001"),
            RejectReason.BAD_DECIMAL),
        Arguments.of(
            "21 integer digits",
            VALID.replace("76650.12000000", "123456789012345678901"),
            RejectReason.BAD_DECIMAL),
        Arguments.of(
            "empty decimal", VALID.replace("\"0.00040000\"", "\"\""), RejectReason.BAD_DECIMAL),
        Arguments.of(
            "side long",
            VALID.replace("\"side\":\"sell\"", "\"side\":\"long\""),
            RejectReason.UNKNOWN_SIDE),
        Arguments.of(
            "side upper case",
            VALID.replace("\"side\":\"sell\"", "\"side\":\"SELL\""),
            RejectReason.UNKNOWN_SIDE),
        Arguments.of(
            "source ftp",
            VALID.replace("\"source\":\"ws\"", "\"source\":\"ftp\""),
            RejectReason.UNKNOWN_SOURCE),
        Arguments.of(
            "time words",
            VALID.replace("2026-11-22T10:15:30.123456Z", "yesterday"),
            RejectReason.BAD_TIMESTAMP),
        Arguments.of(
            "time without zone",
            VALID.replace("2026-11-22T10:15:30.123456Z", "2026-11-22T10:15:30.123456"),
            RejectReason.BAD_TIMESTAMP),
        Arguments.of(
            "year 300000",
            VALID.replace("\"2026-11-22T10:15:30.128456Z\"", "\"+300000-01-01T00:00:00Z\""),
            RejectReason.BAD_TIMESTAMP),
        Arguments.of(
            "epoch millis",
            VALID.replace("\"2026-11-22T10:15:30.123456Z\"", "\"1787315652707\""),
            RejectReason.BAD_TIMESTAMP));
  }

  @ParameterizedTest(name = "{0} -> {2}")
  @MethodSource("rejections")
  void rejectsWithAStableReason(String what, String json, RejectReason expected) {
    TradeJsonParser.Result r = parse(json);
    assertFalse(r.isOk(), what + " must be rejected");
    assertEquals(expected, r.rejection().reason(), r.rejection().message());
    assertFalse(r.rejection().message().isBlank());
  }

  @Test
  void rejectsEmptyAndMissingPayloads() {
    assertEquals(
        RejectReason.EMPTY_PAYLOAD,
        parser.parse(Trades.record(1, new byte[0]), 0).rejection().reason());
    assertEquals(
        RejectReason.EMPTY_PAYLOAD,
        parser.parse(Trades.record(1, (byte[]) null), 0).rejection().reason());
  }

  @Test
  void rejectsBytesThatAreNotUtf8() {
    byte[] bad = {'{', (byte) 0xC3, (byte) 0x28, '}'};
    assertEquals(
        RejectReason.NOT_UTF8, parser.parse(Trades.record(1, bad), 0).rejection().reason());
  }

  @Test
  void negativeNumbersParseSoThatTheValidatorCanNameThem() {
    TradeJsonParser.Result r = parse(VALID.replace("76650.12000000", "-1.5"));
    assertTrue(r.isOk());
    assertEquals(new BigDecimal("-1.5"), r.trade().price());
  }

  @Test
  void timesBeyondTheMicrosecondAreRejectedNeverCut() {
    for (String time :
        new String[] {"2026-11-22T10:15:30.123456789Z", "2026-11-22T10:15:30.1234560Z"}) {
      TradeJsonParser.Result r = parse(VALID.replace("2026-11-22T10:15:30.123456Z", time));
      assertEquals(RejectReason.BAD_TIMESTAMP, r.rejection().reason(), time);
    }
  }

  @Test
  void timesAreExactToTheMicrosecondAcrossTheContractsYears() {
    for (String time :
        new String[] {
          "0000-01-01T00:00:00.000000Z",
          "1969-12-31T23:59:59.999999Z",
          "2024-02-29T12:00:00.000001Z",
          "9999-12-31T23:59:59.999999Z"
        }) {
      TradeJsonParser.Result r = parse(VALID.replace("2026-11-22T10:15:30.123456Z", time));
      assertTrue(r.isOk(), () -> time + ": " + r.rejection());
      assertEquals(Micros.of(Instant.parse(time)), r.trade().tradeTimeMicros(), time);
    }
  }

  @Test
  void judgesEveryPayloadAsTheStrictReaderDoes() {
    Random random = new Random(20261206);
    Set<RejectReason> seen = EnumSet.noneOf(RejectReason.class);
    int ok = 0;
    for (int n = 0; n < 100_000; n++) {
      var record = Trades.record(n, TradeJsonNearMisses.nextBytes(random));
      TradeJsonParser.Result strict = TradeJsonParser.parseStrictly(record, 99L);
      assertEquals(strict, parser.parse(record, 99L), () -> new String(record.payload()));
      if (strict.isOk()) {
        ok++;
      } else {
        seen.add(strict.rejection().reason());
      }
    }
    assertTrue(ok > 30_000, "valid trades among the near-misses: " + ok);
    assertTrue(
        seen.containsAll(
            EnumSet.of(
                RejectReason.MALFORMED_JSON,
                RejectReason.NOT_UTF8,
                RejectReason.DUPLICATE_FIELD,
                RejectReason.UNKNOWN_FIELD,
                RejectReason.WRONG_TYPE,
                RejectReason.BAD_EXCHANGE,
                RejectReason.BAD_SYMBOL,
                RejectReason.BAD_DECIMAL,
                RejectReason.BAD_TIMESTAMP,
                RejectReason.UNKNOWN_SIDE)),
        "reasons seen: " + seen);
  }
}
