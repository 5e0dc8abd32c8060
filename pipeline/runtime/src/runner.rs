//! The runner: plan-check, execute the selected models in dependency order (independent
//! models concurrently on scoped threads), audit each table before publication, write Parquet
//! atomically, and record run artifacts.
//!
//! Publication is all-or-nothing per run: every output is audited (dtypes, data tests)
//! before anything is published; the tables are written into a new generation of the
//! warehouse, which replaces the previous one in one atomic switch only when every selected
//! model succeeded (see [`crate::warehouse`]). A failed or killed run leaves the previous
//! generation untouched.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Instant;

use polars::prelude::*;
use serde::Serialize;

use pipeline::contract::{blocking_failure, check_output, compare_schema, run_tests};
use pipeline::datatest::TestResult;
use pipeline::node::{Evaluation, Inputs, Node, NodeKind};
use pipeline::schema::Materialization;
use pipeline::source::Formats;
use pipeline::{Error, Result, RunContext};

use crate::by_partition::{Outcome, Part};
use crate::dag::Dag;
use pipeline::source::{empty_frame, finish_raw};

use crate::source::build_raw;
use crate::warehouse::{Warehouse, table_path, write_json_atomic, write_parquet};

/// Where and what to run.
#[derive(Debug, Clone)]
pub struct RunOptions {
    pub warehouse: PathBuf,
    pub select: Vec<String>,
    pub exclude: Vec<String>,
    /// Show a progress bar and per-model lines on stderr.
    pub progress: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Success,
    Error,
    Skipped,
}

/// One model's outcome, as written to `run_results.json`.
#[derive(Debug, Clone, Serialize)]
pub struct ModelResult {
    pub model: String,
    pub status: Status,
    pub materialized: Materialization,
    /// Rows produced (tables and sources; views are not counted).
    pub rows: Option<usize>,
    /// Seconds from the run's start to the model's start: with `duration_s`, where the model
    /// lies on the run's timeline (models run in parallel, so durations overlap).
    pub started_s: f64,
    pub duration_s: f64,
    /// How `duration_s` splits (with the write, which `duration_s` does not include).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phases: Option<Phases>,
    /// Data tests run on the output before publication (one entry per test, dbt style).
    pub tests: Vec<TestResult>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunResults {
    pub ds: String,
    pub as_of: String,
    pub success: bool,
    pub elapsed_s: f64,
    pub results: Vec<ModelResult>,
    /// Set when every model succeeded but publishing failed (the message says what readers see).
    pub publish_error: Option<String>,
}

// ------------------------------------------------------------------ plan-time check

/// Plans every model of `dag` on empty inputs that follow each input's declared schema
/// (no file is opened, no row read) and compares each output schema with its struct.
/// Returns every mismatch found, not only the first.
pub fn check(dag: &Dag, ctx: &RunContext) -> Vec<Error> {
    let mut errors = Vec::new();
    for node in dag.nodes() {
        let frames: HashMap<&'static str, LazyFrame> = node
            .inputs
            .iter()
            .map(|i| {
                let cols = dag.get(i).expect("known input").columns;
                (*i, empty_frame(cols, true).lazy())
            })
            .collect();
        match plan(node, ctx, &frames) {
            Ok(mut lf) => errors.extend(compare_schema(node.name, node.columns, &mut lf)),
            Err(e) => errors.push(e),
        }
    }
    errors
}

/// The plan of one node over the given input plans (sources: over their empty contract).
pub(crate) fn plan(node: &Node, ctx: &RunContext, frames: &HashMap<&'static str, LazyFrame>) -> Result<LazyFrame> {
    match &node.kind {
        NodeKind::Source(spec) => Ok(finish_raw(spec, node.columns, empty_frame(node.columns, false).lazy(), ctx)),
        NodeKind::Model(build) => catch_panic(node.name, || Ok(build(ctx, &Inputs::new(frames)))),
    }
}

/// Runs `f`, turning a panic (in a model function or inside Polars) into an error naming
/// the model.
fn catch_panic<T>(model: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "unknown panic".into());
        Err(Error::Plan { model: model.into(), message: format!("panicked: {message}") })
    })
}

