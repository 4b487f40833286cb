"""Figures of one benchmark run, read back from the lake it wrote (DuckDB over the Parquet files).

usage: lake_stats.py LAKE LAUNCH_EPOCH_S EXIT_EPOCH_S [LATENCY_WARMUP_S]

Prints one line of key=value pairs:
- rows, steady_per_s: raw trade rows, and the rate their ingest_time advanced at between the
  10th and the 90th percentile (the pipeline's steady state, without start-up and drain);
- startup_s, drain_s: launch -> first ingest_time, last ingest_time -> process exit;
- windows, final_candles, windows_without_final: (instrument, minute) of the raw trades, and how
  many of them have no candle marked final;
- with LATENCY_WARMUP: p50/p95/p99/max of (file written - trade_time) over the trades whose trade
  time is at least LATENCY_WARMUP seconds after the first row was ingested (what came before is the
  backlog of the start-up, not latency); a row's write time is the modification time of the
  Parquet file holding it (files are written in one go when the lake flushes).
"""

import os
import sys

import duckdb


def main() -> None:
    lake, launch, exit_ = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    warmup = float(sys.argv[4]) if len(sys.argv) > 4 else None
    db = duckdb.connect()
    trades = f"read_parquet('{lake}/trades/**/*.parquet', filename=true, hive_partitioning=false)"
    n, first, last, p10, p90 = db.execute(
        f"""select count(*), min(epoch_us(ingest_time)), max(epoch_us(ingest_time)),
                   quantile_disc(epoch_us(ingest_time), 0.1), quantile_disc(epoch_us(ingest_time), 0.9)
            from {trades}"""
    ).fetchone()
    out = {"rows": n}
    if n:
        span = (p90 - p10) / 1e6
        out["steady_per_s"] = round(0.8 * n / span) if span > 0 else "n/a"
        out["startup_s"] = round(first / 1e6 - launch, 1)
        out["drain_s"] = round(exit_ - last / 1e6, 1)
    candles = f"read_parquet('{lake}/candles_1m/**/*.parquet', hive_partitioning=false)"
    windows, finals, missing = db.execute(
        f"""with w as (select distinct exchange, symbol, time_bucket(interval 1 minute, trade_time) as ws
                       from {trades}),
                 f as (select distinct exchange, symbol, window_start as ws from {candles} where is_final)
            select (select count(*) from w), (select count(*) from f),
                   (select count(*) from w anti join f using (exchange, symbol, ws))"""
    ).fetchone()
    out.update(windows=windows, final_candles=finals, windows_without_final=missing)
    if warmup is not None and n:
        latency_from = first / 1e6 + warmup
        files = db.execute(f"select distinct filename from {trades}").fetchall()
        db.execute("create table written (filename varchar, written_us bigint)")
        db.executemany(
            "insert into written values (?, ?)", [(f, int(os.stat(f).st_mtime * 1e6)) for (f,) in files]
        )
        row = db.execute(
            f"""select count(*),
                       quantile_cont(lat, 0.5), quantile_cont(lat, 0.95), quantile_cont(lat, 0.99), max(lat)
                from (select (w.written_us - epoch_us(t.trade_time)) / 1e6 as lat
                      from {trades} t join written w using (filename)
                      where epoch_us(t.trade_time) >= {int(latency_from * 1e6)})"""
        ).fetchone()
        out.update(latency_rows=row[0])
        if row[0]:
            out.update(
                {k: round(v, 2) for k, v in zip(("p50_s", "p95_s", "p99_s", "max_s"), row[1:], strict=True)}
            )
    print(" ".join(f"{k}={v}" for k, v in out.items()))


if __name__ == "__main__":
    main()
