package dev.cryptostream.producers.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LiveStatsTest {
  @Test
  void statusLinesReportRatesSinceTheLastLineAndEveryCounter() {
    AtomicLong now = new AtomicLong(0);
    LiveStats s = new LiveStats("binance", List.of("ETH-USDT", "BTC-USDT"), now::get);
    for (int i = 0; i < 20; i++) {
      s.wsTrade("BTC-USDT");
    }
    now.set(1_500_000_000L);
    s.gapFound("BTC-USDT");
    s.backfilled("BTC-USDT", 3);
    s.unfilled("BTC-USDT", 1);
    s.duplicate("BTC-USDT");
    s.reconnect();
    s.deadLetter();
    now.set(2_000_000_000L);
    assertEquals(List.of(
            "binance BTC-USDT: 10.0 trades/s, last trade 2.0s ago, reconnects 1, gaps 1 found / 3 trades backfilled"
                + " / 1 unfilled, duplicates 1, dead letters 1",
            "binance ETH-USDT: 0.0 trades/s, last trade none yet, reconnects 1, gaps 0 found / 0 trades backfilled"
                + " / 0 unfilled, duplicates 0, dead letters 1"),
        s.statusLines());
    now.set(4_000_000_000L);
    s.wsTrade("BTC-USDT");
    assertEquals("binance BTC-USDT: 0.5 trades/s, last trade 0.0s ago, reconnects 1, gaps 1 found / 3 trades backfilled"
        + " / 1 unfilled, duplicates 1, dead letters 1", s.statusLines().get(0), "rate over the last interval only");
  }
}
