//! Nodes: a model's contract plus what produces its rows, built from model functions and
//! source declarations. Ordering, selection and execution live in `pipeline-runtime`.
//!
//! A model function `fn(&RunContext, Frame<A>, Frame<B>) -> Frame<O>` becomes a [`Node`]
//! through [`model`]: its inputs are read off its parameter types (`A::NAME`, `B::NAME`),
//! never written as strings. Each crate exposes one ordered `registry()` of its nodes.

use std::collections::HashMap;
use std::sync::Arc;

use polars::prelude::LazyFrame;

use crate::context::RunContext;
use crate::datatest::{DataTest, implicit_tests};
use crate::frame::Frame;
use crate::schema::{ColumnSpec, Layer, Materialization, Schema};
use crate::source::SourceSpec;

/// Planned inputs of a model, by model name.
pub struct Inputs<'a> {
    frames: &'a HashMap<&'static str, LazyFrame>,
}

impl<'a> Inputs<'a> {
    pub fn new(frames: &'a HashMap<&'static str, LazyFrame>) -> Self {
        Inputs { frames }
    }

    fn get<S: Schema>(&self) -> Frame<S> {
        let lf = self.frames.get(S::NAME).unwrap_or_else(|| panic!("runner did not provide input {}", S::NAME));
        crate::frame::lineage::note_input::<S>();
        Frame::from_lazy_unchecked(lf.clone())
    }
}

type BuildFn = dyn Fn(&RunContext, &Inputs<'_>) -> LazyFrame + Send + Sync;

/// What produces a node's rows.
#[derive(Clone)]
pub enum NodeKind {
    /// A raw model: reads and validates a source file.
    Source(SourceSpec),
    /// A model function over its input frames.
    Model(Arc<BuildFn>),
}

/// One model of the DAG with its contract.
#[derive(Clone)]
pub struct Node {
    pub name: &'static str,
    pub layer: Layer,
    pub materialized: Materialization,
    pub doc: &'static str,
    pub grain: &'static [&'static str],
    pub columns: &'static [ColumnSpec],
    pub inputs: Vec<&'static str>,
    /// Implicit and declared data tests, run on every materialised output.
    pub tests: Vec<DataTest>,
    pub kind: NodeKind,
    /// For a `table` maintained incrementally: the date column its stored partitions are
    /// keyed by (`tracking.md` T-1…T-7); `None` for a table rebuilt in full.
    pub partition_by: Option<&'static str>,
    /// For a table without a grain: the columns its rows are written in (a stable sort, so
    /// ties keep the model's own order). Empty: every sortable column, which is the only order
    /// independent of the input's — and costly on a wide table (see [`Node::ordered_by`]).
    pub order_by: &'static [&'static str],
    /// Inputs this model reads whole: every stored partition of a partitioned table (as updated
    /// by the run), not only the run window's (see [`Node::reads_all_partitions_of`]).
    pub all_partitions_of: Vec<&'static str>,
    /// How the runner may split a partitioned table's work (see [`Evaluation`]).
    pub evaluation: Evaluation,
}

/// How a partitioned table is computed from its partitioned inputs (date-partitioned sources
/// and partitioned tables; its other inputs are always whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Evaluation {
    /// Over every partition of the run window at once.
    #[default]
    Whole,
    /// One date at a time: output partition `d` depends only on partition `d` of each
    /// partitioned input (a group-by that includes the partition column, a join on it, …).
    /// Peak memory is one date's, whatever the window (a full refresh of months).
    PerPartition,
    /// One date at a time and, within a date, in batches of rows of its single partitioned
    /// input: each output row depends on one input row only (filters, projections, lookups into
    /// whole inputs). Its data tests must be row-local (they run batch by batch); its rows are
    /// written batch after batch, each batch in the table's order.
    RowWise,
}

