//! Source readers (spec `sources.md` §1): locate a table's file, read it, type every
//! declared column by the loading rules L-1…L-6, and validate the primary key.
//!
//! Any problem is an [`Error::BadSource`] naming the file, the column and an example row
//! (1-based data row number plus the row's key; a structural CSV problem also gives the
//! file's line number, bytes that are not UTF-8 their byte offset), and the run stops before
//! anything is published. Messages stay short whatever the input: a quoted value, a key, a
//! column list or a Polars error text is cut to [`PREVIEW_CHARS`] characters. Readers return
//! fully typed frames; they never apply business logic.

use std::borrow::Cow;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use polars::prelude::*;

use pipeline::RunContext;
use pipeline::schema::parse_dec2;
use pipeline::schema::{ColumnSpec, Dec2, EPOCH, naive_to_micros};
use pipeline::source::{Formats, SourceSpec, finish_raw};
use pipeline::{Error, Result};

/// Longest excerpt of input text (a value, a key, a row, a header) or of a Polars error
/// quoted in a message.
pub const PREVIEW_CHARS: usize = 200;

/// `t` cut to [`PREVIEW_CHARS`] characters; a cut text says how long it was.
fn preview(t: &str) -> String {
    match t.char_indices().nth(PREVIEW_CHARS) {
        None => t.to_string(),
        Some((end, _)) => format!("{}… ({} bytes in all)", &t[..end], t.len()),
    }
}

