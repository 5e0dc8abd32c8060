//! Data tests: the contracts a model's output must meet, declared once on its schema struct
//! (`#[check(…)]`, see the derive) and evaluated on every materialised output before
//! anything is published.
//!
//! Besides the declared tests, every model has the implicit tests of its struct: a
//! non-`Option` column is `not_null`, the grain is `unique` (and non-NULL). A test passes,
//! fails (severity `error`: the run publishes nothing) or warns (severity `warn`: reported,
//! not blocking). A failure counts the failing rows and shows the keys of a few of them.
//!
//! This module evaluates tests on frames it is given; it reads no file. `references` tests
//! need the referenced model's output, which the caller passes in.

use std::sync::Arc;

use polars::prelude::*;
use serde::Serialize;

use crate::schema::ColumnSpec;

/// How a failing test affects the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A failure stops the run; nothing is published.
    Error,
    /// A failure is reported and does not block.
    Warn,
}

/// A row predicate built from typed handles: true (or NULL) for a valid row.
pub type RuleFn = Arc<dyn Fn() -> Expr + Send + Sync>;

/// What a test checks.
#[derive(Clone)]
pub enum Check {
    /// The column has no NULL.
    NotNull,
    /// The grain columns are non-NULL and unique together.
    Unique(Vec<&'static str>),
    /// Every non-NULL value is one of these.
    AcceptedValues(Vec<&'static str>),
    /// Every non-NULL value lies within `[min, max]` (numeric, compared as f64).
    Range { min: Option<f64>, max: Option<f64> },
    /// Every non-NULL value exists as `column` of `model` (an input of the model).
    References { model: &'static str, column: &'static str },
    /// At most this share of the rows is NULL.
    MaxNullRatio(f64),
    /// A named predicate over a row (possibly with windows over a group): rows where it is
    /// false fail; NULL passes, as in a SQL CHECK constraint.
    Rule(RuleFn),
}

/// One data test of one model.
#[derive(Clone)]
pub struct DataTest {
    pub model: &'static str,
    /// The column tested, for column tests.
    pub column: Option<&'static str>,
    /// Display name, dbt style: `not_null(user_id)`, `accepted_values(user_role)`, a rule's name.
    pub name: String,
    pub check: Check,
    pub severity: Severity,
    /// The spec rule or invariant the test enforces (`R-…`, `I-…`).
    pub cite: Option<&'static str>,
}

impl DataTest {
    fn new(model: &'static str, column: Option<&'static str>, name: String, check: Check) -> Self {
        DataTest { model, column, name, check, severity: Severity::Error, cite: None }
    }

    pub fn not_null(model: &'static str, column: &'static str) -> Self {
        DataTest::new(model, Some(column), format!("not_null({column})"), Check::NotNull)
    }

    pub fn unique(model: &'static str, grain: &[&'static str]) -> Self {
        DataTest::new(model, None, format!("unique({})", grain.join(", ")), Check::Unique(grain.to_vec()))
    }

    pub fn accepted_values(model: &'static str, column: &'static str, values: &[&'static str]) -> Self {
        DataTest::new(model, Some(column), format!("accepted_values({column})"), Check::AcceptedValues(values.to_vec()))
    }

    pub fn range(model: &'static str, column: &'static str, min: Option<f64>, max: Option<f64>) -> Self {
        let bound = |b: Option<f64>| b.map(|v| v.to_string()).unwrap_or_else(|| "∞".into());
        let name =
            format!("range({column} in [{}, {}])", min.map(|v| v.to_string()).unwrap_or("-∞".into()), bound(max));
        DataTest::new(model, Some(column), name, Check::Range { min, max })
    }

    pub fn references(
        model: &'static str,
        column: &'static str,
        to_model: &'static str,
        to_column: &'static str,
    ) -> Self {
        let name = format!("relationships({column} -> {to_model}.{to_column})");
        DataTest::new(model, Some(column), name, Check::References { model: to_model, column: to_column })
    }

    pub fn max_null_ratio(model: &'static str, column: &'static str, ratio: f64) -> Self {
        let name = format!("max_null_ratio({column} <= {}%)", ratio * 100.0);
        DataTest::new(model, Some(column), name, Check::MaxNullRatio(ratio))
    }

    pub fn rule(model: &'static str, name: &str, predicate: RuleFn) -> Self {
        DataTest::new(model, None, name.to_string(), Check::Rule(predicate))
    }

    pub fn warn(mut self) -> Self {
        self.severity = Severity::Warn;
        self
    }

    pub fn cite(mut self, rule: &'static str) -> Self {
        self.cite = Some(rule);
        self
    }

    /// The model and column it references, for `references` tests.
    pub fn referenced(&self) -> Option<(&'static str, &'static str)> {
        match &self.check {
            Check::References { model, column } => Some((model, column)),
            _ => None,
        }
    }
}

/// The implicit tests of a contract: `not_null` per non-`Option` column, `unique(grain)`.
pub fn implicit_tests(
    model: &'static str,
    columns: &'static [ColumnSpec],
    grain: &'static [&'static str],
) -> Vec<DataTest> {
    let mut tests: Vec<DataTest> =
        columns.iter().filter(|c| !c.nullable).map(|c| DataTest::not_null(model, c.name)).collect();
    if !grain.is_empty() {
        tests.push(DataTest::unique(model, grain));
    }
    tests
}

/// Outcome of a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TestStatus {
    Pass,
    Fail,
    Warn,
    /// The test could not be evaluated (e.g. its expression does not plan).
    Error,
    /// The test could not run here (its referenced model is not available); not blocking.
    Skipped,
}

