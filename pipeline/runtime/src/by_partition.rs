//! Partition-wise evaluation: the work of date-partitioned data split by date, so that peak
//! memory is one date's (or one batch of rows') instead of the run window's, and a full
//! refresh of months costs as many small evaluations as it has dates (`tracking.md` T-2, T-4).
//!
//! * A date-partitioned source is read, typed and audited one file at a time; each typed file
//!   is spilled to the run's scratch directory, and consumers scan the spilled files.
//! * A partitioned table declared [`Evaluation::PerPartition`] is computed one date at a time
//!   over that date's [`Part`]s of its partitioned inputs (its other inputs whole); one declared
//!   [`Evaluation::RowWise`] also in batches of `RunContext::batch_rows` rows of its one partitioned
//!   input. Each result is sorted, audited and written straight into the run's generation as
//!   `event_date=D/part-K.parquet`.
//!
//! This module never publishes: what it writes lands in the run's unpublished generation (or
//! its scratch directory), and only the runner's single switch makes a run visible.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;

use pipeline::datatest::{TestResult, merge_results};
use pipeline::node::{Evaluation, Node};
use pipeline::source::{SourceSpec, empty_frame, finish_raw};
use pipeline::{Error, Result, RunContext};

use crate::incremental::model_dir;
use crate::partitions::{PARTITION_PREFIX, in_window, list_partitions, partition_files, read_partition_file, window};
use crate::runner::{Phases, audit, canonical_order, plan};
use crate::warehouse::write_parquet;

/// Rows per row group of a spilled source file (the default batch of a row-wise model,
/// `RunContext::batch_rows`, reads exactly one).
const ROW_GROUP: usize = 200_000;

/// One Parquet file of one date of a partitioned output, as consumers read it.
#[derive(Debug, Clone)]
pub struct Part {
    pub date: NaiveDate,
    pub path: PathBuf,
    pub rows: usize,
}

fn scan(model: &str, part: &Part) -> Result<LazyFrame> {
    LazyFrame::scan_parquet(PlRefPath::new(part.path.to_string_lossy().as_ref()), ScanArgsParquet::default())
        .map_err(|e| Error::polars(model, e))
}

/// Every part as one plan (files read when it is collected); an empty frame of `columns` when
/// there is no part.
pub fn whole(model: &str, parts: &[Part], columns: &'static [pipeline::schema::ColumnSpec]) -> Result<LazyFrame> {
    if parts.is_empty() {
        return Ok(empty_frame(columns, true).lazy());
    }
    let scans = parts.iter().map(|p| scan(model, p)).collect::<Result<Vec<_>>>()?;
    concat(scans, UnionArgs::default()).map_err(|e| Error::polars(model, e))
}

/// The stored files of partitioned table `model` under `root` whose date lies in `w`, in date
/// then file-name order.
pub fn parts_in(model: &str, root: &Path, w: Option<(NaiveDate, NaiveDate)>) -> Result<Vec<Part>> {
    let mut parts = Vec::new();
    for (date, dir) in list_partitions(&model_dir(root, model))? {
        if !in_window(w, date) {
            continue;
        }
        for path in partition_files(&dir)? {
            let file = fs::File::open(&path).map_err(|e| Error::io(&path, e))?;
            let rows = ParquetReader::new(file).num_rows().map_err(|e| Error::polars(model, e))?;
            parts.push(Part { date, path, rows });
        }
    }
    Ok(parts)
}

/// Writes a spilled typed source file: row groups of [`ROW_GROUP`] rows, LZ4, no statistics
/// (read back once, whole or by row group, within the run).
fn spill(model: &str, df: &mut DataFrame, path: &Path) -> Result<()> {
    let file = fs::File::create(path).map_err(|e| Error::io(path, e))?;
    ParquetWriter::new(file)
        .with_compression(ParquetCompression::Lz4Raw)
        .with_row_group_size(Some(ROW_GROUP))
        .finish(df)
        .map(|_| ())
        .map_err(|e| Error::polars(model, e))
}

/// What a partition-wise evaluation did.
pub struct Outcome {
    pub rows: usize,
    pub tests: Vec<TestResult>,
    pub phases: Phases,
    /// Source: the spilled typed files. Model: none (its files are in the generation).
    pub parts: Vec<Part>,
    /// Model: the dates it wrote a partition for.
    pub produced: Vec<NaiveDate>,
}

/// Reads, types and audits the run window's files of date-partitioned source `node` one file
/// at a time, spilling each typed file into `scratch`.
pub fn spill_source(
    node: &Node,
    spec: &SourceSpec,
    ctx: &RunContext,
    scratch: &Path,
    frames: &HashMap<&'static str, LazyFrame>,
) -> Result<Outcome> {
    let root = ctx.sources_dir.join(spec.dir).join(spec.table);
    let dir = scratch.join(node.name);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let w = window(ctx);
    let mut clock = crate::runner::Clock::start();
    let mut phases = Phases::default();
    let (mut parts, mut tests, mut newest) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = 0;
    for (date, pdir) in list_partitions(&root)? {
        if !in_window(w, date) {
            continue;
        }
        for (k, file) in partition_files(&pdir)?.into_iter().enumerate() {
            let typed = read_partition_file(&file, date, node.columns)?;
            let mut df =
                finish_raw(spec, node.columns, typed.lazy(), ctx).collect().map_err(|e| Error::polars(node.name, e))?;
            phases.compute_s += clock.lap();
            tests.push(audit(node, &df, frames)?);
            if let Some(f) = &spec.freshness {
                newest.push(df.select([f.column]).map_err(|e| Error::polars(node.name, e))?);
            }
            phases.tests_s += clock.lap();
            let path = dir.join(format!("{date}-{k}.parquet"));
            spill(node.name, &mut df, &path)?;
            phases.write_s += clock.lap();
            rows += df.height();
            parts.push(Part { date, path, rows: df.height() });
        }
    }
    let mut tests = merge_results(tests);
    if let Some(f) = &spec.freshness {
        let mut dates = empty_frame(node.columns, true).select([f.column]).map_err(|e| Error::polars(node.name, e))?;
        for n in newest {
            dates.vstack_mut_owned(n).map_err(|e| Error::polars(node.name, e))?;
        }
        tests.push(pipeline::datatest::freshness_result(node.name, f, &dates, ctx.ds));
    }
    Ok(Outcome { rows, tests, phases, parts, produced: Vec::new() })
}

