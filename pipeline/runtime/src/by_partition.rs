//! Partition-wise evaluation: the work of date-partitioned data split by date, so that peak
//! memory is one date's (or one batch of rows') instead of the run window's, and a full
//! refresh of months costs as many small evaluations as it has dates (`tracking.md` T-2, T-4).
//!
//! * A date-partitioned source is read, typed and audited one file at a time, then dropped;
//!   consumers read each file again lazily, the same way (decoding twice is cheaper than
//!   holding the window or encoding a typed copy).
//! * A partitioned table declared [`Evaluation::PerPartition`] is computed one date at a time
//!   over that date's [`Part`]s of its partitioned inputs (its other inputs whole); one declared
//!   [`Evaluation::RowWise`] also in batches of `RunContext::batch_rows` rows of its one partitioned
//!   input (never fewer than the rows of its other inputs, which each batch joins again). Each
//!   result is sorted, audited and written straight into the run's generation as
//!   `event_date=D/part-K.parquet`.
//!
//! This module never publishes: what it writes lands in the run's unpublished generation, and
//! only the runner's single switch makes a run visible.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use polars::prelude::*;

use pipeline::datatest::{TestResult, merge_results};
use pipeline::node::{Evaluation, Node};
use pipeline::schema::ColumnSpec;
use pipeline::source::{SourceSpec, empty_frame, finish_raw};
use pipeline::{Error, Result, RunContext};

use crate::incremental::model_dir;
use crate::partitions::{
    PARTITION_PREFIX, Read, in_window, list_partitions, partition_files, read_typed, scan_as_typed, scan_file, window,
};
use crate::runner::{Phases, audit, canonical_order, plan};
use crate::warehouse::write_parquet;

/// One Parquet file of one date of a partitioned output, as consumers read it.
#[derive(Clone)]
pub struct Part {
    pub date: NaiveDate,
    pub path: PathBuf,
    /// Rows of the file (of a source file: before its raw model's derivations).
    pub rows: usize,
    /// For a source file read as it is (not spilled): how to rebuild its raw model's rows.
    raw: Option<Arc<RawFile>>,
}

/// A source file read and validated once, and how to read it again
/// ([`crate::partitions::read_typed`]).
struct RawFile {
    spec: SourceSpec,
    columns: &'static [ColumnSpec],
    reads: Vec<Read>,
    ctx: RunContext,
}

fn scan(model: &str, part: &Part) -> Result<LazyFrame> {
    scan_rows(model, part, None)
}

/// Rows `[offset, offset + len)` of a part (all with `None`), counted as the file's rows: a
/// source file is sliced before its raw model's derivations (which may filter), so that only the
/// row groups of the slice are read.
fn scan_rows(model: &str, part: &Part, rows: Option<(usize, usize)>) -> Result<LazyFrame> {
    let err = |e| Error::polars(model, e);
    let slice = |lf: LazyFrame| match rows {
        Some((offset, len)) => lf.slice(offset as i64, len as IdxSize),
        None => lf,
    };
    match &part.raw {
        None => scan_file(&part.path).map(slice).map_err(err),
        Some(r) => {
            let typed = scan_as_typed(&part.path, part.date, r.columns, &r.reads).map_err(err)?;
            Ok(finish_raw(&r.spec, r.columns, slice(typed), &r.ctx))
        }
    }
}

/// Every part as one plan (files read when it is collected); an empty frame of `columns` when
/// there is no part.
pub fn whole(model: &str, parts: &[Part], columns: &'static [ColumnSpec]) -> Result<LazyFrame> {
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
            parts.push(Part { date, path, rows, raw: None });
        }
    }
    Ok(parts)
}

/// What a partition-wise evaluation did.
pub struct Outcome {
    pub rows: usize,
    pub tests: Vec<TestResult>,
    pub phases: Phases,
    /// Source: its files of the run window, to be read again. Model: none (its files are in
    /// the generation).
    pub parts: Vec<Part>,
    /// Model: the dates it wrote a partition for.
    pub produced: Vec<NaiveDate>,
}

