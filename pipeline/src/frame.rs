//! `Frame<S>`: a Polars `LazyFrame` tagged with the relation it conforms to.
//!
//! Models take and return frames, so their dependencies are their parameter types. A
//! column handle `Col<M, T>` becomes an expression only through [`Frame::c`], which
//! compiles only when the frame contains `M`: a column of another model is a type error.
//!
//! Joins are typed like diesel's: `a.left_join(b, on(A::id, B::a_id))` gives a
//! `Frame<Join<A, B, Left>>`. Keys are pairs of handles of the two sides with the same
//! value type. The right side of a LEFT join reads *nullable*: a pass-through of one of
//! its columns into a non-`Option` output column does not compile. Right-hand columns are
//! stored under `"<R::NAME>.<column>"` so names never collide; [`Alias`] makes a
//! self-join possible.
//!
//! Outputs are built by the code `#[derive(Schema)]` generates (`Out::project`,
//! `Out::aggregate`): pass-through columns are copied by the derive, computed ones come
//! from a struct literal, so a column left undefined or defined twice does not compile.
//! This module builds plans; it never executes them.

use std::marker::PhantomData;

use polars::prelude::*;

use crate::nullability::{Direct, Mode, RightOfLeftJoin, SameBase};
use crate::schema::{Col, ColumnSpec, ColumnType, Schema};

/// A lazily planned relation conforming to `S`.
pub struct Frame<S> {
    lf: LazyFrame,
    _s: PhantomData<fn() -> S>,
}

impl<S> Clone for Frame<S> {
    fn clone(&self) -> Self {
        Frame { lf: self.lf.clone(), _s: PhantomData }
    }
}

// ------------------------------------------------------------------ type-level joins

/// The relation produced by joining `L` (a schema or a join) with the schema `R`; `K` is
/// [`Inner`] or [`Left`].
pub struct Join<L, R, K>(PhantomData<Marker<(L, R, K)>>);

/// A type-level marker that owns nothing (`Send + Sync` whatever `T` is).
type Marker<T> = fn() -> T;

/// `INNER JOIN`: both sides keep their declared nullability.
pub struct Inner;
/// `LEFT JOIN`: the right side's columns read as nullable (NULL when unmatched).
pub struct Left;

/// How a join kind treats its right-hand columns.
pub trait JoinKind {
    /// Nullability of the right-hand side's columns.
    type RightMode: Mode;
    #[doc(hidden)]
    fn how() -> JoinType;
}

impl JoinKind for Inner {
    type RightMode = Direct;
    fn how() -> JoinType {
        JoinType::Inner
    }
}

impl JoinKind for Left {
    type RightMode = RightOfLeftJoin;
    fn how() -> JoinType {
        JoinType::Left
    }
}

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
    /// How `M`'s columns read through `Self`.
    type Mode: Mode;
    /// Physical column name of `M`'s column `name` inside `Self`.
    fn physical(name: &'static str) -> PlSmallStr;
}

impl<M: Schema> Contains<M, Base> for M {
    type Mode = Direct;
    fn physical(name: &'static str) -> PlSmallStr {
        name.into()
    }
}

impl<L, R: Schema, K: JoinKind> Contains<R, Here> for Join<L, R, K> {
    type Mode = K::RightMode;
    fn physical(name: &'static str) -> PlSmallStr {
        qualified::<R>(name)
    }
}

impl<L, R, K, M, I> Contains<M, There<I>> for Join<L, R, K>
where
    L: Contains<M, I>,
{
    // The left side of a join keeps the nullability it had (only LEFT joins exist, and
    // they never null their left side).
    type Mode = L::Mode;
    fn physical(name: &'static str) -> PlSmallStr {
        L::physical(name)
    }
}

fn qualified<R: Schema>(name: &str) -> PlSmallStr {
    format!("{}.{}", R::NAME, name).into()
}

