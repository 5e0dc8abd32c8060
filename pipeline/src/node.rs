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
    pub kind: NodeKind,
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

/// A node for model function `f`; its contract is `f`'s output schema.
pub fn model<Args, F: ModelFn<Args>>(f: F) -> Node {
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
        kind,
    }
}
