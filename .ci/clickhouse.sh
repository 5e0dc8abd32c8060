#!/usr/bin/env bash
# Starts or stops a throw-away ClickHouse server (Debian's clickhouse-server, 18.16) as a plain
# process from a copy of the packaged config whose data, tmp, log and schema paths point into DIR.
#
#   .ci/clickhouse.sh start DIR [HTTP_PORT] [TCP_PORT]   # prints the HTTP URL on stdout
#   .ci/clickhouse.sh restart DIR                       # same config, data and password (fault tests)
#   .ci/clickhouse.sh stop DIR
#
# With PASSCULTURE_WATCH_PID set, a watcher stops the server once that process is gone (tests
# that start their own server).
# The server listens on 127.0.0.1 only. Users: `default` (no password) and `exporter` with the
# password in DIR/password (random per start), so tests can check that no credential is printed.
# Export tests read the URL from PASSCULTURE_TEST_CLICKHOUSE_URL.
set -euo pipefail
cmd="${1:?start|stop}"
dir="${2:?DIR}"
bin="$(command -v clickhouse-server || command -v clickhouse || true)"
# A killed server may linger as a zombie (no init reaping in containers): not alive.
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && [ "$(ps -o stat= -p "$1" | cut -c1)" != Z ]; }

case "$cmd" in
start)
  http="${3:-18123}"
  tcp="${4:-19000}"
  [ -n "$bin" ] || { echo "clickhouse-server not installed" >&2; exit 3; }
  mkdir -p "$dir"/{data,tmp,user_files,format_schemas,log}
  dir="$(cd "$dir" && pwd)"
  pw="$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  echo "$pw" > "$dir/password"
  sed -e "s#<path>/var/lib/clickhouse/</path>#<path>$dir/data/</path>#" \
      -e "s#<tmp_path>[^<]*</tmp_path>#<tmp_path>$dir/tmp/</tmp_path>#" \
      -e "s#<user_files_path>[^<]*</user_files_path>#<user_files_path>$dir/user_files/</user_files_path>#" \
      -e "s#<format_schema_path>[^<]*</format_schema_path>#<format_schema_path>$dir/format_schemas/</format_schema_path>#" \
      -e "s#<log>[^<]*</log>#<log>$dir/log/server.log</log>#" \
      -e "s#<errorlog>[^<]*</errorlog>#<errorlog>$dir/log/server.err.log</errorlog>#" \
      -e "s#<http_port>[^<]*</http_port>#<http_port>$http</http_port><listen_host>127.0.0.1</listen_host>#" \
      -e "s#<tcp_port>[^<]*</tcp_port>#<tcp_port>$tcp</tcp_port>#" \
      -e "s#<interserver_http_port>[^<]*</interserver_http_port>##" \
      -e "s#<!-- <timezone>Europe/Moscow</timezone> -->#<timezone>UTC</timezone>#" \
      -e "s#<users_config>[^<]*</users_config>#<users_config>$dir/users.xml</users_config>#" \
      /etc/clickhouse-server/config.xml > "$dir/config.xml"
  sed -e "s#<users>#<users><exporter><password>$pw</password><networks><ip>127.0.0.1</ip><ip>::1</ip></networks><profile>default</profile><quota>default</quota></exporter>#" \
      /etc/clickhouse-server/users.xml > "$dir/users.xml"
  echo "$http" > "$dir/http_port"
  exec "$0" restart "$dir"
  ;;
restart)
  dir="$(cd "$dir" && pwd)"
  http="$(cat "$dir/http_port")"
  pw="$(cat "$dir/password")"
  if [ -f "$dir/server.pid" ] && alive "$(cat "$dir/server.pid")"; then
    echo "clickhouse-server already running in $dir" >&2; exit 1
  fi
  # Runs as the invoking user (root in CI); setsid detaches it from the caller's job control.
  setsid "$bin" --config-file="$dir/config.xml" >>"$dir/log/stdout.log" 2>&1 < /dev/null &
  echo $! > "$dir/server.pid"
  if [ -n "${PASSCULTURE_WATCH_PID:-}" ]; then
    w="$PASSCULTURE_WATCH_PID"
    setsid bash -c "while kill -0 $w 2>/dev/null; do sleep 1; done; '$0' stop '$dir'; rm -rf '$dir'" >/dev/null 2>&1 < /dev/null &
  fi
  for _ in $(seq 1 150); do
    if curl -fsS "http://127.0.0.1:$http/ping" >/dev/null 2>&1; then
      echo "http://exporter:$pw@127.0.0.1:$http"
      exit 0
    fi
    sleep 0.2
  done
  echo "clickhouse-server did not answer on port $http; log:" >&2
  tail -n 30 "$dir/log/server.err.log" "$dir/log/stdout.log" >&2 || true
  exit 1
  ;;
stop)
  if [ -f "$dir/server.pid" ]; then
    pid="$(cat "$dir/server.pid")"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do alive "$pid" || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$dir/server.pid"
  fi
  ;;
*) echo "usage: $0 start|restart|stop DIR" >&2; exit 2 ;;
esac
