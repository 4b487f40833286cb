#!/usr/bin/env bash
# Fault injection with reconciliation: the same Kafka backlog is run once undisturbed and once
# with kill -9 at random points, relaunched the documented way each time, then the two lakes are
# reconciled with DuckDB (bench/reconcile_lakes.py): every offset present, no duplicates after
# staging, one identical final candle per window, identical alerts. Exits 1 on any difference.
#
# usage: bench/fault-injection.sh [--records N] [--kills K] [--target flink|flink-cluster|direct]
#   flink          FlinkRunner, embedded cluster; kill -9 the whole pipeline process K times
#                  (each after a completed checkpoint) and relaunch with the same --checkpointDir
#   flink-cluster  FlinkRunner on a session cluster of separate processes (1 JobManager,
#                  2 TaskManagers); kill -9 one TaskManager K times; the job restarts in place
#   direct         DirectRunner (no durable state); kill -9 K times after lake files appear
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RECORDS=1000000; KILLS=3; TARGET=flink; TRADE_RATE=1000
while [ $# -gt 0 ]; do
  case "$1" in
    --records) RECORDS=$2; shift 2 ;;
    --kills) KILLS=$2; shift 2 ;;
    --target) TARGET=$2; shift 2 ;;
    --trade-rate) TRADE_RATE=$2; shift 2 ;;
    *) echo "unknown flag $1" >&2; exit 2 ;;
  esac
done
PY=${PYTHON:-$ROOT/dbt/.venv/bin/python}
"$PY" -c 'import duckdb' 2>/dev/null || { echo "needs DuckDB for Python: run 'make dbt-venv' (or set PYTHON)" >&2; exit 2; }
t_start=$(now)
CLUSTER_DIR=
# shellcheck disable=SC2329  # invoked by the EXIT trap below
cleanup() {
  [ -n "$CLUSTER_DIR" ] && "$ROOT/platform/flink-session-cluster.sh" stop "$CLUSTER_DIR" >/dev/null 2>&1 || true
  stop_broker
}
trap cleanup EXIT

start_broker
# Trade times advance at TRADE_RATE per second of trade time, ending about now: a backlog of
# RECORDS covers RECORDS / TRADE_RATE seconds of candles, however fast it is published.
span=$((RECORDS / TRADE_RATE + 60))
trade_start=$(date -u -d "@$(( $(date +%s) - span ))" +%Y-%m-%dT%H:%M:%SZ)
java -jar "$PRODUCERS_JAR" simulate --bootstrap-servers "$BOOTSTRAP" --rate 0 --max-records "$RECORDS" \
  --duration 30m --trade-time-start "$trade_start" --trade-rate "$TRADE_RATE" 2>/dev/null | grep '^simulator done'

case "$TARGET" in
  flink) RUNNER_ARGS=(--runner=FlinkRunner "--flinkMaster=[local]" --parallelism=2 --checkpointingInterval=3000) ;;
  flink-cluster)
    CLUSTER_DIR=$WORK/flink-cluster
    "$ROOT/platform/flink-session-cluster.sh" start "$CLUSTER_DIR" 2 2 | tee "$WORK/cluster.out"
    master=$(sed -n 's/.*master=\([^ ]*\).*/\1/p' "$WORK/cluster.out")
    RUNNER_ARGS=(--runner=FlinkRunner "--flinkMaster=$master" --parallelism=2 --checkpointingInterval=3000
      --stagePipelineJar=false --numberOfExecutionRetries=10) ;;
  direct) RUNNER_ARGS=(--runner=DirectRunner) ;;
  *) echo "unknown --target $TARGET" >&2; exit 2 ;;
esac