/// A Polars error as one short line. Polars appends advice about its own (Python) API after
/// a blank line (`truncate_ragged_lines`, `infer_schema_length`, …): the CLI has no such
/// options, so only the first paragraph is kept, cut to [`PREVIEW_CHARS`].
fn polars_text(e: &PolarsError) -> String {
    let text = e.to_string();
    let first = text.split("\n\n").next().unwrap_or_default();
    let cut = preview(first);
    cut.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Finds a source table's file under `root` (L-1).
pub fn locate(spec: &SourceSpec, root: &Path) -> Result<PathBuf> {
    let base = root.join(spec.dir);
    let csv = base.join(format!("{}.csv", spec.table));
    let parquet = base.join(format!("{}.parquet", spec.table));
    match spec.formats {
        Formats::DatePartitions => Ok(base.join(spec.table)),
        Formats::Csv => {
            if is_present(&csv)? {
                Ok(csv)
            } else {
                Err(Error::BadSource { file: csv, message: "required source file is missing".into() })
            }
        }
        Formats::ParquetOrCsv => match (is_present(&parquet)?, is_present(&csv)?) {
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

/// Whether `path` is a regular file (links followed). Something else under that name (a
/// directory, a device) is an error saying what it is rather than a "missing" file.
fn is_present(path: &Path) -> Result<bool> {
    let bad = |message: String| Error::BadSource { file: path.to_path_buf(), message };
    match std::fs::metadata(path) {
        Ok(m) if m.is_file() => Ok(true),
        Ok(m) if m.is_dir() => Err(bad("is a directory, not a file".into())),
        Ok(_) => Err(bad("is not a regular file".into())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(false),
        Err(e) => Err(bad(format!("cannot be accessed: {e}"))),
    }
}

/// A source file before typing: its columns under the names the file gives them (CSV names
/// may repeat; the matching below reports that).
struct RawTable {
    columns: Vec<Series>,
    height: usize,
}

/// Whether a `str` column is an id, which Parquet may store as integers (L-3: "an integer
/// column is accepted for an id"). The spec marks ids by name only, so the rule is the name:
/// `id`, a name ending in `id` (`user_id`, `userid`, `offer_subcategoryid`), a name with `id`
/// as one of its `_`-separated words (`offer_id_at_providers`), or a column the source
/// declares integer text (`action_history_id`). Any other text column must be UTF8.
fn is_id_column(spec: &SourceSpec, name: &str) -> bool {
    name.ends_with("id") || name.split('_').any(|w| w == "id") || spec.integer_text.contains(&name)
}

/// Reads, types and validates one source table; returns the typed source columns (those
/// of `columns` not marked derived), in declaration order.
pub fn read_source(spec: &SourceSpec, columns: &[ColumnSpec], grain: &[&str], root: &Path) -> Result<DataFrame> {
    if spec.formats == Formats::DatePartitions {
        // Every partition (a full read); runs go through `build_raw`, which reads the window.
        let mut ctx = RunContext::new(NaiveDate::default(), root);
        ctx.full_refresh = true;
        return crate::partitions::read_date_partitions(spec, columns, &ctx);
    }
    let file = locate(spec, root)?;
    let bad = |message: String| Error::BadSource { file: file.clone(), message };
    let is_csv = file.extension().is_some_and(|e| e == "csv");
    let raw = if is_csv { read_csv(&file) } else { read_parquet(&file) }.map_err(bad)?;

    // L-2: match names case-insensitively; two file columns matching one name is ambiguous.
    let names: Vec<&str> = raw.columns.iter().map(|s| s.name().as_str()).collect();
    let wanted: Vec<&ColumnSpec> = columns.iter().filter(|c| !c.derived).collect();
    let mut found = Vec::with_capacity(wanted.len());
    for c in &wanted {
        let hits: Vec<usize> = (0..names.len()).filter(|i| names[*i].to_lowercase() == c.name).collect();
        match hits[..] {
            [i] => found.push(raw.columns[i].clone()),
            [] => {
                return Err(bad(format!(
                    "column {}: missing (expected a {} column; found columns: {})",
                    c.name,
                    c.logical,
                    preview(&names.join(", "))
                )));
            }
            _ => {
                let headers: Vec<String> = hits.iter().map(|i| format!("`{}`", preview(names[*i]))).collect();
                return Err(bad(format!(
                    "column {}: {} columns match it: {}; names are matched case-insensitively (L-2), so exactly one \
                     may be present",
                    c.name,
                    hits.len(),
                    headers.join(" and ")
                )));
            }
        }
    }

    // Key text for error messages, from the raw grain columns.
    let key_of = |row: usize| -> String {
        let parts: Vec<String> = grain
            .iter()
            .filter_map(|g| wanted.iter().position(|c| c.name == *g).map(|i| (g, &found[i])))
            .map(|(g, s)| format!("{g}={}", preview(&s.get(row).map(|v| v.to_string()).unwrap_or_default())))
            .collect();
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    };

    let mut typed = Vec::with_capacity(wanted.len());
    for (c, s) in wanted.iter().zip(&found) {
        let col = convert(c, s, is_csv, is_id_column(spec, c.name)).map_err(|(row, msg)| match row {
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
                        "column {}: row {}{}: `{}` is not a base-10 integer id",
                        c.name,
                        i + 1,
                        key_of(i),
                        preview(v)
                    )));
                }
            }
        }
        typed.push(col.into_column());
    }
    let df = DataFrame::new(raw.height, typed).map_err(|e| bad(polars_text(&e)))?;
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
    let keys = df.select(grain.iter().copied()).map_err(|e| polars_text(&e))?;
    let dup = keys.is_duplicated().map_err(|e| polars_text(&e))?;
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

fn read_parquet(path: &Path) -> std::result::Result<RawTable, String> {
    let f = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    // A corrupt file may make the Parquet decoder panic rather than fail: still a bad source.
    match std::panic::catch_unwind(AssertUnwindSafe(|| ParquetReader::new(f).finish())) {
        Ok(Ok(df)) => Ok(RawTable {
            height: df.height(),
            columns: df.into_columns().into_iter().map(|c| c.take_materialized_series()).collect(),
        }),
        Ok(Err(e)) => Err(format!("cannot be read as Parquet: {}", polars_text(&e))),
        Err(_) => Err("cannot be read as Parquet: the decoder failed on its content (corrupt file)".into()),
    }
}

/// Reads a CSV source (L-4), every column as text: typing is ours, so a value that does not
/// parse is reported with its row instead of failing inside a CSV parser.
fn read_csv(path: &Path) -> std::result::Result<RawTable, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot be read: {e}"))?;
    parse_csv(&bytes)
}

/// The UTF-8 byte-order mark some tools (Excel, PowerShell) write at the start of a file.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Parses CSV text (L-4): UTF-8, a header row, `,` separator, RFC 4180 quoting, `\n` or
/// `\r\n` line ends. A leading byte-order mark is skipped. An empty unquoted field is NULL, a
/// quoted empty field `""` the empty string. Every row must have as many fields as the
/// header.
///
/// Blank lines: trailing blank lines at the end of the file (editors and `echo >>` leave
/// them) are ignored; a blank line anywhere else is rejected with its line number, since in
/// the middle of an extract it means a damaged or concatenated file, and silently skipping it
/// would hide that. A `"` inside an unquoted field is kept as a literal character (lenient;
/// such values are not ambiguous).
fn parse_csv(bytes: &[u8]) -> std::result::Result<RawTable, String> {
    let (skipped, body) = match bytes.strip_prefix(BOM) {
        Some(b) => (BOM.len(), b),
        None => (0, bytes),
    };
    let text = std::str::from_utf8(body).map_err(|e| {
        let at = e.valid_up_to();
        let line = 1 + body[..at].iter().filter(|b| **b == b'\n').count();
        let len = e.error_len().unwrap_or(body.len() - at).min(4);
        let shown: Vec<String> = body[at..at + len].iter().map(|b| format!("0x{b:02X}")).collect();
        format!(
            "line {line}, byte offset {}: invalid UTF-8 ({}); CSV sources must be UTF-8 (L-4)",
            at + skipped,
            shown.join(" ")
        )
    })?;
    let mut cur = CsvCursor { text, pos: 0, line: 1, eol: None };

    let header: Vec<String> = match cur.next_record().map_err(|(_, m)| format!("header (line 1): {m}"))? {
        Record::End => return Err("is empty: no header row (L-4)".into()),
        Record::Blank(line) => return Err(format!("line {line} is blank: the first line must be the header (L-4)")),
        Record::Fields(f) => f.into_iter().map(|v| v.map(Cow::into_owned).unwrap_or_default()).collect(),
    };
    if let [only] = &header[..]
        && let Some(sep) = [';', '\t', '|'].into_iter().find(|c| only.contains(*c))
    {
        return Err(format!(
            "header (line 1) is a single column `{}`: the separator must be `,`, not {:?} (L-4)",
            preview(only),
            sep
        ));
    }
    let mut builders: Vec<StringChunkedBuilder> =
        header.iter().map(|n| StringChunkedBuilder::new(n.as_str().into(), 0)).collect();
    let mut height = 0;
    loop {
        let (start, line) = (cur.pos, cur.line);
        let row = height + 1;
        let where_ = |field: Option<usize>| match field.and_then(|i| header.get(i)) {
            Some(name) => format!("row {row} (line {line}), column {}", preview(name)),
            None => format!("row {row} (line {line})"),
        };
        match cur.next_record().map_err(|(field, m)| format!("{}: {m}", where_(Some(field))))? {
            Record::End => break,
            Record::Blank(_) => {
                return Err(format!("line {line} is blank: blank lines are only allowed at the end of the file (L-4)"));
            }
            Record::Fields(fields) => {
                if fields.len() != header.len() {
                    let shown = text[start..cur.pos].trim_end_matches(['\r', '\n']);
                    return Err(format!(
                        "{}: {} field{}, but the header has {} (ragged row; it starts `{}`)",
                        where_(None),
                        fields.len(),
                        if fields.len() == 1 { "" } else { "s" },
                        header.len(),
                        preview(shown)
                    ));
                }
                for (b, v) in builders.iter_mut().zip(fields) {
                    b.append_option(v);
                }
                height += 1;
            }
        }
    }
    Ok(RawTable { columns: builders.into_iter().map(|b| b.finish().into_series()).collect(), height })
}

/// One record of a CSV text.
enum Record<'a> {
    /// End of the text (only trailing blank lines, if any, were left).
    End,
    /// An empty line in the middle of the text, at this line number.
    Blank(usize),
    /// The fields of a record; `None` is an empty unquoted field (NULL).
    Fields(Vec<Option<Cow<'a, str>>>),
}

/// A position in CSV text. Searches go through `str::find` (memchr), so that a very long
/// line costs little even in an unoptimised build.
struct CsvCursor<'a> {
    text: &'a str,
    pos: usize,
    /// Line number (1-based) of `pos`.
    line: usize,
    /// Position of the `\n` ending the line of `pos` (or the text's length), once found; stale
    /// when below `pos`.
    eol: Option<usize>,
}

