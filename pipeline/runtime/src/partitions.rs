//! Date-partitioned sources (spec `sources.md` §4, L-7…L-9): GA4 events laid out as
//! `<sources>/firebase/events/event_date=YYYY-MM-DD/*.parquet`.
//!
//! Only the directories of the run window are opened (L-9, `tracking.md` T-1): a file of a
//! partition outside the window is never read, whatever it holds. Each file is typed by the
//! raw model's declared columns (nested `list<struct>` and `struct` columns field by field,
//! leaves by L-3); a file `event_date` column, when present, must equal the directory date.
//! Any problem is an [`Error::BadSource`] naming the file (or directory), the column and an
//! example row.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use polars::prelude::*;

use pipeline::schema::ColumnSpec;
use pipeline::source::SourceSpec;
use pipeline::{Error, Result, RunContext};

/// The partition column: the directory's date, not the file's own GA4 `event_date`.
pub const PARTITION_COLUMN: &str = "event_date";

/// Prefix of a partition directory's name.
pub const PARTITION_PREFIX: &str = "event_date=";

/// The run window `W = [ds − lookback_days, ds]` (T-1); `None` on a full refresh (every
/// partition).
pub fn window(ctx: &RunContext) -> Option<(NaiveDate, NaiveDate)> {
    if ctx.full_refresh {
        return None;
    }
    Some((ctx.ds - chrono::Duration::days(i64::from(ctx.lookback_days)), ctx.ds))
}

/// Whether `d` lies in `window` (`None` = every date).
pub fn in_window(window: Option<(NaiveDate, NaiveDate)>, d: NaiveDate) -> bool {
    window.is_none_or(|(lo, hi)| lo <= d && d <= hi)
}

/// Parses a partition directory name `event_date=YYYY-MM-DD`.
pub fn parse_partition_name(name: &str) -> Option<NaiveDate> {
    let d = name.strip_prefix(PARTITION_PREFIX)?;
    if d.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

/// The partition directories under `dir`, sorted by date. A missing `dir` has none (L-1: the
/// firebase directory may hold zero partitions). Names starting with `.` or `_` (hidden files,
/// `_SUCCESS` markers) are skipped; any other entry must be a directory named
/// `event_date=YYYY-MM-DD` with a valid date.
pub fn list_partitions(dir: &Path) -> Result<Vec<(NaiveDate, PathBuf)>> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(Error::io(dir, e)),
    };
    let mut out = Vec::new();
    for e in entries {
        let e = e.map_err(|e| Error::io(dir, e))?;
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with('_') {
            continue;
        }
        let path = e.path();
        let Some(date) = parse_partition_name(&name) else {
            return Err(Error::BadSource {
                file: path,
                message: format!(
                    "partition directory name `{name}` is not `{PARTITION_PREFIX}YYYY-MM-DD` with a valid date \
                     (sources.md §4.1)"
                ),
            });
        };
        if !path.is_dir() {
            return Err(Error::BadSource { file: path, message: "a partition must be a directory".into() });
        }
        out.push((date, path));
    }
    out.sort();
    Ok(out)
}

