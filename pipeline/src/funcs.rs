//! The spec's shared functions (README §9) and SQL-semantics helpers as Polars expressions.
//!
//! Every helper here follows the spec's NULL rules (C-15…C-19) and ordering rules
//! (C-20…C-24) so models never re-implement them. Pure string functions
//! (`humanize_id`, `json_scalar`, …) are plain Rust functions too, unit-tested on the
//! spec's examples, and lifted into expressions with [`map_str`].
//! Nothing here knows a model.

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use polars::prelude::*;

#[cfg(test)]
use crate::schema::parse_dec2;
use crate::schema::{Dec2, EPOCH};

// ---------------------------------------------------------------- literals and casts

/// The `dec2` dtype (`Decimal(18, 2)`).
pub fn dec2_dtype() -> DataType {
    DataType::Decimal(Dec2::PRECISION, Dec2::SCALE)
}

/// A `dec2` literal from cents.
pub fn lit_dec2(cents: i128) -> Expr {
    lit(Series::from_any_values_and_dtype(
        PlSmallStr::from_static("literal"),
        &[AnyValue::Decimal(cents, Dec2::PRECISION, Dec2::SCALE)],
        &dec2_dtype(),
        true,
    )
    .expect("decimal literal"))
    .first()
}

/// Casts to `dec2` (after exact decimal arithmetic, which widens the precision).
pub fn to_dec2(e: Expr) -> Expr {
    e.strict_cast(dec2_dtype())
}

/// A date literal.
pub fn lit_date(d: NaiveDate) -> Expr {
    lit((d - EPOCH).num_days() as i32).cast(DataType::Date)
}

/// A naive datetime literal (µs), for comparisons in the same wall-clock (C-5).
pub fn lit_datetime(d: NaiveDateTime) -> Expr {
    lit(d.and_utc().timestamp_micros()).cast(DataType::Datetime(TimeUnit::Microseconds, None))
}

/// A typed NULL literal.
pub fn null_of(dtype: DataType) -> Expr {
    lit(NULL).cast(dtype)
}

pub fn null_str() -> Expr {
    null_of(DataType::String)
}

/// `date(x)` (C-14): the calendar date of a naive datetime's own wall-clock.
pub fn date_of(e: Expr) -> Expr {
    e.cast(DataType::Date)
}

/// `days_between(a, b)` = `b − a` in calendar days (C-7), as i64.
pub fn days_between(a: Expr, b: Expr) -> Expr {
    date_of(b).cast(DataType::Int32).cast(DataType::Int64) - date_of(a).cast(DataType::Int32).cast(DataType::Int64)
}

/// `exact_age(ref, birth)` (C-26), as i64; NULL if either is NULL.
pub fn exact_age(reference: Expr, birth: Expr) -> Expr {
    let r = date_of(reference);
    let b = date_of(birth);
    let md = |d: &Expr| {
        d.clone().dt().month().cast(DataType::Int64) * lit(100i64) + d.clone().dt().day().cast(DataType::Int64)
    };
    let not_yet = md(&b).gt(md(&r)).cast(DataType::Int64);
    r.clone().dt().year().cast(DataType::Int64) - b.clone().dt().year().cast(DataType::Int64) - not_yet
}

/// `d − n years` keeping month/day, Feb 29 → Feb 28 in a non-leap year (C-7).
pub fn minus_years(d: NaiveDate, n: i32) -> NaiveDate {
    let y = d.year() - n;
    NaiveDate::from_ymd_opt(y, d.month(), d.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, d.month(), d.day() - 1))
        .expect("valid date after year shift")
}

// ---------------------------------------------------------------- strings

/// Lifts a NULL-aware string function into an elementwise expression.
pub fn map_str<F>(e: Expr, f: F) -> Expr
where
    F: Fn(Option<&str>) -> Option<String> + Send + Sync + 'static,
{
    e.map(
        move |c: Column| {
            let ca = c.str()?;
            let out: StringChunked = ca.iter().map(&f).collect();
            Ok(out.with_name(ca.name().clone()).into_column())
        },
        |_, field| Ok(Field::new(field.name().clone(), DataType::String)),
    )
}

/// `trim_sp(s)` (C-30): strips leading and trailing U+0020 only.
pub fn trim_sp(e: Expr) -> Expr {
    e.str().strip_chars(lit(" "))
}

/// `lower(s)` (C-30): Unicode lower case.
pub fn lower(e: Expr) -> Expr {
    e.str().to_lowercase()
}

/// `contains_ci(s, needle)` (C-32); NULL when `s` is NULL.
pub fn contains_ci(e: Expr, needle: &str) -> Expr {
    lower(e).str().contains_literal(lit(needle.to_lowercase()))
}

/// String concatenation; NULL if any part is NULL (C-17).
pub fn concat(parts: Vec<Expr>) -> Expr {
    concat_str(parts, "", false)
}

/// `humanize_id(id)` (C-27) as an expression.
pub fn humanize_id_expr(e: Expr) -> Expr {
    map_str(e, |s| s.and_then(humanize_id))
}

/// `humanize_id(id)` (C-27): digits only (arbitrary size), big-endian bytes, base32 without
/// padding, `O`→`8`, `I`→`9`. `"0"` → `""`; anything else than ASCII digits → NULL.
pub fn humanize_id(id: &str) -> Option<String> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Decimal text → big-endian bytes by repeated division by 256.
    let mut digits: Vec<u32> = id.bytes().map(|b| (b - b'0') as u32).collect();
    let mut bytes = Vec::new();
    while digits.iter().any(|&d| d != 0) {
        let mut rem = 0u32;
        let mut next = Vec::with_capacity(digits.len());
        for d in digits {
            let cur = rem * 10 + d;
            let q = cur / 256;
            rem = cur % 256;
            if !next.is_empty() || q != 0 {
                next.push(q);
            }
        }
        bytes.push(rem as u8);
        digits = next;
    }
    bytes.reverse();
    const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let mut out = String::new();
    let mut buffer: u32 = 0;
    let mut bits = 0;
    for b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    Some(out.replace('O', "8").replace('I', "9"))
}

/// `json_scalar(text, key)` (C-28) as an expression.
pub fn json_scalar_expr(e: Expr, key: &'static str) -> Expr {
    map_str(e, move |s| s.and_then(|t| json_scalar(t, &[key])))
}

/// `json_raw(text, key)` (C-29) as an expression.
pub fn json_raw_expr(e: Expr, key: &'static str) -> Expr {
    map_str(e, move |s| s.and_then(|t| json_raw(t, &[key])))
}

/// `dept_from_postal(p)` (C-31) as an expression.
pub fn dept_from_postal_expr(e: Expr) -> Expr {
    map_str(e, |s| s.and_then(dept_from_postal))
}

/// Navigates `path` (object keys) in JSON `text`; `None` when unparsable or missing.
fn json_lookup<'a>(text: &'a str, path: &[&str]) -> Option<&'a serde_json::value::RawValue> {
    let mut cur: &serde_json::value::RawValue = serde_json::from_str(text).ok()?;
    for key in path {
        let obj: std::collections::BTreeMap<String, &serde_json::value::RawValue> =
            serde_json::from_str(cur.get()).ok()?;
        cur = obj.get(*key).copied()?;
    }
    Some(cur)
}

/// `json_scalar(text, path)` (C-28): strings unescaped, numbers as written, booleans as
/// `true`/`false`; NULL for a missing key, `null`, an object or an array.
pub fn json_scalar(text: &str, path: &[&str]) -> Option<String> {
    let raw = json_lookup(text, path)?.get().trim();
    match raw.as_bytes().first()? {
        b'"' => serde_json::from_str::<String>(raw).ok(),
        b'{' | b'[' | b'n' => None,
        _ => Some(raw.to_string()),
    }
}

/// `json_raw(text, path)` (C-29): the compact JSON text of the value (numbers keep their
/// literal text); NULL for a missing key or `null`.
pub fn json_raw(text: &str, path: &[&str]) -> Option<String> {
    let raw = json_lookup(text, path)?.get().trim();
    if raw == "null" {
        return None;
    }
    // Compact: drop whitespace outside string literals, keep everything else verbatim.
    let mut out = String::with_capacity(raw.len());
    let mut in_str = false;
    let mut escaped = false;
    for ch in raw.chars() {
        if in_str {
            out.push(ch);
            if escaped {
                escaped = false;
            } else if ch == '\\' {
                escaped = true;
            } else if ch == '"' {
                in_str = false;
            }
        } else if ch == '"' {
            in_str = true;
            out.push(ch);
        } else if !ch.is_whitespace() {
            out.push(ch);
        }
    }
    Some(out)
}

