package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void jsonNumbersAreReadExactlyAsWrittenNeverThroughDouble() throws Exception {
    JsonNode n =
        Json.tree(
            "{\"price\":105910.50,\"qty\":0.00012460,\"big\":12345678901234567.123456789012345678,\"i\":7}");
    assertEquals("105910.50", Json.decimalNumber(n, "price").toPlainString());
    assertEquals("0.00012460", Json.decimalNumber(n, "qty").toPlainString());
    // A double would have kept about 17 significant digits of this one.
    assertEquals(
        "12345678901234567.123456789012345678", Json.decimalNumber(n, "big").toPlainString());
    assertEquals("7", Json.decimalNumber(n, "i").toPlainString());
  }

  @Test
  void amountsFollowTheContract() throws Exception {
    JsonNode n =
        Json.tree(
            "{\"a\":\"1.5000000000000000000000\",\"b\":\"0.0000000000000000001\",\"c\":\"1E+2\","
                + "\"d\":\"0\",\"e\":\"123456789012345678901.5\",\"f\":1e-3}");
    assertEquals(
        "1.5",
        Json.decimalString(n, "a").toPlainString(),
        "trailing zeros beyond 18 decimals dropped");
    assertTrue(
        assertThrows(FrameException.class, () -> Json.decimalString(n, "b"))
            .getMessage()
            .contains("18 decimals"));
    assertEquals("100", Json.decimalString(n, "c").toPlainString());
    assertTrue(
        assertThrows(FrameException.class, () -> Json.decimalString(n, "d"))
            .getMessage()
            .contains("not positive"));
    assertTrue(
        assertThrows(FrameException.class, () -> Json.decimalString(n, "e"))
            .getMessage()
            .contains("too large"));
    assertEquals("0.001", Json.decimalNumber(n, "f").toPlainString());
    assertTrue(
        assertThrows(FrameException.class, () -> Json.decimalString(n, "f"))
            .getMessage()
            .contains("not a string"));
  }

  @Test
  void fieldsAndTimes() throws Exception {
    JsonNode n =
        Json.tree(
            "{\"id\":\"130639474\",\"n\":42,\"t\":\"2014-11-07T08:19:27.028459Z\",\"x\":null,\"bad\":\"1.5\"}");
    assertEquals(130639474L, Json.longValue(n, "id"));
    assertEquals(42L, Json.longValue(n, "n"));
    assertEquals(Instant.parse("2014-11-07T08:19:27.028459Z"), Json.isoTime(n, "t"));
    assertEquals(
        "missing field 'x'",
        assertThrows(FrameException.class, () -> Json.text(n, "x")).getMessage());
    assertThrows(FrameException.class, () -> Json.longValue(n, "bad"));
    assertThrows(FrameException.class, () -> Json.isoTime(n, "id"));
    assertThrows(FrameException.class, () -> Json.tree("{\"a\":1} trailing"));
    assertThrows(FrameException.class, () -> Json.tree(""));
  }

  @Test
  void hostileFramesAreFrameExceptionsNotCrashes() throws Exception {
    assertTrue(
        assertThrows(FrameException.class, () -> Json.tree("{\"p\":1,\"p\":2}"))
            .getMessage()
            .startsWith("not JSON: Duplicate field 'p'"),
        "a repeated name is not resolved silently");
    assertTrue(
        assertThrows(FrameException.class, () -> Json.tree("{\"price\":1e400}"))
            .getMessage()
            .contains("beyond the range of a double"));
    assertThrows(FrameException.class, () -> Json.tree("{\"price\":NaN}"));
    assertThrows(FrameException.class, () -> Json.tree("[".repeat(50_000)));
    JsonNode tiny = Json.tree("{\"price\":1e-999999999,\"huge\":1e300}");
    String tooManyDecimals =
        assertThrows(FrameException.class, () -> Json.decimalNumber(tiny, "price")).getMessage();
    assertEquals("field 'price' has more than 18 decimals: 1E-999999999", tooManyDecimals);
    assertTrue(
        assertThrows(FrameException.class, () -> Json.decimalNumber(tiny, "huge"))
            .getMessage()
            .startsWith("field 'huge' is too large: 1E+300"));
  }
}