// ------------------------------------------------------------------ join keys

/// One typed join-key pair: a column of the left frame and a column of the right model with
/// the same value type. Made by [`on`] or [`on_expr`].
pub struct On<A, T, R, U> {
    left: Option<Col<A, T>>,
    left_expr: Option<Expr>,
    right: Col<R, U>,
}

/// A join key: `left` (a column of the left frame) equals `right` (a column of the right
/// model). The two must have the same value type, nullability aside.
pub fn on<A, T, R, U>(left: Col<A, T>, right: Col<R, U>) -> On<A, T, R, U>
where
    T: SameBase<U>,
{
    On { left: Some(left), left_expr: None, right }
}

/// A join key computed on the left frame (e.g. a department derived from a postal code)
/// against a typed column of the right model. The expression must be built from the left
/// frame being joined; the right side stays a typed handle.
pub fn on_expr<R, U: ColumnType>(left: Expr, right: Col<R, U>) -> On<Computed, U, R, U> {
    On { left: None, left_expr: Some(left), right }
}

/// Marks an [`on_expr`] key whose left side is an expression, not a column.
pub struct Computed;

/// Key pairs joining a frame of `S` with a frame of `R`: one [`On`] or a tuple of them.
/// `Idx` is inferred.
#[diagnostic::on_unimplemented(
    message = "these join keys do not join `{S}` with `{R}`",
    label = "each key pair is `on(<column of the left frame>, <column of {R}>)`",
    note = "the left column must belong to a model the left frame contains, the right one to `{R}`"
)]
pub trait JoinKeys<S, R, Idx> {
    #[doc(hidden)]
    fn pairs(self) -> Vec<(Expr, PlSmallStr)>;
}

/// Index type of a key computed by [`on_expr`].
pub struct ExprKey;

impl<S, A, T, R, U, I> JoinKeys<S, R, (I,)> for On<A, T, R, U>
where
    S: Contains<A, I>,
{
    fn pairs(self) -> Vec<(Expr, PlSmallStr)> {
        let left = self.left.expect("a column key");
        vec![(polars::prelude::col(S::physical(left.name())), self.right.name().into())]
    }
}

impl<S, T, R, U> JoinKeys<S, R, ExprKey> for On<Computed, T, R, U> {
    fn pairs(self) -> Vec<(Expr, PlSmallStr)> {
        vec![(self.left_expr.expect("an expression key"), self.right.name().into())]
    }
}

macro_rules! impl_key_tuple {
    ($($k:ident $i:ident),*) => {
        impl<S, R, $($k, $i),*> JoinKeys<S, R, ($($i,)*)> for ($($k,)*)
        where
            $($k: JoinKeys<S, R, $i>,)*
        {
            #[allow(non_snake_case)]
            fn pairs(self) -> Vec<(Expr, PlSmallStr)> {
                let ($($k,)*) = self;
                let mut out = Vec::new();
                $(out.extend($k.pairs());)*
                out
            }
        }
    };
}

impl_key_tuple!(K1 I1, K2 I2);
impl_key_tuple!(K1 I1, K2 I2, K3 I3);

// ------------------------------------------------------------------ aliases (self-joins)

/// Names an [`Alias`]: a zero-sized type per alias.
pub trait AliasName: 'static {
    const NAME: &'static str;
}

/// `M` under another name, so a frame can be joined with itself: the alias's columns are
/// `Alias::<M, N>::col(M::x)` and are stored under `"<N::NAME>.<column>"`.
pub struct Alias<M, N>(PhantomData<fn() -> (M, N)>);

impl<M: Schema, N: AliasName> Alias<M, N> {
    /// The alias's handle on `M`'s column.
    pub const fn col<T>(c: Col<M, T>) -> Col<Self, T> {
        Col::new(c.name())
    }
}