impl<'a> CsvCursor<'a> {
    /// Length of the line end at `at` (`\n`, `\r\n`, or a final `\r`), if there is one.
    fn line_end(&self, at: usize) -> Option<usize> {
        match &self.text.as_bytes()[at..] {
            [b'\n', ..] => Some(1),
            [b'\r', b'\n', ..] => Some(2),
            [b'\r'] => Some(1),
            _ => None,
        }
    }

    /// Reads the next record; an error gives the 0-based index of the field at fault.
    fn next_record(&mut self) -> std::result::Result<Record<'a>, (usize, String)> {
        let len = self.text.len();
        if self.pos >= len {
            return Ok(Record::End);
        }
        if let Some(n) = self.line_end(self.pos) {
            let line = self.line;
            if self.text[self.pos..].bytes().all(|b| b == b'\n' || b == b'\r') {
                self.pos = len;
                return Ok(Record::End);
            }
            self.pos += n;
            self.line += 1;
            return Ok(Record::Blank(line));
        }
        let mut fields = Vec::new();
        loop {
            let opened_on = self.line;
            let value = if self.text.as_bytes()[self.pos..].first() == Some(&b'"') {
                Some(self.quoted().map_err(|m| (fields.len(), m))?)
            } else {
                self.unquoted()
            };
            fields.push(value);
            if self.pos >= len {
                break;
            }
            if self.text.as_bytes()[self.pos] == b',' {
                self.pos += 1;
                continue;
            }
            if let Some(n) = self.line_end(self.pos) {
                self.pos += n;
                self.line += 1;
                break;
            }
            // Only a quoted field can stop elsewhere than at `,` or a line end.
            let after: String = self.text[self.pos..].chars().take(1).collect();
            let value = fields.last().cloned().flatten().unwrap_or_default();
            let span = if self.line > opened_on {
                format!(" (opened on line {opened_on}, closed on line {})", self.line)
            } else {
                String::new()
            };
            let message = format!(
                "unexpected `{after}` after the quoted value {:?}{span}: a quote inside a quoted field must be doubled, \
                 or a quote is unterminated (RFC 4180)",
                preview(&value)
            );
            return Err((fields.len() - 1, message));
        }
        Ok(Record::Fields(fields))
    }

    /// An unquoted field: up to the next `,` or line end. Empty is NULL.
    fn unquoted(&mut self) -> Option<Cow<'a, str>> {
        let eol = match self.eol {
            Some(e) if e >= self.pos => e,
            _ => self.text[self.pos..].find('\n').map_or(self.text.len(), |i| self.pos + i),
        };
        self.eol = Some(eol);
        let end = self.text[self.pos..eol].find(',').map_or(eol, |i| self.pos + i);
        let mut value = &self.text[self.pos..end];
        if end == eol {
            value = value.strip_suffix('\r').unwrap_or(value);
        }
        self.pos += value.len();
        (!value.is_empty()).then_some(Cow::Borrowed(value))
    }

    /// A quoted field starting at `pos` (on its `"`): up to the closing quote, `""` read as one
    /// quote. The field may span lines.
    fn quoted(&mut self) -> std::result::Result<Cow<'a, str>, String> {
        let open = self.pos;
        let mut pos = open + 1;
        let mut owned: Option<String> = None;
        let mut seg = pos;
        let value = loop {
            let Some(q) = self.text[pos..].find('"').map(|i| pos + i) else {
                let lines = self.text[open..].matches('\n').count();
                return Err(format!(
                    "unterminated quote: the quoted field opened at byte offset {open} never closes (the rest of the \
                     file, {lines} more line{}, would be one value; RFC 4180)",
                    if lines == 1 { "" } else { "s" }
                ));
            };
            if self.text.as_bytes().get(q + 1) == Some(&b'"') {
                owned.get_or_insert_with(String::new).push_str(&self.text[seg..=q]);
                pos = q + 2;
                seg = pos;
                continue;
            }
            let value = match owned.take() {
                Some(mut s) => {
                    s.push_str(&self.text[seg..q]);
                    Cow::Owned(s)
                }
                None => Cow::Borrowed(&self.text[seg..q]),
            };
            pos = q + 1;
            break value;
        };
        self.line += self.text[open..pos].matches('\n').count();
        self.pos = pos;
        Ok(value)
    }
}

