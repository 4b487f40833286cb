package dev.cryptostream.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lake latency on trades written here with DuckDB, with file times set to known instants. */
class LakeLatencyTest {
  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
  @TempDir Path lake;

  /**
   * One Parquet file of trades, each (seconds after T0 traded, seconds after T0 read), written at
   * {@code writtenAt} seconds after T0.
   */
  private void write(String file, double writtenAt, double[]... trades) throws Exception {
    Path dir = lake.resolve("trades").resolve("dt=2026-12-06").resolve("hour=10");
    Files.createDirectories(dir);
    StringBuilder values = new StringBuilder();
    for (double[] t : trades) {
      values.append(values.length() == 0 ? "" : ", ");
      values.append(
          String.format(
              "(timestamptz '%s', timestamptz '%s')", at(t[0]).toString(), at(t[1]).toString()));
    }
    Path path = dir.resolve(file);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement()) {
      st.execute("set timezone = 'UTC'");
      st.execute(
          "copy (select * from (values "
              + values
              + ") t(trade_time, ingest_time)) to '"
              + path
              + "' (format parquet)");
    }
    Files.setLastModifiedTime(path, FileTime.from(at(writtenAt)));
  }

  private static Instant at(double seconds) {
    return T0.plusNanos(Math.round(seconds * 1e9));
  }

  @Test
  void percentilesOfBothLatenciesOverTheTradesAfterTheWarmUp() throws Exception {
    // First read at 1 s; with a 10 s warm-up only trades read from 11 s on count.
    write("a.parquet", 6, new double[] {0.5, 1}, new double[] {2, 3});
    // Counted: traded 11/12/13/14, read 0.5 s later, files written at 16 and 20.
    write("b.parquet", 16, new double[] {11, 11.5}, new double[] {12, 12.5});
    write("c.parquet", 20, new double[] {13, 13.5}, new double[] {14, 14.5});
    try (Warehouse w = Warehouse.inMemory()) {
      LakeLatency.Summary s = LakeLatency.of(w, lake, Duration.ofSeconds(10)).orElseThrow();
      // Since trade time: 5, 4, 7, 6 s; since read: 4.5, 3.5, 6.5, 5.5 s.
      assertPercentiles(s.sinceTradeTime(), 4, 5.5, 6.85, 6.97, 7);
      assertPercentiles(s.sinceRead(), 4, 5, 6.35, 6.47, 6.5);
      assertEquals("p50 5.50 s, p95 6.85 s, p99 6.97 s, max 7.00 s", s.sinceTradeTime().describe());
    }
  }

  @Test
  void noTradesOrNoneAfterTheWarmUpIsEmpty() throws Exception {
    try (Warehouse w = Warehouse.inMemory()) {
      assertTrue(LakeLatency.of(w, lake, Duration.ofSeconds(10)).isEmpty());
      write("a.parquet", 6, new double[] {0.5, 1}, new double[] {2, 3});
      assertTrue(LakeLatency.of(w, lake, Duration.ofSeconds(10)).isEmpty());
      assertEquals(2, LakeLatency.of(w, lake, Duration.ZERO).orElseThrow().sinceRead().rows());
    }
  }

  private static void assertPercentiles(
      LakeLatency.Percentiles p, long rows, double p50, double p95, double p99, double max) {
    assertEquals(rows, p.rows());
    assertEquals(p50, p.p50(), 1e-9);
    assertEquals(p95, p.p95(), 1e-9);
    assertEquals(p99, p.p99(), 1e-9);
    assertEquals(max, p.max(), 1e-9);
  }
}
