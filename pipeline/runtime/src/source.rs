//! Source readers (spec `sources.md` §1): locate a table's file, read it, type every
//! declared column by the loading rules L-2…L-6, and validate the primary key.
//!
//! Any problem is an [`Error::BadSource`] naming the file, the column and an example row
//! (1-based data row number plus the row's key), and the run stops before anything is
//! published. Readers return fully typed frames; they never apply business logic.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use polars::prelude::*;

use pipeline::RunContext;
use pipeline::schema::parse_dec2;
use pipeline::schema::{ColumnSpec, Dec2, EPOCH, naive_to_micros};
use pipeline::source::{Formats, SourceSpec, finish_raw};
use pipeline::{Error, Result};

/// Finds a source table's file under `root` (L-1).
pub fn locate(spec: &SourceSpec, root: &Path) -> Result<PathBuf> {
    let base = root.join(spec.dir);
    let csv = base.join(format!("{}.csv", spec.table));
    let parquet = base.join(format!("{}.parquet", spec.table));
    match spec.formats {
        Formats::Csv => {
            if csv.is_file() {
                Ok(csv)
            } else {
                Err(Error::BadSource { file: csv, message: "required source file is missing".into() })
            }
        }
        Formats::ParquetOrCsv => match (parquet.is_file(), csv.is_file()) {
            (true, false) => Ok(parquet),
            (false, true) => Ok(csv),
            (true, true) => Err(Error::BadSource {
                file: base.join(format!("{}.{{parquet,csv}}", spec.table)),
                message: "both a .parquet and a .csv file exist; exactly one must (L-1)".into(),
            }),
            (false, false) => Err(Error::BadSource {
                file: base.join(format!("{}.{{parquet,csv}}", spec.table)),
                message: "required source table is missing (no .parquet nor .csv)".into(),
            }),
        },
    }
}

/// Reads, types and validates one source table; returns the typed source columns (those
/// of `columns` not marked derived), in declaration order.
pub fn read_source(spec: &SourceSpec, columns: &[ColumnSpec], grain: &[&str], root: &Path) -> Result<DataFrame> {
    let file = locate(spec, root)?;
    let bad = |message: String| Error::BadSource { file: file.clone(), message };
    let is_csv = file.extension().is_some_and(|e| e == "csv");
    let raw = if is_csv { read_csv_as_strings(&file) } else { read_parquet(&file) }
        .map_err(|e| bad(format!("cannot be read: {e}")))?;

    // L-2: match names case-insensitively.
    let wanted: Vec<&ColumnSpec> = columns.iter().filter(|c| !c.derived).collect();
    let mut found = Vec::with_capacity(wanted.len());
    for c in &wanted {
        let hit = raw.get_column_names().into_iter().find(|n| n.to_lowercase() == c.name).cloned();
        match hit {
            Some(n) => found.push(raw.column(&n).expect("listed column").as_materialized_series().clone()),
            None => {
                return Err(bad(format!(
                    "column {}: missing (expected a {} column; found columns: {})",
                    c.name,
                    c.logical,
                    raw.get_column_names().iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                )));
            }
        }
    }

    // Key text for error messages, from the raw grain columns.
    let key_of = |row: usize| -> String {
        let parts: Vec<String> = grain
            .iter()
            .filter_map(|g| wanted.iter().position(|c| c.name == *g).map(|i| (g, &found[i])))
            .map(|(g, s)| format!("{g}={}", s.get(row).map(|v| v.to_string()).unwrap_or_default()))
            .collect();
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    };

    let mut typed = Vec::with_capacity(wanted.len());
    for (c, s) in wanted.iter().zip(&found) {
        let col = convert(c, s, is_csv).map_err(|(row, msg)| match row {
            Some(r) => bad(format!("column {}: row {}{}: {msg}", c.name, r + 1, key_of(r))),
            None => bad(format!("column {}: {msg}", c.name)),
        })?;
        if spec.integer_text.contains(&c.name) {
            let ca = col.str().expect("str column");
            for (i, v) in ca.iter().enumerate() {
                if let Some(v) = v
                    && v.parse::<i64>().is_err()
                {
                    return Err(bad(format!(
                        "column {}: row {}{}: `{v}` is not a base-10 integer id",
                        c.name,
                        i + 1,
                        key_of(i)
                    )));
                }
            }
        }
        typed.push(col.into_column());
    }
    let df = DataFrame::new(raw.height(), typed).map_err(|e| bad(e.to_string()))?;
    validate_key(&df, grain, &wanted, &key_of).map_err(bad)?;
    Ok(df)
}

