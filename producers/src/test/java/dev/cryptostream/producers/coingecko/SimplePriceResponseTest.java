package dev.cryptostream.producers.coingecko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.PriceSnapshot;
import dev.cryptostream.contracts.PriceSnapshotJson;
import dev.cryptostream.producers.coingecko.SimplePriceResponse.Parsed;
import dev.cryptostream.producers.coingecko.SimplePriceResponse.Problem;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading {@code /simple/price} answers: exact decimals, and every bad answer as a problem. */
class SimplePriceResponseTest {
  private static final Instant POLLED = Instant.parse("2024-03-25T08:45:07Z");

  private static Parsed parse(String body) {
    return SimplePriceResponse.parse(body, List.of("bitcoin"), List.of("usd"), POLLED);
  }

  /** A bitcoin entry with these figures (JSON text) and a plausible last_updated_at. */
  private static String bitcoin(String figures) {
    return "{\"bitcoin\":{" + figures + ",\"last_updated_at\":1711356300}}";
  }

  private static Problem onlyProblem(Parsed p) {
    assertTrue(p.snapshots().isEmpty(), () -> "no snapshot expected: " + p.snapshots());
    assertEquals(1, p.problems().size(), () -> "one problem expected: " + p.problems());
    return p.problems().get(0);
  }

  private static PriceSnapshot onlySnapshot(Parsed p) {
    assertEquals(List.of(), p.problems());
    assertEquals(1, p.snapshots().size());
    return p.snapshots().get(0);
  }

  @Test
  void numbersKeepEveryDigitTheTextHad() {
    PriceSnapshot s =
        onlySnapshot(
            parse(
                bitcoin(
                    "\"usd\":12345678901234567890.123456789012345678,\"usd_market_cap\":0.1,"
                        + "\"usd_24h_vol\":1E+3,\"usd_24h_change\":-3.39e-2")));
    assertEquals(
        "12345678901234567890.123456789012345678",
        s.price().toPlainString(),
        "20 integer and 18 fractional digits, beyond a double's 17");
    assertEquals("0.1", s.marketCap().toPlainString(), "not 0.1000000000000000055511151231257827");
    assertEquals("1000", s.volume24h().toPlainString(), "an exponent written out");
    assertEquals("-0.0339", s.change24hPct().toPlainString());
    assertEquals(Instant.ofEpochSecond(1711356300), s.lastUpdatedAt());
    String json = PriceSnapshotJson.toJson(s);
    assertTrue(json.contains("\"price\":\"12345678901234567890.123456789012345678\""), json);
  }

  @Test
  void trailingZerosAsSentAreKeptAndZerosBeyondEighteenDecimalsAreDropped() {
    PriceSnapshot s =
        onlySnapshot(
            parse(bitcoin("\"usd\":67187.50,\"usd_24h_change\":1.50000000000000000000000")));
    assertEquals("67187.50", s.price().toPlainString());
    assertEquals("1.5", s.change24hPct().toPlainString(), "exact at a smaller scale");
  }

