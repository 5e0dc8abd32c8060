//! `docs --out/--dbt-artifacts/--openlineage-file`, `docs --json` with column lineage, and
//! `lineage <model>.<column>`: the command-line side of `pipeline-docs`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use pipeline::{Error, Result, RunContext};
use pipeline_docs::project::{self, Project, split_ref};
use pipeline_runtime::dag::Dag;

pub struct Outputs {
    pub site: Option<PathBuf>,
    pub dbt: Option<PathBuf>,
    pub openlineage: Option<PathBuf>,
}

impl Outputs {
    pub fn any(&self) -> bool {
        self.site.is_some() || self.dbt.is_some() || self.openlineage.is_some()
    }
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io { path: path.to_path_buf(), source }
}

/// The project with the warehouse's last run (if any) and the spec's rule ids (`docs/spec`
/// of the working directory, if any).
pub fn build(name: &str, dag: &Dag, ctx: &RunContext, warehouse: &Path) -> Project {
    let results = warehouse.join("run_results.json");
    let spec = Path::new("docs/spec");
    project::build(name, dag, ctx, results.is_file().then_some(results.as_path()), spec.is_dir().then_some(spec))
}

pub fn write(name: &str, dag: &Dag, ctx: &RunContext, warehouse: &Path, out: &Outputs, quiet: bool) -> Result<()> {
    let t = Instant::now();
    let p = build(name, dag, ctx, warehouse);
    let planned = t.elapsed();
    if let Some(dir) = &out.site {
        let t = Instant::now();
        pipeline_docs::site::write(&p, dir).map_err(io(dir))?;
        if !quiet {
            eprintln!(
                "site: {} ({} nodes; lineage planned in {:.2} s, written in {:.2} s)",
                dir.join("index.html").display(),
                p.models.len(),
                planned.as_secs_f64(),
                t.elapsed().as_secs_f64()
            );
        }
    }
    if let Some(dir) = &out.dbt {
        pipeline_docs::dbt::write(&p, dir).map_err(io(dir))?;
        if !quiet {
            eprintln!("dbt artifacts: {}/{{manifest,catalog,run_results}}.json", dir.display());
        }
    }
    if let Some(file) = &out.openlineage {
        let n = pipeline_docs::openlineage::write(&p, file).map_err(io(file))?;
        if !quiet {
            eprintln!("openlineage: {n} events in {}", file.display());
        }
    }
    Ok(())
}

/// The runtime's manifest with each column's derived lineage (`reads`, `derivation`).
pub fn manifest_json(name: &str, dag: &Dag, ctx: &RunContext) -> String {
    let mut v = serde_json::to_value(pipeline_runtime::artifacts::manifest(dag)).expect("serialisable");
    let p = project::build(name, dag, ctx, None, None);
    if let Some(models) = v["models"].as_array_mut() {
        for m in models {
            let Some(pm) = m["name"].as_str().and_then(|n| p.get(n)) else { continue };
            if let Some(cols) = m["columns"].as_array_mut() {
                for (c, pc) in cols.iter_mut().zip(&pm.columns) {
                    c["reads"] = serde_json::json!(pc.reads);
                    c["derivation"] = serde_json::json!(pc.derivation);
                }
            }
        }
    }
    serde_json::to_string_pretty(&v).expect("serialisable")
}