/// `dept_from_postal(p)` (C-31); the empty string behaves as NULL (D-18).
pub fn dept_from_postal(p: &str) -> Option<String> {
    let chars: Vec<char> = p.chars().collect();
    if chars.len() < 2 {
        return None;
    }
    let prefix = |n: usize| -> Option<String> { (chars.len() >= n).then(|| chars[..n].iter().collect()) };
    if p == "97150" {
        return Some("978".into());
    }
    let two = prefix(2).expect("len >= 2");
    if two == "97" || two == "98" {
        // "first 3 chars" of a 2-char code is the code itself (SQL SUBSTR semantics).
        return Some(chars.iter().take(3).collect());
    }
    if let Some(three) = prefix(3) {
        if ["200", "201", "205", "209"].contains(&three.as_str()) {
            return Some("2A".into());
        }
        if ["202", "206"].contains(&three.as_str()) {
            return Some("2B".into());
        }
    }
    Some(two)
}

// ---------------------------------------------------------------- gathers

/// `column.take(idx)`, gathering a column of several chunks as one chunk.
///
/// Polars 0.55 gathers a column of several chunks — any table read back from Parquet, one
/// chunk per row group — row by row, finding each index's chunk; a string column that way
/// also copies every picked string into fresh buffers. From one chunk, strings are gathered by
/// copying their 16-byte views (the string buffers are shared) and other types by a plain
/// indexed copy. Making the column one chunk first costs one copy of it, worth it unless few
/// rows are picked (Polars' own rule for lists: fewer than one in 64). At scale 16 this took
/// `exp_clickhouse__booking`'s reorder of 13M rows from 24 s to 13 s.
pub fn gather(column: &Column, idx: &IdxCa) -> PolarsResult<Column> {
    if column.n_chunks() > 1 && idx.len().saturating_mul(64) >= column.len() {
        return column.rechunk().take(idx);
    }
    column.take(idx)
}

// ---------------------------------------------------------------- ordering and ranking

/// Sort direction of one key. Ascending puts NULLs first, descending puts them last (C-21).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Asc,
    Desc,
}

/// One sort key. Strings sort byte-wise (C-22), which is Polars' string order.
pub fn asc(e: Expr) -> (Expr, Dir) {
    (e, Dir::Asc)
}
pub fn desc(e: Expr) -> (Expr, Dir) {
    (e, Dir::Desc)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    RowNumber,
    Rank,
}

/// `ROW_NUMBER() OVER (PARTITION BY partition ORDER BY order)` as i64 (C-23). NULL
/// partition keys form one group (C-20).
pub fn row_number(partition: Vec<Expr>, order: Vec<(Expr, Dir)>) -> Expr {
    numbering(partition, order, Numbering::RowNumber)
}

/// `RANK() OVER (PARTITION BY partition ORDER BY order)` as i64 (C-24): rows equal on
/// every sort key share the rank (1 + rows of the partition strictly before), the next
/// rank skips.
pub fn rank(partition: Vec<Expr>, order: Vec<(Expr, Dir)>) -> Expr {
    numbering(partition, order, Numbering::Rank)
}

/// Window numbering computed in one pass over whole columns. The partition keys are first
/// reduced to one integer group id by hashing (NULLs form one group, C-20), so the sort is by
/// (group id, order keys) with the spec's directions and NULL placement (C-21; strings
/// byte-wise, C-22) instead of by every partition string; then one walk over the sorted rows
/// numbers them. Done as one group-wise function rather than Polars `over` + `sort_by`, whose
/// results are wrong in Polars 0.55 when the sorted value is computed inside the window (see
/// `c_20_to_24_row_number_and_rank`). Being group-wise, the optimiser never pushes a filter
/// below it.
fn numbering(partition: Vec<Expr>, order: Vec<(Expr, Dir)>, kind: Numbering) -> Expr {
    assert!(!order.is_empty(), "a window numbering needs at least one sort key");
    let n_part = partition.len();
    let dirs: Vec<Dir> = order.iter().map(|(_, d)| *d).collect();
    let mut inputs: Vec<Expr> = partition;
    inputs.extend(order.into_iter().map(|(e, _)| e));
    let first = inputs.remove(0);
    first.apply_many(
        move |cols: &mut [Column]| {
            let n = cols[0].len();
            let gid = group_ids(n, &cols[..n_part])?.into_column();
            let names: Vec<PlSmallStr> = (0..cols.len() - n_part).map(|i| format!("k{i}").into()).collect();
            let mut key_cols: Vec<Column> = vec![gid];
            key_cols.extend(cols[n_part..].iter().zip(&names).map(|(c, name)| c.clone().with_name(name.clone())));
            let order_idx = window_order(&key_cols, &dirs)?;
            let mut sorted_keys = key_cols.iter().map(|c| gather(c, &order_idx));
            let gids: Vec<IdxSize> = sorted_keys.next().expect("the group id")?.idx()?.into_no_null_iter().collect();
            let order_idx: Vec<IdxSize> = order_idx.into_no_null_iter().collect();
            // "Differs from the previous sorted row" on the order keys (NULL = NULL): only a
            // RANK needs it.
            let new_peers = if kind == Numbering::Rank {
                let mut acc = vec![false; n];
                for k in sorted_keys {
                    let k = k?;
                    let k = k.as_materialized_series();
                    let differs = k.not_equal_missing(&k.shift(1))?;
                    for (a, d) in acc.iter_mut().zip(differs.iter()) {
                        *a |= d.unwrap_or(true);
                    }
                }
                acc
            } else {
                Vec::new()
            };
            let mut out = vec![0i64; n];
            let (mut row_number, mut rank) = (0i64, 0i64);
            for (pos, &row) in order_idx.iter().enumerate() {
                if pos == 0 || gids[pos] != gids[pos - 1] {
                    row_number = 1;
                    rank = 1;
                } else {
                    row_number += 1;
                    if kind == Numbering::Rank && new_peers[pos] {
                        rank = row_number;
                    }
                }
                out[row as usize] = if kind == Numbering::Rank { rank } else { row_number };
            }
            Ok(Int64Chunked::from_vec("numbering".into(), out).into_column())
        },
        &inputs,
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Int64)),
    )
}

/// The rows of a window function in evaluation order: by group id (`keys[0]`), then by the
/// order keys (`keys[1..]`, directions `dirs`, NULLs first ascending and last descending,
/// C-21), ties in row order. Every ascending is Polars' default stable order, which
/// [`lexicographic_indices`] gives from packed leading keys, sorting only their ties: Polars'
/// multi-column sort compares column by column and slows down on the group id's many ties
/// (16M bookings of 1.6M users at scale 16).
fn window_order(keys: &[Column], dirs: &[Dir]) -> PolarsResult<IdxCa> {
    if dirs.iter().all(|d| *d == Dir::Asc) {
        return lexicographic_indices(keys);
    }
    let n = keys.first().map_or(0, |c| c.len());
    let mut with_row = keys.to_vec();
    with_row.push(IdxCa::from_vec("__row".into(), (0..n as IdxSize).collect()).into_column());
    let sort_by: Vec<PlSmallStr> = keys.iter().map(|c| c.name().clone()).collect();
    let mut descending = vec![false];
    descending.extend(dirs.iter().map(|d| *d == Dir::Desc));
    let sorted = DataFrame::new(n, with_row)?.sort(
        sort_by,
        SortMultipleOptions::default()
            .with_order_descending_multi(descending.clone())
            .with_nulls_last_multi(descending)
            .with_maintain_order(true),
    )?;
    Ok(sorted.column("__row")?.idx()?.clone())
}

/// The row indices of `keys` in sorted order (per key: `descending`, `nulls_last`), ties kept
/// in row order. Polars' multi-column sort compares column by column through dynamic
/// accessors, which with many ties (an export ordered by four strings) took 111 s for 13M
/// rows. Here the keys become one integer per row when their dense ranks fit in 128 bits
/// ([`packed_sorted_indices`]), else one byte string per row (row encoding), whose order is
/// the keys' order; the row number is part of either, so ties keep their order. Floats are
/// not accepted (their encoding may not tie where Polars' comparison does).
pub fn sorted_indices(keys: &[Column], descending: &[bool], nulls_last: &[bool]) -> PolarsResult<IdxCa> {
    polars_ensure!(
        keys.iter().all(|k| !k.dtype().is_float()),
        InvalidOperation: "sorted_indices: float sort keys are not supported"
    );
    if let [key] = keys {
        // One key (a table's single-column grain): Polars' stable arg sort compares the values
        // directly, where packing would hash them and then sort the distinct ones, which for a
        // grain of distinct ids are all of them.
        let options = SortOptions {
            descending: descending[0],
            nulls_last: nulls_last[0],
            multithreaded: true,
            maintain_order: true,
            ..Default::default()
        };
        return Ok(key.as_materialized_series().arg_sort(options).with_name("idx".into()));
    }
    match packed_sorted_indices(keys, descending, nulls_last, 128)? {
        Some(idx) => Ok(idx),
        None => encoded_sorted_indices(keys, descending, nulls_last),
    }
}