/// The Parquet files of one partition directory, in name order.
pub fn partition_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads the date partitions of `spec` that lie in the run window (all of them on a full
/// refresh), typed by `columns` (the derived partition column comes from the directory).
pub fn read_date_partitions(spec: &SourceSpec, columns: &[ColumnSpec], ctx: &RunContext) -> Result<DataFrame> {
    let root = ctx.sources_dir.join(spec.dir).join(spec.table);
    let w = window(ctx);
    let mut frames = Vec::new();
    for (date, dir) in list_partitions(&root)? {
        if !in_window(w, date) {
            continue;
        }
        for file in partition_files(&dir)? {
            frames.push(read_partition_file(&file, date, columns)?);
        }
    }
    if frames.is_empty() {
        return Ok(pipeline::source::empty_frame(columns, true));
    }
    let mut df = frames.remove(0);
    for f in frames {
        df.vstack_mut_owned(f).map_err(|e| Error::BadSource { file: root.clone(), message: e.to_string() })?;
    }
    df.rechunk_mut();
    Ok(df)
}

/// Reads and types one file of partition `date`.
pub fn read_partition_file(file: &Path, date: NaiveDate, columns: &[ColumnSpec]) -> Result<DataFrame> {
    read_typed(file, date, columns).map(|(df, _)| df)
}

/// How [`read_typed`] obtained one declared column; [`scan_as_typed`] replays it lazily.
#[derive(Debug, Clone)]
pub enum Read {
    /// The directory's date.
    Partition,
    /// File column `name` as it is.
    AsIs(String),
    /// File column `name`, converted by the loading rules (L-3; nested fields by name).
    Conformed(String),
    /// Absent optional column: NULL.
    Null,
}

/// [`read_partition_file`], also telling how each declared column was read from the file,
/// so that [`scan_as_typed`] can read the same frame again lazily.
pub fn read_typed(file: &Path, date: NaiveDate, columns: &[ColumnSpec]) -> Result<(DataFrame, Vec<Read>)> {
    let bad = |message: String| Error::BadSource { file: file.to_path_buf(), message };
    let f = std::fs::File::open(file).map_err(|e| bad(format!("cannot be read: {e}")))?;
    let raw = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ParquetReader::new(f).finish())) {
        Ok(Ok(df)) => df,
        Ok(Err(e)) => return Err(bad(format!("cannot be read as Parquet: {}", first_line(&e.to_string())))),
        Err(_) => {
            return Err(bad("cannot be read as Parquet: the decoder failed on its content (corrupt file)".into()));
        }
    };
    let height = raw.height();
    let names: Vec<String> = raw.get_column_names().iter().map(|n| n.to_string()).collect();
    let find = |name: &str| -> std::result::Result<Option<&Column>, String> {
        let hits: Vec<usize> = (0..names.len()).filter(|i| names[*i].to_lowercase() == name).collect();
        match hits[..] {
            [] => Ok(None),
            [i] => Ok(Some(&raw.columns()[i])),
            _ => Err(format!("column {name}: {} columns match it case-insensitively (L-2)", hits.len())),
        }
    };
    // The file's own GA4 `event_date` (YYYYMMDD), optional, must equal the directory's date.
    if let Some(c) = find("event_date").map_err(bad)? {
        let want = date.format("%Y%m%d").to_string();
        let s = c.as_materialized_series();
        let text = s.cast(&DataType::String).map_err(|e| bad(format!("column event_date: {e}")))?;
        let ca = text.str().expect("text");
        if let Some((i, v)) = ca.iter().enumerate().find(|(_, v)| v.is_some_and(|v| v != want)) {
            return Err(bad(format!(
                "column event_date: row {}: `{}` differs from the partition date {date} of its directory \
                 (expected `{want}`, sources.md §4.2)",
                i + 1,
                v.unwrap_or_default()
            )));
        }
    }
    let mut out = Vec::with_capacity(columns.len());
    let mut reads = Vec::with_capacity(columns.len());
    for c in columns {
        if c.name == PARTITION_COLUMN {
            reads.push(Read::Partition);
            let days = (date - pipeline::schema::EPOCH).num_days() as i32;
            let s = Series::new(c.name.into(), vec![days; height]).cast(&DataType::Date).expect("dates");
            out.push(s.into_column());
            continue;
        }
        let s = match find(c.name).map_err(bad)? {
            Some(col) => col.as_materialized_series().clone(),
            // Not listed by sources.md §4.2 (`user_properties`): optional, NULL when absent.
            None if c.nullable && c.name == "user_properties" => {
                reads.push(Read::Null);
                out.push(Series::full_null(c.name.into(), height, &c.dtype).into_column());
                continue;
            }
            None => {
                return Err(bad(format!(
                    "column {}: missing (expected a {} column; found columns: {})",
                    c.name,
                    c.logical,
                    names.join(", ")
                )));
            }
        };
        let typed = conform(&s, &c.dtype, c.name)
            .map_err(|(row, msg)| match row {
                Some(r) => bad(format!("column {}: row {}: {msg}", c.name, r + 1)),
                None => bad(format!("column {}: {msg}", c.name)),
            })?
            .with_name(c.name.into());
        if !c.nullable
            && let Some(i) = typed.is_null().iter().position(|v| v == Some(true))
        {
            return Err(bad(format!("column {}: row {}: NULL in a non-NULL column", c.name, i + 1)));
        }
        let name = s.name().to_string();
        reads.push(if typed.dtype() == s.dtype() { Read::AsIs(name) } else { Read::Conformed(name) });
        out.push(typed.into_column());
    }
    let df = DataFrame::new(height, out).map_err(|e| bad(e.to_string()))?;
    Ok((df, reads))
}

