#!/usr/bin/env bash
# A real Flink 1.19 session cluster of separate processes (one JobManager, N TaskManagers) started
# from the Flink runtime classes inside the pipeline's bundled jar (the flink-dist archive is not
# needed). Submit the same pipeline jar to it with --runner=FlinkRunner --flinkMaster=HOST:PORT.
#
# usage: platform/flink-session-cluster.sh start DIR [TASK_MANAGERS=2] [SLOTS_PER_TM=2]
#        platform/flink-session-cluster.sh stop DIR
#        platform/flink-session-cluster.sh kill-taskmanager DIR [N=1]   (kill -9, for fault tests)
#        platform/flink-session-cluster.sh restart-taskmanager DIR [N=1]
# DIR holds the configuration, logs and pids; `start` prints `READY master=127.0.0.1:PORT`.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VERSION=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p;T;q' "$ROOT/pom.xml")
PIPELINE_JAR=${PIPELINE_JAR:-$ROOT/pipelines/target/pipelines-$VERSION-bundled.jar}
cmd=${1:?usage: $0 start|stop|kill-taskmanager|restart-taskmanager DIR}
DIR=${2:?cluster directory}
mkdir -p "$DIR/conf" "$DIR/log"
DIR=$(cd "$DIR" && pwd)

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_taskmanager() {
  local n=$1
  # Heap = framework + task heap, direct = framework + task off-heap + network (see the config).
  java -Xms640m -Xmx640m -XX:MaxDirectMemorySize=192m -XX:MaxMetaspaceSize=256m -Dlog.file="$DIR/log/taskmanager-$n.log" -cp "$PIPELINE_JAR" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner --configDir "$DIR/conf" \
    > "$DIR/log/taskmanager-$n.out" 2>&1 &
  echo $! > "$DIR/taskmanager-$n.pid"
}

registered_taskmanagers() {
  python3 -c 'import json,sys,urllib.request as u; print(len(json.load(u.urlopen(sys.argv[1], timeout=2))["taskmanagers"]))' \
    "http://127.0.0.1:$(cat "$DIR/rest.port")/taskmanagers" 2>/dev/null || echo 0
}

wait_for_taskmanagers() {
  local want=$1
  for _ in $(seq 1 120); do
    [ "$(registered_taskmanagers)" -ge "$want" ] && return 0
    sleep 0.5
  done
  echo "the cluster did not reach $want task managers; logs in $DIR/log" >&2
  return 1
}

case "$cmd" in
  start)
    [ -f "$PIPELINE_JAR" ] || { echo "missing $PIPELINE_JAR: run 'make setup' first" >&2; exit 2; }
    tms=${3:-2}; slots=${4:-2}
    rest=$(free_port); rpc=$(free_port)
    echo "$rest" > "$DIR/rest.port"; echo "$tms" > "$DIR/taskmanagers"
    cat > "$DIR/conf/flink-conf.yaml" <<CONF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
# Started without Flink's shell scripts, so every resource is spelled out (they would compute
# these and pass them as dynamic properties); the JVM flags in start_taskmanager match them.
taskmanager.cpu.cores: $slots
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.task.heap.size: 512m
taskmanager.memory.managed.size: 64m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
parallelism.default: 2
# Spread a job's tasks over the TaskManagers, so that losing any one of them hits the job.
cluster.evenly-spread-out-slots: true
# A lost TaskManager is noticed within seconds, not the default 50 s.
heartbeat.interval: 2000
heartbeat.timeout: 8000
classloader.check-leaked-classloader: false
# The job's classes come from this same jar on every process's class path.
classloader.resolve-order: parent-first
CONF
    java -Xmx768m -Dlog.file="$DIR/log/jobmanager.log" -cp "$PIPELINE_JAR" \
      org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint --configDir "$DIR/conf" \
      > "$DIR/log/jobmanager.out" 2>&1 &
    echo $! > "$DIR/jobmanager.pid"
    for n in $(seq 1 "$tms"); do start_taskmanager "$n"; done
    wait_for_taskmanagers "$tms"
    echo "READY master=127.0.0.1:$rest taskmanagers=$tms slots=$((tms * slots)) dir=$DIR"
    ;;
  stop)
    for f in "$DIR"/taskmanager-*.pid "$DIR"/jobmanager.pid; do
      [ -f "$f" ] || continue
      kill "$(cat "$f")" 2>/dev/null || true
      rm -f "$f"
    done
    echo "stopped"
    ;;
  kill-taskmanager)
    n=${3:-1}
    kill -9 "$(cat "$DIR/taskmanager-$n.pid")"
    echo "killed taskmanager $n (pid $(cat "$DIR/taskmanager-$n.pid"))"
    ;;
  restart-taskmanager)
    n=${3:-1}
    start_taskmanager "$n"
    wait_for_taskmanagers "$(cat "$DIR/taskmanagers")"
    echo "taskmanager $n back"
    ;;
  *) echo "unknown command $cmd" >&2; exit 2 ;;
esac