impl<M: Schema, N: AliasName> Schema for Alias<M, N> {
    const NAME: &'static str = N::NAME;
    const LAYER: crate::Layer = crate::Layer::Local;
    const GRAIN: &'static [&'static str] = M::GRAIN;
    const DOC: &'static str = M::DOC;
    const MATERIALIZED: crate::Materialization = M::MATERIALIZED;

    fn columns() -> &'static [ColumnSpec] {
        M::columns()
    }

    fn to_dataframe(_rows: &[Self]) -> PolarsResult<DataFrame> {
        polars_bail!(InvalidOperation: "an alias has no rows of its own")
    }

    fn from_dataframe(_df: &DataFrame) -> Result<Vec<Self>, crate::Error> {
        Err(crate::Error::Plan { model: N::NAME.into(), message: "an alias has no rows of its own".into() })
    }
}

// ------------------------------------------------------------------ frames

/// One output column definition of `S`, made by `Col::set` (raw models' derived columns).
pub struct Assign<S> {
    name: &'static str,
    expr: Expr,
    _s: PhantomData<fn() -> S>,
}

impl<M: Schema, T> Col<M, T> {
    /// Defines this column of `M` as `expr`, for [`Frame::with_columns`].
    pub fn set(self, expr: Expr) -> Assign<M> {
        Assign { name: self.name(), expr, _s: PhantomData }
    }
}

impl<S> Frame<S> {
    /// Tags a plan as conforming to `S` without checking; the runner's plan-time check
    /// (and the runtime audit) verify it. Used by source readers and the runner.
    pub fn from_lazy_unchecked(lf: LazyFrame) -> Self {
        Frame { lf, _s: PhantomData }
    }

    /// The underlying plan.
    pub fn lazy(&self) -> LazyFrame {
        self.lf.clone()
    }

    pub fn into_lazy(self) -> LazyFrame {
        self.lf
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
        Frame { lf: self.lf.filter(predicate), _s: PhantomData }
    }

    fn join_impl<R: Schema>(self, right: Frame<R>, pairs: Vec<(Expr, PlSmallStr)>, how: JoinType) -> LazyFrame {
        let mut left_keys = Vec::new();
        let mut lk_names = Vec::new();
        let mut right_keys = Vec::new();
        let mut rk_exprs = Vec::new();
        for (i, (l, r)) in pairs.into_iter().enumerate() {
            let ln: PlSmallStr = format!("__join_key_l{i}").into();
            let rn: PlSmallStr = format!("__join_key_r{i}").into();
            left_keys.push(l.alias(ln.clone()));
            // Right keys are read by R's own names before the qualifying rename below, so
            // an expression can never pick up a left column of the same name.
            rk_exprs.push(polars::prelude::col(r).alias(rn.clone()));
            lk_names.push(ln);
            right_keys.push(rn);
        }
        let mut right_select: Vec<Expr> =
            R::columns().iter().map(|c| polars::prelude::col(c.name).alias(qualified::<R>(c.name))).collect();
        right_select.extend(rk_exprs);
        let right_lf = right.lf.select(right_select);
        let left_lf = self.lf.with_columns(left_keys);
        let lk: Vec<Expr> = lk_names.iter().map(|n| polars::prelude::col(n.clone())).collect();
        let rk: Vec<Expr> = right_keys.iter().map(|n| polars::prelude::col(n.clone())).collect();
        // NULL keys never match (C-19): nulls_equal = false.
        let args = JoinArgs::new(how).with_coalesce(JoinCoalesce::CoalesceColumns);
        left_lf.join(right_lf, lk, rk, args).drop(Selector::ByName { names: lk_names.into(), strict: false })
    }

    /// `LEFT JOIN`: every row of `self` is kept; `R`'s columns read as nullable.
    pub fn left_join<R: Schema, K, Idx>(self, right: Frame<R>, keys: K) -> Frame<Join<S, R, Left>>
    where
        K: JoinKeys<S, R, Idx>,
    {
        Frame::from_lazy_unchecked(self.join_impl(right, keys.pairs(), Left::how()))
    }

