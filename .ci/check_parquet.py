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
def check_file(m, path):
    """Columns, order, types and NULLs of one Parquet file of model `m`."""
    table = pq.read_table(path)
    names = [c["name"] for c in m["columns"]]
    if table.column_names != names:
        errors.append(f"{m['name']}: {path.name}: columns {table.column_names} != manifest {names}")
        return None
    for c, field in zip(m["columns"], table.schema):
        ok = LOGICAL.get(c["logical"])
        if ok is not None and str(field.type) not in ok:
            errors.append(f"{m['name']}.{c['name']}: parquet type {field.type}, expected {c['logical']}")
        if not c["nullable"] and table.column(c["name"]).null_count:
            errors.append(f"{m['name']}.{c['name']}: NULLs in a non-null column")
    return table


for m in manifest["models"]:
    if m["materialized"] != "table":
        continue
    path = wh / f"{m['name']}.parquet"
    partitioned = wh / m["name"]
    if path.exists():
        check_file(m, path)
    elif partitioned.is_dir():
        # An incremental table: <model>/<column>=<YYYY-MM-DD>/*.parquet, each file holding every
        # column, the partition column equal to its directory's value (tracking.md T-3).
        for part in sorted(partitioned.iterdir()):
            column, sep, value = part.name.partition("=")
            if not sep:
                errors.append(f"{m['name']}: {part.name} is not a <column>=<value> partition")
                continue
            for f in sorted(part.glob("*.parquet")):
                table = check_file(m, f)
                if table is not None and column in table.column_names:
                    values = {str(v) for v in table.column(column).to_pylist()}
                    if values - {value}:
                        errors.append(f"{m['name']}: {part.name}/{f.name} holds {column} {sorted(values)}")
    else:
        errors.append(f"{m['name']}: missing {path} (and no partition directory {partitioned})")
        continue
    checked += 1
for e in errors:
    print("error:", e)
print(f"pyarrow read {checked} tables; {len(errors)} problem(s)")
sys.exit(1 if errors or checked == 0 else 0)
