"""End-to-end check of the batch layer on a small synthetic lake (DuckDB target), run by `make test`.

The lake holds what a real one can: 18-decimal quantities and a 20-digit price, trades that
reached the pipeline after their window had closed (so the stream's final candle misses them),
and rows a relaunched pipeline wrote twice (trades, dead letters, candles, alerts). The stream's
candles are computed here independently with Python's decimal module (HALF_EVEN, like the Java
pipeline). Then:
  1. `dbt build` (seeds, snapshot, every model, data and unit tests) must pass;
  2. fct_candles_1m must carry the exact quote volume / VWAP and say which windows it corrected;
  3. a final stream candle that its trades do not explain must fail the stream test;
  4. a window finalised differently by two launches must fail the staging test.

Usage (from dbt/): .venv/bin/python scripts/check_batch_layer.py
"""

import os
import pathlib
import sys
import tempfile
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Decimal, getcontext

import duckdb
from dbt.cli.main import dbtRunner

getcontext().prec = 120
E18 = Decimal("1e-18")
T0 = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)

TRADE_COLUMNS = [
    "exchange",
    "symbol",
    "trade_id",
    "price",
    "quantity",
    "side",
    "trade_time",
    "received_at",
    "source",
    "schema_version",
    "ingest_time",
    "kafka_topic",
    "kafka_partition",
    "kafka_offset",
]


def trades():
    """(trade, arrived_after_close) for three windows of one instrument and one of another."""
    rows = []
    offset = 0

    def add(symbol, trade_id, price, quantity, side, second, ingest_delay_s, late=False):
        nonlocal offset
        offset += 1
        traded = T0 + timedelta(seconds=second)
        rows.append(
            (
                {
                    "exchange": "binance",
                    "symbol": symbol,
                    "trade_id": trade_id,
                    "price": Decimal(price),
                    "quantity": Decimal(quantity),
                    "side": side,
                    "trade_time": traded,
                    "received_at": traded,
                    "source": "ws",
                    "schema_version": 1,
                    "ingest_time": traded + timedelta(seconds=ingest_delay_s),
                    "kafka_topic": "crypto.trades.v1",
                    "kafka_partition": 0,
                    "kafka_offset": offset,
                },
                late,
            )
        )

    # 10:00: 18-decimal quantities; products need 36 decimals.
    add("ETH-USDT", "101", "376659.821599742939", "0.123456789012345678", "buy", 1, 1)
    add("ETH-USDT", "102", "376660.5", "0.987654321098765432", "sell", 20, 1)
    add("ETH-USDT", "103", "376658.000000000000000001", "1.000000000000000001", "unknown", 59, 1)
    # 10:01: the last-ingested trade arrived four hours later (a REST backfill): beyond lateness.
    add("ETH-USDT", "104", "376700", "0.5", "buy", 61, 1)
    add("ETH-USDT", "105", "376650.25", "0.25", "sell", 90, 1)
    add("ETH-USDT", "106", "376500", "2.000000000000000003", "sell", 75, 4 * 3600, late=True)
    # 10:02: two trades missed by the stream, one of them would have been the window's open.
    add("ETH-USDT", "107", "376800", "0.1", "buy", 150, 1)
    add("ETH-USDT", "108", "376900", "0.2", "buy", 121, 3 * 3600, late=True)
    add("ETH-USDT", "109", "376400", "0.3", "sell", 170, 3 * 3600 + 5, late=True)
    # A 20-integer-digit price times a tiny quantity (the contract's large-magnitude edge).
    add("SHIB-USDT", "1", "12345678901234567890.123456789012345678", "0.000001000000000001", "buy", 5, 1)
    add("SHIB-USDT", "2", "12345678901234567890.5", "0.000000000000000003", "sell", 6, 1)
    return rows


def candle(window_trades):
    ordered = sorted(window_trades, key=lambda t: (t["trade_time"], int(t["trade_id"])))
    volume = sum(t["quantity"] for t in ordered)
    quote = sum(t["price"] * t["quantity"] for t in ordered)
    return {
        "open": ordered[0]["price"],
        "high": max(t["price"] for t in ordered),
        "low": min(t["price"] for t in ordered),
        "close": ordered[-1]["price"],
        "volume": volume,
        "quote_volume": quote.quantize(E18, ROUND_HALF_EVEN),
        "vwap": (quote / volume).quantize(E18, ROUND_HALF_EVEN),
        "trade_count": len(ordered),
        "taker_buy_volume": sum((t["quantity"] for t in ordered if t["side"] == "buy"), Decimal(0)),
        "taker_sell_volume": sum((t["quantity"] for t in ordered if t["side"] == "sell"), Decimal(0)),
        "first_trade_time": ordered[0]["trade_time"],
        "last_trade_time": ordered[-1]["trade_time"],
    }