/// [`sorted_indices`] by row-encoded keys: any key type but floats, any number of keys.
fn encoded_sorted_indices(keys: &[Column], descending: &[bool], nulls_last: &[bool]) -> PolarsResult<IdxCa> {
    let n = keys.first().map_or(0, |c| c.len());
    let mut cols = keys.to_vec();
    cols.push(IdxCa::from_vec("__row".into(), (0..n as IdxSize).collect()).into_column());
    let (mut descending, mut nulls_last) = (descending.to_vec(), nulls_last.to_vec());
    descending.push(false);
    nulls_last.push(false);
    let rows = polars::chunked_array::ops::row_encode::_get_rows_encoded_ca(
        "rows".into(),
        &cols,
        &descending,
        &nulls_last,
        false,
    )?;
    // Every encoded row is distinct (it ends with the row number), so an unstable sort is stable.
    Ok(rows.arg_sort(SortOptions { multithreaded: true, maintain_order: false, ..Default::default() }))
}

/// One id per distinct combination of `keys`, named `gid`, dense and numbered in order of
/// first appearance (NULLs are one value, C-20). With no key every one of the `n` rows is in
/// group 0.
///
/// Each key gets its own dense codes first ([`key_codes`]: a string column through a map of
/// its distinct strings, a sorted column by its runs), the codes are combined into one integer
/// per row, and the combinations numbered through one map of integers. Row-encoding every key
/// of every row and hashing those byte strings (as before) allocated ~40 bytes a row: about
/// 3 GB for the 67M rows of `int_metric__diversity_daily_booking`'s rank test at scale 16,
/// whose model peaked at 13.6 GB then and 10.6 GB now. The test's time did not change (~25 s):
/// both ways are bound by random access to the maps.
fn group_ids(n: usize, keys: &[Column]) -> PolarsResult<IdxCa> {
    group_ids_within(n, keys, u64::MAX)
}

/// [`group_ids`], renumbering the combined codes whenever they would exceed `limit` (a test
/// makes it small).
fn group_ids_within(n: usize, keys: &[Column], limit: u64) -> PolarsResult<IdxCa> {
    if keys.is_empty() {
        return Ok(IdxCa::from_vec("gid".into(), vec![0; n]));
    }
    let mut combined: Option<(Vec<u64>, u64)> = None;
    for key in keys {
        let (codes, values) = key_codes(key)?;
        combined = Some(match combined {
            None => (codes.into_iter().map(u64::from).collect(), values),
            Some((mut acc, acc_values)) => {
                // Renumber the combinations seen so far (at most one per row) when the next
                // key's codes would not fit beside them.
                let acc_values = match acc_values.checked_mul(values).filter(|&c| c <= limit) {
                    Some(_) => acc_values,
                    None => {
                        let (dense, seen) = first_appearance_ids(&acc);
                        acc = dense.into_iter().map(u64::from).collect();
                        seen
                    }
                };
                acc.iter_mut().zip(codes).for_each(|(a, c)| *a = *a * values + u64::from(c));
                (acc, acc_values * values)
            }
        });
    }
    let (acc, _) = combined.expect("at least one key");
    // One key's codes are already numbered in order of first appearance.
    let gid =
        if keys.len() == 1 { acc.into_iter().map(|c| c as IdxSize).collect() } else { first_appearance_ids(&acc).0 };
    Ok(IdxCa::from_vec("gid".into(), gid))
}

/// Each row's `value` numbered 0, 1, … in order of first appearance, with how many there are.
fn first_appearance_ids(values: &[u64]) -> (Vec<IdxSize>, u64) {
    let mut ids: PlHashMap<u64, IdxSize> = PlHashMap::default();
    let numbered = values
        .iter()
        .map(|v| {
            let next = ids.len() as IdxSize;
            *ids.entry(*v).or_insert(next)
        })
        .collect();
    (numbered, ids.len() as u64)
}

/// One key's dense codes (0, 1, … in order of first appearance, NULL one value) and how many
/// distinct values it has.
fn key_codes(key: &Column) -> PolarsResult<(Vec<IdxSize>, u64)> {
    let n = key.len();
    let s = key.as_materialized_series();
    let mut codes: Vec<IdxSize> = Vec::with_capacity(n);
    if s.is_sorted_flag() != polars::series::IsSorted::Not {
        // A column known to be sorted (a table's leading grain key, flagged by the runner once
        // it has checked the order): equal values are neighbours, so each value is a run,
        // found by comparing every row with the one before (NULL = NULL, C-20).
        let differs = s.not_equal_missing(&s.shift(1))?;
        let mut id: IdxSize = 0;
        codes.extend(differs.iter().enumerate().map(|(row, d)| {
            if row > 0 && d.unwrap_or(true) {
                id += 1;
            }
            id
        }));
        return Ok((codes, if n == 0 { 0 } else { id as u64 + 1 }));
    }
    fn number<'a>(ids: &mut PlHashMap<Option<&'a [u8]>, IdxSize>, v: Option<&'a [u8]>) -> IdxSize {
        let next = ids.len() as IdxSize;
        *ids.entry(v).or_insert(next)
    }
    let encoded;
    let mut ids: PlHashMap<Option<&[u8]>, IdxSize> = PlHashMap::default();
    if let Ok(strings) = s.str() {
        for arr in strings.downcast_iter() {
            codes.extend(arr.iter().map(|v| number(&mut ids, v.map(str::as_bytes))));
        }
    } else {
        // Other types: each value's unordered row encoding (NULL is its own encoding).
        encoded = polars::chunked_array::ops::row_encode::encode_rows_unordered(std::slice::from_ref(key))?;
        for arr in encoded.downcast_iter() {
            codes.extend(arr.values_iter().map(|v| number(&mut ids, Some(v))));
        }
    }
    let values = ids.len() as u64;
    Ok((codes, values))
}

/// [`sorted_indices`] by integer keys, when they fit in `max_bits` (128 at most): each key
/// becomes its dense rank in its direction (one single-column sort each, Polars' own), NULL
/// the rank before the first or after the last, and the ranks with the row number are packed
/// into one integer whose order is the keys' order, ties in row order. Sorting those integers
/// is several times cheaper than comparing byte strings: four string keys of 13M rows
/// (`exp_clickhouse__booking`) took 76 s as encoded rows. `None` when a key's type has no
/// rank here or the ranks do not fit.
fn packed_sorted_indices(
    keys: &[Column],
    descending: &[bool],
    nulls_last: &[bool],
    max_bits: u32,
) -> PolarsResult<Option<IdxCa>> {
    Ok(packed_sort(keys, descending, nulls_last, max_bits, false)?.map(|p| p.indices()))
}

/// Rows sorted by packed keys ([`packed_sorted_indices`]).
struct Packed {
    /// Per row in sorted order: the packed ranks of its keys above `row_bits`, its row number
    /// below.
    sorted: Vec<u128>,
    row_bits: u32,
    /// How many leading keys were packed (all of them unless a prefix was allowed).
    keys_used: usize,
}

impl Packed {
    fn indices(self) -> IdxCa {
        let mask = (1u128 << self.row_bits) - 1;
        IdxCa::from_vec("idx".into(), self.sorted.into_iter().map(|p| (p & mask) as IdxSize).collect())
    }
}

/// Sorts the rows by packed dense ranks of `keys`; with `prefix`, of the leading keys that are
/// rankable and fit (at least one), stopping early at a prefix that has as many combinations of
/// values as there are rows; without, of all of them or `None`.
fn packed_sort(
    keys: &[Column],
    descending: &[bool],
    nulls_last: &[bool],
    max_bits: u32,
    prefix: bool,
) -> PolarsResult<Option<Packed>> {
    let n = keys.first().map_or(0, |c| c.len());
    let bits_for = |values: u64| 64 - values.leading_zeros();
    let rankable = |d: &DataType| {
        d.is_integer() || matches!(d, DataType::String | DataType::Boolean | DataType::Date | DataType::Datetime(_, _))
    };
    let lead = keys.iter().take_while(|k| rankable(k.dtype())).count();
    if n < 2 || lead == 0 || (!prefix && lead < keys.len()) {
        return Ok(None);
    }
    let row_bits = bits_for(n as u64);
    let mut total = row_bits;
    let mut codes: Vec<(Vec<u64>, u32)> = Vec::with_capacity(lead);
    let mut combinations: u64 = 1;
    for ((key, &desc), &last) in keys[..lead].iter().zip(descending).zip(nulls_last) {
        let (code, values) = dense_codes(key, desc, last)?;
        let bits = bits_for(values.saturating_sub(1)).max(1);
        if total + bits > max_bits {
            if prefix && !codes.is_empty() {
                break;
            }
            return Ok(None);
        }
        total += bits;
        codes.push((code, bits));
        // A prefix with as many combinations as rows may already tell every row apart; the
        // rows it does not are few, and the tie pass orders them (a rank costs a sort).
        combinations = combinations.saturating_mul(values);
        if prefix && combinations >= n as u64 {
            break;
        }
    }
    let keys_used = codes.len();
    let mut sorted: Vec<u128> = (0..n)
        .map(|row| {
            let key = codes.iter().fold(0u128, |acc, (c, bits)| (acc << bits) | c[row] as u128);
            (key << row_bits) | row as u128
        })
        .collect();
    drop(codes);
    sorted.sort_unstable();
    Ok(Some(Packed { sorted, row_bits, keys_used }))
}