// ------------------------------------------------------------------ audits

/// Write-audit-publish: the checks on a materialised output before anything is
/// published: dtypes, then every data test of the node. `frames` holds the node's inputs,
/// which `references` tests read. Returns the test results; an error when the dtypes differ.
pub fn audit(node: &Node, df: &DataFrame, frames: &HashMap<&'static str, LazyFrame>) -> Result<Vec<TestResult>> {
    check_output(node.name, node.columns, df)?;
    // Only the referenced column: the whole referenced table (int_global__stock's 57 columns
    // for int_global__booking) would sit next to the output being audited.
    let referenced =
        |model: &str, column: &str| frames.get(model).and_then(|lf| lf.clone().select([col(column)]).collect().ok());
    Ok(run_tests(&node.tests, df, node.grain, &referenced))
}

// ------------------------------------------------------------------ execution

/// Sorts a table by its grain (or, without a grain, by every sortable column) so that a
/// re-run writes byte-identical files (C-34) whatever order joins and group-bys produced.
pub(crate) fn canonical_order(node: &Node, df: DataFrame) -> Result<DataFrame> {
    let keys: Vec<&'static str> = if !node.grain.is_empty() {
        node.grain.to_vec()
    } else if !node.order_by.is_empty() {
        node.order_by.to_vec()
    } else {
        node.columns.iter().filter(|c| !c.dtype.is_nested()).map(|c| c.name).collect()
    };
    if keys.is_empty() || df.height() < 2 {
        return Ok(df);
    }
    let err = |e| Error::polars(node.name, e);
    // Sort only the keys (with the row index), then gather the table column by column, each
    // source column released as soon as it is gathered: the peak is the table plus one column,
    // not two tables. A table already in order is returned as it is.
    let n = df.height();
    let key_cols: Vec<Column> = keys.iter().map(|k| df.column(k).cloned()).collect::<PolarsResult<_>>().map_err(err)?;
    // Row-encoded or packed keys sort fastest when they are a few named columns (grain,
    // order_by); when the order is every column (a table without either), or has floats, the
    // rows are sorted by the leading keys that pack and only their ties by the rest.
    let all_columns = node.grain.is_empty() && node.order_by.is_empty();
    let floats = key_cols.iter().any(|c| c.dtype().is_float());
    // A model that produced its rows in this order already (one pass of neighbour comparisons
    // to see it) is not sorted again. Only on named keys without NULLs or floats, whose order
    // the comparison decides as the sort would.
    if !all_columns && !floats && pipeline::datatest::sorted_without_nulls(&df, &keys).map_err(err)? {
        return flag_sorted(df, keys[0]).map_err(err);
    }
    let idx = if all_columns || floats {
        pipeline::funcs::lexicographic_indices(&key_cols).map_err(err)?
    } else {
        let flags = vec![false; key_cols.len()];
        pipeline::funcs::sorted_indices(&key_cols, &flags, &flags).map_err(err)?
    };
    if idx.into_no_null_iter().enumerate().all(|(i, r)| i as IdxSize == r) {
        return flag_sorted(df, keys[0]).map_err(err);
    }
    let columns: Vec<Column> = df
        .into_columns()
        .into_iter()
        .map(|c| pipeline::funcs::gather(&c, &idx))
        .collect::<PolarsResult<_>>()
        .map_err(err)?;
    flag_sorted(DataFrame::new(n, columns).map_err(err)?, keys[0]).map_err(err)
}

/// Marks the leading key of a table in canonical order as sorted (when it has no NULL, whose
/// place the flag would leave open), so that the data tests' group kernels and Polars' own
/// find a key's groups as runs instead of hashing it (`five_entity_rows_per_booking` groups
/// 67M rows by booking id at scale 16).
fn flag_sorted(mut df: DataFrame, key: &str) -> PolarsResult<DataFrame> {
    let column = df.column(key)?;
    if column.null_count() == 0 && !column.dtype().is_float() && !column.dtype().is_nested() {
        let mut flagged = column.as_materialized_series().clone();
        flagged.set_sorted_flag(polars::series::IsSorted::Ascending);
        df.with_column(flagged.into_column())?;
    }
    Ok(df)
}

