#!/usr/bin/env bash
# Differential check on one set of sources:
#   bench/diff/run.sh SOURCES_DIR DS
# 1. builds the Rust warehouse: `cargo run --release --bin build-marts -- --sources … --ds …
#    --warehouse …` (BUILD_MARTS=path/to/build-marts uses that binary instead of cargo);
# 2. builds the dbt + DuckDB reference (bench/dbt_duckdb/run.sh) on the same sources and ds;
# 3. compares every int_* / mrt_* table on its grain (bench/diff/compare.py; grains from the
#    Rust manifest.json) and exits with its status (0 = no difference).
# Environment: DIFF_WORK (directory for both warehouses; default a new temporary directory,
# kept and printed), AS_OF (passed to both), DBT_THREADS, COMPARE_ARGS (extra compare.py args,
# e.g. "--examples 10 --json /tmp/diff.json").
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
if [[ $# -ne 2 ]]; then
  echo "usage: $0 SOURCES_DIR DS" >&2
  exit 2
fi
sources="$(cd "$1" && pwd)"
ds="$2"
work="${DIFF_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/passculture-diff.XXXXXX")}"
mkdir -p "$work"
work="$(cd "$work" && pwd)"
rust_wh="$work/rust"
dbt_wh="$work/dbt"
as_of=()
if [[ -n "${AS_OF:-}" ]]; then as_of=(--as-of "$AS_OF"); fi

"$repo/bench/dbt_duckdb/setup.sh"
venv="${BENCH_VENV:-$HOME/.cache/passculture-dbt-venv}"

t0=$(date +%s.%N)
echo "== build-marts → $rust_wh" >&2
if [[ -n "${BUILD_MARTS:-}" ]]; then
  "$BUILD_MARTS" -q --sources "$sources" --ds "$ds" "${as_of[@]}" --warehouse "$rust_wh"
else
  (cd "$repo" && cargo run -q --release --bin build-marts -- -q --sources "$sources" --ds "$ds" "${as_of[@]}" --warehouse "$rust_wh")
fi
t1=$(date +%s.%N)
echo "== dbt build → $dbt_wh" >&2
DBT_QUIET=1 "$repo/bench/dbt_duckdb/run.sh" "$sources" "$dbt_wh" "$ds"
t2=$(date +%s.%N)
echo "== compare" >&2
set +e
# shellcheck disable=SC2086
"$venv/bin/python" "$here/compare.py" "$rust_wh" "$dbt_wh" ${COMPARE_ARGS:-}
rc=$?
set -e
t3=$(date +%s.%N)
printf 'diff: build-marts %.1f s, dbt %.1f s, compare %.1f s; warehouses in %s; exit %d\n' \
  "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)" "$work" "$rc" >&2
exit $rc
