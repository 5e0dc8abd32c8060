//! The physical side of [`Frame::inner_join_wide`](crate::frame::Frame::inner_join_wide) and
//! [`Frame::left_join_wide`](crate::frame::Frame::left_join_wide): a join whose result is
//! built one column at a time.
//!
//! Polars' join materialises both inputs, gathers every column of each, and only then drops
//! the inputs: its peak is inputs plus output. For the widest intermediate table (tens of
//! millions of bookings × 50 columns at scale 16) that peak alone was above DuckDB's for the
//! whole run. Here only the key columns are joined (to row indices); then each output column
//! is gathered from its input column, which is released at once. The wanted input columns
//! are read once, and as the output grows the inputs shrink: the peak is the larger of the
//! two plus about one column, not their sum.
//!
//! The plan stays lazy and prunable: the join is an opaque step over a zero-row frame that
//! carries the output's column names and types. Projection pushdown trims that frame to the
//! columns read downstream, and the step reads exactly those from its two inputs (their own
//! plans, executed inside it). Filters are not pushed through it.
//!
//! This module builds plans; it knows nothing of schemas or models.

use std::collections::HashMap;

use polars::prelude::*;

use crate::funcs::gather;

const LEFT_ROW: &str = "__wide_join_left_row";
const RIGHT_ROW: &str = "__wide_join_right_row";

/// `left ⋈ right` on `left_keys[i] = right_keys[i]` (NULL keys never match), `how` inner or
/// left. The output has `left`'s columns, then `right_columns` (`(name in right, output
/// name)`), rows in `left`'s order (a left row's matches in `right`'s order). Returns `None`
/// when either side's schema cannot be resolved; the caller then plans an ordinary join,
/// which reports the same error when the plan is checked.
pub(crate) fn plan(
    left: LazyFrame,
    right: LazyFrame,
    left_keys: Vec<Expr>,
    right_keys: Vec<PlSmallStr>,
    right_columns: Vec<(PlSmallStr, PlSmallStr)>,
    how: JoinType,
) -> Option<LazyFrame> {
    let left_schema = left.clone().collect_schema().ok()?;
    let right_schema = right.clone().collect_schema().ok()?;
    let mut out = (*left_schema).clone();
    for (name, as_name) in &right_columns {
        out.with_column(as_name.clone(), right_schema.get(name)?.clone());
    }
    let from_right: HashMap<PlSmallStr, PlSmallStr> =
        right_columns.into_iter().map(|(name, as_name)| (as_name, name)).collect();
    let shape = DataFrame::empty_with_schema(&out).lazy();
    let step =
        move |wanted: DataFrame| build(&wanted, &left, &right, &left_keys, &right_keys, &from_right, how.clone());
    // Only projections pass: a filter pushed below would see the shape's zero rows.
    let pushdown = AllowedOptimizations::PROJECTION_PUSHDOWN;
    Some(shape.map(step, pushdown, None, Some("wide_join")))
}

/// Evaluates the join for the columns of `wanted` (the pruned zero-row shape), in its order.
fn build(
    wanted: &DataFrame,
    left: &LazyFrame,
    right: &LazyFrame,
    left_keys: &[Expr],
    right_keys: &[PlSmallStr],
    from_right: &HashMap<PlSmallStr, PlSmallStr>,
    how: JoinType,
) -> PolarsResult<DataFrame> {
    let names: Vec<PlSmallStr> = wanted.get_column_names_owned();
    let key_name = |side: &str, i: usize| PlSmallStr::from(format!("__wide_join_{side}{i}"));
    let left_wanted: Vec<Expr> =
        names.iter().filter(|n| !from_right.contains_key(*n)).map(|n| col(n.clone())).collect();
    let left_key_exprs = left_keys.iter().enumerate().map(|(i, k)| k.clone().alias(key_name("l", i)));
    let left_df = left.clone().select(left_wanted.into_iter().chain(left_key_exprs).collect::<Vec<_>>()).collect()?;
    let right_key_exprs: Vec<Expr> =
        right_keys.iter().enumerate().map(|(i, k)| col(k.clone()).alias(key_name("r", i))).collect();
    let right_wanted: Vec<Expr> = names.iter().filter_map(|n| from_right.get(n)).map(|n| col(n.clone())).collect();
    let right_df =
        right.clone().select(right_wanted.into_iter().chain(right_key_exprs).collect::<Vec<_>>()).collect()?;

    let lk: Vec<PlSmallStr> = (0..left_keys.len()).map(|i| key_name("l", i)).collect();
    let rk: Vec<PlSmallStr> = (0..right_keys.len()).map(|i| key_name("r", i)).collect();
    let (left_rows, right_rows) = row_pairs(&left_df, &right_df, &lk, &rk, how)?;
    let height = left_rows.len();
    // A LEFT join on a unique right key keeps every left row in place: no gather needed.
    let in_place = height == left_df.height()
        && left_rows.null_count() == 0
        && left_rows.into_no_null_iter().enumerate().all(|(i, r)| i as IdxSize == r);

    // Each input column is gathered, then released (the frames are consumed column by column).
    let mut left_cols: HashMap<PlSmallStr, Column> =
        left_df.into_columns().into_iter().map(|c| (c.name().clone(), c)).collect();
    let mut right_cols: HashMap<PlSmallStr, Column> =
        right_df.into_columns().into_iter().map(|c| (c.name().clone(), c)).collect();
    let mut columns = Vec::with_capacity(names.len());
    for name in &names {
        let column = match from_right.get(name) {
            Some(source) => gather(&right_cols.remove(source).expect("selected"), &right_rows)?.with_name(name.clone()),
            None if in_place => left_cols.remove(name).expect("selected"),
            None => gather(&left_cols.remove(name).expect("selected"), &left_rows)?,
        };
        columns.push(column);
    }
    DataFrame::new(height, columns)
}

/// The matching (left row, right row) pairs, in left row order; the right row is NULL for an
/// unmatched left row of a LEFT join.
fn row_pairs(
    left: &DataFrame,
    right: &DataFrame,
    left_keys: &[PlSmallStr],
    right_keys: &[PlSmallStr],
    how: JoinType,
) -> PolarsResult<(IdxCa, IdxCa)> {
    let keys = |df: &DataFrame, names: &[PlSmallStr], row: &str| -> PolarsResult<LazyFrame> {
        Ok(df.select(names.iter().cloned())?.with_row_index(row.into(), None)?.lazy())
    };
    let on = |names: &[PlSmallStr]| -> Vec<Expr> { names.iter().map(|n| col(n.clone())).collect() };
    // NULL keys never match (C-19): nulls_equal stays false.
    let mut args = JoinArgs::new(how);
    args.maintain_order = MaintainOrderJoin::Left;
    let pairs = keys(left, left_keys, LEFT_ROW)?
        .join(keys(right, right_keys, RIGHT_ROW)?, on(left_keys), on(right_keys), args)
        .select([col(LEFT_ROW), col(RIGHT_ROW)])
        .collect()?;
    Ok((pairs.column(LEFT_ROW)?.idx()?.clone(), pairs.column(RIGHT_ROW)?.idx()?.clone()))
}