/// A finished node.
struct Executed {
    /// What consumers read: an in-memory frame (sources, fresh tables) or a plan (views).
    plan: LazyFrame,
    /// The table to write, for `table` models.
    table: Option<DataFrame>,
    rows: Option<usize>,
    /// Results of the output's data tests.
    tests: Vec<TestResult>,
    phases: Phases,
    /// Computed by partition ([`crate::by_partition`]): a source's spilled files, or the dates
    /// a partitioned table wrote into the generation.
    by_partition: Option<Outcome>,
}

/// What a model's thread needs besides its input frames: the parts of its partitioned inputs
/// (for a model computed by partition) and the generation it writes its table into.
struct WorkerEnv {
    /// The run window's parts of each partitioned input of the model.
    parts: HashMap<&'static str, Vec<Part>>,
    /// Columns of those inputs (for an empty date).
    columns: HashMap<&'static str, &'static [pipeline::schema::ColumnSpec]>,
    gen_dir: PathBuf,
}

/// Where a model's time went, in seconds (`run_results.json`): reading or computing its
/// output, sorting a table into its canonical order, its data tests, writing its file.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Phases {
    pub compute_s: f64,
    pub sort_s: f64,
    pub tests_s: f64,
    pub write_s: f64,
}

/// Lap timer for [`Phases`].
pub(crate) struct Clock(Instant);

impl Clock {
    pub(crate) fn start() -> Self {
        Clock(Instant::now())
    }
    /// Seconds since the start or the previous lap.
    pub(crate) fn lap(&mut self) -> f64 {
        let now = Instant::now();
        let seconds = (now - self.0).as_secs_f64();
        self.0 = now;
        seconds
    }
}

struct Done {
    name: &'static str,
    result: Result<Executed>,
    started_s: f64,
    seconds: f64,
}