/// A lazy read of one Parquet file, its columns only: the date in a partition directory's name
/// is never added as a column (the partition column comes from the caller).
pub fn scan_file(file: &Path) -> PolarsResult<LazyFrame> {
    let args = ScanArgsParquet {
        hive_options: polars::io::HiveOptions { enabled: Some(false), ..Default::default() },
        ..Default::default()
    };
    LazyFrame::scan_parquet(PlRefPath::new(file.to_string_lossy().as_ref()), args)
}

/// A file [`read_typed`] has read (and validated), read again lazily as it read it: its
/// declared columns in declared order, row by row the same values (slices of it read only the
/// row groups they need).
pub fn scan_as_typed(
    file: &Path,
    date: NaiveDate,
    columns: &'static [ColumnSpec],
    reads: &[Read],
) -> PolarsResult<LazyFrame> {
    let scan = scan_file(file)?;
    let days = (date - pipeline::schema::EPOCH).num_days() as i32;
    let exprs: Vec<Expr> = columns
        .iter()
        .zip(reads)
        .map(|(c, r)| match r {
            Read::Partition => lit(days).cast(DataType::Date).alias(c.name),
            Read::AsIs(name) => col(name.as_str()).alias(c.name),
            Read::Null => lit(NULL).cast(c.dtype.clone()).alias(c.name),
            Read::Conformed(name) => {
                let (to, path) = (c.dtype.clone(), c.name);
                let field = Field::new(c.name.into(), c.dtype.clone());
                col(name.as_str())
                    .map(
                        move |v: Column| {
                            conform(v.as_materialized_series(), &to, path)
                                .map(|s| s.into_column())
                                .map_err(|(_, m)| PolarsError::ComputeError(m.into()))
                        },
                        move |_, _| Ok(field.clone()),
                    )
                    .alias(c.name)
            }
        })
        .collect();
    Ok(scan.select(exprs))
}

fn first_line(t: &str) -> String {
    t.split("\n\n").next().unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
}

type ConvErr = (Option<usize>, String);

/// Types a file column as `to`: structs field by field (by name, case-insensitively; extra
/// fields ignored; a missing `float_value` is NULL, any other missing field an error), lists
/// element-wise, leaves by L-3 (text only from UTF8, an integer id as its base-10 text;
/// integers from any integer type; doubles from floats or integers).
fn conform(s: &Series, to: &DataType, path: &str) -> std::result::Result<Series, ConvErr> {
    let wrong = |what: &str| (None, format!("{path}: expected {what}, found {}", s.dtype()));
    match to {
        DataType::List(inner) => {
            let ca = match s.dtype() {
                DataType::List(_) => s.list().expect("list"),
                _ => return Err(wrong("a list")),
            };
            let mut err = None;
            let out = ca
                .apply_to_inner(&|el: Series| match conform(&el, inner, &format!("{path}[]")) {
                    Ok(x) => Ok(x),
                    Err((_, m)) => {
                        let e = PolarsError::ComputeError(m.into());
                        Err(e)
                    }
                })
                .map_err(|e| {
                    err = Some(e.to_string());
                });
            match out {
                Ok(l) => Ok(l.into_series()),
                Err(()) => Err((None, err.unwrap_or_default().trim_start_matches("ComputeError: ").to_string())),
            }
        }
        DataType::Struct(fields) => {
            let ca = match s.dtype() {
                DataType::Struct(_) => s.struct_().expect("struct"),
                _ => return Err(wrong("a struct")),
            };
            let have = ca.fields_as_series();
            let mut parts = Vec::with_capacity(fields.len());
            for f in fields {
                let hit = have.iter().find(|h| h.name().to_lowercase() == f.name().as_str());
                let part = match hit {
                    Some(h) => conform(h, f.dtype(), &format!("{path}.{}", f.name()))?,
                    None if f.name() == "float_value" => Series::full_null(f.name().clone(), s.len(), f.dtype()),
                    None => return Err((None, format!("{path}: struct field {} is missing", f.name()))),
                };
                parts.push(part.with_name(f.name().clone()));
            }
            let mut out = StructChunked::from_series(s.name().clone(), s.len(), parts.iter())
                .map_err(|e| (None, e.to_string()))?;
            out.zip_outer_validity(ca);
            Ok(out.into_series())
        }
        DataType::String => match s.dtype() {
            DataType::String => Ok(s.clone()),
            d if d.is_integer() && path == "user_id" => Ok(s.cast(&DataType::String).expect("int to text")),
            _ => Err(wrong("UTF8 text")),
        },
        DataType::Int64 => match s.dtype() {
            d if d.is_integer() => cast_checked(s, to),
            _ => Err(wrong("an integer")),
        },
        DataType::Float64 => match s.dtype() {
            d if d.is_float() || d.is_integer() => cast_checked(s, to),
            _ => Err(wrong("FLOAT/DOUBLE or an integer")),
        },
        DataType::Null => Ok(s.clone()),
        other => Err((None, format!("{path}: unsupported declared type {other}"))),
    }
}

