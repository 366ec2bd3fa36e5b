#!/usr/bin/env bash
# Footprint benchmark: cold start and idle memory of `vigil serve` (release build).
# Not part of CI. Prints one line per measurement; record them in docs/PERFORMANCE.md.
#
#   scripts/bench-footprint.sh [runs]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
RUNS="${1:-5}"
swift build -c release --product vigil >/dev/null
BIN="$PWD/.build/release/vigil"
PORT=18181

now_ms() { date +%s%3N; }
wait_ready() {
  until curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1; do sleep 0.005; done
}
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

measure() { # $1: label, $2: data dir (fresh or existing)
  local start ready pid
  start=$(now_ms)
  VIGIL_DATA_DIR="$2" LOG_LEVEL=warning "$BIN" serve --port $PORT >/dev/null 2>&1 &
  pid=$!
  wait_ready
  ready=$(now_ms)
  # Idle: a few requests as a user would make, then rest.
  for _ in 1 2 3; do curl -fs "http://127.0.0.1:$PORT/login" >/dev/null; curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null; done
  sleep 5
  echo "$1 start_ms=$((ready - start)) idle_rss_mb=$(( $(rss_kb $pid) / 1024 ))"
  kill $pid; wait $pid 2>/dev/null || true
}

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -m), $(swift --version 2>/dev/null | head -1)"
for run in $(seq "$RUNS"); do
  dir=$(mktemp -d)
  measure "first-start(run $run, empty data folder: migrate + create admin)" "$dir"
  measure "restart(run $run, existing database)" "$dir"
  rm -rf "$dir"
done
# The comparison: the same measurement for a bare process that only loads the binary.
start=$(now_ms); "$BIN" --help >/dev/null; echo "baseline: vigil --help takes $(( $(now_ms) - start )) ms"