def window_of(t):
    return (t["symbol"], t["trade_time"].replace(second=0, microsecond=0))


def stream_candles(rows):
    """Final candles as the stream emits them: over the trades that arrived before the window closed."""
    seen = {}
    for t, late in rows:
        if not late:
            seen.setdefault(window_of(t), []).append(t)
    out = []
    for (symbol, start), window_trades in sorted(seen.items()):
        c = candle(window_trades)
        c.update(
            {
                "exchange": "binance",
                "symbol": symbol,
                "window_start": start,
                "window_end": start + timedelta(minutes=1),
                "pane_timing": "ON_TIME",
                "pane_index": 1,
                "is_final": True,
                "emitted_at": start + timedelta(minutes=11),
            }
        )
        out.append(c)
    return out


def write_table(con, lake, table, rows, columns, types, file_name):
    """Writes rows as one Parquet file under <lake>/<table>/dt=/hour= of the first row's time."""
    if not rows:
        return
    con.execute(f"create or replace temp table staged ({', '.join(f'{c} {types[c]}' for c in columns)})")
    con.executemany(
        f"insert into staged values ({', '.join('?' for _ in columns)})",
        [[(str(r[c]) if isinstance(r[c], Decimal) else r[c]) for c in columns] for r in rows],
    )
    directory = lake / table / "dt=2026-01-05" / "hour=10"
    directory.mkdir(parents=True, exist_ok=True)
    con.execute(f"copy staged to '{directory / file_name}' (format parquet)")


AMOUNT = "decimal(38, 18)"
TS = "timestamptz"
TRADE_TYPES = {c: "varchar" for c in TRADE_COLUMNS} | {
    "price": AMOUNT,
    "quantity": AMOUNT,
    "trade_time": TS,
    "received_at": TS,
    "ingest_time": TS,
    "schema_version": "integer",
    "kafka_partition": "integer",
    "kafka_offset": "bigint",
}
CANDLE_COLUMNS = [
    "exchange",
    "symbol",
    "window_start",
    "window_end",
    "open",
    "high",
    "low",
    "close",
    "volume",
    "quote_volume",
    "vwap",
    "trade_count",
    "taker_buy_volume",
    "taker_sell_volume",
    "first_trade_time",
    "last_trade_time",
    "pane_timing",
    "pane_index",
    "is_final",
    "emitted_at",
]
CANDLE_TYPES = {c: AMOUNT for c in CANDLE_COLUMNS} | {
    "exchange": "varchar",
    "symbol": "varchar",
    "window_start": TS,
    "window_end": TS,
    "trade_count": "bigint",
    "first_trade_time": TS,
    "last_trade_time": TS,
    "pane_timing": "varchar",
    "pane_index": "bigint",
    "is_final": "boolean",
    "emitted_at": TS,
}
DEAD_LETTER_COLUMNS = [
    "reason_code",
    "message",
    "payload",
    "payload_base64",
    "kafka_topic",
    "kafka_partition",
    "kafka_offset",
    "kafka_key",
    "kafka_timestamp",
    "stage",
    "failed_at",
    "stack_trace",
]
DEAD_LETTER_TYPES = {c: "varchar" for c in DEAD_LETTER_COLUMNS} | {
    "kafka_partition": "integer",
    "kafka_offset": "bigint",
    "kafka_timestamp": TS,
    "failed_at": TS,
}


