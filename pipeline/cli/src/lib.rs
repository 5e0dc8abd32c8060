//! # pipeline-cli — the command line of a pipeline project
//!
//! Argument parsing (clap) and dispatch to the runtime: `run` (default), `check`, `test`,
//! `list`, `docs`. The binary supplies everything project-specific through [`App`] (its name, its
//! description, where its default sources are) and its nodes; this crate names no project.
//!
//! Every option is global: `build-marts --ds X check` and `build-marts check --ds X` mean
//! the same. Errors are printed as `error: …` lines (never a backtrace) and map to the exit
//! codes of [`ExitStatus`].

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use pipeline::datatest::TestStatus;
use pipeline::{Error, Node, Result, RunContext};
use pipeline_export::ExportSpec;
use pipeline_runtime::dag::Dag;
use pipeline_runtime::runner::{RunOptions, check, run};

mod docs;
mod export;

/// What the binary tells the framework about its project.
pub struct App {
    /// Binary name, shown in help and messages.
    pub name: &'static str,
    /// One-line description for `--help`.
    pub about: &'static str,
    /// Sources root used when `--sources` is not given.
    pub default_sources: PathBuf,
}

/// Exit codes (documented in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// Everything asked for was done.
    Success = 0,
    /// The run, check or a source failed (bad data, failing model or test, IO error).
    Failure = 1,
    /// The command line is wrong: unknown flag or model, invalid date or parameters.
    Usage = 2,
}

#[derive(Parser, Debug)]
#[command(version)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub options: Options,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the selected models (the default when no subcommand is given).
    Run,
    /// Plan every model without reading data and compare each output schema with its struct.
    Check,
    /// Run the data tests of the selected models against the published warehouse, without
    /// rebuilding anything.
    Test,
    /// Report the age of every source that declares a loaded-at column (at `--ds`).
    Freshness,
    /// List the models in execution order with layer, materialisation and inputs.
    List,
    /// Deliver the export tables (`exp_*`) of the last published run to their targets
    /// (`--clickhouse-url`, `--postgres-url`); an unconfigured target is computed, not delivered.
    Export,
    /// Print the project's documentation: every model with its grain, lineage and columns
    /// (Markdown), or the manifest as JSON.
    Docs {
        /// Print `manifest.json` instead of Markdown (with each column's derived lineage).
        #[arg(long)]
        json: bool,
        /// Write the static documentation site into DIR (open DIR/index.html, no network
        /// needed). Test results and run figures come from `--warehouse`'s run_results.json.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Write dbt-compatible manifest.json, catalog.json and run_results.json into DIR.
        #[arg(long, value_name = "DIR")]
        dbt_artifacts: Option<PathBuf>,
    },
    /// Print the column-level lineage of `<model>.<column>`: every upstream column down to the
    /// sources and every downstream column (both unless one direction is asked for).
    Lineage {
        /// `model.column`
        column: String,
        /// Only the columns it reads, transitively.
        #[arg(long, conflicts_with = "downstream")]
        upstream: bool,
        /// Only the columns that read it, transitively.
        #[arg(long)]
        downstream: bool,
    },
}

/// Options accepted before or after the subcommand.
#[derive(Args, Debug, Clone)]
pub struct Options {
    /// Business date of the run ("today" in every rule), YYYY-MM-DD. Default: today (UTC).
    #[arg(long, global = true, env = "BUILD_MARTS_DS")]
    pub ds: Option<NaiveDate>,
    /// "Now" as a UTC instant within ds, `YYYY-MM-DDTHH:MM:SS`. Default: ds 00:00:00.
    #[arg(long, global = true)]
    pub as_of: Option<NaiveDateTime>,
    /// Root of the source extracts (applicative/, seed/, firebase/). Default: the project's
    /// fixtures.
    #[arg(long, global = true, env = "BUILD_MARTS_SOURCES")]
    pub sources: Option<PathBuf>,
    /// Output directory of the Parquet tables and run artifacts.
    #[arg(long, global = true, env = "BUILD_MARTS_WAREHOUSE", default_value = "warehouse")]
    pub warehouse: PathBuf,
    /// Models to build: `name`, `+name` (with ancestors), `name+` (with descendants).
    #[arg(long, short = 's', global = true, num_args = 1.., value_delimiter = ',')]
    pub select: Vec<String>,
    /// Models to leave out (same syntax as --select).
    #[arg(long, global = true, num_args = 1.., value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Incremental tracking window width in days.
    #[arg(long, global = true, default_value_t = 3)]
    pub lookback_days: u32,
    /// Rebuild incremental models from every source partition.
    #[arg(long, global = true)]
    pub full_refresh: bool,
    /// Rows per batch of the models computed row by row (the event tables): lower it to lower
    /// peak memory; outputs hold the same rows whatever it is. A batch is never smaller than
    /// the tables the model joins each batch with (their rows in total).
    #[arg(long, global = true, default_value_t = 200_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_rows: u64,
    /// No progress bar or summary (for scripts).
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
    #[command(flatten)]
    pub export: ExportOptions,
    #[command(flatten)]
    pub openlineage: OpenLineageOptions,
}

