# shellcheck shell=bash
# Shared helpers for the benchmark scripts: jars, and a throwaway embedded broker.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p;T;q' "$ROOT/pom.xml")
# PIPELINE_JAR may be set to compare another build of the pipeline side by side.
PIPELINE_JAR=${PIPELINE_JAR:-$ROOT/pipelines/target/pipelines-$VERSION-bundled.jar}
PRODUCERS_JAR=$ROOT/producers/target/producers-$VERSION-bundled.jar
PLATFORM_JAR=$ROOT/platform/target/platform-$VERSION-bundled.jar
for jar in "$PIPELINE_JAR" "$PRODUCERS_JAR" "$PLATFORM_JAR"; do
  [ -f "$jar" ] || { echo "missing $jar: run 'make setup' first" >&2; exit 2; }
done
WORK=$(mktemp -d -t crypto-bench.XXXXXX)
BROKER_PID=
# Processes a script started in the background (pipelines, simulators): stopped with the broker.
BENCH_PIDS=()

stop_broker() {
  for pid in "${BENCH_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  if [ -n "$BROKER_PID" ]; then kill "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap stop_broker EXIT
trap 'exit 143' INT TERM

# Starts a broker on a free port and sets BOOTSTRAP. Arguments: --topic name:partitions ...
# (default: the trade topic with six partitions).
# shellcheck disable=SC2120  # topic arguments are optional (default: crypto.trades.v1 with 6 partitions)
start_broker() {
  local port
  local topics=("$@")
  [ ${#topics[@]} -gt 0 ] || topics=(--topic crypto.trades.v1:6)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  java -cp "$PLATFORM_JAR" dev.cryptostream.platform.EmbeddedKafkaBroker \
    --port "$port" --data-dir "$WORK/kafka" "${topics[@]}" > "$WORK/broker.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 1 120); do
    # shellcheck disable=SC2034  # BOOTSTRAP is read by the scripts that source this file
    grep -q '^READY' "$WORK/broker.log" && { BOOTSTRAP=127.0.0.1:$port; return 0; }
    sleep 0.5
  done
  echo "broker did not start; see $WORK/broker.log" >&2; exit 1
}

now() { date +%s.%N; }
