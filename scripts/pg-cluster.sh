# Sourced by scripts/test.sh and scripts/bench.sh: a throwaway PostgreSQL cluster on loopback with
# the official Message DB installed from its npm package.
#   pg_cluster_start WORKDIR   starts it; exports MDBSTUDIO_PG_PORT
#   pg_cluster_stop WORKDIR    stops it (safe to call twice)

message_db_version="1.3.1"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_cluster_stop() {
  as_pg "$pgbin/pg_ctl" -D "$1/data" stop -m fast >/dev/null 2>&1 || true
}

pg_cluster_start() {
  local work="$1" port=""
  chmod 755 "$work"
  for p in $(seq 54329 54399); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then port=$p; break; fi
  done
  [ -n "$port" ] || { echo "no free port for the test PostgreSQL" >&2; return 1; }

  mkdir -p "$work/data" "$work/socket"
  [ "$(id -u)" -eq 0 ] && chown -R postgres:postgres "$work/data" "$work/socket"
  as_pg "$pgbin/initdb" -D "$work/data" -U postgres --auth=trust --locale=C.UTF-8 --encoding=UTF8 >"$work/initdb.log"
  # Trust on loopback, but for the one role that tests password authentication.
  cat > "$work/hba" <<HBA
local all all trust
host all mdbstudio_pw 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
HBA
  as_pg cp "$work/hba" "$work/data/pg_hba.conf"
  as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w \
    -o "-p $port -k $work/socket -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null

  PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres psql -q -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE mdbstudio_pw LOGIN PASSWORD 'right-password'" \
    -c "CREATE DATABASE mdbstudio_test"

  # The official Message DB, installed by its own install script, as its users install it.
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/mdbstudio"
  if [ ! -f "$cache/message-db-$message_db_version/database/install.sh" ]; then
    mkdir -p "$cache/message-db-$message_db_version"
    (cd "$work" && npm pack --silent "@eventide/message-db@$message_db_version" >/dev/null)
    tar xzf "$work"/eventide-message-db-*.tgz -C "$cache/message-db-$message_db_version" --strip-components=1
  fi
  (cd "$cache/message-db-$message_db_version/database" && PGHOST=127.0.0.1 PGPORT=$port PGUSER=postgres \
    DATABASE_NAME=message_store bash ./install.sh >"$work/install.log" 2>&1) \
    || { cat "$work/install.log"; return 1; }
  export MDBSTUDIO_PG_PORT=$port
}
