"""Spreads a (short) lake over twelve days, for checking the bounded incremental runs.

Writes <out>/full (the whole lake), <out>/part (what was ingested before the cut) and
<out>/early (what was ingested in the first five days: a warehouse that stopped days before the
window, for the failure paths) and prints
the dbt vars of an incremental run "now" (partition_window_as_of) with a three-day partition
window and a two-day maximum trade age, so that the window starts inside the data:

  - day d (0..11) replays the source's trades and dead letters from 23:56 on day d when d is odd
    (the replay crosses midnight), from 12:00 when d is even (so the hours after the window's
    start, midnight after day 8, are quiet: the staleness there comes from before the window),
    trade ids and Kafka offsets made unique per day, ingested 2 s
    after the trade (dead letters fail at the replayed time);
  - one instrument pauses from day 2 to day 10 (its last trade before the window is days old:
    price intervals and volatility must carry it into the window) and trades again on day 11;
  - a trade of that instrument at exactly the window's start, ingested at the cut (two days
    late: the maximum trade age, at both ends of the window);
  - another instrument's trades of days 9 and 10 (the window's first two days) are ingested
    again after the cut (new trade ids: trades that land in old windows inside the window);
  - candles_1m holds one empty file (the stream's candles are not replayed).

The cut is the start of the processing window (the last day): everything ingested after it is
at most two days old and inside the partition window, the assumption the bounded runs make.

Usage: multiday_lake.py <source lake> <out dir>
"""

import datetime
import pathlib
import sys

import duckdb

DAYS = 12
LOOKBACK_DAYS = 3
MAX_TRADE_AGE_DAYS = 2


def main() -> None:
    source, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    c = duckdb.connect()
    c.sql("set time zone 'UTC'")

    def read(table: str) -> str:
        return f"read_parquet('{source}/{table}/dt=*/hour=*/*.parquet', hive_partitioning = true)"

    day0 = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    as_of_day = day0 + datetime.timedelta(days=DAYS)
    window_start = as_of_day - datetime.timedelta(days=LOOKBACK_DAYS)
    cut = as_of_day - datetime.timedelta(days=LOOKBACK_DAYS - MAX_TRADE_AGE_DAYS)
    paused = c.sql(f"select min(symbol) from {read('trades')}").fetchone()[0]
    late = c.sql(f"select max(symbol) from {read('trades')}").fetchone()[0]

    def replay_day(day: datetime.datetime) -> str:
        return f"timestamptz '{day.isoformat()}'"

    replay = (
        f"timestamptz '{day0.isoformat()}' + to_days(d)"
        " + case when d % 2 = 1 then interval 23 hour + interval 56 minute else interval 12 hour end"
    )

    c.sql(f"""
        create table trades as
        with base as (
            select * exclude (dt, hour), trade_time - min(trade_time) over () as offset_in_replay
            from {read("trades")}
        ),
        replayed as (
            select base.* exclude (trade_id, kafka_offset, trade_time, ingest_time, offset_in_replay),
                trade_id || '-d' || d as trade_id, kafka_offset + d * 1000000 as kafka_offset,
                {replay} + offset_in_replay as trade_time,
                {replay} + offset_in_replay + interval 2 second as ingest_time
            from base cross join range({DAYS}) as days(d)
            where symbol != '{paused}' or d in (0, 1, {DAYS - 1})
        ),
        late_copies as (
            select * replace (trade_id || '-late' as trade_id, kafka_offset + 500000 as kafka_offset,
                              timestamptz '{cut.isoformat()}' + interval 10 minute as ingest_time)
            from replayed
            where symbol = '{late}'
                and date_trunc('day', trade_time - interval 23 hour) = {replay_day(window_start)}
        ),
        at_window_start as (
            select * replace ('window-start' as trade_id, 999999999 as kafka_offset,
                              timestamptz '{window_start.isoformat()}' as trade_time,
                              timestamptz '{cut.isoformat()}' as ingest_time)
            from replayed
            where symbol = '{paused}'
            limit 1
        )
        select * from replayed
        union all select * from late_copies
        union all select * from at_window_start
    """)
    c.sql(f"""
        create table dead_letters as
        with base as (
            select * exclude (dt, hour), failed_at - min(failed_at) over () as offset_in_replay
            from {read("dead_letters")}
        )
        select base.* exclude (kafka_offset, failed_at, offset_in_replay),
            kafka_offset + d * 1000000 as kafka_offset, {replay} + offset_in_replay as failed_at
        from base cross join range({DAYS}) as days(d)
    """)
    c.sql(f"create table candles_1m as select * exclude (dt, hour) from {read('candles_1m')} where false")

    early = day0 + datetime.timedelta(days=5)
    for name, condition in [
        ("full", "true"),
        ("part", f"{{column}} < timestamptz '{cut.isoformat()}'"),
        ("early", f"{{column}} < timestamptz '{early.isoformat()}'"),
    ]:
        lake = out / name
        lake.mkdir(parents=True, exist_ok=True)
        for table, column in [("trades", "ingest_time"), ("dead_letters", "failed_at")]:
            where = condition.format(column=column)
            c.sql(f"""copy (select *, cast({column} as date) as dt, hour({column}) as hour
                            from {table} where {where})
                      to '{lake}/{table}' (format parquet, partition_by (dt, hour), overwrite_or_ignore)""")
        empty = lake / "candles_1m" / "dt=2026-01-01" / "hour=0"
        empty.mkdir(parents=True, exist_ok=True)
        c.sql(f"copy candles_1m to '{empty}/empty.parquet' (format parquet)")

    after_cut = f"ingest_time >= timestamptz '{cut.isoformat()}'"
    day_late = f"trade_time < timestamptz '{(cut - datetime.timedelta(days=1)).isoformat()}'"
    counts = c.sql(f"""select count(*), count(*) filter (where {after_cut}),
                              count(*) filter (where {after_cut} and {day_late})
                       from trades""").fetchone()
    print(
        f"multi-day lake: {counts[0]} trades over {DAYS} days, "
        f"{counts[1]} ingested after the cut {cut:%Y-%m-%d %H:%M}, "
        f"{counts[2]} of them more than a day late; {paused} pauses from day 2 to day {DAYS - 2}",
        file=sys.stderr,
    )
    as_of = c.sql("select max(ingest_time) from trades").fetchone()[0]
    print(
        f"partition_window_as_of: '{as_of:%Y-%m-%d %H:%M:%S}', partition_lookback_days: {LOOKBACK_DAYS}, "
        f"max_trade_age_days: {MAX_TRADE_AGE_DAYS}"
    )


if __name__ == "__main__":
    main()
