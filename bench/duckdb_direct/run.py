#!/usr/bin/env python3
"""DuckDB-direct: the dbt project of bench/dbt_duckdb executed by DuckDB itself, in one process.

The performance peer "DuckDB executing the same SQL directly" of issue 8: the SQL is exactly
what `dbt build` runs (the project's compiled models and data tests), but at run time there is
no dbt: one Python process, one DuckDB connection, the models in dependency order.

    run.py compile --sources DIR --ds DS [--as-of TS]      # prints the plan's path (cached)
    run.py run --plan PLAN --out OUT_DIR [--results JSON]  # executes a plan (the timed part)
    run.py build --sources DIR --out OUT_DIR --ds DS [--as-of TS]   # both

`compile` runs `dbt compile` once (in a temporary directory, like run.sh) and extracts from
target/manifest.json a plan: every model's compiled SQL and materialisation (view or table),
its post-hooks rendered (the project's `export_parquet()` COPY, with the output directory left
as a placeholder), and every data test's compiled SQL, severity and fail/warn/error conditions.
The plan is cached under ${DUCKDB_DIRECT_CACHE:-~/.cache/passculture-bench/duckdb-direct}/<key>/
where the key hashes the vars (sources_dir, ds, as_of), the dbt project's files, the dbt
version and the names, sizes and modification times of the source files (the compiled raw views
depend on the files' schemas: `read_source` inspects them at compile time).

`run` does what `dbt build` does with that SQL (dbt-duckdb 1.11 materialisations):
  * a DuckDB database file in a fresh temporary directory (removed afterwards;
    DUCKDB_DIRECT_KEEP_DB=1 keeps it), the settings of bench/dbt_duckdb/profiles.yml (rendered
    with the same environment variables: DBT_DUCKDB_THREADS, DBT_DUCKDB_MEMORY_LIMIT);
  * per model, in one transaction: `create view|table <relation> as (<compiled SQL>)`, then its
    post-hooks (the Parquet export `COPY (SELECT * FROM <relation>) TO '<out>/<model>.parquet'
    (FORMAT parquet, COMPRESSION zstd)`);
  * after a model, every data test whose parents are all built, wrapped as dbt's test
    materialisation does (`select <fail_calc> as failures, <fail_calc> <warn_if> as
    should_warn, <fail_calc> <error_if> as should_error from (<test SQL>) dbt_internal_test`);
  * a model that fails, or an error-severity test that fails, makes its descendants skipped (as
    `dbt build` does); the other branches go on; the exit status is 1 if anything failed.
Models run one at a time (DuckDB parallelises each query over its threads); dbt runs
DBT_THREADS models at once.

Exit status: 0 success, 1 a model or test failed, 2 usage or compile error.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent / "dbt_duckdb"
VENV = Path(os.environ.get("BENCH_VENV", Path.home() / ".cache" / "passculture-dbt-venv"))
CACHE = Path(
    os.environ.get("DUCKDB_DIRECT_CACHE", Path.home() / ".cache" / "passculture-bench" / "duckdb-direct")
)
# Stands for the output directory in the rendered post-hooks (plans do not depend on it).
OUT_PLACEHOLDER = "@@DUCKDB_DIRECT_OUT_DIR@@"
PLAN_VERSION = 1


def fail(msg: str, code: int = 2) -> "NoReturn":  # noqa: F821
    print(f"duckdb-direct: {msg}", file=sys.stderr)
    sys.exit(code)


def check_clock(ds: str, as_of: str) -> None:
    """C-3, as bench/dbt_duckdb/run.sh: ds 00:00:00 UTC <= as_of < ds + 1 day."""
    try:
        day = dt.date.fromisoformat(ds)
        start = dt.datetime(day.year, day.month, day.day)
        instant = dt.datetime.fromisoformat(as_of) if as_of else start
    except ValueError as e:
        fail(f"invalid DS or AS_OF: {e}")
    if len(ds) != 10 or instant.tzinfo is not None or not (start <= instant < start + dt.timedelta(days=1)):
        fail(f"AS_OF {as_of} must be a naive UTC instant within DS {ds} (C-3)")


# ------------------------------------------------------------------------------------ compile


def project_files() -> list[Path]:
    files = []
    for sub in ("models", "macros", "tests"):
        files += [p for p in (PROJECT / sub).rglob("*") if p.is_file()]
    files += [PROJECT / "dbt_project.yml", PROJECT / "profiles.yml", Path(__file__).resolve()]
    return sorted(files)


def source_fingerprint(sources: Path) -> list[list]:
    out = []
    for sub in ("applicative", "seed"):
        root = sources / sub
        if root.is_dir():
            for p in sorted(root.rglob("*")):
                if p.is_file():
                    st = p.stat()
                    out.append([str(p.relative_to(sources)), st.st_size, st.st_mtime_ns])
    return out


def dbt_version() -> str:
    """Versions of the compiling packages (without `dbt --version`, which asks PyPI)."""
    import importlib.metadata as md

    return " ".join(f"{p}=={md.version(p)}" for p in ("dbt-core", "dbt-duckdb", "duckdb"))


def plan_key(vars_: dict) -> str:
    h = hashlib.sha256()
    h.update(json.dumps([PLAN_VERSION, vars_], sort_keys=True).encode())
    for p in project_files():
        h.update(str(p.relative_to(PROJECT.parent) if PROJECT.parent in p.parents else p.name).encode())
        h.update(p.read_bytes())
    h.update(dbt_version().encode())
    h.update(json.dumps(source_fingerprint(Path(vars_["sources_dir"]))).encode())
    return h.hexdigest()[:24]


class _Relation:
    """What `{{ this }}` is in a hook: prints as the quoted relation, has `.identifier`."""

    def __init__(self, node: dict):
        self.identifier = node["alias"]
        self.database = node["database"]
        self.schema = node["schema"]
        self._name = node["relation_name"]

    def __str__(self) -> str:
        return self._name


def export_by_date(con, relation: str, key: str, dest: Path) -> None:
    """A partitioned model's table as `<dest>/<key>=D/data_0.parquet`, one plain COPY per date
    (the files export_tracking's PARTITION_BY writes: the key column kept in the files)."""
    shutil.rmtree(dest, ignore_errors=True)
    dates = [d for (d,) in con.execute(f"select distinct {key}::varchar from {relation} order by 1").fetchall()]
    for d in dates:
        part = dest / f"{key}={d}"
        part.mkdir(parents=True)
        target = str(part / "data_0.parquet").replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {relation} WHERE {key} = DATE '{d}') TO '{target}' "
                    "(FORMAT parquet, COMPRESSION zstd)")


