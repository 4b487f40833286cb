package dev.cryptostream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CliArgsTest {

  private static CliArgs parse(String... args) {
    return CliArgs.parse(args, 0, Set.of("dry-run", "verbose"));
  }

  @Test
  void spaceSeparatedValue() {
    CliArgs a = parse("--topic", "my.topic", "--rate", "250");
    assertEquals("my.topic", a.string("topic", "default"));
    assertEquals(250.0, a.number("rate", 1));
    a.rejectUnknown();
  }

  @Test
  void equalsSeparatedValue() {
    CliArgs a = parse("--topic=my.topic", "--seed=42");
    assertEquals("my.topic", a.string("topic", "default"));
    assertEquals(42L, a.integer("seed", 7));
  }

  @Test
  void equalsValueMayContainEqualsAndBeEmpty() {
    CliArgs a = parse("--filter=a=b", "--empty=");
    assertEquals("a=b", a.string("filter", null));
    assertEquals("", a.string("empty", null));
  }

  @Test
  void bothFormsMixAndLaterOccurrenceWins() {
    CliArgs a = parse("--rate", "1", "--topic=t", "--rate=2");
    assertEquals(2.0, a.number("rate", 0));
    assertEquals("t", a.string("topic", null));
  }

  @Test
  void parsingStartsAtTheGivenIndex() {
    CliArgs a = CliArgs.parse(new String[] {"simulate", "--rate", "3"}, 1, Set.of());
    assertEquals(3.0, a.number("rate", 0));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> CliArgs.parse(new String[] {"simulate", "--rate", "3"}, 0, Set.of()));
    assertTrue(e.getMessage().contains("'simulate'"), e.getMessage());
  }

  @Test
  void fallbacksApplyWhenAbsent() {
    CliArgs a = parse();
    assertEquals("fb", a.string("topic", "fb"));
    assertEquals(1.5, a.number("rate", 1.5));
    assertEquals(9L, a.integer("seed", 9));
    assertEquals(Duration.ofMinutes(2), a.duration("duration", Duration.ofMinutes(2)));
    assertFalse(a.flag("dry-run"));
    a.rejectUnknown();
  }

  @Test
  void booleanFlagsTakeNoValue() {
    CliArgs a = parse("--dry-run", "--rate", "5", "--verbose");
    assertTrue(a.flag("dry-run"));
    assertTrue(a.flag("verbose"));
    assertEquals(5.0, a.number("rate", 0));
    a.rejectUnknown();
  }

  @Test
  void booleanFlagAcceptsExplicitValueWithEquals() {
    CliArgs a = parse("--dry-run=false", "--verbose=true");
    assertFalse(a.flag("dry-run"));
    assertTrue(a.flag("verbose"));
  }

  @Test
  void nonBooleanFlagConsumesTheNextArgument() {
    // "dry" is not declared boolean, so it takes the next token as its value.
    CliArgs a = CliArgs.parse(new String[] {"--dry", "yes"}, 0, Set.of());
    assertEquals("yes", a.string("dry", null));
  }

  @Test
  void unknownFlagIsRejected() {
    CliArgs a = parse("--rate", "5", "--rtae", "6");
    a.number("rate", 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::rejectUnknown);
    assertEquals("unknown flag --rtae", e.getMessage());
  }

  @Test
  void unusedBooleanFlagIsAlsoUnknown() {
    CliArgs a = parse("--verbose");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, a::rejectUnknown);
    assertEquals("unknown flag --verbose", e.getMessage());
  }

  @Test
  void missingValueIsRejectedNamingTheFlag() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("--topic", "t", "--rate"));
    assertEquals("--rate needs a value", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"positional", "-r", "--", "-"})
  void nonFlagArgumentsAreRejected(String arg) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> parse("--rate", "1", arg));
    assertEquals("unexpected argument '" + arg + "'", e.getMessage());
  }

  @Test
  void badNumberIsRejectedNamingFlagAndValue() {
    CliArgs a = parse("--rate", "fast");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.number("rate", 0));
    assertEquals("--rate must be a number, got 'fast'", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1e3", "ten", ""})
  void badWholeNumberIsRejectedNamingFlagAndValue(String value) {
    CliArgs a = parse("--seed=" + value);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> a.integer("seed", 0));
    assertEquals("--seed must be a whole number, got '" + value + "'", e.getMessage());
  }

  @Test
  void numbersAcceptFractionsAndNegatives() {
    CliArgs a = parse("--f", "0.25", "--n=-3", "--i", "-12");
    assertEquals(0.25, a.number("f", 0));
    assertEquals(-3.0, a.number("n", 0));
    assertEquals(-12L, a.integer("i", 0));
  }

  static Stream<Arguments> durations() {
    return Stream.of(
        Arguments.of("90s", Duration.ofSeconds(90)),
        Arguments.of("2m", Duration.ofMinutes(2)),
        Arguments.of("1h", Duration.ofHours(1)),
        Arguments.of("PT2M", Duration.ofMinutes(2)),
        Arguments.of("pt1h30m", Duration.ofMinutes(90)),
        Arguments.of("PT0.5S", Duration.ofMillis(500)),
        Arguments.of("500ms", Duration.ofMillis(500)),
        Arguments.of("45", Duration.ofSeconds(45)),
        Arguments.of("0", Duration.ZERO),
        Arguments.of(" 10s ", Duration.ofSeconds(10)),
        Arguments.of("2M", Duration.ofMinutes(2)));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void durationsParse(String text, Duration expected) {
    assertEquals(expected, CliArgs.parseDuration("duration", text));
    assertEquals(expected, parse("--duration", text).duration("duration", Duration.ofDays(1)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "s", "ms", "10d", "1.5s", "ten", "PT", "P", "2 m", "10sec", "m5"})
  void badDurationIsRejectedNamingFlagAndValue(String text) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> parse("--duration=" + text).duration("duration", Duration.ZERO));
    assertEquals(
        "--duration must be a duration such as 90s, 2m or PT2M, got '" + text + "'",
        e.getMessage());
  }
}
