package dev.cryptostream.producers.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter converter = new DurationConverter();

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
        Arguments.of("-5s", Duration.ofSeconds(-5)),
        Arguments.of(" 10s ", Duration.ofSeconds(10)),
        Arguments.of("2M", Duration.ofMinutes(2)));
  }

  @ParameterizedTest
  @MethodSource("durations")
  void durationsParse(String text, Duration expected) {
    assertEquals(expected, converter.convert(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "s",
        "ms",
        "10d",
        "1.5s",
        "ten",
        "PT",
        "P",
        "2 m",
        "10sec",
        "m5",
        "99999999999999999999h"
      })
  void badDurationsAreRefusedQuotingTheValue(String text) {
    TypeConversionException e =
        assertThrows(TypeConversionException.class, () -> converter.convert(text));
    assertEquals("must be a duration such as 90s, 2m or PT2M, got '" + text + "'", e.getMessage());
  }

  @Test
  void noneSwitchesALimitOff() {
    DurationOrNone.Converter c = new DurationOrNone.Converter();
    assertNull(c.convert("none").limit());
    assertNull(c.convert("NONE").limit());
    assertEquals(Duration.ofHours(2), c.convert("2h").limit());
    assertThrows(TypeConversionException.class, () -> c.convert("forever"));
  }
}
