#!/usr/bin/env bash
# Export throughput (issue 10, deliverable 5): for each export table, `build-marts export`
# (rows/s from run_results.json, peak RSS from /usr/bin/time -v) next to the server's own bulk
# load of the same rows from a file — `clickhouse-client … INSERT … FORMAT TSV` and `psql
# \copy … csv` — the practical ceiling. Prints one Markdown row per table.
#
#   bench/export/run.sh [SCALE] [OUT_DIR]        # SCALE default 0.1
#
# Servers: PASSCULTURE_CLICKHOUSE_URL / PASSCULTURE_POSTGRES_URL when set (clickhouse-client
# then needs CLICKHOUSE_TCP_PORT), else throw-away servers started with .ci/clickhouse.sh and
# .ci/postgres.sh. Binaries: BUILD_MARTS and GEN_SOURCES (default: release, else debug, of
# $CARGO_TARGET_DIR). The lead runs it at scale 1 on the benchmark machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
scale="${1:-0.1}"
out="${2:-$(mktemp -d)}"
mkdir -p "$out"
target="${CARGO_TARGET_DIR:-$HOME/.cache/passculture-target}"
pick() { if [ -x "$target/release/$1" ] && "$target/release/$1" "${@:2}" >/dev/null 2>&1; then echo "$target/release/$1"; else echo "$target/debug/$1"; fi; }
bm="${BUILD_MARTS:-$(pick build-marts export --help)}"
gen="${GEN_SOURCES:-$(pick gen-sources --help)}"
ds=2026-11-27
models_list="exp_clickhouse__booking exp_clickhouse__native_event exp_clickhouse__venue_offer_statistic exp_backend__booking_per_ean_last_30_days exp_backend__stats_display_top_3_most_consulted_offers_last_30_days exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days"
echo "build-marts: $bm; scale $scale; work dir $out" >&2

