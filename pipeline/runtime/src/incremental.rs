//! Incremental materialisation of tables partitioned by a date column (spec `tracking.md`
//! T-1…T-7), inside the warehouse's generation scheme ([`crate::warehouse`]).
//!
//! ```text
//! .generations/<gen>/<model>/event_date=YYYY-MM-DD/part-0.parquet
//! <warehouse>/<model> -> current/<model>           (readers: a hive-partitioned directory)
//! ```
//!
//! A run computes a partitioned model over its window `W` only (T-2). Each date the model
//! produced rows for is written whole into the new generation (T-3); every other stored
//! partition is hard-linked from the current generation, so it is byte-identical (TI-7) and
//! the run is published by the same single `current` switch as tables: a reader sees all the
//! old partitions or all the new ones. A full refresh (or a first run into a warehouse without
//! any stored partition of the model, T-1) carries nothing over (T-4).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;

use pipeline::node::Node;
use pipeline::schema::Materialization;
use pipeline::{Error, Result, RunContext};

use crate::by_partition::Part;
use crate::partitions::{PARTITION_PREFIX, in_window, list_partitions, window};
use crate::warehouse::write_parquet;

/// Directory of a partitioned model below a warehouse (or generation) root.
pub fn model_dir(root: &Path, model: &str) -> PathBuf {
    root.join(model)
}

/// Whether the published generation `current` holds at least one partition of `model`.
pub fn has_stored_partitions(current: Option<&Path>, model: &str) -> bool {
    let Some(current) = current else { return false };
    list_partitions(&model_dir(current, model)).map(|p| !p.is_empty()).unwrap_or(false)
}

/// The run's effective parameters: a full refresh when asked, or when a selected partitioned
/// model has no stored partition yet (T-1: built as a full refresh, whatever `full_refresh`
/// says). One flag for the whole run, so the raw events read and every tracking model agree.
pub fn effective_context(nodes: &[&Node], ctx: &RunContext, current: Option<&Path>) -> RunContext {
    let mut ctx = ctx.clone();
    if nodes.iter().any(|n| n.partition_by.is_some() && !has_stored_partitions(current, n.name)) {
        ctx.full_refresh = true;
    }
    ctx
}

/// Whether `node` is a table maintained by partitions.
pub fn is_partitioned(node: &Node) -> bool {
    node.partition_by.is_some() && node.materialized == Materialization::Table
}

/// The distinct dates of `column` in `df`, sorted; a NULL date is an error.
fn dates(node: &Node, df: &DataFrame, column: &str) -> Result<Vec<NaiveDate>> {
    let s = df.column(column).map_err(|e| Error::polars(node.name, e))?;
    let phys = s.cast(&DataType::Int32).map_err(|e| Error::polars(node.name, e))?;
    let mut set = BTreeSet::new();
    for v in phys.i32().expect("days").iter() {
        match v {
            Some(d) => {
                set.insert(pipeline::schema::EPOCH + chrono::Duration::days(i64::from(d)));
            }
            None => {
                return Err(Error::Plan {
                    model: node.name.into(),
                    message: format!("partition column {column} holds a NULL"),
                });
            }
        }
    }
    Ok(set.into_iter().collect())
}

fn partition_dir(root: &Path, model: &str, d: NaiveDate) -> PathBuf {
    model_dir(root, model).join(format!("{PARTITION_PREFIX}{d}"))
}

/// Writes the partitions of `df` (rows already in canonical order) into generation `gen_dir`
/// and returns their dates. A row dated outside the run window is an error: partitions
/// outside `W` are never touched.
pub fn write_partitions(node: &Node, ctx: &RunContext, df: &DataFrame, gen_dir: &Path) -> Result<Vec<NaiveDate>> {
    let column = node.partition_by.expect("a partitioned node");
    let w = window(ctx);
    let produced = dates(node, df, column)?;
    if let Some(d) = produced.iter().find(|d| !in_window(w, **d)) {
        let (lo, hi) = w.expect("outside a window");
        return Err(Error::Plan {
            model: node.name.into(),
            message: format!("produced rows for {column} {d}, outside the run window [{lo}, {hi}] (T-3)"),
        });
    }
    let dir = model_dir(gen_dir, node.name);
    fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
    let key = df.column(column).map_err(|e| Error::polars(node.name, e))?.clone();
    for d in &produced {
        let days = (*d - pipeline::schema::EPOCH).num_days() as i32;
        let mask = key.cast(&DataType::Int32).expect("date").i32().expect("days").equal(days);
        let mut part = df.filter(&mask).map_err(|e| Error::polars(node.name, e))?;
        let pdir = partition_dir(gen_dir, node.name, *d);
        fs::create_dir_all(&pdir).map_err(|e| Error::io(&pdir, e))?;
        write_parquet(&mut part, &pdir.join("part-0.parquet"))?;
    }
    Ok(produced)
}