/// Reads, types and audits the run window's files of date-partitioned source `node` one file
/// at a time; hands over each file as a part that reads it again the same way.
pub fn read_source(
    node: &Node,
    spec: &SourceSpec,
    ctx: &RunContext,
    frames: &HashMap<&'static str, LazyFrame>,
) -> Result<Outcome> {
    let root = ctx.sources_dir.join(spec.dir).join(spec.table);
    let w = window(ctx);
    let mut clock = crate::runner::Clock::start();
    let mut phases = Phases::default();
    let (mut parts, mut tests, mut newest) = (Vec::new(), Vec::new(), Vec::new());
    let mut rows = 0;
    for (date, pdir) in list_partitions(&root)? {
        if !in_window(w, date) {
            continue;
        }
        for file in partition_files(&pdir)? {
            let (typed, reads) = read_typed(&file, date, node.columns)?;
            let typed_rows = typed.height();
            let df =
                finish_raw(spec, node.columns, typed.lazy(), ctx).collect().map_err(|e| Error::polars(node.name, e))?;
            phases.compute_s += clock.lap();
            tests.push(audit(node, &df, frames)?);
            if let Some(f) = &spec.freshness {
                newest.push(df.select([f.column]).map_err(|e| Error::polars(node.name, e))?);
            }
            phases.tests_s += clock.lap();
            rows += df.height();
            // Consumers read the file again rather than a typed copy of it: decoding and
            // converting twice is cheaper than encoding once more.
            let raw = RawFile { spec: spec.clone(), columns: node.columns, reads, ctx: ctx.clone() };
            parts.push(Part { date, path: file, rows: typed_rows, raw: Some(Arc::new(raw)) });
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
/// every other input whole. A row-wise batch holds at least `whole_rows` rows (see
/// [`whole_rows`]).
fn batches(
    node: &Node,
    ctx: &RunContext,
    d: NaiveDate,
    whole_rows: usize,
    whole_inputs: &HashMap<&'static str, LazyFrame>,
    parts: &HashMap<&'static str, Vec<Part>>,
    columns: &HashMap<&'static str, &'static [ColumnSpec]>,
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
            // Batches of whole files while they fit (a date of at most `batch_rows` rows is one
            // batch however its files are split, C-34); a larger file is sliced, each slice read
            // from its own row groups.
            let inp = *parts.keys().next().expect("one partitioned input (checked by the DAG)");
            let batch = ctx.batch_rows.max(whole_rows).max(1);
            let mut out = Vec::new();
            let mut group: Vec<Part> = Vec::new();
            let flush = |group: &mut Vec<Part>, out: &mut Vec<_>| -> Result<()> {
                if !group.is_empty() {
                    let mut frames = base.clone();
                    frames.insert(inp, whole(inp, group, columns[inp])?);
                    out.push(frames);
                    group.clear();
                }
                Ok(())
            };
            for part in of_date(inp) {
                if part.rows > batch {
                    flush(&mut group, &mut out)?;
                    for offset in (0..part.rows).step_by(batch) {
                        let mut frames = base.clone();
                        frames.insert(inp, scan_rows(inp, &part, Some((offset, batch)))?);
                        out.push(frames);
                    }
                    continue;
                }
                if group.iter().map(|p| p.rows).sum::<usize>() + part.rows > batch {
                    flush(&mut group, &mut out)?;
                }
                group.push(part);
            }
            flush(&mut group, &mut out)?;
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
    columns: &HashMap<&'static str, &'static [ColumnSpec]>,
    gen_dir: &Path,
) -> Result<Outcome> {
    let column = node.partition_by.expect("a partitioned node");
    let dates: BTreeSet<NaiveDate> = parts.values().flatten().map(|p| p.date).collect();
    let mut clock = crate::runner::Clock::start();
    let mut phases = Phases::default();
    let (mut tests, mut produced) = (Vec::new(), Vec::new());
    let mut rows = 0;
    let whole_rows = match node.evaluation {
        Evaluation::RowWise => whole_rows(whole_inputs)?,
        _ => 0,
    };
    for d in dates {
        let mut k = 0;
        for frames in batches(node, ctx, d, whole_rows, whole_inputs, parts, columns)? {
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

/// The rows of the inputs a row-wise model reads whole, the floor of its batch size.
///
/// Every batch joins against those inputs again (reading them and building their hash
/// tables), so batches much smaller than them make the work grow with the number of batches
/// times their size: quadratic in the data (at scale 16, `mrt_native__event` spent most of its
/// time rebuilding the join tables of 7M users, offers and deposits for each of 78 batches).
/// With batches at least that large the repeated work is at most the batches' own, and peak
/// memory stays within a small factor of what those joins need anyway. For stored tables the
/// count comes from the Parquet metadata, without reading data.
fn whole_rows(whole_inputs: &HashMap<&'static str, LazyFrame>) -> Result<usize> {
    let mut total = 0;
    for (name, lf) in whole_inputs {
        let n = lf.clone().select([len()]).collect().map_err(|e| Error::polars(name, e))?;
        total += n.column("len").ok().and_then(|c| c.get(0).ok()).and_then(|v| v.extract::<usize>()).unwrap_or(0);
    }
    Ok(total)
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