fn execute(
    node: &Node,
    ctx: &RunContext,
    frames: &HashMap<&'static str, LazyFrame>,
    by: &WorkerEnv,
) -> Result<Executed> {
    match &node.kind {
        NodeKind::Source(spec) if spec.formats == Formats::DatePartitions => {
            let outcome = crate::by_partition::read_source(node, spec, ctx, frames)?;
            let plan = crate::by_partition::whole(node.name, &outcome.parts, node.columns)?;
            Ok(Executed {
                plan,
                table: None,
                rows: Some(outcome.rows),
                tests: outcome.tests.clone(),
                phases: outcome.phases,
                by_partition: Some(outcome),
            })
        }
        NodeKind::Model(_) if node.evaluation != Evaluation::Whole && crate::incremental::is_partitioned(node) => {
            let mut lf = plan(node, ctx, frames)?;
            if let Some(e) = compare_schema(node.name, node.columns, &mut lf).into_iter().next() {
                return Err(e);
            }
            let whole: HashMap<&'static str, LazyFrame> =
                frames.iter().filter(|(k, _)| !by.parts.contains_key(*k)).map(|(k, v)| (*k, v.clone())).collect();
            let outcome = crate::by_partition::compute_model(node, ctx, &whole, &by.parts, &by.columns, &by.gen_dir)?;
            Ok(Executed {
                plan: lf,
                table: None,
                rows: Some(outcome.rows),
                tests: outcome.tests.clone(),
                phases: outcome.phases,
                by_partition: Some(outcome),
            })
        }
        NodeKind::Source(spec) => {
            let mut clock = Clock::start();
            let lf = build_raw(spec, node.columns, node.grain, ctx)?;
            let df = lf.collect().map_err(|e| Error::polars(node.name, e))?;
            let compute_s = clock.lap();
            let mut tests = audit(node, &df, frames)?;
            if let Some(f) = &spec.freshness {
                tests.push(pipeline::datatest::freshness_result(node.name, f, &df, ctx.ds));
            }
            let phases = Phases { compute_s, tests_s: clock.lap(), ..Phases::default() };
            let rows = Some(df.height());
            Ok(Executed { plan: df.lazy(), table: None, rows, tests, phases, by_partition: None })
        }
        NodeKind::Model(_) => {
            let mut lf = plan(node, ctx, frames)?;
            if let Some(e) = compare_schema(node.name, node.columns, &mut lf).into_iter().next() {
                return Err(e);
            }
            match node.materialized {
                // A view is never written, but its data tests still guard the run: it is
                // collected once for them, and consumers keep inlining its plan.
                Materialization::View => {
                    let mut clock = Clock::start();
                    let df = lf.clone().collect().map_err(|e| Error::polars(node.name, e))?;
                    let compute_s = clock.lap();
                    let tests = audit(node, &df, frames)?;
                    let phases = Phases { compute_s, tests_s: clock.lap(), ..Phases::default() };
                    Ok(Executed { plan: lf, table: None, rows: Some(df.height()), tests, phases, by_partition: None })
                }
                Materialization::Table => {
                    let mut clock = Clock::start();
                    let df = lf.collect().map_err(|e| Error::polars(node.name, e))?;
                    let compute_s = clock.lap();
                    let df = canonical_order(node, df)?;
                    let sort_s = clock.lap();
                    let tests = audit(node, &df, frames)?;
                    let mut phases = Phases { compute_s, sort_s, tests_s: clock.lap(), write_s: 0.0 };
                    let rows = Some(df.height());
                    if crate::incremental::is_partitioned(node) || blocking_failure(node.name, &tests).is_some() {
                        return Ok(Executed {
                            plan: df.clone().lazy(),
                            table: Some(df),
                            rows,
                            tests,
                            phases,
                            by_partition: None,
                        });
                    }
                    // Written here, on the model's thread, into the unpublished generation (the
                    // runner records it), then released: consumers scan the file, reading only
                    // the columns and rows they use. Holding every table until its last consumer
                    // ran cost more memory (2.2 GB against 1.4 GB at scale 1) for no gain in time.
                    let mut df = df;
                    let path = table_path(&by.gen_dir, node.name);
                    write_parquet(&mut df, &path)?;
                    phases.write_s = clock.lap();
                    drop(df);
                    let plan = crate::partitions::scan_file(&path).map_err(|e| Error::polars(node.name, e))?;
                    Ok(Executed { plan, table: None, rows, tests, phases, by_partition: None })
                }
            }
        }
    }
}

