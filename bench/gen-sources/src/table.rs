//! Output tables as lazily built chunks of typed Polars columns.
//!
//! A generator keeps its rows as compact column vectors (indices, day numbers, microsecond
//! datetimes, cents) and describes each output table as a [`TableSpec`]: a row count and a
//! function building the typed [`DataFrame`] of any row range. The writer asks for one chunk
//! at a time, so memory holds the compact world plus one chunk of text per table.
//!
//! Column helpers produce exactly the types the loading rules accept (sources.md L-3): text
//! ids, `DATE`, naive `TIMESTAMP(us)`, `BOOLEAN`, `DECIMAL(18, 2)`, `INT64`, `DOUBLE`.

use std::ops::Range;

use polars::prelude::*;

/// One applicative source table: its file name (without extension), size and chunk builder.
pub struct TableSpec<'w> {
    pub name: &'static str,
    pub rows: usize,
    pub build: Box<dyn Fn(Range<usize>) -> DataFrame + Send + Sync + 'w>,
}

impl<'w> TableSpec<'w> {
    pub fn new(
        name: &'static str,
        rows: usize,
        build: impl Fn(Range<usize>) -> DataFrame + Send + Sync + 'w,
    ) -> TableSpec<'w> {
        TableSpec { name, rows, build: Box::new(build) }
    }
}

/// A frame from columns of equal length.
pub fn frame(columns: Vec<Column>) -> DataFrame {
    let height = columns.first().map_or(0, Column::len);
    DataFrame::new(height, columns).expect("columns of one table have one length")
}

/// Sentinel for a NULL reference in index vectors.
pub const NULL: u32 = u32::MAX;

/// Writes the decimal text of `v` into `buf` (no allocation).
pub fn push_u64(buf: &mut String, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.push_str(std::str::from_utf8(&tmp[i..]).expect("ascii digits"));
}

/// Text ids: index `i` is written as `i + 1`; [`NULL`] is NULL. An index at or beyond the
/// table's size is an orphan reference (an id that exists nowhere).
pub fn id(name: &str, idx: impl Iterator<Item = u32>) -> Column {
    let (lo, _) = idx.size_hint();
    let mut b = StringChunkedBuilder::new(name.into(), lo);
    let mut buf = String::with_capacity(20);
    for i in idx {
        if i == NULL {
            b.append_null();
        } else {
            buf.clear();
            push_u64(&mut buf, u64::from(i) + 1);
            b.append_value(&buf);
        }
    }
    b.finish().into_column()
}

/// Text column.
pub fn text<S: AsRef<str>>(name: &str, values: impl Iterator<Item = Option<S>>) -> Column {
    let (lo, _) = values.size_hint();
    let mut b = StringChunkedBuilder::new(name.into(), lo);
    for v in values {
        match v {
            Some(s) => b.append_value(s.as_ref()),
            None => b.append_null(),
        }
    }
    b.finish().into_column()
}

pub fn boolean(name: &str, values: impl Iterator<Item = Option<bool>>) -> Column {
    BooleanChunked::from_iter(values).with_name(name.into()).into_column()
}

pub fn int(name: &str, values: impl Iterator<Item = Option<i64>>) -> Column {
    Int64Chunked::from_iter(values).with_name(name.into()).into_column()
}

pub fn float(name: &str, values: impl Iterator<Item = Option<f64>>) -> Column {
    Float64Chunked::from_iter(values).with_name(name.into()).into_column()
}

/// `DATE` from day numbers.
pub fn date(name: &str, values: impl Iterator<Item = Option<i32>>) -> Column {
    Int32Chunked::from_iter(values).with_name(name.into()).into_date().into_column()
}

/// Naive `TIMESTAMP(us)` from microseconds.
pub fn datetime(name: &str, values: impl Iterator<Item = Option<i64>>) -> Column {
    Int64Chunked::from_iter(values).with_name(name.into()).into_datetime(TimeUnit::Microseconds, None).into_column()
}

/// `DECIMAL(18, 2)` from cents.
pub fn money(name: &str, values: impl Iterator<Item = Option<i64>>) -> Column {
    Int128Chunked::from_iter(values.map(|v| v.map(i128::from)))
        .with_name(name.into())
        .into_decimal_unchecked(18, 2)
        .into_column()
}

/// Rows `range` of `v` (cloned values), for column builders.
pub fn rows<T: Copy>(v: &[T], range: &Range<usize>) -> impl Iterator<Item = T> {
    v[range.clone()].iter().copied()
}

/// Rows `range` of an optional-text vector, borrowed.
pub fn strs<'a>(v: &'a [Option<String>], range: &Range<usize>) -> impl Iterator<Item = Option<&'a str>> {
    v[range.clone()].iter().map(Option::as_deref)
}

/// Reorders `v` in place so that `v[k] = old[order[k]]`.
pub fn permute<T: Clone>(v: &mut Vec<T>, order: &[u32]) {
    let old = std::mem::take(v);
    *v = order.iter().map(|&i| old[i as usize].clone()).collect();
}

/// The order that sorts `keys` ascending (stable: ties keep generation order), and its
/// inverse (`rank[old] = new`).
pub fn sort_order<K: Ord + Copy>(keys: &[K]) -> (Vec<u32>, Vec<u32>) {
    let mut order: Vec<u32> = (0..keys.len() as u32).collect();
    order.sort_by_key(|&i| keys[i as usize]);
    let mut rank = vec![0u32; keys.len()];
    for (new, &old) in order.iter().enumerate() {
        rank[old as usize] = new as u32;
    }
    (order, rank)
}

/// Maps a reference through `rank` (renumbering after a sort); NULL and orphans stay.
pub fn remap(v: u32, rank: &[u32]) -> u32 {
    rank.get(v as usize).copied().unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_types() {
        let df = frame(vec![
            id("id", [0u32, 9, NULL].into_iter()),
            money("m", [Some(1250i64), None, Some(0)].into_iter()),
            datetime("t", [Some(0i64), None, Some(1)].into_iter()),
            date("d", [Some(1i32), None, None].into_iter()),
        ]);
        let ids: Vec<Option<&str>> = df.column("id").unwrap().str().unwrap().iter().collect();
        assert_eq!(ids, [Some("1"), Some("10"), None]);
        assert_eq!(df.column("m").unwrap().dtype(), &DataType::Decimal(18, 2));
        assert_eq!(df.column("t").unwrap().dtype(), &DataType::Datetime(TimeUnit::Microseconds, None));
        assert_eq!(df.column("d").unwrap().dtype(), &DataType::Date);
    }

    #[test]
    fn sorting_and_permuting() {
        let (order, rank) = sort_order(&[30, 10, 20]);
        assert_eq!(order, [1, 2, 0]);
        assert_eq!(rank, [2, 0, 1]);
        let mut v = vec!['a', 'b', 'c'];
        permute(&mut v, &order);
        assert_eq!(v, ['b', 'c', 'a']);
        assert_eq!(remap(1, &rank), 0);
        assert_eq!(remap(NULL, &rank), NULL);
        assert_eq!(remap(7, &rank), 7);
    }
}
