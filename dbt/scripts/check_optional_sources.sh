#!/usr/bin/env bash
# The optional lake tables (dead_letters, price_alerts, price_snapshots) must work both when
# their directory is absent and when it holds files. Builds <lake> as is (tables it lacks come
# out empty), then a copy of <lake> with a small price_alerts / price_snapshots fixture written
# with DuckDB COPY ... PARTITION_BY (dt, hour) using the raw column types, and checks the staging
# models de-duplicate it as documented. Exits non-zero on failure.
# Usage: scripts/check_optional_sources.sh <lake> [work dir]
set -euo pipefail
cd "$(dirname "$0")/.."
lake=$(realpath "$1")
work=${2:-$(mktemp -d)}
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
rm -rf "$work/lake-with-fixture" "$work/as-is.duckdb" "$work/fixture.duckdb"
mkdir -p "$work/lake-with-fixture"
for table in trades candles_1m dead_letters; do
  if [ -d "$lake/$table" ]; then ln -s "$lake/$table" "$work/lake-with-fixture/$table"; fi
done

.venv/bin/python - "$work/lake-with-fixture" <<'PY'
import sys, duckdb
out = sys.argv[1]
c = duckdb.connect()
c.sql("set TimeZone = 'UTC'")
partitions = "strftime(emitted_at, '%Y-%m-%d') as dt, strftime(emitted_at, '%H') as hour"
# Alert al-1 is written twice (a re-emission): staging keeps one row, the first emitted.
c.sql(f"""copy (select *, {partitions} from (values
  ('al-1', 'binance', 'BTC-USDT', 100.0::decimal(38,18), timestamptz '2026-01-01 10:03:30+00', 94.0::decimal(38,18),
   timestamptz '2026-01-01 10:05:10+00', 6.0::double, 5.0::double, timestamptz '2026-01-01 09:56:00+00',
   timestamptz '2026-01-01 10:06:00+00', timestamptz '2026-01-01 10:05:11+00'),
  ('al-1', 'binance', 'BTC-USDT', 100.0::decimal(38,18), timestamptz '2026-01-01 10:03:30+00', 94.0::decimal(38,18),
   timestamptz '2026-01-01 10:05:10+00', 6.0::double, 5.0::double, timestamptz '2026-01-01 09:56:00+00',
   timestamptz '2026-01-01 10:06:00+00', timestamptz '2026-01-01 11:00:01+00'),
  ('al-2', 'kraken', 'SOL-USD', 200.0::decimal(38,18), timestamptz '2026-01-01 09:58:00+00', 189.5::decimal(38,18),
   timestamptz '2026-01-01 09:59:59+00', 5.25::double, 5.0::double, timestamptz '2026-01-01 09:50:00+00',
   timestamptz '2026-01-01 10:00:00+00', timestamptz '2026-01-01 10:00:01+00')
) as t(alert_id, exchange, symbol, from_price, from_time, to_price, to_time, drop_pct, threshold_pct,
       window_start, window_end, emitted_at))
to '{out}/price_alerts' (format parquet, partition_by (dt, hour))""")
partitions = "strftime(ingest_time, '%Y-%m-%d') as dt, strftime(ingest_time, '%H') as hour"
# bitcoin is polled twice before CoinGecko refreshed it: staging keeps the first ingested copy.
c.sql(f"""copy (select *, {partitions} from (values
  ('bitcoin', 'usd', 91234.5::decimal(38,18), 1800000000000::decimal(38,18), 35000000000::decimal(38,18), -1.25::double,
   timestamptz '2026-01-01 10:04:00+00', timestamptz '2026-01-01 10:04:20+00', timestamptz '2026-01-01 10:04:21+00',
   'prices.coingecko.v1', 0::int, 10::bigint),
  ('bitcoin', 'usd', 91234.5::decimal(38,18), 1800000000000::decimal(38,18), 35000000000::decimal(38,18), -1.25::double,
   timestamptz '2026-01-01 10:04:00+00', timestamptz '2026-01-01 10:04:50+00', timestamptz '2026-01-01 10:04:51+00',
   'prices.coingecko.v1', 0::int, 11::bigint),
  ('ethereum', 'usd', 3012.75::decimal(38,18), null::decimal(38,18), null::decimal(38,18), null::double,
   timestamptz '2026-01-01 10:04:10+00', timestamptz '2026-01-01 10:04:20+00', timestamptz '2026-01-01 10:04:22+00',
   'prices.coingecko.v1', 1::int, 7::bigint)
) as t(coin_id, vs_currency, price, market_cap, volume_24h, change_24h_pct, last_updated_at, polled_at, ingest_time,
       kafka_topic, kafka_partition, kafka_offset))
to '{out}/price_snapshots' (format parquet, partition_by (dt, hour))""")
PY
# A writer's temporary directory must be ignored, as in the real lake.
mkdir -p "$work/lake-with-fixture/price_alerts/.temp-beam"

build() { LAKE_PATH=$1 DUCKDB_PATH=$2 .venv/bin/dbt build --profiles-dir . --target local --quiet; }
build "$lake" "$work/as-is.duckdb"
build "$work/lake-with-fixture" "$work/fixture.duckdb"

.venv/bin/python - "$work" "$lake" <<'PY'
import sys, os, duckdb
work, lake = sys.argv[1], sys.argv[2]
def rows(db, sql):
    c = duckdb.connect(db, read_only=True)
    c.sql("set TimeZone = 'UTC'")
    return c.sql(sql).fetchall()
failures = []
for table in ['price_alerts', 'price_snapshots']:
    n = rows(f"{work}/as-is.duckdb", f"select count(*) from stg_lake__{table}")[0][0]
    if not os.path.isdir(f"{lake}/{table}") and n != 0:
        failures.append(f"{table}: expected an empty staging model for a lake without it, got {n} rows")
alerts = rows(f"{work}/fixture.duckdb",
              "select alert_id, strftime(emitted_at, '%H:%M:%S'), to_price::varchar from stg_lake__price_alerts order by 1")
if alerts != [('al-1', '10:05:11', '94.000000000000000000'), ('al-2', '10:00:01', '189.500000000000000000')]:
    failures.append(f"price_alerts: {alerts}")
snaps = rows(f"{work}/fixture.duckdb",
             "select coin_id, kafka_offset, market_cap is null from stg_lake__price_snapshots order by 1")
if snaps != [('bitcoin', 10, False), ('ethereum', 7, True)]:
    failures.append(f"price_snapshots: {snaps}")
types = dict(rows(f"{work}/fixture.duckdb",
                  "select column_name, data_type from information_schema.columns where table_name = 'stg_lake__price_alerts'"))
empty_types = dict(rows(f"{work}/as-is.duckdb",
                        "select column_name, data_type from information_schema.columns where table_name = 'stg_lake__price_alerts'"))
if types != empty_types:
    failures.append(f"column types differ between the empty and the fixture build: {empty_types} vs {types}")
print("\n".join(failures) if failures else "optional sources: empty and populated paths OK")
sys.exit(1 if failures else 0)
PY
