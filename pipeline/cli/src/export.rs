//! `build-marts export` and `run --export`: deliver the published export tables (spec
//! `exports.md`) with `pipeline-export`, show progress per table (rows sent, rows per second),
//! and record every table's outcome under `deliveries` in `run_results.json`. Credentials are
//! never printed: URLs are parsed into settings whose password prints as `***`.

use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use pipeline::{Error, Result};
use pipeline_export::{ExportSpec, Outcome, Status, Targets};

use crate::ExportOptions;

/// Set when a delivery failed (the run itself may have been published).
pub static DELIVERY_FAILED: AtomicBool = AtomicBool::new(false);

/// The configured targets; a malformed URL is a usage error (and is not repeated).
pub fn targets(opts: &ExportOptions) -> Result<Targets> {
    let mut t = Targets::from_urls(
        opts.clickhouse_url.as_deref().filter(|u| !u.is_empty()),
        opts.postgres_url.as_deref().filter(|u| !u.is_empty()),
        &opts.pg_schema,
    )
    .map_err(|e| Error::Params(e.0))?;
    t.allow_empty = opts.allow_empty.iter().cloned().collect();
    Ok(t)
}

/// `build-marts export`: delivers `chosen` (some of the project's `exports`).
pub fn deliver_published(
    warehouse: &Path,
    exports: &[ExportSpec],
    chosen: &[ExportSpec],
    opts: &ExportOptions,
    quiet: bool,
) -> Result<()> {
    let targets = targets(opts)?;
    for m in &targets.allow_empty {
        if !exports.iter().any(|s| s.model == m) {
            return Err(Error::UnknownSelector(m.clone()));
        }
    }
    deliver_with(warehouse, chosen, &targets, quiet)
}

/// Delivers every export of the warehouse's published generation.
pub fn deliver_with(warehouse: &Path, exports: &[ExportSpec], targets: &Targets, quiet: bool) -> Result<()> {
    let root = pipeline_runtime::warehouse::published(warehouse)
        .ok_or_else(|| Error::Params(format!("warehouse {} holds no published run to export", warehouse.display())))?;
    let generation = root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "plain".into());
    let run_id = pipeline_export::run_token(&generation);
    let mut last = Instant::now();
    let mut started: Option<(String, Instant)> = None;
    let outcomes = pipeline_export::deliver_all(exports, &root, targets, &run_id, &mut |model, sent| {
        if quiet {
            return;
        }
        let t0 = match &started {
            Some((m, t)) if m == model => *t,
            _ => {
                started = Some((model.to_string(), Instant::now()));
                Instant::now()
            }
        };
        if last.elapsed().as_secs_f64() >= 1.0 {
            last = Instant::now();
            let rate = sent as f64 / t0.elapsed().as_secs_f64().max(1e-9);
            eprintln!("  {model}: {sent} rows sent ({rate:.0} rows/s)");
        }
    });
    if !quiet {
        for o in &outcomes {
            eprintln!("{}", line(o));
        }
    }
    record(warehouse, &generation, &outcomes)?;
    let failures: Vec<Error> = outcomes
        .iter()
        .filter(|o| o.failed())
        .map(|o| Error::Plan {
            model: o.model.clone(),
            message: format!(
                "delivery to {} {} failed (target unchanged): {}",
                o.target,
                o.table,
                o.message.as_deref().unwrap_or("")
            ),
        })
        .collect();
    if failures.is_empty() {
        Ok(())
    } else {
        DELIVERY_FAILED.store(true, Ordering::Relaxed);
        Err(Error::RunFailed(failures))
    }
}

fn line(o: &Outcome) -> String {
    match o.status {
        Status::Delivered => format!(
            "delivered     {:<45} -> {} {}: {} rows in {:.2} s ({:.0} rows/s){}",
            o.model,
            o.target,
            o.table,
            o.rows.unwrap_or(0),
            o.duration_s,
            o.rows_per_s.unwrap_or(0.0),
            o.message.as_deref().map(|m| format!("; {m}")).unwrap_or_default()
        ),
        Status::NotConfigured => {
            format!("not delivered {:<45} -> {}: target not configured (computed only)", o.model, o.target)
        }
        Status::Failed => format!("FAILED        {:<45} -> {} {}", o.model, o.target, o.table),
    }
}

/// Adds `deliveries` (and which generation they delivered) to `run_results.json`.
fn record(warehouse: &Path, generation: &str, outcomes: &[Outcome]) -> Result<()> {
    let path = warehouse.join("run_results.json");
    let mut value: serde_json::Value = std::fs::read_to_string(&path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| serde_json::json!({}));
    if let Some(obj) = value.as_object_mut() {
        obj.insert("deliveries_of".into(), serde_json::Value::String(generation.to_string()));
        obj.insert("deliveries".into(), serde_json::to_value(outcomes).expect("serialisable"));
    }
    pipeline_runtime::warehouse::write_json_atomic(&value, &path)
}
