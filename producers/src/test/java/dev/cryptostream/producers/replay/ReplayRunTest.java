package dev.cryptostream.producers.replay;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import java.io.BufferedReader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayRunTest {
  private record Sent(String key, byte[] value, long ts) {}

  private static String event(String symbol, String id, String time) {
    Instant t = Instant.parse(time);
    return TradeEventJson.toJson(new TradeEvent("okx", symbol, id, new BigDecimal("1.5"), BigDecimal.ONE, TakerSide.BUY, t, t, TradeSource.REPLAY));
  }

  private final List<Sent> sent = new ArrayList<>();
  private final List<Long> sleeps = new ArrayList<>();

  private ReplayRun.Result replay(double speed, String... lines) throws Exception {
    ReplayRun run = new ReplayRun(speed, sleeps::add);
    return run.run(new BufferedReader(new StringReader(String.join("\n", lines))),
        (k, v, ts) -> sent.add(new Sent(k, v, ts)), () -> 42L);
  }

  @Test
  void recordedPaceSleepsTheGapsBetweenTradeTimes() throws Exception {
    String a = event("BTC-USDT", "1", "2026-11-22T10:00:00.000000Z");
    String b = event("ETH-USDT", "2", "2026-11-22T10:00:01.500000Z");
    String late = event("BTC-USDT", "3", "2026-11-22T10:00:00.500000Z");
    String c = event("BTC-USDT", "4", "2026-11-22T10:00:02.000000Z");
    ReplayRun.Result r = replay(1, a, b, late, c);
    assertEquals(4, r.events());
    assertEquals(List.of(1_500_000_000L, 500_000_000L), sleeps, "late events go at once; pace resumes from the newest time");
    assertEquals(List.of("okx:BTC-USDT", "okx:ETH-USDT", "okx:BTC-USDT", "okx:BTC-USDT"), sent.stream().map(Sent::key).toList());
    assertEquals(Instant.parse("2026-11-22T10:00:01.500Z").toEpochMilli(), sent.get(1).ts());
    assertArrayEquals(b.getBytes(StandardCharsets.UTF_8), sent.get(1).value(), "bytes unchanged");
  }

  @Test
  void speedScalesThePaceAndMaxDoesNotSleep() throws Exception {
    replay(10, event("BTC-USDT", "1", "2026-11-22T10:00:00Z"), event("BTC-USDT", "2", "2026-11-22T10:00:10Z"));
    assertEquals(List.of(1_000_000_000L), sleeps);
    sleeps.clear();
    replay(0, event("BTC-USDT", "1", "2026-11-22T10:00:00Z"), event("BTC-USDT", "2", "2026-11-22T10:00:10Z"));
    assertEquals(List.of(), sleeps);
  }

  @Test
  void unrecognisedLinesArePublishedAsIsAndBlankLinesSkipped() throws Exception {
    ReplayRun.Result r = replay(0, "{not json", "", event("BTC-USDT", "1", "2026-11-22T10:00:00Z"),
        event("BTC-USDT", "2", "2026-11-22T10:00:00Z").replace("2026-11-22T10:00:00.000000Z", "soon"));
    assertEquals(1, r.events());
    assertEquals(2, r.unrecognised());
    assertEquals(1, r.blankLines());
    assertEquals(3, sent.size());
    assertNull(sent.get(0).key());
    assertEquals(42L, sent.get(0).ts(), "no trade time: stamped with the clock");
    assertEquals("{not json", new String(sent.get(0).value(), StandardCharsets.UTF_8));
  }

  @Test
  void rejectsNaNSpeed() {
    assertThrows(IllegalArgumentException.class, () -> new ReplayRun(Double.NaN, n -> {}));
  }
}
