"""Reads every table of a warehouse with pyarrow (a Parquet reader independent of Polars)
and checks its columns, order and types against manifest.json. Exits non-zero on any
mismatch."""
import json
import pathlib
import sys

import pyarrow.parquet as pq

LOGICAL = {
    # Polars stores its Arrow schema (Utf8View) in the file; pyarrow restores it as string_view.
    "str": ("string", "large_string", "string_view"),
    "i64": ("int64",),
    "bool": ("bool",),
    "f64": ("double",),
    "dec2": ("decimal128(18, 2)",),
    "date": ("date32[day]",),
    "dt_paris": ("timestamp[us]",),
    "dt_utc": ("timestamp[us]",),
}

wh = pathlib.Path(sys.argv[1])
manifest = json.loads((wh / "manifest.json").read_text())
errors, checked = [], 0
for m in manifest["models"]:
    path = wh / f"{m['name']}.parquet"
    if m["materialized"] != "table":
        continue
    if not path.exists():
        errors.append(f"{m['name']}: missing {path}")
        continue
    table = pq.read_table(path)
    names = [c["name"] for c in m["columns"]]
    if table.column_names != names:
        errors.append(f"{m['name']}: columns {table.column_names} != manifest {names}")
        continue
    for c, field in zip(m["columns"], table.schema):
        ok = LOGICAL.get(c["logical"])
        if ok is not None and str(field.type) not in ok:
            errors.append(f"{m['name']}.{c['name']}: parquet type {field.type}, expected {c['logical']}")
        if not c["nullable"] and table.column(c["name"]).null_count:
            errors.append(f"{m['name']}.{c['name']}: NULLs in a non-null column")
    checked += 1
for e in errors:
    print("error:", e)
print(f"pyarrow read {checked} tables; {len(errors)} problem(s)")
sys.exit(1 if errors or checked == 0 else 0)