/// Runs the selected models of `dag` and publishes their tables into the warehouse.
pub fn run(dag: &Dag, ctx: &RunContext, opts: &RunOptions) -> Result<RunResults> {
    ctx.validate()?;
    let started = Instant::now();
    let plan_errors = check(dag, ctx);
    if let Some(first) = plan_errors.into_iter().next() {
        return Err(first);
    }

    let selected: Vec<&'static str> = dag.select(&opts.select, &opts.exclude)?;
    let selected_set: HashSet<&'static str> = selected.iter().copied().collect();

    // Unselected inputs: sources and views are recomputed (they are never stored);
    // tables are read from the warehouse.
    let mut to_run: HashSet<&'static str> = selected_set.clone();
    let mut stored_inputs: HashSet<&'static str> = HashSet::new();
    let mut stack: Vec<&'static str> = selected.clone();
    while let Some(n) = stack.pop() {
        for i in &dag.get(n).expect("known").inputs {
            if to_run.contains(i) || stored_inputs.contains(i) {
                continue;
            }
            let input = dag.get(i).expect("known");
            let recompute = matches!(input.kind, NodeKind::Source(_)) || input.materialized == Materialization::View;
            if recompute {
                to_run.insert(input.name);
                stack.push(input.name);
            } else {
                let path = table_path(&opts.warehouse, input.name);
                let partitioned = crate::incremental::is_partitioned(input)
                    && crate::incremental::model_dir(&opts.warehouse, input.name).is_dir();
                if !path.is_file() && !partitioned {
                    return Err(Error::MissingUpstream {
                        model: n.to_string(),
                        upstream: input.name.to_string(),
                        path,
                    });
                }
                stored_inputs.insert(input.name);
            }
        }
    }

    let wh = Warehouse::open(&opts.warehouse)?;
    let mut generation = wh.begin()?;
    // Incremental tables (tracking.md T-1): a first run of a partitioned model is a full refresh.
    let run_nodes: Vec<&Node> = dag.nodes().iter().filter(|n| to_run.contains(n.name)).collect();
    let ctx = &crate::incremental::effective_context(&run_nodes, ctx, wh.current().as_deref());
    // Stored inputs are read from the published generation itself (the run holds the lock,
    // so it stays current until this run switches).
    let stored_root = wh.current().unwrap_or_else(|| opts.warehouse.clone());

    let order: Vec<&Node> = dag.nodes().iter().filter(|n| to_run.contains(n.name)).collect();
    let progress = crate::progress::Progress::new(order.len() as u64, opts.progress);

    // What each finished (or stored) model hands to its consumers; for partitioned data, also
    // its files of the run window, for models computed by partition.
    let mut outputs: HashMap<&'static str, LazyFrame> = HashMap::new();
    let mut parts: HashMap<&'static str, Vec<Part>> = HashMap::new();
    for s in &stored_inputs {
        let stored = dag.get(s).expect("known");
        if crate::incremental::is_partitioned(stored) {
            // A stored partitioned table: its partitions of the run window (T-2).
            let p = crate::by_partition::parts_in(s, &stored_root, crate::partitions::window(ctx))?;
            outputs.insert(s, crate::by_partition::whole(s, &p, stored.columns)?);
            parts.insert(s, p);
            continue;
        }
        let path = table_path(&stored_root, s);
        let lf = LazyFrame::scan_parquet(PlRefPath::new(path.to_string_lossy().as_ref()), ScanArgsParquet::default())
            .map_err(|e| Error::polars(s, e))?;
        outputs.insert(s, lf);
    }

    let mut results: HashMap<&'static str, ModelResult> = HashMap::new();
    // (position in DAG order, error): sorted before reporting.
    let mut failures: Vec<(usize, Error)> = Vec::new();
    let mut pending: Vec<&Node> = order.clone();
    let mut running = 0usize;
    let mut written: Vec<&'static str> = Vec::new();

    // Models run on their own threads, at most `parallel` at once; each one's Polars work runs
    // on Polars' pool. Not rayon's global pool: a model blocked waiting for Polars would steal
    // and run another whole model inside its own call, so a 13-row table could "take" as long
    // as the longest model (its reported time and its consumers' start were delayed).
    let parallel = std::thread::available_parallelism().map_or(2, |n| n.get()).max(2);
    std::thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<Done>();
        loop {
            // Start every node whose inputs are all available. After a failure the models that
            // do not depend on it still run, so the set of failures is the same on every run
            // (not a race between the first failure and whatever was already running);
            // consumers of a failed model never become ready and are reported as skipped.
            {
                let mut i = 0;
                while i < pending.len() && running < parallel {
                    let node = pending[i];
                    if node.inputs.iter().all(|inp| outputs.contains_key(inp)) {
                        pending.remove(i);
                        let frames = match inputs_of(node, &outputs, &written, generation.dir(), &stored_root, dag) {
                            Ok(frames) => frames,
                            Err(e) => {
                                results.insert(node.name, failed(node, 0.0, &e));
                                failures
                                    .push((order.iter().position(|n| n.name == node.name).unwrap_or(usize::MAX), e));
                                continue;
                            }
                        };
                        let by = WorkerEnv {
                            parts: node.inputs.iter().filter_map(|i| parts.get(i).map(|p| (*i, p.clone()))).collect(),
                            columns: node.inputs.iter().map(|i| (*i, dag.get(i).expect("known").columns)).collect(),
                            gen_dir: generation.dir().to_path_buf(),
                        };
                        let tx = tx.clone();
                        progress.start(node.name);
                        running += 1;
                        scope.spawn(move || {
                            let t = Instant::now();
                            let started_s = t.duration_since(started).as_secs_f64();
                            // A panicking model must still report, or the scheduler would wait
                            // for it forever.
                            let result = catch_panic(node.name, || execute(node, ctx, &frames, &by));
                            let _ = tx.send(Done {
                                name: node.name,
                                result,
                                started_s,
                                seconds: t.elapsed().as_secs_f64(),
                            });
                        });
                    } else {
                        i += 1;
                    }
                }
            }
            if running == 0 {
                break;
            }
            let done = rx.recv().expect("a running model reports");
            running -= 1;
            let node = dag.get(done.name).expect("known");
            match done.result {
                Ok(Executed { plan, table, rows, tests, mut phases, by_partition }) => {
                    // A failing `error` test fails the model: nothing of the run is published.
                    let mut status = match blocking_failure(node.name, &tests) {
                        Some(e) => Err(e),
                        None => Ok(()),
                    };
                    let mut plan = plan;
                    // Consumers of a partitioned table read its partitions of the window as
                    // updated by this run (T-2).
                    let mut hand_over = |p: Vec<Part>, plan: &mut LazyFrame| -> Result<()> {
                        *plan = crate::by_partition::whole(node.name, &p, node.columns)?;
                        parts.insert(node.name, p);
                        Ok(())
                    };
                    if let (Ok(()), Some(outcome)) = (&status, by_partition) {
                        if matches!(node.kind, NodeKind::Source(_)) {
                            parts.insert(node.name, outcome.parts);
                        } else {
                            // Its partitions are already in the generation.
                            status = crate::incremental::finish_partitions(
                                node,
                                ctx,
                                &outcome.produced,
                                &mut generation,
                                &wh,
                            )
                            .and_then(|p| hand_over(p, &mut plan));
                            if status.is_ok() {
                                written.push(node.name);
                            }
                        }
                    } else if status.is_ok()
                        && table.is_none()
                        && matches!(node.kind, NodeKind::Model(_))
                        && node.materialized == Materialization::Table
                    {
                        // Written by the model's thread.
                        status = generation.record_table(node.name);
                        if status.is_ok() {
                            written.push(node.name);
                        }
                    } else if let (Ok(()), Some(mut df)) = (&status, table) {
                        let mut clock = Clock::start();
                        status = if crate::incremental::is_partitioned(node) {
                            crate::incremental::publish_into(node, ctx, &df, &mut generation, &wh)
                                .and_then(|p| hand_over(p, &mut plan))
                        } else {
                            generation.write_table(node.name, &mut df)
                        };
                        phases.write_s = clock.lap();
                        if status.is_ok() {
                            written.push(node.name);
                        }
                    }
                    match status {
                        Ok(()) => {
                            progress.finish(node.name, true, rows, done.seconds);
                            results.insert(
                                node.name,
                                ModelResult {
                                    model: node.name.into(),
                                    status: Status::Success,
                                    materialized: node.materialized,
                                    rows,
                                    started_s: done.started_s,
                                    duration_s: done.seconds,
                                    phases: Some(phases),
                                    tests,
                                    message: None,
                                },
                            );
                            outputs.insert(node.name, plan);
                        }
                        Err(e) => {
                            progress.finish(node.name, false, rows, done.seconds);
                            let mut result = failed(node, done.seconds, &e);
                            result.started_s = done.started_s;
                            result.rows = rows;
                            result.tests = tests;
                            results.insert(node.name, result);
                            failures.push((order.iter().position(|n| n.name == node.name).unwrap_or(usize::MAX), e));
                        }
                    }
                }
                Err(e) => {
                    progress.finish(node.name, false, None, done.seconds);
                    let mut result = failed(node, done.seconds, &e);
                    result.started_s = done.started_s;
                    results.insert(node.name, result);
                    failures.push((order.iter().position(|n| n.name == node.name).unwrap_or(usize::MAX), e));
                }
            }
            // Free inputs nobody else needs any more.
            let still_needed: HashSet<&'static str> = pending.iter().flat_map(|n| n.inputs.iter().copied()).collect();
            outputs.retain(|k, _| still_needed.contains(k) || !to_run.contains(k) || stored_inputs.contains(k));
            parts.retain(|k, _| outputs.contains_key(k));
        }
    });
    progress.done();

    let ordered: Vec<ModelResult> = order
        .iter()
        .map(|n| {
            results.remove(n.name).unwrap_or_else(|| ModelResult {
                model: n.name.into(),
                status: Status::Skipped,
                materialized: n.materialized,
                rows: None,
                started_s: 0.0,
                duration_s: 0.0,
                phases: None,
                tests: Vec::new(),
                message: Some("not run: an earlier model failed".into()),
            })
        })
        .collect();
    let success = failures.is_empty();

    // Publish: only a fully successful run switches the warehouse to its generation; the
    // tables it did not rebuild are carried over, so the generation is whole.
    let mut publish_error = None;
    if success {
        let published = (|| -> Result<()> {
            for n in dag.nodes().iter().filter(|n| n.materialized == Materialization::Table) {
                if written.contains(&n.name) {
                } else if crate::incremental::is_partitioned(n) {
                    crate::incremental::carry_over_unrun(n, &mut generation, &wh)?;
                } else {
                    generation.carry_over(&wh, n.name)?;
                }
            }
            generation.write_manifest(&crate::artifacts::manifest(dag))?;
            generation.publish(&wh)
        })();
        if let Err(e) = published {
            publish_error = Some(e);
        }
    } else {
        generation.abandon();
    }

    let run_results = RunResults {
        ds: ctx.ds.to_string(),
        as_of: ctx.as_of.to_string(),
        success,
        elapsed_s: started.elapsed().as_secs_f64(),
        results: ordered,
        publish_error: None,
    };
    let mut run_results = run_results;
    if let Some(e) = &publish_error {
        run_results.success = false;
        run_results.publish_error = Some(e.to_string());
    }
    write_json_atomic(&run_results, &opts.warehouse.join("run_results.json"))?;
    if opts.progress {
        crate::progress::summary(&run_results);
    }
    if let Some(e) = publish_error {
        return Err(e);
    }
    if !success {
        // Reported in DAG order, whatever order the threads finished in.
        failures.sort_by_key(|(position, _)| *position);
        return Err(Error::RunFailed(failures.into_iter().map(|(_, e)| e).collect()));
    }
    Ok(run_results)
}

