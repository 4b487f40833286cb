"""Reconciles the lake of a disturbed run (kills, restarts) with the lake of an undisturbed run
of the same Kafka input, with DuckDB. Prints a table and exits 1 on any difference.

Checks: every Kafka offset of the input is in the disturbed lake (trades or dead letters); the
rows left after de-duplicating by the same stable keys as dbt staging equal the undisturbed run's;
every window has exactly one final candle and it equals the undisturbed run's; alerts are equal.
"""

import argparse
import sys

import duckdb

CANDLE_COLUMNS = (
    "open, high, low, close, volume, quote_volume, vwap, trade_count, taker_buy_volume,"
    " taker_sell_volume, first_trade_time, last_trade_time"
)
ALERT_COLUMNS = (
    "alert_id, exchange, symbol, from_price, from_time, to_price, to_time, drop_pct,"
    " threshold_pct, window_start, window_end"
)


def table(lake, name):
    return f"read_parquet('{lake}/{name}/**/*.parquet', union_by_name = true, hive_partitioning = false)"


def has_files(con, lake, name):
    return con.execute(f"select count(*) from glob('{lake}/{name}/**/*.parquet')").fetchone()[0] > 0


def offsets(con, lake, topic):
    parts = []
    for name in ("trades", "dead_letters"):
        if has_files(con, lake, name):
            parts.append(
                f"select kafka_partition as p, kafka_offset as o from {table(lake, name)}"
                f" where kafka_topic = '{topic}' and kafka_offset is not null"
            )
    return " union all ".join(parts) if parts else "select null::bigint as p, null::bigint as o where false"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lake", required=True, help="the disturbed run's lake")
    ap.add_argument("--reference", required=True, help="the undisturbed run's lake")
    ap.add_argument("--records", type=int, required=True, help="records published to the topic")
    ap.add_argument("--topic", default="crypto.trades.v1")
    a = ap.parse_args()
    con = duckdb.connect()
    rows = []
    failed = False

    def check(name, value, ok, expected=""):
        nonlocal failed
        rows.append((name, value, expected, "ok" if ok else "DIFFERENT"))
        failed |= not ok

    con.execute(f"create view ref_offsets as {offsets(con, a.reference, a.topic)}")
    con.execute(f"create view run_offsets as {offsets(con, a.lake, a.topic)}")
    ref_distinct = con.execute("select count(*) from (select distinct p, o from ref_offsets)").fetchone()[0]
    check("input records in the undisturbed lake", ref_distinct, ref_distinct == a.records, a.records)
    run_rows, run_distinct = con.execute(
        "select count(*), count(distinct (p, o)) from run_offsets"
    ).fetchone()
    missing = con.execute(
        "select count(*) from (select distinct p, o from ref_offsets"
        " except select distinct p, o from run_offsets)"
    ).fetchone()[0]
    check("Kafka offsets missing from the disturbed lake (lost)", missing, missing == 0, 0)
    check("raw rows written more than once (before dbt staging)", run_rows - run_distinct, True, "any")

    # The same stable keys as dbt staging: trades by (exchange, symbol, trade_id), dead letters by
    # their Kafka coordinates.
    def staged_trades(lake):
        return con.execute(
            f"select count(*) from (select distinct exchange, symbol, trade_id from {table(lake, 'trades')})"
        ).fetchone()[0]

    def staged_dead_letters(lake):
        if not has_files(con, lake, "dead_letters"):
            return 0
        return con.execute(
            f"select count(*) from (select distinct kafka_topic, kafka_partition, kafka_offset, stage"
            f" from {table(lake, 'dead_letters')})"
        ).fetchone()[0]

    ref_trades, run_trades = staged_trades(a.reference), staged_trades(a.lake)
    check("trades after staging de-duplication", run_trades, run_trades == ref_trades, ref_trades)
    ref_dl, run_dl = staged_dead_letters(a.reference), staged_dead_letters(a.lake)
    check("dead letters after staging de-duplication", run_dl, run_dl == ref_dl, ref_dl)

    def finals(lake):
        return (
            f"select distinct exchange, symbol, window_start, {CANDLE_COLUMNS}"
            f" from {table(lake, 'candles_1m')} where is_final"
        )

    con.execute(f"create view ref_final as {finals(a.reference)}")
    con.execute(f"create view run_final as {finals(a.lake)}")
    ref_windows = con.execute(
        "select count(distinct (exchange, symbol, window_start)) from ref_final"
    ).fetchone()[0]
    multi = con.execute(
        "select count(*) from (select exchange, symbol, window_start from run_final"
        " group by all having count(*) > 1)"
    ).fetchone()[0]
    check("windows with more than one distinct final candle", multi, multi == 0, 0)
    run_missing = con.execute(
        "select count(*) from (select * from ref_final except select * from run_final)"
    ).fetchone()[0]
    run_extra = con.execute(
        "select count(*) from (select * from run_final except select * from ref_final)"
    ).fetchone()[0]
    check(f"final candles missing or different (of {ref_windows} windows)", run_missing, run_missing == 0, 0)
    check("final candles the undisturbed run does not have", run_extra, run_extra == 0, 0)

    def alerts(lake):
        if not has_files(con, lake, "price_alerts"):
            return "select null as alert_id where false"
        return f"select distinct {ALERT_COLUMNS} from {table(lake, 'price_alerts')}"

    ref_alerts = con.execute(f"select count(*) from ({alerts(a.reference)})").fetchone()[0]
    alert_diff = con.execute(
        f"select count(*) from (({alerts(a.reference)} except {alerts(a.lake)})"
        f" union all ({alerts(a.lake)} except {alerts(a.reference)}))"
    ).fetchone()[0]
    check(f"price alerts different (of {ref_alerts})", alert_diff, alert_diff == 0, 0)

    width = max(len(r[0]) for r in rows)
    print(f"{'check'.ljust(width)}  {'value':>10}  {'expected':>10}  verdict")
    for name, value, expected, verdict in rows:
        print(f"{name.ljust(width)}  {value!s:>10}  {expected!s:>10}  {verdict}")
    print("reconciliation: " + ("DIFFERENCES FOUND" if failed else "identical"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