def render_hooks(node: dict, macros: dict, vars_: dict) -> list[str]:
    """Renders a model's post-hooks with the project's macros (Jinja, strict undefined)."""
    import jinja2

    hooks = node["config"].get("post-hook") or []
    if node["config"].get("pre-hook"):
        fail(f"{node['name']}: pre-hooks are not supported by duckdb-direct")
    if not hooks:
        return []
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"])
    # The project's own macros (the hooks call export_parquet(), which may call others).
    project = node["package_name"]
    defs = "".join(
        m["macro_sql"] for m in macros.values() if m["package_name"] == project and not m["name"].startswith("test_")
    )
    out_vars = dict(vars_, out_dir=OUT_PLACEHOLDER)
    # duckdb-direct always builds everything from scratch: a hook sees a full refresh (an
    # incremental model exports every date) and never queries the database while rendering.
    context = {
        "this": _Relation(node),
        "var": lambda name, default=None: out_vars.get(name, default),
        "config": {k: v for k, v in node["config"].items()},
        "flags": type("Flags", (), {"FULL_REFRESH": True})(),
        "execute": False,
    }
    rendered = []
    for h in hooks:
        if not h.get("transaction", True):
            fail(f"{node['name']}: a post-hook outside the transaction is not supported")
        tmpl = env.from_string(defs + h["sql"])
        sql = tmpl.render(**context)
        rendered.append(sql.strip())
    return rendered


def test_sql(node: dict) -> str:
    """dbt's test materialisation (dbt-core 1.11 `default__get_test_sql`)."""
    c = node["config"]
    if c.get("store_failures") or c.get("where"):
        fail(f"{node['name']}: store_failures / where on tests are not supported")
    limit = f"\n    limit {c['limit']}" if c.get("limit") is not None else ""
    fc = c["fail_calc"]
    return (
        f"select\n      {fc} as failures,\n      {fc} {c['warn_if']} as should_warn,\n"
        f"      {fc} {c['error_if']} as should_error\n    from (\n      {node['compiled_code']}{limit}\n"
        f"    ) dbt_internal_test"
    )


def order(models: dict[str, dict]) -> list[str]:
    """Topological order of the models (Kahn; ties by name, deterministic)."""
    deps = {u: [d for d in n["depends_on"]["nodes"] if d in models] for u, n in models.items()}
    done: list[str] = []
    placed: set[str] = set()
    while len(done) < len(models):
        ready = sorted((u for u in models if u not in placed and all(d in placed for d in deps[u])), key=lambda u: models[u]["name"])
        if not ready:
            fail("the model graph has a cycle")
        for u in ready:
            done.append(u)
            placed.add(u)
    return done


