#!/usr/bin/env bash
# Runs every mdbstudio test: installs what is missing, builds, starts a throwaway PostgreSQL
# cluster on loopback with the official Message DB installed from npm, runs CTest, and stops the
# cluster again (also on failure). Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${MDBSTUDIO_BUILD_DIR:-$root/build}"
message_db_version="1.3.1"

"$root/scripts/setup.sh"
"$root/scripts/build.sh"

pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
work="$(mktemp -d /tmp/mdbstudio-test.XXXXXX)"
chmod 755 "$work"
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$work/data" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

port=""
for p in $(seq 54329 54399); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
done
[ -n "$port" ] || { echo "no free port for the test PostgreSQL" >&2; exit 1; }

mkdir -p "$work/data" "$work/socket"
[ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$work/data" "$work/socket"
as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust --locale=C.UTF-8 --encoding=UTF8 >"$work/initdb.log"
# Trust on loopback for the test roles, a password for the one role that tests authentication.
cat > "$work/hba" <<HBA
local all all trust
host all mdbstudio_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
HBA
as_pg cp "$work/hba" "$work/data/pg_hba.conf"
as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
  -o "-p $port -k $work/socket -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null

export PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres
psql -q -d postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE mdbstudio_pw LOGIN PASSWORD 'right-password'" \
  -c "CREATE DATABASE mdbstudio_test"

# The official Message DB, from its npm package, as its own install script installs it.
cache="${XDG_CACHE_HOME:-$HOME/.cache}/mdbstudio"
if [ ! -f "$cache/message-db-$message_db_version/database/install.sh" ]; then
  mkdir -p "$cache/message-db-$message_db_version"
  (cd "$work" && npm pack --silent "@eventide/message-db@$message_db_version" >/dev/null)
  tar xzf "$work"/eventide-message-db-*.tgz -C "$cache/message-db-$message_db_version" --strip-components=1
fi
(cd "$cache/message-db-$message_db_version/database" && DATABASE_NAME=message_store bash ./install.sh >"$work/install.log" 2>&1) \
  || { cat "$work/install.log"; exit 1; }

export MDBSTUDIO_TEST_REQUIRE_PG=1
export MDBSTUDIO_TEST_PG_URL="postgresql://postgres@127.0.0.1:$port/mdbstudio_test"
export MDBSTUDIO_TEST_OFFICIAL_URL="postgresql://postgres@127.0.0.1:$port/message_store"
export MDBSTUDIO_TEST_OFFICIAL_ROLE_URL="postgresql://message_store@127.0.0.1:$port/message_store"
export MDBSTUDIO_TEST_PG_PORT="$port"
export QT_QPA_PLATFORM=offscreen
unset PGHOST PGPORT PGUSER

cd "$build"
ctest --output-on-failure -j"${MDBSTUDIO_TEST_JOBS:-2}" --timeout 900 "$@"
