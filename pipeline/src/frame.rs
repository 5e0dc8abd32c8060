//! `Frame<S>`: a Polars `LazyFrame` tagged with the relation it conforms to.
//!
//! Models take and return frames, so their dependencies are their parameter types. A
//! column handle `Col<M, T>` becomes an expression only through `Frame::c`, which
//! compiles only when the frame contains `M`: a column of another model is a type error.
//! Joining a `Frame<L>` with a `Frame<R>` gives a `Frame<Join<L, R>>` that contains both;
//! right-hand columns are stored under `"<R::NAME>.<column>"` so names never collide.
//!
//! Mistakes that only show at plan time (an output column assigned twice or not at all)
//! are recorded on the frame and reported by the runner with the model's name.
//! This module builds plans; it never executes them.

use std::marker::PhantomData;

use polars::prelude::*;

use crate::schema::{Col, ColumnType, Schema};

/// A lazily planned relation conforming to `S`.
pub struct Frame<S> {
    lf: LazyFrame,
    problems: Vec<String>,
    _s: PhantomData<fn() -> S>,
}

impl<S> Clone for Frame<S> {
    fn clone(&self) -> Self {
        Frame { lf: self.lf.clone(), problems: self.problems.clone(), _s: PhantomData }
    }
}

/// The relation produced by joining `L` (itself a schema or a join) with the schema `R`.
pub struct Join<L, R>(PhantomData<fn() -> (L, R)>);

/// Type-level position of a schema inside a (possibly nested) join: the schema itself.
pub struct Base;
/// The right-hand side of the outermost join.
pub struct Here;
/// Somewhere in the left-hand side of the outermost join.
pub struct There<I>(PhantomData<I>);

/// `Self` is a relation that contains the columns of `M`; `I` is inferred.
#[diagnostic::on_unimplemented(
    message = "a column of `{M}` is used on a frame of `{Self}`, which does not contain `{M}`",
    label = "this frame does not contain the columns of `{M}`",
    note = "use a column of the frame's own model, or join the frame with `{M}` first"
)]
pub trait Contains<M, I> {
    /// Physical column name of `M`'s column `name` inside `Self`.
    fn physical(name: &'static str) -> PlSmallStr;
}

impl<M: Schema> Contains<M, Base> for M {
    fn physical(name: &'static str) -> PlSmallStr {
        name.into()
    }
}

impl<L, R: Schema> Contains<R, Here> for Join<L, R> {
    fn physical(name: &'static str) -> PlSmallStr {
        qualified::<R>(name)
    }
}

impl<L, R, M, I> Contains<M, There<I>> for Join<L, R>
where
    L: Contains<M, I>,
{
    fn physical(name: &'static str) -> PlSmallStr {
        L::physical(name)
    }
}

fn qualified<R: Schema>(name: &str) -> PlSmallStr {
    format!("{}.{}", R::NAME, name).into()
}

/// One output column definition of `S`, made by `Col::set`.
pub struct Assign<S> {
    name: &'static str,
    expr: Expr,
    _s: PhantomData<fn() -> S>,
}

impl<S> Assign<S> {
    pub(crate) fn new(name: &'static str, expr: Expr) -> Self {
        Assign { name, expr, _s: PhantomData }
    }
}

impl<S> Frame<S> {
    /// Tags a plan as conforming to `S` without checking; the runner's plan-time check
    /// (and the runtime audit) verify it. Used by source readers and tests.
    pub fn from_lazy_unchecked(lf: LazyFrame) -> Self {
        Frame { lf, problems: Vec::new(), _s: PhantomData }
    }

    /// The underlying plan.
    pub fn lazy(&self) -> LazyFrame {
        self.lf.clone()
    }

    pub fn into_lazy(self) -> LazyFrame {
        self.lf
    }

    /// Problems found while building the plan (unassigned or duplicate columns).
    pub fn problems(&self) -> &[String] {
        &self.problems
    }

    /// The expression reading `M`'s column through this frame.
    pub fn c<M, T, I>(&self, col: Col<M, T>) -> Expr
    where
        S: Contains<M, I>,
    {
        polars::prelude::col(S::physical(col.name()))
    }

