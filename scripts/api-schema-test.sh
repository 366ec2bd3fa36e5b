#!/usr/bin/env bash
# The JSON API against its own description (docs/ARCHITECTURE.md, "The API, described"): schemathesis (PyPI)
# generates requests for every operation of /api/v1/openapi.json and checks each answer: no 5xx
# (`not_a_server_error`) and every documented answer in its documented shape (`response_schema_conformance`).
#
# It starts `vigil serve` on 127.0.0.1 on a fresh SQLite data folder filled by `vigil demo` (so that lists answer
# real records), adds a user holding every role in the province (command line) and its API token, and stops the
# server afterwards. The operations that make Vigil connect out (creating, changing or running a monitor) are left
# out: a generated public address would be a real connection. So is revoking a token: schemathesis reuses ids it
# has seen in answers, and once it revoked the run's own token, leaving the rest of the run at 401. A server that
# dies fails the run.
#
# Installs schemathesis with pip when it is missing. Environment:
#   VIGIL_BIN                    the vigil binary (default: .build/debug/vigil)
#   VIGIL_SCHEMATHESIS_EXAMPLES  test cases per operation and phase (default: 10)
#   VIGIL_SCHEMATHESIS_SEED      the generator's seed (default: fixed, so that runs repeat)
#   VIGIL_API_SCHEMA_KEEP        set: keep the data folder (the server's log is serve.log there)
# Extra arguments go to `st run`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
export PYTHONDONTWRITEBYTECODE=1

bin=${VIGIL_BIN:-$PWD/.build/debug/vigil}
[ -x "$bin" ] || { echo "api-schema-test: $bin is missing: build first (swift build)" >&2; exit 1; }
if ! python3 -c 'import schemathesis' >/dev/null 2>&1; then
  python3 -m pip install --quiet --disable-pip-version-check schemathesis </dev/null
fi
st="$(python3 -c 'import os, sys; print(os.path.dirname(sys.executable))')/st"
[ -x "$st" ] || st=st

data=$(mktemp -d /tmp/vigil-api-schema.XXXXXX)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  if [ -n "${VIGIL_API_SCHEMA_KEEP:-}" ]; then echo "api-schema-test: kept $data"; else rm -rf "$data"; fi
}
trap cleanup EXIT
export VIGIL_DATA_DIR="$data"

echo "api-schema-test: a demo province in $data"
"$bin" demo > "$data/demo.txt"
province=$(python3 - "$data/vigil.sqlite" <<'EOF'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute("SELECT id FROM organisations WHERE parent_id IS NULL").fetchone()
print(row[0].lower())
EOF
)
printf 'Schemathesis-%s!\n' "$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')" |
  "$bin" user create --email api-schema@example.test --org "$province" --name "API schema test" --password-stdin \
    --role admin --role coordinator --role focal_point --role leader --role responder --role reporter > /dev/null
token=$("$bin" token create --user api-schema@example.test --name schemathesis)

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
VIGIL_PORT=$port VIGIL_HOSTNAME=127.0.0.1 "$bin" serve > "$data/serve.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  if python3 -c "import urllib.request, sys; urllib.request.urlopen('http://127.0.0.1:$port/healthz', timeout=1)" 2>/dev/null; then break; fi
  kill -0 "$server" 2>/dev/null || { cat "$data/serve.log"; echo "api-schema-test: the server did not start" >&2; exit 1; }
  sleep 0.2
done

status=0
# From the data folder: schemathesis keeps a cache in the current folder.
(cd "$data" && "$st" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${VIGIL_SCHEMATHESIS_EXAMPLES:-10}" \
  --seed "${VIGIL_SCHEMATHESIS_SEED:-2026}" \
  --exclude-operation-id createMonitor --exclude-operation-id updateMonitor \
  --exclude-operation-id checkMonitor --exclude-operation-id acceptMonitorBaseline \
  --exclude-operation-id revokeToken \
  --request-timeout 30 --no-color "$@") || status=$?

if ! kill -0 "$server" 2>/dev/null; then
  tail -40 "$data/serve.log"
  echo "api-schema-test: the server died during the run" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  grep -E 'request failed|Fatal error' "$data/serve.log" | tail -20 || true
  echo "api-schema-test: schemathesis found problems (above)" >&2
  exit "$status"
fi
echo "api-schema-test: every operation answered without a server error and as described"
