#!/usr/bin/env python3
"""Turns the raw measurements of bench/run into tables.

    bench/report.py RESULTS.json [--out BENCHMARKS.md]

Prints the result tables and writes the Markdown report (machine, exact commands, per scale:
median and min–max of time and peak RSS of every row, the ratios of build-marts to DuckDB-direct,
to dbt-duckdb and to the IO floor against issue 8's targets, peak RSS per million bookings, the
IO floor's read/write split and the five slowest build-marts models from run_results.json).
Standard library only; the input is the JSON file bench/run writes (one entry per run of every
row: wall_s, rss_mb, time_s and what the row collects).

A JSON file of bench/incremental/run (`"kind": "incremental"`) gives one section instead,
"Tracking: incremental vs full refresh (D days, scale N)": it replaces that section of --out
(between its `<!-- bench/incremental … -->` markers) or is appended, and the rest of the file is
kept. A whole report of bench/run keeps the marked sections of the file it overwrites.
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
# Issue 9: a daily incremental run of the tracking models against a full refresh of the history.
TARGET_INCREMENTAL_VS_FULL = 0.20


def runs_text(res: dict) -> str:
    """How many runs each row had: `--runs`, and the scales `--runs-at` gave another count."""
    other = ", ".join(f"scale {k}: {v}" for k, v in res.get("runs_at", {}).items() if k in res["scales"])
    return f"{res['runs']} run(s)" + (f" ({other})" if other else "")


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
        "process wall time also counts loading each table before its timed write (one table at a time since "
        "2026-12-05 18:40 UTC; before, all tables were loaded first, which is why the floor's peak RSS was the size "
        "of the warehouse in memory: 20 GB at scale 4).\n\n"
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

Started {res['started']}, finished {res.get('finished', 'not finished: a partial file')} (UTC); {runs_text(res)} per row and scale, the rows
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


def section_markers(key: str) -> tuple[str, str]:
    return f"<!-- bench/incremental {key}: begin (generated by bench/report.py) -->", f"<!-- bench/incremental {key}: end -->"


def marked_sections(text: str) -> list[str]:
    """The sections of an existing report that bench/run's report does not generate, markers
    included: `<!-- bench/<source> <key>: begin … -->` … `<!-- bench/<source> <key>: end -->`
    (bench/incremental's generated sections, the hand-kept export throughput)."""
    out, pos = [], 0
    while True:
        b = text.find("<!-- bench/", pos)
        if b < 0:
            return out
        head = text[b + len("<!-- "):].split(":", 1)[0]  # e.g. "bench/incremental scale-1-days30"
        end = f"<!-- {head}: end -->"
        e = text.find(end, b)
        if e < 0:
            return out
        out.append(text[b:e + len(end)])
        pos = e + len(end)


def splice(text: str, key: str, body: str) -> str:
    """`text` with the section `key` replaced by `body` (appended when absent)."""
    begin, end = section_markers(key)
    block = f"{begin}\n{body.strip()}\n{end}"
    b = text.find(begin)
    e = text.find(end, b) if b >= 0 else -1
    if b >= 0 and e >= 0:
        return text[:b] + block + text[e + len(end):]
    return text.rstrip("\n") + "\n\n" + block + "\n"


def fmt_s(x: float | None) -> str:
    return "–" if x is None else f"{x:.2f}"


def incremental_report(res: dict) -> tuple[str, str, str]:
    """A bench/incremental/run JSON as (section key, terminal text, Markdown section)."""
    scale, days, lb, ds = res["scale"], res["event_days"], res["lookback_days"], res["ds"]
    key = f"scale-{scale}-days{days}"
    peers = res.get("peers", {})
    kinds = ("incremental", "full refresh")

    def runs(peer: str, kind: str) -> list[dict]:
        return ((peers.get(peer) or {}).get("rows", {}).get(kind) or {}).get("runs") or []

    def med_of(peer: str, kind: str, k: str) -> float | None:
        ms = runs(peer, kind)
        return med([m[k] for m in ms]) if ms else None

    def div(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    def rows_of(m: dict, model: str):
        return ((m.get("models") or {}).get(model) or {}).get("rows")

    rows = []
    for peer in ("build-marts", "dbt-duckdb"):
        for kind in kinds:
            ms = runs(peer, kind)
            if not ms:
                rows.append([f"`{peer}` {kind}", "not measured", "", "", "", "", "", ""])
                continue
            t, r = [m["time_s"] for m in ms], [m["rss_mb"] for m in ms]
            n = rows_of(ms[0], "int_firebase__native_event")
            loads = [m.get("load_before") for m in ms if m.get("load_before") is not None]
            rows.append([f"`{peer}` {kind}", f"{med(t):.2f}", spread(t, "{:.2f}"), f"{med(r):.0f}", spread(r, "{:.0f}"),
                         str(len(ms)), f"{n:,}" if n is not None else "–",
                         f"{min(loads):.1f}–{max(loads):.1f}" if loads else "–"])
    results_md = table(["row", "time s (median)", "min–max", "peak RSS MB (median)", "min–max", "runs",
                        "int_firebase__native_event rows", "load before"], rows)

    ratio_rows = []
    for peer in ("build-marts", "dbt-duckdb"):
        ratio_rows.append([f"`{peer}`", fmt_s(med_of(peer, "incremental", "time_s")), fmt_s(med_of(peer, "full refresh", "time_s")),
                           ratio_cell(div(med_of(peer, "incremental", "time_s"), med_of(peer, "full refresh", "time_s")),
                                      TARGET_INCREMENTAL_VS_FULL),
                           ratio_cell(div(med_of(peer, "incremental", "rss_mb"), med_of(peer, "full refresh", "rss_mb")))])
    ratio_md = table(["peer", "incremental s", "full refresh s", "incremental / full refresh, time", "… peak RSS"], ratio_rows)
    peer_rows = []
    for kind in kinds:
        peer_rows.append([kind, ratio_cell(div(med_of("build-marts", kind, "time_s"), med_of("dbt-duckdb", kind, "time_s"))),
                          ratio_cell(div(med_of("build-marts", kind, "rss_mb"), med_of("dbt-duckdb", kind, "rss_mb")))])
    peer_md = table(["row", "build-marts / dbt-duckdb, time", "… peak RSS"], peer_rows)

    mc = res["machine"]
    setup = []
    for peer in ("build-marts", "dbt-duckdb"):
        pr = peers.get(peer)
        if not pr:
            continue
        prep = pr.get("prepared") or {}
        setup.append([f"`{peer}`", f"{pr['started']} – {pr['finished']}", f"`{pr['git']}`",
                      ", ".join(f"{k}={v}" for k, v in pr.get("settings", {}).items()) if peer == "dbt-duckdb" else
                      "release binary " + str(pr.get("binaries", {}).get("build-marts", "?")),
                      (f"{prep['wall_s']:.0f} s, " + (f"{prep['rss_mb']:.0f} MB" if prep.get("rss_mb") else "RSS not measured")
                       + (f" ({prep['note']})" if prep.get("note") else "")) if prep.get("wall_s") else "–"])
    setup_md = table(["peer", "measured (UTC)", "tree", "settings", "history build (untimed): wall, peak RSS"], setup, align="lllll")

    cmds = []
    for peer in ("build-marts", "dbt-duckdb"):
        pr = peers.get(peer)
        if not pr:
            continue
        for kind in ("prepare", *kinds):
            r = pr["prepare"] if kind == "prepare" else pr["rows"][kind]
            env = " ".join(f"{k}={v}" for k, v in r["env"].items())
            cmds.append(f"* `{peer}` {'history (untimed, once)' if kind == 'prepare' else kind}: {r['what']}\n\n"
                        f"  ```sh\n  {(env + ' ') if env else ''}{r['cmd']}\n  ```")
    invocations = sorted({pr["command"] for pr in peers.values()})
    cmp_ = res.get("compare")
    check = (f"\nAfter the runs both peers' stored tracking tables were compared (`bench/diff/compare.py`, every date): "
             f"{cmp_['summary']} ({cmp_['at']}).\n") if cmp_ else ""
    missing = [p for p in ("build-marts", "dbt-duckdb") if p not in peers]
    pending = (f"\nNot measured yet: {', '.join(f'`{p}`' for p in missing)} (`bench/incremental/run --scale {scale} "
               f"--event-days {days} --peers {','.join(missing)}` completes this table).\n") if missing else ""

    md = f"""## Tracking: incremental vs full refresh ({days} days, scale {scale})

The three tracking models (`int_firebase__native_event`, `mrt_native__event`,
`mrt_native__daily_offer_consultation`) over {days} days of events (scale {scale}: {float(scale) * 1e6:,.0f}
events a day, the last day = ds = {ds}), the stored history already present: the **daily
incremental run** recomputes the window W = [ds − {lb}, ds] ({lb + 1} dates) and replaces those
partitions; the **full refresh** (`--full-refresh`, same selection) recomputes every date. Both
peers start from a state made by an untimed full build of every model (the global marts the
tracking models look up, and every event date); dbt-duckdb keeps it in a persistent DuckDB file
(`DBT_DB`, `materialized='incremental'`, `delete+insert` on `event_date`) and exports the tables
as `event_date` partitions as build-marts does (an incremental run rewrites W's partitions only).
Produced by `bench/incremental/run`; timing under `/usr/bin/time -v`, peers alternating.
{pending}
{results_md}

Incremental against full refresh (✓ = issue 9's target: incremental ≤ {TARGET_INCREMENTAL_VS_FULL:.2f}× the full refresh):

{ratio_md}

build-marts against dbt-duckdb:

{peer_md}
{check}
{setup_md}

Machine: {mc['cpu']}, {mc['cpus']} CPU(s), {mc['ram_gb']} GB RAM; duckdb {mc['duckdb']}, dbt-core {mc['dbt_core']},
dbt-duckdb {mc['dbt_duckdb']}. "load before" is the 1-minute load average when each run started (other work on
the machine shares its 2 cores: a load above 2 slows the row).

```sh
{chr(10).join(invocations)}
```

Placeholders: `{{data}}` = `{res['data_root']}/{key}` (`gen-sources --scale {scale} --format parquet --event-days {days} --ds {ds}`),
`{{state}}` = `{res['state_root']}/<peer>`, `{{lookback}}` = `{lb}`, `{{bin}}` = the release binaries, `{{repo}}` = the checkout.

{chr(10).join(cmds)}
"""
    terminal = f"{key}\n\n{results_md}\n\n{ratio_md}\n\n{peer_md}\n{check}"
    return key, terminal, md


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("results", type=Path, help="the JSON file written by bench/run or bench/incremental/run")
    ap.add_argument("--out", type=Path, help="write the Markdown report here")
    a = ap.parse_args()
    res = json.loads(a.results.read_text())
    if res.get("kind") == "incremental":
        key, terminal, md = incremental_report(res)
        print(terminal)
        if a.out:
            old = a.out.read_text() if a.out.is_file() else "# Benchmarks\n"
            a.out.write_text(splice(old, key, md))
            print(f"\nsection {key} written to {a.out}", file=sys.stderr)
        return 0
    terminal, md = report(res)
    print(terminal)
    if a.out:
        # Sections generated from bench/incremental/run's results are kept.
        kept = marked_sections(a.out.read_text()) if a.out.is_file() else []
        a.out.write_text(md + "".join("\n" + k + "\n" for k in kept))
        print(f"\nreport written to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
