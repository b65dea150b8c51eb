# Sourced by scripts/test.sh and scripts/bench.sh: a throwaway PostgreSQL cluster on loopback with
# TLS on, the official Message DB installed from its npm package, and PgBouncer in front of it.
#   pg_cluster_start WORKDIR   starts them; exports MDBSTUDIO_PG_PORT, MDBSTUDIO_PG_CA (the CA that
#                              issued the server's certificate) and MDBSTUDIO_PGBOUNCER_PORT
#   pg_cluster_stop WORKDIR    stops them (safe to call twice)

message_db_version="1.3.1"
pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
pgbouncer_bin="$(command -v pgbouncer || echo /usr/sbin/pgbouncer)"

as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The first port from $1 to $2 on loopback that nothing listens on.
free_port() {
  local p
  for p in $(seq "$1" "$2"); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}

pg_cluster_stop() {
  local pidfile="$1/pgbouncer/pgbouncer.pid" pid
  if [ -f "$pidfile" ]; then
    pid="$(cat "$pidfile")"
    # Only the PgBouncer this cluster started, by its pid.
    if [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "pgbouncer" ]; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  fi
  as_pg "$pgbin/pg_ctl" -D "$1/data" stop -m fast >/dev/null 2>&1 || true
}

# A throwaway CA and a server certificate it issued, for localhost and 127.0.0.1 only.
pg_cluster_tls() {
  local tls="$1/tls"
  mkdir -p "$tls"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -days 7 -subj "/CN=mdbstudio test CA" \
    -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
  openssl req "${ec[@]}" -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
  printf 'subjectAltName = DNS:localhost, IP:127.0.0.1\n' >"$tls/server.ext"
  openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
    -days 7 -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
  # The server refuses a key that others can read.
  chmod 600 "$tls/server.key" "$tls/ca.key"
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$tls"; fi
}

# PgBouncer in transaction pooling mode on a free loopback port, run as the server's user.
pg_cluster_pgbouncer() {
  local work="$1" port="$2" dir="$1/pgbouncer" bport
  bport="$(free_port 6433 6499)" || { echo "no free port for the test PgBouncer" >&2; return 1; }
  mkdir -p "$dir"
  printf '"postgres" ""\n"message_store" ""\n' >"$dir/userlist.txt"
  # The test databases, and the test database again through a pool of one server connection and
  # of two, where every client shares server sessions (tests/network/tst_pooler.cpp).
  cat >"$dir/pgbouncer.ini" <<INI
[databases]
mdbstudio_test = host=127.0.0.1 port=$port dbname=mdbstudio_test
message_store = host=127.0.0.1 port=$port dbname=message_store
mdbstudio_test_pool1 = host=127.0.0.1 port=$port dbname=mdbstudio_test pool_size=1
mdbstudio_test_pool2 = host=127.0.0.1 port=$port dbname=mdbstudio_test pool_size=2

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bport
unix_socket_dir =
auth_type = trust
auth_file = $dir/userlist.txt
pool_mode = transaction
default_pool_size = 20
max_client_conn = 400
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
  if [ "$(id -u)" -eq 0 ]; then chown -R postgres:postgres "$dir"; fi
  as_pg "$pgbouncer_bin" -d -q "$dir/pgbouncer.ini" || { cat "$dir/pgbouncer.log" >&2; return 1; }
  for _ in $(seq 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$bport") 2>/dev/null; then
      export MDBSTUDIO_PGBOUNCER_PORT=$bport
      return 0
    fi
    sleep 0.1
  done
  echo "the test PgBouncer did not start" >&2
  cat "$dir/pgbouncer.log" >&2
  return 1
}

pg_cluster_start() {
  local work="$1" port=""
  chmod 755 "$work"
  port="$(free_port 54329 54399)" || { echo "no free port for the test PostgreSQL" >&2; return 1; }

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
  pg_cluster_tls "$work"
  local server_options="-p $port -k $work/socket -c listen_addresses=127.0.0.1 -c max_connections=200 -c ssl=on \
-c ssl_cert_file=$work/tls/server.crt -c ssl_key_file=$work/tls/server.key"
  as_pg "$pgbin/pg_ctl" -D "$work/data" -l "$work/data/server.log" -w -o "$server_options" start >/dev/null

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

  pg_cluster_pgbouncer "$work" "$port"
  export MDBSTUDIO_PG_PORT=$port
  export MDBSTUDIO_PG_CA="$work/tls/ca.crt"
  # pg_ctl for this cluster with its options, for tests that stop, start or restart it: append
  # the action (sh -c "$MDBSTUDIO_PG_CTL restart -m fast -w").
  local as_pg_prefix=""
  [ "$(id -u)" -eq 0 ] && as_pg_prefix="runuser -u postgres --"
  export MDBSTUDIO_PG_CTL="$as_pg_prefix $pgbin/pg_ctl -D $work/data -l $work/data/server.log -o '$server_options'"
}
