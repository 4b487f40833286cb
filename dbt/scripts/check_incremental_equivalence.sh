#!/usr/bin/env bash
# Incremental runs must give the same rows as a full build.
# 1. Builds <lake> in one go, and separately builds the part of <lake> ingested before the 60th
#    percentile of ingest_time and then the whole lake with NO look-back margin (so only the
#    ingest-time rule can pick up late trades), then compares the incremental models and their
#    dependants row for row.
# 2. The bounded BigQuery runs, on DuckDB: spreads <lake> over twelve days (scripts/multiday_lake.py:
#    a paused instrument, a trade at the window's very start, trades a day and two days late),
#    builds it in one go, and separately its part ingested before the last day and then the whole
#    lake with var partition_window_as_of set, so every incremental read is cut at the partition
#    window exactly as on BigQuery; compares again. Then the failure paths: a warehouse that
#    stopped days before the window, and a newest trade too old for market_summary's 24 h figures.
# Exits non-zero on any difference.
# Usage: scripts/check_incremental_equivalence.sh <lake> [work dir]
set -euo pipefail
cd "$(dirname "$0")/.."
lake=$(realpath "$1")
work=${2:-$(mktemp -d)}
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
rm -rf "$work/full.duckdb" "$work/incremental.duckdb" "$work/lake-part"
mkdir -p "$work/lake-part"

.venv/bin/python - "$lake" "$work/lake-part" <<'PY'
import sys, duckdb
lake, part = sys.argv[1], sys.argv[2]
c = duckdb.connect()
trades = f"read_parquet('{lake}/trades/dt=*/hour=*/*.parquet', hive_partitioning = true)"
cut = c.sql(f"select quantile_disc(ingest_time, 0.6) from {trades}").fetchone()[0]
late = c.sql(f"""select count(*) from {trades} where ingest_time >= '{cut}' and date_trunc('minute', trade_time)
                 <= (select max(date_trunc('minute', trade_time)) from {trades} where ingest_time < '{cut}')""").fetchone()[0]
print(f"cut at ingest_time {cut}; {late} later trades fall into windows built before the cut")
for table, column in [('trades', 'ingest_time'), ('candles_1m', 'emitted_at'), ('dead_letters', 'failed_at')]:
    src = f"read_parquet('{lake}/{table}/dt=*/hour=*/*.parquet', hive_partitioning = true)"
    if not c.sql(f"select count(*) from glob('{lake}/{table}/dt=*/hour=*/*.parquet')").fetchone()[0]:
        continue
    c.sql(f"copy (select * from {src} where {column} < '{cut}') to '{part}/{table}' (format parquet, partition_by (dt, hour))")
PY

build() { LAKE_PATH=$1 DUCKDB_PATH=$2 .venv/bin/dbt build --profiles-dir . --target local --quiet "${@:3}"; }
# Every model an incremental run can change, and the tables built from them.
models=(stg_lake__trades stg_lake__dead_letters int_trades_daily int_dead_letters_daily fct_candles_1m fct_order_flow_1m fct_candles_1h
  fct_candles_by_interval fct_price_intervals fct_realized_volatility market_summary fct_price_drop_alerts
  fct_ingestion_latency_1m fct_dead_letter_rate_5m fct_pipeline_health_5m fct_dead_letters_by_reason dim_time_minute)