def compile_plan(sources: Path, ds: str, as_of: str) -> Path:
    vars_ = {"sources_dir": str(sources), "ds": ds, "as_of": as_of}
    key = plan_key(vars_)
    plan_path = CACHE / key / "plan.json"
    if plan_path.is_file():
        return plan_path
    work = Path(tempfile.mkdtemp(prefix="passculture-duckdb-direct-compile."))
    try:
        env = dict(
            os.environ,
            DBT_PROFILES_DIR=str(PROJECT),
            # Same file name as run.sh's: the catalog ("warehouse") in every compiled relation.
            DBT_DUCKDB_PATH=str(work / "warehouse.duckdb"),
            DBT_TARGET_PATH=str(work / "target"),
            DBT_LOG_PATH=str(work / "logs"),
            DBT_SEND_ANONYMOUS_USAGE_STATS="false",
            DBT_PARTIAL_PARSE="false",
        )
        dbt_vars = dict(vars_, out_dir=OUT_PLACEHOLDER)
        cmd = [str(VENV / "bin" / "dbt"), "--quiet", "compile", "--project-dir", str(PROJECT), "--vars", json.dumps(dbt_vars)]
        r = subprocess.run(cmd, cwd=PROJECT, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            sys.stderr.write(r.stdout[-4000:] + r.stderr[-4000:])
            fail(f"dbt compile failed (exit {r.returncode})")
        manifest = json.loads((work / "target" / "manifest.json").read_text())
    finally:
        shutil.rmtree(work, ignore_errors=True)

    nodes = manifest["nodes"]
    models = {u: n for u, n in nodes.items() if n["resource_type"] == "model"}
    tests = {u: n for u, n in nodes.items() if n["resource_type"] == "test"}
    other = {n["resource_type"] for n in nodes.values()} - {"model", "test"}
    if other:
        fail(f"unsupported node types in the dbt project: {sorted(other)}")
    steps = []
    pending_tests = dict(tests)
    built: set[str] = set()
    for u in order(models):
        n = models[u]
        mat = n["config"]["materialized"]
        # An incremental model compiles (no existing relation: is_incremental() is false) to
        # its from-scratch query, which duckdb-direct builds as a table, as dbt's first run does.
        partition_key = None
        if mat == "incremental":
            mat = "table"
            partition_key = n["config"].get("unique_key")
            if partition_key != "event_date":
                fail(f"{n['name']}: an incremental model is exported by event_date; unique_key is {partition_key!r}")
        if mat not in ("view", "table"):
            fail(f"{n['name']}: materialization {mat} is not supported")
        hooks = render_hooks(n, manifest["macros"], vars_)
        if partition_key:
            # The macro's COPY … PARTITION_BY (what dbt runs) buffers far more than a plain COPY
            # in DuckDB 2.0 (measured: 9.1 GB against 5.7 GB for a 1M-row, 100-column table of
            # one date). duckdb-direct, which stands for the leanest way to run this SQL on
            # DuckDB, writes the same files one date at a time instead (run(): `partitioned`).
            if len(hooks) != 1 or "PARTITION_BY" not in hooks[0]:
                fail(f"{n['name']}: expected one partitioned export hook, got {hooks}")
            hooks = []
        steps.append(
            {
                "kind": "model",
                "id": u,
                "name": n["name"],
                "relation": n["relation_name"],
                "materialized": mat,
                "sql": n["compiled_code"],
                "post_hooks": hooks,
                "partitioned": partition_key,
                "parents": [d for d in n["depends_on"]["nodes"] if d in models],
            }
        )
        built.add(u)
        for t in sorted(pending_tests, key=lambda t: pending_tests[t]["name"]):
            tn = pending_tests[t]
            if all(d in built for d in tn["depends_on"]["nodes"]):
                steps.append(
                    {
                        "kind": "test",
                        "id": t,
                        "name": tn["name"],
                        "severity": tn["config"]["severity"].lower(),
                        "sql": test_sql(tn),
                        "parents": list(tn["depends_on"]["nodes"]),
                    }
                )
        for s in steps:
            pending_tests.pop(s["id"], None)
    if pending_tests:
        fail(f"tests on unknown nodes: {sorted(pending_tests)}")
    databases = {n["database"] for n in models.values()}
    if len(databases) != 1:
        fail(f"models in several databases: {sorted(databases)}")
    plan = {
        "version": PLAN_VERSION,
        "database": databases.pop(),
        "vars": vars_,
        "dbt_version": manifest["metadata"]["dbt_version"],
        "out_placeholder": OUT_PLACEHOLDER,
        "steps": steps,
    }
    plan_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = plan_path.with_suffix(f".tmp-{os.getpid()}")
    tmp.write_text(json.dumps(plan, indent=1))
    tmp.rename(plan_path)
    return plan_path


# ---------------------------------------------------------------------------------------- run


def profile_settings() -> dict[str, str]:
    """The DuckDB settings of bench/dbt_duckdb/profiles.yml, rendered with env_var() as dbt does."""
    import jinja2
    import yaml

    profile = yaml.safe_load((PROJECT / "profiles.yml").read_text())
    target = profile["passculture_ref"]["outputs"][profile["passculture_ref"]["target"]]

    def env_var(name: str, default: str | None = None) -> str:
        if name in os.environ:
            return os.environ[name]
        if default is None:
            fail(f"profiles.yml needs environment variable {name}")
        return default

    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return {k: env.from_string(str(v)).render(env_var=env_var) for k, v in target.get("settings", {}).items()}


def run_plan(plan_path: Path, out: Path, results_path: Path | None) -> int:
    import duckdb

    t0 = time.perf_counter()
    plan = json.loads(plan_path.read_text())
    out.mkdir(parents=True, exist_ok=True)
    out = out.resolve()
    for p in out.iterdir():
        if p.is_file() and p.suffix == ".parquet" and p.name.startswith(("int_", "mrt_")):
            p.unlink()
    work = Path(tempfile.mkdtemp(prefix="passculture-duckdb-direct."))
    keep = os.environ.get("DUCKDB_DIRECT_KEEP_DB") == "1"
    # The relations say "warehouse"."main"…: the database file's stem is the catalog name.
    con = duckdb.connect(str(work / f"{plan['database']}.duckdb"))
    results = []
    failed: set[str] = set()  # failed or skipped nodes: their descendants are skipped
    n_models = n_tests = n_fail = 0
    try:
        for name, value in profile_settings().items():
            con.execute(f"SET {name} = '{value}'")
        for step in plan["steps"]:
            start = time.perf_counter()
            status, message = "success" if step["kind"] == "model" else "pass", None
            if any(p in failed for p in step["parents"]):
                status = "skipped"
                failed.add(step["id"])
            elif step["kind"] == "model":
                n_models += 1
                try:
                    con.execute("BEGIN TRANSACTION")
                    con.execute(f"create {step['materialized']} {step['relation']} as (\n{step['sql']}\n)")
                    for hook in step["post_hooks"]:
                        con.execute(hook.replace(plan["out_placeholder"], str(out)))
                    if step.get("partitioned"):
                        export_by_date(con, step["relation"], step["partitioned"], out / step["name"])
                    con.execute("COMMIT")
                except duckdb.Error as e:
                    try:
                        con.execute("ROLLBACK")
                    except duckdb.Error:
                        pass
                    status, message = "error", str(e)
                    failed.add(step["id"])
            else:
                n_tests += 1
                try:
                    failures, should_warn, should_error = con.execute(step["sql"]).fetchone()
                    if should_error and step["severity"] == "error":
                        status, message = "fail", f"{failures} failing row(s)"
                    elif should_error or should_warn:
                        status, message = "warn", f"{failures} failing row(s)"
                except duckdb.Error as e:
                    status, message = "error", str(e)
                if status in ("fail", "error"):
                    failed.update(step["parents"])
            seconds = time.perf_counter() - start
            if status in ("error", "fail"):
                n_fail += 1
                print(f"duckdb-direct: {step['kind']} {step['name']}: {status}: {message}", file=sys.stderr)
            results.append({"kind": step["kind"], "name": step["name"], "status": status, "duration_s": seconds, "message": message})
    finally:
        con.close()
        if keep:
            print(f"duckdb-direct: kept {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.perf_counter() - t0
    skipped = sum(r["status"] == "skipped" for r in results)
    warned = sum(r["status"] == "warn" for r in results)
    if results_path:
        results_path.write_text(json.dumps({"success": n_fail == 0, "elapsed_s": elapsed, "results": results}, indent=1))
    print(
        f"duckdb-direct: {n_models} models, {n_tests} tests ({warned} warn, {n_fail} failed, {skipped} skipped) "
        f"in {elapsed:.1f} s; tables in {out}",
        file=sys.stderr,
    )
    return 1 if n_fail else 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("compile", help="dbt compile (cached); prints the plan's path")
    r = sub.add_parser("run", help="execute a plan")
    b = sub.add_parser("build", help="compile (cached) and run")
    for p in (c, b):
        p.add_argument("--sources", required=True, type=Path)
        p.add_argument("--ds", required=True)
        p.add_argument("--as-of", default="")
    r.add_argument("--plan", required=True, type=Path)
    for p in (r, b):
        p.add_argument("--out", required=True, type=Path)
        p.add_argument("--results", type=Path, help="write per-node timings and statuses (JSON)")
    a = ap.parse_args()
    if a.cmd in ("compile", "build"):
        check_clock(a.ds, a.as_of)
        if not a.sources.is_dir():
            fail(f"{a.sources}: not a directory")
        plan = compile_plan(a.sources.resolve(), a.ds, a.as_of)
        if a.cmd == "compile":
            print(plan)
            return 0
    else:
        plan = a.plan
    return run_plan(plan, a.out, a.results)


if __name__ == "__main__":
    sys.exit(main())