/// Prints the lineage of `model.column` as indented trees (upstream, then downstream).
pub fn lineage(name: &str, dag: &Dag, ctx: &RunContext, column: &str, up: bool, down: bool) -> Result<()> {
    let (model, col) = split_ref(column);
    let Some(node) = dag.get(model) else {
        return Err(Error::Params(format!("lineage: unknown model `{model}` (expected <model>.<column>)")));
    };
    if !node.columns.iter().any(|c| c.name == col) {
        return Err(Error::Params(format!("lineage: model {model} has no column `{col}`")));
    }
    let p = project::build(name, dag, ctx, None, None);
    let reads = p.column_edges();
    let mut read_by: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for (c, rs) in &reads {
        for r in rs {
            read_by.entry(r.clone()).or_default().push(c.clone());
        }
    }
    let derivation = |r: &str| {
        let (m, c) = split_ref(r);
        p.get(m)
            .and_then(|m| m.columns.iter().find(|x| x.name == c))
            .map(|c| format!("{:?}", c.derivation).to_lowercase())
            .unwrap_or_else(|| "?".into())
    };
    let both = !up && !down;
    println!("{column} ({})", derivation(column));
    if up || both {
        println!("upstream (reads):");
        let mut seen = BTreeSet::new();
        tree(column, &|r| reads.get(r).cloned().unwrap_or_default(), &derivation, 1, &mut seen);
    }
    if down || both {
        println!("downstream (read by):");
        let mut seen = BTreeSet::new();
        tree(column, &|r| read_by.get(r).cloned().unwrap_or_default(), &derivation, 1, &mut seen);
    }
    Ok(())
}

fn tree(
    at: &str,
    next: &dyn Fn(&str) -> Vec<String>,
    derivation: &dyn Fn(&str) -> String,
    depth: usize,
    seen: &mut BTreeSet<String>,
) {
    for n in next(at) {
        let again = !seen.insert(n.clone());
        println!("{}{n} ({}){}", "  ".repeat(depth), derivation(&n), if again { " …" } else { "" });
        if !again {
            tree(&n, next, derivation, depth + 1, seen);
        }
    }
}

/// After `run`: the run's OpenLineage events, written to `--openlineage-file` and/or posted to
/// `--openlineage-url`. A successful run reports every model it ran; a failed one what its
/// `run_results.json` (written by the runner even on failure) says, or FAIL events for the
/// models its errors name when the run stopped before writing it.
#[allow(clippy::too_many_arguments)]
pub fn run_events(
    name: &str,
    dag: &Dag,
    ctx: &RunContext,
    outcome: &Result<pipeline_runtime::runner::RunResults>,
    warehouse: &Path,
    started: std::time::SystemTime,
    ol: &crate::OpenLineageOptions,
    quiet: bool,
) -> Result<()> {
    let mut p = project::build(name, dag, ctx, None, None);
    match outcome {
        Ok(results) => project::apply_run_results(&mut p, &serde_json::to_value(results).expect("serialisable")),
        Err(e) => {
            let path = warehouse.join("run_results.json");
            let fresh = std::fs::metadata(&path).and_then(|m| m.modified()).is_ok_and(|t| t >= started);
            let written = fresh
                .then(|| std::fs::read_to_string(&path).ok())
                .flatten()
                .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok());
            match written {
                Some(v) => project::apply_run_results(&mut p, &v),
                None => {
                    let failures: Vec<&Error> = match e {
                        Error::RunFailed(list) => list.iter().collect(),
                        e => vec![e],
                    };
                    for f in failures {
                        let model = match f {
                            Error::Plan { model, .. } | Error::DataTest { model, .. } | Error::Polars { model, .. } => {
                                model
                            }
                            Error::SchemaMismatch { model, .. } | Error::MissingUpstream { model, .. } => model,
                            _ => continue,
                        };
                        if let Some(m) = p.models.iter_mut().find(|m| &m.name == model) {
                            m.last_run = Some(project::LastRun {
                                status: "error".into(),
                                rows: None,
                                seconds: 0.0,
                                message: Some(f.to_string()),
                            });
                        }
                    }
                }
            }
        }
    }
    let events = pipeline_docs::openlineage::events(&p);
    if let Some(file) = &ol.file {
        pipeline_docs::openlineage::write_events(&events, file).map_err(io(file))?;
        if !quiet {
            eprintln!("openlineage: {} events in {}", events.len(), file.display());
        }
    }
    if let Some(url) = &ol.url {
        for e in &events {
            pipeline_docs::openlineage::post(url, e).map_err(|m| {
                Error::Params(format!("openlineage: {m} (the run itself was published as reported above)"))
            })?;
        }
        if !quiet {
            eprintln!("openlineage: {} events posted", events.len());
        }
    }
    Ok(())
}
