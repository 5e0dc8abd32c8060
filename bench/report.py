#!/usr/bin/env python3
"""Turns the raw measurements of bench/run into tables.

    bench/report.py RESULTS.json [--out BENCHMARKS.md]

Prints the result tables and writes the Markdown report (machine, exact commands, per scale:
median and min–max of time and peak RSS of every row, the ratios of build-marts to DuckDB-direct,
to dbt-duckdb and to the IO floor against issue 8's targets, peak RSS per million bookings, the
IO floor's read/write split and the five slowest build-marts models from run_results.json).
Standard library only; the input is the JSON file bench/run writes (one entry per run of every
row: wall_s, rss_mb, time_s and what the row collects).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

# Issue 8's targets for build-marts.
TARGET_TIME_VS_DUCKDB = 0.70
TARGET_MEM_VS_DUCKDB = 1.00
TARGET_VS_FLOOR = 3.0


def med(xs: list[float]) -> float:
    return statistics.median(xs)


def spread(xs: list[float], fmt: str) -> str:
    return f"{fmt.format(min(xs))}–{fmt.format(max(xs))}" if len(xs) > 1 else "–"


def table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(sep) + "|"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def ratio_cell(x: float | None, target: float | None = None) -> str:
    if x is None:
        return "–"
    if target is None:
        return f"{x:.2f}×"
    return f"{x:.2f}× {'✓' if x <= target else '✗'}"


def report(res: dict) -> tuple[str, str]:
    """Returns (tables printed on the terminal, the whole Markdown report)."""
    labels = [r["label"] for r in res["rows"]]
    scales = list(res["scales"])
    parts: list[str] = []

    # ---- per scale: every row
    for scale in scales:
        sc = res["scales"][scale]
        bm = sc["rows"].get("build-marts") or []
        bookings = next((m["bookings"] for m in bm if m.get("bookings")), None)
        title = f"### Scale {scale}" + (f" ({bookings:,} bookings)" if bookings else "")
        rows = []
        for label in labels:
            ms = sc["rows"].get(label) or []
            if not ms:
                continue
            t = [m["time_s"] for m in ms]
            r = [m["rss_mb"] for m in ms]
            rows.append([f"`{label}`", f"{med(t):.2f}", spread(t, "{:.2f}"), f"{med(r):.0f}", spread(r, "{:.0f}"), str(len(ms))])
        parts.append(title + "\n\n" + table(["row", "time s (median)", "time min–max", "peak RSS MB (median)", "RSS min–max", "runs"], rows))
    results_md = "\n\n".join(parts)

    # ---- ratios
    def m_of(scale: str, label: str, key: str) -> float | None:
        ms = res["scales"][scale]["rows"].get(label) or []
        return med([m[key] for m in ms]) if ms else None

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    ratio_rows = []
    for scale in scales:
        bt, bm_ = m_of(scale, "build-marts", "time_s"), m_of(scale, "build-marts", "rss_mb")
        ratio_rows.append([
            scale,
            ratio_cell(div(bt, m_of(scale, "duckdb-direct", "time_s")), TARGET_TIME_VS_DUCKDB),
            ratio_cell(div(bm_, m_of(scale, "duckdb-direct", "rss_mb")), TARGET_MEM_VS_DUCKDB),
            ratio_cell(div(bt, m_of(scale, "dbt-duckdb", "time_s"))),
            ratio_cell(div(bm_, m_of(scale, "dbt-duckdb", "rss_mb"))),
            ratio_cell(div(bt, m_of(scale, "io-floor", "time_s")), TARGET_VS_FLOOR),
        ])
    ratios_md = (
        f"Medians divided (✓ = issue 8's target met: time ≤ {TARGET_TIME_VS_DUCKDB:.2f}× and peak memory ≤ "
        f"{TARGET_MEM_VS_DUCKDB:.2f}× DuckDB-direct, time ≤ {TARGET_VS_FLOOR:.0f}× the IO floor).\n\n"
        + table(["scale", "build-marts / duckdb-direct, time", "… peak RSS", "build-marts / dbt-duckdb, time", "… peak RSS",
                 "build-marts / io-floor, time"], ratio_rows)
    )

    # ---- memory growth
    mem_rows = []
    for scale in scales:
        bm = res["scales"][scale]["rows"].get("build-marts") or []
        bookings = next((m["bookings"] for m in bm if m.get("bookings")), None)
        if not bookings:
            continue
        mb = bookings / 1e6
        cells = [scale, f"{mb:.2f}"]
        for label in ("build-marts", "duckdb-direct", "dbt-duckdb"):
            r = m_of(scale, label, "rss_mb")
            cells += [f"{r:.0f}" if r is not None else "–", f"{r / mb:.0f}" if r is not None else "–"]
        mem_rows.append(cells)
    memory_md = (
        "Peak RSS (median) and peak RSS per million source bookings (`raw_applicative__booking` rows); "
        "memory that grows no faster than the data keeps the per-million figure flat or falling.\n\n"
        + table(["scale", "bookings (M)", "build-marts MB", "MB / M bookings", "duckdb-direct MB", "MB / M bookings",
                 "dbt-duckdb MB", "MB / M bookings"], mem_rows)
    )

    # ---- IO floor detail
    floor_rows = []
    for scale in scales:
        ms = res["scales"][scale]["rows"].get("io-floor") or []
        if not ms:
            continue
        m0 = ms[0]
        floor_rows.append([
            scale,
            f"{med([m['read_s'] for m in ms]):.2f}", f"{m0['read_files']}", f"{m0['read_rows']:,}", f"{m0['read_bytes'] / 1e6:.0f}",
            f"{med([m['write_s'] for m in ms]):.2f}", f"{m0['write_files']}", f"{m0['write_rows']:,}", f"{m0['write_bytes'] / 1e6:.0f}",
            f"{med([m['wall_s'] for m in ms]):.2f}",
        ])
    floor_md = (
        "Read: every source file under `applicative/` and `seed/` into memory; write: every table of the build-marts "
        "warehouse's published generation with `write_parquet`'s settings (full statistics, fsync, rename). The "
        "process wall time also counts loading the tables before the timed write.\n\n"
        + table(["scale", "read s", "files", "rows", "MB", "write s", "tables", "rows", "MB", "process wall s"], floor_rows)
    ) if floor_rows else ""

    # ---- slowest models
    slow_parts = []
    for scale in scales:
        bm = res["scales"][scale]["rows"].get("build-marts") or []
        if not bm:
            continue
        names = bm[0]["models"].keys()
        per = {n: [m["models"].get(n, 0.0) for m in bm] for n in names}
        top = sorted(per.items(), key=lambda kv: -med(kv[1]))[:5]
        elapsed = med([m["elapsed_s"] for m in bm if m.get("elapsed_s") is not None] or [0.0])
        slow_parts.append(
            f"Scale {scale} (run elapsed {elapsed:.2f} s, median):\n\n"
            + table(["model", "duration s (median)", "min–max"], [[f"`{n}`", f"{med(v):.2f}", spread(v, "{:.2f}")] for n, v in top])
        )
    slow_md = (
        "`duration_s` of each model in build-marts' `run_results.json`, median over the runs (models run in parallel, "
        "so durations overlap and do not add up to the wall time).\n\n" + "\n\n".join(slow_parts)
    ) if slow_parts else ""

    if "build-marts" not in labels:
        ratios_md = memory_md = "(no build-marts row measured)"
    terminal = "\n\n".join(x for x in [results_md, "Ratios\n\n" + ratios_md, "Memory\n\n" + memory_md,
                                       "IO floor\n\n" + floor_md if floor_md else "",
                                       "Slowest build-marts models\n\n" + slow_md if slow_md else ""] if x)

    # ---- machine and commands
    mc = res["machine"]
    machine_md = table(["", ""], [
        ["CPU", f"{mc['cpu']}, {mc['cpus']} CPU(s), {mc['threads_per_core']} thread(s) per core"],
        ["RAM", f"{mc['ram_gb']} GB"],
        ["OS", mc["os"]],
        ["Rust", f"{mc['rustc']}, Polars {mc['polars']}"],
        ["DuckDB / dbt", f"duckdb {mc['duckdb']}, dbt-core {mc['dbt_core']}, dbt-duckdb {mc['dbt_duckdb']} ({mc['python']})"],
        ["tree", f"`{mc['git']}` (release binaries built "
                 + ", ".join(f"{b} {t}" for b, t in mc.get("binaries", {}).items()) + ")"],
        ["peer settings", ", ".join(f"{k}={v}" for k, v in mc.get("settings", {}).items())],
        ["load average at start", f"{mc['load_before']:.2f}"],
    ], align="ll")
    row_lines = "\n".join(
        f"* `{r['label']}`: {r['what']}\n\n  ```sh\n  "
        + (" ".join(f"{k}={v}" for k, v in r["env"].items()) + " " if r["env"] else "")
        + f"{r['cmd']}\n  ```"
        + ("\n\n  prepared (untimed) by: " + "; ".join(f"`{c}`" for c in r["prepare"]) if r.get("prepare") else "")
        for r in res["rows"]
    )
    commands_md = f"""```sh
{res['command']}
```