fn validate_key(
    df: &DataFrame,
    grain: &[&str],
    wanted: &[&ColumnSpec],
    key_of: &dyn Fn(usize) -> String,
) -> std::result::Result<(), String> {
    if grain.is_empty() {
        return Ok(());
    }
    for g in grain {
        if !wanted.iter().any(|c| c.name == *g) {
            continue;
        }
        let s = df.column(g).expect("key column").as_materialized_series();
        if let Some(i) = s.is_null().iter().position(|v| v == Some(true)) {
            return Err(format!("column {g}: row {}: primary key is NULL (L-6)", i + 1));
        }
    }
    let keys = df.select(grain.iter().copied()).map_err(|e| e.to_string())?;
    let dup = keys.is_duplicated().map_err(|e| e.to_string())?;
    let rows: Vec<usize> = dup.iter().enumerate().filter(|(_, d)| *d == Some(true)).map(|(i, _)| i).take(2).collect();
    if let Some(first) = rows.first() {
        return Err(format!(
            "column {}: row {}{}: duplicate primary key (also row {}) (L-6)",
            grain.join(", "),
            first + 1,
            key_of(*first),
            rows.get(1).map(|r| r + 1).unwrap_or(*first + 1)
        ));
    }
    Ok(())
}

fn read_parquet(path: &Path) -> PolarsResult<DataFrame> {
    let f = std::fs::File::open(path)?;
    ParquetReader::new(f).finish()
}

/// Reads every column as text: typing is ours (L-4), so values that do not parse are
/// reported with their row instead of failing inside the CSV parser.
fn read_csv_as_strings(path: &Path) -> PolarsResult<DataFrame> {
    CsvReadOptions::default()
        .with_has_header(true)
        .with_infer_schema_length(Some(0))
        .with_parse_options(
            CsvParseOptions::default().with_separator(b',').with_quote_char(Some(b'"')).with_missing_is_null(true),
        )
        .try_into_reader_with_file_path(Some(path.to_path_buf()))?
        .finish()
}

type ConvErr = (Option<usize>, String);

fn from_text<T>(
    s: &Series,
    parse: impl Fn(&str) -> Option<T>,
    what: &str,
) -> std::result::Result<Vec<Option<T>>, ConvErr> {
    let ca = s.str().map_err(|e| (None, e.to_string()))?;
    ca.iter()
        .enumerate()
        .map(|(i, v)| match v {
            None => Ok(None),
            Some(t) => parse(t).map(Some).ok_or_else(|| (Some(i), format!("`{t}` is not {what}"))),
        })
        .collect()
}

fn parse_datetime(t: &str) -> Option<NaiveDateTime> {
    let ok_shape = t.len() >= 19 && t.as_bytes()[10] == b' ';
    if !ok_shape {
        return None;
    }
    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f").ok()
}

fn dt_series(name: &str, v: Vec<Option<NaiveDateTime>>) -> Series {
    let ca: Int64Chunked = v.iter().map(|d| d.map(|d| naive_to_micros(&d))).collect();
    ca.into_series()
        .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
        .expect("i64 to datetime")
        .with_name(name.into())
}

fn dec_series(name: &str, v: Vec<Option<i128>>) -> Series {
    let anys: Vec<AnyValue> = v
        .iter()
        .map(|x| match x {
            Some(c) => AnyValue::Decimal(*c, Dec2::PRECISION, Dec2::SCALE),
            None => AnyValue::Null,
        })
        .collect();
    Series::from_any_values_and_dtype(name.into(), &anys, &DataType::Decimal(Dec2::PRECISION, Dec2::SCALE), true)
        .expect("decimal series")
}

