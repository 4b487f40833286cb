package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MiniJsonTest {

  @Test
  void numbersKeepEveryDigitTheTextHad() throws Exception {
    Map<?, ?> m =
        (Map<?, ?>)
            MiniJson.parse(
                "{\"a\":67187.3358936566,\"b\":0.1,\"c\":-3.39e-2,\"d\":1E+3,\"e\":12345678901234567890.123456789}");
    assertEquals(new BigDecimal("67187.3358936566"), m.get("a"));
    assertEquals(
        "0.1",
        ((BigDecimal) m.get("b")).toPlainString(),
        "not 0.1000000000000000055511151231257827");
    assertEquals("-0.0339", ((BigDecimal) m.get("c")).toPlainString());
    assertEquals("1000", ((BigDecimal) m.get("d")).toPlainString());
    assertEquals("12345678901234567890.123456789", ((BigDecimal) m.get("e")).toPlainString());
  }

  @Test
  void readsEveryKindOfValue() throws Exception {
    Object v =
        MiniJson.parse(
            " {\"s\":\"a\\\"b\\\\c\\n\\u00e9\\/\",\"t\":true,\"f\":false,\"n\":null,\"arr\":[1,[],{}],\"o\":{}} ");
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals("a\"b\\c\né/", m.get("s"));
    assertEquals(Boolean.TRUE, m.get("t"));
    assertEquals(Boolean.FALSE, m.get("f"));
    assertSame(MiniJson.NULL, m.get("n"));
    assertEquals(List.of(new BigDecimal("1"), List.of(), Map.of()), m.get("arr"));
    assertEquals(Map.of(), m.get("o"));
    assertTrue(m.containsKey("n"), "present-but-null differs from absent");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "{",
        "{\"a\":1,}",
        "{\"a\" 1}",
        "{a:1}",
        "[1,2",
        "01",
        "1.",
        "-",
        "1e",
        ".5",
        "NaN",
        "tru",
        "nul",
        "\"unterminated",
        "\"bad \\x escape\"",
        "\"short \\u12\"",
        "{\"a\":1}{",
        "{\"a\":1,\"a\":2}",
        "\"tab\tinside\"",
        "<html></html>",
        "1e99999999999"
      })
  void rejectsWhatIsNotOneJsonValue(String text) {
    MiniJson.MalformedJsonException e =
        assertThrows(MiniJson.MalformedJsonException.class, () -> MiniJson.parse(text));
    assertTrue(e.getMessage().contains("at offset"), e.getMessage());
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);
    assertThrows(MiniJson.MalformedJsonException.class, () -> MiniJson.parse(deep));
  }
}
