#!/usr/bin/env bash
# Pipeline throughput, one broker, one run, side by side (issue #10):
#   1. the read-and-parse ceiling: a plain kafka-clients consumer parsing each record with Jackson;
#   2. the DirectRunner on the same backlog, for at most DIRECT_SECONDS (from its lake when it
#      drains the backlog in time, else stopped and its rate taken from progress lines);
#   3. the FlinkRunner [local] with the recommended settings, reading the whole backlog and draining;
#   4. REPLAY_N simulated trades of one symbol (one busy day of trade time) through the main job on Flink, with
#      every (instrument, minute) checked for a final candle;
#   5. latency at a live-like LATENCY_RATE records/s: trade time -> Parquet file written, p50/p95/p99.
# Flink rates, start-up and drain come from the lake (ingest_time of every raw trade row, see
# lake_stats.py); peak heap from each JVM's GC log. Prints a table and, unless WRITE_DOC=0, puts
# it into docs/measurements.md. BASE_JAR=path adds rows for another pipeline build (before/after),
# BASE_FLINK_FLAGS="..." a Flink row with other settings, BASE_JAVA_FLAGS / JAVA_FLAGS="..." JVM
# flags added to the pipeline JVMs of the base rows / of the other rows (e.g. to compare JIT flags).
# usage: bench/throughput.sh [N=3000000]
source "$(dirname "$0")/lib.sh"
# A steady state needs tens of seconds: at 100,000 records/s a 300,000 backlog is gone in three,
# while the JIT is still compiling the job's hot code.
N=${1:-3000000}
REPLAY_N=${REPLAY_N:-3000000}
DIRECT_SECONDS=${DIRECT_SECONDS:-300}
LATENCY_RATE=${LATENCY_RATE:-500}
LATENCY_SECONDS=${LATENCY_SECONDS:-40}
FLUSH=${FLUSH:-PT5S}
# The recommended local Flink settings (the launcher's, see platform LocalRun: one subtask per two
# cores). FLINK_FLAGS="..." replaces them (e.g. to compare settings).
PARALLELISM=$(( $(nproc) / 2 )); [ "$PARALLELISM" -ge 1 ] || PARALLELISM=1
read -r -a FLINK_FLAGS <<< "${FLINK_FLAGS:---flinkMaster=[local] --parallelism=$PARALLELISM --checkpointingInterval=10000 --objectReuse=true}"
# The launcher's JVM flags (platform PipelineProcess: the parallel collector), for every JVM here.
JAVA_HEAP=${JAVA_HEAP:--Xmx3g -XX:+UseParallelGC}
PIPELINE_JAVA_FLAGS=${JAVA_FLAGS:-}
# How long a caught-up pipeline waits before it drains (--drainWhenIdleFor): none, as make run once
# its source has stopped; the backlogs are all on the broker before each pipeline starts.
DRAIN_IDLE=${DRAIN_IDLE:-PT0S}
# KEEP_DIR=path keeps each run's output, log and GC log there (the work directory is removed);
# with PROFILE=1 also a JFR recording of each pipeline run (jfr print --events jdk.ExecutionSample),
# with the JDK's "profile" settings or JFR_SETTINGS=file.jfc (e.g. to record every compilation).
KEEP_DIR=${KEEP_DIR:-}
PROFILE=${PROFILE:-0}
JFR_SETTINGS=${JFR_SETTINGS:-profile}
# CDS=1 (default) starts each pipeline JVM as make run does (platform ClassDataArchive): from a
# class-data archive of an earlier run of the same jar and runner, written (like the launcher's)
# from the classes one unmeasured run on a small backlog listed; CDS=0 starts every JVM cold.
CDS=${CDS:-1}
CDS_QUIET="-Xlog:cds=off,cds+dynamic=off" # as the launcher: CDS warnings change nothing
# RUNS="..." picks parts (default all): direct flink replay latency; the ceiling always runs.
RUNS=${RUNS:-direct flink replay latency}
wanted() { [[ " $RUNS " == *" $1 "* ]]; }

