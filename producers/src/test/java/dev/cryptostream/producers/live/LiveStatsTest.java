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
    s.gapOpened("BTC-USDT");
    s.gapClosed("BTC-USDT");
    s.gapGivenUp("BTC-USDT");
    s.gapOpened("ETH-USDT");
    s.rejected("SOL-USDT", "Currency pair not supported SOL/USDT");
    s.connectionProblem(
        "binance#0", "no data from wss://x:9443/stream after 3 connection attempts");
    s.duplicate("BTC-USDT");
    s.reconnect();
    s.deadLetter();
    now.set(2_000_000_000L);
    assertEquals(
        List.of(
            "binance BTC-USDT: 10.0 trades/s, last trade 2.0s ago, reconnects 1, gaps 1 found / 3 trades backfilled"
                + " / 1 unfilled, gaps open 0 / given up 1, duplicates 1, dead letters 1",
            "binance ETH-USDT: 0.0 trades/s, last trade none yet, reconnects 1, gaps 0 found / 0 trades backfilled"
                + " / 0 unfilled, gaps open 1 / given up 0, duplicates 0, dead letters 1",
            "binance SOL-USDT: REJECTED by the venue, not subscribed (Currency pair not supported SOL/USDT)",
            "binance connection binance#0: no data from wss://x:9443/stream after 3 connection attempts"),
        s.statusLines());
    now.set(4_000_000_000L);
    s.wsTrade("BTC-USDT");
    assertEquals(
        "binance BTC-USDT: 0.5 trades/s, last trade 0.0s ago, reconnects 1, gaps 1 found / 3 trades backfilled"
            + " / 1 unfilled, gaps open 0 / given up 1, duplicates 1, dead letters 1",
        s.statusLines().get(0),
        "rate over the last interval only");
    s.connectionProblem("binance#0", null);
    assertEquals(
        3, s.statusLines().size(), "a connection that delivers again is no longer reported");
  }
}
