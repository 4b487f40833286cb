package dev.cryptostream.pipeline.prices;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.pipeline.model.CoinPriceSnapshot;
import dev.cryptostream.pipeline.model.RejectReason;
import dev.cryptostream.pipeline.model.SourceRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PriceSnapshotParserTest {
  private static final String GOOD =
      "{\"schema_version\":1,\"coin_id\":\"bitcoin\",\"vs_currency\":\"usd\",\"price\":\"67187.3358936566\","
          + "\"market_cap\":\"1322183493027.8\",\"volume_24h\":\"32155431212.1\",\"change_24h_pct\":\"-1.25\","
          + "\"last_updated_at\":\"2026-11-22T10:15:00.000000Z\",\"polled_at\":\"2026-11-22T10:15:03.123456Z\"}";

  private static SourceRecord record(String json) {
    return new SourceRecord(
        "prices.coingecko.v1",
        0,
        7,
        "bitcoin:usd",
        1_795_342_500_000L,
        json.getBytes(StandardCharsets.UTF_8));
  }

  private static PriceSnapshotParser.Result parse(String json) {
    return new PriceSnapshotParser().parse(record(json), 42L);
  }

  @Test
  void readsEveryFieldExactly() {
    CoinPriceSnapshot s = parse(GOOD).snapshot();
    assertEquals("bitcoin", s.coinId());
    assertEquals("usd", s.vsCurrency());
    assertEquals(new BigDecimal("67187.3358936566"), s.price());
    assertEquals(new BigDecimal("1322183493027.8"), s.marketCap());
    assertEquals(new BigDecimal("32155431212.1"), s.volume24h());
    assertEquals(-1.25, s.change24hPct());
    assertEquals(1_795_342_500_000_000L, s.lastUpdatedAtMicros());
    assertEquals(1_795_342_503_123_456L, s.polledAtMicros());
    assertEquals(42L, s.ingestTimeMicros());
    assertEquals("prices.coingecko.v1", s.kafkaTopic());
    assertEquals(7L, s.kafkaOffset());
  }

  @Test
  void nullableFieldsMayBeNullButNotAbsent() {
    CoinPriceSnapshot s =
        parse(GOOD.replace("\"1322183493027.8\"", "null").replace("\"-1.25\"", "null")).snapshot();
    assertNull(s.marketCap());
    assertNull(s.change24hPct());
    PriceSnapshotParser.Result missing =
        parse(GOOD.replace(",\"volume_24h\":\"32155431212.1\"", ""));
    assertFalse(missing.isOk());
    assertEquals(RejectReason.MISSING_FIELD, missing.rejection().reason());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not json|{oops|MALFORMED_JSON",
        "array|[1,2]|MALFORMED_JSON",
        "version 2|\"schema_version\":1→\"schema_version\":2|UNSUPPORTED_SCHEMA_VERSION",
        "upper-case coin|\"bitcoin\"→\"Bitcoin\"|BAD_COIN",
        "bad currency|\"usd\"→\"US Dollar\"|BAD_COIN",
        "zero price|\"67187.3358936566\"→\"0\"|NON_POSITIVE_PRICE",
        "price as number|\"67187.3358936566\"→67187.3358936566|WRONG_TYPE",
        "negative volume|\"32155431212.1\"→\"-1\"|BAD_DECIMAL",
        "exponent|\"1322183493027.8\"→\"1.3E12\"|BAD_DECIMAL",
        "bad time|\"2026-11-22T10:15:00.000000Z\"→\"yesterday\"|BAD_TIMESTAMP",
      })
  void rejectsWithAReason(String name, String change, String reason) {
    String json;
    if (change.contains("→")) {
      String[] parts = change.split("→");
      assertTrue(GOOD.contains(parts[0]), "fixture contains " + parts[0]);
      json = GOOD.replace(parts[0], parts[1]);
    } else {
      json = change;
    }
    PriceSnapshotParser.Result r = parse(json);
    assertFalse(r.isOk(), name);
    assertEquals(RejectReason.valueOf(reason), r.rejection().reason(), r.rejection().message());
  }

  @Test
  void emptyAndBinaryValuesAreRejected() {
    PriceSnapshotParser parser = new PriceSnapshotParser();
    assertEquals(
        RejectReason.EMPTY_PAYLOAD,
        parser
            .parse(new SourceRecord("t", 0, 0, (byte[]) null, 0L, new byte[0]), 0)
            .rejection()
            .reason());
    assertEquals(
        RejectReason.NOT_UTF8,
        parser
            .parse(new SourceRecord("t", 0, 0, (byte[]) null, 0L, new byte[] {(byte) 0xC3}), 0)
            .rejection()
            .reason());
  }

  @Test
  void readsWhatTheProducersContractWriterWrites() {
    dev.cryptostream.contracts.PriceSnapshot written =
        new dev.cryptostream.contracts.PriceSnapshot(
            "wrapped-bitcoin",
            "eur",
            new BigDecimal("61234.000000000000000001"),
            null,
            new BigDecimal("12.5"),
            new BigDecimal("-0.75"),
            java.time.Instant.parse("2026-11-22T10:15:00Z"),
            java.time.Instant.parse("2026-11-22T10:15:02.5Z"));
    PriceSnapshotParser.Result r =
        parse(dev.cryptostream.contracts.PriceSnapshotJson.toJson(written));
    assertTrue(r.isOk(), () -> r.rejection().toString());
    CoinPriceSnapshot s = r.snapshot();
    assertEquals("wrapped-bitcoin", s.coinId());
    assertEquals("eur", s.vsCurrency());
    assertEquals(0, written.price().compareTo(s.price()));
    assertNull(s.marketCap());
    assertEquals(-0.75, s.change24hPct());
    assertEquals(1_795_342_502_500_000L, s.polledAtMicros());
  }
}