fn cast_checked(s: &Series, to: &DataType) -> std::result::Result<Series, ConvErr> {
    let out = s.cast(to).map_err(|e| (None, e.to_string()))?;
    let lost = s.is_not_null() & out.is_null();
    match lost.iter().position(|v| v == Some(true)) {
        Some(i) => Err((
            Some(i),
            format!("`{}` does not fit {to} (overflow)", s.get(i).map(|v| v.to_string()).unwrap_or_default()),
        )),
        None => Ok(out),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// T-1: `W = [ds − lookback_days, ds]`, both ends included; a full refresh has no window.
    #[test]
    fn t_1_window_bounds() {
        let mut ctx = RunContext::new(pipeline::date("2026-11-27"), "/nowhere");
        ctx.lookback_days = 3;
        let w = window(&ctx);
        assert_eq!(w, Some((pipeline::date("2026-11-24"), pipeline::date("2026-11-27"))));
        assert!(in_window(w, pipeline::date("2026-11-24")) && in_window(w, pipeline::date("2026-11-27")));
        assert!(!in_window(w, pipeline::date("2026-11-23")) && !in_window(w, pipeline::date("2026-11-28")));
        ctx.lookback_days = 0;
        assert_eq!(window(&ctx), Some((ctx.ds, ctx.ds)));
        ctx.full_refresh = true;
        assert_eq!(window(&ctx), None);
        assert!(in_window(None, pipeline::date("1999-01-01")));
    }

    /// sources.md §4.1: partition names are `event_date=YYYY-MM-DD` with a real date; markers are
    /// skipped, anything else is an error naming the entry; a missing directory has no partition.
    #[test]
    fn partition_directory_names() {
        assert_eq!(parse_partition_name("event_date=2026-11-27"), Some(pipeline::date("2026-11-27")));
        for bad in ["event_date=2026-02-30", "event_date=20261127", "event_date=2026-1-27", "date=2026-11-27", "x"] {
            assert_eq!(parse_partition_name(bad), None, "{bad}");
        }
        let tmp = tempfile::tempdir().unwrap();
        assert!(list_partitions(&tmp.path().join("absent")).unwrap().is_empty());
        std::fs::create_dir(tmp.path().join("event_date=2026-11-27")).unwrap();
        std::fs::create_dir(tmp.path().join("event_date=2026-11-25")).unwrap();
        std::fs::write(tmp.path().join("_SUCCESS"), b"").unwrap();
        let got: Vec<NaiveDate> = list_partitions(tmp.path()).unwrap().into_iter().map(|(d, _)| d).collect();
        assert_eq!(got, [pipeline::date("2026-11-25"), pipeline::date("2026-11-27")]);
        std::fs::create_dir(tmp.path().join("event_date=2026-13-01")).unwrap();
        let err = list_partitions(tmp.path()).unwrap_err().to_string();
        assert!(err.contains("event_date=2026-13-01") && err.contains("not `event_date=YYYY-MM-DD`"), "{err}");
    }
}
