//! # pipeline — the typed DSL of the warehouse
//!
//! Every model is a Rust function over [`Frame`]s (Polars `LazyFrame`s tagged with the
//! schema struct they conform to). The compiler checks names, wiring, join keys and
//! nullability; [`contract`] compares a planned output with its struct without reading data
//! and audits a materialised one. Model crates depend on this crate only.
//!
//! ```text
//!  sources (raw_*) ──► intermediate (int_*) ──► marts (mrt_*)      model crates: DSL only
//!        │                   │                      │
//!        └──────── pipeline (this crate: schemas, frames, functions, nodes, test helpers)
//!                     ▲
//!  pipeline-runtime (DAG order, source IO, runner, artifacts, progress) ◄── pipeline-cli
//! ```
//!
//! | module | responsibility |
//! |---|---|
//! | [`schema`] | `Schema`/`ColumnType` traits, spec types (`Dec2`, `DtParis`, …), column handles |
//! | [`frame`] | `Frame<S>`, typed joins (keys, nullability), projections, group-bys |
//! | [`funcs`] | the spec's shared functions and SQL semantics (NULLs, ranks, aggregates) |
//! | [`nullability`] | how columns read through joins; join-key and pass-through type matching |
//! | [`node`], [`source`] | a model function or a source declaration as a node of the DAG |
//! | [`contract`] | plan-time schema comparison and output audits |
//! | [`datatest`] | data tests declared on schemas (and the implicit not-null / unique ones), evaluated on outputs |
//! | [`params`] | typed access to GA4 nested event params; tracking time helpers |
//! | [`context`] | the run's clock and parameters |
//! | [`snapshot`], [`testing`] | model test helpers |
//!
//! This crate names no concrete model, reads no file and prints nothing.

// Lets the derive's `::pipeline::…` paths resolve inside this crate's own tests.
extern crate self as pipeline;

pub mod context;
pub mod contract;
pub mod datatest;
mod error;
pub mod frame;
pub mod funcs;
pub mod node;
pub mod nullability;
pub mod params;
pub mod schema;
pub mod snapshot;
pub mod source;
pub mod testing;
mod wide_join;

pub use context::RunContext;
pub use error::{Error, Result};
pub use frame::{Alias, AliasName, Assign, Frame, Inner, Join, Left, on, on_expr};
pub use node::{Node, model, source};
pub use pipeline_derive::Schema;
pub use polars;
pub use schema::{Col, ColumnSpec, ColumnType, Dec2, DtParis, DtUtc, Layer, Materialization, Schema, TsUtc, date, dt};
pub use source::SourceSpec;

/// Everything a model file needs.
pub mod prelude {
    pub use crate::Schema;
    pub use crate::context::RunContext;
    pub use crate::frame::{Frame, Join, on, on_expr};
    pub use crate::funcs::*;
    pub use crate::params::{
        EventParam, ParamValue, Params, flag01, fmt_double_expr, int_text, param, paris, paris_of_utc_wall_clock,
        ts_from_micros,
    };
    pub use crate::schema::{Dec2, DtParis, DtUtc, TsUtc};
    pub use chrono::NaiveDate;
    pub use polars::prelude::{DataType, Expr, NULL, col as raw_col, lit, when};
}