servers="$out/servers"
# Leftovers of an interrupted earlier run in the same OUT_DIR.
[ -d "$servers/clickhouse" ] && .ci/clickhouse.sh stop "$servers/clickhouse"
[ -d "$servers/postgres" ] && .ci/postgres.sh stop "$servers/postgres"
rm -rf "$servers"
mkdir -p "$servers"; chmod 755 "$out" "$servers"
cleanup() {
  [ -n "${started_ch:-}" ] && .ci/clickhouse.sh stop "$servers/clickhouse"
  [ -n "${started_pg:-}" ] && .ci/postgres.sh stop "$servers/postgres"
  true
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
if [ -z "${PASSCULTURE_CLICKHOUSE_URL:-}" ]; then
  CLICKHOUSE_TCP_PORT="$(free_port)"
  started_ch=1
  PASSCULTURE_CLICKHOUSE_URL="$(.ci/clickhouse.sh start "$servers/clickhouse" "$(free_port)" "$CLICKHOUSE_TCP_PORT")"
fi
if [ -z "${PASSCULTURE_POSTGRES_URL:-}" ]; then
  started_pg=1
  PASSCULTURE_POSTGRES_URL="$(.ci/postgres.sh start "$servers/postgres" "$(free_port)")"
fi
export PASSCULTURE_CLICKHOUSE_URL PASSCULTURE_POSTGRES_URL
export PGOPTIONS="--client-min-messages=warning"
ch_user_pw="${PASSCULTURE_CLICKHOUSE_URL#http://}"; ch_user_pw="${ch_user_pw%@*}"
ch_user="${ch_user_pw%%:*}"; ch_pw="${ch_user_pw#*:}"

# 1. Sources and warehouse (full refresh: every generated event day is exported).
if [ ! -d "$out/sources/applicative" ]; then
  "$gen" --scale "$scale" --seed 7 --out "$out/sources" --event-days 3 --ds "$ds" -q
fi
"$bm" --ds "$ds" --sources "$out/sources" --warehouse "$out/warehouse" --full-refresh -q run 2>/dev/null

# The generated sources hold deliberate NULL booking quantities and amounts, which E-5 rightly
# refuses to deliver: the benchmark exports a plain-file copy of the export tables with those
# NULLs replaced (quantity 1, amount 0), so every table can be timed.
python3 - "$out/warehouse" "$out/bench_warehouse" $models_list <<'PY'
import os, sys, pyarrow as pa, pyarrow.compute as pc, pyarrow.parquet as pq
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for m in sys.argv[3:]:
    t = pq.read_table(os.path.join(src, m + ".parquet"))
    if m == "exp_clickhouse__booking":
        for name, fill in [("booking_quantity", pa.scalar(1, pa.int64())), ("booking_amount", pa.scalar(0, t.schema.field("booking_amount").type))]:
            i = t.schema.get_field_index(name)
            t = t.set_column(i, t.schema.field(i), pc.fill_null(t.column(i), fill))
    pq.write_table(t, os.path.join(dst, m + ".parquet"))
PY

# 2. Each export table alone, timed and measured.
models="$models_list"
echo "| export | rows | build-marts export (rows/s) | peak RSS (MB) | server bulk load from a file (rows/s) | ratio |"
echo "|---|---:|---:|---:|---:|---:|"
for m in $models; do
  /usr/bin/time -v -o "$out/time_$m.txt" "$bm" --warehouse "$out/bench_warehouse" -q export --select "$m" --pg-schema bench_export
  read -r rows rate table target < <(python3 - "$out/bench_warehouse/run_results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["deliveries"][0]
print(d["rows"], round(d["rows_per_s"] or 0), d["table"], d["target"])
PY
)
  rss_mb=$(awk -F: '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out/time_$m.txt")
  # 3. The same rows as a file, loaded by the server's own client into a copy of the table.
  python3 - "$out/bench_warehouse/$m.parquet" "$out/$m.tsv" "$target" <<'PY'
import sys, pyarrow.parquet as pq, pyarrow.compute as pc, pyarrow as pa, csv
t = pq.read_table(sys.argv[1])
cols = []
for c in t.columns:
    if pa.types.is_timestamp(c.type):
        c = pc.cast(pc.divide(pc.cast(c, pa.int64()), 1_000_000), pa.int64())  # epoch seconds (E-6)
    cols.append(c.to_pylist())
null = "\\N" if sys.argv[3] == "clickhouse" else ""
with open(sys.argv[2], "w", newline="") as f:
    w = csv.writer(f, delimiter="\t" if sys.argv[3] == "clickhouse" else ",", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for row in zip(*cols):
        w.writerow([null if v is None else (("1" if v else "0") if isinstance(v, bool) else v) for v in row])
PY
  if [ "$target" = clickhouse ]; then
    db="${table%%.*}"; t="${table#*.}"
    cc() { clickhouse-client --host 127.0.0.1 --port "$CLICKHOUSE_TCP_PORT" --user "$ch_user" --password "$ch_pw" "$@"; }
    cc --query "DROP TABLE IF EXISTS tmp.bench_$t"
    cc --query "CREATE TABLE tmp.bench_$t AS $db.$t"
    t0=$(date +%s.%N)
    cc --query "INSERT INTO tmp.bench_$t FORMAT TSV" < "$out/$m.tsv"
    t1=$(date +%s.%N)
    cc --query "DROP TABLE tmp.bench_$t"
  else
    psql -q "$PASSCULTURE_POSTGRES_URL" -c "DROP TABLE IF EXISTS bench_export.bench_copy; CREATE TABLE bench_export.bench_copy (LIKE $table INCLUDING ALL)"
    t0=$(date +%s.%N)
    psql -q "$PASSCULTURE_POSTGRES_URL" -c "\\copy bench_export.bench_copy FROM '$out/$m.tsv' WITH (FORMAT csv)"
    t1=$(date +%s.%N)
    psql -q "$PASSCULTURE_POSTGRES_URL" -c "DROP TABLE bench_export.bench_copy"
  fi
  bulk=$(python3 -c "print(round($rows / max($t1 - $t0, 1e-9)))")
  ratio=$(python3 -c "print(f'{$rate / max($bulk, 1):.2f}')")
  echo "| $m | $rows | $rate | $rss_mb | $bulk | $ratio |"
done
