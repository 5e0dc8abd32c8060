#!/usr/bin/env python3
"""Checks the artifacts of `build-marts docs --dbt-artifacts DIR --openlineage-file FILE` with
the real clients (issue 11):

* dbt-artifacts-parser parses manifest.json (v12), catalog.json (v1), run_results.json (v6)
  with its pydantic models; counts of models, sources, columns, tests, dependency edges and
  column-lineage references are compared with the project's own manifest
  (`build-marts docs --json`, given as the third argument);
* every OpenLineage event is rebuilt with the openlineage-python client's models
  (RunEvent, Run, Job, datasets, SchemaDatasetFacet, ColumnLineageDatasetFacet — their
  validators check event times, UUID run ids, event types) and serialised back with the
  client's Serde; the result must equal the line we wrote (no field lost or renamed).

usage: check_artifacts.py DBT_DIR OPENLINEAGE_JSONL MANIFEST_JSON
"""
import json
import sys

from dbt_artifacts_parser.parser import parse_catalog, parse_manifest, parse_run_results
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset, error_message_run, schema_dataset
from openlineage.client.serde import Serde

dbt_dir, ol_file, own_manifest = sys.argv[1:4]
own = json.load(open(own_manifest))
own_models = own["models"]
n_models = len(own_models)
n_sources = len({m["source"] for m in own_models if m.get("source")})
n_cols = sum(len(m["columns"]) for m in own_models)
n_reads = sum(len(c.get("reads", [])) for m in own_models for c in m["columns"])
n_edges = sum(len(m["depends_on"]) for m in own_models) + sum(1 for m in own_models if m.get("source"))

manifest = parse_manifest(json.load(open(f"{dbt_dir}/manifest.json")))
catalog = parse_catalog(json.load(open(f"{dbt_dir}/catalog.json")))
run_results = parse_run_results(json.load(open(f"{dbt_dir}/run_results.json")))
print(f"dbt-artifacts-parser: {type(manifest).__name__}, {type(catalog).__name__}, {type(run_results).__name__}")
failures = 0


def check(cond, what):
    global failures
    print(("ok   " if cond else "FAIL ") + what)
    failures += 0 if cond else 1


check(type(manifest).__name__ == "ManifestV12", "manifest is schema v12")
check(type(catalog).__name__ == "CatalogV1", "catalog is schema v1")
check(type(run_results).__name__ == "RunResultsV6", "run_results is schema v6")
models = {k: v for k, v in manifest.nodes.items() if getattr(v.resource_type, "value", v.resource_type) == "model"}
tests = {k: v for k, v in manifest.nodes.items() if getattr(v.resource_type, "value", v.resource_type) == "test"}
check(len(models) == n_models, f"manifest models: {len(models)} == {n_models}")
check(len(manifest.sources) == n_sources, f"manifest sources: {len(manifest.sources)} == {n_sources}")
src_cols = sum(len(s.columns or {}) for s in manifest.sources.values())
m_cols = sum(len(m.columns or {}) for m in models.values())
check(m_cols == n_cols, f"model columns: {m_cols} == {n_cols}")
described = sum(1 for m in models.values() for c in m.columns.values() if c.description)
own_described = sum(1 for m in own_models for c in m["columns"] if c["doc"])
check(described == own_described, f"column descriptions: {described} == {own_described}")
check(all(m.description for m in models.values()) == all(m["doc"] for m in own_models), "model descriptions carried")
edges = sum(len(m.depends_on.nodes) for m in models.values())
check(edges == n_edges, f"model dependency edges: {edges} == {n_edges}")
reads = sum(len((c.meta or {}).get("reads", [])) for m in models.values() for c in m.columns.values())
check(reads == n_reads, f"column-lineage references in meta.reads: {reads} == {n_reads}")
check(all(set(manifest.parent_map[k]) == set(v.depends_on.nodes) for k, v in models.items()), "parent_map matches depends_on")
check(len(catalog.nodes) == n_models and len(catalog.sources) == n_sources, "catalog has every model and source")
check(sum(len(n.columns) for n in catalog.nodes.values()) == n_cols, "catalog has every model column")
ids = set(manifest.nodes)
check(all(r.unique_id in ids for r in run_results.results), f"every run result ({len(run_results.results)}) names a manifest node")
print(f"dbt: {len(models)} models, {len(manifest.sources)} sources ({src_cols} columns), {m_cols} model columns, {len(tests)} tests, {edges} edges, {reads} column-lineage references")

# ---------------------------------------------------------------- OpenLineage
def facets_out(d):
    f = d.get("facets", {})
    out = {}
    if "schema" in f:
        out["schema"] = schema_dataset.SchemaDatasetFacet(
            fields=[schema_dataset.SchemaDatasetFacetFields(name=x["name"], type=x.get("type"), description=x.get("description")) for x in f["schema"]["fields"]]
        )
    if "columnLineage" in f:
        out["columnLineage"] = column_lineage_dataset.ColumnLineageDatasetFacet(
            fields={
                k: column_lineage_dataset.Fields(
                    inputFields=[column_lineage_dataset.InputField(namespace=i["namespace"], name=i["name"], field=i["field"]) for i in v["inputFields"]],
                    transformationType=v.get("transformationType"),
                    transformationDescription=v.get("transformationDescription"),
                )
                for k, v in f["columnLineage"]["fields"].items()
            }
        )
    return out


def strip(v):
    """Drop keys the client fills itself (_producer/_schemaURL of facets, empty containers)."""
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("_producer", "_schemaURL") and x not in ({}, [], None)}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


n_events, kinds, ol_edges = 0, {}, 0
for line in open(ol_file):
    e = json.loads(line)
    run_facets = {}
    if "errorMessage" in e["run"].get("facets", {}):
        em = e["run"]["facets"]["errorMessage"]
        run_facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(message=em["message"], programmingLanguage=em["programmingLanguage"])
    ev = RunEvent(
        eventType=RunState[e["eventType"]],
        eventTime=e["eventTime"],
        run=Run(runId=e["run"]["runId"], facets=run_facets),
        job=Job(namespace=e["job"]["namespace"], name=e["job"]["name"]),
        producer=e["producer"],
        inputs=[InputDataset(namespace=i["namespace"], name=i["name"]) for i in e["inputs"]],
        outputs=[OutputDataset(namespace=o["namespace"], name=o["name"], facets=facets_out(o)) for o in e["outputs"]],
    )
    back = json.loads(Serde.to_json(ev))
    if strip(back) != strip(e):
        check(False, f"event round-trips through the client models: {e['job']['name']} {e['eventType']}")
        print(json.dumps(strip(back))[:600]); print(json.dumps(strip(e))[:600])
        break
    n_events += 1
    kinds[e["eventType"]] = kinds.get(e["eventType"], 0) + 1
    if e["eventType"] != "START":
        ol_edges += sum(len(v["inputFields"]) for o in e["outputs"] for v in o["facets"].get("columnLineage", {}).get("fields", {}).values())
check(n_events > 0, f"OpenLineage: {n_events} events validated by the client models ({kinds})")
ends = kinds.get("COMPLETE", 0) + kinds.get("FAIL", 0) + kinds.get("ABORT", 0)
check(kinds.get("START", 0) == n_models and kinds.get("START") == ends, "one START and one COMPLETE/FAIL/ABORT per model")
check(ol_edges == n_reads, f"OpenLineage column-lineage input fields: {ol_edges} == {n_reads}")
if failures:
    print(f"{failures} check(s) failed")
    sys.exit(1)
print("interop checks passed")
