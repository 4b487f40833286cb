package dev.cryptostream.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PriceSnapshotJsonTest {

  static PriceSnapshot bitcoin() {
    return new PriceSnapshot(
        "bitcoin",
        "usd",
        new BigDecimal("67187.3358936566"),
        new BigDecimal("1317802988326.25"),
        new BigDecimal("31260929299.5248"),
        new BigDecimal("-3.3961496"),
        Instant.ofEpochSecond(1711356300),
        Instant.parse("2026-11-22T10:15:30.123456789Z"));
  }

  private static void assertValid(String json) {
    Set<ValidationMessage> errors = ContractSchema.validatePriceSnapshot(json);
    assertTrue(errors.isEmpty(), () -> "expected valid, got " + errors + " for " + json);
  }

  @Test
  void writesExactJson() {
    assertEquals(
        "{\"schema_version\":1,\"coin_id\":\"bitcoin\",\"vs_currency\":\"usd\",\"price\":\"67187.3358936566\","
            + "\"market_cap\":\"1317802988326.25\",\"volume_24h\":\"31260929299.5248\",\"change_24h_pct\":\"-3.3961496\","
            + "\"last_updated_at\":\"2024-03-25T08:45:00.000000Z\",\"polled_at\":\"2026-11-22T10:15:30.123456Z\"}",
        PriceSnapshotJson.toJson(bitcoin()));
    assertValid(PriceSnapshotJson.toJson(bitcoin()));
  }

  @Test
  void missingOptionalFiguresAreNullAndStillValid() {
    PriceSnapshot p = bitcoin();
    PriceSnapshot sparse =
        new PriceSnapshot(
            p.coinId(),
            p.vsCurrency(),
            p.price(),
            null,
            null,
            null,
            p.lastUpdatedAt(),
            p.polledAt());
    String json = PriceSnapshotJson.toJson(sparse);
    JsonNode node = ContractSchema.parse(json);
    assertTrue(node.get("market_cap").isNull());
    assertTrue(node.get("volume_24h").isNull());
    assertTrue(node.get("change_24h_pct").isNull());
    assertValid(json);
  }

  @Test
  void exponentInputsArePrintedPlain() {
    PriceSnapshot p = bitcoin();
    PriceSnapshot tiny =
        new PriceSnapshot(
            "shiba-inu",
            "usd",
            new BigDecimal("1.234E-8"),
            new BigDecimal("1.2E+10"),
            null,
            new BigDecimal("-1E-3"),
            p.lastUpdatedAt(),
            p.polledAt());
    String json = PriceSnapshotJson.toJson(tiny);
    assertTrue(json.contains("\"price\":\"0.00000001234\""), json);
    assertTrue(json.contains("\"market_cap\":\"12000000000\""), json);
    assertTrue(json.contains("\"change_24h_pct\":\"-0.001\""), json);
    assertValid(json);
  }

  @Test
  void keyIsCoinAndCurrency() {
    assertEquals("bitcoin:usd", bitcoin().kafkaKey());
  }

  @Test
  void requiredFieldsCannotBeNull() {
    PriceSnapshot p = bitcoin();
    assertThrows(
        NullPointerException.class,
        () ->
            new PriceSnapshot(
                p.coinId(),
                p.vsCurrency(),
                null,
                null,
                null,
                null,
                p.lastUpdatedAt(),
                p.polledAt()));
    assertThrows(
        NullPointerException.class,
        () ->
            new PriceSnapshot(
                p.coinId(), p.vsCurrency(), p.price(), null, null, null, null, p.polledAt()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1e5", "1,5", "", "abc"})
  void schemaRejectsBadPrices(String price) {
    String json =
        PriceSnapshotJson.toJson(bitcoin())
            .replace("\"price\":\"67187.3358936566\"", "\"price\":\"" + price + "\"");
    assertRejected(json, "price");
  }

  @Test
  void schemaRejectsPriceAsNumberUpperCaseIdsAndUnknownFields() {
    String json = PriceSnapshotJson.toJson(bitcoin());
    assertRejected(
        json.replace("\"price\":\"67187.3358936566\"", "\"price\":67187.3358936566"), "price");
    assertRejected(json.replace("\"coin_id\":\"bitcoin\"", "\"coin_id\":\"Bitcoin\""), "coin_id");
    assertRejected(
        json.replace("\"vs_currency\":\"usd\"", "\"vs_currency\":\"USD\""), "vs_currency");
    assertRejected(json.replace("\"schema_version\":1", "\"schema_version\":2"), "schema_version");
    assertFalse(
        ContractSchema.validatePriceSnapshot(json.replace("}", ",\"rank\":\"1\"}")).isEmpty());
  }

  @Test
  void schemaRequiresEveryField() {
    for (String field :
        List.of(
            "schema_version",
            "coin_id",
            "vs_currency",
            "price",
            "market_cap",
            "volume_24h",
            "change_24h_pct",
            "last_updated_at",
            "polled_at")) {
      ObjectNode node = (ObjectNode) ContractSchema.parse(PriceSnapshotJson.toJson(bitcoin()));
      node.remove(field);
      Set<ValidationMessage> errors = ContractSchema.validatePriceSnapshot(node.toString());
      assertEquals(1, errors.size(), () -> field + ": " + errors);
      assertEquals(field, errors.iterator().next().getProperty());
    }
  }

  private static void assertRejected(String json, String field) {
    Set<ValidationMessage> errors = ContractSchema.validatePriceSnapshot(json);
    assertFalse(errors.isEmpty(), () -> "schema accepted " + json);
    assertTrue(
        errors.stream().allMatch(m -> field.equals(ContractSchema.field(m))), errors::toString);
  }
}