/// The frames a model about to run reads: what each input handed over (the run window's
/// partitions of a partitioned table, T-2), except for the inputs it reads whole
/// ([`Node::reads_all_partitions_of`]): every partition of those as this run leaves them,
/// from the run's generation when the input was rebuilt, else from the published one.
fn inputs_of(
    node: &Node,
    outputs: &HashMap<&'static str, LazyFrame>,
    written: &[&'static str],
    generation: &Path,
    stored_root: &Path,
    dag: &Dag,
) -> Result<HashMap<&'static str, LazyFrame>> {
    let mut frames = HashMap::new();
    for inp in &node.inputs {
        let frame = if node.all_partitions_of.contains(inp) {
            let root = if written.contains(inp) { generation } else { stored_root };
            let all = crate::by_partition::parts_in(inp, root, None)?;
            crate::by_partition::whole(inp, &all, dag.get(inp).expect("known").columns)?
        } else {
            outputs[inp].clone()
        };
        frames.insert(*inp, frame);
    }
    Ok(frames)
}

fn failed(node: &Node, seconds: f64, e: &Error) -> ModelResult {
    ModelResult {
        model: node.name.into(),
        status: Status::Error,
        materialized: node.materialized,
        rows: None,
        started_s: 0.0,
        duration_s: seconds,
        phases: None,
        tests: Vec::new(),
        message: Some(e.to_string()),
    }
}