def build_lake(lake: pathlib.Path, con):
    rows = trades()
    plain = [t for t, _ in rows]
    write_table(con, lake, "trades", plain, TRADE_COLUMNS, TRADE_TYPES, "part-launch1.parquet")
    # The relaunch re-read the first five Kafka records and wrote them again, an hour later.
    again = [dict(t, ingest_time=t["ingest_time"] + timedelta(hours=1)) for t in plain[:5]]
    write_table(con, lake, "trades", again, TRADE_COLUMNS, TRADE_TYPES, "part-launch2.parquet")

    finals = stream_candles(rows)
    write_table(con, lake, "candles_1m", finals, CANDLE_COLUMNS, CANDLE_TYPES, "part-launch1.parquet")
    # The relaunch finalised the first window again (same content, pane_index from 0) and wrote an
    # early pane of the second one.
    relaunch = [
        dict(finals[0], pane_index=0, emitted_at=finals[0]["emitted_at"] + timedelta(hours=1)),
        dict(
            finals[1],
            pane_index=0,
            is_final=False,
            pane_timing="EARLY",
            trade_count=1,
            emitted_at=finals[1]["emitted_at"] + timedelta(hours=1),
        ),
    ]
    write_table(con, lake, "candles_1m", relaunch, CANDLE_COLUMNS, CANDLE_TYPES, "part-launch2.parquet")

    dead = {
        "reason_code": "MALFORMED_JSON",
        "message": "not JSON",
        "payload": "{",
        "payload_base64": None,
        "kafka_topic": "crypto.trades.v1",
        "kafka_partition": 0,
        "kafka_offset": 99,
        "kafka_key": None,
        "kafka_timestamp": T0,
        "stage": "parse",
        "failed_at": T0 + timedelta(seconds=2),
        "stack_trace": None,
    }
    write_table(
        con, lake, "dead_letters", [dead], DEAD_LETTER_COLUMNS, DEAD_LETTER_TYPES, "part-launch1.parquet"
    )
    write_table(
        con,
        lake,
        "dead_letters",
        [dict(dead, failed_at=T0 + timedelta(hours=1))],
        DEAD_LETTER_COLUMNS,
        DEAD_LETTER_TYPES,
        "part-launch2.parquet",
    )
    return rows, finals


def dbt(*args) -> bool:
    result = dbtRunner().invoke([*args, "--profiles-dir", ".", "--target", "local", "--quiet"])
    return result.success


def main() -> int:
    failures = []
    with tempfile.TemporaryDirectory() as work:
        lake = pathlib.Path(work) / "lake"
        os.environ["LAKE_PATH"] = str(lake)
        os.environ["DUCKDB_PATH"] = str(pathlib.Path(work) / "warehouse.duckdb")
        os.environ["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
        con = duckdb.connect()
        con.execute("set TimeZone = 'UTC'")
        rows, finals = build_lake(lake, con)

        if not dbt("build"):
            return fail(["dbt build failed on a lake with too-late trades and relaunch copies"])

        warehouse = duckdb.connect(os.environ["DUCKDB_PATH"])
        warehouse.execute("set TimeZone = 'UTC'")
        got = {
            (r[0], r[1]): r[2:]
            for r in warehouse.execute(
                "select symbol, window_start, quote_volume, vwap, trade_count, stream_final_trade_count,"
                " trades_missed_by_stream from fct_candles_1m"
            ).fetchall()
        }
        windows = {}
        for t, late in rows:
            windows.setdefault(window_of(t), []).append((t, late))
        for key, members in sorted(windows.items()):
            expected = candle([t for t, _ in members])
            missed = sum(1 for _, late in members if late)
            want = (
                expected["quote_volume"],
                expected["vwap"],
                expected["trade_count"],
                expected["trade_count"] - missed,
                missed,
            )
            have = got.get(key)
            if have is None or tuple(have) != want:
                failures.append(f"fct_candles_1m {key}: expected {want}, got {have}")
        dedup = warehouse.execute(
            "select (select count(*) from stg_lake__trades), (select count(*) from stg_lake__dead_letters),"
            " (select count(*) from stg_lake__candles_1m)"
        ).fetchone()
        if dedup != (len(rows), 1, len(finals)):
            failures.append(
                f"staging row counts (trades, dead letters, candles) {dedup}, "
                f"expected {(len(rows), 1, len(finals))}"
            )
        warehouse.close()

        # A final candle its trades do not explain: one unit of 1e-18 more volume in the corrected window.
        wrong = [
            dict(
                finals[1],
                volume=finals[1]["volume"] + E18,
                emitted_at=finals[1]["emitted_at"] + timedelta(hours=2),
            )
        ]
        write_table(con, lake, "candles_1m", wrong, CANDLE_COLUMNS, CANDLE_TYPES, "part-wrong.parquet")
        if dbt("test", "--select", "assert_fct_candles_1m_matches_final_stream_candles"):
            failures.append("the stream test passed on a final candle its trades do not explain")
        if dbt("test", "--select", "stg_lake__candles_1m,test_name:at_most"):
            failures.append("the staging test passed on a window finalised differently by two launches")
    return fail(failures)


def fail(failures: list[str]) -> int:
    for failure in failures:
        print("FAIL:", failure)
    if not failures:
        print(
            "batch layer check passed: dbt build green with too-late trades and relaunch copies; "
            "exact quote volume / VWAP; corrections labelled; both failure paths detected"
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
