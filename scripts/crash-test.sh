#!/usr/bin/env bash
# Crash safety (Tests/reliability/crash_test.py): SIGKILLs `vigil serve` in the middle of scan
# imports, incident updates and a check-in storm, restarts it, and checks that nothing acknowledged
# was lost and nothing was left half-done. SQLite in a fresh data folder; PostgreSQL when
# DATABASE_URL or VIGIL_TEST_POSTGRES_URL is set:
#
#   scripts/crash-test.sh                          # SQLite
#   scripts/with-postgres.sh scripts/crash-test.sh # PostgreSQL
#   scripts/crash-test.sh --rounds 5 --results 20000 --seed 42
#
# VIGIL_BIN is the binary to test (default .build/debug/vigil).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export VIGIL_BIN="${VIGIL_BIN:-$PWD/.build/debug/vigil}"
exec python3 -B Tests/reliability/crash_test.py "$@"
