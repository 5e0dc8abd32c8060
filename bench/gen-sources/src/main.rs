//! `gen-sources`: writes a synthetic Pass Culture `sources_dir` at a given scale.
//! See `gen-sources --help` and `bench/README.md`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Parser;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use gen_sources::{Config, Format, time};

/// Generates deterministic, referentially consistent source extracts (sources.md layout).
#[derive(Parser, Debug)]
#[command(name = "gen-sources", version)]
struct Args {
    /// Size factor: 1 ≈ 100k users, 130k deposits, 1M bookings, 200k offers, 400k stocks,
    /// 10k venues, 3k offerers, 1M events a day. May be fractional (0.01).
    #[arg(long)]
    scale: f64,
    /// Output directory (a `sources_dir`: applicative/, seed/, firebase/).
    #[arg(long)]
    out: PathBuf,
    /// Random seed; the same seed gives the same bytes.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// File format of the applicative tables (seeds are always CSV, events Parquet).
    #[arg(long, value_enum, default_value = "parquet")]
    format: Format,
    /// Number of firebase partitions, ending at --ds.
    #[arg(long, default_value_t = 3)]
    event_days: u32,
    /// Run date the extract is taken for: data ends the day before.
    #[arg(long, default_value = "2026-11-27")]
    ds: NaiveDate,
    /// Replace earlier output in --out (its applicative/, seed/ and firebase/ folders).
    #[arg(long)]
    force: bool,
    /// No progress bar nor summary.
    #[arg(short, long)]
    quiet: bool,
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !(args.scale.is_finite() && args.scale > 0.0 && args.scale <= 1000.0) {
        eprintln!("error: --scale must be a number in (0, 1000]");
        return ExitCode::from(2);
    }
    let (first, last) =
        (NaiveDate::from_ymd_opt(2020, 1, 1).expect("date"), NaiveDate::from_ymd_opt(2099, 12, 31).expect("date"));
    if args.ds < first || args.ds > last {
        eprintln!("error: --ds must be between 2020-01-01 and 2099-12-31 (the programme starts in 2019)");
        return ExitCode::from(2);
    }
    let existing = ["applicative", "seed", "firebase"].iter().any(|d| args.out.join(d).exists());
    if existing && !args.force {
        eprintln!("error: {} already holds generated sources; pass --force to replace them", args.out.display());
        return ExitCode::from(2);
    }
    let cfg = Config {
        scale: args.scale,
        seed: args.seed,
        out: args.out.clone(),
        format: args.format,
        event_days: args.event_days,
        ds: time::days(args.ds),
    };
    let bar = if args.quiet {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    } else {
        ProgressBar::new(0)
    };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {human_pos}/{human_len} rows {wide_msg}")
            .expect("valid template"),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let result = gen_sources::clear(&cfg.out).and_then(|_| gen_sources::run(&cfg, &bar));
    bar.finish_and_clear();
    match result {
        Ok(report) => {
            if !args.quiet {
                let mut rows = 0;
                let mut bytes = 0;
                println!("{:<18} {:>12} {:>12}", "table", "rows", "bytes");
                for t in &report.tables {
                    println!("{:<18} {:>12} {:>12}", t.table, t.rows, t.bytes);
                    rows += t.rows;
                    bytes += t.bytes;
                }
                println!(
                    "{:<18} {:>12} {:>12}  ({} files over {} days)",
                    "firebase events", report.events, report.event_bytes, report.event_files, args.event_days
                );
                println!(
                    "total: {} rows, {:.1} MB in {:.1} s (generate {:.1} s, write {:.1} s) into {}",
                    rows + report.events,
                    (bytes + report.event_bytes) as f64 / 1e6,
                    report.generate_s + report.write_s,
                    report.generate_s,
                    report.write_s,
                    cfg.out.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
