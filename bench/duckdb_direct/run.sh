#!/usr/bin/env bash
# DuckDB executing the dbt project's SQL directly, in one process (no dbt at run time):
#   bench/duckdb_direct/run.sh SOURCES_DIR OUT_DIR DS
# Same arguments, environment (AS_OF, DBT_DUCKDB_THREADS, DBT_DUCKDB_MEMORY_LIMIT, BENCH_VENV)
# and outputs (OUT_DIR/<model>.parquet per int_*/mrt_* model) as bench/dbt_duckdb/run.sh.
# The first call per sources/ds runs `dbt compile` and caches the plan (see run.py); to time
# the execution alone: plan=$(run.py compile …) once, then `run.py run --plan "$plan" --out …`.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [[ $# -ne 3 ]]; then
  echo "usage: $0 SOURCES_DIR OUT_DIR DS" >&2
  exit 2
fi
"$here/../dbt_duckdb/setup.sh"
venv="${BENCH_VENV:-$HOME/.cache/passculture-dbt-venv}"
exec "$venv/bin/python" "$here/run.py" build --sources "$1" --out "$2" --ds "$3" --as-of "${AS_OF:-}"