/// OpenLineage events of a run (START, then COMPLETE, FAIL or ABORT, per model; schema and
/// column-lineage facets on each output).
#[derive(Args, Debug, Clone, Default)]
pub struct OpenLineageOptions {
    /// With `run`: write the run's OpenLineage events (JSON lines) to FILE; with `docs`: the
    /// events of the warehouse's last run.
    #[arg(long = "openlineage-file", global = true, value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// With `run`: POST each event to this OpenLineage HTTP endpoint (`http://host:port[/path]`;
    /// `/api/v1/lineage` when no path is given, as Marquez expects).
    #[arg(long = "openlineage-url", global = true, env = "OPENLINEAGE_URL", value_name = "URL")]
    pub url: Option<String>,
}

/// Export targets (spec README §4). Credentials in the URLs are never printed (help included).
#[derive(Args, Debug, Clone, Default)]
pub struct ExportOptions {
    /// With `run`: after publishing, deliver the export tables to their configured targets.
    #[arg(long, global = true)]
    pub export: bool,
    /// ClickHouse HTTP interface, `http://[user[:password]@]host[:port]`.
    #[arg(long, global = true, env = "PASSCULTURE_CLICKHOUSE_URL", hide_env_values = true)]
    pub clickhouse_url: Option<String>,
    /// Backend PostgreSQL, `postgres://user[:password]@host[:port]/database`.
    #[arg(long, global = true, env = "PASSCULTURE_POSTGRES_URL", hide_env_values = true)]
    pub postgres_url: Option<String>,
    /// PostgreSQL schema of the backend tables.
    #[arg(long, global = true, default_value = "data_export")]
    pub pg_schema: String,
    /// Export models allowed to deliver an empty table (E-4), comma-separated.
    #[arg(long, global = true, num_args = 1.., value_delimiter = ',')]
    pub allow_empty: Vec<String>,
}

/// Parses the process arguments, runs the command over `nodes`, prints any error as one
/// `error:` line per failure and returns the exit code.
pub fn main(app: App, nodes: Vec<Node>) -> ExitCode {
    main_with_exports(app, nodes, Vec::new())
}

/// [`main`] for a project with export models: `exports` are their target contracts.
pub fn main_with_exports(app: App, nodes: Vec<Node>, exports: Vec<ExportSpec>) -> ExitCode {
    let command = Cli::command().name(app.name).bin_name(app.name).about(app.about);
    let cli = match command.try_get_matches().and_then(|m| Cli::from_arg_matches(&m)) {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help/version to stdout (exit 0) and usage errors to stderr (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { ExitStatus::Usage as u8 } else { 0 });
        }
    };
    let publishes = matches!(cli.command, None | Some(Command::Run));
    match dispatch_with_exports(&app, cli, nodes, &exports) {
        Ok(()) => ExitCode::from(ExitStatus::Success as u8),
        Err(e) => {
            // Failed deliveries come after publication: the run itself was published.
            report(&e, publishes && !export::DELIVERY_FAILED.load(std::sync::atomic::Ordering::Relaxed));
            ExitCode::from(exit_status(&e) as u8)
        }
    }
}