    /// Keeps the rows where `predicate` is true (NULL drops the row, C-16).
    pub fn filter(self, predicate: Expr) -> Frame<S> {
        Frame { lf: self.lf.filter(predicate), problems: self.problems, _s: PhantomData }
    }

    fn join_impl<R: Schema>(self, right: Frame<R>, on: Vec<(Expr, Expr)>, how: JoinType) -> LazyFrame {
        let mut left_keys = Vec::new();
        let mut right_keys = Vec::new();
        let mut lk_names = Vec::new();
        let mut rk_exprs = Vec::new();
        for (i, (l, r)) in on.into_iter().enumerate() {
            let ln: PlSmallStr = format!("__join_key_l{i}").into();
            let rn: PlSmallStr = format!("__join_key_r{i}").into();
            left_keys.push(l.alias(ln.clone()));
            rk_exprs.push(r.alias(rn.clone()));
            lk_names.push(ln);
            right_keys.push(rn);
        }
        // Right side: keys computed first (with R's own names), then every column renamed
        // to its qualified name so no two columns of the joined frame collide.
        let mut right_select: Vec<Expr> =
            R::columns().iter().map(|c| polars::prelude::col(c.name).alias(qualified::<R>(c.name))).collect();
        right_select.extend(rk_exprs);
        let right_lf = right.lf.select(right_select);
        let left_lf = self.lf.with_columns(left_keys);
        let lk: Vec<Expr> = lk_names.iter().map(|n| polars::prelude::col(n.clone())).collect();
        let rk: Vec<Expr> = right_keys.iter().map(|n| polars::prelude::col(n.clone())).collect();
        // NULL keys never match (C-19): nulls_equal = false.
        let args = JoinArgs::new(how).with_coalesce(JoinCoalesce::CoalesceColumns);
        let mut drop: Vec<PlSmallStr> = lk_names;
        if !matches!(args.how, JoinType::Left | JoinType::Inner) {
            drop.extend(right_keys);
        }
        left_lf.join(right_lf, lk, rk, args).drop(Selector::ByName { names: drop.into(), strict: false })
    }

    /// `LEFT` join: every row of `self` is kept; unmatched right columns are NULL.
    /// `on` pairs an expression over `self` with one over `right` (built with `c`).
    pub fn left_join<R: Schema>(self, right: Frame<R>, on: Vec<(Expr, Expr)>) -> Frame<Join<S, R>> {
        let mut problems = self.problems.clone();
        problems.extend(right.problems.iter().cloned());
        Frame { lf: self.join_impl(right, on, JoinType::Left), problems, _s: PhantomData }
    }

    /// `INNER` join.
    pub fn inner_join<R: Schema>(self, right: Frame<R>, on: Vec<(Expr, Expr)>) -> Frame<Join<S, R>> {
        let mut problems = self.problems.clone();
        problems.extend(right.problems.iter().cloned());
        Frame { lf: self.join_impl(right, on, JoinType::Inner), problems, _s: PhantomData }
    }

    /// Builds a `Frame<O>` from one definition per column of `O`, in `O`'s column order
    /// (C-2). Every column must be defined exactly once.
    pub fn project<O: Schema>(self, defs: Vec<Assign<O>>) -> Frame<O> {
        let mut problems = self.problems.clone();
        let exprs = ordered_exprs::<O>(defs, &mut problems);
        Frame { lf: self.lf.select(exprs), problems, _s: PhantomData }
    }

