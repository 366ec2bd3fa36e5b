#!/usr/bin/env bash
# Check-in throughput (issue 5): a release `vigil serve` on a fresh SQLite data folder, one
# organisation and its enrolment token; `wrk` posts check-ins of 100,000 distinct endpoints
# (Benchmarks/checkins/checkin.lua), then `/healthz` is measured the same way in the same run.
#   scripts/bench-checkins.sh [seconds] [connections] [endpoints]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=${1:-30}
connections=${2:-64}
endpoints=${3:-100000}
threads=2
command -v wrk >/dev/null || { echo "bench-checkins: install wrk (apt-get install wrk)" >&2; exit 1; }
bin=${VIGIL_BIN:-.build/release/vigil}
data=$(mktemp -d)
port=18091
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
export VIGIL_DATA_DIR="$data"
province=$("$bin" org create --name "Tỉnh" --kind province)
agency=$("$bin" org create --name "Sở" --parent "$province" --kind agency)
token=$("$bin" enrolment create --org "$agency")
LOG_LEVEL=warning "$bin" serve --port "$port" > "$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

echo "== check-ins: $seconds s, $connections connections, $threads threads, $endpoints endpoints =="
WRK_THREADS=$threads wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency -s Benchmarks/checkins/checkin.lua \
  "http://127.0.0.1:$port" -- "$token" "$endpoints"
echo "hosts stored: $(sqlite3 "$data/vigil.sqlite" 'SELECT COUNT(*) FROM hosts') (software rows: $(sqlite3 "$data/vigil.sqlite" 'SELECT COUNT(*) FROM host_software'))"
echo "server peak memory: $(grep VmHWM /proc/$server/status | awk '{print $2, $3}')"
echo "== /healthz, same server, same settings =="
wrk -t"$threads" -c"$connections" -d"${seconds}s" --latency "http://127.0.0.1:$port/healthz"
