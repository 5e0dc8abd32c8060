//! Checks on the table in memory, before anything touches a target: a failing guard leaves
//! the target exactly as it was (E-1).

use polars::prelude::*;

use pipeline_export_contract::{ExportSpec, TargetType};

use crate::{Error, Result};

/// The table matches the contract (names, order, dtypes of the model), and passes E-4, E-5
/// and the integer ranges of E-6.
pub fn check(spec: &ExportSpec, df: &DataFrame, allow_empty: bool) -> Result<()> {
    spec.validate().map_err(Error)?;
    let names: Vec<&str> = df.get_column_names().into_iter().map(|n| n.as_str()).collect();
    let expected: Vec<&str> = spec.columns.iter().map(|c| c.name).collect();
    if names != expected {
        return Err(Error(format!("the table's columns {names:?} are not the contract's {expected:?}")));
    }
    for (c, m) in spec.columns.iter().zip(spec.model_columns) {
        let dtype = df.column(c.name).expect("checked").dtype();
        if dtype != &m.dtype {
            return Err(Error(format!("column {}: the table holds {dtype}, the model declares {}", c.name, m.dtype)));
        }
    }
    // E-4
    if df.height() == 0 && spec.delivery.replaces_everything() && !allow_empty {
        return Err(Error(
            "E-4: the new content has 0 rows; a full-replace or snapshot delivery refuses it unless the export \
             is configured with allow_empty (target unchanged)"
                .into(),
        ));
    }
    for c in &spec.columns {
        let s = df.column(c.name).expect("checked").as_materialized_series();
        // E-5
        if !c.nullable && s.null_count() > 0 {
            let first = s.is_null().iter().position(|v| v == Some(true)).unwrap_or(0);
            return Err(Error(format!(
                "E-5: column {} is NOT NULL in the target but holds {} NULL value(s) (first at row {first}); target unchanged",
                c.name,
                s.null_count()
            )));
        }
        // E-6: integer ranges (unsigned, 8-bit, 32-bit targets).
        if let Some((lo, hi)) = c.ty.int_range() {
            let v = s.cast(&DataType::Int64).map_err(|e| Error(format!("column {}: {e}", c.name)))?;
            let v = v.i64().expect("cast to i64");
            if let (Some(min), Some(max)) = (v.min(), v.max())
                && (min < lo || max > hi)
            {
                let bad = if min < lo { min } else { max };
                let what = match c.ty {
                    TargetType::ChUInt64 | TargetType::ChUInt8 => "unsigned",
                    _ => "32-bit",
                };
                return Err(Error(format!(
                    "E-6: column {} holds {bad}, outside the {what} target type {} [{lo}, {hi}]; target unchanged",
                    c.name,
                    c.ty.sql()
                )));
            }
        }
    }
    Ok(())
}