    /// `INNER JOIN`: both sides keep their declared types.
    pub fn inner_join<R: Schema, K, Idx>(self, right: Frame<R>, keys: K) -> Frame<Join<S, R, Inner>>
    where
        K: JoinKeys<S, R, Idx>,
    {
        Frame::from_lazy_unchecked(self.join_impl(right, keys.pairs(), Inner::how()))
    }

    /// [`Frame::inner_join`] built column at a time, for the widest results: the same rows
    /// (in `self`'s order), but the inputs are never held whole next to the output — each
    /// output column is gathered from its input column, which is then released. Filters above
    /// it are not pushed into its inputs. See `wide_join`.
    pub fn inner_join_wide<R: Schema, K, Idx>(self, right: Frame<R>, keys: K) -> Frame<Join<S, R, Inner>>
    where
        K: JoinKeys<S, R, Idx>,
    {
        Frame::from_lazy_unchecked(self.wide_join_impl(right, keys.pairs(), Inner::how()))
    }

    /// [`Frame::left_join`] built column at a time (see [`Frame::inner_join_wide`]).
    pub fn left_join_wide<R: Schema, K, Idx>(self, right: Frame<R>, keys: K) -> Frame<Join<S, R, Left>>
    where
        K: JoinKeys<S, R, Idx>,
    {
        Frame::from_lazy_unchecked(self.wide_join_impl(right, keys.pairs(), Left::how()))
    }

    fn wide_join_impl<R: Schema>(self, right: Frame<R>, pairs: Vec<(Expr, PlSmallStr)>, how: JoinType) -> LazyFrame {
        let (left_keys, right_keys): (Vec<Expr>, Vec<PlSmallStr>) = pairs.iter().cloned().unzip();
        let right_columns = R::columns().iter().map(|c| (PlSmallStr::from(c.name), qualified::<R>(c.name))).collect();
        crate::wide_join::plan(self.lf.clone(), right.lf.clone(), left_keys, right_keys, right_columns, how.clone())
            // A side whose schema does not resolve: the ordinary join reports the same error
            // when the runner checks the plan.
            .unwrap_or_else(|| self.join_impl(right, pairs, how))
    }

    /// `LEFT SEMI JOIN`: the rows of `self` having a match in `right`.
    pub fn semi_join<R: Schema, K, Idx>(self, right: Frame<R>, keys: K) -> Frame<S>
    where
        K: JoinKeys<S, R, Idx>,
    {
        let (l, r): (Vec<Expr>, Vec<Expr>) =
            keys.pairs().into_iter().map(|(l, r)| (l, polars::prelude::col(r))).unzip();
        Frame::from_lazy_unchecked(self.lf.join(right.lf, l, r, JoinArgs::new(JoinType::Semi)))
    }

    /// Output plan of a generated `project` (one aliased expression per column of `O`,
    /// in `O`'s order). Not for model code: use `O::project`.
    #[doc(hidden)]
    pub fn __select<O: Schema>(self, exprs: Vec<Expr>) -> Frame<O> {
        lineage::record::<S, O>(&exprs);
        Frame::from_lazy_unchecked(self.lf.select(exprs))
    }

    /// Output plan of a generated `aggregate`: `GROUP BY keys` with `aggs`, columns
    /// re-ordered as `O` declares them. NULL keys form one group (C-20). Not for model
    /// code: use `O::aggregate`.
    #[doc(hidden)]
    pub fn __group_by<O: Schema>(self, keys: Vec<Expr>, aggs: Vec<Expr>) -> Frame<O> {
        lineage::record::<S, O>(&keys);
        lineage::record::<S, O>(&aggs);
        let order: Vec<Expr> = O::columns().iter().map(|c| polars::prelude::col(c.name)).collect();
        Frame::from_lazy_unchecked(self.lf.group_by(keys).agg(aggs).select(order))
    }
}