# One launch of the pipeline (its pid in $pid); the same arguments every time, as a user would relaunch it.
launch() {
  local name=$1
  java -Xmx3g -jar "$PIPELINE_JAR" "${RUNNER_ARGS[@]}" --bootstrapServers="$BOOTSTRAP" \
    --consumerGroup="$name" --lakePath="$WORK/$name/lake" --checkpointDir="$WORK/$name/checkpoints" \
    --drainWhenIdleFor=PT5S --lakeFlushInterval=PT2S --progressIntervalSeconds=2 \
    >> "$WORK/$name.out" 2>> "$WORK/$name.log" &
  pid=$!
}

completed_checkpoints() { { find "$WORK/$1/checkpoints" -name _metadata 2>/dev/null || true; } | wc -l; }
lake_files() { { find "$WORK/$1/lake" -name '*.parquet' 2>/dev/null || true; } | wc -l; }

echo "undisturbed run..."
t0=$(now); launch reference; wait "$pid" || { echo "the undisturbed run failed"; tail -5 "$WORK/reference.log"; exit 1; }
t1=$(now)
grep '^final' "$WORK/reference.out" | cut -c1-200

echo "disturbed run: $KILLS kill(s) of $TARGET..."
t2=$(now)
launch disturbed
for k in $(seq 1 "$KILLS"); do
  case "$TARGET" in
    flink|flink-cluster)
      before=$(completed_checkpoints disturbed)
      until [ "$(completed_checkpoints disturbed)" -gt "$before" ]; do
        kill -0 "$pid" 2>/dev/null || { echo "the pipeline ended before kill $k could happen: give it more --records" >&2; exit 1; }
        sleep 0.5
      done ;;
    direct)
      until [ "$(lake_files disturbed)" -gt 0 ]; do
        kill -0 "$pid" 2>/dev/null || { echo "the pipeline ended before kill $k could happen: give it more --records" >&2; exit 1; }
        sleep 0.5
      done ;;
  esac
  sleep "$(python3 -c 'import random; print(round(random.uniform(0.2, 3.0), 1))')"
  if [ "$TARGET" = flink-cluster ]; then
    "$ROOT/platform/flink-session-cluster.sh" kill-taskmanager "$CLUSTER_DIR" $(( (k % 2) + 1 ))
    sleep 3
    "$ROOT/platform/flink-session-cluster.sh" restart-taskmanager "$CLUSTER_DIR" $(( (k % 2) + 1 )) >/dev/null
  else
    kill -0 "$pid" 2>/dev/null || { echo "the pipeline ended before kill $k could happen: give it more --records" >&2; exit 1; }
    kill -9 "$pid"; wait "$pid" 2>/dev/null || true
    echo "kill $k: kill -9 after $(completed_checkpoints disturbed) completed checkpoint(s), $(lake_files disturbed) lake file(s); relaunching"
    launch disturbed
  fi
done
wait "$pid" || { echo "the disturbed run failed"; tail -5 "$WORK/disturbed.log"; exit 1; }
t3=$(now)
grep -E '^(flink (resuming|restored)|final)' "$WORK/disturbed.out" | cut -c1-200
if [ "$TARGET" = flink-cluster ]; then
  # The job must have been hit and restarted in place, not merely survived an idle TaskManager.
  restarts=$(sed -n 's/^final .* restarts=\([0-9]*\).*/\1/p' "$WORK/disturbed.out" | tail -1)
  [ "${restarts:-0}" -ge 1 ] || { echo "the job never restarted: the killed TaskManager ran none of its tasks" >&2; exit 1; }
fi

"$PY" "$ROOT/bench/reconcile_lakes.py" --lake "$WORK/disturbed/lake" --reference "$WORK/reference/lake" \
  --records "$RECORDS"
status=$?
python3 - "$t0" "$t1" "$t2" "$t3" "$t_start" <<PY
import sys
t0, t1, t2, t3, ts = map(float, sys.argv[1:])
print(f"target=$TARGET records=$RECORDS kills=$KILLS undisturbed={t1 - t0:.1f}s disturbed={t3 - t2:.1f}s total={t3 - ts:.1f}s")
PY
exit $status
