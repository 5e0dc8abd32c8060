//! Building blocks of the data-test rules declared on model schemas
//! (`#[check(name = "…", rule = path)]`, see `pipeline::datatest`): group windows over a
//! whole output and decided implications. A rule is true (or NULL) for a valid row; these
//! helpers return decided booleans so that a NULL never passes by accident.
//!
//! Windows here are plain aggregates over a partition (`len`, `min`), which Polars evaluates
//! inside the test's filter; the ROW_NUMBER/RANK helpers of `pipeline::funcs` are for models.

use pipeline::polars::prelude::{DataType, Expr, NULL, len, lit, when};

/// `COUNT(*) OVER (PARTITION BY keys)` as i64; NULL keys form one group (C-20).
pub fn group_len(keys: Vec<Expr>) -> Expr {
    len().over(keys).expect("a window over plain columns plans").cast(DataType::Int64)
}

/// `agg OVER (PARTITION BY keys)` for an aggregate expression such as `x.min()`.
pub fn over(agg: Expr, keys: Vec<Expr>) -> Expr {
    agg.over(keys).expect("a window over plain columns plans")
}

/// `premise ⇒ conclusion`, decided: a NULL premise does not apply (true), a NULL conclusion
/// fails (false).
pub fn implies(premise: Expr, conclusion: Expr) -> Expr {
    premise.fill_null(lit(false)).not().or(conclusion.fill_null(lit(false)))
}

/// `a` and `b` are both NULL or both non-NULL.
pub fn null_together(a: Expr, b: Expr) -> Expr {
    a.is_null().eq(b.is_null())
}

/// `a = b` where two NULLs are equal (`IS NOT DISTINCT FROM`), decided.
pub fn same(a: Expr, b: Expr) -> Expr {
    a.clone().eq_missing(b.clone()).fill_null(lit(false))
}

/// `numbering` takes each value 1..n exactly once in every group of `keys` (n = the group's
/// size): what a ROW_NUMBER (or a RANK with a total order) gives.
pub fn one_to_n(numbering: Expr, keys: Vec<Expr>) -> Expr {
    let mut with_number = keys.clone();
    with_number.push(numbering.clone());
    numbering
        .clone()
        .gt_eq(lit(1i64))
        .and(numbering.lt_eq(group_len(keys)))
        .and(group_len(with_number).eq(lit(1i64)))
        .fill_null(lit(false))
}

/// True on the first row of its group of `keys` in the order (`at` ascending, then `id`
/// ascending as a string, C-22); both order keys non-NULL.
pub fn first_in_group(at: Expr, id: Expr, keys: Vec<Expr>) -> Expr {
    let at_first = at.clone().eq(over(at.min(), keys.clone()));
    let first_id = over(when(at_first).then(id.clone()).otherwise(lit(NULL)).min(), keys);
    id.eq(first_id).fill_null(lit(false))
}
