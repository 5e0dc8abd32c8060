#!/usr/bin/env python3
"""Checks the SQL of macros/functions.sql against the spec's examples (docs/spec/README.md §9)
and an independent Python humanize_id on random ids of every size. Run with the venv's python:
    ~/.cache/passculture-dbt-venv/bin/python bench/dbt_duckdb/check_macros.py
Prints 'N passed, M failed' and exits non-zero on a failure."""
import base64
import os
import random
import sys

import duckdb
import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
env = jinja2.Environment(extensions=["jinja2.ext.do"])
env.globals["var"] = lambda k, d=None: {"ds": "2026-11-27"}.get(k, d)
MACROS = open(os.path.join(HERE, "macros", "functions.sql"), encoding="utf-8").read()


def sql(call: str) -> str:
    return env.from_string(MACROS + "\n" + call).render().strip()


def py_humanize(s):
    if s is None or not s or not all("0" <= ch <= "9" for ch in s):
        return None
    v = int(s)
    b = v.to_bytes((v.bit_length() + 7) // 8, "big") if v else b""
    return base64.b32encode(b).decode().rstrip("=").replace("O", "8").replace("I", "9")


con = duckdb.connect()
passed = failed = 0


def check(expr_sql, arg, expected, label):
    global passed, failed
    got = con.execute(f"select {expr_sql} from (select ?::varchar as x, ?::date as d, ?::date as r)", arg).fetchone()[0]
    if got == expected:
        passed += 1
    else:
        failed += 1
        print(f"FAIL {label}: {arg!r} → {got!r}, expected {expected!r}")


h = sql("{{ humanize_id('x') }}")
for v, want in [("1", "AE"), ("64", "9A"), ("112", "8A"), ("255", "74"), ("256", "AEAA"), ("1234", "ATJA"),
                ("1000000", "B5BEA"), ("0", ""), ("007", py_humanize("7")), (None, None), ("", None), ("1a", None),
                ("-1", None), (" 1", None), ("１", None)]:
    check(h, [v, None, None], want, "humanize_id")
R = random.Random(1)
for _ in range(2000):
    v = str(R.randint(0, 2 ** R.randint(1, 200)))
    check(h, [v, None, None], py_humanize(v), "humanize_id")

js = sql("{{ json_scalar('x', 'k') }}")
jr = sql("{{ json_raw('x', 'k') }}")
for text, scalar, raw in [('{"k": 1.50}', "1.50", "1.50"), ('{"k": 1e2}', "1e2", "1e2"), ('{"k": "a\\"b"}', 'a"b', '"a\\"b"'),
                          ('{"k": true}', "true", "true"), ('{"k": null}', None, None), ('{"x": 1}', None, None),
                          ('{"k": {"a": 1.50}}', None, '{"a":1.50}'), ('{"k": [1, "x"]}', None, '[1,"x"]'),
                          ('{"k": 978', None, None), (None, None, None), ('[1]', None, None),
                          ('{"k": 1,}', None, None), ('{"k": [1,]}', None, None), ('{"k": NaN}', None, None),
                          ('{"k": "x", "y": -Infinity}', None, None), ('{"k": "a,}"}', "a,}", '"a,}"'), (' {"k": 2} ', "2", "2")]:
    check(js, [text, None, None], scalar, "json_scalar")
    check(jr, [text, None, None], raw, "json_raw")

dp = sql("{{ dept_from_postal('x') }}")
for p, want in [("97150", "978"), ("97400", "974"), ("97", "97"), ("98800", "988"), ("20000", "2A"), ("20100", "2A"),
                ("20200", "2B"), ("20600", "2B"), ("20", "20"), ("75011", "75"), ("7", None), ("", None), (None, None)]:
    check(dp, [p, None, None], want, "dept_from_postal")

age = sql("{{ exact_age('r', 'd') }}")
for birth, ref, want in [("2008-02-29", "2026-02-28", 17), ("2008-02-29", "2026-03-01", 18), ("2011-11-27", "2026-11-27", 15),
                         ("2011-11-28", "2026-11-27", 14), ("2030-01-01", "2026-11-27", -4), (None, "2026-11-27", None)]:
    check(age, [None, birth, ref], want, "exact_age")

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
