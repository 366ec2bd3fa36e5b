#!/usr/bin/env bash
# Soak test: a mixed load against a release `vigil serve` on a fresh data folder for MINUTES
# (default 10): staff reporting incidents, responders browsing pages, agents checking in, a scan
# import every minute. Prints per kind of request the count, throughput, p50/p99 and errors, and
# the server's memory over time with a flatness verdict; writes the plot to
# docs/soak-memory-sqlite.svg or docs/soak-memory-postgres.svg (scripts/soak.py has the details).
# Exits non-zero on any failed request or when memory is not flat.
#
#   scripts/soak.sh [MINUTES] [--postgres] [-- extra soak.py options]
#
# --postgres runs it against a throw-away PostgreSQL server (scripts/with-postgres.sh, on port
# VIGIL_TEST_PGPORT, default 55433 here so as not to meet the tests' 55432).
# VIGIL_BIN: the binary (default .build/release/vigil; its resource bundle must sit beside it).
# SOAK_JSON: also write every figure and sample there.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
minutes=10
database=sqlite
extra=()
while [ $# -gt 0 ]; do
  case "$1" in
    --postgres) database=postgres ;;
    --) shift; extra=("$@"); break ;;
    [0-9]*) minutes=$1 ;;
    *) echo "usage: scripts/soak.sh [MINUTES] [--postgres] [-- soak.py options]" >&2; exit 2 ;;
  esac
  shift
done
bin=${VIGIL_BIN:-.build/release/vigil}
[ -x "$bin" ] || { echo "soak: no binary at $bin (swift build -c release, or set VIGIL_BIN)" >&2; exit 1; }
json=()
[ -n "${SOAK_JSON:-}" ] && json=(--json "$SOAK_JSON")
command=(python3 scripts/soak.py --minutes "$minutes" --bin "$bin" --svg "docs/soak-memory-$database.svg" "${json[@]}" "${extra[@]}")

if [ "$database" = postgres ]; then
  export VIGIL_TEST_PGPORT=${VIGIL_TEST_PGPORT:-55433}
  # with-postgres.sh names the server in VIGIL_TEST_POSTGRES_URL; Vigil reads DATABASE_URL.
  exec scripts/with-postgres.sh bash -c 'DATABASE_URL="$VIGIL_TEST_POSTGRES_URL" exec "$@"' soak "${command[@]}" --label PostgreSQL
else
  unset DATABASE_URL
  exec "${command[@]}" --label SQLite
fi