/// Each row's value of `key` as its position among the key's distinct values (NULL one of
/// them) in the order `descending` / `nulls_last`, with the number of distinct values.
///
/// Strings are hashed to group ids and only the distinct values are sorted: a table has far
/// fewer venues or offers than rows, and Polars' dense rank sorts every row's string (four
/// string keys of 13M rows spent ~50 s ranking in `exp_clickhouse__booking`'s order). Other
/// types use Polars' dense rank.
fn dense_codes(key: &Column, descending: bool, nulls_last: bool) -> PolarsResult<(Vec<u64>, u64)> {
    let n = key.len();
    if key.dtype() == &DataType::String {
        let (gid, groups) = dense_group_ids(n, std::slice::from_ref(key))?;
        let mut first = vec![IdxSize::MAX; groups];
        for (row, &g) in gid.iter().enumerate() {
            if first[g] == IdxSize::MAX {
                first[g] = row as IdxSize;
            }
        }
        let distinct = gather(key, &IdxCa::from_vec("first".into(), first))?;
        let order = distinct.as_materialized_series().arg_sort(SortOptions {
            descending,
            nulls_last,
            multithreaded: true,
            maintain_order: false,
            ..Default::default()
        });
        let mut code_of = vec![0u64; groups];
        for (position, g) in order.into_no_null_iter().enumerate() {
            code_of[g as usize] = position as u64;
        }
        return Ok((gid.iter().map(|&g| code_of[g]).collect(), groups as u64));
    }
    let ranks = key.as_materialized_series().rank(RankOptions { method: RankMethod::Dense, descending }, None);
    let ranks = ranks.idx()?;
    let distinct = ranks.max().unwrap_or(0) as u64;
    // Ranks are 1..=distinct; NULL takes 0 (first) or distinct + 1 (last).
    let null_code = if nulls_last { distinct + 1 } else { 0 };
    Ok((ranks.iter().map(|r| r.map_or(null_code, u64::from)).collect(), distinct + 2))
}

/// The stable ascending order of the rows by every key in turn, NULLs first: the order of
/// Polars' `DataFrame::sort(keys, maintain_order)`, for any key types (floats included) and
/// any number of keys, such as every column of a table that has neither grain nor order.
///
/// Comparing rows by every column costs a comparator call per key per comparison, and most
/// comparisons are decided by the first few keys; so the rows are sorted by as many leading
/// keys as pack into 128 bits ([`packed_sorted_indices`]), and only the rows tied on all of
/// those are sorted by the other keys, with Polars' sort, run by run. At 16M events
/// (`int_firebase__native_event`, ~80 columns) Polars' sort of every row by every column
/// took 138 s.
pub fn lexicographic_indices(keys: &[Column]) -> PolarsResult<IdxCa> {
    lexicographic_indices_within(keys, 128)
}

/// [`lexicographic_indices`] packing at most `max_bits` (a test makes it small).
fn lexicographic_indices_within(keys: &[Column], max_bits: u32) -> PolarsResult<IdxCa> {
    let n = keys.first().map_or(0, |c| c.len());
    let flags = vec![false; keys.len()];
    let Some(packed) = packed_sort(keys, &flags, &flags, max_bits, true)? else {
        return polars_sorted_indices(keys);
    };
    let used = packed.keys_used;
    if used == keys.len() {
        return Ok(packed.indices());
    }
    // Positions (in sorted order) of the rows tied with a neighbour on the packed keys, and
    // the run each belongs to.
    let shift = packed.row_bits;
    let sorted = &packed.sorted;
    let same = |i: usize| i > 0 && sorted[i - 1] >> shift == sorted[i] >> shift;
    let (mut positions, mut runs): (Vec<usize>, Vec<IdxSize>) = (Vec::new(), Vec::new());
    let mut run: IdxSize = 0;
    for i in 0..n {
        let tied_before = same(i);
        if tied_before || (i + 1 < n && same(i + 1)) {
            if !tied_before {
                run += 1;
            }
            positions.push(i);
            runs.push(run);
        }
    }
    let mask = (1u128 << shift) - 1;
    let mut order: Vec<IdxSize> = sorted.iter().map(|p| (p & mask) as IdxSize).collect();
    drop(packed);
    if positions.is_empty() {
        return Ok(IdxCa::from_vec("idx".into(), order));
    }
    // The tied rows, listed run by run and in row order within a run (the packed order), are
    // sorted by (run, remaining keys) keeping that order among equals; each position then
    // takes the row sorted into its place.
    let rows = IdxCa::from_vec("__row".into(), positions.iter().map(|&i| order[i]).collect());
    let mut cols = vec![IdxCa::from_vec("__run".into(), runs).into_column()];
    for (i, k) in keys[used..].iter().enumerate() {
        cols.push(gather(k, &rows)?.with_name(format!("__k{i}").into()));
    }
    let resolved = polars_sorted_indices(&cols)?;
    let rows: Vec<IdxSize> = rows.into_no_null_iter().collect();
    for (&pos, r) in positions.iter().zip(resolved.into_no_null_iter()) {
        order[pos] = rows[r as usize];
    }
    Ok(IdxCa::from_vec("idx".into(), order))
}

/// Polars' stable ascending sort of the rows by `keys`, as row indices.
fn polars_sorted_indices(keys: &[Column]) -> PolarsResult<IdxCa> {
    let n = keys.first().map_or(0, |c| c.len());
    let mut cols = keys.to_vec();
    let names: Vec<PlSmallStr> = cols.iter().map(|c| c.name().clone()).collect();
    cols.push(IdxCa::from_vec("__row".into(), (0..n as IdxSize).collect()).into_column());
    let sorted = DataFrame::new(n, cols)?.sort(names, SortMultipleOptions::default().with_maintain_order(true))?;
    Ok(sorted.column("__row")?.idx()?.clone().with_name("idx".into()))
}

/// [`group_ids`] as indices for per-group arrays, with the number of groups: ids are dense
/// (0, 1, … in order of first appearance), so `groups` is one past the largest.
fn dense_group_ids(n: usize, keys: &[Column]) -> PolarsResult<(Vec<usize>, usize)> {
    let gid: Vec<usize> = group_ids(n, keys)?.into_no_null_iter().map(|g| g as usize).collect();
    let groups = gid.iter().max().map_or(0, |m| m + 1);
    Ok((gid, groups))
}

/// `SUM(x) OVER (PARTITION BY partition ORDER BY order)` as i64, with SQL's default frame for
/// an ordered window (`RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`): a row's sum covers
/// every row of its partition sorted before it plus its peers (rows equal on every order key,
/// NULL = NULL). NULL values are skipped, and the sum is NULL while no non-NULL value has been
/// seen (C-18). NULL partition keys form one group (C-20); order keys follow C-21/C-22 as in
/// [`row_number`]. Computed like the numberings: one sort by (hashed group id, order keys),
/// one walk; group-wise, so the optimiser never pushes a filter below it.
pub fn running_sum(x: Expr, partition: Vec<Expr>, order: Vec<(Expr, Dir)>) -> Expr {
    assert!(!order.is_empty(), "a running sum needs at least one sort key");
    let n_part = partition.len();
    let dirs: Vec<Dir> = order.iter().map(|(_, d)| *d).collect();
    let mut inputs: Vec<Expr> = partition;
    inputs.extend(order.into_iter().map(|(e, _)| e));
    x.apply_many(
        move |cols: &mut [Column]| {
            let n = cols[0].len();
            let values = cols[0].cast(&DataType::Int64)?;
            let values: Vec<Option<i64>> = values.i64()?.iter().collect();
            let gid = group_ids(n, &cols[1..=n_part])?.into_column();
            let mut key_cols: Vec<Column> = vec![gid];
            key_cols.extend(
                cols[1 + n_part..].iter().enumerate().map(|(i, c)| c.clone().with_name(format!("k{i}").into())),
            );
            let order_idx = window_order(&key_cols, &dirs)?;
            let mut sorted_keys = key_cols.iter().map(|c| gather(c, &order_idx));
            let gids: Vec<IdxSize> = sorted_keys.next().expect("the group id")?.idx()?.into_no_null_iter().collect();
            let order_idx: Vec<IdxSize> = order_idx.into_no_null_iter().collect();
            // A sorted row starts a new peer run when its group or an order key differs from
            // the previous sorted row's.
            let mut new_run = vec![false; n];
            for k in sorted_keys {
                let k = k?;
                let k = k.as_materialized_series();
                let differs = k.not_equal_missing(&k.shift(1))?;
                for (a, d) in new_run.iter_mut().zip(differs.iter()) {
                    *a |= d.unwrap_or(true);
                }
            }
            let mut out: Vec<Option<i64>> = vec![None; n];
            let mut acc: Option<i64> = None;
            let mut pos = 0;
            while pos < n {
                if pos == 0 || gids[pos] != gids[pos - 1] {
                    acc = None;
                }
                // The peer run [pos, end): every row of it gets the sum through its last row.
                let mut end = pos + 1;
                while end < n && gids[end] == gids[pos] && !new_run[end] {
                    end += 1;
                }
                for &row in &order_idx[pos..end] {
                    if let Some(v) = values[row as usize] {
                        acc = Some(acc.unwrap_or(0) + v);
                    }
                }
                for &row in &order_idx[pos..end] {
                    out[row as usize] = acc;
                }
                pos = end;
            }
            Ok(Int64Chunked::from_iter_options("running_sum".into(), out.into_iter()).into_column())
        },
        &inputs,
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Int64)),
    )
}

