#!/usr/bin/env bash
# Starts or stops a throw-away PostgreSQL server (Debian's postgresql, 15) in DIR.
#
#   .ci/postgres.sh start DIR [PORT]   # prints the connection URL on stdout
#   .ci/postgres.sh restart DIR        # same cluster (after a crash: fault tests)
#   .ci/postgres.sh kill DIR           # immediate shutdown, like a crash
#   .ci/postgres.sh stop DIR
#
# With PASSCULTURE_WATCH_PID set, a watcher stops the server once that process is gone.
# initdb refuses to run as root: as root the cluster belongs to the `postgres` user. Listens on
# 127.0.0.1 only (socket in DIR). A role `exporter` with the random password in DIR/password
# (md5/scram over TCP) is what tests use, so they can check that no credential is printed.
# Export tests read the URL from PASSCULTURE_TEST_POSTGRES_URL.
set -euo pipefail
cmd="${1:?start|stop}"
dir="${2:?DIR}"
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
as_pg() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }

case "$cmd" in
start)
  port="${3:-15432}"
  [ -x "$pgbin/initdb" ] || { echo "postgresql not installed" >&2; exit 3; }
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  [ "$(id -u)" = 0 ] && chown postgres "$dir" && chmod 755 "$dir"
  pw="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  echo "$pw" > "$dir/password"
  as_pg "'$pgbin/initdb' -D '$dir/data' -A trust -U postgres -E UTF8 --locale=C.UTF-8 >'$dir/initdb.log' 2>&1"
  cat > "$dir/data/pg_hba.conf" <<HBA
local all all trust
host all postgres 127.0.0.1/32 trust
host all all 127.0.0.1/32 scram-sha-256
HBA
  echo "$port" > "$dir/port"
  "$0" restart "$dir" >/dev/null
  as_pg "'$pgbin/psql' -h '$dir' -p $port -U postgres -d postgres -qAt \
    -c \"CREATE ROLE exporter LOGIN PASSWORD '$pw'\" -c 'CREATE DATABASE passculture OWNER exporter'" >/dev/null
  echo "postgres://exporter:$pw@127.0.0.1:$port/passculture"
  ;;
restart)
  dir="$(cd "$dir" && pwd)"
  port="$(cat "$dir/port")"
  pw="$(cat "$dir/password")"
  as_pg "'$pgbin/pg_ctl' -D '$dir/data' -l '$dir/server.log' -w -t 60 \
    -o \"-c listen_addresses=127.0.0.1 -p $port -k '$dir' -c fsync=off\" start >/dev/null"
  if [ -n "${PASSCULTURE_WATCH_PID:-}" ]; then
    w="$PASSCULTURE_WATCH_PID"
    setsid bash -c "while kill -0 $w 2>/dev/null; do sleep 1; done; '$0' stop '$dir'; rm -rf '$dir'" >/dev/null 2>&1 < /dev/null &
  fi
  echo "postgres://exporter:$pw@127.0.0.1:$port/passculture"
  ;;
kill)
  as_pg "'$pgbin/pg_ctl' -D '$dir/data' -m immediate -w stop >/dev/null" || true
  ;;
stop)
  if [ -f "$dir/data/postmaster.pid" ]; then
    as_pg "'$pgbin/pg_ctl' -D '$dir/data' -m fast -w stop >/dev/null" || true
  fi
  ;;
*) echo "usage: $0 start|restart|kill|stop DIR" >&2; exit 2 ;;
esac