compare() {
  .venv/bin/python - "$1" "$2" "${models[@]}" <<'PY'
import sys, duckdb
full, incremental, tables = sys.argv[1], sys.argv[2], sys.argv[3:]
c = duckdb.connect()
c.sql(f"attach '{full}' as full_build (read_only)")
c.sql(f"attach '{incremental}' as incremental (read_only)")
# symbol_version_id hashes the snapshot's run time, which differs between the two warehouses.
columns = "* exclude (symbol_version_id)"
failed = False
for t in tables:
    cols = columns if t == 'fct_candles_1m' else '*'
    a = c.sql(f"select count(*) from (select {cols} from full_build.{t} except all select {cols} from incremental.{t})").fetchone()[0]
    b = c.sql(f"select count(*) from (select {cols} from incremental.{t} except all select {cols} from full_build.{t})").fetchone()[0]
    n = c.sql(f"select count(*) from full_build.{t}").fetchone()[0]
    print(f"  {t}: {n} rows, only in full build {a}, only in incremental {b}")
    failed |= a > 0 or b > 0 or (n == 0 and t != 'fct_price_drop_alerts')
sys.exit(1 if failed else 0)
PY
}

# A low alert threshold (default 5 %), so that simulated prices raise price-drop alerts to compare;
# the alerts' unit test expects the default threshold, so it is left out of these builds.
alerts='price_drop_threshold_pct: 0.5'
unit=unit_test:fct_price_drop_alerts_threshold_window_and_episode
build "$lake" "$work/full.duckdb" --vars "{$alerts}" --exclude "$unit"
# The stream-candle comparison needs whole windows; the partial lake cuts some in half.
build "$work/lake-part" "$work/incremental.duckdb" --vars "{$alerts}" \
  --exclude "$unit" assert_fct_candles_1m_matches_final_stream_candles
build "$lake" "$work/incremental.duckdb" --vars "{$alerts, late_data_lookback_minutes: 0}" --exclude "$unit"
build "$lake" "$work/incremental.duckdb" --vars "{$alerts, late_data_lookback_minutes: 0}" --exclude "$unit"
echo "look-back runs:"
compare "$work/full.duckdb" "$work/incremental.duckdb"

rm -rf "$work/multiday" "$work/multiday-full.duckdb" "$work/multiday-incremental.duckdb"
window=$(.venv/bin/python scripts/multiday_lake.py "$lake" "$work/multiday")
build "$work/multiday/full" "$work/multiday-full.duckdb" --vars "{$alerts}" --exclude "$unit"
build "$work/multiday/part" "$work/multiday-incremental.duckdb" --vars "{$alerts}" --exclude "$unit"
# Twice: the second run must change nothing. The unit tests' fixtures lie outside this window;
# they ran above.
for _ in 1 2; do
  build "$work/multiday/full" "$work/multiday-incremental.duckdb" \
    --vars "{$alerts, late_data_lookback_minutes: 0, $window}" --exclude-resource-type unit_test
done
echo "bounded runs ($window):"
compare "$work/multiday-full.duckdb" "$work/multiday-incremental.duckdb"

# Failure paths. A warehouse whose buckets stop days before the window: the spines cannot be
# continued without rewriting partitions outside it, so those two models must fail, saying so.
rm -f "$work/multiday-early.duckdb"
build "$work/multiday/early" "$work/multiday-early.duckdb" --vars "{$alerts}" --exclude "$unit"
expect_failure() {
  local message=$1
  shift
  if output=$(build "$@" 2>&1); then
    echo "expected a failure: $message"
    exit 1
  fi
  grep -q "$message" <<<"$output" || { echo "$output"; echo "missing: $message"; exit 1; }
  echo "  fails as expected: $message"
}
echo "failure paths:"
for model in dim_time_minute fct_pipeline_health_5m; do
  expect_failure "$model: the loaded buckets stop before the partition window" \
    "$work/multiday/full" "$work/multiday-early.duckdb" --select "+$model" --exclude-resource-type unit_test \
    --vars "{$alerts, $window}"
done
# A newest trade older than the window allows for the 24 h figures (now = a week after the data).
expect_failure "market_summary: the newest trade is older than the partition window allows" \
  "$work/multiday/full" "$work/multiday-incremental.duckdb" --select market_summary \
  --vars "{$alerts, partition_window_as_of: '2026-01-20 00:00:00', partition_lookback_days: 3}"
echo "incremental == full build"
