#!/usr/bin/env bash
# How fast the simulator can publish canonical trades into the local broker (acks=all, idempotent,
# lz4), as fast as it can.
# usage: bench/simulator-throughput.sh [N=2000000]
source "$(dirname "$0")/lib.sh"
N=${1:-2000000}
start_broker
java -Xmx2g -jar "$PRODUCERS_JAR" simulate --bootstrap-servers "$BOOTSTRAP" --rate 0 --max-records "$N" \
  --duration 10m 2>/dev/null | grep '^simulator done'
