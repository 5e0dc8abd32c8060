//! Contracts: a planned or materialised relation against its declared columns.
//!
//! [`compare_schema`] checks a plan's inferred schema (names, order, dtypes) without
//! reading data; [`audit_contract`] checks a materialised output (dtypes, not-null
//! columns, unique grain). The runner and the test helpers both use them, so a unit test
//! and a run judge a model identically. Nothing here reads or writes files.

use polars::prelude::*;

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

/// Write-audit-publish: the blocking checks on a materialised output, against a contract
/// given by parts (model name, columns, grain): runtime dtypes, non-nullable columns and
/// the grain (non-NULL, unique). Returns the names of the checks that passed.
pub fn audit_contract(name: &str, columns: &[ColumnSpec], grain: &[&str], df: &DataFrame) -> Result<Vec<String>> {
    let node = Contract { name, columns, grain };
    let mut tests = Vec::new();
    if let Some(e) = compare_to(node.name, node.columns, df.schema()).into_iter().next() {
        return Err(e);
    }
    tests.push("schema".to_string());
    let key_text = |row: usize| -> String {
        node.grain
            .iter()
            .map(|g| {
                let v = df.column(g).ok().and_then(|c| c.get(row).ok()).map(|v| v.to_string());
                format!("{g}={}", v.unwrap_or_default())
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    for c in node.columns.iter().filter(|c| !c.nullable) {
        let col = df.column(c.name).expect("schema checked");
        if col.null_count() > 0 {
            let row = col.is_null().iter().position(|v| v == Some(true)).expect("a null exists");
            return Err(Error::DataTest {
                model: node.name.into(),
                test: format!("not_null({})", c.name),
                message: format!(
                    "{} NULL value(s), e.g. row {}{}",
                    col.null_count(),
                    row + 1,
                    if node.grain.is_empty() { String::new() } else { format!(" ({})", key_text(row)) }
                ),
            });
        }
    }
    tests.push("not_null".to_string());
    if !node.grain.is_empty() {
        let keys = df.select(node.grain.iter().copied()).map_err(|e| Error::polars(node.name, e))?;
        let dup = keys.is_duplicated().map_err(|e| Error::polars(node.name, e))?;
        if let Some(row) = dup.iter().position(|d| d == Some(true)) {
            return Err(Error::DataTest {
                model: node.name.into(),
                test: format!("unique({})", node.grain.join(", ")),
                message: format!("{} duplicated key row(s), e.g. {}", dup.sum().unwrap_or(0), key_text(row)),
            });
        }
        tests.push(format!("unique({})", node.grain.join(", ")));
    }
    Ok(tests)
}

/// The parts of a node an audit needs.
struct Contract<'a> {
    name: &'a str,
    columns: &'a [ColumnSpec],
    grain: &'a [&'a str],
}