impl<M: Schema> Frame<M> {
    /// A frame with no plan, to build expressions from handles (data-test rules). Not for
    /// model code.
    #[doc(hidden)]
    pub fn __handle() -> Frame<M> {
        Frame::from_lazy_unchecked(LazyFrame::default())
    }

    /// This frame under the alias `N`, to join it with itself.
    pub fn alias<N: AliasName>(self) -> Frame<Alias<M, N>> {
        Frame::from_lazy_unchecked(self.lf)
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
        let lfs: Vec<LazyFrame> = frames.into_iter().map(|f| f.lf).collect();
        let lf = concat(lfs, UnionArgs::default()).expect("at least one frame to union");
        Frame::from_lazy_unchecked(lf)
    }

    /// Sorts the rows by `keys` (`ORDER BY`; strings byte-wise, NULLs first ascending and last
    /// descending as in C-21), ties kept in their order. The runtime writes tables in grain
    /// order anyway; a model sorts itself only to feed [`Frame::interleave`].
    pub fn sort_by(self, keys: Vec<(Expr, crate::funcs::Dir)>) -> Frame<S> {
        let descending: Vec<bool> = keys.iter().map(|(_, d)| *d == crate::funcs::Dir::Desc).collect();
        let exprs: Vec<Expr> = keys.into_iter().map(|(e, _)| e).collect();
        let options = SortMultipleOptions::default()
            .with_order_descending_multi(descending.clone())
            .with_nulls_last_multi(descending)
            .with_maintain_order(true);
        Frame::from_lazy_unchecked(self.lf.sort_by_exprs(exprs, options))
    }

    /// Takes the rows of `frames` in turn: row `r` of the result is row `r / k` of frame
    /// `r % k`, for `k` frames of equal height. `k` projections of one frame sorted by its key
    /// give rows sorted by (key, projection) this way, in one pass instead of a sort of `k`
    /// times the rows. Frames of different heights fail at execution (never a silent
    /// misalignment).
    pub fn interleave(frames: Vec<Frame<S>>) -> Frame<S> {
        const PART: &str = "__interleave_part";
        let k = frames.len();
        assert!(k > 0, "interleave needs at least one frame");
        let lfs: Vec<LazyFrame> = frames
            .into_iter()
            .enumerate()
            .map(|(i, f)| f.lf.with_column(lit(i as u32).cast(DataType::UInt32).alias(PART)))
            .collect();
        let stacked = concat(lfs, UnionArgs::default()).expect("at least one frame to interleave");
        let names: Vec<Expr> = S::column_names().into_iter().map(col).collect();
        let interleaved = stacked.map(
            move |df: DataFrame| {
                let n = df.height() / k;
                let parts = df.column(PART)?.u32()?;
                // Frame i occupies rows i*n .. (i+1)*n of the stack exactly when every part
                // marker is in its place: then the gather below is a true interleave.
                let aligned =
                    df.height() == n * k && parts.iter().enumerate().all(|(row, p)| p == Some((row / n.max(1)) as u32));
                polars_ensure!(
                    aligned,
                    ComputeError: "interleave: the {k} frames do not have equal heights ({} rows in all)", df.height()
                );
                let idx: Vec<IdxSize> = (0..n * k).map(|r| ((r % k) * n + r / k) as IdxSize).collect();
                let idx = IdxCa::from_vec("idx".into(), idx);
                // Column by column, each stacked column released once gathered.
                let columns = df
                    .into_columns()
                    .into_iter()
                    .map(|c| crate::funcs::gather(&c, &idx))
                    .collect::<PolarsResult<_>>()?;
                DataFrame::new(n * k, columns)
            },
            // Opaque to the optimiser: a filter or projection pushed below it would change
            // the heights or drop the part markers.
            AllowedOptimizations::empty(),
            None,
            Some("interleave"),
        );
        Frame::from_lazy_unchecked(interleaved.select(names))
    }

