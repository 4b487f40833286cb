package dev.cryptostream.producers.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayRunTest {
  private record Sent(String key, byte[] value, long ts) {}

  private static final long WALL_CLOCK = 42L;

  @TempDir Path dir;

  private static String event(String symbol, String id, String time) {
    Instant t = Instant.parse(time);
    return TradeEventJson.toJson(
        new TradeEvent(
            "okx",
            symbol,
            id,
            new BigDecimal("1.5"),
            BigDecimal.ONE,
            TakerSide.BUY,
            t,
            t,
            TradeSource.REPLAY));
  }

  private static long ms(String time) {
    return Instant.parse(time).toEpochMilli();
  }

  private final List<Sent> sent = new ArrayList<>();
  private final List<Long> sleeps = new ArrayList<>();

  private ReplayRun.Result replay(double speed, String... lines) throws Exception {
    return replayBytes(speed, String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
  }

  private ReplayRun.Result replayBytes(double speed, byte[] content) throws Exception {
    Path file = Files.createTempFile(dir, "replay", ".ndjson");
    Files.write(file, content);
    return new ReplayRun(speed, sleeps::add)
        .run(file, (k, v, ts) -> sent.add(new Sent(k, v, ts)), () -> WALL_CLOCK);
  }

  @Test
  void recordedPaceSleepsTheGapsBetweenTradeTimes() throws Exception {
    String a = event("BTC-USDT", "1", "2026-11-22T10:00:00.000000Z");
    String b = event("ETH-USDT", "2", "2026-11-22T10:00:01.500000Z");
    String late = event("BTC-USDT", "3", "2026-11-22T10:00:00.500000Z");
    String c = event("BTC-USDT", "4", "2026-11-22T10:00:02.000000Z");
    ReplayRun.Result r = replay(1, a, b, late, c);
    assertEquals(4, r.events());
    assertEquals(
        List.of(1_500_000_000L, 500_000_000L),
        sleeps,
        "late events go at once; pace resumes from the newest time");
    assertEquals(
        List.of("okx:BTC-USDT", "okx:ETH-USDT", "okx:BTC-USDT", "okx:BTC-USDT"),
        sent.stream().map(Sent::key).toList());
    assertEquals(Instant.parse("2026-11-22T10:00:01.500Z").toEpochMilli(), sent.get(1).ts());
    assertArrayEquals(b.getBytes(StandardCharsets.UTF_8), sent.get(1).value(), "bytes unchanged");
  }

  @Test
  void speedScalesThePaceAndMaxDoesNotSleep() throws Exception {
    replay(
        10,
        event("BTC-USDT", "1", "2026-11-22T10:00:00Z"),
        event("BTC-USDT", "2", "2026-11-22T10:00:10Z"));
    assertEquals(List.of(1_000_000_000L), sleeps);
    sleeps.clear();
    replay(
        0,
        event("BTC-USDT", "1", "2026-11-22T10:00:00Z"),
        event("BTC-USDT", "2", "2026-11-22T10:00:10Z"));
    assertEquals(List.of(), sleeps);
  }

  /**
   * Malformed and non-UTF-8 lines spread through a replay of history: every line is published with
   * its bytes as they are, and each bad line carries the trade time of the valid trade before it
   * (before the first one: the first one's), never the wall clock, so it cannot move event time.
   */
  @Test
  void badLinesSpreadThroughHistoryArePublishedAsTheyAreWithThePrecedingTradeTime()
      throws Exception {
    String t1 = "2026-11-22T06:00:00.250000Z";
    String t2 = "2026-11-22T06:00:03.000000Z";
    String t3 = "2026-11-22T06:00:01.000000Z"; // out of order: bad lines after it take ITS time
    byte[] notUtf8 = {'{', '"', 'x', '"', ':', (byte) 0xC3, (byte) 0x28, '}'};
    byte[] loneContinuation = {(byte) 0x80, 'a', 'b'};
    // A good event with one byte broken: not UTF-8, so not an event whatever its fields say.
    byte[] brokenEvent =
        event("BTC-USDT", "9", t2).replace("1.5", "1\u00e95").getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream file = new ByteArrayOutputStream();
    List<byte[]> published = new ArrayList<>();
    List<Long> expectedTs = new ArrayList<>();
    List<String> expectedKeys = new ArrayList<>();
    Object[][] lines = {
      {"{not json at all".getBytes(StandardCharsets.UTF_8), ms(t1), null},
      {notUtf8, ms(t1), null},
      {event("BTC-USDT", "1", t1).getBytes(StandardCharsets.UTF_8), ms(t1), "okx:BTC-USDT"},
      {loneContinuation, ms(t1), null},
      {event("BTC-USDT", "2", t2).getBytes(StandardCharsets.UTF_8), ms(t2), "okx:BTC-USDT"},
      {brokenEvent, ms(t2), null},
      {
        event("ETH-USDT", "3", t2)
            .replace(t2, "1969-12-31T23:59:59.000000Z")
            .getBytes(StandardCharsets.UTF_8),
        ms(t2),
        null
      },
      {"[]".getBytes(StandardCharsets.UTF_8), ms(t2), null},
      {event("ETH-USDT", "4", t3).getBytes(StandardCharsets.UTF_8), ms(t3), "okx:ETH-USDT"},
      {
        "{\"exchange\":\"okx\",\"symbol\":\"BTC-USDT\",\"trade_time\":\"soon\"}"
            .getBytes(StandardCharsets.UTF_8),
        ms(t3),
        null
      },
    };
    for (Object[] l : lines) {
      byte[] bytes = (byte[]) l[0];
      file.write(bytes);
      file.write(l == lines[3] ? new byte[] {'\r', '\n'} : new byte[] {'\n'}); // one CRLF line
      if (l == lines[5]) {
        file.write("  \n".getBytes(StandardCharsets.UTF_8)); // blank: skipped
      }
      published.add(bytes);
      expectedTs.add((Long) l[1]);
      expectedKeys.add((String) l[2]);
    }
    ReplayRun.Result r = replayBytes(0, file.toByteArray());
    assertEquals(new ReplayRun.Result(3, 7, 3, 1, 0), r);
    assertEquals(published.size(), sent.size(), "every line is published");
    for (int i = 0; i < sent.size(); i++) {
      assertArrayEquals(published.get(i), sent.get(i).value(), "line " + i + " bytes as they are");
      assertEquals(expectedTs.get(i), sent.get(i).ts(), "line " + i + " record time");
      assertEquals(expectedKeys.get(i), sent.get(i).key(), "line " + i + " key");
    }
  }

  @Test
  void aFileWithoutAnyEventIsStampedWithTheWallClock() throws Exception {
    ReplayRun.Result r = replayBytes(0, new byte[] {'{', '\n', (byte) 0xFF, '\n', 'x'});
    assertEquals(new ReplayRun.Result(0, 3, 1, 0, 0), r);
    assertEquals(List.of(WALL_CLOCK, WALL_CLOCK, WALL_CLOCK), sent.stream().map(Sent::ts).toList());
    assertNull(sent.get(0).key());
    assertArrayEquals(new byte[] {(byte) 0xFF}, sent.get(1).value());
  }

  @Test
  void rejectsNaNSpeed() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayRun(Double.NaN, n -> {}));
  }
}
