//! Source declarations: where a raw model's file lives and how it is typed. Reading and
//! validating files is `pipeline-runtime`'s job; this module opens nothing.

use polars::prelude::*;

use crate::context::RunContext;
use crate::schema::ColumnSpec;

/// Which file formats a source may come in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Formats {
    /// `<t>.parquet` or `<t>.csv`, exactly one of them (L-1).
    ParquetOrCsv,
    /// `<t>.csv` only (seeds).
    Csv,
}

/// How a raw model finds and types its source.
#[derive(Clone)]
pub struct SourceSpec {
    /// Sub-directory of the sources root (`applicative`, `seed`).
    pub dir: &'static str,
    /// File stem.
    pub table: &'static str,
    pub formats: Formats,
    /// `str` columns that must hold base-10 integer text (e.g. `action_history_id`).
    pub integer_text: &'static [&'static str],
    /// Adds the raw model's derived columns (L-10) to the typed source columns.
    pub derive: Option<fn(&RunContext, LazyFrame) -> LazyFrame>,
}

impl SourceSpec {
    pub const fn applicative(table: &'static str) -> Self {
        SourceSpec { dir: "applicative", table, formats: Formats::ParquetOrCsv, integer_text: &[], derive: None }
    }

    pub const fn seed(table: &'static str) -> Self {
        SourceSpec { dir: "seed", table, formats: Formats::Csv, integer_text: &[], derive: None }
    }

    pub const fn integer_text(mut self, columns: &'static [&'static str]) -> Self {
        self.integer_text = columns;
        self
    }

    pub const fn derive(mut self, f: fn(&RunContext, LazyFrame) -> LazyFrame) -> Self {
        self.derive = Some(f);
        self
    }
}

/// An empty frame with the declared columns: the source's contract, used to plan the DAG
/// without reading any file.
pub fn empty_frame(columns: &[ColumnSpec], derived: bool) -> DataFrame {
    let cols: Vec<Column> =
        columns.iter().filter(|c| derived || !c.derived).map(|c| Column::new_empty(c.name.into(), &c.dtype)).collect();
    DataFrame::new(0, cols).expect("empty frame")
}

/// Adds derived columns and orders columns as declared.
pub fn finish_raw(spec: &SourceSpec, columns: &[ColumnSpec], lf: LazyFrame, ctx: &RunContext) -> LazyFrame {
    let lf = match spec.derive {
        Some(f) => f(ctx, lf),
        None => lf,
    };
    lf.select(columns.iter().map(|c| col(c.name)).collect::<Vec<_>>())
}