/// One `error:` line per failure (a failed run lists every failed model in DAG order).
fn report(e: &Error, publishes: bool) {
    match e {
        Error::RunFailed(failures) => {
            for f in failures {
                eprintln!("error: {f}");
            }
            let tail = if publishes { "; nothing was published" } else { "" };
            eprintln!("error: {} failure(s){tail}", failures.len());
        }
        e => eprintln!("error: {e}"),
    }
}

/// Which exit code an error maps to.
pub fn exit_status(e: &Error) -> ExitStatus {
    match e {
        Error::UnknownSelector(_) | Error::Params(_) => ExitStatus::Usage,
        _ => ExitStatus::Failure,
    }
}

fn context(opts: &Options, default_sources: &std::path::Path) -> Result<RunContext> {
    let ds = opts.ds.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let sources = opts.sources.clone().unwrap_or_else(|| default_sources.to_path_buf());
    let mut ctx = RunContext::new(ds, sources);
    if let Some(a) = opts.as_of {
        ctx.as_of = a;
    }
    ctx.lookback_days = opts.lookback_days;
    ctx.full_refresh = opts.full_refresh;
    ctx.batch_rows = opts.batch_rows as usize;
    ctx.validate()?;
    Ok(ctx)
}

/// Runs one parsed command line over `nodes`.
pub fn dispatch(app: &App, cli: Cli, nodes: Vec<Node>) -> Result<()> {
    dispatch_with_exports(app, cli, nodes, &[])
}

/// [`dispatch`] for a project with export models.
pub fn dispatch_with_exports(app: &App, cli: Cli, nodes: Vec<Node>, exports: &[ExportSpec]) -> Result<()> {
    let dag = Dag::new(nodes)?;
    let opts = cli.options;
    // Selectors are validated for every command, so a typo is reported the same everywhere.
    dag.select(&opts.select, &opts.exclude)?;
    match cli.command {
        Some(Command::Check) => {
            let ctx = context(&opts, &app.default_sources)?;
            let t = Instant::now();
            let errors = check(&dag, &ctx);
            let elapsed = t.elapsed();
            if !errors.is_empty() {
                return Err(Error::RunFailed(errors));
            }
            if !opts.quiet {
                eprintln!(
                    "checked {} models (schemas planned, no data read) in {:.1} ms",
                    dag.nodes().len(),
                    elapsed.as_secs_f64() * 1000.0
                );
            }
            Ok(())
        }
        Some(Command::Test) => {
            let results = pipeline_runtime::runner::test_published(&dag, &opts.warehouse, &opts.select, &opts.exclude)?;
            for r in &results {
                let status = format!("{:?}", r.status).to_uppercase();
                if !opts.quiet || r.status != TestStatus::Pass {
                    let cite = r.cite.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
                    println!("{status:<7} {}: {}{cite}: {}", r.model, r.test, r.message);
                }
            }
            let count = |s: TestStatus| results.iter().filter(|r| r.status == s).count();
            eprintln!(
                "{} data tests: {} passed, {} warned, {} failed, {} skipped",
                results.len(),
                count(TestStatus::Pass),
                count(TestStatus::Warn),
                count(TestStatus::Fail) + count(TestStatus::Error),
                count(TestStatus::Skipped)
            );
            blocking(&results)
        }
        Some(Command::Freshness) => {
            let ctx = context(&opts, &app.default_sources)?;
            let results = pipeline_runtime::runner::freshness(&dag, &ctx)?;
            for r in &results {
                println!("{:<7} {}: {}", format!("{:?}", r.status).to_uppercase(), r.model, r.message);
            }
            blocking(&results)
        }
        Some(Command::List) => {
            for n in dag.nodes() {
                println!(
                    "{:<45} {:<13} {:<6} <- {}",
                    n.name,
                    format!("{:?}", n.layer).to_lowercase(),
                    format!("{:?}", n.materialized).to_lowercase(),
                    n.inputs.join(", ")
                );
            }
            Ok(())
        }
        Some(Command::Docs { json, out, dbt_artifacts }) => {
            let ctx = context(&opts, &app.default_sources)?;
            let wanted = docs::Outputs { site: out, dbt: dbt_artifacts, openlineage: opts.openlineage.file.clone() };
            if wanted.any() {
                return docs::write(app.name, &dag, &ctx, &opts.warehouse, &wanted, opts.quiet);
            }
            if json {
                println!("{}", docs::manifest_json(app.name, &dag, &ctx));
            } else {
                print!("{}", pipeline_runtime::artifacts::markdown(&dag));
            }
            Ok(())
        }
        Some(Command::Lineage { column, upstream, downstream }) => {
            let ctx = context(&opts, &app.default_sources)?;
            docs::lineage(app.name, &dag, &ctx, &column, upstream, downstream)
        }
        Some(Command::Export) => {
            // `--select` / `--exclude` pick export models (default: every export).
            let selected = dag.select(&opts.select, &opts.exclude)?;
            let chosen: Vec<ExportSpec> = exports.iter().filter(|e| selected.contains(&e.model)).cloned().collect();
            export::deliver_published(&opts.warehouse, exports, &chosen, &opts.export, opts.quiet)
        }
        Some(Command::Run) | None => run_cmd(app, &dag, opts, exports),
    }
}