/// The result of one data test on one output.
#[derive(Debug, Clone, Serialize)]
pub struct TestResult {
    /// `test.<model>.<name>`, dbt's unique-id shape.
    pub unique_id: String,
    pub model: String,
    pub test: String,
    pub column: Option<String>,
    pub severity: Severity,
    pub status: TestStatus,
    /// Rows failing the test (NULL rows for `max_null_ratio`, duplicated rows for `unique`).
    pub failures: usize,
    pub rows: usize,
    /// Keys (grain values) of up to [`SAMPLE`] failing rows, or their 1-based row numbers.
    pub sample: Vec<String>,
    pub cite: Option<String>,
    pub message: String,
    /// Seconds spent evaluating the test (dbt's `execution_time`); summed over the pieces of
    /// an output tested piece by piece.
    pub execution_time: f64,
}

impl TestResult {
    /// True when the run must not publish.
    pub fn blocks(&self) -> bool {
        matches!(self.status, TestStatus::Fail | TestStatus::Error)
    }
}

/// How many failing keys a result shows.
pub const SAMPLE: usize = 5;

/// Folds the results of the same tests run on several pieces of one output (the dates or row
/// batches of a table computed by partition) into one result per test, in first-seen order:
/// rows and failing rows summed, the first [`SAMPLE`] failing keys kept (a grain-less table's
/// row numbers count within its piece), the worst status. A `max_null_ratio` is thus checked
/// piece by piece.
pub fn merge_results(pieces: Vec<Vec<TestResult>>) -> Vec<TestResult> {
    fn rank(s: TestStatus) -> u8 {
        match s {
            TestStatus::Skipped => 0,
            TestStatus::Pass => 1,
            TestStatus::Warn => 2,
            TestStatus::Fail => 3,
            TestStatus::Error => 4,
        }
    }
    let mut merged: Vec<TestResult> = Vec::new();
    for r in pieces.into_iter().flatten() {
        let Some(m) = merged.iter_mut().find(|m| m.unique_id == r.unique_id) else {
            merged.push(r);
            continue;
        };
        m.rows += r.rows;
        m.failures += r.failures;
        m.execution_time += r.execution_time;
        let room = SAMPLE.saturating_sub(m.sample.len());
        m.sample.extend(r.sample.into_iter().take(room));
        if rank(r.status) > rank(m.status) {
            m.status = r.status;
            m.message = r.message;
        }
    }
    for m in &mut merged {
        if matches!(m.status, TestStatus::Fail | TestStatus::Warn) {
            m.message = format!("{} failing row(s) of {}, e.g. {}", m.failures, m.rows, m.sample.join("; "));
        }
    }
    merged
}

