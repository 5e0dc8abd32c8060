//! # pipeline-docs — what a pipeline project tells the people and tools around it
//!
//! * [`lineage`]: column-level lineage, derived at plan time (never written by hand): a
//!   pass-through column reads its declared `from` column; a computed column reads the
//!   `Expr::Column` leaves of the Polars expression the model's `project`/`aggregate` was
//!   given, resolved through joins and model-local helper relations to input models.
//! * [`project`]: one serialisable description of the project (models, columns, tests and
//!   their last results, lineage, last run) — the data behind every output below.
//! * [`site`]: a static documentation site (`index.html` + one data script), usable from
//!   `file://` with no network.
//! * [`dbt`]: dbt-compatible `manifest.json` (v12), `catalog.json` (v1), `run_results.json` (v6).
//! * [`openlineage`]: OpenLineage run events (START/COMPLETE/FAIL) with schema and
//!   column-lineage facets, as JSON lines.
//! * [`synthetic`]: a generated project of any size, to measure the site at scale.

pub mod dbt;
pub mod lineage;
pub mod openlineage;
pub mod project;
pub mod site;
pub mod synthetic;
