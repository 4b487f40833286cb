package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cryptostream.contracts.TakerSide;
import dev.cryptostream.contracts.TradeEvent;
import dev.cryptostream.contracts.TradeEventJson;
import dev.cryptostream.contracts.TradeSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code make run ARGS="--source replay FILE --speed 600"} in this JVM: a recording thirty days old
 * (older than the pipeline's default maximum trade age and the broker's default retention) with
 * malformed lines spread through it. The run ends by itself once the file is published and drained;
 * every event is in the lake once, every bad line is a dead letter with its reason, and every check
 * holds. dbt is skipped: it runs the same way after any source, and LiveSourceRunTest has it.
 */
class ReplaySourceRunTest {
  @TempDir(cleanup = CleanupMode.ON_SUCCESS)
  static Path dir;

  private static final byte[] NEWLINE = {'\n'};

  private static TradeEvent event(String exchange, String symbol, int id, String price, Instant t) {
    return new TradeEvent(
        exchange,
        symbol,
        Integer.toString(id),
        new BigDecimal(price),
        new BigDecimal("0.5"),
        id % 2 == 0 ? TakerSide.BUY : TakerSide.SELL,
        t,
        t.plusMillis(40),
        TradeSource.REPLAY);
  }

  /** Writes a line as bytes, so that one of them can be something other than UTF-8. */
  private static void line(OutputStream out, byte[] bytes) throws IOException {
    out.write(bytes);
    out.write(NEWLINE);
  }

  private static void line(OutputStream out, String text) throws IOException {
    line(out, text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aRecordingWithBadLinesIsAccountedForLineByLine() throws Exception {
    Instant start = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    Path file = dir.resolve("recorded.ndjson");
    List<String> expectedTrades = new ArrayList<>();
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 1; i <= 20; i++) {
        boolean btc = i % 2 == 1;
        TradeEvent e =
            btc
                ? event("binance", "BTC-USDT", 100 + i, "91000." + i, start.plusSeconds(5L * i))
                : event("kraken", "SOL-USD", 200 + i, "142." + i, start.plusSeconds(5L * i));
        line(out, TradeEventJson.toJson(e));
        expectedTrades.add(e.exchange() + ":" + e.symbol() + "#" + e.tradeId() + " x1");
        switch (i) {
          case 3 -> line(out, "{\"schema_version\":1,\"exchange\":\"binance\""); // cut off
          case 7 -> line(out, new byte[] {'{', (byte) 0xC3, (byte) 0x28, '}'}); // not UTF-8
          case 10 -> line(out, "   "); // blank: skipped, not published
          case 13 ->
              line(
                  out,
                  TradeEventJson.toJson(
                          event("binance", "BTC-USDT", 999, "1", start.plusSeconds(66)))
                      .replace("\"price\":\"1\"", "\"price\":\"-1\"")); // an event, but invalid
          case 17 -> line(out, "trade,binance,BTC-USDT,91000,0.5"); // CSV, not an event
          default -> {}
        }
      }
    }
    expectedTrades.sort(null);

    Path work = dir.resolve("run");
    List<String> args =
        List.of(
            "--source",
            "replay",
            file.toString(),
            "--speed",
            "600",
            "--work-dir",
            work.toString(),
            "--skip-dbt");
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream both =
        new PrintStream(
            new OutputStream() {
              @Override
              public void write(int b) {
                captured.write(b);
                System.out.write(b);
              }

              @Override
              public void write(byte[] b, int off, int len) {
                captured.write(b, off, len);
                System.out.write(b, off, len);
              }
            },
            true,
            StandardCharsets.UTF_8);
    int exit = LocalRun.execute(args.toArray(String[]::new), both, System.err, new StopRequest());
    String output = captured.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, output);
    assertTrue(
        output.contains(
            "[local] replay done: 21 events, 3 unrecognised lines published as-is (1 not UTF-8),"
                + " 1 blank lines skipped"),
        output);

    List<String> checks = LauncherRuns.checksHeld(output, "replay");
    assertTrue(
        LauncherRuns.check(checks, "every broker offset is in the lake exactly once")
            .contains("24 offsets"),
        String.join("\n", checks));
    assertTrue(
        LauncherRuns.check(checks, "every unrecognised line was dead-lettered")
            .contains("4 (at least 3)"),
        String.join("\n", checks));
    Path lake = work.resolve("lake");
    assertEquals(expectedTrades, LauncherRuns.tradesInLake(lake), "every valid event, once");
    assertEquals(
        List.of("MALFORMED_JSON x2", "NON_POSITIVE_PRICE x1", "NOT_UTF8 x1"),
        LauncherRuns.deadLettersInLake(lake));

    assertTrue(output.contains("[local] ingest latency: not measured for a replay"), output);
    // The lake latency is printed since the pipeline read a trade, never since a recorded time.
    assertTrue(output.contains("[local] lake latency"), output);
    assertFalse(output.contains("trade time: p50"), output);
  }
}