type ConvErr = (Option<usize>, String);

/// Parses every value of a text column; `parse` explains a refusal (after the quoted value).
fn from_text<T>(
    s: &Series,
    parse: impl Fn(&str) -> std::result::Result<T, String>,
) -> std::result::Result<Vec<Option<T>>, ConvErr> {
    let ca = s.str().map_err(|e| (None, polars_text(&e)))?;
    ca.iter()
        .enumerate()
        .map(|(i, v)| match v {
            None => Ok(None),
            Some(t) => parse(t).map(Some).map_err(|why| (Some(i), format!("`{}` {why}", preview(t)))),
        })
        .collect()
}

fn must<T>(v: Option<T>, what: &str) -> std::result::Result<T, String> {
    v.ok_or_else(|| format!("is not {what}"))
}

const DATETIME: &str = "a datetime (YYYY-MM-DD HH:MM:SS[.ffffff])";

fn parse_datetime(t: &str) -> std::result::Result<NaiveDateTime, String> {
    let ok_shape = t.len() >= 19 && t.as_bytes()[10] == b' ';
    let d = must(ok_shape.then(|| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S%.f").ok()).flatten(), DATETIME)?;
    // chrono reads second 60 as a leap second, which would land on the next minute (or the
    // next day's midnight): a naive datetime has no such instant, so it is refused.
    if d.nanosecond() >= 1_000_000_000 {
        return Err(format!("is not {DATETIME}: second 60 (a leap second) does not exist in a datetime"));
    }
    Ok(d)
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

/// Casts a Parquet column; a value the target type cannot hold (an overflow) is an error
/// naming its row and value, instead of a NULL or a row-less Polars error.
fn cast_checked(s: &Series, to: &DataType, what: &str) -> std::result::Result<Series, ConvErr> {
    let out = s.cast(to).map_err(|e| (None, polars_text(&e)))?;
    let lost = s.is_not_null() & out.is_null();
    match lost.iter().position(|v| v == Some(true)) {
        Some(i) => {
            let v = s.get(i).map(|v| v.to_string()).unwrap_or_default();
            Err((Some(i), format!("`{}` does not fit {what} (overflow)", preview(&v))))
        }
        None => Ok(out),
    }
}

/// What L-3 accepts from Parquet for a spec type (for messages).
fn parquet_expected(logical: &str) -> &'static str {
    match logical {
        "str" => "UTF8 text (an integer only for an id column)",
        "bool" => "BOOLEAN",
        "i64" => "an integer",
        "f64" => "FLOAT/DOUBLE or an integer",
        "dec2" => "DECIMAL with scale ≤ 2 or UTF8 decimal text",
        "date" => "DATE",
        "dt_paris" | "dt_utc" => "TIMESTAMP without time zone",
        _ => "of the declared type",
    }
}

/// Converts one source column to its declared type (L-3 for Parquet, L-4 for CSV). CSV
/// columns are always text; Parquet columns must carry the types L-3 lists (text is accepted
/// only for `str` and `dec2`). `id_column`: the column may come as Parquet integers.
fn convert(c: &ColumnSpec, s: &Series, is_csv: bool, id_column: bool) -> std::result::Result<Series, ConvErr> {
    let name = c.name;
    let wrong_type = || {
        if is_csv {
            return (None, format!("a {} column cannot be loaded from CSV (L-4)", c.logical));
        }
        let found = match s.dtype() {
            DataType::String => "UTF8 text".to_string(),
            DataType::Categorical(..) | DataType::Enum(..) => "dictionary-encoded text".to_string(),
            d => d.to_string(),
        };
        (
            None,
            format!(
                "has Parquet type {found}, but a {} column must be {} (L-3)",
                c.logical,
                parquet_expected(&c.logical)
            ),
        )
    };
    let out = match (c.logical.as_str(), s.dtype()) {
        ("str", DataType::String) => s.clone(),
        // pandas / pyarrow categoricals: dictionary-encoded UTF8, still text.
        ("str", DataType::Categorical(..) | DataType::Enum(..)) => {
            s.cast(&DataType::String).map_err(|e| (None, polars_text(&e)))?
        }
        ("str", d) if d.is_integer() && id_column => cast_checked(s, &DataType::String, "text")?,
        ("str", d) if d.is_integer() => {
            return Err((
                None,
                format!(
                    "has Parquet type {d}, but only an id column may be stored as integers; text must be UTF8 (L-3)"
                ),
            ));
        }
        ("bool", DataType::String) if is_csv => {
            let v = from_text(s, |t| match t {
                "true" => Ok(true),
                "false" => Ok(false),
                _ => Err("is not a boolean (true/false)".into()),
            })?;
            BooleanChunked::from_iter(v).into_series()
        }
        ("bool", DataType::Boolean) => s.clone(),
        ("i64", DataType::String) if is_csv => {
            Int64Chunked::from_iter(from_text(s, |t| must(t.parse::<i64>().ok(), "an integer"))?).into_series()
        }
        ("i64", d) if d.is_integer() => cast_checked(s, &DataType::Int64, "a 64-bit signed integer")?,
        ("f64", DataType::String) if is_csv => {
            Float64Chunked::from_iter(from_text(s, |t| must(t.parse::<f64>().ok(), "a number"))?).into_series()
        }
        ("f64", d) if d.is_float() || d.is_integer() => {
            s.cast(&DataType::Float64).map_err(|e| (None, polars_text(&e)))?
        }
        ("dec2", DataType::String) => {
            dec_series(name, from_text(s, |t| must(parse_dec2(t), "a decimal with at most 2 decimals"))?)
        }
        ("dec2", DataType::Decimal(_, sc)) if *sc <= 2 => {
            cast_checked(s, &DataType::Decimal(Dec2::PRECISION, Dec2::SCALE), "dec2 (DECIMAL(18, 2))")?
        }
        ("dec2", d) if d.is_float() => {
            return Err((None, "floating-point input for a dec2 column is a load error (L-3)".into()));
        }
        ("date", DataType::String) if is_csv => {
            let v = from_text(s, |t| {
                must(NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().filter(|_| t.len() == 10), "a date (YYYY-MM-DD)")
            })?;
            let ca: Int32Chunked = v.iter().map(|d| d.map(|d| (d - EPOCH).num_days() as i32)).collect();
            ca.into_series().cast(&DataType::Date).expect("i32 to date")
        }
        ("date", DataType::Date) => s.clone(),
        ("dt_paris" | "dt_utc", DataType::String) if is_csv => dt_series(name, from_text(s, parse_datetime)?),
        ("dt_paris" | "dt_utc", DataType::Datetime(_, None)) => {
            s.cast(&DataType::Datetime(TimeUnit::Microseconds, None)).map_err(|e| (None, polars_text(&e)))?
        }
        _ => return Err(wrong_type()),
    };
    Ok(out.with_name(name.into()))
}

/// Runs a raw model: read + type + validate, then add derived columns, in declared order.
pub fn build_raw(spec: &SourceSpec, columns: &[ColumnSpec], grain: &[&str], ctx: &RunContext) -> Result<LazyFrame> {
    if spec.formats == Formats::DatePartitions {
        let df = crate::partitions::read_date_partitions(spec, columns, ctx)?;
        return Ok(finish_raw(spec, columns, df.lazy(), ctx));
    }
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
        let raw = read_csv(&path).unwrap();
        let b: Vec<Option<&str>> = raw.columns[1].str().unwrap().iter().collect();
        assert_eq!(b, vec![Some(""), None, Some("x")]);
    }

    /// A source with one column of each loaded type, for the CSV and Parquet rules below.
    #[derive(pipeline::Schema)]
    #[schema(model = "raw_demo__mixed", layer = "raw", grain = "id", materialized = "view")]
    struct Mixed {
        /// id
        id: String,
        /// free text (not an id)
        label: Option<String>,
        /// a date
        day: Option<chrono::NaiveDate>,
        /// a datetime
        at: Option<pipeline::DtParis>,
        /// a flag
        flag: Option<bool>,
        /// money
        amount: Option<pipeline::Dec2>,
        /// a count
        n: Option<i64>,
    }

    const MIXED_HEADER: &str = "id,label,day,at,flag,amount,n";

    fn mixed_spec() -> SourceSpec {
        SourceSpec::applicative("mixed")
    }

    /// Reads `applicative/mixed.csv` holding `bytes`.
    fn read_mixed_csv(bytes: &[u8]) -> Result<DataFrame> {
        use pipeline::Schema as _;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("applicative")).unwrap();
        std::fs::write(tmp.path().join("applicative/mixed.csv"), bytes).unwrap();
        read_source(&mixed_spec(), Mixed::columns(), Mixed::GRAIN, tmp.path())
    }

    /// Reads `applicative/mixed.parquet` holding `df`.
    fn read_mixed_parquet(mut df: DataFrame) -> Result<DataFrame> {
        use pipeline::Schema as _;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("applicative")).unwrap();
        let f = std::fs::File::create(tmp.path().join("applicative/mixed.parquet")).unwrap();
        ParquetWriter::new(f).finish(&mut df).unwrap();
        read_source(&mixed_spec(), Mixed::columns(), Mixed::GRAIN, tmp.path())
    }

    fn csv_err(text: &str) -> String {
        read_mixed_csv(text.as_bytes()).expect_err("must be rejected").to_string()
    }

    fn assert_mentions(err: &str, parts: &[&str]) {
        for p in parts {
            assert!(err.contains(p), "error `{err}` should mention `{p}`");
        }
    }

    /// A good Parquet frame for `Mixed`; `f` replaces or adds columns.
    fn mixed_frame(f: impl FnOnce(&mut DataFrame)) -> DataFrame {
        let day = Series::new("day".into(), [Some(19000i32), None]).cast(&DataType::Date).unwrap();
        let at = Series::new("at".into(), [Some(1_700_000_000_000_000i64), None])
            .cast(&DataType::Datetime(TimeUnit::Microseconds, None))
            .unwrap();
        let amount = Series::new("amount".into(), [Some(150i128), None]).cast(&DataType::Decimal(18, 2)).unwrap();
        let mut df = DataFrame::new(
            2,
            vec![
                Column::new("id".into(), ["1", "2"]),
                Column::new("label".into(), [Some("a"), None]),
                day.into_column(),
                at.into_column(),
                Column::new("flag".into(), [Some(true), None]),
                amount.into_column(),
                Column::new("n".into(), [Some(1i64), None]),
            ],
        )
        .unwrap();
        f(&mut df);
        df
    }

    const GOOD_ROW: &str = "1,a,2024-01-31,2024-01-31 10:00:00,true,1.5,2";

    /// L-4: a row with fewer or more fields than the header is an error naming its row and
    /// line (it used to be padded with NULLs).
    #[test]
    fn l_4_ragged_rows_are_rejected_with_row_and_line() {
        let err = csv_err(&format!("{MIXED_HEADER}\n{GOOD_ROW}\n2,b,2024-01-31\n"));
        assert_mentions(&err, &["mixed.csv", "row 2 (line 3)", "3 fields, but the header has 7", "ragged"]);
        let err = csv_err(&format!("{MIXED_HEADER}\n{GOOD_ROW}\n{GOOD_ROW},extra\n"));
        assert_mentions(&err, &["row 2 (line 3)", "8 fields, but the header has 7"]);
        // A long ragged row is quoted briefly.
        let long = "x".repeat(100_000);
        let err = csv_err(&format!("{MIXED_HEADER}\n{long}\n"));
        assert_mentions(&err, &["row 1 (line 2)", "1 field,", "100000 bytes in all"]);
        assert!(err.len() < 600, "{} bytes: {err:.300}", err.len());
    }

    /// L-2: two file columns that differ only by case are ambiguous: an error naming both.
    #[test]
    fn l_2_columns_differing_only_by_case_are_rejected() {
        let err = csv_err(&format!("{MIXED_HEADER},AMOUNT\n{GOOD_ROW},9\n"));
        assert_mentions(&err, &["column amount", "`amount` and `AMOUNT`", "case-insensitively"]);
        // One column in another case is fine.
        let df = read_mixed_csv(format!("{}\n{GOOD_ROW}\n", MIXED_HEADER.to_uppercase()).as_bytes()).unwrap();
        assert_eq!(df.height(), 1);
    }

    /// L-4: second 60 (a leap second) is not silently moved to the next minute.
    #[test]
    fn l_4_leap_second_is_rejected() {
        let err = csv_err(&format!("{MIXED_HEADER}\n1,a,2016-12-31,2016-12-31 23:59:60,true,1,1\n"));
        assert_mentions(&err, &["mixed.csv", "column at", "row 1 (id=\"1\")", "`2016-12-31 23:59:60`", "leap second"]);
    }

    /// An unterminated quote gives a short message with row, line and column, never the
    /// rest of the file nor Polars advice.
    #[test]
    fn l_4_unterminated_quote_message_is_short() {
        let rest: String = (0..20_000).map(|i| format!("{i},x,,,,,\n")).collect();
        let err = csv_err(&format!("{MIXED_HEADER}\n{GOOD_ROW}\n2,\"open,,,,,\n{rest}"));
        assert_mentions(&err, &["row 2 (line 3), column label", "unterminated quote"]);
        assert!(err.len() < 400 && !err.contains("truncate_ragged_lines"), "{err:.500}");
        // A later quote "closes" the field: the message names the line it opened on.
        let err = csv_err(&format!("{MIXED_HEADER}\n2,\"open,,,,,\n3,\"x\",,,,,\n"));
        assert_mentions(
            &err,
            &["row 1 (line 2), column label", "(opened on line 2, closed on line 3)", "unterminated"],
        );
    }

    /// Trailing blank lines are ignored; a blank line between rows is rejected with its line.
    #[test]
    fn l_4_blank_lines() {
        for tail in ["\n", "\n\n", "\r\n", "\n\r\n\n"] {
            let df = read_mixed_csv(format!("{MIXED_HEADER}\n{GOOD_ROW}\n{tail}").as_bytes()).unwrap();
            assert_eq!(df.height(), 1, "{tail:?}");
        }
        let df = read_mixed_csv(format!("{MIXED_HEADER}\n{GOOD_ROW}").as_bytes()).unwrap();
        assert_eq!(df.height(), 1, "no final line end");
        let err = csv_err(&format!("{MIXED_HEADER}\n{GOOD_ROW}\n\n2,b,,,,,\n"));
        assert_mentions(&err, &["line 3 is blank"]);
        assert_mentions(&csv_err(""), &["is empty", "no header"]);
        assert_mentions(&csv_err("\n\n"), &["is empty", "no header"]);
    }

    /// A UTF-8 byte-order mark and CRLF line ends are accepted; quoted fields may hold
    /// separators, doubled quotes and line ends.
    #[test]
    fn l_4_bom_crlf_and_quoting() {
        let text = format!("\u{feff}{MIXED_HEADER}\r\n{GOOD_ROW}\r\n2,\"b,\"\"c\"\"\r\nd\",,,,,\r\n");
        let df = read_mixed_csv(text.as_bytes()).unwrap();
        let labels: Vec<Option<&str>> = df.column("label").unwrap().str().unwrap().iter().collect();
        assert_eq!(labels, [Some("a"), Some("b,\"c\"\r\nd")]);
        assert_eq!(df.column("n").unwrap().i64().unwrap().get(0), Some(2));
        let err = csv_err(&format!("{MIXED_HEADER}\n1,\"a\"b,,,,,\n"));
        assert_mentions(&err, &["row 1 (line 2), column label", "unexpected `b` after the quoted value \"a\""]);
    }

    /// Bytes that are not UTF-8 are reported with their line and byte offset.
    #[test]
    fn l_4_invalid_utf8_gives_line_and_byte_offset() {
        let mut bytes = format!("{MIXED_HEADER}\n{GOOD_ROW}\n2,").into_bytes();
        let offset = bytes.len();
        bytes.extend_from_slice(b"caf\xe9,,,,,\n");
        let err = read_mixed_csv(&bytes).unwrap_err().to_string();
        assert_mentions(&err, &["line 3", &format!("byte offset {}", offset + 3), "0xE9", "UTF-8"]);
    }

    /// A `;`-separated file is named as such instead of "column missing".
    #[test]
    fn l_4_wrong_separator_is_named() {
        let err = csv_err(&format!("{}\n", MIXED_HEADER.replace(',', ";")));
        assert_mentions(&err, &["separator must be `,`", "';'"]);
    }

    /// L-1: a directory where a source file should be is named as such.
    #[test]
    fn l_1_directory_instead_of_file() {
        use pipeline::Schema as _;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("applicative/mixed.csv")).unwrap();
        let err = read_source(&mixed_spec(), Mixed::columns(), Mixed::GRAIN, tmp.path()).unwrap_err().to_string();
        assert_mentions(&err, &["mixed.csv", "is a directory, not a file"]);
    }

    /// L-3: dictionary-encoded text (pandas / pyarrow categoricals) is text.
    #[test]
    fn l_3_parquet_dictionary_encoded_text_is_accepted() {
        let df = read_mixed_parquet(mixed_frame(|df| {
            for name in ["id", "label"] {
                let c = df.column(name).unwrap().cast(&DataType::from_categories(Categories::global())).unwrap();
                df.with_column(c).unwrap();
            }
        }))
        .unwrap();
        assert_eq!(df.column("id").unwrap().dtype(), &DataType::String);
        let labels: Vec<Option<&str>> = df.column("label").unwrap().str().unwrap().iter().collect();
        assert_eq!(labels, [Some("a"), None]);
    }

    /// L-3: Parquet text is refused for date, datetime, bool, i64 and f64 columns; an integer
    /// is refused for a text column that is not an id.
    #[test]
    fn l_3_parquet_types_are_enforced() {
        for (column, text) in [("day", "2024-01-31"), ("at", "2024-01-31 10:00:00"), ("flag", "true"), ("n", "1")] {
            let err = read_mixed_parquet(mixed_frame(|df| {
                df.with_column(Column::new(column.into(), [Some(text), None])).unwrap();
            }))
            .unwrap_err()
            .to_string();
            assert_mentions(&err, &["mixed.parquet", &format!("column {column}:"), "UTF8 text", "(L-3)"]);
        }
        let err = read_mixed_parquet(mixed_frame(|df| {
            df.with_column(Column::new("label".into(), [Some(5i64), None])).unwrap();
        }))
        .unwrap_err()
        .to_string();
        assert_mentions(&err, &["column label", "only an id column may be stored as integers"]);
        // Decimal text for a dec2 stays accepted.
        let df = read_mixed_parquet(mixed_frame(|df| {
            df.with_column(Column::new("amount".into(), [Some("1.50"), None])).unwrap();
        }))
        .unwrap();
        assert_eq!(df.column("amount").unwrap().dtype(), &DataType::Decimal(18, 2));
    }

    /// Parquet values that overflow the declared type are reported with their row and key.
    #[test]
    fn l_3_parquet_overflow_gives_row() {
        let err = read_mixed_parquet(mixed_frame(|df| {
            df.with_column(Column::new("n".into(), [Some(1u64), Some(u64::MAX)])).unwrap();
        }))
        .unwrap_err()
        .to_string();
        assert_mentions(&err, &["column n", "row 2 (id=\"2\")", "18446744073709551615", "overflow"]);
        let big = Series::new("amount".into(), [None, Some(10i128.pow(30))]).cast(&DataType::Decimal(38, 2)).unwrap();
        let err = read_mixed_parquet(mixed_frame(|df| {
            df.with_column(big.into_column()).unwrap();
        }))
        .unwrap_err()
        .to_string();
        assert_mentions(&err, &["column amount", "row 2 (id=\"2\")", "overflow"]);
    }

    /// A file that is not Parquet gives one short line.
    #[test]
    fn l_3_corrupt_parquet_is_one_short_line() {
        use pipeline::Schema as _;
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(tmp.path().join("applicative")).unwrap();
        std::fs::write(tmp.path().join("applicative/mixed.parquet"), "id,label\n".repeat(10_000)).unwrap();
        let err = read_source(&mixed_spec(), Mixed::columns(), Mixed::GRAIN, tmp.path()).unwrap_err().to_string();
        assert_mentions(&err, &["mixed.parquet", "cannot be read as Parquet"]);
        assert!(err.len() < 400 && !err.contains('\n'), "{err}");
    }

    /// Messages quote at most PREVIEW_CHARS characters of a value.
    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "9".repeat(1_000_000);
        let err = csv_err(&format!("{MIXED_HEADER}\n1,a,{long},,,,\n"));
        assert_mentions(&err, &["column day", "row 1", "1000000 bytes in all"]);
        assert!(err.len() < 600, "{} bytes", err.len());
    }
}