  @Test
  void optionalFiguresMayBeNullOrAbsentButThePriceMayNot() {
    PriceSnapshot s = onlySnapshot(parse(bitcoin("\"usd\":5,\"usd_market_cap\":null")));
    assertNull(s.marketCap());
    assertNull(s.volume24h());
    Problem isNull = onlyProblem(parse(bitcoin("\"usd\":null")));
    assertEquals(SimplePriceResponse.MISSING_FIELD, isNull.reason());
    assertEquals("bitcoin.usd: usd is null", isNull.detail(), "present-but-null differs");
    Problem absent = onlyProblem(parse(bitcoin("\"eur\":5")));
    assertEquals("bitcoin.usd: usd is missing", absent.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"67187.33\"", "true", "[1]", "{\"v\":1}"})
  void aPriceThatIsNotAJsonNumberIsTheWrongType(String price) {
    Problem p = onlyProblem(parse(bitcoin("\"usd\":" + price)));
    assertEquals(SimplePriceResponse.WRONG_TYPE, p.reason());
    assertEquals("bitcoin", p.coinId());
    assertTrue(p.detail().startsWith("bitcoin.usd: usd is not a number"), p.detail());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"usd\":0",
        "\"usd\":-1",
        "\"usd\":1,\"usd_market_cap\":-5",
        "\"usd\":1,\"usd_24h_vol\":-0.5",
        // Too many digits for the contract: refused whole, never rounded.
        "\"usd\":123456789012345678901",
        "\"usd\":0.0000000000000000001",
        // Exponents whose plain digits would be hundreds or a billion characters long.
        "\"usd\":1e308",
        "\"usd\":1e-999999999",
        "\"usd\":1,\"usd_24h_change\":-1e300"
      })
  void figuresOutsideTheContractAreBadValues(String figures) {
    Problem p = onlyProblem(parse(bitcoin(figures)));
    assertEquals(SimplePriceResponse.BAD_VALUE, p.reason(), p.detail());
    assertTrue(p.detail().length() < 120, () -> "a short reason: " + p.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1711356300000", "1000", "1e300", "-1711356300"})
  void implausibleUpdateTimesAreBadValues(String seconds) {
    Problem p = onlyProblem(parse("{\"bitcoin\":{\"usd\":1,\"last_updated_at\":" + seconds + "}}"));
    assertEquals(SimplePriceResponse.BAD_VALUE, p.reason(), p.detail());
  }

  @Test
  void fractionalUpdateTimeIsTheWrongType() {
    Problem p = onlyProblem(parse("{\"bitcoin\":{\"usd\":1,\"last_updated_at\":1711356300.5}}"));
    assertEquals(SimplePriceResponse.WRONG_TYPE, p.reason());
    assertEquals("bitcoin.last_updated_at: not whole seconds: 1711356300.5", p.detail());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
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
        "{\"bitcoin\":{\"usd\":NaN}}",
        "{\"bitcoin\":{\"usd\":Infinity}}",
        "{\"bitcoin\":{\"usd\":-Infinity}}",
        "tru",
        "nul",
        "\"unterminated",
        "\"bad \\x escape\"",
        "\"short \\u12\"",
        "{\"a\":1}{",
        "{\"a\":1} trailing",
        "{\"bitcoin\":{\"usd\":1,\"usd\":2,\"last_updated_at\":1711356300}}",
        "{\"bitcoin\":{},\"bitcoin\":{}}",
        "\"tab\tinside\"",
        "<html></html>",
        "1e99999999999",
        // Beyond a double's range: refused while reading, not kept as an infinite double.
        "{\"bitcoin\":{\"usd\":1e999999999,\"last_updated_at\":1711356300}}",
        "{\"bitcoin\":{\"usd\":-1e400,\"last_updated_at\":1711356300}}",
        "{\"bitcoin\":{\"usd\":1,\"last_updated_at\":1e999999999}}",
        "{\"bitcoin\":{\"usd\":'1'}}"
      })
  void whatIsNotExactlyOneStrictJsonValueIsMalformedJsonWithItsPosition(String body) {
    Problem p = onlyProblem(parse(body));
    assertEquals(SimplePriceResponse.MALFORMED_JSON, p.reason(), p.detail());
    assertNull(p.coinId());
    assertTrue(p.detail().contains(" at line 1, column "), p.detail());
    assertTrue(p.detail().lines().count() == 1, () -> "one line: " + p.detail());
  }

  @Test
  void anEmptyBodyIsMalformedJson() {
    Problem p = onlyProblem(parse(""));
    assertEquals(SimplePriceResponse.MALFORMED_JSON, p.reason());
    assertEquals("no JSON value (empty input)", p.detail());
  }

  @Test
  void aRepeatedMemberNameIsNamedNotSilentlyResolved() {
    Problem p =
        onlyProblem(parse("{\"bitcoin\":{\"usd\":1,\"usd\":2,\"last_updated_at\":1711356300}}"));
    assertTrue(p.detail().startsWith("Duplicate field 'usd'"), p.detail());
  }

  @Test
  void deepNestingIsRefusedNotAStackOverflow() {
    String deep = "[".repeat(100_000) + "]".repeat(100_000);
    Problem p = onlyProblem(parse(deep));
    assertEquals(SimplePriceResponse.MALFORMED_JSON, p.reason());
    assertTrue(p.detail().contains("nesting depth"), p.detail());
    String deepInside =
        "{\"bitcoin\":{\"usd\":1,\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}}";
    assertEquals(SimplePriceResponse.MALFORMED_JSON, onlyProblem(parse(deepInside)).reason());
  }

  @Test
  void aNumberOfThousandsOfDigitsIsRefusedBeforeItIsConverted() {
    Problem p = onlyProblem(parse(bitcoin("\"usd\":" + "9".repeat(5_000))));
    assertEquals(SimplePriceResponse.MALFORMED_JSON, p.reason());
    assertTrue(p.detail().length() < 300, () -> "the digits are not repeated: " + p.detail());
  }

  @Test
  void topLevelThatIsNotAnObjectAndEntriesThatAreNotObjectsAreMalformedResponses() {
    Problem top = onlyProblem(parse("[1,2]"));
    assertEquals(SimplePriceResponse.MALFORMED_RESPONSE, top.reason());
    assertNull(top.coinId());
    Problem entry = onlyProblem(parse("{\"bitcoin\":[67187.33]}"));
    assertEquals(SimplePriceResponse.MALFORMED_RESPONSE, entry.reason());
    assertEquals("bitcoin", entry.coinId());
  }

  @Test
  void stringsWithEscapesAreReadAsJsonDefinesThem() {
    // Member names with escapes: "bit\u0063oin" is bitcoin.
    PriceSnapshot s =
        onlySnapshot(parse("{\"bit\\u0063oin\":{\"usd\":2,\"last_updated_at\":1711356300}}"));
    assertEquals("bitcoin", s.coinId());
  }
}
