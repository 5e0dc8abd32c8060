//! dbt-compatible artifacts, so that tools which ingest dbt projects (catalogues, lineage
//! viewers) ingest this one: `manifest.json` (schema v12), `catalog.json` (v1) and
//! `run_results.json` (v6), the versions dbt 1.8–1.10 write.
//!
//! Mapping: a source file is a dbt `source` (`source.<project>.<dir>.<table>`), a model a dbt
//! `model` (`model.<project>.<name>`, schema = its layer, database `warehouse`), each data
//! test a dbt `test` attached to its model (and column). Model dependencies are
//! `depends_on.nodes`, `parent_map` and `child_map`. dbt has no column-lineage field: each
//! column's derived upstream columns are in its `meta.reads` (as dbt unique ids plus the
//! column, `model.<project>.<name>.<column>`), with `meta.derivation`.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{Value, json};

use crate::project::{Model, Project, split_ref};

pub const MANIFEST_SCHEMA: &str = "https://schemas.getdbt.com/dbt/manifest/v12.json";
pub const CATALOG_SCHEMA: &str = "https://schemas.getdbt.com/dbt/catalog/v1.json";
pub const RUN_RESULTS_SCHEMA: &str = "https://schemas.getdbt.com/dbt/run-results/v6.json";
const DBT_VERSION: &str = "1.10.0";

fn package(p: &Project) -> String {
    p.name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' }).collect()
}

/// dbt unique id of a node of the project.
pub fn unique_id(pkg: &str, m: &Model) -> String {
    if m.layer == "source" { format!("source.{pkg}.{}", m.name) } else { format!("model.{pkg}.{}", m.name) }
}

fn test_ids(pkg: &str, m: &Model) -> Vec<String> {
    let mut seen = BTreeMap::<String, usize>::new();
    m.tests
        .iter()
        .map(|t| {
            let clean: String = t.name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
            let base = format!("{}_{}", clean.trim_matches('_'), m.name);
            let n = seen.entry(base.clone()).or_insert(0);
            *n += 1;
            let name = if *n == 1 { base } else { format!("{base}_{n}") };
            format!("test.{pkg}.{name}")
        })
        .collect()
}

fn metadata(p: &Project, schema: &str) -> Value {
    json!({
        "dbt_schema_version": schema,
        "dbt_version": DBT_VERSION,
        "generated_at": p.generated_at,
        "invocation_id": "00000000-0000-0000-0000-000000000000",
        "env": {},
    })
}