/// Hard-links every partition of `model` in `current` whose date is not in `except` into the
/// generation `gen_dir` (a copy where hard links are impossible).
pub fn carry_over(model: &str, gen_dir: &Path, current: Option<&Path>, except: &[NaiveDate]) -> Result<()> {
    let Some(current) = current else { return Ok(()) };
    let to_root = model_dir(gen_dir, model);
    for (d, from) in list_partitions(&model_dir(current, model))? {
        if except.contains(&d) {
            continue;
        }
        let to = partition_dir(gen_dir, model, d);
        fs::create_dir_all(&to).map_err(|e| Error::io(&to, e))?;
        for f in fs::read_dir(&from).map_err(|e| Error::io(&from, e))? {
            let f = f.map_err(|e| Error::io(&from, e))?.path();
            let target = to.join(f.file_name().expect("a file"));
            if fs::hard_link(&f, &target).is_err() {
                fs::copy(&f, &target).map_err(|e| Error::io(&target, e))?;
            }
        }
    }
    fs::create_dir_all(&to_root).map_err(|e| Error::io(&to_root, e))?;
    Ok(())
}

/// Reads the stored partitions of `model` under `root` whose date lies in `w` (all when
/// `None`), in date order; an empty frame of `node`'s columns when there is none.
pub fn read_partitions(node: &Node, root: &Path, w: Option<(NaiveDate, NaiveDate)>) -> Result<DataFrame> {
    let mut frames = Vec::new();
    for (d, dir) in list_partitions(&model_dir(root, node.name))? {
        if !in_window(w, d) {
            continue;
        }
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .map_err(|e| Error::io(&dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect();
        files.sort();
        for f in files {
            let file = fs::File::open(&f).map_err(|e| Error::io(&f, e))?;
            frames.push(ParquetReader::new(file).finish().map_err(|e| Error::polars(node.name, e))?);
        }
    }
    if frames.is_empty() {
        return Ok(pipeline::source::empty_frame(node.columns, true));
    }
    let mut df = frames.remove(0);
    for f in frames {
        df.vstack_mut_owned(f).map_err(|e| Error::polars(node.name, e))?;
    }
    Ok(df)
}

/// The runner's hook for a partitioned table computed over its whole window: writes its
/// partitions into `generation` (T-3, T-4) and returns what consumers read: the model's
/// partitions of the window as updated by this run (T-2), i.e. the rows produced plus the
/// stored partitions of `W` it produced no row for (K-27).
pub fn publish_into(
    node: &Node,
    ctx: &RunContext,
    df: &DataFrame,
    generation: &mut crate::warehouse::Generation,
    wh: &crate::warehouse::Warehouse,
) -> Result<Vec<Part>> {
    let produced = write_partitions(node, ctx, df, generation.dir())?;
    finish_partitions(node, ctx, &produced, generation, wh)
}

/// After the partitions `produced` of `node` were written into `generation` (by
/// [`publish_into`] or partition by partition): carries every other stored partition over
/// (none on a full refresh, T-4) and returns the window's parts as updated (T-2, K-27).
pub fn finish_partitions(
    node: &Node,
    ctx: &RunContext,
    produced: &[NaiveDate],
    generation: &mut crate::warehouse::Generation,
    wh: &crate::warehouse::Warehouse,
) -> Result<Vec<Part>> {
    if !ctx.full_refresh {
        carry_over(node.name, generation.dir(), wh.current().as_deref(), produced)?;
    }
    generation.add_partitioned(node.name);
    crate::by_partition::parts_in(node.name, generation.dir(), window(ctx))
}

/// A partitioned table the run did not rebuild keeps every stored partition (hard links).
pub fn carry_over_unrun(
    node: &Node,
    generation: &mut crate::warehouse::Generation,
    wh: &crate::warehouse::Warehouse,
) -> Result<()> {
    let current = wh.current();
    if current.as_deref().is_some_and(|c| model_dir(c, node.name).is_dir()) {
        carry_over(node.name, generation.dir(), current.as_deref(), &[])?;
        generation.add_partitioned(node.name);
    }
    Ok(())
}