impl Node {
    /// Writes this grain-less table sorted by `columns` only (stable: rows equal on them keep
    /// the model's order) instead of by every column. Only for a model whose output order is
    /// already a function of its input files (filters and projections over a source read in a
    /// fixed order), so reruns stay byte-identical (C-34, T-7).
    pub fn ordered_by(mut self, columns: &'static [&'static str]) -> Self {
        for c in columns {
            assert!(self.columns.iter().any(|k| k.name == *c), "model {}: order column {c} is not a column", self.name);
        }
        self.order_by = columns;
        self
    }

    /// Declares this table incremental, partitioned by the date column `column`: each run
    /// replaces only the partitions of its window (see `pipeline_runtime::incremental`).
    pub fn partitioned_by(mut self, column: &'static str) -> Self {
        assert!(
            self.columns.iter().any(|c| c.name == column && c.dtype == polars::prelude::DataType::Date),
            "model {}: partition column {column} must be a date column of the model",
            self.name
        );
        self.partition_by = Some(column);
        self
    }

    /// Gives this model every stored partition of its input `M` (a partitioned table), as the
    /// run leaves them, instead of the run window's partitions only (`tracking.md` T-2). For a
    /// model over a history longer than the window, e.g. the exports over the last 30 or 180
    /// days of consultations (`exports.md`). `M` must be an input of the model; the DAG
    /// refuses it unless `M` is partitioned.
    pub fn reads_all_partitions_of<M: Schema>(mut self) -> Self {
        assert!(
            self.inputs.contains(&M::NAME),
            "model {}: {} is not an input of its build function",
            self.name,
            M::NAME
        );
        self.all_partitions_of.push(M::NAME);
        self
    }

    /// Computes this partitioned table one date at a time ([`Evaluation::PerPartition`]).
    pub fn per_partition(mut self) -> Self {
        assert!(self.partition_by.is_some(), "model {}: per_partition needs partitioned_by first", self.name);
        self.evaluation = Evaluation::PerPartition;
        self
    }

    /// Computes this partitioned table one date and one batch of input rows at a time
    /// ([`Evaluation::RowWise`]).
    pub fn row_wise(mut self) -> Self {
        assert!(self.partition_by.is_some(), "model {}: row_wise needs partitioned_by first", self.name);
        assert!(self.grain.is_empty(), "model {}: a row-wise model has no grain to check across batches", self.name);
        self.evaluation = Evaluation::RowWise;
        self
    }
}

/// A function usable as a model; implemented for `Fn(&RunContext, Frame<A>, …) -> Frame<O>`
/// with up to eight inputs. `Args` is the tuple of input schemas.
pub trait ModelFn<Args>: Send + Sync + 'static {
    type Output: Schema;
    fn input_names() -> Vec<&'static str>;
    fn call(&self, ctx: &RunContext, inputs: &Inputs<'_>) -> Frame<Self::Output>;
}

macro_rules! impl_model_fn {
    ($($a:ident),*) => {
        impl<F, O, $($a),*> ModelFn<($($a,)*)> for F
        where
            F: Fn(&RunContext, $(Frame<$a>),*) -> Frame<O> + Send + Sync + 'static,
            O: Schema,
            $($a: Schema,)*
        {
            type Output = O;
            fn input_names() -> Vec<&'static str> {
                vec![$($a::NAME),*]
            }
            #[allow(unused_variables)]
            fn call(&self, ctx: &RunContext, inputs: &Inputs<'_>) -> Frame<O> {
                (self)(ctx, $(inputs.get::<$a>()),*)
            }
        }
    };
}

impl_model_fn!();
impl_model_fn!(A);
impl_model_fn!(A, B);
impl_model_fn!(A, B, C);
impl_model_fn!(A, B, C, D);
impl_model_fn!(A, B, C, D, E);
impl_model_fn!(A, B, C, D, E, G);
impl_model_fn!(A, B, C, D, E, G, H);
impl_model_fn!(A, B, C, D, E, G, H, J);

