#!/usr/bin/env bash
# Creates (or updates) the Python venv holding dbt-core, dbt-duckdb, duckdb and pyarrow at the
# pinned versions of requirements.txt (constraints.txt pins every transitive dependency).
# Location: ${BENCH_VENV:-$HOME/.cache/passculture-dbt-venv}. Idempotent: a venv whose
# installed set already matches is left alone.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${BENCH_VENV:-$HOME/.cache/passculture-dbt-venv}"

if ! python3 -c 'import venv, ensurepip' 2>/dev/null; then
  echo "setup.sh: python3 venv/ensurepip missing; installing python3-venv" >&2
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
fi

stamp="$venv/.requirements.sha256"
want="$(cat "$here/requirements.txt" "$here/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [[ -x "$venv/bin/dbt" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --disable-pip-version-check \
  -r "$here/requirements.txt" -c "$here/constraints.txt"
echo "$want" > "$stamp"
echo "setup.sh: venv ready at $venv ($("$venv/bin/dbt" --version 2>/dev/null | grep -m1 installed | tr -s ' '))" >&2
