#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server on 127.0.0.1, runs the given command with
# VIGIL_TEST_POSTGRES_URL pointing at it, then stops the server and removes its files.
# Installs Debian's postgresql package when no server binaries are found.
#
#   scripts/with-postgres.sh swift test --skip-build
set -euo pipefail

PGPORT="${VIGIL_TEST_PGPORT:-55432}"
export DEBIAN_FRONTEND=noninteractive

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
PGBIN="$(find_bin)"
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: installing postgresql" >&2
  apt-get update </dev/null >/dev/null
  apt-get install -y --no-install-recommends postgresql </dev/null >/dev/null
  PGBIN="$(find_bin)"
fi

# PostgreSQL refuses to run as root: run it as the postgres user in a private folder.
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
  RUN_AS=(runuser -u postgres --)
fi
WORK="$(mktemp -d /tmp/vigil-pg.XXXXXX)"
chmod 755 "$WORK"
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK"
cleanup() {
  "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"${RUN_AS[@]}" "$PGBIN/initdb" -D "$WORK/data" -A trust -U vigil -E UTF8 --locale=C.UTF-8 >/dev/null
"${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$WORK/data" -l "$WORK/server.log" -w \
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000" start >/dev/null

export VIGIL_TEST_POSTGRES_URL="postgres://vigil@127.0.0.1:$PGPORT/postgres"
echo "with-postgres: PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on port $PGPORT" >&2
"$@"