/// Converts one source column to its declared type (L-3 for Parquet, L-4 for CSV).
fn convert(c: &ColumnSpec, s: &Series, is_csv: bool) -> std::result::Result<Series, ConvErr> {
    let name = c.name;
    let wrong_type = || (None, format!("has type {}, which cannot be loaded as {} (L-3)", s.dtype(), c.logical));
    let out = match (c.logical.as_str(), s.dtype()) {
        ("str", DataType::String) => s.clone(),
        ("str", d) if d.is_integer() && !is_csv => s.cast(&DataType::String).map_err(|e| (None, e.to_string()))?,
        ("bool", DataType::String) => {
            let v = from_text(
                s,
                |t| match t {
                    "true" => Some(true),
                    "false" => Some(false),
                    _ => None,
                },
                "a boolean (true/false)",
            )?;
            BooleanChunked::from_iter(v).into_series()
        }
        ("bool", DataType::Boolean) => s.clone(),
        ("i64", DataType::String) => {
            Int64Chunked::from_iter(from_text(s, |t| t.parse::<i64>().ok(), "an integer")?).into_series()
        }
        ("i64", d) if d.is_integer() => s.strict_cast(&DataType::Int64).map_err(|e| (None, e.to_string()))?,
        ("f64", DataType::String) => {
            Float64Chunked::from_iter(from_text(s, |t| t.parse::<f64>().ok(), "a number")?).into_series()
        }
        ("f64", d) if d.is_float() || d.is_integer() => {
            s.cast(&DataType::Float64).map_err(|e| (None, e.to_string()))?
        }
        ("dec2", DataType::String) => dec_series(name, from_text(s, parse_dec2, "a decimal with at most 2 decimals")?),
        ("dec2", DataType::Decimal(_, sc)) if *sc <= 2 => s
            .strict_cast(&DataType::Decimal(Dec2::PRECISION, Dec2::SCALE))
            .map_err(|e| (None, format!("decimal does not fit dec2: {e}")))?,
        ("dec2", d) if d.is_float() => {
            return Err((None, "floating-point input for a dec2 column is a load error (L-3)".into()));
        }
        ("date", DataType::String) => {
            let v = from_text(
                s,
                |t| NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().filter(|_| t.len() == 10),
                "a date (YYYY-MM-DD)",
            )?;
            let ca: Int32Chunked = v.iter().map(|d| d.map(|d| (d - EPOCH).num_days() as i32)).collect();
            ca.into_series().cast(&DataType::Date).expect("i32 to date")
        }
        ("date", DataType::Date) => s.clone(),
        ("dt_paris" | "dt_utc", DataType::String) => {
            dt_series(name, from_text(s, parse_datetime, "a datetime (YYYY-MM-DD HH:MM:SS[.ffffff])")?)
        }
        ("dt_paris" | "dt_utc", DataType::Datetime(_, None)) => {
            s.cast(&DataType::Datetime(TimeUnit::Microseconds, None)).map_err(|e| (None, e.to_string()))?
        }
        _ => return Err(wrong_type()),
    };
    Ok(out.with_name(name.into()))
}

/// Runs a raw model: read + type + validate, then add derived columns, in declared order.
pub fn build_raw(spec: &SourceSpec, columns: &[ColumnSpec], grain: &[&str], ctx: &RunContext) -> Result<LazyFrame> {
    let df = read_source(spec, columns, grain, &ctx.sources_dir)?;
    Ok(finish_raw(spec, columns, df.lazy(), ctx))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A two-column source for the loading-rule tests.
    #[derive(pipeline::Schema)]
    #[schema(model = "raw_demo__money", layer = "raw", grain = "id", materialized = "view")]
    struct Money {
        /// id
        id: String,
        /// amount
        amount: Option<pipeline::Dec2>,
    }

    fn write_parquet(dir: &Path, mut df: DataFrame) {
        std::fs::create_dir_all(dir.join("applicative")).unwrap();
        let f = std::fs::File::create(dir.join("applicative/money.parquet")).unwrap();
        ParquetWriter::new(f).finish(&mut df).unwrap();
    }

    /// L-3: a floating-point Parquet column for a `dec2` is a load error naming file and column;
    /// an integer id column becomes its base-10 text; a DECIMAL of scale ≤ 2 is accepted.
    #[test]
    fn l_3_parquet_typing() {
        use pipeline::Schema as _;
        let spec = SourceSpec::applicative("money");
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        write_parquet(&dir, df!("ID" => [1i64, 20], "amount" => [1.5f64, 2.0]).unwrap());
        let err = read_source(&spec, Money::columns(), Money::GRAIN, &dir).unwrap_err().to_string();
        assert!(
            err.contains("money.parquet") && err.contains("column amount") && err.contains("floating-point"),
            "{err}"
        );

        let amounts = Series::new("amount".into(), [Some(150i128), None]).cast(&DataType::Decimal(10, 1)).unwrap();
        write_parquet(
            &dir,
            DataFrame::new(2, vec![Column::new("id".into(), [7i64, 10]), amounts.into_column()]).unwrap(),
        );
        let df = read_source(&spec, Money::columns(), Money::GRAIN, &dir).unwrap();
        let rows = Money::from_dataframe(&df).unwrap();
        assert_eq!(rows[0].id, "7");
        assert_eq!(rows[0].amount, Some(pipeline::Dec2(15000)));
        assert_eq!(rows[1].amount, None);
    }

    /// L-4: an empty unquoted field is NULL; a quoted empty field is the empty string.
    #[test]
    fn l_4_empty_unquoted_is_null_quoted_is_empty_string() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().to_path_buf();
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        std::fs::write(&path, "id,b\n1,\"\"\n2,\n3,x\n").unwrap();
        let df = read_csv_as_strings(&path).unwrap();
        let b: Vec<Option<&str>> = df.column("b").unwrap().str().unwrap().iter().collect();
        assert_eq!(b, vec![Some(""), None, Some("x")]);
    }
}
