//! Writing tables: Parquet through Polars' batched `ParquetWriter` (one row group per
//! chunk), or CSV with the text formats of sources.md L-4 (UTF-8, header, `,`, RFC 4180
//! quoting, empty unquoted field = NULL, `""` = empty string, `true`/`false`, `YYYY-MM-DD`,
//! `YYYY-MM-DD HH:MM:SS[.ffffff]`, plain decimals).

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use polars::prelude::*;

use crate::table::{TableSpec, push_u64};
use crate::time::{fmt_date, fmt_datetime};

/// Rows per chunk (and per Parquet row group).
pub const CHUNK: usize = 256 * 1024;

/// Output format of the applicative tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Parquet,
    Csv,
}

impl Format {
    pub fn ext(self) -> &'static str {
        match self {
            Format::Parquet => "parquet",
            Format::Csv => "csv",
        }
    }
}

/// What was written for one table.
#[derive(Debug, Clone)]
pub struct Written {
    pub table: String,
    pub rows: usize,
    pub bytes: u64,
}

/// The file of an applicative table under `out` (sources.md §1).
pub fn table_path(out: &Path, table: &str, format: Format) -> PathBuf {
    out.join("applicative").join(format!("{table}.{}", format.ext()))
}

/// Writes one table chunk by chunk; advances `bar` by the rows written.
pub fn write_table(spec: &TableSpec<'_>, out: &Path, format: Format, bar: &ProgressBar) -> Result<Written> {
    let path = table_path(out, spec.name, format);
    let file = File::create(&path).with_context(|| format!("cannot create {}", path.display()))?;
    // An empty table is still one (empty) chunk, so that its file has a schema.
    let ranges: Vec<std::ops::Range<usize>> =
        (0..spec.rows.max(1)).step_by(CHUNK).map(|s| s..(s + CHUNK).min(spec.rows)).collect();
    match format {
        Format::Parquet => {
            let mut writer = None;
            for r in ranges {
                let n = r.len();
                let df = (spec.build)(r);
                let w = match &mut writer {
                    Some(w) => w,
                    None => writer.insert(parquet(&file).batched(df.schema())?),
                };
                anyhow::Context::with_context(w.write_batch(&df), || format!("writing {}", path.display()))?;
                bar.inc(n as u64);
            }
            writer.expect("at least one chunk").finish()?;
        }
        Format::Csv => {
            let mut w = BufWriter::with_capacity(1 << 20, &file);
            for (k, r) in ranges.into_iter().enumerate() {
                let n = r.len();
                let df = (spec.build)(r);
                write_csv_chunk(&mut w, &df, k == 0)?;
                bar.inc(n as u64);
            }
            w.flush()?;
        }
    }
    let bytes = std::fs::metadata(&path)?.len();
    Ok(Written { table: spec.name.to_string(), rows: spec.rows, bytes })
}

/// The Parquet writer settings used for every file.
pub fn parquet(file: &File) -> ParquetWriter<&File> {
    ParquetWriter::new(file).with_compression(ParquetCompression::Zstd(None))
}

