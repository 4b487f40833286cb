package dev.cryptostream.pipeline.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HivePartitionTest {
  private static final DateTimeFormatter PATH =
      DateTimeFormatter.ofPattern("'dt='uuuu-MM-dd'/hour='HH").withZone(ZoneOffset.UTC);

  @Test
  void namesTheUtcDayAndHourOfAnyInstant() {
    assertEquals("dt=2026-11-22/hour=10", HivePartition.of(1_795_341_600_000_000L + 59_999_999L));
    assertEquals("dt=1969-12-31/hour=23", HivePartition.of(-1L));
    Random random = new Random(3);
    long micros = 1_795_341_600_000_000L;
    for (int i = 0; i < 100_000; i++) {
      // Mostly neighbouring times (the cached hour), sometimes a jump anywhere.
      micros =
          i % 100 == 0
              ? random.nextLong(-4_000_000_000_000_000L, 4_000_000_000_000_000L)
              : micros + random.nextLong(-600_000_000L, 600_000_000L);
      String expected = PATH.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L)));
      assertEquals(expected, HivePartition.of(micros), Long.toString(micros));
    }
  }
}
