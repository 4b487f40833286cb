package dev.cryptostream.pipeline.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.ContractPatterns;
import dev.cryptostream.pipeline.testing.NearMisses;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ContractTimestampTest {
  private static final Pattern CONTRACT = Pattern.compile(ContractPatterns.TIMESTAMP_MICROS_UTC);

  /** What the parser did before: the contract's pattern, then the calendar. */
  private static long reference(String text) {
    if (!CONTRACT.matcher(text).find()) {
      return ContractTimestamp.NOT_A_TIMESTAMP;
    }
    try {
      LocalDateTime t = LocalDateTime.parse(text.substring(0, 19));
      return t.toEpochSecond(ZoneOffset.UTC) * 1_000_000L
          + Integer.parseInt(text.substring(20, 26));
    } catch (DateTimeException e) {
      return ContractTimestamp.NOT_A_TIMESTAMP;
    }
  }

  @Test
  void readsTheContractsFormExactly() {
    assertEquals(
        Instant.parse("2026-12-06T23:59:59.999999Z").toEpochMilli() * 1_000L + 999,
        ContractTimestamp.micros("2026-12-06T23:59:59.999999Z"));
    assertEquals(
        Instant.parse("1969-12-31T23:59:59.000001Z").getEpochSecond() * 1_000_000L + 1,
        ContractTimestamp.micros("1969-12-31T23:59:59.000001Z"));
    assertEquals(
        reference("2024-02-29T00:00:00.000000Z"),
        ContractTimestamp.micros("2024-02-29T00:00:00.000000Z"));
    for (String no :
        new String[] {
          "2023-02-29T00:00:00.000000Z", // no such day
          "2026-04-31T00:00:00.000000Z",
          "2026-01-01T00:00:00.000000Z\n", // what $ would have let through
          "2026-01-01T00:00:00.00000Z", // five digits
          "2026-01-01T00:00:00.0000000Z", // seven: a rejection, not a truncation
          "2026-01-01t00:00:00.000000Z",
          "2026-01-01T00:00:00.000000z",
          "2026-01-01T24:00:00.000000Z",
          "2026-01-01T00:60:00.000000Z",
          "2026-01-01T00:00:60.000000Z",
          "2026-00-01T00:00:00.000000Z",
          "2026-01-00T00:00:00.000000Z",
          "2026-01-01T00:00:00.00000٣Z", // a digit, but not an ASCII one
          "２026-01-01T00:00:00.000000Z",
          "2026-01-01T00:00:00+00:00",
          ""
        }) {
      assertEquals(ContractTimestamp.NOT_A_TIMESTAMP, ContractTimestamp.micros(no), no);
      assertEquals(ContractTimestamp.NOT_A_TIMESTAMP, reference(no), no);
    }
  }

  @Test
  void agreesWithThePatternAndTheCalendarOnGeneratedNearMisses() {
    Random random = new Random(20261206);
    String alphabet = "0123456789-:T.Zzt +\n٣０";
    int accepted = 0;
    for (int n = 0; n < 200_000; n++) {
      // One in four edited.
      String text =
          NearMisses.of(
              String.format(
                  "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
                  random.nextInt(10_000),
                  random.nextInt(random.nextBoolean() ? 13 : 20),
                  random.nextInt(random.nextBoolean() ? 32 : 40),
                  random.nextInt(random.nextBoolean() ? 24 : 30),
                  random.nextInt(random.nextBoolean() ? 60 : 70),
                  random.nextInt(random.nextBoolean() ? 60 : 70),
                  random.nextInt(1_000_000)),
              alphabet,
              4,
              random);
      long expected = reference(text);
      assertEquals(expected, ContractTimestamp.micros(text), text);
      if (expected != ContractTimestamp.NOT_A_TIMESTAMP) {
        accepted++;
      }
    }
    // Both sides of the line are exercised.
    assertTrue(accepted > 10_000 && accepted < 190_000, "accepted " + accepted);
  }
}