/// One column of a chunk, typed for formatting.
enum Cell<'a> {
    Str(&'a StringChunked),
    Bool(&'a BooleanChunked),
    Int(&'a Int64Chunked),
    Float(&'a Float64Chunked),
    Date(&'a Int32Chunked),
    Datetime(&'a Int64Chunked),
    Money(&'a Int128Chunked),
}

fn cells(df: &DataFrame) -> Result<Vec<Cell<'_>>> {
    df.columns()
        .iter()
        .map(|c| {
            Ok(match c.dtype() {
                DataType::String => Cell::Str(c.str()?),
                DataType::Boolean => Cell::Bool(c.bool()?),
                DataType::Int64 => Cell::Int(c.i64()?),
                DataType::Float64 => Cell::Float(c.f64()?),
                DataType::Date => Cell::Date(c.date()?.physical()),
                DataType::Datetime(TimeUnit::Microseconds, None) => Cell::Datetime(c.datetime()?.physical()),
                DataType::Decimal(_, 2) => Cell::Money(c.decimal()?.physical()),
                d => anyhow::bail!("column {}: no CSV format for {d}", c.name()),
            })
        })
        .collect()
}

/// Appends `v` to `buf`, quoted when it holds `,`, `"`, a line end, or is empty (RFC 4180;
/// an empty string must read back as `""`, not NULL).
pub fn push_csv_text(buf: &mut String, v: &str) {
    if v.is_empty() || v.contains([',', '"', '\n', '\r']) {
        buf.push('"');
        buf.push_str(&v.replace('"', "\"\""));
        buf.push('"');
    } else {
        buf.push_str(v);
    }
}

/// `cents` as plain decimal text with two decimals (`12.50`, `-3.00`, `0.00`).
pub fn fmt_cents(buf: &mut String, cents: i128) {
    if cents < 0 {
        buf.push('-');
    }
    let a = cents.unsigned_abs();
    push_u64(buf, (a / 100) as u64);
    buf.push('.');
    let f = (a % 100) as u8;
    buf.push(char::from(b'0' + f / 10));
    buf.push(char::from(b'0' + f % 10));
}

fn write_csv_chunk(w: &mut impl Write, df: &DataFrame, header: bool) -> Result<()> {
    let mut line = String::with_capacity(512);
    if header {
        let names: Vec<&str> = df.get_column_names().into_iter().map(|n| n.as_str()).collect();
        line.push_str(&names.join(","));
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    let cols = cells(df)?;
    for i in 0..df.height() {
        line.clear();
        for (k, c) in cols.iter().enumerate() {
            if k > 0 {
                line.push(',');
            }
            match c {
                Cell::Str(ca) => {
                    if let Some(v) = ca.get(i) {
                        push_csv_text(&mut line, v)
                    }
                }
                Cell::Bool(ca) => {
                    if let Some(v) = ca.get(i) {
                        line.push_str(if v { "true" } else { "false" })
                    }
                }
                Cell::Int(ca) => {
                    if let Some(v) = ca.get(i) {
                        if v < 0 {
                            line.push('-');
                        }
                        push_u64(&mut line, v.unsigned_abs())
                    }
                }
                Cell::Float(ca) => {
                    if let Some(v) = ca.get(i) {
                        line.push_str(&v.to_string())
                    }
                }
                Cell::Date(ca) => {
                    if let Some(v) = ca.get(i) {
                        line.push_str(&fmt_date(v))
                    }
                }
                Cell::Datetime(ca) => {
                    if let Some(v) = ca.get(i) {
                        line.push_str(&fmt_datetime(v))
                    }
                }
                Cell::Money(ca) => {
                    if let Some(v) = ca.get(i) {
                        fmt_cents(&mut line, v)
                    }
                }
            }
        }
        line.push('\n');
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table;

    #[test]
    fn csv_text_formats() {
        let mut s = String::new();
        for v in ["a", "", "x,y", "say \"hi\"", "l1\nl2"] {
            push_csv_text(&mut s, v);
            s.push('|');
        }
        assert_eq!(s, "a|\"\"|\"x,y\"|\"say \"\"hi\"\"\"|\"l1\nl2\"|");
        let mut m = String::new();
        for c in [1250i128, -300, 0, 5] {
            fmt_cents(&mut m, c);
            m.push(' ');
        }
        assert_eq!(m, "12.50 -3.00 0.00 0.05 ");
    }

    #[test]
    fn csv_chunk() {
        let df = table::frame(vec![
            table::id("id", [0u32, 1].into_iter()),
            table::text("t", [Some(""), None].into_iter()),
            table::boolean("b", [Some(true), None].into_iter()),
            table::datetime("at", [Some(crate::time::DAY + 1), None].into_iter()),
            table::money("m", [Some(-5i64), None].into_iter()),
        ]);
        let mut out = Vec::new();
        write_csv_chunk(&mut out, &df, true).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id,t,b,at,m\n1,\"\",true,1970-01-02 00:00:00.000001,-0.05\n2,,,,\n"
        );
    }
}
