#!/usr/bin/env bash
# Two producers jars side by side in one session: alternating runs of `simulate --rate 0`, each
# into a fresh broker, so that both see the same (noisy, shared) machine.
# usage: bench/simulator-compare.sh BEFORE.jar AFTER.jar [N=2000000] [ROUNDS=3]
source "$(dirname "$0")/lib.sh"
BEFORE=$1 AFTER=$2 N=${3:-2000000} ROUNDS=${4:-3}
for round in $(seq 1 "$ROUNDS"); do
  for label in before after; do
    jar=$BEFORE; [ "$label" = after ] && jar=$AFTER
    start_broker
    printf '%s round %d load %s: ' "$label" "$round" "$(cut -d' ' -f1 /proc/loadavg)"
    java -Xmx2g -jar "$jar" simulate --bootstrap-servers "$BOOTSTRAP" --rate 0 --max-records "$N" \
      --duration 10m 2>/dev/null | grep '^simulator done'
    kill "$BROKER_PID"; wait "$BROKER_PID" 2>/dev/null || true; BROKER_PID=
    rm -rf "$WORK/kafka"
  done
done