Started {res['started']}, finished {res.get('finished', '?')} (UTC); {res['runs']} run(s) per row and scale, the rows
in turn within each run (peers alternate), each under `/usr/bin/time -v` (wall clock; peak RSS = the largest
process of the command's tree). Output directories are emptied before each run, outside the timing.

Placeholders: `{{data}}` = `{res['data_root']}/scale-N`, generated once by
`{{bin}}/gen-sources -q --scale N --out {{data}} --format parquet --event-days {res['event_days']} --ds {mc['ds']}`;
`{{bin}}` = the release binaries (`cargo build --release -p build-marts -p gen-sources -p io-floor`);
`{{ds}}` = `{mc['ds']}`; `{{venv}}` = the venv of `bench/dbt_duckdb/setup.sh`; `{{plan}}` = the output of
`{{venv}}/bin/python bench/duckdb_direct/run.py compile --sources {{data}} --ds {{ds}}` (dbt compile, cached,
untimed); `{{repo}}` = the checkout; `{{work}}` = a temporary directory; `{{out}}` = `{{work}}/<row>`.

{row_lines}"""

    md = f"""# Benchmarks

build-marts (release) against DuckDB running the same SQL in one process, against `dbt build` with
dbt-duckdb, and against the IO floor, on generated sources (issue 8). Produced by `bench/run`;
`bench/report.py` turns its raw JSON into this page.

## Machine

{machine_md}

## Results

{results_md}

## Ratios

{ratios_md}

## Memory growth

{memory_md}
""" + (f"\n## IO floor\n\n{floor_md}\n" if floor_md else "") + (f"\n## Slowest build-marts models\n\n{slow_md}\n" if slow_md else "") + f"""
## Commands

{commands_md}
"""
    return terminal, md


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path, help="the JSON file written by bench/run")
    ap.add_argument("--out", type=Path, help="write the Markdown report here")
    a = ap.parse_args()
    terminal, md = report(json.loads(a.results.read_text()))
    print(terminal)
    if a.out:
        a.out.write_text(md)
        print(f"\nreport written to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
