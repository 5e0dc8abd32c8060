#!/usr/bin/env bash
# Benchmark: build-marts (release) against the dbt + DuckDB reference on the same generated
# sources, runs alternated, figures side by side.
#
#   bench/bench.sh [SCALE] [RUNS]        # defaults: scale 1 (1M bookings), 3 runs each
#
# Prints, per run and as a median: wall time (s) and peak resident memory (MB) of each side,
# measured with /usr/bin/time -v around the whole process (build-marts: the binary; dbt: the
# `dbt build` process tree's largest member as reported by GNU time, i.e. the DuckDB process).
# Sources are generated once per scale into $BENCH_DATA (default ~/.cache/passculture-bench).
# Environment: BENCH_DATA, DS (default 2026-11-27), DBT_THREADS (default 2).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
scale="${1:-1}"
runs="${2:-3}"
ds="${DS:-2026-11-27}"
data="${BENCH_DATA:-$HOME/.cache/passculture-bench}/scale-$scale"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/passculture-target}"

echo "== release build (build-marts, gen-sources)" >&2
(cd "$repo" && cargo build -q --release --bin build-marts --bin gen-sources)
bin="$CARGO_TARGET_DIR/release"

if [[ ! -f "$data/.complete" ]]; then
  echo "== generating scale $scale into $data" >&2
  rm -rf "$data"
  "$bin/gen-sources" --scale "$scale" --out "$data" --format parquet
  touch "$data/.complete"
fi
"$repo/bench/dbt_duckdb/setup.sh" >/dev/null

work="$(mktemp -d "${TMPDIR:-/tmp}/passculture-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# measure NAME CMD...: runs CMD under GNU time; prints "seconds peak_mb".
measure() {
  local log="$work/time.log"
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$work/stderr.log" || {
    echo "failed: $*" >&2
    tail -20 "$work/stderr.log" >&2
    exit 1
  }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$log" | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  echo "$wall $((rss / 1024))"
}

printf '%-4s %-14s %10s %10s\n' run tool seconds peak_MB
declare -a rust_s rust_m dbt_s dbt_m
for i in $(seq 1 "$runs"); do
  read -r s m < <(measure "$bin/build-marts" -q --sources "$data" --ds "$ds" --warehouse "$work/rust")
  rust_s+=("$s"); rust_m+=("$m")
  printf '%-4s %-14s %10.2f %10d\n' "$i" build-marts "$s" "$m"
  read -r s m < <(measure env DBT_QUIET=1 DBT_THREADS="${DBT_THREADS:-2}" "$repo/bench/dbt_duckdb/run.sh" "$data" "$work/dbt" "$ds")
  dbt_s+=("$s"); dbt_m+=("$m")
  printf '%-4s %-14s %10.2f %10d\n' "$i" dbt-duckdb "$s" "$m"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
rs=$(median "${rust_s[@]}"); rm_=$(median "${rust_m[@]}")
ds_=$(median "${dbt_s[@]}"); dm=$(median "${dbt_m[@]}")
echo
printf '%-14s %10s %10s\n' median seconds peak_MB
printf '%-14s %10.2f %10.0f\n' build-marts "$rs" "$rm_"
printf '%-14s %10.2f %10.0f\n' dbt-duckdb "$ds_" "$dm"
awk -v a="$rs" -v b="$ds_" -v c="$rm_" -v d="$dm" \
  'BEGIN { printf "build-marts / dbt-duckdb: %.2fx the time, %.2fx the memory (scale %s, %d runs each)\n", a/b, c/d, "'"$scale"'", '"$runs"' }'
