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
    /// `<dir>/<table>/event_date=YYYY-MM-DD/*.parquet`: one directory per date, any number of
    /// files each (GA4 events, sources.md §4.1); only the run window's directories are read (L-9).
    DatePartitions,
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
    /// How fresh the extract must be, judged on a loaded-at column.
    pub freshness: Option<Freshness>,
}

/// Source freshness: the newest value of a date or datetime column (the extract's
/// loaded-at) must be at most so many days before `ds`. Checked on every run (a `warn` or
/// blocking `error` result, like a data test) and reported by `freshness`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    pub column: &'static str,
    pub warn_after_days: Option<i64>,
    pub error_after_days: Option<i64>,
}

impl SourceSpec {
    pub const fn applicative(table: &'static str) -> Self {
        SourceSpec {
            dir: "applicative",
            table,
            formats: Formats::ParquetOrCsv,
            integer_text: &[],
            derive: None,
            freshness: None,
        }
    }

    pub const fn seed(table: &'static str) -> Self {
        SourceSpec { dir: "seed", table, formats: Formats::Csv, integer_text: &[], derive: None, freshness: None }
    }

    /// Date-partitioned Parquet under `<dir>/<table>/event_date=YYYY-MM-DD/` (sources.md §4).
    pub const fn date_partitions(dir: &'static str, table: &'static str) -> Self {
        SourceSpec { dir, table, formats: Formats::DatePartitions, integer_text: &[], derive: None, freshness: None }
    }

    pub const fn integer_text(mut self, columns: &'static [&'static str]) -> Self {
        self.integer_text = columns;
        self
    }

    pub const fn derive(mut self, f: fn(&RunContext, LazyFrame) -> LazyFrame) -> Self {
        self.derive = Some(f);
        self
    }

    /// Declares the loaded-at `column` and the ages (days before `ds`) after which the
    /// source is stale: a warning, an error (each optional).
    pub const fn freshness(
        mut self,
        column: &'static str,
        warn_after_days: Option<i64>,
        error_after_days: Option<i64>,
    ) -> Self {
        self.freshness = Some(Freshness { column, warn_after_days, error_after_days });
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
