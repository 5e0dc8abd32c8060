//! Run artifacts: `manifest.json` describes the project (models, columns, types, docs,
//! dependencies); `run_results.json` (written by the runner) describes one run.

use serde::Serialize;

use pipeline::node::NodeKind;

use crate::dag::Dag;
use pipeline::schema::{ColumnSpec, Layer, Materialization};

#[derive(Serialize)]
pub struct ManifestModel<'a> {
    pub name: &'a str,
    pub layer: Layer,
    pub materialized: Materialization,
    pub doc: &'a str,
    pub grain: &'a [&'a str],
    pub depends_on: &'a [&'a str],
    pub consumers: Vec<&'a str>,
    /// `applicative/user.{parquet,csv}` for raw models.
    pub source: Option<String>,
    pub columns: &'a [ColumnSpec],
}

#[derive(Serialize)]
pub struct Manifest<'a> {
    pub models: Vec<ManifestModel<'a>>,
}

pub fn manifest(dag: &Dag) -> Manifest<'_> {
    Manifest {
        models: dag
            .nodes()
            .iter()
            .map(|n| ManifestModel {
                name: n.name,
                layer: n.layer,
                materialized: n.materialized,
                doc: n.doc,
                grain: n.grain,
                depends_on: &n.inputs,
                consumers: dag.consumers(n.name),
                source: match &n.kind {
                    NodeKind::Source(s) => Some(format!("{}/{}", s.dir, s.table)),
                    NodeKind::Model(_) => None,
                },
                columns: n.columns,
            })
            .collect(),
    }
}

/// Human-readable documentation of the project: per model, its doc, grain, materialisation,
/// inputs, consumers and column table (name, spec type, nullability, doc).
pub fn markdown(dag: &Dag) -> String {
    let mut out = String::from("# Models\n");
    for n in dag.nodes() {
        out.push_str(&format!("\n## {}\n\n{}\n\n", n.name, n.doc));
        out.push_str(&format!(
            "* grain: `{}`\n* layer: {:?}, materialised as {:?}\n",
            if n.grain.is_empty() { "(none)".to_string() } else { n.grain.join(", ") },
            n.layer,
            n.materialized
        ));
        if let NodeKind::Source(s) = &n.kind {
            out.push_str(&format!("* source: `{}/{}`\n", s.dir, s.table));
        }
        let list = |names: &[&str]| {
            if names.is_empty() {
                "—".to_string()
            } else {
                names.iter().map(|x| format!("`{x}`")).collect::<Vec<_>>().join(", ")
            }
        };
        out.push_str(&format!("* inputs: {}\n* read by: {}\n\n", list(&n.inputs), list(&dag.consumers(n.name))));
        out.push_str("| column | type | null | doc |\n|---|---|---|---|\n");
        for c in n.columns {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                c.name,
                c.logical,
                if c.nullable { "N" } else { "–" },
                c.doc.replace('|', "\\|")
            ));
        }
    }
    out
}