    /// `GROUP BY keys` with `aggs`, giving a `Frame<O>`; keys and aggregates together
    /// define every column of `O` exactly once. NULL keys form one group (C-20).
    pub fn group_by<O: Schema>(self, keys: Vec<Assign<O>>, aggs: Vec<Assign<O>>) -> Frame<O> {
        let mut problems = self.problems.clone();
        let key_exprs: Vec<Expr> = keys.iter().map(|k| k.expr.clone().alias(k.name)).collect();
        let agg_exprs: Vec<Expr> = aggs.iter().map(|a| a.expr.clone().alias(a.name)).collect();
        let all: Vec<Assign<O>> = keys.into_iter().chain(aggs).collect();
        // Re-select in O's order after the aggregation.
        let names: Vec<Assign<O>> = all.iter().map(|a| Assign::new(a.name, polars::prelude::col(a.name))).collect();
        let ordered = ordered_exprs::<O>(names, &mut problems);
        Frame { lf: self.lf.group_by(key_exprs).agg(agg_exprs).select(ordered), problems, _s: PhantomData }
    }
}

impl<S: Schema> Frame<S> {
    /// Frame of `S` from typed rows (tests, property worlds).
    pub fn from_rows(rows: &[S]) -> Self {
        let df = S::to_dataframe(rows).unwrap_or_else(|e| panic!("typed rows of {}: {e}", S::NAME));
        Frame::from_lazy_unchecked(df.lazy())
    }

    /// Stacks frames of one relation (`UNION ALL`).
    pub fn union_all(frames: Vec<Frame<S>>) -> Frame<S> {
        let problems = frames.iter().flat_map(|f| f.problems.iter().cloned()).collect();
        let lfs: Vec<LazyFrame> = frames.into_iter().map(|f| f.lf).collect();
        let lf = concat(lfs, UnionArgs::default()).expect("at least one frame to union");
        Frame { lf, problems, _s: PhantomData }
    }

    /// Adds or replaces columns of `S` (e.g. a raw model's derived columns).
    pub fn with_columns(self, defs: Vec<Assign<S>>) -> Frame<S> {
        let exprs: Vec<Expr> = defs.into_iter().map(|d| d.expr.alias(d.name)).collect();
        Frame { lf: self.lf.with_columns(exprs), problems: self.problems, _s: PhantomData }
    }

    /// `LEFT SEMI` join: rows of `self` having a match in `right`.
    pub fn semi_join<R: Schema>(self, right: Frame<R>, on: Vec<(Expr, Expr)>) -> Frame<S> {
        let (l, r): (Vec<Expr>, Vec<Expr>) = on.into_iter().unzip();
        Frame {
            lf: self.lf.join(right.lf, l, r, JoinArgs::new(JoinType::Semi)),
            problems: self.problems,
            _s: PhantomData,
        }
    }
}

fn ordered_exprs<O: Schema>(defs: Vec<Assign<O>>, problems: &mut Vec<String>) -> Vec<Expr> {
    let mut slots: Vec<Option<Expr>> = vec![None; O::columns().len()];
    for d in defs {
        let idx = O::columns().iter().position(|c| c.name == d.name).expect("Assign<O> only names columns of O");
        if slots[idx].is_some() {
            problems.push(format!("model {}: column {} is defined twice", O::NAME, d.name));
        }
        slots[idx] = Some(d.expr.alias(d.name));
    }
    slots
        .into_iter()
        .zip(O::columns())
        .map(|(e, c)| match e {
            Some(e) => e,
            None => {
                problems.push(format!("model {}: column {} is never defined", O::NAME, c.name));
                lit(NULL).cast(c.dtype.clone()).alias(c.name)
            }
        })
        .collect()
}

impl<M: Schema, T: ColumnType> Col<M, T> {
    /// Defines this output column as a copy of `from` read through `frame`. The two
    /// columns must have the same Rust type: a nullable input cannot silently feed a
    /// non-null output, and a type change upstream breaks the build here.
    pub fn copy<S, N, I>(self, frame: &Frame<S>, from: Col<N, T>) -> Assign<M>
    where
        S: Contains<N, I>,
    {
        self.set(frame.c(from))
    }
}

impl<M: Schema, T: ColumnType> Col<M, Option<T>> {
    /// Defines this nullable output column as a copy of the non-null column `from`, e.g. a
    /// right-hand column of a `LEFT` join (NULL when unmatched).
    pub fn copy_nullable<S, N, I>(self, frame: &Frame<S>, from: Col<N, T>) -> Assign<M>
    where
        S: Contains<N, I>,
    {
        self.set(frame.c(from))
    }
}
