//! # pipeline-export — delivery of export models (reverse ETL)
//!
//! An export model is computed, tested and published like any table; its **delivery** writes
//! the published table to its target, following the model's [`ExportSpec`] (spec
//! `exports.md`, E-1…E-9):
//!
//! * [`guards`] run first, on the table in memory, before anything touches a server: the
//!   contract matches the table (E-7, model side), empty content (E-4), NULL into a
//!   non-nullable column (E-5), a value outside an unsigned or 32-bit target (E-6).
//! * [`clickhouse`]: HTTP interface, `Native` format; staging table `tmp.<table>_<run_id>`
//!   (dropped before and after use), staged row count checked (E-3), then one atomic step:
//!   multi-table `RENAME` (full replace) or `REPLACE PARTITION … FROM` (partitions).
//! * [`postgres`]: one transaction: create if absent, check columns (E-7), `DELETE` (never
//!   `TRUNCATE`), binary `COPY`, count check, commit (E-8, E-9).
//!
//! Credentials are never printed: connection settings keep the password in a [`Secret`] whose
//! `Debug`/`Display` is `***`, and every error text is scrubbed of it.

pub mod clickhouse;
pub mod guards;
pub mod postgres;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;
use std::time::Instant;

use polars::prelude::*;
use serde::Serialize;

pub use pipeline_export_contract::{Delivery, ExportSpec, Target};

/// A credential: shown as `***`.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A delivery failure, already scrubbed of credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(pub String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

/// Where and how to deliver (spec README §4, export targets).
#[derive(Debug, Clone, Default)]
pub struct Targets {
    pub clickhouse: Option<clickhouse::Config>,
    pub postgres: Option<postgres::Config>,
    /// Exports allowed to deliver an empty content (E-4), by model name.
    pub allow_empty: BTreeSet<String>,
}

impl Targets {
    /// Parses the optional URLs (`http://user:password@host:port`, `postgres://…`); a bad URL
    /// is an error that does not repeat it (it may hold a password).
    pub fn from_urls(clickhouse: Option<&str>, postgres: Option<&str>, pg_schema: &str) -> Result<Targets> {
        Ok(Targets {
            clickhouse: clickhouse.map(clickhouse::Config::parse).transpose()?,
            postgres: postgres.map(|u| postgres::Config::parse(u, pg_schema)).transpose()?,
            allow_empty: BTreeSet::new(),
        })
    }

    fn configured(&self, t: Target) -> bool {
        match t {
            Target::ClickHouse => self.clickhouse.is_some(),
            Target::Postgres => self.postgres.is_some(),
        }
    }

    /// Removes every configured password from `text`.
    pub fn scrub(&self, text: &str) -> String {
        let mut out = text.to_string();
        let secrets = [
            self.clickhouse.as_ref().map(|c| c.password.expose().to_string()),
            self.postgres.as_ref().and_then(|c| c.password()),
        ];
        for s in secrets.into_iter().flatten() {
            if !s.is_empty() {
                out = out.replace(&s, "***");
            }
        }
        out
    }
}

/// What happened to one export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target now holds the new content.
    Delivered,
    /// The target is not configured: computed, not delivered.
    NotConfigured,
    /// The delivery failed; the target holds its previous content (E-1).
    Failed,
}

/// The outcome of one export, as written to `run_results.json` (`deliveries`).
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    pub model: String,
    pub target: String,
    /// `intermediate.booking` (ClickHouse) or `<pg_schema>.<table>` (PostgreSQL).
    pub table: String,
    pub status: Status,
    /// Rows delivered (the model's row count).
    pub rows: Option<usize>,
    pub duration_s: f64,
    pub rows_per_s: Option<f64>,
    pub message: Option<String>,
}

impl Outcome {
    pub fn failed(&self) -> bool {
        self.status == Status::Failed
    }
}

/// Progress of one table's load: rows sent so far.
pub type Progress<'a> = &'a mut dyn FnMut(usize);

/// A token unique per run, usable in a table name (`[A-Za-z0-9_]`).
pub fn run_token(s: &str) -> String {
    s.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// Delivers `df` (the export model's published table) to its target.
pub fn deliver(spec: &ExportSpec, df: &DataFrame, targets: &Targets, run_id: &str, progress: Progress<'_>) -> Outcome {
    let started = Instant::now();
    let table = match (spec.target, spec.database, &targets.postgres) {
        (Target::ClickHouse, Some(db), _) => format!("{db}.{}", spec.table),
        (Target::Postgres, _, Some(pg)) => format!("{}.{}", pg.schema, spec.table),
        _ => spec.table.to_string(),
    };
    let mut outcome = Outcome {
        model: spec.model.to_string(),
        target: spec.target.to_string(),
        table,
        status: Status::NotConfigured,
        rows: Some(df.height()),
        duration_s: 0.0,
        rows_per_s: None,
        message: None,
    };
    if !targets.configured(spec.target) {
        outcome.message = Some(format!("{} target not configured: computed, not delivered", spec.target));
        return outcome;
    }
    let allow_empty = targets.allow_empty.contains(spec.model);
    let result = guards::check(spec, df, allow_empty).and_then(|()| match spec.target {
        Target::ClickHouse => {
            clickhouse::deliver(targets.clickhouse.as_ref().expect("configured"), spec, df, run_id, progress)
        }
        Target::Postgres => postgres::deliver(targets.postgres.as_ref().expect("configured"), spec, df, progress),
    });
    let secs = started.elapsed().as_secs_f64();
    outcome.duration_s = secs;
    match result {
        Ok(note) => {
            outcome.status = Status::Delivered;
            outcome.rows_per_s = Some(df.height() as f64 / secs.max(1e-9));
            outcome.message = note;
        }
        Err(e) => {
            outcome.status = Status::Failed;
            outcome.message = Some(targets.scrub(&e.0));
        }
    }
    outcome
}

/// Reads `<root>/<model>.parquet` (root = a published generation).
pub fn read_table(root: &Path, model: &str) -> Result<DataFrame> {
    let path = root.join(format!("{model}.parquet"));
    let file = std::fs::File::open(&path)
        .map_err(|e| Error(format!("export {model}: cannot open {}: {e}", path.display())))?;
    ParquetReader::new(file).finish().map_err(|e| Error(format!("export {model}: cannot read {}: {e}", path.display())))
}

/// Delivers every export of `specs` from the published generation `root`, one table after
/// the other; `on_progress(model, rows_sent)` is called while loading. A failed delivery does
/// not stop the others (each target is independent, E-1 holds per table).
pub fn deliver_all(
    specs: &[ExportSpec],
    root: &Path,
    targets: &Targets,
    run_id: &str,
    on_progress: &mut dyn FnMut(&str, usize),
) -> Vec<Outcome> {
    let mut out = Vec::new();
    for spec in specs {
        if !targets.configured(spec.target) {
            out.push(deliver(spec, &DataFrame::empty(), targets, run_id, &mut |_| {}));
            out.last_mut().expect("pushed").rows = None;
            continue;
        }
        match read_table(root, spec.model) {
            Ok(df) => out.push(deliver(spec, &df, targets, run_id, &mut |n| on_progress(spec.model, n))),
            Err(e) => out.push(Outcome {
                model: spec.model.to_string(),
                target: spec.target.to_string(),
                table: spec.table.to_string(),
                status: Status::Failed,
                rows: None,
                duration_s: 0.0,
                rows_per_s: None,
                message: Some(e.0),
            }),
        }
    }
    out
}
