#!/usr/bin/env python3
"""Differential check: compares two warehouses (directories of <model>.parquet) model by model.

    compare.py LEFT_DIR RIGHT_DIR [--manifest PATH] [--models a,b] [--examples N]
               [--left-name rust] [--right-name dbt] [--rel-tol 1e-9] [--json OUT]

Grains and logical column types come from the manifest of the Rust warehouse
(`<LEFT_DIR>/manifest.json` by default: `models[].grain`, `models[].columns[].logical`). Every
model the manifest materialises as a table is compared (plus any other manifest model present on
both sides); for each one the report gives the row counts, keys missing from the right side and
extra keys (present only on the right), NULL or duplicate keys on either side, schema differences
(missing/extra columns, column order, physical types) and, on the keys present on both sides, the
number of differing cells per column with a few example keys and both values. Cells are compared
exactly (integers, money, strings, booleans, dates, datetimes; NULL equals only NULL) except f64
columns, which may differ by a relative 1e-9 (`--rel-tol`). Exit status: 0 when nothing differs,
1 when anything differs (or a table is missing), 2 on a usage error.

A warehouse whose `<model>.parquet` files are links through `current/` (the Rust layout) is
read through `current` resolved once, so all tables come from the same generation. A
date-partitioned table (`<model>/event_date=YYYY-MM-DD/*.parquet`, the Rust tracking tables) is
read whole. A model without a grain (tracking tables) is compared as a multiset of rows: the
report counts the rows present more often on one side than on the other.
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import duckdb


def resolve_dir(d: str) -> str:
    cur = os.path.join(d, "current")
    if os.path.islink(cur) or os.path.isdir(cur):
        return os.path.realpath(cur)
    return os.path.realpath(d)


def table_source(root: str, model: str):
    """What to read for `model`: `<model>.parquet`, the glob of a partitioned `<model>/` directory
    (None when it has no partition yet), or False when the warehouse has neither."""
    single = os.path.join(root, model + ".parquet")
    if os.path.exists(single):
        return single
    d = os.path.join(root, model)
    if os.path.isdir(d):
        parts = [p for p in os.listdir(d) if p.startswith("event_date=")]
        return os.path.join(d, "*", "*.parquet") if parts else None
    return False


def qi(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def ql(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def fmt(v) -> str:
    if v is None:
        return "NULL"
    s = repr(v) if isinstance(v, str) else str(v)
    return s if len(s) <= 60 else s[:57] + "..."


class Model:
    def __init__(self, spec: dict):
        self.name = spec["name"]
        self.grain = list(spec.get("grain") or [])
        self.materialized = spec.get("materialized")
        self.columns = [c["name"] for c in spec.get("columns", [])]
        self.logical = {c["name"]: c.get("logical") for c in spec.get("columns", [])}


def compare_model(con, m: Model, lpath: str, rpath: str, args) -> dict:
    res = {"model": m.name, "differences": 0, "notes": [], "lines": []}
    out = res["lines"]

    def diff(msg):
        res["differences"] += 1
        out.append("  DIFF " + msg)

    if lpath is None and rpath is None:
        # Two partitioned tables without any partition (no event in the sources): equal.
        res["rows"] = (0, 0)
        out.append(f"  rows: {args.left_name} 0, {args.right_name} 0 (no partition on either side)")
        return res
    for view, path in (("l", lpath), ("r", rpath)):
        if path is None:
            continue
        con.execute(f"create or replace temp view {view} as select * from read_parquet({ql(path)}, hive_partitioning = false)")
    # A partitioned table without any partition reads as the other side's columns, no row.
    for view, path, other in (("l", lpath, "r"), ("r", rpath, "l")):
        if path is None:
            con.execute(f"create or replace temp view {view} as select * from {other} where false")
    lcols = [(row[0], row[1]) for row in con.execute("describe l").fetchall()]
    rcols = [(row[0], row[1]) for row in con.execute("describe r").fetchall()]
    ltypes, rtypes = dict(lcols), dict(rcols)
    lnames, rnames = [c for c, _ in lcols], [c for c, _ in rcols]

    nl = con.execute("select count(*) from l").fetchone()[0]
    nr = con.execute("select count(*) from r").fetchone()[0]
    res["rows"] = (nl, nr)
    out.append(f"  rows: {args.left_name} {nl}, {args.right_name} {nr}")
    if nl != nr:
        diff(f"row counts differ: {args.left_name} {nl}, {args.right_name} {nr}")

    # Schema.
    if m.columns and lnames != m.columns:
        res["notes"].append(f"{args.left_name} columns differ from the manifest's")
        out.append(f"  note: {args.left_name} columns differ from the manifest's")
    only_l = [c for c in lnames if c not in rtypes]
    only_r = [c for c in rnames if c not in ltypes]
    if only_l:
        diff(f"columns missing from {args.right_name}: {', '.join(only_l)}")
    if only_r:
        diff(f"extra columns in {args.right_name}: {', '.join(only_r)}")
    common = [c for c in lnames if c in rtypes]
    if [c for c in lnames if c in rtypes] != [c for c in rnames if c in ltypes]:
        rorder = [c for c in rnames if c in ltypes]
        first = next(i for i, (a, b) in enumerate(zip(common, rorder)) if a != b)
        diff(f"column order differs from position {first + 1}: {args.left_name} {common[first:first + 4]}…, "
             f"{args.right_name} {rorder[first:first + 4]}…")
    for c in common:
        if ltypes[c] != rtypes[c]:
            diff(f"column {c}: type {args.left_name} {ltypes[c]}, {args.right_name} {rtypes[c]}")

    if not m.grain and common:
        sel = ", ".join(qi(c) for c in common)
        only_l = con.execute(f"select count(*) from (select {sel} from l except all select {sel} from r)").fetchone()[0]
        only_r = con.execute(f"select count(*) from (select {sel} from r except all select {sel} from l)").fetchone()[0]
        res["missing"], res["extra"] = only_l, only_r
        out.append(f"  no grain: rows compared as multisets on {len(common)} common columns")
        if only_l:
            ex = con.execute(f"select {sel} from l except all select {sel} from r limit {args.examples}").fetchall()
            diff(f"{only_l} row(s) only in {args.left_name}, e.g. {'; '.join(str(tuple(fmt(v) for v in row[:6])) for row in ex)}")
        if only_r:
            ex = con.execute(f"select {sel} from r except all select {sel} from l limit {args.examples}").fetchall()
            diff(f"{only_r} row(s) only in {args.right_name}, e.g. {'; '.join(str(tuple(fmt(v) for v in row[:6])) for row in ex)}")
        return res
    grain = [g for g in m.grain if g in ltypes and g in rtypes]
    if len(grain) != len(m.grain) or not grain:
        diff(f"grain {m.grain} not present on both sides; no row comparison")
        res["missing"] = res["extra"] = None
        return res
    gsel = ", ".join(qi(g) for g in grain)

    # Key sanity on both sides.
    for side, name in (("l", args.left_name), ("r", args.right_name)):
        nulls = con.execute(f"select count(*) from {side} where " + " or ".join(f"{qi(g)} is null" for g in grain)).fetchone()[0]
        dups = con.execute(f"select count(*) from (select {gsel} from {side} group by all having count(*) > 1)").fetchone()[0]
        if nulls:
            diff(f"{name}: {nulls} row(s) with a NULL key")
        if dups:
            ex = con.execute(f"select {gsel} from {side} group by all having count(*) > 1 order by all limit {args.examples}").fetchall()
            diff(f"{name}: {dups} duplicated key(s), e.g. {'; '.join(keystr(grain, k) for k in ex)}")

    on = " and ".join(f"l.{qi(g)} is not distinct from r.{qi(g)}" for g in grain)
    keys_l = ", ".join(f"l.{qi(g)}" for g in grain)
    keys_r = ", ".join(f"r.{qi(g)}" for g in grain)
    missing = con.execute(f"select count(*) from l anti join r on {on}").fetchone()[0]
    extra = con.execute(f"select count(*) from r anti join l on {on}").fetchone()[0]
    res["missing"], res["extra"] = missing, extra
    if missing:
        ex = con.execute(f"select {keys_l} from l anti join r on {on} order by all limit {args.examples}").fetchall()
        diff(f"{missing} key(s) missing from {args.right_name}, e.g. {'; '.join(keystr(grain, k) for k in ex)}")
    if extra:
        ex = con.execute(f"select {keys_r} from r anti join l on {on} order by all limit {args.examples}").fetchall()
        diff(f"{extra} extra key(s) in {args.right_name}, e.g. {'; '.join(keystr(grain, k) for k in ex)}")

    # Cells, on matched keys.
    value_cols = [c for c in common if c not in grain]
    if not value_cols:
        res["cells"] = {}
        return res
    conds = {}
    for c in value_cols:
        lc, rc = f"l.{qi(c)}", f"r.{qi(c)}"
        if ltypes[c] != rtypes[c]:
            rc = f"try_cast({rc} as {ltypes[c]})"
        if m.logical.get(c) == "f64" or ltypes[c] in ("DOUBLE", "FLOAT"):
            # NaN equals only NaN; infinities only themselves; else relative tolerance.
            conds[c] = (f"(({lc} is null) <> ({rc} is null) or ({lc} is not null and {rc} is not null and "
                        f"case when isnan({lc}) or isnan({rc}) then not (isnan({lc}) and isnan({rc})) "
                        f"when {lc} = {rc} then false "
                        f"when isinf({lc}) or isinf({rc}) then true "
                        f"else abs({lc} - {rc}) > {args.rel_tol} * greatest(abs({lc}), abs({rc})) end))")
        else:
            conds[c] = f"({lc} is distinct from {rc})"
    counts = con.execute(
        "select " + ", ".join(f"count(*) filter (where {conds[c]})" for c in value_cols)
        + f" from l join r on {on}").fetchone()
    res["cells"] = {}
    for c, n in zip(value_cols, counts):
        if not n:
            continue
        res["cells"][c] = n
        ex = con.execute(
            f"select {keys_l}, l.{qi(c)}, r.{qi(c)} from l join r on {on} where {conds[c]} "
            f"order by {keys_l} limit {args.examples}").fetchall()
        shown = "; ".join(f"{keystr(grain, row[:len(grain)])}: {fmt(row[-2])} vs {fmt(row[-1])}" for row in ex)
        diff(f"column {c}: {n} differing cell(s) ({args.left_name} vs {args.right_name}), e.g. {shown}")
    return res


def keystr(grain, values) -> str:
    return ", ".join(f"{g}={fmt(v)}" for g, v in zip(grain, values))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("left")
    ap.add_argument("right")
    ap.add_argument("--manifest", help="manifest.json with grains (default: LEFT/manifest.json)")
    ap.add_argument("--models", help="comma-separated model names (default: every table model)")
    ap.add_argument("--examples", type=int, default=5, help="example keys per difference (default 5)")
    ap.add_argument("--left-name", default="rust")
    ap.add_argument("--right-name", default="dbt")
    ap.add_argument("--rel-tol", type=float, default=1e-9)
    ap.add_argument("--json", help="also write the per-model results as JSON here")
    args = ap.parse_args()

    left, right = resolve_dir(args.left), resolve_dir(args.right)
    manifest_path = args.manifest or os.path.join(left, "manifest.json")
    try:
        with open(manifest_path) as f:
            manifest = json.load(f)
    except OSError as e:
        print(f"compare.py: cannot read the manifest: {e}", file=sys.stderr)
        return 2
    models = [Model(s) for s in manifest["models"]]
    if args.models:
        wanted = args.models.split(",")
        unknown = [w for w in wanted if w not in {m.name for m in models}]
        if unknown:
            print(f"compare.py: unknown model(s): {', '.join(unknown)}", file=sys.stderr)
            return 2
        models = [m for m in models if m.name in wanted]
    else:
        models = [m for m in models if m.name.startswith(("int_", "mrt_"))]

    con = duckdb.connect()
    results = []
    total = 0
    for m in models:
        lp, rp = table_source(left, m.name), table_source(right, m.name)
        lx, rx = lp is not False, rp is not False
        if not lx and m.materialized != "table" and rx:
            print(f"== {m.name}: skipped ({args.left_name} materialises it as a {m.materialized}; nothing to compare)")
            results.append({"model": m.name, "status": "skipped", "differences": 0})
            continue
        if not lx or not rx:
            miss = [n for n, x in ((args.left_name, lx), (args.right_name, rx)) if not x]
            print(f"== {m.name}: DIFF table missing on {' and '.join(miss)}")
            results.append({"model": m.name, "status": "missing", "differences": 1})
            total += 1
            continue
        r = compare_model(con, m, lp, rp, args)
        r["status"] = "match" if r["differences"] == 0 else "differ"
        total += r["differences"]
        print(f"== {m.name}: {'match' if r['differences'] == 0 else 'DIFFERENT'} (grain {', '.join(m.grain)})")
        for line in r.pop("lines"):
            print(line)
        results.append(r)

    print()
    print(f"{'model':42} {args.left_name:>8} {args.right_name:>8} {'missing':>8} {'extra':>8}  differing cells")
    for r in results:
        if r["status"] in ("skipped", "missing"):
            print(f"{r['model']:42} {r['status']}")
            continue
        nl, nr = r["rows"]
        cells = ", ".join(f"{c} {n}" for c, n in r.get("cells", {}).items()) or "-"
        miss = "-" if r.get("missing") is None else r["missing"]
        ext = "-" if r.get("extra") is None else r["extra"]
        print(f"{r['model']:42} {nl:>8} {nr:>8} {miss:>8} {ext:>8}  {cells}"
              + ("" if r["differences"] == 0 or r.get("cells") else "  (see above)"))
    compared = [r for r in results if r["status"] in ("match", "differ")]
    matched = [r for r in compared if r["status"] == "match"]
    print(f"\nsummary: {len(matched)} of {len(compared)} compared model(s) match"
          + (f", {len(results) - len(compared)} skipped or missing" if len(results) != len(compared) else "")
          + f"; {total} difference(s)")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=str)
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