// ---------------------------------------------------------------- aggregates (C-18)

/// `SUM(x)`: NULL when there is no non-NULL value (Polars would give 0).
pub fn sum(x: Expr) -> Expr {
    when(x.clone().count().gt(lit(0))).then(x.sum()).otherwise(lit(NULL))
}

/// `SUM(x) where p`: NULL when no row has `p` true and `x` non-NULL.
pub fn sum_where(x: Expr, p: Expr) -> Expr {
    sum(x.filter(p.fill_null(lit(false))))
}

/// `SUM` of a `dec2` column, kept `dec2` (C-10).
pub fn sum_dec2(x: Expr) -> Expr {
    to_dec2(sum(x))
}

pub fn sum_dec2_where(x: Expr, p: Expr) -> Expr {
    to_dec2(sum_where(x, p))
}

/// `SUM` of an i64 column, kept i64 (C-10).
pub fn sum_i64(x: Expr) -> Expr {
    sum(x).cast(DataType::Int64)
}

pub fn sum_i64_where(x: Expr, p: Expr) -> Expr {
    sum_where(x, p).cast(DataType::Int64)
}

/// `COUNT(x)`: non-NULL values, 0 when none.
pub fn count(x: Expr) -> Expr {
    x.count().cast(DataType::Int64)
}

/// `COUNT(*) where p`.
pub fn count_where(p: Expr) -> Expr {
    p.fill_null(lit(false)).sum().cast(DataType::Int64)
}

/// `COUNT(DISTINCT x)`: NULL ignored. Written as the distinct count minus one when a NULL
/// is among the values, two aggregates Polars computes natively per group (a `drop_nulls` or
/// `filter` inside a group-by falls back to evaluating every group on its own).
pub fn count_distinct(x: Expr) -> Expr {
    x.clone().n_unique().cast(DataType::Int64) - x.null_count().gt(lit(0)).cast(DataType::Int64)
}

/// `COUNT(DISTINCT x) where p`: the values where `p` does not hold are masked to NULL.
pub fn count_distinct_where(x: Expr, p: Expr) -> Expr {
    count_distinct(masked(x, p))
}

/// `MIN(x) where p` / `MAX(x) where p`: NULL when none (MIN and MAX skip NULLs).
pub fn min_where(x: Expr, p: Expr) -> Expr {
    masked(x, p).min()
}

pub fn max_where(x: Expr, p: Expr) -> Expr {
    masked(x, p).max()
}

/// `x` where `p` holds, else NULL (a NULL `p` does not hold).
fn masked(x: Expr, p: Expr) -> Expr {
    when(p.fill_null(lit(false))).then(x).otherwise(lit(NULL))
}

/// `x IN (values)`, NULL when `x` is NULL (C-15).
pub fn is_in_strs(x: Expr, values: &[&str]) -> Expr {
    let s = Series::new(PlSmallStr::from_static("values"), values);
    when(x.clone().is_null()).then(lit(NULL).cast(DataType::Boolean)).otherwise(x.is_in(lit(s).implode(false), false))
}

/// Maps string values through `pairs` by exact equality; other values (NULL included) pass
/// unchanged.
pub fn remap(x: Expr, pairs: &[(&str, Option<&str>)]) -> Expr {
    let val = |v: &Option<&str>| match v {
        Some(s) => lit(*s),
        None => null_str(),
    };
    pairs.iter().rev().fold(x.clone(), |rest, (k, v)| when(x.clone().eq(lit(*k))).then(val(v)).otherwise(rest))
}

// ---------------------------------------------------------------- data-test rule helpers
//
// Building blocks of the rules declared with `#[check(name = "…", rule = path)]` (see
// `crate::datatest`): group windows over a whole output and decided implications. A rule is
// true (or NULL) for a valid row; these return decided booleans so that a NULL never passes
// by accident. Windows here are plain aggregates over a partition; ROW_NUMBER/RANK above are
// for models.

/// `COUNT(*) OVER (PARTITION BY keys)` as i64; NULL keys form one group (C-20).
pub fn group_len(keys: Vec<Expr>) -> Expr {
    let mut keys = keys;
    assert!(!keys.is_empty(), "group_len needs at least one key");
    let first = keys.remove(0);
    // One pass over hashed group ids (NULL keys are one group, C-20), as `len().over(keys)`
    // computes, without materialising Polars' group index lists (tens of millions of rows).
    first
        .apply_many(
            |cols: &mut [Column]| {
                let n = cols[0].len();
                let (gid, groups) = dense_group_ids(n, cols)?;
                let mut size = vec![0i64; groups];
                gid.iter().for_each(|&g| size[g] += 1);
                Ok(Int64Chunked::from_iter_values("len".into(), gid.iter().map(|&g| size[g])).into_column())
            },
            &keys,
            |_, _| Ok(Field::new("len".into(), DataType::Int64)),
        )
        .alias("len")
}

/// `agg OVER (PARTITION BY keys)` for an aggregate expression such as `x.min()`.
pub fn over(agg: Expr, keys: Vec<Expr>) -> Expr {
    agg.over(keys).expect("a window over plain columns plans")
}

/// `premise ⇒ conclusion`, decided: a NULL premise does not apply (true), a NULL conclusion
/// fails (false).
pub fn implies(premise: Expr, conclusion: Expr) -> Expr {
    premise.fill_null(lit(false)).not().or(conclusion.fill_null(lit(false)))
}

/// `a` and `b` are both NULL or both non-NULL.
pub fn null_together(a: Expr, b: Expr) -> Expr {
    a.is_null().eq(b.is_null())
}

/// `a = b` where two NULLs are equal (`IS NOT DISTINCT FROM`), decided.
pub fn same(a: Expr, b: Expr) -> Expr {
    a.clone().eq_missing(b.clone()).fill_null(lit(false))
}

/// `numbering` takes each value 1..n exactly once in every group of `keys` (n = the group's
/// size): what a ROW_NUMBER (or a RANK with a total order) gives. A row passes when its
/// number lies in 1..=n and no other row of its group has the same number; a NULL number
/// fails. Computed in one pass over hashed group ids rather than two windows (group sizes,
/// and group sizes by number), which is several times faster on millions of rows.
pub fn one_to_n(numbering: Expr, keys: Vec<Expr>) -> Expr {
    numbering.apply_many(
        |cols: &mut [Column]| {
            let n = cols[0].len();
            let numbers = cols[0].cast(&DataType::Int64)?;
            let numbers = numbers.i64()?;
            let (gid, groups) = dense_group_ids(n, &cols[1..])?;
            let mut size = vec![0usize; groups];
            gid.iter().for_each(|&g| size[g] += 1);
            // Slots offset[g] .. offset[g] + size[g] count how often each number 1..=size occurs.
            let mut offset = vec![0usize; groups];
            for g in 1..groups {
                offset[g] = offset[g - 1] + size[g - 1];
            }
            let slot = |row: usize, v: Option<i64>| -> Option<usize> {
                let g = gid[row];
                v.filter(|&v| v >= 1 && v as usize <= size[g]).map(|v| offset[g] + v as usize - 1)
            };
            let mut seen = vec![0u32; n];
            for (row, v) in numbers.iter().enumerate() {
                if let Some(s) = slot(row, v) {
                    seen[s] += 1;
                }
            }
            let ok: BooleanChunked =
                numbers.iter().enumerate().map(|(row, v)| Some(slot(row, v).is_some_and(|s| seen[s] == 1))).collect();
            Ok(ok.with_name(cols[0].name().clone()).into_column())
        },
        &keys,
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Boolean)),
    )
}

