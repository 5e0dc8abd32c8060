//! Run parameters (spec README §4): the single clock `ds` / `as_of` and the run's inputs.
//! Models read "today" and "now" only from here (C-1, C-4); nothing reads the system clock
//! except the CLI, once, to default `ds`.

use std::path::PathBuf;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use polars::prelude::Expr;

use crate::Error;
use crate::funcs::{lit_date, lit_datetime};

#[derive(Debug, Clone)]
pub struct RunContext {
    /// Business date of the run: "today" in every rule.
    pub ds: NaiveDate,
    /// "now" in every rule, a UTC instant given as naive UTC wall-clock.
    pub as_of: NaiveDateTime,
    pub lookback_days: u32,
    pub full_refresh: bool,
    pub sources_dir: PathBuf,
    pub firebase_app_ids: Vec<String>,
    /// Rows per batch of a model computed row-wise (`Evaluation::RowWise`): bounds its peak
    /// memory; changes no row of any output, only how a date's rows are split into files. A
    /// batch is never smaller than the rows of the model's other (whole) inputs, which every
    /// batch joins again.
    pub batch_rows: usize,
}

impl RunContext {
    /// Parameters with the spec's defaults (`as_of` = `ds` 00:00:00 UTC).
    pub fn new(ds: NaiveDate, sources_dir: impl Into<PathBuf>) -> Self {
        RunContext {
            ds,
            as_of: ds.and_hms_opt(0, 0, 0).expect("midnight"),
            lookback_days: 3,
            full_refresh: false,
            sources_dir: sources_dir.into(),
            firebase_app_ids: vec!["app.passculture".into(), "app.passculture.webapp".into()],
            batch_rows: 200_000,
        }
    }

    /// Rejects parameters the spec forbids (C-3) before any model runs.
    pub fn validate(&self) -> Result<(), Error> {
        let start = self.ds.and_hms_opt(0, 0, 0).expect("midnight");
        let end = start + chrono::Duration::days(1);
        if self.as_of < start || self.as_of >= end {
            return Err(Error::Params(format!(
                "as_of {} is not within ds {} (C-3: ds 00:00:00 UTC <= as_of < ds+1 00:00:00 UTC)",
                self.as_of, self.ds
            )));
        }
        Ok(())
    }

    /// `ds` as a date literal.
    pub fn ds(&self) -> Expr {
        lit_date(self.ds)
    }

    /// `ds` 00:00:00 as a naive datetime literal, for comparisons with naive datetime
    /// columns in their own wall-clock (C-5).
    pub fn ds_midnight(&self) -> Expr {
        lit_datetime(self.ds.and_hms_opt(0, 0, 0).expect("midnight"))
    }

    /// `as_of` as a naive UTC datetime literal.
    pub fn as_of(&self) -> Expr {
        lit_datetime(self.as_of)
    }

    /// The calendar year of `ds` ("current year").
    pub fn ds_year(&self) -> i32 {
        self.ds.year()
    }
}
