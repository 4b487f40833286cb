package dev.cryptostream.producers.simulator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.ValidationMessage;
import dev.cryptostream.contracts.ContractSchema;
import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import dev.cryptostream.producers.ProducerCli;
import dev.cryptostream.producers.simulator.TradeSimulator.Kind;
import dev.cryptostream.producers.simulator.TradeSimulator.Mix;
import dev.cryptostream.producers.simulator.TradeSimulator.SimulatedRecord;
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TradeSimulatorTest {
  private static final Instant START = Instant.parse("2026-11-03T12:00:00.000000789Z");
  private static final long SEED = 20261103L;
  private static final List<Instrument> INSTRUMENTS =
      Instrument.parseList(ProducerCli.DEFAULT_SYMBOLS);
  private static final Map<String, Instrument> BY_KEY =
      INSTRUMENTS.stream().collect(Collectors.toMap(i -> i.exchange() + ":" + i.symbol(), i -> i));
  private static final Mix TENTHS = new Mix(0.1, 0.1, 0.1, Duration.ofSeconds(30));
  private static final int MIXED_COUNT = 20_000;

  /** One mixed run shared by the read-only checks below. */
  private static List<SimulatedRecord> mixed;

  /** A clock that advances 1 ms per call, starting with a sub-microsecond remainder. */
  static Supplier<Instant> fakeClock() {
    AtomicLong calls = new AtomicLong();
    return () -> START.plusMillis(calls.getAndIncrement());
  }

  static List<SimulatedRecord> generate(Mix mix, long seed, int n) {
    TradeSimulator sim = new TradeSimulator(INSTRUMENTS, mix, seed, fakeClock());
    List<SimulatedRecord> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(sim.next());
    }
    return out;
  }

  @BeforeAll
  static void generateMixed() {
    mixed = generate(TENTHS, SEED, MIXED_COUNT);
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  // --- determinism ---------------------------------------------------------------------------

  @Test
  void sameSeedAndClockGiveIdenticalRecords() {
    List<SimulatedRecord> a = generate(TENTHS, 99, 5_000);
    List<SimulatedRecord> b = generate(TENTHS, 99, 5_000);
    for (int i = 0; i < a.size(); i++) {
      SimulatedRecord x = a.get(i);
      SimulatedRecord y = b.get(i);
      assertEquals(x.kind(), y.kind(), "kind at " + i);
      assertEquals(x.key(), y.key(), "key at " + i);
      assertArrayEquals(x.value(), y.value(), "value at " + i);
      assertEquals(x.timestampMillis(), y.timestampMillis(), "timestamp at " + i);
      assertEquals(x.malformed(), y.malformed(), "malformed kind at " + i);
      assertEquals(x.event(), y.event(), "event at " + i);
    }
  }

  @Test
  void differentSeedsGiveDifferentStreams() {
    List<SimulatedRecord> a = generate(Mix.none(), 1, 200);
    List<SimulatedRecord> b = generate(Mix.none(), 2, 200);
    int same = 0;
    for (int i = 0; i < a.size(); i++) {
      if (utf8(a.get(i).value()).equals(utf8(b.get(i).value()))) {
        same++;
      }
    }
    assertEquals(0, same);
  }

  // --- clean stream --------------------------------------------------------------------------

  @Test
  void withoutMixEveryRecordIsAValidTrade() {
    List<SimulatedRecord> records = generate(Mix.none(), SEED, 5_000);
    for (SimulatedRecord r : records) {
      assertEquals(Kind.TRADE, r.kind());
      assertNull(r.malformed());
      TradeEvent e = r.event();
      assertNotNull(e);
      assertEquals(e.kafkaKey(), r.key());
      assertEquals(TradeSource.SIMULATOR, e.source());
      assertArrayEquals(TradeEventJson.toJson(e).getBytes(StandardCharsets.UTF_8), r.value());
      JsonNode node = ContractSchema.parse(r.value());
      Set<ValidationMessage> errors = ContractSchema.validate(node);
      assertTrue(errors.isEmpty(), () -> errors + " in " + utf8(r.value()));
      assertEquals(e.tradeTime().toEpochMilli(), r.timestampMillis());
      assertEquals(e.tradeTime(), Instant.parse(node.get("trade_time").textValue()));
    }
  }

  @Test
  void everyInstrumentTradesAndTheFirstIsBusiest() {
    Map<String, Long> perKey =
        generate(Mix.none(), SEED, 10_000).stream()
            .collect(Collectors.groupingBy(SimulatedRecord::key, Collectors.counting()));
    assertEquals(BY_KEY.keySet(), perKey.keySet());
    long first = perKey.get("binance:BTC-USDT");
    for (Map.Entry<String, Long> e : perKey.entrySet()) {
      assertTrue(first >= e.getValue(), perKey::toString);
    }
  }

  @Test
  void tradeIdsPerInstrumentAreConsecutive() {
    Map<String, Long> last = new HashMap<>();
    for (SimulatedRecord r : generate(Mix.none(), SEED, 10_000)) {
      long id = Long.parseLong(r.event().tradeId());
      Long previous = last.put(r.key(), id);
      if (previous != null) {
        assertEquals(previous + 1, id, r.key());
      }
    }
    assertEquals(INSTRUMENTS.size(), last.size());
  }

  @Test
  void tradeIdsInMixedStreamAreUniqueAndIncreasingPerInstrument() {
    Map<String, Long> last = new HashMap<>();
    for (SimulatedRecord r : mixed) {
      if (r.kind() == Kind.TRADE || r.kind() == Kind.LATE_TRADE) {
        long id = Long.parseLong(r.event().tradeId());
        Long previous = last.put(r.key(), id);
        if (previous != null) {
          assertTrue(id > previous, r.key() + ": " + id + " after " + previous);
        }
      }
    }
  }

  @Test
  void tradeTimesPerInstrumentNeverDecreaseForNonLateTrades() {
    Map<String, Instant> last = new HashMap<>();
    int checked = 0;
    for (SimulatedRecord r : mixed) {
      if (r.kind() == Kind.TRADE) {
        Instant previous = last.put(r.key(), r.event().tradeTime());
        if (previous != null) {
          assertFalse(r.event().tradeTime().isBefore(previous), r.key());
          checked++;
        }
      }
    }
    assertTrue(checked > MIXED_COUNT / 2);
  }

  @Test
  void tradeTimesStayIncreasingWhenTheClockStallsOrGoesBack() {
    // A clock stuck at one instant, then jumping back: trade times must still increase per
    // instrument.
    AtomicLong calls = new AtomicLong();
    Supplier<Instant> clock = () -> calls.getAndIncrement() < 500 ? START : START.minusSeconds(10);
    TradeSimulator sim = new TradeSimulator(INSTRUMENTS.subList(0, 1), Mix.none(), SEED, clock);
    Instant previous = null;
    for (int i = 0; i < 1_000; i++) {
      TradeEvent e = sim.next().event();
      if (previous != null) {
        assertTrue(e.tradeTime().isAfter(previous), "at " + i);
      }
      previous = e.tradeTime();
    }
  }

  @Test
  void liveTradesAreStampedWithTheClock() {
    for (SimulatedRecord r : mixed) {
      if (r.kind() == Kind.TRADE) {
        Duration lag = Duration.between(r.event().receivedAt(), r.event().tradeTime());
        assertFalse(lag.isNegative(), () -> "trade time before receipt " + r.event());
        assertTrue(
            lag.compareTo(Duration.ofMillis(1)) <= 0,
            () -> "trade time far from receipt " + r.event());
        assertEquals(0, r.event().tradeTime().getNano() % 1_000, "truncated to micros");
        assertEquals(0, r.event().receivedAt().getNano() % 1_000, "truncated to micros");
      }
    }
  }

  @Test
  void pricesLieOnTheTickGridAndArePositive() {
    for (SimulatedRecord r : mixed) {
      if (r.event() == null) {
        continue;
      }
      Instrument instrument = BY_KEY.get(r.key());
      BigDecimal price = r.event().price();
      assertTrue(price.signum() > 0, price::toPlainString);
      assertEquals(
          0,
          price.remainder(instrument.tick()).signum(),
          () -> price + " off grid " + instrument.tick());
      assertEquals(instrument.tick().scale(), price.scale(), price::toPlainString);
    }
  }

  @Test
  void pricesWanderButStayNearTheStart() {
    Map<String, BigDecimal> lastPrice = new HashMap<>();
    Set<String> moved = new HashSet<>();
    for (SimulatedRecord r : generate(Mix.none(), SEED, 10_000)) {
      BigDecimal p = r.event().price();
      BigDecimal before = lastPrice.put(r.key(), p);
      if (before != null && before.compareTo(p) != 0) {
        moved.add(r.key());
      }
      double ratio = p.doubleValue() / BY_KEY.get(r.key()).startPrice().doubleValue();
      assertTrue(ratio > 0.5 && ratio < 2, r.key() + " at " + p);
    }
    assertEquals(BY_KEY.keySet(), moved);
  }

  @Test
  void quantitiesArePositiveWithAtMostEightDecimals() {
    for (SimulatedRecord r : mixed) {
      if (r.event() == null) {
        continue;
      }
      BigDecimal q = r.event().quantity();
      assertTrue(q.signum() > 0, q::toPlainString);
      assertTrue(q.scale() <= 8, q::toPlainString);
      assertTrue(q.stripTrailingZeros().scale() <= 8, q::toPlainString);
    }
  }

  @Test
  void bothSidesOccurOnEveryInstrument() {
    Map<String, Set<TakerSide>> sides = new HashMap<>();
    for (SimulatedRecord r : generate(Mix.none(), SEED, 5_000)) {
      sides.computeIfAbsent(r.key(), k -> new HashSet<>()).add(r.event().side());
    }
    for (Map.Entry<String, Set<TakerSide>> e : sides.entrySet()) {
      assertEquals(Set.of(TakerSide.BUY, TakerSide.SELL), e.getValue(), e.getKey());
    }
  }

  // --- special records -----------------------------------------------------------------------

  @Test
  void sharesOfSpecialRecordsMatchTheMix() {
    Map<Kind, Long> counts = new EnumMap<>(Kind.class);
    for (SimulatedRecord r : mixed) {
      counts.merge(r.kind(), 1L, Long::sum);
    }
    double n = mixed.size();
    assertEquals(0.1, counts.getOrDefault(Kind.DUPLICATE, 0L) / n, 0.02, counts::toString);
    assertEquals(0.1, counts.getOrDefault(Kind.LATE_TRADE, 0L) / n, 0.02, counts::toString);
    assertEquals(0.1, counts.getOrDefault(Kind.MALFORMED, 0L) / n, 0.02, counts::toString);
    assertEquals(0.7, counts.getOrDefault(Kind.TRADE, 0L) / n, 0.02, counts::toString);
  }

  @Test
  void everyDuplicateRepeatsAnEarlierTradeExactly() {
    // value text -> (key, timestamp) of the earlier TRADE / LATE_TRADE records with that value
    Map<String, List<SimulatedRecord>> earlier = new HashMap<>();
    int duplicates = 0;
    for (SimulatedRecord r : mixed) {
      String value = utf8(r.value());
      if (r.kind() == Kind.DUPLICATE) {
        duplicates++;
        List<SimulatedRecord> originals = earlier.get(value);
        assertNotNull(originals, () -> "duplicate of nothing seen before: " + value);
        boolean match =
            originals.stream()
                .anyMatch(
                    o ->
                        o.key().equals(r.key())
                            && o.timestampMillis() == r.timestampMillis()
                            && java.util.Arrays.equals(o.value(), r.value()));
        assertTrue(match, () -> "no earlier trade with same key/value/timestamp: " + value);
        assertNull(r.malformed());
      } else if (r.kind() == Kind.TRADE || r.kind() == Kind.LATE_TRADE) {
        earlier.computeIfAbsent(value, v -> new ArrayList<>()).add(r);
      }
    }
    assertTrue(duplicates > 1_000, "duplicates=" + duplicates);
  }

  @Test
  void lateTradesLieBetweenOneSecondAndMaxLatenessBeforeReceipt() {
    int late = 0;
    for (SimulatedRecord r : mixed) {
      if (r.kind() == Kind.LATE_TRADE) {
        late++;
        Duration lag = Duration.between(r.event().tradeTime(), r.event().receivedAt());
        assertTrue(
            lag.compareTo(Duration.ofSeconds(1)) >= 0, () -> "lag " + lag + " in " + r.event());
        assertTrue(
            lag.compareTo(TENTHS.maxLateness()) <= 0, () -> "lag " + lag + " in " + r.event());
      }
    }
    assertTrue(late > 1_000, "late=" + late);
  }

  @Test
  void lateTradeLagsSpreadOverTheAllowedRange() {
    Duration min = null;
    Duration max = null;
    for (SimulatedRecord r : mixed) {
      if (r.kind() == Kind.LATE_TRADE) {
        Duration lag = Duration.between(r.event().tradeTime(), r.event().receivedAt());
        min = min == null || lag.compareTo(min) < 0 ? lag : min;
        max = max == null || lag.compareTo(max) > 0 ? lag : max;
      }
    }
    assertNotNull(min);
    assertTrue(min.compareTo(Duration.ofSeconds(2)) < 0, "min lag " + min);
    assertTrue(max.compareTo(Duration.ofSeconds(28)) > 0, "max lag " + max);
  }

  @Test
  void kafkaTimestampIsTheTradeTimeInMillis() {
    for (SimulatedRecord r : mixed) {
      if (r.event() != null) {
        assertEquals(r.event().tradeTime().toEpochMilli(), r.timestampMillis());
        JsonNode node = ContractSchema.parse(r.value());
        assertEquals(
            Instant.parse(node.get("trade_time").textValue()).toEpochMilli(), r.timestampMillis());
      }
    }
  }

  @Test
  void validRecordsInTheMixedStreamAllValidate() {
    for (SimulatedRecord r : mixed) {
      if (r.kind() != Kind.MALFORMED) {
        Set<ValidationMessage> errors = ContractSchema.validate(ContractSchema.parse(r.value()));
        assertTrue(errors.isEmpty(), () -> r.kind() + " " + errors);
        assertEquals(r.event().kafkaKey(), r.key());
      }
    }
  }

  // --- malformed records ---------------------------------------------------------------------

  @Test
  void everyMalformedKindOccurs() {
    Map<MalformedKind, Long> kinds = new EnumMap<>(MalformedKind.class);
    for (SimulatedRecord r : mixed) {
      if (r.kind() == Kind.MALFORMED) {
        assertNotNull(r.malformed());
        assertNull(r.event());
        assertTrue(BY_KEY.containsKey(r.key()), r.key());
        kinds.merge(r.malformed(), 1L, Long::sum);
      } else {
        assertNull(r.malformed());
      }
    }
    assertEquals(Set.of(MalformedKind.values()), kinds.keySet(), kinds::toString);
  }

  /** Errors of a parseable document, asserting they all concern {@code field}. */
  private static void assertOnlyFieldInvalid(JsonNode node, String field, String raw) {
    Set<ValidationMessage> errors = ContractSchema.validate(node);
    assertFalse(errors.isEmpty(), () -> "schema accepted " + raw);
    for (ValidationMessage m : errors) {
      assertEquals(field, ContractSchema.field(m), () -> m + " in " + raw);
    }
  }

  @Test
  void everyMalformedRecordIsBrokenInItsIntendedWay() throws CharacterCodingException {
    Map<MalformedKind, Integer> checked = new EnumMap<>(MalformedKind.class);
    for (SimulatedRecord r : mixed) {
      if (r.kind() != Kind.MALFORMED) {
        continue;
      }
      MalformedKind kind = r.malformed();
      checked.merge(kind, 1, Integer::sum);
      if (kind == MalformedKind.NOT_UTF8) {
        assertThrows(CharacterCodingException.class, () -> ContractSchema.decodeStrict(r.value()));
        continue;
      }
      String raw = ContractSchema.decodeStrict(r.value());
      if (kind == MalformedKind.TRUNCATED_JSON) {
        assertThrows(JsonProcessingException.class, () -> ContractSchema.MAPPER.readTree(raw), raw);
        assertTrue(raw.startsWith("{\"schema_version\":1,"), raw);
        continue;
      }
      JsonNode node;
      try {
        node = ContractSchema.MAPPER.readTree(raw);
      } catch (JsonProcessingException e) {
        fail(kind + " must still be JSON: " + raw, e);
        return;
      }
      assertTrue(node.isObject(), raw);
      switch (kind) {
        case MISSING_PRICE -> {
          assertFalse(node.has("price"), raw);
          assertEquals(9, node.size(), raw);
          assertOnlyFieldInvalid(node, "price", raw);
        }
        case PRICE_AS_NUMBER -> {
          assertTrue(node.get("price").isNumber(), raw);
          assertTrue(node.get("price").decimalValue().signum() > 0, raw);
          assertOnlyFieldInvalid(node, "price", raw);
        }
        case COMMA_DECIMAL -> {
          String price = node.get("price").textValue();
          assertTrue(price.contains(",") && !price.contains("."), raw);
          assertTrue(new BigDecimal(price.replace(',', '.')).signum() > 0, raw);
          assertOnlyFieldInvalid(node, "price", raw);
        }
        case NEGATIVE_PRICE -> {
          String price = node.get("price").textValue();
          assertTrue(new BigDecimal(price).signum() < 0, raw);
          assertOnlyFieldInvalid(node, "price", raw);
        }
        case ZERO_QUANTITY -> {
          assertEquals(0, new BigDecimal(node.get("quantity").textValue()).signum(), raw);
          // The contract requires a positive quantity; nothing else about the record is wrong.
          assertOnlyFieldInvalid(node, "quantity", raw);
        }
        case UNKNOWN_SIDE -> {
          assertEquals("long", node.get("side").textValue(), raw);
          assertOnlyFieldInvalid(node, "side", raw);
        }
        case FUTURE_SCHEMA_VERSION -> {
          assertTrue(node.get("schema_version").isInt(), raw);
          assertEquals(2, node.get("schema_version").intValue(), raw);
          assertOnlyFieldInvalid(node, "schema_version", raw);
        }
        case BAD_TIMESTAMP -> {
          assertEquals("yesterday", node.get("trade_time").textValue(), raw);
          assertOnlyFieldInvalid(node, "trade_time", raw);
        }
        case UNDASHED_SYMBOL -> {
          String symbol = node.get("symbol").textValue();
          assertTrue(symbol.matches("[A-Z0-9]+"), raw);
          assertEquals(r.key().substring(r.key().indexOf(':') + 1).replace("-", ""), symbol, raw);
          assertOnlyFieldInvalid(node, "symbol", raw);
        }
        default -> fail("unhandled kind " + kind);
      }
      // Fields the corruption did not touch still identify the record's instrument and time.
      assertEquals(
          r.key().substring(0, r.key().indexOf(':')), node.get("exchange").textValue(), raw);
      if (kind != MalformedKind.BAD_TIMESTAMP) {
        assertEquals(
            Instant.parse(node.get("trade_time").textValue()).toEpochMilli(),
            r.timestampMillis(),
            raw);
      }
    }
    assertEquals(MalformedKind.values().length, checked.size(), checked::toString);
  }

  @Test
  void corruptDamagesOnlyTheIntendedPartOfAKnownDocument() throws Exception {
    String valid =
        "{\"schema_version\":1,\"exchange\":\"binance\",\"symbol\":\"BTC-USDT\",\"trade_id\":\"7\",\"price\":\"91250.12\","
            + "\"quantity\":\"0.00512000\",\"side\":\"sell\",\"trade_time\":\"2026-11-03T14:05:06.123456Z\","
            + "\"received_at\":\"2026-11-03T14:05:06.123456Z\",\"source\":\"simulator\"}";
    assertTrue(ContractSchema.validate(ContractSchema.MAPPER.readTree(valid)).isEmpty());
    assertEquals(
        valid.replace("\"price\":\"91250.12\",", ""),
        utf8(MalformedKind.MISSING_PRICE.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"price\":\"91250.12\"", "\"price\":91250.12"),
        utf8(MalformedKind.PRICE_AS_NUMBER.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"price\":\"91250.12\"", "\"price\":\"91250,12\""),
        utf8(MalformedKind.COMMA_DECIMAL.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"price\":\"91250.12\"", "\"price\":\"-91250.12\""),
        utf8(MalformedKind.NEGATIVE_PRICE.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"quantity\":\"0.00512000\"", "\"quantity\":\"0\""),
        utf8(MalformedKind.ZERO_QUANTITY.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"side\":\"sell\"", "\"side\":\"long\""),
        utf8(MalformedKind.UNKNOWN_SIDE.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"schema_version\":1", "\"schema_version\":2"),
        utf8(MalformedKind.FUTURE_SCHEMA_VERSION.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace(
            "\"trade_time\":\"2026-11-03T14:05:06.123456Z\"", "\"trade_time\":\"yesterday\""),
        utf8(MalformedKind.BAD_TIMESTAMP.corrupt(valid, "91250.12")));
    assertEquals(
        valid.replace("\"symbol\":\"BTC-USDT\"", "\"symbol\":\"BTCUSDT\""),
        utf8(MalformedKind.UNDASHED_SYMBOL.corrupt(valid, "91250.12")));
    assertEquals(
        valid.substring(0, valid.length() / 2),
        utf8(MalformedKind.TRUNCATED_JSON.corrupt(valid, "91250.12")));
    byte[] notUtf8 = MalformedKind.NOT_UTF8.corrupt(valid, "91250.12");
    assertEquals(valid.length() + 2, notUtf8.length);
    assertThrows(CharacterCodingException.class, () -> ContractSchema.decodeStrict(notUtf8));
  }

  @Test
  void everyMalformedKindChangesTheDocument() {
    String valid = utf8(generate(Mix.none(), SEED, 1).get(0).value());
    String price =
        ContractSchema.parse(valid.getBytes(StandardCharsets.UTF_8)).get("price").textValue();
    for (MalformedKind kind : MalformedKind.values()) {
      assertFalse(
          java.util.Arrays.equals(
              valid.getBytes(StandardCharsets.UTF_8), kind.corrupt(valid, price)),
          kind.name());
    }
  }

  @Test
  void malformedKindsMapToDistinctReasonCodes() {
    Set<String> reasons = new HashSet<>();
    for (MalformedKind kind : MalformedKind.values()) {
      assertTrue(kind.expectedReason().matches("[A-Z][A-Z0-9_]*"), kind.name());
      assertTrue(reasons.add(kind.expectedReason()), kind.name());
    }
  }

  // --- validation ----------------------------------------------------------------------------

  @Test
  void mixRejectsNegativeFraction() {
    assertThrows(IllegalArgumentException.class, () -> new Mix(-0.01, 0, 0, Duration.ofSeconds(5)));
    assertThrows(IllegalArgumentException.class, () -> new Mix(0, -0.5, 0, Duration.ofSeconds(5)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Mix(0, 0, -1, Duration.ofSeconds(5)));
    assertEquals("fractions must be between 0 and 1", e.getMessage());
  }

  @Test
  void mixRejectsFractionAboveOne() {
    assertThrows(IllegalArgumentException.class, () -> new Mix(1.01, 0, 0, Duration.ofSeconds(5)));
  }

  @Test
  void mixRejectsNaNFraction() {
    assertThrows(
        IllegalArgumentException.class, () -> new Mix(Double.NaN, 0, 0, Duration.ofSeconds(5)));
    assertThrows(
        IllegalArgumentException.class, () -> new Mix(0, Double.NaN, 0, Duration.ofSeconds(5)));
    assertThrows(
        IllegalArgumentException.class, () -> new Mix(0, 0, Double.NaN, Duration.ofSeconds(5)));
  }

  @Test
  void mixRejectsFractionsSummingOverOne() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new Mix(0.5, 0.3, 0.3, Duration.ofSeconds(5)));
    assertEquals("duplicate + late + malformed fractions exceed 1", e.getMessage());
  }

  @Test
  void mixAcceptsFractionsSummingToExactlyOne() {
    Mix mix = new Mix(0.25, 0.5, 0.25, Duration.ofSeconds(5));
    List<SimulatedRecord> records = generate(mix, SEED, 2_000);
    // No share is left for plain trades. A duplicate roll before any trade exists falls back to a
    // plain trade, and after one trade there is always something to duplicate: at most one TRADE.
    long plain = records.stream().filter(r -> r.kind() == Kind.TRADE).count();
    assertTrue(plain <= 1, "plain trades=" + plain);
    assertTrue(records.stream().anyMatch(r -> r.kind() == Kind.DUPLICATE));
    assertTrue(records.stream().anyMatch(r -> r.kind() == Kind.LATE_TRADE));
    assertTrue(records.stream().anyMatch(r -> r.kind() == Kind.MALFORMED));
  }

  @Test
  void mixRejectsNonPositiveMaxLateness() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new Mix(0, 0.1, 0, Duration.ZERO));
    assertEquals("maxLateness must be positive", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new Mix(0, 0.1, 0, Duration.ofSeconds(-1)));
  }

  @Test
  void simulatorNeedsAnInstrument() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new TradeSimulator(List.of(), Mix.none(), 1, fakeClock()));
  }

  // --- fast decimal rounding -----------------------------------------------------------------

  @Test
  void fastTickRoundingEqualsTheDecimalDefinition() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (BigDecimal tick : List.of(new BigDecimal("0.01"), new BigDecimal("0.0001"))) {
      for (int i = 0; i < 200_000; i++) {
        double price = Math.exp(random.nextDouble(-12, 14)); // 6e-6 .. 1.2e6
        assertTickRounding(price, tick);
      }
      // Exact ties and their neighbours, where binary and decimal rounding could disagree.
      for (int k = 0; k < 2_000; k++) {
        double tie = new BigDecimal(k).add(new BigDecimal("0.5")).multiply(tick).doubleValue();
        assertTickRounding(tie, tick);
        assertTickRounding(Math.nextUp(tie), tick);
        assertTickRounding(Math.nextDown(tie), tick);
      }
    }
  }

  private static void assertTickRounding(double price, BigDecimal tick) {
    BigDecimal expected =
        BigDecimal.valueOf(price)
            .divide(tick, 0, java.math.RoundingMode.HALF_EVEN)
            .max(BigDecimal.ONE)
            .multiply(tick);
    BigDecimal actual = TradeSimulator.onTickGrid(price, tick);
    assertEquals(
        expected.toPlainString(), actual.toPlainString(), () -> "price " + price + " tick " + tick);
  }

  @Test
  void fastQuantityRoundingEqualsTheDecimalDefinition() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(6);
    for (int i = 0; i < 200_000; i++) {
      assertQuantityRounding(Math.exp(random.nextDouble(-25, 16)));
    }
    for (int k = 0; k < 2_000; k++) {
      double tie =
          new BigDecimal(k * 7919L).add(new BigDecimal("0.5")).movePointLeft(8).doubleValue();
      assertQuantityRounding(tie);
      assertQuantityRounding(Math.nextUp(tie));
      assertQuantityRounding(Math.nextDown(tie));
    }
    assertQuantityRounding(1e-12); // rounds to zero, lifted to the minimum
    assertQuantityRounding(3.0e9); // beyond the fast path's range
  }

  private static void assertQuantityRounding(double q) {
    BigDecimal expected =
        BigDecimal.valueOf(q)
            .setScale(8, java.math.RoundingMode.HALF_UP)
            .max(new BigDecimal("0.00000001"));
    assertEquals(
        expected.toPlainString(),
        TradeSimulator.quantity8(q).toPlainString(),
        () -> "quantity " + q);
  }
}
