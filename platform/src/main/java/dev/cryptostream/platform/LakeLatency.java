package dev.cryptostream.platform;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How long raw trades took to reach the lake, read back from the lake after a run: percentiles of
 * (Parquet file written − trade time) and of (Parquet file written − read by the pipeline). A row's
 * write time is its file's modification time (the lake writes a file in one go when it flushes);
 * the pipeline's latency counter has only a mean and a maximum. Trades read within a warm-up after
 * the first read are left out: they are mostly the start-up's backlog, not latency.
 */
final class LakeLatency {
  private LakeLatency() {}

  /** The distribution of one latency over the rows counted, in seconds. */
  record Percentiles(long rows, double p50, double p95, double p99, double max) {
    String describe() {
      return String.format(
          Locale.ROOT, "p50 %.2f s, p95 %.2f s, p99 %.2f s, max %.2f s", p50, p95, p99, max);
    }
  }

  /** Both latencies over the same trades. */
  record Summary(Percentiles sinceTradeTime, Percentiles sinceRead) {}

  /**
   * The latencies of the trades read at least {@code warmup} after the first trade was read; empty
   * when the lake has no trades or none of them qualifies.
   */
  static Optional<Summary> of(Warehouse w, Path lake, Duration warmup) throws SQLException {
    if (!Warehouse.hasFiles(lake, "trades")) {
      return Optional.empty();
    }
    String files = Warehouse.lakeFiles(lake, "trades");
    List<Map<String, Object>> rows =
        w.query(
            "with written as (select filename, epoch_us(last_modified) as written_us"
                + " from read_blob("
                + files
                + ")),"
                + " trades as (select filename, epoch_us(trade_time) as traded_us,"
                + " epoch_us(ingest_time) as read_us from read_parquet("
                + files
                + ", filename = true, hive_partitioning = false, union_by_name = true)),"
                + " counted as (select (w.written_us - t.traded_us) / 1e6 as since_trade,"
                + " (w.written_us - t.read_us) / 1e6 as since_read"
                + " from trades t join written w using (filename)"
                + " where t.read_us >= (select min(read_us) from trades) + "
                + warmup.toNanos() / 1_000
                + ")"
                + " select count(*) as n,"
                + " quantile_cont(since_trade, 0.5) as t50, quantile_cont(since_trade, 0.95) as t95,"
                + " quantile_cont(since_trade, 0.99) as t99, max(since_trade) as tmax,"
                + " quantile_cont(since_read, 0.5) as r50, quantile_cont(since_read, 0.95) as r95,"
                + " quantile_cont(since_read, 0.99) as r99, max(since_read) as rmax"
                + " from counted");
    Map<String, Object> r = rows.get(0);
    long n = ((Number) r.get("n")).longValue();
    if (n == 0) {
      return Optional.empty();
    }
    return Optional.of(
        new Summary(
            new Percentiles(n, num(r, "t50"), num(r, "t95"), num(r, "t99"), num(r, "tmax")),
            new Percentiles(n, num(r, "r50"), num(r, "r95"), num(r, "r99"), num(r, "rmax"))));
  }

  private static double num(Map<String, Object> row, String column) {
    return ((Number) row.get(column)).doubleValue();
  }
}