/// An error listing the blocking results (failed `error` tests), if any.
fn blocking(results: &[pipeline::datatest::TestResult]) -> Result<()> {
    let failed: Vec<Error> = results
        .iter()
        .filter(|r| r.blocks())
        .map(|r| Error::DataTest { model: r.model.clone(), test: r.test.clone(), message: r.message.clone() })
        .collect();
    if failed.is_empty() { Ok(()) } else { Err(Error::RunFailed(failed)) }
}

fn run_cmd(app: &App, dag: &Dag, opts: Options, exports: &[ExportSpec]) -> Result<()> {
    let ctx = context(&opts, &app.default_sources)?;
    if !ctx.sources_dir.is_dir() {
        return Err(Error::Params(format!("sources directory {} does not exist", ctx.sources_dir.display())));
    }
    // Export targets are parsed before the run, so a bad URL fails fast (exit 2).
    let targets = if opts.export.export { Some(export::targets(&opts.export)?) } else { None };
    let run_opts =
        RunOptions { warehouse: opts.warehouse, select: opts.select, exclude: opts.exclude, progress: !opts.quiet };
    let started = std::time::SystemTime::now();
    let outcome = run(dag, &ctx, &run_opts);
    let ol = &opts.openlineage;
    let emitted = if ol.file.is_some() || ol.url.is_some() {
        docs::run_events(app.name, dag, &ctx, &outcome, &run_opts.warehouse, started, ol, opts.quiet)
    } else {
        Ok(())
    };
    // A failed run's own errors come first; a failed emission after a good run fails it (exit 1).
    let results = outcome?;
    emitted?;
    if !opts.quiet {
        let tables = results.results.iter().filter(|m| m.materialized == pipeline::Materialization::Table).count();
        eprintln!("warehouse: {} ({tables} tables written)", run_opts.warehouse.display());
    }
    if let Some(targets) = targets {
        export::deliver_with(&run_opts.warehouse, exports, &targets, opts.quiet)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Cli {
        let command = Cli::command().name("t");
        Cli::from_arg_matches(&command.try_get_matches_from(args).unwrap()).unwrap()
    }

    /// Global flags mean the same before and after the subcommand.
    #[test]
    fn global_flags_are_accepted_in_any_position() {
        let before = parse(&["t", "--ds", "2026-11-27", "check"]);
        let after = parse(&["t", "check", "--ds", "2026-11-27"]);
        assert_eq!(before.options.ds, after.options.ds);
        assert_eq!(before.options.ds, Some(pipeline::date("2026-11-27")));
        assert!(matches!(before.command, Some(Command::Check)) && matches!(after.command, Some(Command::Check)));
        let run = parse(&["t", "-q", "run", "--select", "a,b"]);
        assert!(run.options.quiet);
        assert_eq!(run.options.select, ["a", "b"]);
    }

    #[test]
    fn usage_errors_map_to_exit_code_2() {
        assert_eq!(exit_status(&Error::UnknownSelector("x".into())), ExitStatus::Usage);
        assert_eq!(exit_status(&Error::Params("x".into())), ExitStatus::Usage);
        assert_eq!(exit_status(&Error::RunFailed(vec![])), ExitStatus::Failure);
    }
}