/// Position `P` of model `M` in a tuple of input schemas.
pub trait TupleHas<M, P> {}
#[doc(hidden)]
pub struct P0;
#[doc(hidden)]
pub struct P1;
#[doc(hidden)]
pub struct P2;
#[doc(hidden)]
pub struct P3;
#[doc(hidden)]
pub struct P4;
#[doc(hidden)]
pub struct P5;
#[doc(hidden)]
pub struct P6;
#[doc(hidden)]
pub struct P7;
impl<M> TupleHas<M, P0> for (M,) {}
impl<M, B> TupleHas<M, P0> for (M, B) {}
impl<M, A> TupleHas<M, P1> for (A, M) {}
impl<M, B, C> TupleHas<M, P0> for (M, B, C) {}
impl<M, A, C> TupleHas<M, P1> for (A, M, C) {}
impl<M, A, B> TupleHas<M, P2> for (A, B, M) {}
impl<M, B, C, D> TupleHas<M, P0> for (M, B, C, D) {}
impl<M, A, C, D> TupleHas<M, P1> for (A, M, C, D) {}
impl<M, A, B, D> TupleHas<M, P2> for (A, B, M, D) {}
impl<M, A, B, C> TupleHas<M, P3> for (A, B, C, M) {}
impl<M, B, C, D, E> TupleHas<M, P0> for (M, B, C, D, E) {}
impl<M, A, C, D, E> TupleHas<M, P1> for (A, M, C, D, E) {}
impl<M, A, B, D, E> TupleHas<M, P2> for (A, B, M, D, E) {}
impl<M, A, B, C, E> TupleHas<M, P3> for (A, B, C, M, E) {}
impl<M, A, B, C, D> TupleHas<M, P4> for (A, B, C, D, M) {}
impl<M, B, C, D, E, G> TupleHas<M, P0> for (M, B, C, D, E, G) {}
impl<M, A, C, D, E, G> TupleHas<M, P1> for (A, M, C, D, E, G) {}
impl<M, A, B, D, E, G> TupleHas<M, P2> for (A, B, M, D, E, G) {}
impl<M, A, B, C, E, G> TupleHas<M, P3> for (A, B, C, M, E, G) {}
impl<M, A, B, C, D, G> TupleHas<M, P4> for (A, B, C, D, M, G) {}
impl<M, A, B, C, D, E> TupleHas<M, P5> for (A, B, C, D, E, M) {}
impl<M, B, C, D, E, G, H> TupleHas<M, P0> for (M, B, C, D, E, G, H) {}
impl<M, A, C, D, E, G, H> TupleHas<M, P1> for (A, M, C, D, E, G, H) {}
impl<M, A, B, D, E, G, H> TupleHas<M, P2> for (A, B, M, D, E, G, H) {}
impl<M, A, B, C, E, G, H> TupleHas<M, P3> for (A, B, C, M, E, G, H) {}
impl<M, A, B, C, D, G, H> TupleHas<M, P4> for (A, B, C, D, M, G, H) {}
impl<M, A, B, C, D, E, H> TupleHas<M, P5> for (A, B, C, D, E, M, H) {}
impl<M, A, B, C, D, E, G> TupleHas<M, P6> for (A, B, C, D, E, G, M) {}
impl<M, B, C, D, E, G, H, J> TupleHas<M, P0> for (M, B, C, D, E, G, H, J) {}
impl<M, A, C, D, E, G, H, J> TupleHas<M, P1> for (A, M, C, D, E, G, H, J) {}
impl<M, A, B, D, E, G, H, J> TupleHas<M, P2> for (A, B, M, D, E, G, H, J) {}
impl<M, A, B, C, E, G, H, J> TupleHas<M, P3> for (A, B, C, M, E, G, H, J) {}
impl<M, A, B, C, D, G, H, J> TupleHas<M, P4> for (A, B, C, D, M, G, H, J) {}
impl<M, A, B, C, D, E, H, J> TupleHas<M, P5> for (A, B, C, D, E, M, H, J) {}
impl<M, A, B, C, D, E, G, J> TupleHas<M, P6> for (A, B, C, D, E, G, M, J) {}
impl<M, A, B, C, D, E, G, H> TupleHas<M, P7> for (A, B, C, D, E, G, H, M) {}

/// Every model that `Self`'s `references` data tests name is one of the inputs `Args` of
/// its build function (implemented by the derive). A relationship to a model that is not an
/// input could not be checked against the same run's data, so it does not compile.
#[diagnostic::on_unimplemented(
    message = "`{Self}` declares a `references` data test on a model that is not an input of this build function",
    label = "the build function's inputs are `{Args}`",
    note = "`#[check(references = Model::column)]` must name a model the build function takes as a `Frame<Model>` parameter"
)]
pub trait ReferencesInputs<Args, P> {}

/// A node for model function `f`; its contract is `f`'s output schema.
pub fn model<Args, P, F: ModelFn<Args>>(f: F) -> Node
where
    F::Output: ReferencesInputs<Args, P>,
{
    let f = Arc::new(f);
    node_for::<F::Output>(
        F::input_names(),
        NodeKind::Model(Arc::new(move |ctx: &RunContext, inputs: &Inputs<'_>| f.call(ctx, inputs).into_lazy())),
    )
}

/// A node for raw model `S` read from a source file.
pub fn source<S: Schema>(spec: SourceSpec) -> Node {
    node_for::<S>(Vec::new(), NodeKind::Source(spec))
}

fn node_for<S: Schema>(inputs: Vec<&'static str>, kind: NodeKind) -> Node {
    Node {
        name: S::NAME,
        layer: S::LAYER,
        materialized: S::MATERIALIZED,
        doc: S::DOC,
        grain: S::GRAIN,
        columns: S::columns(),
        inputs,
        tests: implicit_tests(S::NAME, S::columns(), S::GRAIN).into_iter().chain(S::data_tests()).collect(),
        kind,
        partition_by: None,
        order_by: &[],
        all_partitions_of: Vec::new(),
        evaluation: Evaluation::Whole,
    }
}
