//! # pipeline-runtime — running a DAG of typed models
//!
//! Orders the registered nodes ([`dag`]), reads and validates source files ([`source`]),
//! plans, executes, audits models ([`runner`]), publishes whole generations of the
//! warehouse atomically ([`warehouse`]), writes run artifacts
//! ([`artifacts`]) and shows progress ([`progress`]). It knows no concrete model: the
//! binary hands it the project's nodes. Model crates never depend on it, so editing the
//! runner recompiles no model.

pub mod artifacts;
pub mod by_partition;
pub mod dag;
pub mod incremental;
pub mod partitions;
pub mod progress;
pub mod runner;
pub mod source;
pub mod warehouse;

pub use dag::Dag;