pub fn manifest(p: &Project) -> Value {
    let pkg = package(p);
    let ids: BTreeMap<&str, String> = p.models.iter().map(|m| (m.name.as_str(), unique_id(&pkg, m))).collect();
    let col_ref = |r: &str| {
        let (m, c) = split_ref(r);
        ids.get(m).map(|id| format!("{id}.{c}")).unwrap_or_else(|| r.to_string())
    };
    let mut nodes = serde_json::Map::new();
    let mut sources = serde_json::Map::new();
    let mut parent_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut child_map: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for m in &p.models {
        let id = &ids[m.name.as_str()];
        let columns: serde_json::Map<String, Value> = m
            .columns
            .iter()
            .map(|c| {
                (
                    c.name.clone(),
                    json!({
                        "name": c.name,
                        "description": c.doc,
                        "data_type": c.logical,
                        "meta": {
                            "polars_dtype": c.dtype,
                            "nullable": c.nullable,
                            "derivation": c.derivation,
                            "reads": c.reads.iter().map(|r| col_ref(r)).collect::<Vec<_>>(),
                        },
                        "tags": [],
                        "constraints": [],
                        "quote": null,
                    }),
                )
            })
            .collect();
        let parents: Vec<String> = m.inputs.iter().filter_map(|i| ids.get(i.as_str()).cloned()).collect();
        let test_ids = test_ids(&pkg, m);
        parent_map.insert(id.clone(), parents.clone());
        child_map.entry(id.clone()).or_default();
        for par in &parents {
            child_map.entry(par.clone()).or_default().push(id.clone());
        }
        if m.layer == "source" {
            let (dir, table) = m.name.split_once('.').unwrap_or(("", &m.name));
            sources.insert(
                id.clone(),
                json!({
                    "database": "sources",
                    "schema": dir,
                    "name": table,
                    "resource_type": "source",
                    "package_name": pkg,
                    "path": format!("sources/{dir}.yml"),
                    "original_file_path": format!("sources/{dir}.yml"),
                    "unique_id": id,
                    "fqn": [pkg, dir, table],
                    "source_name": dir,
                    "source_description": "",
                    "loader": "build-marts",
                    "identifier": table,
                    "description": m.doc,
                    "columns": columns,
                    "meta": {"files": m.source},
                    "tags": [],
                    "config": {"enabled": true},
                    "relation_name": format!("\"sources\".\"{dir}\".\"{table}\""),
                }),
            );
            continue;
        }
        let path = format!("{}/{}.rs", m.layer, m.name);
        nodes.insert(
            id.clone(),
            json!({
                "database": "warehouse",
                "schema": m.layer,
                "name": m.name,
                "resource_type": "model",
                "package_name": pkg,
                "path": path,
                "original_file_path": format!("models/{path}"),
                "unique_id": id,
                "fqn": [pkg, m.layer, m.group, m.name],
                "alias": m.name,
                "checksum": {"name": "none", "checksum": ""},
                "config": {
                    "enabled": true,
                    "materialized": m.materialized,
                    "unique_key": if m.grain.is_empty() { Value::Null } else { json!(m.grain) },
                    "partition_by": m.partition_by,
                },
                "tags": [m.layer.clone(), m.group.clone()],
                "description": m.doc,
                "columns": columns,
                "meta": {"grain": m.grain, "rules": m.rules, "layer": m.layer},
                "depends_on": {"macros": [], "nodes": parents},
                "refs": m.inputs.iter().filter(|i| !i.contains('.')).map(|i| json!({"name": i, "package": null, "version": null})).collect::<Vec<_>>(),
                "sources": m.inputs.iter().filter_map(|i| i.split_once('.')).map(|(a, b)| json!([a, b])).collect::<Vec<_>>(),
                "relation_name": format!("\"warehouse\".\"{}\".\"{}\"", m.layer, m.name),
                "raw_code": format!("-- {}: a Rust model function over typed Polars frames", m.name),
                "compiled": true,
                "compiled_code": lineage_sql(p, m),
                "language": "sql",
                "access": "protected",
                "constraints": [],
            }),
        );
        for (t, tid) in m.tests.iter().zip(&test_ids) {
            child_map.get_mut(id).expect("inserted").push(tid.clone());
            parent_map.insert(tid.clone(), vec![id.clone()]);
            child_map.entry(tid.clone()).or_default();
            let name = tid.rsplit_once('.').map(|x| x.1).unwrap_or(tid).to_string();
            nodes.insert(
                tid.clone(),
                json!({
                    "database": "warehouse",
                    "schema": format!("{}_dbt_test__audit", m.layer),
                    "name": name,
                    "resource_type": "test",
                    "package_name": pkg,
                    "path": format!("{name}.sql"),
                    "original_file_path": format!("models/{path}"),
                    "unique_id": tid,
                    "fqn": [pkg, m.layer, m.name, name],
                    "alias": name,
                    "checksum": {"name": "none", "checksum": ""},
                    "config": {"enabled": true, "severity": t.severity.to_uppercase(), "materialized": "test"},
                    "description": t.cite.as_deref().map(|c| format!("enforces {c}")).unwrap_or_default(),
                    "column_name": t.column,
                    "attached_node": id,
                    "depends_on": {"macros": [], "nodes": [id]},
                    "refs": [{"name": m.name, "package": null, "version": null}],
                    "meta": {"test": t.name, "cite": t.cite},
                    "tags": [],
                }),
            );
        }
    }
    let mut meta = metadata(p, MANIFEST_SCHEMA);
    meta["project_name"] = json!(package(p));
    // The dialect tools parse `compiled_code` with (its lineage SQL is plain PostgreSQL).
    meta["adapter_type"] = json!("postgres");
    json!({
        "metadata": meta,
        "nodes": nodes,
        "sources": sources,
        "macros": {},
        "docs": {},
        "exposures": {},
        "metrics": {},
        "groups": {},
        "selectors": {},
        "disabled": {},
        "parent_map": parent_map,
        "child_map": child_map,
        "group_map": {},
        "saved_queries": {},
        "semantic_models": {},
        "unit_tests": {},
    })
}

/// Relation name of a node as dbt renders it.
fn relation(m: &Model) -> String {
    match m.name.split_once('.') {
        Some((dir, table)) if m.layer == "source" => format!("\"sources\".\"{dir}\".\"{table}\""),
        _ => format!("\"warehouse\".\"{}\".\"{}\"", m.layer, m.name),
    }
}