// ------------------------------------------------------------------ in-memory evaluation

/// Evaluates the whole DAG in memory, sequentially, on source tables given as frames
/// (by raw model name, with the source columns; derived columns are added here). Every
/// model is collected and audited exactly as in a run; nothing is written. For property
/// tests and embedding.
pub fn evaluate(
    dag: &Dag,
    ctx: &RunContext,
    sources: &HashMap<&'static str, DataFrame>,
) -> Result<HashMap<&'static str, DataFrame>> {
    let mut out: HashMap<&'static str, DataFrame> = HashMap::new();
    for node in dag.nodes() {
        let df = match &node.kind {
            NodeKind::Source(spec) => {
                let input = sources
                    .get(node.name)
                    .ok_or_else(|| Error::Plan { model: node.name.into(), message: "no source frame given".into() })?;
                finish_raw(spec, node.columns, input.clone().lazy(), ctx)
                    .collect()
                    .map_err(|e| Error::polars(node.name, e))?
            }
            NodeKind::Model(_) => {
                let frames: HashMap<&'static str, LazyFrame> =
                    node.inputs.iter().map(|i| (*i, out[i].clone().lazy())).collect();
                let mut lf = plan(node, ctx, &frames)?;
                if let Some(e) = compare_schema(node.name, node.columns, &mut lf).into_iter().next() {
                    return Err(e);
                }
                lf.collect().map_err(|e| Error::polars(node.name, e))?
            }
        };
        let inputs: HashMap<&'static str, LazyFrame> =
            node.inputs.iter().filter_map(|i| out.get(i).map(|d| (*i, d.clone().lazy()))).collect();
        let tests = audit(node, &df, &inputs)?;
        if let Some(e) = blocking_failure(node.name, &tests) {
            return Err(e);
        }
        out.insert(node.name, df);
    }
    Ok(out)
}

