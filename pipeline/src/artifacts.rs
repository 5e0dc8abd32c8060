//! Run artifacts: `manifest.json` describes the project (models, columns, types, docs,
//! dependencies); `run_results.json` (written by the runner) describes one run.

use std::path::Path;

use serde::Serialize;

use crate::Result;
use crate::dag::{Dag, NodeKind};
use crate::schema::{ColumnSpec, Layer, Materialization};

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

pub fn write_manifest(dag: &Dag, path: &Path) -> Result<()> {
    crate::runner::write_json_atomic(&manifest(dag), path)
}
