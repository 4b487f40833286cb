package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cryptostream.pipeline.testing.TradeJsonNearMisses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PlainJsonObjectTest {
  private static PlainJsonObject read(String json) {
    return PlainJsonObject.read(json.getBytes(StandardCharsets.UTF_8));
  }

  /** Each member as name, kind and text, in order. */
  private static List<String> members(PlainJsonObject o) {
    List<String> out = new ArrayList<>();
    for (int m = 0; m < o.size(); m++) {
      out.add(o.name(m) + " " + o.kind(m) + " " + o.text(m));
    }
    return out;
  }

  /**
   * The members Jackson reads from a flat object, in the same form; null when Jackson fails or the
   * value is not an object of scalars.
   */
  private static List<String> jacksonMembers(byte[] json) {
    List<String> out = new ArrayList<>();
    try (JsonParser p = StrictJsonReader.FACTORY.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        PlainJsonObject.Kind kind =
            switch (v) {
              case VALUE_STRING -> PlainJsonObject.Kind.STRING;
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> PlainJsonObject.Kind.NUMBER;
              case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> PlainJsonObject.Kind.LITERAL;
              default -> null;
            };
        if (kind == null) {
          return null;
        }
        out.add(name + " " + kind + " " + p.getText());
      }
      return p.nextToken() == null ? out : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void readsTheMembersOfAPlainObject() {
    PlainJsonObject o =
        read(
            " {\"a\" : \"x y\",\"n\":-0.5e+3,\t\"t\":true,\"f\":false,\r\n\"z\":null,\"a\":\"\"} ");
    assertNotNull(o);
    assertEquals(
        List.of(
            "a STRING x y",
            "n NUMBER -0.5e+3",
            "t LITERAL true",
            "f LITERAL false",
            "z LITERAL null",
            "a STRING "),
        members(o),
        "duplicates are kept for the caller to judge");
    assertEquals(0, read("{}").size());
  }

  @Test
  void leavesEverythingElseToJackson() {
    for (String other :
        new String[] {
          "",
          " ",
          "[]",
          "\"s\"",
          "1",
          "{",
          "{\"a\":1",
          "{\"a\":1,}",
          "{,}",
          "{\"a\" 1}",
          "{\"a\":1}x",
          "{\"a\":1}{}",
          "{\"a\":{}}",
          "{\"a\":[1]}",
          "{\"a\":\"\\n\"}",
          "{\"\\u0061\":1}",
          "{\"a\":\"é\"}",
          "{\"a\":\"\u0001\"}",
          "{\"a\":01}",
          "{\"a\":1.}",
          "{\"a\":.5}",
          "{\"a\":+1}",
          "{\"a\":-}",
          "{\"a\":1e}",
          "{\"a\":truex}",
          "{\"a\":nul}",
          "{\"a\":NaN}",
          "{\"a\":1\u000b}",
          "\ufeff{}",
          "{\"a\":" + "1".repeat(PlainJsonObject.MAX_NUMBER + 1) + "}",
          "{\"a\":\"" + "x".repeat(PlainJsonObject.MAX_BYTES) + "\"}"
        }) {
      assertNull(read(other), other.length() > 80 ? other.substring(0, 80) : other);
    }
  }

  @Test
  void acceptsOnlyWhatJacksonReadsToTheSameMembers() {
    Random random = new Random(20261206);
    int plain = 0;
    int jacksonOnly = 0;
    for (int n = 0; n < 100_000; n++) {
      byte[] json = TradeJsonNearMisses.nextBytes(random);
      PlainJsonObject o = PlainJsonObject.read(json);
      List<String> jackson = jacksonMembers(json);
      if (o != null) {
        plain++;
        assertEquals(jackson, members(o), () -> new String(json, StandardCharsets.UTF_8));
      } else if (jackson != null) {
        jacksonOnly++; // escapes, non-ASCII: Jackson's to read, as intended
      }
    }
    assertTrue(plain > 40_000, "plain objects among the near-misses: " + plain);
    assertTrue(jacksonOnly > 1_000, "flat objects left to Jackson: " + jacksonOnly);
  }
}
