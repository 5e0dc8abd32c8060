#!/usr/bin/env bash
# Differential fuzzing: runs bench/diff/run.sh on FIRST..LAST worlds of fuzz_sources.py
# (alternating CSV/Parquet and run dates; users 40 + 15·seed). Stops at the first difference.
#   bench/diff/fuzz.sh [FIRST [LAST]]      (BUILD_MARTS=… to skip cargo, FUZZ_DIR to keep worlds)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
first="${1:-1}"; last="${2:-$first}"
"$here/../dbt_duckdb/setup.sh"
py="${BENCH_VENV:-$HOME/.cache/passculture-dbt-venv}/bin/python"
dir="${FUZZ_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/passculture-fuzz.XXXXXX")}"
dates=(2026-11-27 2024-02-29 2025-03-01 2026-01-01)
for ((s = first; s <= last; s++)); do
  fmt=csv; (( s % 2 == 0 )) && fmt=parquet
  ds="${dates[$(( s % ${#dates[@]} ))]}"
  rm -rf "$dir/s$s" "$dir/w$s"
  "$py" "$here/fuzz_sources.py" "$dir/s$s" --seed "$s" --users $((40 + s * 15)) --format "$fmt" --ds "$ds"
  if DIFF_WORK="$dir/w$s" "$here/run.sh" "$dir/s$s" "$ds" > "$dir/r$s.txt" 2>&1; then
    echo "seed $s ($fmt, ds $ds): $(grep '^summary' "$dir/r$s.txt")"
  else
    echo "seed $s ($fmt, ds $ds): DIFFERENT or failed; report: $dir/r$s.txt"
    exit 1
  fi
done
echo "fuzz: seeds $first..$last match (worlds in $dir)"