    /// Adds or replaces columns of `S` (a raw model's derived columns).
    pub fn with_columns(self, defs: Vec<Assign<S>>) -> Frame<S> {
        let exprs: Vec<Expr> = defs.into_iter().map(|d| d.expr.alias(d.name)).collect();
        Frame::from_lazy_unchecked(self.lf.with_columns(exprs))
    }
}

/// Column-lineage capture at plan time (used by documentation tooling, off otherwise).
///
/// While [`lineage::capture`] runs a closure (typically one planning pass of a model over
/// empty inputs), every generated `project` / `aggregate` records, for each output column,
/// the physical column names its Polars expression reads (`Expr::Column` leaves), with the
/// type of the frame it reads from and the relation it builds. Nothing is recorded outside a
/// capture, so runs pay one thread-local check per projection.
pub mod lineage {
    use std::cell::RefCell;

    use polars::prelude::Expr;

    use crate::schema::Schema;

    /// One output column of one projection.
    #[derive(Debug, Clone)]
    pub struct Projected {
        /// The relation built (`O::NAME`: a model or a model-local helper).
        pub relation: &'static str,
        /// `std::any::type_name` of the relation built.
        pub relation_type: &'static str,
        /// `std::any::type_name` of the frame read (a schema or a `Join<…>` of schemas).
        pub frame_type: &'static str,
        pub column: String,
        /// Physical names read: `column` (the frame's base relation) or `Relation.column`.
        pub reads: Vec<String>,
    }

    /// What one capture saw.
    #[derive(Debug, Clone, Default)]
    pub struct Captured {
        pub projections: Vec<Projected>,
        /// `(type_name, NAME)` of every relation handed to a model function as an input.
        pub inputs: Vec<(&'static str, &'static str)>,
    }

    thread_local! {
        static RECORDER: RefCell<Option<Captured>> = const { RefCell::new(None) };
    }

    /// Runs `f` and returns what the projections it planned read.
    pub fn capture<T>(f: impl FnOnce() -> T) -> (T, Captured) {
        let previous = RECORDER.with(|r| r.borrow_mut().replace(Captured::default()));
        let out = f();
        let got = RECORDER.with(|r| std::mem::replace(&mut *r.borrow_mut(), previous)).unwrap_or_default();
        (out, got)
    }

    pub(crate) fn note_input<S: Schema>() {
        RECORDER.with(|r| {
            if let Some(rec) = r.borrow_mut().as_mut() {
                rec.inputs.push((std::any::type_name::<S>(), S::NAME));
            }
        })
    }

    /// Root column names of an expression (every `Expr::Column` leaf), in first-seen order.
    pub fn roots(e: &Expr) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for node in e {
            if let Expr::Column(name) = node
                && !out.iter().any(|n| n == name.as_str())
            {
                out.push(name.to_string());
            }
        }
        out
    }

    fn output_name(e: &Expr) -> Option<String> {
        match e {
            Expr::Alias(_, name) => Some(name.to_string()),
            Expr::Column(name) => Some(name.to_string()),
            _ => None,
        }
    }

    pub(super) fn record<S, O: Schema>(exprs: &[Expr]) {
        RECORDER.with(|r| {
            if let Some(rec) = r.borrow_mut().as_mut() {
                for e in exprs {
                    if let Some(column) = output_name(e) {
                        rec.projections.push(Projected {
                            relation: O::NAME,
                            relation_type: std::any::type_name::<O>(),
                            frame_type: std::any::type_name::<S>(),
                            column,
                            reads: roots(e),
                        });
                    }
                }
            }
        })
    }
}