/// The model's derived column lineage rendered as SQL, for tools that infer column lineage
/// from dbt's `compiled_code` (DataHub, OpenMetadata): one select item per output column
/// reading exactly the upstream columns its lineage names (`COALESCE` of several, `NULL`
/// for none). It states lineage only — it is not the model's logic and is not meant to run.
pub fn lineage_sql(p: &Project, m: &Model) -> String {
    let alias: BTreeMap<&str, usize> = m.inputs.iter().enumerate().map(|(i, n)| (n.as_str(), i)).collect();
    let items: Vec<String> = m
        .columns
        .iter()
        .map(|c| {
            let refs: Vec<String> = c
                .reads
                .iter()
                .filter_map(|r| {
                    let (model, column) = split_ref(r);
                    alias.get(model).map(|i| format!("t{i}.\"{column}\""))
                })
                .collect();
            let expr = match refs.len() {
                0 => "NULL".to_string(),
                1 => refs[0].clone(),
                _ => format!("COALESCE({})", refs.join(", ")),
            };
            format!("  {expr} AS \"{}\"", c.name)
        })
        .collect();
    let mut from = Vec::new();
    for (i, n) in m.inputs.iter().enumerate() {
        let rel = p.get(n).map(relation).unwrap_or_else(|| format!("\"{n}\""));
        from.push(if i == 0 { format!("FROM {rel} AS t{i}") } else { format!("CROSS JOIN {rel} AS t{i}") });
    }
    format!(
        "-- column lineage of {} (derived by pipeline-docs; not the model's logic)\nSELECT\n{}\n{}\n",
        m.name,
        items.join(",\n"),
        from.join("\n")
    )
}

pub fn catalog(p: &Project) -> Value {
    let pkg = package(p);
    let mut nodes = serde_json::Map::new();
    let mut sources = serde_json::Map::new();
    for m in &p.models {
        let id = unique_id(&pkg, m);
        let columns: serde_json::Map<String, Value> = m
            .columns
            .iter()
            .enumerate()
            .map(|(i, c)| (c.name.clone(), json!({"type": c.dtype, "index": i + 1, "name": c.name, "comment": c.doc})))
            .collect();
        let mut stats = json!({"has_stats": {"id": "has_stats", "label": "Has Stats?", "value": false, "include": false, "description": "Indicates whether there are statistics for this table"}});
        if let Some(rows) = m.last_run.as_ref().and_then(|r| r.rows) {
            stats["row_count"] = json!({"id": "row_count", "label": "Row Count", "value": rows, "include": true, "description": "rows at the last run"});
            stats["has_stats"]["value"] = json!(true);
        }
        if m.layer == "source" {
            let (dir, table) = m.name.split_once('.').unwrap_or(("", &m.name));
            sources.insert(
                id.clone(),
                json!({"metadata": {"type": "file", "schema": dir, "name": table, "database": "sources", "comment": m.doc},
                       "columns": columns, "stats": stats, "unique_id": id}),
            );
        } else {
            nodes.insert(
                id.clone(),
                json!({"metadata": {"type": if m.materialized == "view" { "VIEW" } else { "BASE TABLE" }, "schema": m.layer, "name": m.name, "database": "warehouse", "comment": m.doc},
                       "columns": columns, "stats": stats, "unique_id": id}),
            );
        }
    }
    json!({"metadata": metadata(p, CATALOG_SCHEMA), "nodes": nodes, "sources": sources, "errors": null})
}

pub fn run_results(p: &Project) -> Value {
    let pkg = package(p);
    let mut results = Vec::new();
    for m in &p.models {
        let Some(r) = &m.last_run else { continue };
        let status = match r.status.as_str() {
            "success" => "success",
            "skipped" => "skipped",
            _ => "error",
        };
        results.push(json!({
            "status": status,
            "timing": [],
            "thread_id": "main",
            "execution_time": r.seconds,
            "adapter_response": {"rows_affected": r.rows},
            "message": r.message,
            "failures": null,
            "unique_id": unique_id(&pkg, m),
            "compiled": false,
            "relation_name": format!("\"warehouse\".\"{}\".\"{}\"", m.layer, m.name),
        }));
        for (t, tid) in m.tests.iter().zip(test_ids(&pkg, m)) {
            let Some(st) = &t.status else { continue };
            let status = match st.as_str() {
                "pass" | "fail" | "warn" | "skipped" => st.as_str(),
                _ => "error",
            };
            results.push(json!({
                "status": status,
                "timing": [],
                "thread_id": "main",
                "execution_time": 0.0,
                "adapter_response": {},
                "message": t.message,
                "failures": t.failures,
                "unique_id": tid,
                "compiled": false,
            }));
        }
    }
    json!({
        "metadata": metadata(p, RUN_RESULTS_SCHEMA),
        "results": results,
        "elapsed_time": p.run.as_ref().map(|r| r.elapsed_s).unwrap_or(0.0),
        "args": {"which": "build"},
    })
}

/// Writes `manifest.json`, `catalog.json` and `run_results.json` into `dir`.
pub fn write(p: &Project, dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for (name, v) in
        [("manifest.json", manifest(p)), ("catalog.json", catalog(p)), ("run_results.json", run_results(p))]
    {
        std::fs::write(dir.join(name), serde_json::to_vec_pretty(&v).map_err(std::io::Error::other)?)?;
    }
    Ok(())
}
