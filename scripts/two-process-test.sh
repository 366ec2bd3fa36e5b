#!/usr/bin/env bash
# Two `vigil serve` processes on one database (Tests/reliability/two_process_test.py): sessions
# across both, scheduled jobs run once, one SIGKILLed mid-load loses nothing it acknowledged,
# a revocation on one is obeyed by the other. First on one SQLite data folder (`vigil serve` holds
# its lock shared), then on PostgreSQL: a throw-away server (scripts/with-postgres.sh) unless
# DATABASE_URL or VIGIL_TEST_POSTGRES_URL is set. VIGIL_BIN is the binary to test (default
# .build/debug/vigil).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export VIGIL_BIN="${VIGIL_BIN:-$PWD/.build/debug/vigil}"
python3 -B Tests/reliability/two_process_test.py --sqlite "$@"
if [ -n "${DATABASE_URL:-}${VIGIL_TEST_POSTGRES_URL:-}" ]; then
  exec python3 -B Tests/reliability/two_process_test.py "$@"
fi
exec scripts/with-postgres.sh python3 -B Tests/reliability/two_process_test.py "$@"