/// The expression of a generated pass-through column: `from` read through `frame`,
/// renamed to `name`. Not for model code.
#[doc(hidden)]
pub fn __pass<F, M, I>(name: &'static str, from: &'static str) -> Expr
where
    F: Contains<M, I>,
{
    polars::prelude::col(F::physical(from)).alias(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    /// An employee and their manager, both rows of one model.
    #[derive(Schema, Debug, Clone, Default, PartialEq)]
    #[schema(model = "int_demo__employee", layer = "intermediate", grain = "id")]
    struct Employee {
        /// key
        id: String,
        /// another employee's id
        manager_id: Option<String>,
        /// name
        name: String,
    }

    /// The self-join's right side.
    struct Manager;
    impl AliasName for Manager {
        const NAME: &'static str = "manager";
    }
    type M = Alias<Employee, Manager>;

    /// Employees with their manager's name: a self-join through an alias; the manager's
    /// name reads as nullable (LEFT join).
    #[derive(Schema, Debug, Clone, Default, PartialEq)]
    #[schema(model = "int_demo__employee_manager", layer = "intermediate", grain = "id", from = Employee)]
    struct EmployeeManager {
        /// key
        id: String,
        /// name
        name: String,
        /// the manager's name; NULL without a manager
        #[schema(computed)]
        manager_name: Option<String>,
    }

    #[test]
    fn a_self_join_through_an_alias_reads_both_sides() {
        let row = |id: &str, manager: Option<&str>, name: &str| Employee {
            id: id.into(),
            manager_id: manager.map(Into::into),
            name: name.into(),
        };
        let staff = Frame::from_rows(&[row("1", None, "Ada"), row("2", Some("1"), "Bob"), row("3", Some("9"), "Cy")]);
        let j = staff.clone().left_join(staff.alias::<Manager>(), on(Employee::manager_id, M::col(Employee::id)));
        let out =
            EmployeeManager::project(j.clone(), EmployeeManagerComputed { manager_name: j.c(M::col(Employee::name)) });
        let mut rows = crate::testing::rows(out);
        rows.sort_by(|a, b| a.id.cmp(&b.id));
        let names: Vec<(&str, &str, Option<&str>)> =
            rows.iter().map(|r| (r.id.as_str(), r.name.as_str(), r.manager_name.as_deref())).collect();
        assert_eq!(names, [("1", "Ada", None), ("2", "Bob", Some("Ada")), ("3", "Cy", None)]);
    }

    /// The wide joins give the ordinary joins' rows (here sorted, since the ordinary join's
    /// order is unspecified): unmatched and NULL keys, a key matching twice, both directions
    /// of a self-join; also when a projection keeps one right-hand column and a filter on it
    /// sits above the join (the filter must not reach the pruned zero-row shape). Their own
    /// order is the left side's.
    #[test]
    fn wide_joins_give_the_rows_of_ordinary_joins() {
        let row = |id: &str, manager: Option<&str>| Employee {
            id: id.into(),
            manager_id: manager.map(Into::into),
            name: format!("n{id}"),
        };
        let staff = Frame::from_rows(&[
            row("4", Some("1")),
            row("1", None),
            row("2", Some("1")),
            row("3", Some("9")),
            row("5", Some("2")),
        ]);
        let sorted = |lf: LazyFrame| -> DataFrame {
            let df = lf.collect().expect("join runs");
            let names: Vec<PlSmallStr> = df.get_column_names_owned();
            df.sort(names, SortMultipleOptions::default().with_nulls_last(true)).expect("sorts")
        };
        let to_manager = || on(Employee::manager_id, M::col(Employee::id));
        let to_reports = || on(Employee::id, M::col(Employee::manager_id));
        let pairs = [
            (
                staff.clone().inner_join(staff.clone().alias::<Manager>(), to_manager()).into_lazy(),
                staff.clone().inner_join_wide(staff.clone().alias::<Manager>(), to_manager()).into_lazy(),
            ),
            (
                staff.clone().left_join(staff.clone().alias::<Manager>(), to_manager()).into_lazy(),
                staff.clone().left_join_wide(staff.clone().alias::<Manager>(), to_manager()).into_lazy(),
            ),
            (
                staff.clone().left_join(staff.clone().alias::<Manager>(), to_reports()).into_lazy(),
                staff.clone().left_join_wide(staff.clone().alias::<Manager>(), to_reports()).into_lazy(),
            ),
        ];
        for (i, (ordinary, wide)) in pairs.into_iter().enumerate() {
            let pruned =
                |lf: LazyFrame| lf.filter(col("manager.name").eq(lit("n1"))).select([col("id"), col("manager.name")]);
            assert_eq!(sorted(ordinary.clone()), sorted(wide.clone()), "join {i}");
            assert_eq!(sorted(pruned(ordinary)), sorted(pruned(wide.clone())), "pruned join {i}");
            if i == 2 {
                // Left order; a row's two matches in the right side's order; "3" and "4" unmatched.
                let df = wide.collect().expect("join runs");
                let ids: Vec<(Option<&str>, Option<&str>)> = df
                    .column("id")
                    .unwrap()
                    .str()
                    .unwrap()
                    .iter()
                    .zip(df.column("manager.id").unwrap().str().unwrap().iter())
                    .collect();
                let want =
                    [("4", None), ("1", Some("4")), ("1", Some("2")), ("2", Some("5")), ("3", None), ("5", None)];
                let want: Vec<(Option<&str>, Option<&str>)> = want.iter().map(|(a, b)| (Some(*a), *b)).collect();
                assert_eq!(ids, want);
            }
        }
        let counted = staff.clone().inner_join_wide(staff.alias::<Manager>(), to_manager()).into_lazy();
        assert_eq!(
            counted.select([len()]).collect().expect("count").column("len").unwrap().idx().unwrap().get(0),
            Some(3)
        );
    }

    /// `sort_by` orders rows (descending here, NULLs last), and `interleave` takes equally long
    /// frames in turn, so two projections of a sorted frame come out sorted by (key, projection).
    /// Frames of different heights are an execution error, not a misaligned result.
    #[test]
    fn interleave_takes_rows_in_turn_and_refuses_unequal_heights() {
        let row = |id: &str, manager: Option<&str>| Employee {
            id: id.into(),
            manager_id: manager.map(Into::into),
            name: format!("n{id}"),
        };
        let staff = Frame::from_rows(&[row("2", Some("1")), row("1", None), row("3", Some("1"))]);
        let sorted = staff.clone().sort_by(vec![crate::funcs::desc(staff.c(Employee::id))]);
        let renamed = |suffix: &str| -> Frame<Employee> {
            Frame::from_lazy_unchecked(sorted.lazy().with_column((col("name") + lit(suffix.to_string())).alias("name")))
        };
        let both = Frame::interleave(vec![renamed("-a"), renamed("-b")]);
        // Collected directly: the interleaved rows repeat ids, which Employee's grain forbids.
        let df = both.into_lazy().collect().expect("equal heights");
        let text = |c: &str| -> Vec<String> {
            df.column(c).unwrap().str().unwrap().iter().map(|v| v.unwrap_or_default().to_string()).collect()
        };
        let got: Vec<(String, String)> = text("id").into_iter().zip(text("name")).collect();
        let want: Vec<(String, String)> =
            [("3", "n3-a"), ("3", "n3-b"), ("2", "n2-a"), ("2", "n2-b"), ("1", "n1-a"), ("1", "n1-b")]
                .iter()
                .map(|(i, n)| (i.to_string(), n.to_string()))
                .collect();
        assert_eq!(got, want);
        let short = sorted.clone().filter(sorted.c(Employee::manager_id).is_not_null());
        let err = Frame::interleave(vec![sorted, short]).into_lazy().collect().expect_err("unequal heights");
        assert!(err.to_string().contains("equal heights"), "{err}");
    }
}