VENV=$ROOT/.local-run/bench-venv
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV" && "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/bench/requirements.txt"
fi

ROWS=()
row() { ROWS+=("$(printf '| %s ' "$@")|"); echo "${ROWS[-1]}"; }
# Peak heap in MiB: the largest "before" figure of any collection in a unified GC log.
peak_heap() { grep -o '[0-9]*M->[0-9]*M' "$1" | cut -dM -f1 | sort -n | tail -1 | sed 's/$/ MiB/;s/^ MiB$/no GC/'; }
val() { sed -n "s/.*\b$1=\([^ ]*\).*/\1/p" <<< "$2" | head -1; }
ratio() { python3 -c "import sys; a, b = sys.argv[1:]; print(f'{float(a) / float(b):.2f}x' if a.replace('.','',1).isdigit() and float(b) > 0 else 'n/a')" "$1" "$2"; }

topics=(--topic bench.backlog:6 --topic bench.replay:6 --topic bench.live:6 --topic bench.warmup:6)
start_broker "${topics[@]}"
echo "broker $BOOTSTRAP; load average $(cut -d' ' -f1-3 /proc/loadavg)"
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

simulate() { # topic, then simulator flags
  local topic=$1; shift
  java -Xmx2g -jar "$PRODUCERS_JAR" simulate --bootstrap-servers "$BOOTSTRAP" --topic "$topic" "$@" 2>/dev/null \
    | grep '^simulator done' || { echo "simulator failed" >&2; exit 1; }
}
simulate bench.backlog --rate 0 --max-records "$N" --duration 10m
[ "$CDS" = 0 ] || simulate bench.warmup --rate 0 --max-records 20000 --duration 10m
# The replay is one busy day of one symbol: REPLAY_N trades spread over yesterday's 24 hours of
# trade time (published as fast as possible), so event time runs through 1,440 candles.
REPLAY_DAY=$(date -u -d yesterday +%Y-%m-%dT00:00:00Z)
REPLAY_TRADE_RATE=$(python3 -c "print($REPLAY_N / 86400)")
wanted replay && simulate bench.replay --rate 0 --max-records "$REPLAY_N" --duration 30m --symbols binance:BTC-USDT \
  --trade-time-start "$REPLAY_DAY" --trade-rate "$REPLAY_TRADE_RATE"

# 1. The ceiling.
# shellcheck disable=SC2086  # JAVA_HEAP may hold several JVM flags
out=$(java $JAVA_HEAP -Xlog:gc:file="$WORK/ceiling.gc" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "$PIPELINE_JAR" "$ROOT/bench/ReadParseCeiling.java" "$BOOTSTRAP" bench.backlog "$N" | grep '^ceiling')
echo "$out"
CEILING=$(val steady_per_s "$out")
row "read + parse ceiling (kafka-clients + Jackson)" "$N" "$CEILING" "1.00x" "$(val first_record_ms "$out") ms" "-" "-" "$(peak_heap "$WORK/ceiling.gc")"