/// Evaluates `test` on `df` (the output of `test.model`, whose grain is `grain`).
/// `referenced` is the referenced model's output for a `references` test.
pub fn run_test(test: &DataTest, df: &DataFrame, grain: &[&str], referenced: Option<&DataFrame>) -> TestResult {
    let rows = df.height();
    let started = std::time::Instant::now();
    let outcome = failing_rows(test, df, grain, referenced);
    let execution_time = started.elapsed().as_secs_f64();
    let (status, failures, sample, message) = match outcome {
        Err(e) => (TestStatus::Error, 0, Vec::new(), format!("could not evaluate: {}", short(&e.to_string()))),
        Ok((failures, sample)) => {
            if failures == 0 {
                (TestStatus::Pass, 0, sample, "pass".to_string())
            } else {
                let status = match test.severity {
                    Severity::Error => TestStatus::Fail,
                    Severity::Warn => TestStatus::Warn,
                };
                let message = format!("{failures} failing row(s) of {rows}, e.g. {}", sample.join("; "));
                (status, failures, sample, message)
            }
        }
    };
    TestResult {
        unique_id: format!("test.{}.{}", test.model, test.name),
        model: test.model.to_string(),
        test: test.name.clone(),
        column: test.column.map(str::to_string),
        severity: test.severity,
        status,
        failures,
        rows,
        sample,
        cite: test.cite.map(str::to_string),
        message,
        execution_time,
    }
}

/// Source freshness of `model` (a raw model's output `df`) at run date `ds`: the newest
/// value of the loaded-at column against the declared ages. The message gives the age.
pub fn freshness_result(
    model: &'static str,
    f: &crate::source::Freshness,
    df: &DataFrame,
    ds: chrono::NaiveDate,
) -> TestResult {
    let newest: Option<chrono::NaiveDate> = df
        .column(f.column)
        .ok()
        .and_then(|c| c.cast(&DataType::Date).ok())
        .and_then(|c| c.as_materialized_series().date().ok().and_then(|d| d.physical().max()))
        .map(|days| crate::schema::EPOCH + chrono::Duration::days(days as i64));
    let age = newest.map(|n| (ds - n).num_days());
    let (status, severity, message) = match age {
        None => (TestStatus::Fail, Severity::Error, format!("no {} value: the extract is empty", f.column)),
        Some(a) if f.error_after_days.is_some_and(|m| a > m) => (
            TestStatus::Fail,
            Severity::Error,
            format!(
                "newest {} is {a} day(s) before ds (error after {})",
                f.column,
                f.error_after_days.unwrap_or_default()
            ),
        ),
        Some(a) if f.warn_after_days.is_some_and(|m| a > m) => (
            TestStatus::Warn,
            Severity::Warn,
            format!(
                "newest {} is {a} day(s) before ds (warn after {})",
                f.column,
                f.warn_after_days.unwrap_or_default()
            ),
        ),
        Some(a) => (TestStatus::Pass, Severity::Error, format!("newest {} is {a} day(s) before ds", f.column)),
    };
    let name = format!("freshness({})", f.column);
    TestResult {
        unique_id: format!("source_freshness.{model}.{name}"),
        model: model.to_string(),
        test: name,
        column: Some(f.column.to_string()),
        severity,
        status,
        failures: usize::from(status != TestStatus::Pass),
        rows: df.height(),
        sample: newest.map(|n| vec![format!("newest={n}")]).unwrap_or_default(),
        cite: None,
        message,
        execution_time: 0.0,
    }
}

/// The result of a test that could not run (its input is unavailable).
pub fn not_run(test: &DataTest, why: &str) -> TestResult {
    TestResult {
        unique_id: format!("test.{}.{}", test.model, test.name),
        model: test.model.to_string(),
        test: test.name.clone(),
        column: test.column.map(str::to_string),
        severity: test.severity,
        status: TestStatus::Skipped,
        failures: 0,
        rows: 0,
        sample: Vec::new(),
        cite: test.cite.map(str::to_string),
        message: format!("not run: {why}"),
        execution_time: 0.0,
    }
}

fn short(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.chars().count() > 200 { format!("{}…", line.chars().take(200).collect::<String>()) } else { line.into() }
}