// ------------------------------------------------------------------ tests on the warehouse

/// Runs the data tests of the selected `table` models against the published warehouse,
/// without rebuilding anything. The current generation is resolved once, so every table
/// read belongs to the same run. A `references` test whose referenced model is not stored
/// (a view or a source) cannot run and is reported as such.
pub fn test_published(
    dag: &Dag,
    warehouse: &std::path::Path,
    select: &[String],
    exclude: &[String],
) -> Result<Vec<TestResult>> {
    let root = crate::warehouse::published(warehouse)
        .ok_or_else(|| Error::Params(format!("warehouse {} holds no published run", warehouse.display())))?;
    let read = |model: &str| -> Option<DataFrame> {
        if let Some(n) = dag.get(model).filter(|n| crate::incremental::is_partitioned(n)) {
            return crate::incremental::read_partitions(n, &root, None).ok();
        }
        let path = table_path(&root, model);
        let file = std::fs::File::open(path).ok()?;
        ParquetReader::new(file).finish().ok()
    };
    let mut results = Vec::new();
    for name in dag.select(select, exclude)? {
        let node = dag.get(name).expect("selected node");
        if node.materialized != Materialization::Table || matches!(node.kind, NodeKind::Source(_)) {
            continue;
        }
        let df = read(node.name).ok_or_else(|| Error::MissingUpstream {
            model: node.name.to_string(),
            upstream: node.name.to_string(),
            path: table_path(&root, node.name),
        })?;
        check_output(node.name, node.columns, &df)?;
        for test in &node.tests {
            let result = match test.referenced() {
                None => pipeline::datatest::run_test(test, &df, node.grain, None),
                Some((m, _)) => match read(m) {
                    Some(r) => pipeline::datatest::run_test(test, &df, node.grain, Some(&r)),
                    None => pipeline::datatest::not_run(test, &format!("{m} is not a table of the warehouse")),
                },
            };
            results.push(result);
        }
    }
    Ok(results)
}

/// Source freshness of every source that declares a loaded-at column, at run date
/// `ctx.ds` (each such source is read and validated).
pub fn freshness(dag: &Dag, ctx: &RunContext) -> Result<Vec<TestResult>> {
    let mut out = Vec::new();
    for node in dag.nodes() {
        let NodeKind::Source(spec) = &node.kind else { continue };
        let Some(f) = &spec.freshness else { continue };
        let df = build_raw(spec, node.columns, node.grain, ctx)?.collect().map_err(|e| Error::polars(node.name, e))?;
        out.push(pipeline::datatest::freshness_result(node.name, f, &df, ctx.ds));
    }
    Ok(out)
}
