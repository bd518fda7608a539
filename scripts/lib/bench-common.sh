# Shared by scripts/bench-overhead and scripts/bench-system (sourced): processes started
# in the background and always stopped on exit, free loopback ports, health waits, CPU
# time of processes, the OTLP receiver.
# shellcheck shell=bash

BENCH_PY=/usr/bin/python3
BENCH_WORK=$(mktemp -d)
bench_pids=()
declare -A pid_of
bench_cleanup() {
  for pid in "${bench_pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$BENCH_WORK"
}
trap bench_cleanup EXIT

bench_require() {  # bench_require TOOL...
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "$(basename "$0"): $tool is missing" >&2; exit 1; }
  done
}

free_port() { $BENCH_PY -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

bench_start() {  # bench_start LOGNAME COMMAND...  (its log: $BENCH_WORK/LOGNAME.log)
  local name=$1; shift
  "$@" >"$BENCH_WORK/$name.log" 2>&1 &
  bench_pids+=($!)
  pid_of[$name]=$!
}

cpu_ticks() {  # cpu_ticks PID... -> utime+stime summed, in clock ticks
  local total=0 pid fields
  for pid in "$@"; do
    read -ra fields <"/proc/$pid/stat"
    # Field 2 (comm) has no spaces for our binaries: utime, stime are fields 14, 15.
    total=$((total + fields[13] + fields[14]))
  done
  echo "$total"
}

wait_healthy() {  # wait_healthy PORT: up to 15 s for GET /healthz
  for _ in $(seq 1 150); do
    curl -fsS -o /dev/null "http://127.0.0.1:$1/healthz" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "$(basename "$0"): nothing healthy on port $1" >&2; exit 1
}

# bench_start_receiver viewer|sink BIN [PREFIX...]: the OTLP receiver, started with
# PREFIX (e.g. taskset -c 1); sets VIEWER_PORT, RECEIVER_GRPC_PORT, RECEIVER_HTTP_PORT.
bench_start_receiver() {
  local kind=$1 bin=$2; shift 2
  VIEWER_PORT=$(free_port); RECEIVER_GRPC_PORT=$(free_port); RECEIVER_HTTP_PORT=$(free_port)
  if [ "$kind" = viewer ]; then
    bench_start receiver env HOST=127.0.0.1 PORT=$VIEWER_PORT OTLP_GRPC_PORT=$RECEIVER_GRPC_PORT \
      OTLP_HTTP_PORT=$RECEIVER_HTTP_PORT "$@" "$bin/telemetry-viewer"
    wait_healthy "$VIEWER_PORT"
  else
    bench_start receiver "$@" "$bin/otlp-sink" "$RECEIVER_GRPC_PORT"
    for _ in $(seq 1 100); do grep -q listening "$BENCH_WORK/receiver.log" && break; sleep 0.1; done
  fi
}