# Prefixes each line with the epoch time it was printed at.
stamp() { while IFS= read -r line; do echo "$EPOCHREALTIME $line"; done; }
# Starts the bundled pipeline in the background: label, jar, topic, run directory, then extra
# pipeline flags. Sets PID and T0 (launch, epoch seconds); stdout lines are time-stamped.
launch_pipeline() {
  local label=$1 jar=$2 topic=$3 dir=$4; shift 4
  mkdir -p "$dir"
  local jfr=()
  if [ "$PROFILE" = 1 ]; then
    [ -n "$KEEP_DIR" ] || { echo "PROFILE=1 needs KEEP_DIR" >&2; exit 2; }
    mkdir -p "$KEEP_DIR"
    jfr=("-XX:StartFlightRecording=filename=$KEEP_DIR/$label.jfr,settings=$JFR_SETTINGS")
  fi
  local cds=()
  if [ -n "${CLASS_LIST:-}" ]; then
    cds=(-XX:DumpLoadedClassList="$CLASS_LIST" "$CDS_QUIET")
  elif [ "$CDS" != 0 ]; then
    class_archive "$jar" "$@"
    [ ! -f "$ARCHIVE" ] || cds=(-XX:SharedArchiveFile="$ARCHIVE" "$CDS_QUIET")
  fi
  T0=$(now)
  echo "$T0" > "$dir/launched"
  # Log lines carry their time, so the phases of a start-up can be read from the kept log.
  # shellcheck disable=SC2086  # JAVA_HEAP may hold several JVM flags
  java $JAVA_HEAP $PIPELINE_JAVA_FLAGS "${jfr[@]}" "${cds[@]}" -Dorg.slf4j.simpleLogger.showDateTime=true \
    -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS -Xlog:gc:file="$dir/gc.log" -jar "$jar" --bootstrapServers="$BOOTSTRAP" --inputTopics="$topic" \
    --consumerGroup="bench-$label" --lakePath="$dir/lake" --drainWhenIdleFor="$DRAIN_IDLE" \
    --lakeFlushInterval="$FLUSH" --progressIntervalSeconds=2 "$@" > >(stamp > "$dir/pipeline.out") 2> "$dir/pipeline.log" &
  PID=$!
  BENCH_PIDS+=("$PID")
}
# Sets ARCHIVE to the class-data archive of a jar for the runner the pipeline flags name (jar, then
# the flags), written first, if missing, from the classes an unmeasured run of that jar and runner
# on the warm-up backlog loaded (as make run's first run after a build does).
class_archive() {
  local jar=$1; shift
  local runner=DirectRunner arg
  for arg in "$@"; do [[ $arg != --runner=* ]] || runner=${arg#--runner=}; done
  local archive
  archive=$WORK/cds/$(sha1sum <<< "$jar" | cut -c1-12)-$runner.jsa
  if [ ! -f "$archive" ]; then
    mkdir -p "$WORK/cds"
    local flags=(--runner="$runner") run=$WORK/cds/run-$RANDOM
    [ "$runner" != FlinkRunner ] || flags+=("${FLINK_FLAGS[@]}" --checkpointDir="$run/checkpoints")
    CLASS_LIST=$archive.classes launch_pipeline "archive-$runner-$RANDOM" "$jar" bench.warmup "$run" "${flags[@]}"
    if wait "$PID"; then
      local t; t=$(now)
      # The launcher's own dump (platform ClassDataArchive: which classes it leaves out, and why).
      java -cp "$PLATFORM_JAR" dev.cryptostream.platform.ClassDataArchive "$jar" "$archive.classes" "$archive" \
        > "$run/dump.log" 2>&1 || rm -f "$archive"
      echo "class-data archive for $runner: $(du -m "$archive" 2>/dev/null | cut -f1) MB, written in $(printf %.1f "$(echo "$(now) - $t" | bc)") s"
    fi
    [ -f "$archive" ] || echo "no class-data archive for $runner: its runs start without one" >&2
  fi
  ARCHIVE=$archive
}

# As launch_pipeline, and waits for the end: sets OUT (the final line) and T1 (exit, epoch seconds).
run_pipeline() {
  launch_pipeline "$@"
  wait "$PID" || { echo "$1: exit code $?; the end of its log:" >&2; grep -v '^\s*at ' "$4/pipeline.log" | tail -15 >&2; }
  T1=$(now)
  sleep 0.5 # the time-stamping reader finishes writing pipeline.out
  OUT=$(grep -o ' final.*' "$4/pipeline.out" | tail -1)
  keep "$1" "$4"
}
# Copies a run's output, log and GC log to KEEP_DIR/label.* when KEEP_DIR is set, and with
# KEEP_LAKES=1 its lake too (to compare two builds' outputs with bench/reconcile_lakes.py).
keep() {
  [ -n "$KEEP_DIR" ] || return 0
  mkdir -p "$KEEP_DIR"
  for f in launched pipeline.out pipeline.log gc.log; do cp "$2/$f" "$KEEP_DIR/$1.$f" 2>/dev/null || true; done
  [ "${KEEP_LAKES:-0}" != 1 ] || cp -r "$2/lake" "$KEEP_DIR/$1.lake"
}

# Figures of a run that ended, from its lake (see lake_stats.py): label, records, run directory.
lake_row() {
  local label=$1 n=$2 dir=$3
  local stats; stats=$("$VENV/bin/python" "$ROOT/bench/lake_stats.py" "$dir/lake" "$T0" "$T1")
  echo "$label: ${OUT:0:200}"
  echo "$label: wall=$(printf %.1f "$(echo "$T1 - $T0" | bc)")s $stats"
  local rate; rate=$(val steady_per_s "$stats")
  row "$label" "$n ($(val rows "$stats") trade rows, $(val windows_without_final "$stats") of $(val windows "$stats") windows without a final candle)" \
    "$rate" "$(ratio "$rate" "$CEILING")" "$(val startup_s "$stats") s" "$(val drain_s "$stats") s" \
    "$(printf %.1f "$(echo "$T1 - $T0" | bc)") s" "$(peak_heap "$dir/gc.log")"
}

# 2. DirectRunner on the backlog for at most DIRECT_SECONDS. A run that drains the backlog in time
# is measured from its lake as the Flink runs are; one that does not is stopped, and its steady
# rate taken between the first and the last progress line that show records read.
direct() { # label, jar, extra flags
  local label=$1 jar=$2; shift 2
  local dir=$WORK/$label
  launch_pipeline "$label" "$jar" bench.backlog "$dir" --runner=DirectRunner "$@"
  local waited=0
  while [ "$waited" -lt "$DIRECT_SECONDS" ] && kill -0 "$PID" 2>/dev/null; do sleep 1; waited=$((waited + 1)); done
  if ! kill -0 "$PID" 2>/dev/null; then
    wait "$PID" || echo "$label: exit code $?" >&2
    T1=$(now)
    sleep 0.5
    OUT=$(grep -o ' final.*' "$dir/pipeline.out" | tail -1)
    keep "$label" "$dir"
    lake_row "$label" "$N" "$dir"
    return
  fi
  kill "$PID"; wait "$PID" || true
  sleep 0.5
  keep "$label" "$dir"
  local stats
  stats=$(python3 - "$dir/pipeline.out" "$T0" <<'PY'
import re, sys
ticks = [(float(m.group(1)), int(m.group(2))) for l in open(sys.argv[1])
         if (m := re.match(r"(\S+) progress.*records_read=(\d+)", l))]
reading = [(t, r) for t, r in ticks if r > 0]
if len(reading) < 3:
    print("steady=n/a startup=n/a read=0")
else:
    (t0, r0), (t1, r1) = reading[0], reading[-1]
    print(f"steady={(r1 - r0) / (t1 - t0):.0f} startup={t0 - float(sys.argv[2]):.1f} read={r1}")
PY
)
  echo "$label: $stats"
  local rate; rate=$(val steady "$stats")
  row "$label, stopped after ${DIRECT_SECONDS} s" "$(val read "$stats") read" "$rate" "$(ratio "$rate" "$CEILING")" \
    "≤ $(val startup "$stats") s" "(stopped)" "-" "$(peak_heap "$dir/gc.log")"
}

# 3. and 4. Flink to the end of the backlog; figures from the lake.
flink() { # label, jar, topic, records, extra flags
  local label=$1 jar=$2 topic=$3 n=$4; shift 4
  local dir=$WORK/$label
  # Checkpoints to files, as make run keeps them (platform LocalRun).
  run_pipeline "$label" "$jar" "$topic" "$dir" --runner=FlinkRunner "${FLINK_FLAGS[@]}" \
    --checkpointDir="$dir/checkpoints" "$@"
  lake_row "$label" "$n" "$dir"
}

# A comparison first: another build (BASE_JAR) and/or other Flink settings (BASE_FLINK_FLAGS).
if [ -n "${BASE_JAR:-}${BASE_FLINK_FLAGS:-}${BASE_JAVA_FLAGS:-}" ]; then
  BASE_JAR=${BASE_JAR:-$PIPELINE_JAR}
  PIPELINE_JAVA_FLAGS=${BASE_JAVA_FLAGS:-}
  wanted direct && direct "direct-before" "$BASE_JAR"
  if wanted flink; then
    saved=("${FLINK_FLAGS[@]}")
    [ -z "${BASE_FLINK_FLAGS:-}" ] || read -r -a FLINK_FLAGS <<< "$BASE_FLINK_FLAGS"
    flink "flink-before" "$BASE_JAR" bench.backlog "$N"
    FLINK_FLAGS=("${saved[@]}")
  fi
  wanted replay && flink "flink-replay-$REPLAY_N-before" "$BASE_JAR" bench.replay "$REPLAY_N"
fi
PIPELINE_JAVA_FLAGS=${JAVA_FLAGS:-}
wanted direct && direct "direct" "$PIPELINE_JAR"
wanted flink && flink "flink" "$PIPELINE_JAR" bench.backlog "$N"
wanted replay && flink "flink-replay-$REPLAY_N" "$PIPELINE_JAR" bench.replay "$REPLAY_N"

if wanted latency; then
# 5. Latency: LATENCY_RATE records/s for LATENCY_SECONDS, started with the pipeline (no late trades:
# their trade time is in the past by design). Trades from before the pipeline's first ingested row
# plus LATENCY_WARMUP seconds (start-up backlog and catch-up) are not counted.
LATENCY_WARMUP=${LATENCY_WARMUP:-10}
dir=$WORK/latency
(simulate bench.live --rate "$LATENCY_RATE" --duration "${LATENCY_SECONDS}s" --late-fraction 0) > "$WORK/live.out" 2>&1 &
LIVE_PID=$!
BENCH_PIDS+=("$LIVE_PID")
# The feed is live: the pipeline drains once it has stopped (as make run's, on a signal file).
(while kill -0 "$LIVE_PID" 2>/dev/null; do sleep 0.2; done; touch "$WORK/live.stopped") &
run_pipeline latency "$PIPELINE_JAR" bench.live "$dir" --runner=FlinkRunner "${FLINK_FLAGS[@]}" \
  --drainSignalFile="$WORK/live.stopped"
wait "$LIVE_PID"
cat "$WORK/live.out"
stats=$("$VENV/bin/python" "$ROOT/bench/lake_stats.py" "$dir/lake" "$T0" "$T1" "$LATENCY_WARMUP")
echo "latency: $stats"
row "latency at $LATENCY_RATE records/s on Flink, lake flush $FLUSH" "$(val latency_rows "$stats") trades" "-" "-" "-" "-" \
  "p50 $(val p50_s "$stats") s, p95 $(val p95_s "$stats") s, p99 $(val p99_s "$stats") s (max $(val max_s "$stats") s)" \
  "$(peak_heap "$dir/gc.log")"

fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
TABLE=$(printf '%s\n' "| run | records | steady records/s | × ceiling | start-up | drain | wall / latency | peak heap |" \
  "|---|---|---|---|---|---|---|---|" "${ROWS[@]}")
echo
echo "$TABLE"
if [ "${WRITE_DOC:-1}" = 1 ]; then
  DOC=$ROOT/docs/measurements.md
  {
    echo "<!-- throughput:begin (written by bench/throughput.sh; do not edit by hand) -->"
    echo "\`bench/throughput.sh $N\`, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git -C "$ROOT" rev-parse --short HEAD)," \
      "Flink flags \`${FLINK_FLAGS[*]}\`, $JAVA_HEAP; load average $LOAD_BEFORE before, $LOAD_AFTER after."
    echo
    echo "$TABLE"
    echo "<!-- throughput:end -->"
  } > "$WORK/table.md"
  python3 - "$DOC" "$WORK/table.md" <<'PY'
import re, sys
doc, table = open(sys.argv[1]).read(), open(sys.argv[2]).read().rstrip("\n")
pattern = re.compile(r"<!-- throughput:begin.*?<!-- throughput:end -->", re.S)
if not pattern.search(doc):
    sys.exit("docs/measurements.md has no throughput:begin/end markers")
open(sys.argv[1], "w").write(pattern.sub(lambda m: table, doc))
PY
  echo "written to $DOC"
fi