/// The input frames of each evaluation of `node` for date `d`: its partitioned inputs
/// restricted to `d` (row-wise: one batch of its single partitioned input per evaluation),
/// every other input whole.
fn batches(
    node: &Node,
    ctx: &RunContext,
    d: NaiveDate,
    whole_inputs: &HashMap<&'static str, LazyFrame>,
    parts: &HashMap<&'static str, Vec<Part>>,
    columns: &HashMap<&'static str, &'static [pipeline::schema::ColumnSpec]>,
) -> Result<Vec<HashMap<&'static str, LazyFrame>>> {
    let of_date = |inp: &str| -> Vec<Part> { parts[inp].iter().filter(|p| p.date == d).cloned().collect() };
    let mut base = whole_inputs.clone();
    match node.evaluation {
        Evaluation::Whole => unreachable!("whole-window models are not evaluated by partition"),
        Evaluation::PerPartition => {
            for inp in parts.keys() {
                base.insert(inp, whole(inp, &of_date(inp), columns[inp])?);
            }
            Ok(vec![base])
        }
        Evaluation::RowWise => {
            // Batches over the date's files as one sequence: a date of at most `batch_rows` rows
            // is one batch however its files are split (C-34).
            let inp = *parts.keys().next().expect("one partitioned input (checked by the DAG)");
            let day = of_date(inp);
            let rows: usize = day.iter().map(|p| p.rows).sum();
            let all = whole(inp, &day, columns[inp])?;
            let batch = ctx.batch_rows.max(1);
            let mut out = Vec::new();
            let mut offset = 0;
            while offset < rows {
                let mut frames = base.clone();
                frames.insert(inp, all.clone().slice(offset as i64, batch as IdxSize));
                out.push(frames);
                offset += batch;
            }
            Ok(out)
        }
    }
}

/// Computes partitioned table `node` date by date over the `parts` of its partitioned inputs,
/// writing each non-empty result into generation `gen_dir`. Stops at the first batch whose
/// blocking tests fail (its results are returned; the run will not publish).
pub fn compute_model(
    node: &Node,
    ctx: &RunContext,
    whole_inputs: &HashMap<&'static str, LazyFrame>,
    parts: &HashMap<&'static str, Vec<Part>>,
    columns: &HashMap<&'static str, &'static [pipeline::schema::ColumnSpec]>,
    gen_dir: &Path,
) -> Result<Outcome> {
    let column = node.partition_by.expect("a partitioned node");
    let dates: BTreeSet<NaiveDate> = parts.values().flatten().map(|p| p.date).collect();
    let mut clock = crate::runner::Clock::start();
    let mut phases = Phases::default();
    let (mut tests, mut produced) = (Vec::new(), Vec::new());
    let mut rows = 0;
    for d in dates {
        let mut k = 0;
        for frames in batches(node, ctx, d, whole_inputs, parts, columns)? {
            let lf = plan(node, ctx, &frames)?;
            let df = lf.collect().map_err(|e| Error::polars(node.name, e))?;
            phases.compute_s += clock.lap();
            let mut df = canonical_order(node, df)?;
            phases.sort_s += clock.lap();
            let batch_tests = audit(node, &df, &frames)?;
            phases.tests_s += clock.lap();
            let blocked = pipeline::contract::blocking_failure(node.name, &batch_tests).is_some();
            tests.push(batch_tests);
            if blocked {
                return Ok(Outcome { rows, tests: merge_results(tests), phases, parts: Vec::new(), produced });
            }
            if df.height() == 0 {
                continue;
            }
            check_dates(node, &df, column, d)?;
            let pdir = model_dir(gen_dir, node.name).join(format!("{PARTITION_PREFIX}{d}"));
            fs::create_dir_all(&pdir).map_err(|e| Error::io(&pdir, e))?;
            write_parquet(&mut df, &pdir.join(format!("part-{k}.parquet")))?;
            phases.write_s += clock.lap();
            rows += df.height();
            k += 1;
        }
        if k > 0 {
            produced.push(d);
        }
    }
    let dir = model_dir(gen_dir, node.name);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    Ok(Outcome { rows, tests: merge_results(tests), phases, parts: Vec::new(), produced })
}

/// TI-1: every row computed for date `d` is dated `d` (a model that moves rows to another
/// date is not partition-local and must not be declared so).
fn check_dates(node: &Node, df: &DataFrame, column: &str, d: NaiveDate) -> Result<()> {
    let days = (d - pipeline::schema::EPOCH).num_days() as i32;
    let key = df.column(column).map_err(|e| Error::polars(node.name, e))?;
    let phys = key.cast(&DataType::Int32).map_err(|e| Error::polars(node.name, e))?;
    match phys.i32().expect("days").iter().position(|v| v != Some(days)) {
        None => Ok(()),
        Some(i) => Err(Error::Plan {
            model: node.name.into(),
            message: format!(
                "computed from partition {d}, row {} has {column} {} (TI-1: a per-partition model keeps each row in \
                 its input's date)",
                i + 1,
                key.get(i).map(|v| v.to_string()).unwrap_or_default()
            ),
        }),
    }
}
