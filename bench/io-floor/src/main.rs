//! `io-floor`: the IO floor of a warehouse build (issue 8, deliverable 4).
//!
//! A build cannot be faster than reading its inputs once and writing its outputs once. This
//! binary measures both with Polars on the real files of a benchmark run:
//!
//! * **read**: every `*.parquet` / `*.csv` file under `SOURCES/applicative` and `SOURCES/seed`
//!   (firebase events are not read by the global marts), fully into memory, one after the other
//!   (Polars parallelises inside each file). Parquet as `build-marts` reads it
//!   (`ParquetReader::finish`); CSV every column as text, as `build-marts` does before typing.
//! * **write**: every `*.parquet` table of the warehouse's published generation
//!   (`WAREHOUSE/current/`), one at a time: loaded into memory (not timed), then written (timed)
//!   to a temporary directory with the settings of `pipeline-runtime`'s `write_parquet` (full
//!   statistics, default compression, `fsync`, `rename` into place) and dropped, so the peak is
//!   one table, not the warehouse (all tables at once took 20 GB at scale 4). The directory is
//!   removed afterwards.
//!
//! Output: human text on stderr, one JSON line on stdout
//! (`{"read_s":…,"write_s":…,"total_s":…,"read_files":…,"read_rows":…,"read_bytes":…,
//! "write_files":…,"write_rows":…,"write_bytes":…}`).

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Parser;
use polars::prelude::{CsvReadOptions, ParquetReader, ParquetWriter, SerReader, StatisticsOptions};

#[derive(Parser)]
#[command(
    name = "io-floor",
    about = "Time to read every source file once and write every published table once (Polars)"
)]
struct Args {
    /// Root of the source extracts (applicative/, seed/; firebase/ is not read)
    #[arg(long)]
    sources: PathBuf,
    /// A warehouse written by build-marts (its published generation `current/` is rewritten)
    #[arg(long)]
    warehouse: PathBuf,
    /// Parent of the temporary output directory (default: the system temporary directory)
    #[arg(long)]
    tmp: Option<PathBuf>,
}

/// Totals of one phase.
#[derive(Default)]
struct Phase {
    seconds: f64,
    files: usize,
    rows: usize,
    bytes: u64,
}

/// Removes the temporary output directory however the program ends.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn main() {
    if let Err(e) = run(Args::parse()) {
        eprintln!("io-floor: error: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: Args) -> Result<()> {
    let mut inputs = Vec::new();
    for sub in ["applicative", "seed"] {
        let dir = args.sources.join(sub);
        if !dir.is_dir() {
            bail!("{}: not a directory (expected a sources root with applicative/ and seed/)", dir.display());
        }
        collect(&dir, &mut |p| matches!(ext(p), "parquet" | "csv"), &mut inputs)?;
    }
    inputs.sort();

    let current = args.warehouse.join("current");
    let current =
        fs::canonicalize(&current).with_context(|| format!("{}: no published generation", current.display()))?;
    let mut tables = Vec::new();
    collect(&current, &mut |p| ext(p) == "parquet", &mut tables)?;
    tables.sort();
    if tables.is_empty() {
        bail!("{}: no *.parquet table", current.display());
    }

    let read = read_all(&inputs)?;
    eprintln!(
        "read:  {:>3} source files, {:>11} rows, {:>8.1} MB in {:>7.3} s",
        read.files,
        read.rows,
        read.bytes as f64 / 1e6,
        read.seconds
    );

    let parent = args.tmp.unwrap_or_else(std::env::temp_dir);
    let out = TempDir(parent.join(format!(".io-floor-{}", std::process::id())));
    fs::create_dir_all(&out.0).with_context(|| format!("{}: cannot create", out.0.display()))?;
    let write = write_all(&tables, &out.0)?;
    eprintln!(
        "write: {:>3} tables,       {:>11} rows, {:>8.1} MB in {:>7.3} s",
        write.files,
        write.rows,
        write.bytes as f64 / 1e6,
        write.seconds
    );
    eprintln!("total: {:.3} s (read + write)", read.seconds + write.seconds);
    println!(
        "{{\"read_s\":{:.6},\"write_s\":{:.6},\"total_s\":{:.6},\"read_files\":{},\"read_rows\":{},\"read_bytes\":{},\"write_files\":{},\"write_rows\":{},\"write_bytes\":{}}}",
        read.seconds,
        write.seconds,
        read.seconds + write.seconds,
        read.files,
        read.rows,
        read.bytes,
        write.files,
        write.rows,
        write.bytes
    );
    Ok(())
}

fn ext(p: &Path) -> &str {
    p.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Every file below `dir` (recursively) that `keep` accepts.
fn collect(dir: &Path, keep: &mut dyn FnMut(&Path) -> bool, out: &mut Vec<PathBuf>) -> Result<()> {
    for entry in fs::read_dir(dir).with_context(|| format!("{}: cannot list", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, keep, out)?;
        } else if keep(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads every file fully into memory; the frames are dropped after counting their rows.
fn read_all(paths: &[PathBuf]) -> Result<Phase> {
    let mut phase = Phase::default();
    let start = Instant::now();
    for p in paths {
        let df = if ext(p) == "parquet" {
            let f = File::open(p).with_context(|| format!("{}: cannot open", p.display()))?;
            ParquetReader::new(f).finish()
        } else {
            CsvReadOptions::default()
                .with_has_header(true)
                .with_infer_schema_length(Some(0))
                .try_into_reader_with_file_path(Some(p.clone()))
                .and_then(|r| r.finish())
        }
        .with_context(|| format!("{}: cannot read", p.display()))?;
        phase.files += 1;
        phase.rows += df.height();
        phase.bytes += fs::metadata(p)?.len();
    }
    phase.seconds = start.elapsed().as_secs_f64();
    Ok(phase)
}

/// Writes every table as `pipeline-runtime`'s `write_parquet` does: a temporary file, full
/// statistics, `fsync`, `rename` into place. Each table is loaded first (untimed, as a build
/// holds a table before writing it); only the writing counts.
fn write_all(tables: &[PathBuf], dir: &Path) -> Result<Phase> {
    let mut phase = Phase::default();
    for (i, t) in tables.iter().enumerate() {
        let f = File::open(t).with_context(|| format!("{}: cannot open", t.display()))?;
        let mut df = ParquetReader::new(f).finish().with_context(|| format!("{}: cannot read", t.display()))?;
        // Partition files share names (`event_date=D/part-0.parquet`): number them.
        let name = format!("{i:03}-{}", t.file_name().expect("file name").to_string_lossy());
        let start = Instant::now();
        let path = dir.join(&name);
        let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
        let file = File::create(&tmp).with_context(|| format!("{}: cannot create", tmp.display()))?;
        let bytes = ParquetWriter::new(&file)
            .with_statistics(StatisticsOptions::full())
            .finish(&mut df)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        file.sync_all().with_context(|| format!("{}: fsync", tmp.display()))?;
        fs::rename(&tmp, &path).with_context(|| format!("{}: rename", path.display()))?;
        phase.seconds += start.elapsed().as_secs_f64();
        phase.files += 1;
        phase.rows += df.height();
        phase.bytes += bytes;
    }
    Ok(phase)
}
