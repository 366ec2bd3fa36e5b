#!/usr/bin/env bash
# Two `vigil serve` processes on one PostgreSQL database (Tests/reliability/two_process_test.py):
# sessions across both, scheduled jobs run once, one SIGKILLed mid-load loses nothing it
# acknowledged. Starts a throw-away PostgreSQL (scripts/with-postgres.sh) unless DATABASE_URL or
# VIGIL_TEST_POSTGRES_URL is set. VIGIL_BIN is the binary to test (default .build/debug/vigil).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export VIGIL_BIN="${VIGIL_BIN:-$PWD/.build/debug/vigil}"
if [ -n "${DATABASE_URL:-}${VIGIL_TEST_POSTGRES_URL:-}" ]; then
  exec python3 -B Tests/reliability/two_process_test.py "$@"
fi
exec scripts/with-postgres.sh python3 -B Tests/reliability/two_process_test.py "$@"
