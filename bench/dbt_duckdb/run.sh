#!/usr/bin/env bash
# Builds the reference warehouse with dbt + DuckDB:
#   bench/dbt_duckdb/run.sh SOURCES_DIR OUT_DIR DS [extra dbt args…]
# SOURCES_DIR: applicative/<t>.{parquet,csv}, seed/<t>.csv (sources.md). OUT_DIR receives one
# <model>.parquet per int_* / mrt_* model (earlier int_*/mrt_* Parquet files there are removed
# first). DS: the run date (YYYY-MM-DD), the only clock.
# Environment: DBT_THREADS (dbt model threads, default 2), DBT_DUCKDB_THREADS (DuckDB threads,
# default 2), DBT_DUCKDB_MEMORY_LIMIT (default 16GB), AS_OF (UTC instant, default DS 00:00:00),
# BENCH_VENV (venv made by setup.sh), DBT_KEEP_DB=1 (keep the DuckDB file and print its path),
# DBT_QUIET=1 (only errors and the summary line), LOOKBACK_DAYS (tracking window, default 3),
# DBT_DB=FILE (a persistent DuckDB file instead of a temporary one: the state incremental runs
# start from, see below).
# Incremental tracking models (int_firebase__native_event, mrt_native__*): with a temporary
# DuckDB file every run builds them in full. With DBT_DB naming an existing file, a run keeps
# the stored tables and OUT_DIR's files, recomputes the dates of [DS - LOOKBACK_DAYS, DS] and
# rewrites only those partitions of OUT_DIR/<model>/event_date=D/; add --full-refresh to rebuild
# every date. A DBT_DB file that does not exist yet starts from an empty state (OUT_DIR cleaned).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -lt 3 ]]; then
  echo "usage: $0 SOURCES_DIR OUT_DIR DS [extra dbt args…]" >&2
  exit 2
fi
sources="$(cd "$1" && pwd)"
mkdir -p "$2"
out="$(cd "$2" && pwd)"
ds="$3"
shift 3
if ! [[ "$ds" =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]]; then
  echo "run.sh: DS must be YYYY-MM-DD, got '$ds'" >&2
  exit 2
fi

"$here/setup.sh"
venv="${BENCH_VENV:-$HOME/.cache/passculture-dbt-venv}"
# C-3: ds 00:00:00 UTC <= as_of < ds + 1 day, else the run is rejected before any model runs.
if ! "$venv/bin/python" - "$ds" "${AS_OF:-}" <<'PY'
import datetime as dt, sys
try:
    ds = dt.date.fromisoformat(sys.argv[1])
    start = dt.datetime(ds.year, ds.month, ds.day)
    as_of = dt.datetime.fromisoformat(sys.argv[2]) if sys.argv[2] else start
except ValueError as e:
    sys.exit(f"run.sh: invalid DS or AS_OF: {e}")
if as_of.tzinfo is not None or not (start <= as_of < start + dt.timedelta(days=1)):
    sys.exit(f"run.sh: AS_OF {sys.argv[2]} must be a naive UTC instant within DS {ds} (C-3)")
PY
then
  exit 2
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/passculture-dbt.XXXXXX")"
cleanup() { if [[ "${DBT_KEEP_DB:-0}" != 1 ]]; then rm -rf "$work"; else echo "run.sh: kept $work" >&2; fi; }
trap cleanup EXIT

db="$work/warehouse.duckdb"
keep_out=0
if [[ -n "${DBT_DB:-}" ]]; then
  mkdir -p "$(dirname "$DBT_DB")"
  db="$(cd "$(dirname "$DBT_DB")" && pwd)/$(basename "$DBT_DB")"
  # An existing state: its exported files stay (unselected models keep theirs, incremental
  # models rewrite their window's partitions, --full-refresh overwrites whole directories).
  if [[ -f "$db" ]]; then keep_out=1; fi
fi
if [[ "$keep_out" != 1 ]]; then
  find "$out" -maxdepth 1 -type f \( -name 'int_*.parquet' -o -name 'mrt_*.parquet' \) -delete
  find "$out" -mindepth 1 -maxdepth 1 -type d \( -name 'int_*' -o -name 'mrt_*' \) -exec rm -rf {} +
fi

export DBT_PROFILES_DIR="$here"
export DBT_DUCKDB_PATH="$db"
export DBT_TARGET_PATH="$work/target"
export DBT_LOG_PATH="$work/logs"
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
export DBT_PARTIAL_PARSE=false
threads="${DBT_THREADS:-2}"
lookback="${LOOKBACK_DAYS:-3}"
if ! [[ "$lookback" =~ ^[0-9]+$ ]]; then
  echo "run.sh: LOOKBACK_DAYS must be a whole number of days, got '$lookback'" >&2
  exit 2
fi
vars="{sources_dir: '$sources', out_dir: '$out', ds: '$ds', as_of: '${AS_OF:-}', lookback_days: $lookback}"
quiet=()
if [[ "${DBT_QUIET:-0}" == 1 ]]; then quiet=(--quiet); fi

cd "$here"
start=$(date +%s.%N)
set +e
"$venv/bin/dbt" "${quiet[@]}" build --project-dir "$here" --threads "$threads" --vars "$vars" "$@"
rc=$?
set -e
end=$(date +%s.%N)
printf 'run.sh: dbt build exit %d in %.1f s (threads %s); tables in %s\n' "$rc" "$(echo "$end - $start" | bc)" "$threads" "$out" >&2
exit $rc
