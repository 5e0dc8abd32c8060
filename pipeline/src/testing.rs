//! Helpers for model tests: a fixed run context, collecting a frame with the same checks
//! the runner applies (plan schema + output audit), and snapshot text sorted by grain.

use polars::prelude::*;

use crate::context::RunContext;
use crate::contract::{blocking_failure, check_output, compare_schema, run_tests};
use crate::datatest::{DataTest, implicit_tests};
use crate::frame::Frame;
use crate::schema::Schema;

/// A context for tests with run date `ds` (`YYYY-MM-DD`) and no sources.
pub fn ctx(ds: &str) -> RunContext {
    RunContext::new(crate::date(ds), "/nonexistent-sources")
}

/// Collects a model's output after checking its plan schema against `S`, then audits it
/// as the runner would: dtypes, and every data test of `S` (implicit `not_null` /
/// `unique`, declared `#[check]`s; `references` tests need the run's other outputs and are
/// left to the runner). Panics with the error.
pub fn collect<S: Schema>(frame: Frame<S>) -> DataFrame {
    let mut lf = frame.into_lazy();
    if let Some(e) = compare_schema(S::NAME, S::columns(), &mut lf).into_iter().next() {
        panic!("{e}");
    }
    let df = lf.collect().unwrap_or_else(|e| panic!("model {}: {e}", S::NAME));
    if let Err(e) = check_output(S::NAME, S::columns(), &df) {
        panic!("{e}");
    }
    let tests: Vec<DataTest> =
        implicit_tests(S::NAME, S::columns(), S::GRAIN).into_iter().chain(S::data_tests()).collect();
    let results = run_tests(&tests, &df, S::GRAIN, &|_, _| None);
    if let Some(e) = blocking_failure(S::NAME, &results) {
        panic!("{e}");
    }
    df
}

/// Collects and reads the output back as typed rows.
pub fn rows<S: Schema>(frame: Frame<S>) -> Vec<S> {
    let df = collect(frame);
    S::from_dataframe(&df).unwrap_or_else(|e| panic!("{e}"))
}

/// Snapshot text of a model's output sorted by its grain (or by `sort_by` if the model
/// has no grain).
pub fn snapshot<S: Schema>(frame: Frame<S>) -> String {
    let df = collect(frame);
    crate::snapshot::render(&df, S::GRAIN)
}

/// Snapshot text restricted to some columns (keeps the grain first for readability).
pub fn snapshot_cols<S: Schema>(frame: Frame<S>, columns: &[&str]) -> String {
    let df = collect(frame);
    let mut cols: Vec<&str> = S::GRAIN.to_vec();
    cols.extend(columns.iter().filter(|c| !S::GRAIN.contains(c)));
    let df = df.select(cols).expect("known columns");
    crate::snapshot::render(&df, S::GRAIN)
}
