#!/usr/bin/env python3
"""Runs DataHub's dbt ingestion (acryl-datahub, `dbt` source, `file` sink, no server) over the
artifacts of `build-marts docs --dbt-artifacts DIR` and compares what it emits with the
project's own manifest (`build-marts docs --json`): every model and source becomes a dataset,
every model column a schema field with its description, every model dependency an upstream
edge, and every derived column-lineage reference a fine-grained (column) lineage edge.

usage: check_datahub.py DBT_DIR MANIFEST_JSON OUT_DIR
"""
import json
import re
import sys

from datahub.ingestion.run.pipeline import Pipeline

dbt_dir, own_manifest, out_dir = sys.argv[1:4]
own = json.load(open(own_manifest))["models"]
n_models = len(own)
n_sources = len({m["source"] for m in own if m.get("source")})
n_cols = sum(len(m["columns"]) for m in own)
n_described = sum(1 for m in own for c in m["columns"] if c["doc"])
n_reads = sum(len(c.get("reads", [])) for m in own for c in m["columns"])
n_edges = sum(len(m["depends_on"]) for m in own) + sum(1 for m in own if m.get("source"))

out = f"{out_dir}/datahub_mcps.json"
pipeline = Pipeline.create({
    "source": {"type": "dbt", "config": {
        "manifest_path": f"{dbt_dir}/manifest.json",
        "catalog_path": f"{dbt_dir}/catalog.json",
        "run_results_paths": [f"{dbt_dir}/run_results.json"],
        "target_platform": "postgres",
        "write_semantics": "OVERRIDE",   # PATCH needs a DataHub server
    }},
    "sink": {"type": "file", "config": {"filename": out}},
})
pipeline.run()
pipeline.raise_from_status()
report = pipeline.source.get_report()
records = json.load(open(out))

FIELD = re.compile(r"urn:li:schemaField:\(urn:li:dataset:\(urn:li:dataPlatform:(\w+),([^,]+),PROD\),(.+)\)$")
DATASET = re.compile(r"urn:li:dataset:\(urn:li:dataPlatform:(\w+),([^,]+),PROD\)$")
subtypes, fields, described, col_edges, ds_edges = {}, 0, 0, set(), set()


def aspects():
    for r in records:
        if "proposedSnapshot" in r:
            snap = next(iter(r["proposedSnapshot"].values()))
            for a in snap["aspects"]:
                for k, v in a.items():
                    yield snap["urn"], k.rsplit(".", 1)[-1], v
        elif "aspectName" in r:
            yield r["entityUrn"], r["aspectName"], r["aspect"].get("json")


for urn, name, v in aspects():
    if name in ("subTypes", "SubTypes") and isinstance(v, dict):
        subtypes[urn] = v["typeNames"][0]
    if name in ("SchemaMetadata", "schemaMetadata") and "dataPlatform:dbt" in urn and isinstance(v, dict):
        fields += len(v["fields"]) if subtypes.get(urn, "Model") == "Model" else 0
        described += sum(1 for f in v["fields"] if f.get("description")) if subtypes.get(urn, "Model") == "Model" else 0
    if name in ("UpstreamLineage", "upstreamLineage") and "dataPlatform:dbt" in urn and isinstance(v, dict):
        down = DATASET.match(urn).group(2)
        for u in v.get("upstreams", []):
            up = DATASET.match(u["dataset"]).group(2)
            if up != down:
                ds_edges.add((up, down))
        for f in v.get("fineGrainedLineages") or []:
            for u in f.get("upstreams", []):
                for d in f.get("downstreams", []):
                    a, b = FIELD.match(u), FIELD.match(d)
                    if a and b and a.group(2) != b.group(2):
                        col_edges.add((a.group(2, 3), b.group(2, 3)))

models = sum(1 for u, t in subtypes.items() if "dataPlatform:dbt" in u and t == "Model")
sources = sum(1 for u, t in subtypes.items() if "dataPlatform:dbt" in u and t == "Source")
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    failures += 0 if cond else 1


check(models == n_models, f"DataHub datasets of type Model: {models} == {n_models}")
check(sources == n_sources, f"DataHub datasets of type Source: {sources} == {n_sources}")
check(fields == n_cols, f"model schema fields: {fields} == {n_cols}")
check(described == n_described, f"fields with a description: {described} == {n_described}")
check(len(ds_edges) == n_edges, f"dataset lineage edges: {len(ds_edges)} == {n_edges}")
check(report.sql_parser_parse_failures == 0, f"lineage SQL parsed for every model ({report.sql_parser_successes} successes)")
check(len(col_edges) == n_reads, f"column lineage edges: {len(col_edges)} == {n_reads}")
if failures:
    sys.exit(1)
print("datahub checks passed")
