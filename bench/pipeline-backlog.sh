#!/usr/bin/env bash
# Pipeline throughput on a backlog: N simulated records are put on Kafka first, then the pipeline
# (bundled jar, DirectRunner unless RUNNER is set) reads them all, writes the lake and drains.
# usage: bench/pipeline-backlog.sh [N=20000] [extra pipeline flags...]
source "$(dirname "$0")/lib.sh"
N=${1:-20000}; shift || true
start_broker
java -jar "$PRODUCERS_JAR" simulate --bootstrap-servers "$BOOTSTRAP" --rate 0 --max-records "$N" --duration 10m \
  2>/dev/null | grep '^simulator done'
t0=$(now)
java -Xmx3g -jar "$PIPELINE_JAR" --runner="${RUNNER:-DirectRunner}" --bootstrapServers="$BOOTSTRAP" \
  --lakePath="$WORK/lake" --drainWhenIdleFor=PT0S --lakeFlushInterval=PT5S --progressIntervalSeconds=2 "$@" \
  > "$WORK/pipeline.out" 2> "$WORK/pipeline.log"
t1=$(now)
grep '^final' "$WORK/pipeline.out" | cut -c1-160
python3 - "$WORK/pipeline.out" "$t0" "$t1" "$N" <<'PY'
import re, sys
lines = [l for l in open(sys.argv[1]) if l.startswith(("progress", "final"))]
reads = [int(re.search(r"records_read=(\d+)", l).group(1)) for l in lines]
t0, t1, n = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
# Steady state: from the first progress line that shows reading to the one that shows all read.
first = next((i for i, r in enumerate(reads) if r > 0), None)
last = next((i for i, r in enumerate(reads) if r >= n), None)
print(f"records={n} wall={t1 - t0:.1f}s (JVM start, expansion and the drain included)")
if first is not None and last is not None and last > first:
    secs = (last - first) * 2
    print(f"steady read rate ~= {(reads[last] - reads[first]) / secs:.0f} records/s over {secs}s (2 s progress ticks)")
PY
