#!/usr/bin/env bash
# Monitoring at scale (issue 19): a release `vigil serve` on a fresh SQLite data folder checks
# 10,000 http monitors at a 60-second interval against nginx on 127.0.0.1 (its own configuration
# in a temporary folder, a small page); after they are created, a window of 10 minutes is watched:
# vigil's CPU time and resident memory from /proc every 10 s, and the schedule lag from the
# monitors' rows (Benchmarks/monitors/bench-monitors.py says how). Then, in the same run, wrk
# makes the same number of requests to the same page, and its own CPU time is the floor.
#   scripts/bench-monitors.sh [--quick] [seconds] [monitors]
#     --quick: a 120-second window, for trying; seconds defaults to 600, monitors to 10000.
#   VIGIL_BIN (default .build-release/release/vigil, else .build/release/vigil), VIGIL_BENCH_DEFACEMENT
#   (how many of the monitors watch a copy of the 210 KB test page for defacement; default 0),
#   VIGIL_MONITOR_CONCURRENCY (passed on to the server).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds=600
if [ "${1:-}" = "--quick" ]; then seconds=120; shift; fi
seconds=${1:-$seconds}
monitors=${2:-10000}
interval=60
defacement=${VIGIL_BENCH_DEFACEMENT:-0}
port=18093
web_port=18094

missing=()
command -v nginx >/dev/null || missing+=(nginx)
command -v wrk >/dev/null || missing+=(wrk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "bench-monitors: installing ${missing[*]}" >&2
  apt-get install -y "${missing[@]}" >/dev/null || { apt-get update >/dev/null && apt-get install -y "${missing[@]}" >/dev/null; }
fi
bin=${VIGIL_BIN:-.build-release/release/vigil}
[ -x "$bin" ] || bin=.build/release/vigil
[ -x "$bin" ] || { echo "bench-monitors: build first: swift build -c release --product vigil --scratch-path .build-release" >&2; exit 1; }

work=$(mktemp -d)
chmod 755 "$work"
server=""
web=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  [ -n "$web" ] && kill "$web" 2>/dev/null && wait "$web" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# nginx: one worker, no access log, the pages from the temporary folder.
mkdir -p "$work/www" "$work/nginx/logs"
{
  echo '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng thông tin điện tử</title></head><body>'
  echo '<header><h1>Sở Thông tin và Truyền thông</h1><nav><a href="/">Trang chủ</a> <a href="/tin-tuc">Tin tức</a></nav></header><main>'
  for i in $(seq 12); do echo "<article><h2>Tin số $i</h2><p>Nội dung bản tin số $i về hoạt động của sở trong tuần.</p></article>"; done
  echo '</main><footer>© Hòa Lâm</footer></body></html>'
} > "$work/www/index.html"
cp Tests/fixtures/defacement/baselines/tintuc.html "$work/www/big.html"
cat > "$work/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $work/nginx/tmp;
  server {
    listen 127.0.0.1:$web_port backlog=4096;
    root $work/www;
    index index.html;
    default_type text/html;
  }
}
EOF
nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -g 'daemon off;' &
web=$!

export VIGIL_DATA_DIR="$work/data"
export VIGIL_OUTBOUND_ALLOW=127.0.0.1/32
LOG_LEVEL=warning "$bin" serve --port "$port" > "$work/serve.log" 2>&1 &
server=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "http://127.0.0.1:$web_port/" >/dev/null
token=$("$bin" token create --user admin@vigil.local --name bench)

echo "== machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB; $(date -u '+%Y-%m-%d %H:%M UTC'); commit $(git rev-parse --short HEAD 2>/dev/null || echo '?') =="
echo "== $monitors http monitors every $interval s ($defacement of them with defacement on the 210 KB page), window $seconds s, concurrency ${VIGIL_MONITOR_CONCURRENCY:-64} =="
echo "vigil RSS before creating: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$server/status)"
python3 Benchmarks/monitors/bench-monitors.py create --port "$port" --web-port "$web_port" --token "$token" \
  --monitors "$monitors" --interval "$interval" --defacement "$defacement"
python3 Benchmarks/monitors/bench-monitors.py measure --pid "$server" --database "$work/data/vigil.sqlite" \
  --seconds "$seconds" --interval "$interval" --web-port "$web_port" --work "$work"
echo
echo "server: peak memory $(awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/$server/status); warnings in its log: $(grep -c . "$work/serve.log" || true)"
grep -m5 . "$work/serve.log" || true
