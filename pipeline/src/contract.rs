//! Contracts: a planned or materialised relation against its declared columns.
//!
//! [`compare_schema`] checks a plan's inferred schema (names, order, dtypes) without
//! reading data; [`check_output`] and [`run_tests`] check a materialised output (dtypes,
//! then its data tests). The runner and the test helpers both use them, so a unit test
//! and a run judge a model identically. Nothing here reads or writes files.

use polars::prelude::*;

use crate::datatest::{DataTest, TestResult, run_test};
use crate::schema::ColumnSpec;
use crate::{Error, Result};

fn describe(c: &ColumnSpec) -> String {
    format!("{} ({})", c.dtype, c.logical)
}

/// Compares a plan's inferred schema (names, order, dtypes) with the declared columns.
pub fn compare_schema(model: &str, columns: &[ColumnSpec], lf: &mut LazyFrame) -> Vec<Error> {
    let schema = match lf.collect_schema() {
        Ok(s) => s,
        Err(e) => return vec![Error::polars(model, e)],
    };
    compare_to(model, columns, &schema)
}

fn compare_to(model: &str, columns: &[ColumnSpec], schema: &polars::prelude::Schema) -> Vec<Error> {
    let mut errors = Vec::new();
    for (i, c) in columns.iter().enumerate() {
        match schema.get_full(c.name) {
            None => errors.push(Error::SchemaMismatch {
                model: model.into(),
                column: c.name.into(),
                expected: describe(c),
                found: "no such column in the plan".into(),
            }),
            Some((pos, _, dtype)) => {
                if dtype != &c.dtype {
                    errors.push(Error::SchemaMismatch {
                        model: model.into(),
                        column: c.name.into(),
                        expected: describe(c),
                        found: dtype.to_string(),
                    });
                } else if pos != i {
                    errors.push(Error::SchemaMismatch {
                        model: model.into(),
                        column: c.name.into(),
                        expected: format!("position {}", i + 1),
                        found: format!("position {}", pos + 1),
                    });
                }
            }
        }
    }
    for (name, _) in schema.iter() {
        if !columns.iter().any(|c| c.name == name.as_str()) {
            errors.push(Error::SchemaMismatch {
                model: model.into(),
                column: name.to_string(),
                expected: "no such column".into(),
                found: "an extra column in the plan".into(),
            });
        }
    }
    errors
}

/// Write-audit-publish, part one: a materialised output has the declared dtypes, in
/// order. (Its data tests, `not_null` and `unique` included, are [`run_tests`].)
pub fn check_output(name: &str, columns: &[ColumnSpec], df: &DataFrame) -> Result<()> {
    match compare_to(name, columns, df.schema()).into_iter().next() {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Write-audit-publish, part two: runs `tests` on `df` (a model's output with grain
/// `grain`). `referenced(model, column)` gives that column of a referenced model's output
/// for `references` tests (a frame holding at least it); a test whose referenced output is
/// unavailable is skipped.
pub fn run_tests(
    tests: &[DataTest],
    df: &DataFrame,
    grain: &[&str],
    referenced: &dyn Fn(&str, &str) -> Option<DataFrame>,
) -> Vec<TestResult> {
    tests
        .iter()
        .filter_map(|t| match t.referenced() {
            None => Some(run_test(t, df, grain, None)),
            Some((m, c)) => referenced(m, c).map(|r| run_test(t, df, grain, Some(&r))),
        })
        .collect()
}

/// The error of an output whose blocking tests failed, naming each failing test, its
/// failing-row count and sample keys; `None` when nothing blocks.
pub fn blocking_failure(model: &str, results: &[TestResult]) -> Option<Error> {
    let failed: Vec<&TestResult> = results.iter().filter(|r| r.blocks()).collect();
    if failed.is_empty() {
        return None;
    }
    let test = failed.iter().map(|r| r.test.as_str()).collect::<Vec<_>>().join(", ");
    let cited = |r: &TestResult| {
        let cite = r.cite.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        format!("{}{cite}", r.message)
    };
    let message = match failed.as_slice() {
        [one] => cited(one),
        many => many.iter().map(|r| format!("`{}`: {}", r.test, cited(r))).collect::<Vec<_>>().join("; "),
    };
    Some(Error::DataTest { model: model.to_string(), test, message })
}