/// Whether `df` has no NULL in `keys` and is sorted ascending by them (lexicographically,
/// strings byte-wise): one pass of neighbour comparisons.
pub fn sorted_without_nulls(df: &DataFrame, keys: &[&'static str]) -> PolarsResult<bool> {
    if df.height() < 2 {
        return Ok(true);
    }
    // Row i-1 <= row i, built from the last key to the first.
    let mut in_order: Option<Expr> = None;
    for k in keys.iter().rev() {
        let (prev, cur) = (col(*k).shift(lit(1)), col(*k));
        in_order = Some(match in_order {
            None => prev.lt_eq(cur),
            Some(rest) => prev.clone().lt(cur.clone()).or(prev.eq(cur).and(rest)),
        });
    }
    let no_null = keys.iter().map(|k| col(*k).null_count().eq(lit(0u32))).reduce(|a, b| a.and(b)).expect("a grain");
    let ok = df
        .clone()
        .lazy()
        .select([in_order.expect("a grain").fill_null(lit(true)).all(true).and(no_null).alias("ok")])
        .collect()?;
    Ok(ok.column("ok")?.bool()?.get(0).unwrap_or(false))
}

fn failing_rows(
    test: &DataTest,
    df: &DataFrame,
    grain: &[&str],
    referenced: Option<&DataFrame>,
) -> PolarsResult<(usize, Vec<String>)> {
    let column = || col(test.column.expect("a column test names its column"));
    let failing: Expr = match &test.check {
        Check::NotNull => column().is_null(),
        Check::Unique(keys) => {
            let any_null = keys.iter().map(|k| col(*k).is_null()).reduce(|a, b| a.or(b)).expect("a grain");
            let dup = if sorted_without_nulls(df, keys)? {
                // Tables are written sorted by their grain: duplicates are neighbours.
                let same = |offset: i64| {
                    keys.iter()
                        .map(|k| col(*k).eq(col(*k).shift(lit(offset))).fill_null(lit(false)))
                        .reduce(|a, b| a.and(b))
                };
                same(1).expect("a grain").or(same(-1).expect("a grain"))
            } else {
                len().over(keys.iter().map(|k| col(*k)).collect::<Vec<_>>())?.gt(lit(1u32))
            };
            any_null.or(dup)
        }
        Check::AcceptedValues(values) => {
            let allowed = Series::new("allowed".into(), values.iter().map(|v| v.to_string()).collect::<Vec<_>>());
            column().is_not_null().and(column().is_in(lit(allowed).implode(false), false).not())
        }
        Check::Range { min, max } => {
            let v = column().cast(DataType::Float64);
            let below = min.map(|m| v.clone().lt(lit(m))).unwrap_or(lit(false));
            let above = max.map(|m| v.clone().gt(lit(m))).unwrap_or(lit(false));
            column().is_not_null().and(below.or(above))
        }
        Check::References { column: to_column, .. } => {
            let target =
                referenced.ok_or_else(|| polars_err!(ComputeError: "the referenced model's output is missing"))?;
            let values = target.column(to_column)?.as_materialized_series().unique()?;
            column().is_not_null().and(column().is_in(lit(values).implode(false), false).not())
        }
        Check::MaxNullRatio(ratio) => {
            let nulls = df.column(test.column.expect("a column test"))?.null_count();
            let share = if df.height() == 0 { 0.0 } else { nulls as f64 / df.height() as f64 };
            if share <= *ratio {
                return Ok((0, Vec::new()));
            }
            column().is_null()
        }
        Check::Rule(predicate) => predicate().not().fill_null(lit(false)),
    };
    let marked = df.clone().lazy().with_row_index("__row", None).filter(failing).collect()?;
    let failures = marked.height();
    let sample = (0..failures.min(SAMPLE)).map(|i| key_of(&marked, grain, i)).collect();
    Ok((failures, sample))
}

/// `a=1, b=x` for the grain of row `i`, or `row 7` without a grain.
fn key_of(df: &DataFrame, grain: &[&str], i: usize) -> String {
    if grain.is_empty() {
        let row = df.column("__row").ok().and_then(|c| c.get(i).ok()).map(|v| v.to_string()).unwrap_or_default();
        return format!("row {}", row.parse::<usize>().map(|r| r + 1).unwrap_or(0));
    }
    grain
        .iter()
        .map(|g| {
            let v = df.column(g).ok().and_then(|c| c.get(i).ok()).map(|v| v.to_string()).unwrap_or_default();
            format!("{g}={v}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame() -> DataFrame {
        df!(
            "id" => ["1", "2", "3", "3"],
            "role" => [Some("A"), Some("B"), Some("Z"), None],
            "age" => [Some(10i64), Some(70), None, Some(-1)],
        )
        .unwrap()
    }

    #[test]
    fn each_check_counts_failing_rows_and_samples_their_keys() {
        let df = frame();
        let grain = ["id"];
        let r = run_test(&DataTest::accepted_values("m", "role", &["A", "B"]), &df, &grain, None);
        assert_eq!((r.status, r.failures, r.sample.clone()), (TestStatus::Fail, 1, vec!["id=\"3\"".to_string()]));
        let r = run_test(&DataTest::range("m", "age", Some(0.0), Some(65.0)), &df, &grain, None);
        assert_eq!(r.failures, 2, "{r:?}");
        let r = run_test(&DataTest::unique("m", &["id"]), &df, &grain, None);
        assert_eq!(r.failures, 2);
        let r = run_test(&DataTest::not_null("m", "age").warn(), &df, &grain, None);
        assert_eq!((r.status, r.failures), (TestStatus::Warn, 1));
        assert!(!r.blocks());
        let users = df!("user" => ["1", "2"]).unwrap();
        let r = run_test(&DataTest::references("m", "id", "u", "user"), &df, &grain, Some(&users));
        assert_eq!(r.failures, 2);
        let r = run_test(&DataTest::max_null_ratio("m", "role", 0.25), &df, &grain, None);
        assert_eq!(r.status, TestStatus::Pass);
        let r = run_test(&DataTest::max_null_ratio("m", "role", 0.2), &df, &grain, None);
        assert_eq!(r.failures, 1);
        let loaded = df!("at" => [crate::date("2026-11-20"), crate::date("2026-11-25")]).unwrap();
        let f = crate::source::Freshness { column: "at", warn_after_days: Some(2), error_after_days: Some(7) };
        let status = |ds: &str| freshness_result("m", &f, &loaded, crate::date(ds)).status;
        assert_eq!(
            [status("2026-11-27"), status("2026-11-28"), status("2026-12-03")],
            [TestStatus::Pass, TestStatus::Warn, TestStatus::Fail]
        );
        let rule: RuleFn = Arc::new(|| col("age").lt(lit(65i64)));
        let r = run_test(&DataTest::rule("m", "young", rule), &df, &grain, None);
        assert_eq!(r.failures, 1, "NULL passes a rule");
        assert_eq!(r.unique_id, "test.m.young");
    }

    /// The unique test gives the same failures whether the frame is sorted by its keys
    /// (neighbour comparison) or not (window), on one and several keys, with NULL keys.
    #[test]
    fn unique_same_result_sorted_or_not() {
        let count =
            |df: &DataFrame, keys: &[&'static str]| run_test(&DataTest::unique("m", keys), df, keys, None).failures;
        let sorted = df!("a" => ["1", "1", "1", "2", "3"], "b" => [1i64, 2, 2, 1, 1]).unwrap();
        let shuffled = df!("a" => ["1", "2", "1", "3", "1"], "b" => [2i64, 1, 1, 1, 2]).unwrap();
        assert!(sorted_without_nulls(&sorted, &["a", "b"]).unwrap());
        assert!(!sorted_without_nulls(&shuffled, &["a", "b"]).unwrap());
        assert_eq!((count(&sorted, &["a", "b"]), count(&shuffled, &["a", "b"])), (2, 2));
        assert_eq!((count(&sorted, &["a"]), count(&shuffled, &["a"])), (3, 3));
        let with_null = df!("a" => [None, Some("1"), Some("1")]).unwrap();
        assert!(!sorted_without_nulls(&with_null, &["a"]).unwrap());
        assert_eq!(count(&with_null, &["a"]), 3);
    }
}
