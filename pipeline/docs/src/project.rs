//! The project as data: everything the site, the `lineage` command and the dbt/OpenLineage
//! artifacts show, in one serialisable structure built from the DAG (plus, optionally, the
//! last run's `run_results.json` and the spec's rule ids).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use pipeline::node::NodeKind;
use pipeline::{Layer, RunContext};
use pipeline_runtime::dag::Dag;
use serde::{Deserialize, Serialize};

use crate::lineage::{self, Derivation};

/// Separator between a relation and a column in a column reference: `model.column`.
/// Relations never contain a dot except sources (`applicative.user`); columns never do, so
/// a reference splits at its last dot.
pub fn split_ref(r: &str) -> (&str, &str) {
    r.rsplit_once('.').unwrap_or((r, ""))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Project {
    pub name: String,
    pub generated_at: String,
    /// Sources (layer `source`, named `dir.table`) then models, in DAG order.
    pub models: Vec<Model>,
    /// The run whose results are shown, if a `run_results.json` was found.
    pub run: Option<RunInfo>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunInfo {
    pub ds: String,
    pub as_of: String,
    pub success: bool,
    pub elapsed_s: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Model {
    pub name: String,
    /// `source`, `raw`, `intermediate`, `mart`, `export`.
    pub layer: String,
    /// The name's family: `int_applicative__user` → `applicative`.
    pub group: String,
    /// `table`, `view`, or `source` for source files.
    pub materialized: String,
    pub doc: String,
    pub grain: Vec<String>,
    pub partition_by: Option<String>,
    /// Source file of a raw model (`applicative/user`), or the files of a source.
    pub source: Option<String>,
    pub inputs: Vec<String>,
    pub consumers: Vec<String>,
    pub columns: Vec<Column>,
    pub tests: Vec<Test>,
    /// Spec rule ids this model implements: cited by its tests or listed for it in the spec.
    pub rules: Vec<String>,
    pub last_run: Option<LastRun>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Column {
    pub name: String,
    /// Polars dtype.
    pub dtype: String,
    /// Spec type (`str`, `dec2`, …).
    pub logical: String,
    pub nullable: bool,
    pub doc: String,
    /// Declared pass-through upstream, `model.column`.
    pub from: Option<String>,
    /// Upstream columns read (`model.column`), derived: see [`crate::lineage`].
    pub reads: Vec<String>,
    pub derivation: Derivation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Test {
    pub name: String,
    pub column: Option<String>,
    pub severity: String,
    pub cite: Option<String>,
    /// Last result (`pass`, `warn`, `fail`, …) when a run is known.
    pub status: Option<String>,
    pub failures: Option<u64>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LastRun {
    pub status: String,
    pub rows: Option<u64>,
    pub seconds: f64,
    pub message: Option<String>,
}

fn layer_name(l: Layer) -> &'static str {
    match l {
        Layer::Raw => "raw",
        Layer::Intermediate => "intermediate",
        Layer::Mart => "mart",
        Layer::Export => "export",
        Layer::Local => "local",
    }
}

/// `int_applicative__user` → `applicative`; `applicative.user` → `applicative`.
pub fn group_of(name: &str) -> String {
    if let Some((dir, _)) = name.split_once('.') {
        return dir.to_string();
    }
    let head = name.split("__").next().unwrap_or(name);
    head.split_once('_').map(|(_, g)| g.to_string()).unwrap_or_else(|| head.to_string())
}

/// Builds the project description. `run_results` is a `run_results.json` to take test
/// results and run figures from; `spec_dir` a directory of Markdown files citing rules
/// `R-<model>-<n>`.
pub fn build(name: &str, dag: &Dag, ctx: &RunContext, run_results: Option<&Path>, spec_dir: Option<&Path>) -> Project {
    let lin = lineage::derive(dag, ctx);
    let mut models = Vec::new();
    // Sources first: one node per source file family, its columns the raw model's read ones.
    let mut source_consumers: BTreeMap<String, (String, Vec<Column>, Vec<String>)> = BTreeMap::new();
    for n in dag.nodes() {
        if let NodeKind::Source(s) = &n.kind {
            let id = format!("{}.{}", s.dir, s.table);
            let cols = n
                .columns
                .iter()
                .filter(|c| !c.derived)
                .map(|c| Column {
                    name: c.name.to_string(),
                    dtype: c.dtype.to_string(),
                    logical: c.logical.clone(),
                    nullable: c.nullable,
                    doc: c.doc.to_string(),
                    from: None,
                    reads: vec![],
                    derivation: Derivation::Source,
                })
                .collect();
            let e = source_consumers.entry(id).or_insert_with(|| (format!("{}/{}", s.dir, s.table), cols, vec![]));
            e.2.push(n.name.to_string());
        }
    }
    for (id, (file, columns, consumers)) in source_consumers {
        models.push(Model {
            group: group_of(&id),
            name: id,
            layer: "source".into(),
            materialized: "source".into(),
            doc: format!("Source extract `{file}` (Parquet or CSV), validated on read by its raw model."),
            grain: vec![],
            partition_by: None,
            source: Some(file),
            inputs: vec![],
            consumers,
            columns,
            tests: vec![],
            rules: vec![],
            last_run: None,
        });
    }
    let spec_rules = spec_dir.map(read_spec_rules).unwrap_or_default();
    for n in dag.nodes() {
        let source = match &n.kind {
            NodeKind::Source(s) => Some(format!("{}.{}", s.dir, s.table)),
            NodeKind::Model(_) => None,
        };
        let mut inputs: Vec<String> = n.inputs.iter().map(|s| s.to_string()).collect();
        if let Some(s) = &source {
            inputs.push(s.clone());
        }
        let columns = n
            .columns
            .iter()
            .map(|c| {
                let l = lin.get(&(n.name.to_string(), c.name.to_string()));
                Column {
                    name: c.name.to_string(),
                    dtype: c.dtype.to_string(),
                    logical: c.logical.clone(),
                    nullable: c.nullable,
                    doc: c.doc.to_string(),
                    from: c.from.map(|f| format!("{}.{}", f.model, f.column)),
                    reads: l.map(|l| l.reads.clone()).unwrap_or_default(),
                    derivation: l.map(|l| l.derivation).unwrap_or(Derivation::Unknown),
                }
            })
            .collect();
        let tests = n
            .tests
            .iter()
            .map(|t| Test {
                name: t.name.clone(),
                column: t.column.map(str::to_string),
                severity: format!("{:?}", t.severity).to_lowercase(),
                cite: t.cite.map(str::to_string),
                status: None,
                failures: None,
                message: None,
            })
            .collect::<Vec<_>>();
        // Cites that are rule or invariant ids (`R-…`, `I-5`, `E-3`), not document references.
        let is_id = |c: &str| {
            let (head, tail) = c.split_once('-').unwrap_or(("", ""));
            !head.is_empty() && head.bytes().all(|b| b.is_ascii_uppercase()) && !tail.is_empty() && !c.contains(' ')
        };
        let mut rules: BTreeSet<String> = tests.iter().filter_map(|t| t.cite.clone()).filter(|c| is_id(c)).collect();
        if let Some(r) = spec_rules.get(n.name) {
            rules.extend(r.iter().cloned());
        }
        models.push(Model {
            name: n.name.to_string(),
            layer: layer_name(n.layer).into(),
            group: group_of(n.name),
            materialized: format!("{:?}", n.materialized).to_lowercase(),
            doc: n.doc.trim().to_string(),
            grain: n.grain.iter().map(|s| s.to_string()).collect(),
            partition_by: n.partition_by.map(str::to_string),
            source: source.clone(),
            inputs,
            consumers: dag.consumers(n.name).iter().map(|s| s.to_string()).collect(),
            columns,
            tests,
            rules: rules.into_iter().collect(),
            last_run: None,
        });
    }
    let mut project = Project { name: name.into(), generated_at: chrono::Utc::now().to_rfc3339(), models, run: None };
    if let Some(v) = run_results
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
    {
        apply_run_results(&mut project, &v);
    }
    project
}

/// Rule ids `R-<model>-<n>` found in the spec's Markdown files, by model.
fn read_spec_rules(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let Ok(text) = std::fs::read_to_string(e.path()) else { continue };
        let b = text.as_bytes();
        let mut i = 0;
        while let Some(pos) = text[i..].find("R-") {
            let start = i + pos;
            let mut end = start + 2;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_' || b[end] == b'-') {
                end += 1;
            }
            let id = text[start..end].trim_end_matches('-');
            if let Some((model, num)) = id.get(2..).and_then(|rest| rest.rsplit_once('-'))
                && !num.is_empty()
                && num.bytes().all(|c| c.is_ascii_digit())
                && model.contains("__")
            {
                out.entry(model.to_string()).or_default().insert(id.to_string());
            }
            i = end.max(start + 2);
        }
    }
    out
}

/// Copies the run's per-model status/rows/time and per-test results into `project`.
pub fn apply_run_results(project: &mut Project, v: &serde_json::Value) {
    project.run = Some(RunInfo {
        ds: v["ds"].as_str().unwrap_or_default().into(),
        as_of: v["as_of"].as_str().unwrap_or_default().into(),
        success: v["success"].as_bool().unwrap_or(false),
        elapsed_s: v["elapsed_s"].as_f64().unwrap_or(0.0),
    });
    let Some(results) = v["results"].as_array() else { return };
    let by_name: BTreeMap<&str, &serde_json::Value> =
        results.iter().filter_map(|r| Some((r["model"].as_str()?, r))).collect();
    for m in &mut project.models {
        let Some(r) = by_name.get(m.name.as_str()) else { continue };
        m.last_run = Some(LastRun {
            status: r["status"].as_str().unwrap_or_default().into(),
            rows: r["rows"].as_u64(),
            seconds: r["duration_s"].as_f64().unwrap_or(0.0),
            message: r["message"].as_str().map(str::to_string),
        });
        let tests: BTreeMap<&str, &serde_json::Value> = r["tests"]
            .as_array()
            .map(|a| a.iter().filter_map(|t| Some((t["test"].as_str()?, t))).collect())
            .unwrap_or_default();
        for t in &mut m.tests {
            if let Some(res) = tests.get(t.name.as_str()) {
                t.status = res["status"].as_str().map(str::to_string);
                t.failures = res["failures"].as_u64();
                t.message = res["message"].as_str().map(str::to_string);
            }
        }
    }
}

impl Project {
    pub fn get(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }

    /// `model.column` → what it reads, for every column.
    pub fn column_edges(&self) -> BTreeMap<String, Vec<String>> {
        let mut out = BTreeMap::new();
        for m in &self.models {
            for c in &m.columns {
                out.insert(format!("{}.{}", m.name, c.name), c.reads.clone());
            }
        }
        out
    }
}
