//! Command-line plumbing shared by binaries: argument parsing (clap) and dispatch to the
//! runner, the plan check, `list` and `docs`. The binary supplies the registry.

use std::path::PathBuf;
use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use clap::{Args, Parser, Subcommand};

use crate::context::RunContext;
use crate::dag::{Dag, Node};
use crate::runner::{RunOptions, check, run};
use crate::{Error, Result};

#[derive(Parser, Debug)]
#[command(
    name = "build-marts",
    about = "Builds the Pass Culture global marts from source extracts into a Parquet warehouse.",
    version
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    #[command(flatten)]
    pub run: RunArgs,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the selected models (the default when no subcommand is given).
    Run(RunArgs),
    /// Plan every model without reading data and compare each output schema with its struct.
    Check(ClockArgs),
    /// List the models in execution order with layer, materialisation and inputs.
    List,
    /// Print the project's documentation: every model with its grain, lineage and columns
    /// (Markdown), or the manifest as JSON.
    Docs {
        /// Print `manifest.json` instead of Markdown.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ClockArgs {
    /// Business date of the run ("today" in every rule), YYYY-MM-DD. Default: today (UTC).
    #[arg(long, env = "BUILD_MARTS_DS")]
    pub ds: Option<NaiveDate>,
    /// "Now" as a UTC instant within ds, `YYYY-MM-DDTHH:MM:SS`. Default: ds 00:00:00.
    #[arg(long)]
    pub as_of: Option<NaiveDateTime>,
}

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    #[command(flatten)]
    pub clock: ClockArgs,
    /// Root of the source extracts (applicative/, seed/, firebase/). Default: fixtures/.
    #[arg(long, env = "BUILD_MARTS_SOURCES")]
    pub sources: Option<PathBuf>,
    /// Output directory of the Parquet tables and run artifacts.
    #[arg(long, env = "BUILD_MARTS_WAREHOUSE", default_value = "warehouse")]
    pub warehouse: PathBuf,
    /// Models to build: `name`, `+name` (with ancestors), `name+` (with descendants).
    #[arg(long, short = 's', num_args = 1.., value_delimiter = ',')]
    pub select: Vec<String>,
    /// Models to leave out (same syntax as --select).
    #[arg(long, num_args = 1.., value_delimiter = ',')]
    pub exclude: Vec<String>,
    /// Incremental tracking window width in days.
    #[arg(long, default_value_t = 3)]
    pub lookback_days: u32,
    /// Rebuild incremental models from every source partition.
    #[arg(long)]
    pub full_refresh: bool,
    /// No progress bar or summary (for scripts).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

fn default_sources() -> PathBuf {
    let local = PathBuf::from("fixtures");
    if local.is_dir() { local } else { PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures")) }
}

fn context(clock: &ClockArgs, sources: Option<PathBuf>) -> RunContext {
    let ds = clock.ds.unwrap_or_else(|| chrono::Utc::now().date_naive());
    let mut ctx = RunContext::new(ds, sources.unwrap_or_else(default_sources));
    if let Some(a) = clock.as_of {
        ctx.as_of = a;
    }
    ctx
}

/// Parses the process arguments and runs the command over `nodes`.
pub fn main(nodes: Vec<Node>) -> Result<()> {
    dispatch(Cli::parse(), nodes)
}

pub fn dispatch(cli: Cli, nodes: Vec<Node>) -> Result<()> {
    let dag = Dag::new(nodes)?;
    match cli.command {
        Some(Command::Check(clock)) => {
            let ctx = context(&clock, None);
            ctx.validate()?;
            let t = Instant::now();
            let errors = check(&dag, &ctx);
            let elapsed = t.elapsed();
            for e in &errors {
                eprintln!("error: {e}");
            }
            if let Some(first) = errors.into_iter().next() {
                return Err(first);
            }
            eprintln!(
                "checked {} models (schemas planned, no data read) in {:.1} ms",
                dag.nodes().len(),
                elapsed.as_secs_f64() * 1000.0
            );
            Ok(())
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
        Some(Command::Docs { json }) => {
            if json {
                let text = serde_json::to_string_pretty(&crate::artifacts::manifest(&dag)).expect("serialisable");
                println!("{text}");
            } else {
                print!("{}", crate::artifacts::markdown(&dag));
            }
            Ok(())
        }
        Some(Command::Run(args)) => run_cmd(&dag, args),
        None => run_cmd(&dag, cli.run),
    }
}

fn run_cmd(dag: &Dag, args: RunArgs) -> Result<()> {
    let mut ctx = context(&args.clock, args.sources.clone());
    ctx.lookback_days = args.lookback_days;
    ctx.full_refresh = args.full_refresh;
    if !ctx.sources_dir.is_dir() {
        return Err(Error::Params(format!("sources directory {} does not exist", ctx.sources_dir.display())));
    }
    let opts =
        RunOptions { warehouse: args.warehouse, select: args.select, exclude: args.exclude, progress: !args.quiet };
    let results = run(dag, &ctx, &opts)?;
    if !args.quiet {
        let tables = results.results.iter().filter(|m| m.materialized == crate::Materialization::Table).count();
        eprintln!("warehouse: {} ({tables} tables written)", opts.warehouse.display());
    }
    Ok(())
}
