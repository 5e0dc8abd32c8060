//! # pipeline — a typed pipeline framework over Polars
//!
//! Every model is a Rust function over [`Frame`]s (Polars `LazyFrame`s tagged with the
//! schema struct they conform to). The compiler checks names and wiring; the plan-time
//! [`runner::check`] compares every planned output schema with its struct without reading
//! data; the [`runner`] executes the DAG, audits and publishes tables atomically.
//!
//! ```text
//!  sources (raw_*) ──► intermediate (int_*) ──► marts (mrt_*) ──► warehouse/*.parquet
//!        ▲                                                    (+ manifest.json, run_results.json)
//!   files under --sources           all built on: pipeline (this crate) + pipeline-derive
//! ```
//!
//! | module | responsibility |
//! |---|---|
//! | [`schema`] | `Schema`/`ColumnType` traits, spec types (`Dec2`, `DtParis`, …), column handles |
//! | [`frame`] | `Frame<S>`, typed joins, projections, group-bys |
//! | [`funcs`] | the spec's shared functions and SQL semantics (NULLs, ranks, aggregates) |
//! | [`dag`] | nodes from model functions, topological order, selectors |
//! | [`source`] | source file readers with validation |
//! | [`runner`] | plan check, execution, audits, atomic publication, lock |
//! | [`artifacts`], [`progress`], [`snapshot`], [`testing`], [`cli`] | around the runner |
//!
//! This crate names no concrete model.

// Lets the derive's `::pipeline::…` paths resolve inside this crate's own tests.
extern crate self as pipeline;

pub mod artifacts;
pub mod cli;
pub mod context;
pub mod dag;
mod error;
pub mod frame;
pub mod funcs;
pub mod progress;
pub mod runner;
pub mod schema;
pub mod snapshot;
pub mod source;
pub mod testing;

pub use context::RunContext;
pub use dag::{Dag, Node, model, source as source_node};
pub use error::{Error, Result};
pub use frame::{Assign, Frame, Join};
pub use pipeline_derive::Schema;
pub use polars;
pub use schema::{Col, ColumnSpec, ColumnType, Dec2, DtParis, DtUtc, Layer, Materialization, Schema, TsUtc, date, dt};
pub use source::SourceSpec;

/// Everything a model file needs.
pub mod prelude {
    pub use crate::Schema;
    pub use crate::context::RunContext;
    pub use crate::frame::{Frame, Join};
    pub use crate::funcs::*;
    pub use crate::schema::{Dec2, DtParis, DtUtc, TsUtc};
    pub use chrono::NaiveDate;
    pub use polars::prelude::{DataType, Expr, NULL, col as raw_col, lit, when};
}