/// True on the first row of its group of `keys` in the order (`at` ascending, then `id`
/// ascending as a string, C-22); both order keys non-NULL.
///
/// Exactly `id == min(id where at == min(at) over keys) over keys`, NULL → false, computed in
/// one pass over hashed group ids: the window form nests a window inside a windowed
/// aggregation, which Polars 0.55 evaluates group by group (over 30 minutes for 1.6M users at
/// scale 16, where this pass takes about a second).
pub fn first_in_group(at: Expr, id: Expr, keys: Vec<Expr>) -> Expr {
    let mut inputs = vec![id];
    inputs.extend(keys);
    at.apply_many(
        |cols: &mut [Column]| {
            let n = cols[0].len();
            let at = cols[0].to_physical_repr();
            let at = at.cast(&DataType::Int64)?;
            let at = at.i64()?;
            let id = cols[1].str()?;
            let (gid, groups) = dense_group_ids(n, &cols[2..])?;
            // Per group: the earliest `at`, then the smallest id among the rows at that instant.
            let mut min_at: Vec<Option<i64>> = vec![None; groups];
            for (row, a) in at.iter().enumerate() {
                if let Some(a) = a {
                    let m = &mut min_at[gid[row]];
                    *m = Some(m.map_or(a, |m| m.min(a)));
                }
            }
            let mut first_id: Vec<Option<&str>> = vec![None; groups];
            for (row, (a, i)) in at.iter().zip(id.iter()).enumerate() {
                let g = gid[row];
                if let (Some(a), Some(i)) = (a, i)
                    && min_at[g] == Some(a)
                {
                    let f = &mut first_id[g];
                    *f = Some(f.map_or(i, |f| f.min(i)));
                }
            }
            let out: BooleanChunked = id
                .iter()
                .enumerate()
                .map(|(row, i)| Some(matches!((i, first_id[gid[row]]), (Some(i), Some(f)) if i == f)))
                .collect();
            Ok(out.with_name(cols[0].name().clone()).into_column())
        },
        &inputs,
        |_, fields| Ok(Field::new(fields[0].name().clone(), DataType::Boolean)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_27_humanize_id_examples() {
        for (id, h) in [
            ("1", "AE"),
            ("64", "9A"),
            ("112", "8A"),
            ("255", "74"),
            ("256", "AEAA"),
            ("1234", "ATJA"),
            ("1000000", "B5BEA"),
            ("007", "A4"),
            ("0", ""),
        ] {
            assert_eq!(humanize_id(id).as_deref(), Some(h), "humanize_id({id})");
        }
        assert_eq!(humanize_id("7"), humanize_id("007"));
        assert_eq!(humanize_id("-1"), None);
        assert_eq!(humanize_id(" 1"), None);
        assert_eq!(humanize_id("abc"), None);
        assert_eq!(humanize_id(""), None);
        // beyond 64 bits: 2^64 = 0x01 then 8 zero bytes (checked against Python base64)
        assert_eq!(humanize_id("18446744073709551616").as_deref(), Some("AEAAAAAAAAAAAAA"));
    }

    #[test]
    fn c_28_json_scalar() {
        let t = r#"{"a": "x\"y", "n": 1.50, "e": 1e2, "b": true, "z": null, "o": {"k": "v"}, "l": [1]}"#;
        assert_eq!(json_scalar(t, &["a"]).as_deref(), Some("x\"y"));
        assert_eq!(json_scalar(t, &["n"]).as_deref(), Some("1.50"));
        assert_eq!(json_scalar(t, &["e"]).as_deref(), Some("1e2"));
        assert_eq!(json_scalar(t, &["b"]).as_deref(), Some("true"));
        assert_eq!(json_scalar(t, &["z"]), None);
        assert_eq!(json_scalar(t, &["o"]), None);
        assert_eq!(json_scalar(t, &["l"]), None);
        assert_eq!(json_scalar(t, &["missing"]), None);
        assert_eq!(json_scalar(t, &["o", "k"]).as_deref(), Some("v"));
        assert_eq!(json_scalar("not json", &["a"]), None);
    }

    #[test]
    fn c_29_json_raw() {
        let t = r#"{"isbn": " 978 ", "n": 1.50, "o": {"k" : [1, 2]}, "z": null}"#;
        assert_eq!(json_raw(t, &["isbn"]).as_deref(), Some("\" 978 \""));
        assert_eq!(json_raw(t, &["n"]).as_deref(), Some("1.50"));
        assert_eq!(json_raw(t, &["o"]).as_deref(), Some(r#"{"k":[1,2]}"#));
        assert_eq!(json_raw(t, &["z"]), None);
        assert_eq!(json_raw(t, &["nope"]), None);
    }

    #[test]
    fn c_31_dept_from_postal() {
        let cases = [
            ("97150", Some("978")),
            ("97400", Some("974")),
            ("98800", Some("988")),
            ("20000", Some("2A")),
            ("20100", Some("2A")),
            ("20200", Some("2B")),
            ("20600", Some("2B")),
            ("20300", Some("20")),
            ("75011", Some("75")),
            ("97", Some("97")),
            ("20", Some("20")),
            ("7", None),
            ("", None),
        ];
        for (p, d) in cases {
            assert_eq!(dept_from_postal(p).as_deref(), d, "dept_from_postal({p})");
        }
    }

    #[test]
    fn c_7_minus_years_feb_29() {
        assert_eq!(minus_years(crate::date("2024-02-29"), 15), crate::date("2009-02-28"));
        assert_eq!(minus_years(crate::date("2026-11-27"), 15), crate::date("2011-11-27"));
    }

    #[test]
    fn dec2_parsing() {
        assert_eq!(parse_dec2("12.5"), Some(1250));
        assert_eq!(parse_dec2("-3"), Some(-300));
        assert_eq!(parse_dec2("0.00"), Some(0));
        assert_eq!(parse_dec2("1.234"), None);
        assert_eq!(parse_dec2("1."), None);
        assert_eq!(parse_dec2("abc"), None);
        assert_eq!(parse_dec2(""), None);
    }

    fn eval(df: &DataFrame, e: Expr) -> Vec<Option<i64>> {
        let out = df.clone().lazy().select([e.alias("r")]).collect().unwrap();
        out.column("r").unwrap().i64().unwrap().iter().collect()
    }

    /// C-21 (ASC puts NULLs first, DESC last), C-22 (ids byte-wise: "10" < "9"), C-23
    /// (ROW_NUMBER with a total order), C-24 (RANK: ties share, next skips), C-20 (NULL
    /// partition keys form one group).
    #[test]
    fn c_20_to_24_row_number_and_rank() {
        let df = df!(
            "p" => [Some("a"), Some("a"), Some("a"), Some("a"), None, None],
            "k" => [Some(2i64), None, Some(2), Some(1), Some(5), Some(5)],
            "id" => ["9", "10", "10", "2", "9", "10"],
        )
        .unwrap();
        let part = || vec![col("p")];
        // ASC k (NULL first), then id ASC as string.
        assert_eq!(
            eval(&df, row_number(part(), vec![asc(col("k")), asc(col("id"))])),
            [Some(4), Some(1), Some(3), Some(2), Some(2), Some(1)]
        );
        // DESC k (NULL last), then id DESC.
        assert_eq!(
            eval(&df, row_number(part(), vec![desc(col("k")), desc(col("id"))])),
            [Some(1), Some(4), Some(2), Some(3), Some(1), Some(2)]
        );
        // RANK by k only: NULL first (1), 1 → 2, the two 2s share 3; NULL partition: tie → 1, 1.
        assert_eq!(
            eval(&df, rank(part(), vec![asc(col("k"))])),
            [Some(3), Some(1), Some(3), Some(2), Some(1), Some(1)]
        );
        // RANK DESC: the two 2s share 1, 1 → 3, NULL last → 4.
        assert_eq!(
            eval(&df, rank(part(), vec![desc(col("k"))])),
            [Some(1), Some(4), Some(1), Some(3), Some(1), Some(1)]
        );
    }

    /// `running_sum`: SUM OVER (PARTITION BY … ORDER BY …) with the default RANGE frame: peers
    /// (equal order keys) share the sum through the last of them; NULL values are skipped and
    /// the sum stays NULL until the first non-NULL value (C-18); NULL keys form one partition
    /// (C-20); DESC puts NULL order keys last (C-21).
    #[test]
    fn c_18_running_sum_over_ordered_partitions() {
        let df = df!(
            "p" => [Some("a"), Some("a"), Some("a"), Some("a"), Some("b"), Some("b"), None, None],
            "d" => [Some(3i64), Some(1), Some(2), Some(2), Some(1), Some(2), Some(1), None],
            "x" => [Some(10i64), None, Some(1), Some(2), None, Some(5), Some(7), Some(1)],
        )
        .unwrap();
        let part = || vec![col("p")];
        assert_eq!(
            eval(&df, running_sum(col("x"), part(), vec![asc(col("d"))])),
            // a: d=1 → NULL (no value yet), the two d=2 peers → 3, d=3 → 13; b: NULL, 5;
            // NULL partition: the NULL order key sorts first (ASC) → 1, then d=1 → 8.
            [Some(13), None, Some(3), Some(3), None, Some(5), Some(8), Some(1)]
        );
        assert_eq!(
            eval(&df, running_sum(col("x"), part(), vec![desc(col("d"))])),
            [Some(10), Some(13), Some(13), Some(13), Some(5), Some(5), Some(7), Some(8)]
        );
    }

    /// A numbering used in a filter sees the whole column (it is group-wise, so the
    /// optimiser does not push other predicates below it).
    /// A key flagged sorted has its groups found as runs: the same group sizes, ranks and
    /// `one_to_n` answers as when it is hashed (NULLs one group, C-20).
    #[test]
    fn a_sorted_key_gives_the_groups_of_a_hashed_one() {
        let key =
            Series::new("g".into(), [None, None, Some("a"), Some("a"), Some("b"), Some("c"), Some("c"), Some("c")]);
        let mut flagged = key.clone();
        flagged.set_sorted_flag(polars::series::IsSorted::Ascending);
        let n = [Some(1i64), Some(2), Some(2), Some(1), Some(1), Some(1), Some(3), Some(3)];
        let eval = |g: &Series| -> DataFrame {
            let df = DataFrame::new(8, vec![g.clone().into_column(), Column::new("n".into(), n)]).unwrap();
            df.lazy()
                .select([
                    group_len(vec![col("g")]).alias("len"),
                    row_number(vec![col("g")], vec![asc(col("n"))]).alias("rn"),
                    one_to_n(col("n"), vec![col("g")]).alias("ok"),
                ])
                .collect()
                .unwrap()
        };
        assert!(
            group_ids(8, &[flagged.clone().into_column()]).unwrap().into_no_null_iter().eq([0, 0, 1, 1, 2, 3, 3, 3])
        );
        let (hashed, runs) = (eval(&key), eval(&flagged));
        assert_eq!(hashed, runs);
        let len: Vec<i64> = runs.column("len").unwrap().i64().unwrap().into_no_null_iter().collect();
        assert_eq!(len, [2, 2, 2, 2, 1, 3, 3, 3]);
        // The flag reaches the kernel through a lazy select: a false one (never set by the
        // runner, which checks the order first) splits a group into its runs.
        let mut lying = Series::new("g".into(), ["a", "b", "a"]);
        lying.set_sorted_flag(polars::series::IsSorted::Ascending);
        let df = DataFrame::new(3, vec![lying.into_column()]).unwrap();
        let out = df.lazy().select([group_len(vec![col("g")])]).collect().unwrap();
        let len: Vec<i64> = out.column("len").unwrap().i64().unwrap().into_no_null_iter().collect();
        assert_eq!(len, [1, 1, 1]);
    }

    /// Group ids of several keys: dense, in order of first appearance, NULL one value and not
    /// the empty string (C-20), equal rows together and only them; the same when the combined
    /// codes must be renumbered between keys, and with a sorted key among others.
    #[test]
    fn group_ids_number_each_combination_in_order_of_first_appearance() {
        let s = Column::new("s".into(), [Some("a"), Some(""), None, Some("a"), None, Some(""), Some("b"), Some("a")]);
        let i = Column::new("i".into(), [Some(1i64), Some(1), Some(1), Some(2), Some(1), Some(1), None, Some(1)]);
        let t = Column::new("t".into(), ["x", "x", "x", "x", "x", "y", "x", "x"]);
        let expected = [0, 1, 2, 3, 2, 4, 5, 0];
        for limit in [u64::MAX, 3, 1] {
            let gid = group_ids_within(8, &[s.clone(), i.clone(), t.clone()], limit).unwrap();
            assert!(gid.into_no_null_iter().eq(expected), "limit {limit}");
        }
        // A sorted key among others gives the same groups.
        let mut sorted = Series::new("k".into(), ["a", "a", "a", "b", "b", "b", "c", "c"]);
        let other = Column::new("o".into(), [1i64, 2, 1, 1, 1, 2, 2, 2]);
        let plain = group_ids(8, &[sorted.clone().into_column(), other.clone()]).unwrap();
        sorted.set_sorted_flag(polars::series::IsSorted::Ascending);
        let flagged = group_ids(8, &[sorted.into_column(), other]).unwrap();
        assert!(plain.into_no_null_iter().eq([0, 1, 0, 2, 2, 3, 4, 4]));
        assert!(flagged.into_no_null_iter().eq([0, 1, 0, 2, 2, 3, 4, 4]));
    }

    /// `one_to_n`: each group must number its rows 1..n once each; NULL keys form one group;
    /// a NULL, zero, too large or repeated number fails (both rows of a repeat).
    #[test]
    fn one_to_n_checks_each_group() {
        let df = df!(
            "g" => [Some("a"), Some("a"), Some("a"), Some("b"), Some("b"), None, None, Some("c"), Some("d")],
            "n" => [Some(1i64), Some(2), Some(3), Some(1), Some(1), Some(2), Some(1), None, Some(2)],
        )
        .unwrap();
        let out = df.lazy().select([one_to_n(col("n"), vec![col("g")]).alias("ok")]).collect().unwrap();
        let ok: Vec<Option<bool>> = out.column("ok").unwrap().bool().unwrap().iter().collect();
        let expected = [true, true, true, false, false, true, true, false, false];
        assert_eq!(ok, expected.map(Some));
    }

    /// `first_in_group` (I-7's check): the same answer as its window form, `id == min(id where
    /// at == min(at) over g) over g`, NULL → false, on ties of `at`, string order of ids ("10" <
    /// "9"), NULL instants, NULL ids, a NULL key group and a group without any instant.
    /// `gather` picks the rows `take` picks, NULL indices and NULL values included, from columns
    /// of one chunk or several.
    #[test]
    fn gather_picks_what_take_picks() {
        let mut strings = Series::new("s".into(), [Some("a long string, past twelve bytes"), None, Some("b")]);
        strings.append(&Series::new("s".into(), [Some("c"), Some("another long string value")])).unwrap();
        assert_eq!(strings.n_chunks(), 2, "the case under test");
        let mut ints = Series::new("i".into(), [Some(1i64), None, Some(3)]);
        ints.append(&Series::new("i".into(), [Some(4i64), Some(5)])).unwrap();
        let idx = IdxCa::new("idx".into(), [Some(4), Some(0), None, Some(1), Some(3), Some(0)]);
        for column in [strings.clone().into_column(), strings.rechunk().into_column(), ints.into_column()] {
            let ours = gather(&column, &idx).unwrap();
            assert!(ours.equals_missing(&column.take(&idx).unwrap()), "{}", column.name());
        }
    }

    /// `sorted_indices` gives what Polars' stable multi-column sort gives, with descending keys,
    /// NULLs first or last, string and integer keys, and many ties.
    #[test]
    fn sorted_indices_equal_a_stable_multi_column_sort() {
        let df = df!(
            "s" => [Some("b"), Some("a"), None, Some("b"), Some("ab"), Some("a"), None, Some("b")],
            "i" => [Some(2i64), Some(1), Some(2), None, Some(2), Some(1), Some(3), Some(2)],
            "t" => ["x", "y", "x", "x", "y", "y", "x", "x"]
        )
        .unwrap();
        for (descending, nulls_last) in [
            (vec![false, false, false], vec![false, false, false]),
            (vec![true, false, true], vec![true, false, false]),
            (vec![false, true, false], vec![false, true, true]),
        ] {
            // Both paths: packed ranks (taken here) and row-encoded keys (with too few bits).
            let packed = packed_sorted_indices(df.columns(), &descending, &nulls_last, 128).unwrap();
            let packed = packed.expect("ranks of three small keys fit in 128 bits");
            assert!(packed_sorted_indices(df.columns(), &descending, &nulls_last, 5).unwrap().is_none());
            let encoded = encoded_sorted_indices(df.columns(), &descending, &nulls_last).unwrap();
            assert!(packed.equal_missing(&encoded).all(), "{descending:?} {nulls_last:?}");
            let idx = sorted_indices(df.columns(), &descending, &nulls_last).unwrap();
            let ours = df.take(&idx).unwrap();
            let polars = df
                .sort(
                    ["s", "i", "t"],
                    SortMultipleOptions::default()
                        .with_order_descending_multi(descending.clone())
                        .with_nulls_last_multi(nulls_last.clone())
                        .with_maintain_order(true),
                )
                .unwrap();
            assert!(ours.equals_missing(&polars), "{descending:?} {nulls_last:?}: {ours} {polars}");
        }
        for (name, descending, nulls_last) in
            [("s", false, false), ("s", true, false), ("s", false, true), ("i", true, true), ("i", false, false)]
        {
            let idx = sorted_indices(&[df.column(name).unwrap().clone()], &[descending], &[nulls_last]).unwrap();
            let options = SortMultipleOptions::default()
                .with_order_descending(descending)
                .with_nulls_last(nulls_last)
                .with_maintain_order(true);
            let polars = df.sort([name], options).unwrap();
            assert!(df.take(&idx).unwrap().equals_missing(&polars), "one key {name} {descending} {nulls_last}");
        }
        let ties = sorted_indices(&[df.column("t").unwrap().clone()], &[false], &[false]).unwrap();
        let ties: Vec<IdxSize> = ties.into_no_null_iter().collect();
        assert_eq!(ties, [0, 2, 3, 6, 7, 1, 4, 5], "ties keep row order");
    }

    /// `lexicographic_indices` (the canonical order of a table without grain) gives Polars'
    /// stable sort by every column: with a float key that stops the packed prefix (NaN, NULLs),
    /// with more keys than fit in the packed bits, with many rows tied on the packed keys, with
    /// no key packed, and when every key packs.
    #[test]
    fn lexicographic_indices_equal_a_stable_sort_by_every_column() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move |m: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % m
        };
        let n = 400;
        for round in 0..4 {
            let mut cols: Vec<Column> = Vec::new();
            // Wide prefixes of few patterns: 65 two-valued columns are more than 128 bits of
            // ranks, and rows share one of four patterns of them, so most rows tie on them.
            let wide = if round % 2 == 0 { 65 } else { 2 };
            let pattern: Vec<u64> = (0..n).map(|_| next(4)).collect();
            for j in 0..wide {
                let v: Vec<Option<i64>> = pattern.iter().map(|p| Some(((p >> (j % 2)) & 1) as i64)).collect();
                cols.push(Column::new(format!("w{j}").into(), v));
            }
            let f: Vec<Option<f64>> = (0..n)
                .map(|_| match next(6) {
                    0 => None,
                    1 => Some(f64::NAN),
                    k => Some(k as f64 / 2.0),
                })
                .collect();
            let s: Vec<Option<&str>> =
                (0..n).map(|_| [None, Some("a"), Some("ab"), Some("b")][next(4) as usize]).collect();
            let i: Vec<Option<i64>> = (0..n).map(|_| if next(5) == 0 { None } else { Some(next(3) as i64) }).collect();
            let b: Vec<bool> = (0..n).map(|_| next(2) == 0).collect();
            if round < 2 {
                cols.push(Column::new("f".into(), f));
            }
            cols.push(Column::new("s".into(), s));
            cols.push(Column::new("i".into(), i));
            cols.push(Column::new("b".into(), b));
            let df = DataFrame::new(n, cols).unwrap();
            let names: Vec<PlSmallStr> = df.get_column_names_owned();
            let polars = df.sort(names, SortMultipleOptions::default().with_maintain_order(true)).unwrap();
            let expected = polars_sorted_indices(df.columns()).unwrap();
            // 128 bits stop the prefix early (enough combinations); 20 bits stop it where the
            // ranks no longer fit; 8 bits leave no key to pack (Polars' sort does it all).
            for bits in [128, 20, 8] {
                let idx = lexicographic_indices_within(df.columns(), bits).unwrap();
                let ours = df.take(&idx).unwrap();
                assert!(ours.equals_missing(&polars), "round {round}, {bits} bits");
                assert!(idx.equal_missing(&expected).all(), "round {round}, {bits} bits: ties keep row order");
            }
        }
    }

    /// C-20: `group_len` is `COUNT(*) OVER (PARTITION BY keys)`, NULL keys one group.
    #[test]
    fn group_len_equals_its_window_form() {
        let df = df!(
            "a" => [Some("x"), None, Some("x"), None, Some("y"), Some("x")],
            "b" => [Some(1i64), Some(2), Some(1), Some(2), None, Some(2)]
        )
        .unwrap();
        let out = df
            .lazy()
            .select([
                group_len(vec![col("a")]).alias("one"),
                group_len(vec![col("a"), col("b")]).alias("two"),
                len().over([col("a"), col("b")]).unwrap().cast(DataType::Int64).alias("window"),
            ])
            .collect()
            .unwrap();
        let v = |c: &str| -> Vec<i64> { out.column(c).unwrap().i64().unwrap().into_no_null_iter().collect() };
        assert_eq!(v("one"), [3, 2, 3, 2, 1, 3]);
        assert_eq!(v("two"), [2, 2, 2, 2, 1, 1]);
        assert_eq!(v("two"), v("window"));
    }

    #[test]
    fn first_in_group_equals_its_window_form() {
        let df = df!(
            "g" => [Some("a"), Some("a"), Some("a"), Some("a"), Some("b"), Some("b"), None, None, Some("c"), Some("d"), Some("d")],
            "at" => [Some(5i64), Some(3), Some(3), None, Some(1), Some(1), Some(7), Some(2), None, Some(4), Some(4)],
            "id" => [Some("1"), Some("9"), Some("10"), Some("0"), None, Some("x"), Some("p"), Some("q"), Some("z"), None, None],
        )
        .unwrap();
        let window = {
            let (at, id, keys) = (col("at"), col("id"), vec![col("g")]);
            let at_first = at.clone().eq(over(at.min(), keys.clone()));
            let first_id = over(when(at_first).then(id.clone()).otherwise(lit(NULL)).min(), keys);
            id.eq(first_id).fill_null(lit(false))
        };
        let out = df
            .lazy()
            .select([first_in_group(col("at"), col("id"), vec![col("g")]).alias("kernel"), window.alias("window")])
            .collect()
            .unwrap();
        let got = |c: &str| -> Vec<Option<bool>> { out.column(c).unwrap().bool().unwrap().iter().collect() };
        let expected = [false, false, true, false, false, true, false, true, false, false, false];
        assert_eq!(got("window"), expected.map(Some));
        assert_eq!(got("kernel"), got("window"));
    }

    #[test]
    fn row_number_in_a_filter() {
        let df = df!("p" => ["a", "a", "b"], "k" => ["9", "10", "1"]).unwrap();
        let out = df
            .lazy()
            .filter(row_number(vec![col("p")], vec![desc(col("k"))]).eq(lit(1i64)))
            .sort(["p"], Default::default())
            .collect()
            .unwrap();
        let k: Vec<Option<&str>> = out.column("k").unwrap().str().unwrap().iter().collect();
        assert_eq!(k, [Some("9"), Some("1")]);
    }

    /// C-18: SUM over no non-NULL value is NULL (Polars alone gives 0); conditional counts
    /// are 0 when nothing matches.
    #[test]
    fn c_18_aggregates_over_nothing() {
        let df = df!("g" => ["a", "a", "b"], "x" => [None, None, Some(3i64)], "p" => [Some(true), None, Some(false)])
            .unwrap();
        let out = df
            .lazy()
            .group_by([col("g")])
            .agg([
                sum_i64(col("x")).alias("s"),
                sum_i64_where(col("x"), col("p")).alias("sw"),
                count_where(col("p")).alias("cw"),
                count(col("x")).alias("c"),
            ])
            .sort(["g"], Default::default())
            .collect()
            .unwrap();
        let get = |c: &str| -> Vec<Option<i64>> { out.column(c).unwrap().i64().unwrap().iter().collect() };
        assert_eq!(get("s"), [None, Some(3)]);
        assert_eq!(get("sw"), [None, None]);
        assert_eq!(get("cw"), [Some(1), Some(0)]);
        assert_eq!(get("c"), [Some(0), Some(1)]);
    }

    /// C-15: IN with a NULL operand is NULL; exact_age (C-26) with a Feb-29 birth.
    #[test]
    fn c_15_in_null_and_c_26_exact_age() {
        let df = df!("x" => [Some("A"), None, Some("C")]).unwrap();
        let out = df.lazy().select([is_in_strs(col("x"), &["A", "B"]).alias("r")]).collect().unwrap();
        let r: Vec<Option<bool>> = out.column("r").unwrap().bool().unwrap().iter().collect();
        assert_eq!(r, [Some(true), None, Some(false)]);
        let ages = df!("b" => [crate::date("2008-02-29")]).unwrap();
        for (reference, age) in [("2026-02-28", 17), ("2026-03-01", 18), ("2028-02-29", 20), ("2007-01-01", -2)] {
            let out = ages
                .clone()
                .lazy()
                .select([exact_age(lit_date(crate::date(reference)), col("b")).alias("a")])
                .collect()
                .unwrap();
            assert_eq!(out.column("a").unwrap().i64().unwrap().get(0), Some(age), "age at {reference}");
        }
    }
}
