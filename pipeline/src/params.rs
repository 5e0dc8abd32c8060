//! Typed access to GA4 nested event params (spec `sources.md` §4.3, L-7) and the tracking
//! helpers of `tracking.md` (UTC instants from µs integers, `paris()` of C-13, `fmt_double`).
//!
//! An event carries `event_params: list<struct{key, value: struct{string_value, int_value,
//! float_value, double_value}}>`. A model asks for each param it reads with its Rust value
//! type, which picks the typed field of the value struct, then attaches them all to its frame
//! (one pass over the elements) before using the answers:
//!
//! ```ignore
//! let p = Params::of(raw.c(RawFirebaseEvent::event_params));
//! let session: Expr = p.get::<i64>("ga_session_id");      // p_int('ga_session_id')
//! let screen: Expr = p.get::<String>("firebase_screen");  // p_str('firebase_screen')
//! let events = p.attach(raw).filter(screen.is_not_null());
//! let offer: Expr = param::<f64>(col("event_params"), "offerId"); // one p_dbl on its own
//! ```
//!
//! The value is the typed field of the **first** element whose key matches (a later duplicate
//! key is ignored even when the first one's field is NULL); NULL when no element has the key or
//! the list is NULL.

use std::cell::{Cell, RefCell};

use polars::prelude::*;

use crate::Schema;
use crate::frame::Frame;

/// The typed value of one GA4 param: `value.string_value` / `int_value` / `double_value`.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
pub struct ParamValue {
    /// text value
    pub string_value: Option<String>,
    /// integer value
    pub int_value: Option<i64>,
    /// float value (ignored by every rule)
    pub float_value: Option<f64>,
    /// double value
    pub double_value: Option<f64>,
}

/// One GA4 param (an element of `event_params` or `user_properties`).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
pub struct EventParam {
    /// param name
    pub key: Option<String>,
    /// typed value
    pub value: Option<ParamValue>,
}

impl EventParam {
    /// A text param (test inputs).
    pub fn str(key: &str, v: &str) -> Self {
        EventParam {
            key: Some(key.into()),
            value: Some(ParamValue { string_value: Some(v.into()), ..Default::default() }),
        }
    }
    /// An integer param (test inputs).
    pub fn int(key: &str, v: i64) -> Self {
        EventParam { key: Some(key.into()), value: Some(ParamValue { int_value: Some(v), ..Default::default() }) }
    }
    /// A double param (test inputs).
    pub fn dbl(key: &str, v: f64) -> Self {
        EventParam { key: Some(key.into()), value: Some(ParamValue { double_value: Some(v), ..Default::default() }) }
    }
}

/// A Rust type a param can be read as; names the field of the value struct that holds it.
pub trait ParamType {
    const FIELD: &'static str;
    fn dtype() -> DataType;
}
impl ParamType for String {
    const FIELD: &'static str = "string_value";
    fn dtype() -> DataType {
        DataType::String
    }
}
impl ParamType for i64 {
    const FIELD: &'static str = "int_value";
    fn dtype() -> DataType {
        DataType::Int64
    }
}
impl ParamType for f64 {
    const FIELD: &'static str = "double_value";
    fn dtype() -> DataType {
        DataType::Float64
    }
}

/// The params a model reads from one list column (`list<struct{key, value}>`), all extracted in
/// one pass over each event's elements.
///
/// A model asks for every param it needs ([`Params::get`] and its typed shorthands), each
/// answer being an expression over a hidden struct column; then [`Params::attach`] adds that
/// column to the frame, before any of those expressions is evaluated. A lookup per param (~80
/// in `int_firebase__native_event`) walked every event's elements once per param, comparing
/// keys: a quarter of that model's time. Here each element's key is hashed once, and each
/// asked param is then gathered from its typed field.
pub struct Params {
    list: Expr,
    wanted: RefCell<Vec<Slot>>,
    attached: Cell<bool>,
}

/// One asked param: its key, the typed field of the value struct read, and its name as a field
/// of the extracted struct.
#[derive(Clone, Debug)]
struct Slot {
    key: String,
    field: &'static str,
    dtype: DataType,
    name: PlSmallStr,
}

impl Slot {
    fn of<T: ParamType>(key: &str) -> Self {
        Slot { key: key.into(), field: T::FIELD, dtype: T::dtype(), name: format!("{key}:{}", T::FIELD).into() }
    }
}

/// The hidden column [`Params::attach`] adds: a struct with a field per asked param.
const PARAMS_COLUMN: &str = "__params";

impl Params {
    /// The params of the list column `e` (e.g. `frame.c(RawFirebaseEvent::event_params)`).
    pub fn of(e: Expr) -> Self {
        Params { list: e, wanted: RefCell::new(Vec::new()), attached: Cell::new(false) }
    }

    /// The `T` value of the first param named `key` (L-7: `p_str` / `p_int` / `p_dbl`), read
    /// from the column [`Params::attach`] adds.
    ///
    /// # Panics
    /// When asked after `attach`: the attached column would not have the param (the runner
    /// reports the panic as the model's error).
    pub fn get<T: ParamType>(&self, key: &str) -> Expr {
        let slot = Slot::of::<T>(key);
        assert!(!self.attached.get(), "param `{key}` asked after Params::attach: ask every param first");
        let name = slot.name.clone();
        let mut wanted = self.wanted.borrow_mut();
        if !wanted.iter().any(|w| w.name == name) {
            wanted.push(slot);
        }
        col(PARAMS_COLUMN).struct_().field_by_name(&name)
    }

    /// `p_str(key)`.
    pub fn str(&self, key: &str) -> Expr {
        self.get::<String>(key)
    }

    /// `p_int(key)`.
    pub fn int(&self, key: &str) -> Expr {
        self.get::<i64>(key)
    }

    /// `p_dbl(key)`.
    pub fn dbl(&self, key: &str) -> Expr {
        self.get::<f64>(key)
    }

    /// `frame` with the hidden column holding every param asked so far; call it once, after
    /// the last [`Params::get`] and before filtering or projecting with their expressions.
    pub fn attach<S>(&self, frame: Frame<S>) -> Frame<S> {
        self.attached.set(true);
        Frame::from_lazy_unchecked(frame.into_lazy().with_column(self.extracted()))
    }

    /// The struct of every asked param, named as the hidden column.
    fn extracted(&self) -> Expr {
        extract_expr(self.list.clone(), self.wanted.borrow().clone()).alias(PARAMS_COLUMN)
    }
}

/// The `T` value of the first element of the param list `params` whose key is `key`: one
/// param on its own (a model reading many uses [`Params`]).
pub fn param<T: ParamType>(params: Expr, key: &str) -> Expr {
    let slot = Slot::of::<T>(key);
    let name = slot.name.clone();
    extract_expr(params, vec![slot]).struct_().field_by_name(&name)
}

/// A struct expression with one field per slot, each the slot's param of every row.
fn extract_expr(list: Expr, slots: Vec<Slot>) -> Expr {
    let fields: Vec<Field> = slots.iter().map(|s| Field::new(s.name.clone(), s.dtype.clone())).collect();
    list.map(
        move |c: Column| {
            let columns = extract(&c, &slots, BLOCK_ROWS)?;
            let series: Vec<Series> = columns.into_iter().map(|c| c.take_materialized_series()).collect();
            Ok(StructChunked::from_series(c.name().clone(), c.len(), series.iter())?.into_series().into_column())
        },
        move |_, f| Ok(Field::new(f.name().clone(), DataType::Struct(fields.clone()))),
    )
}

/// Rows per block of [`extract`]: its per-key index arrays are `keys × block` wide.
const BLOCK_ROWS: usize = 1 << 20;

/// Each slot's typed value of the first element with its key, for every row of the list column
/// `c` (a later duplicate key is ignored even when the first one's value is NULL).
///
/// Chunk by chunk, each over its own element array (rechunking a batch's list column copies
/// every element), and by blocks of rows within a chunk. Per row, each element's key is looked
/// up once among the asked keys; the first element of each key is kept. Then each slot gathers
/// only the picked elements of its typed field, and casts them.
fn extract(c: &Column, slots: &[Slot], block_rows: usize) -> PolarsResult<Vec<Column>> {
    let ca = c.list()?;
    let inner_dtype = ca.inner_dtype().clone();
    // The distinct keys asked, and each slot's key.
    let mut keys: Vec<&str> = Vec::new();
    let key_of_slot: Vec<usize> = slots
        .iter()
        .map(|s| match keys.iter().position(|k| *k == s.key) {
            Some(k) => k,
            None => {
                keys.push(&s.key);
                keys.len() - 1
            }
        })
        .collect();
    let lookup: PlHashMap<&str, usize> = keys.iter().enumerate().map(|(i, k)| (*k, i)).collect();
    let mut out: Vec<Series> = slots.iter().map(|s| Series::new_empty(s.name.clone(), &s.dtype)).collect();
    for arr in ca.downcast_iter() {
        // SAFETY: the element array of a list chunk has the list's inner dtype.
        let inner = unsafe {
            Series::from_chunks_and_dtype_unchecked(PlSmallStr::EMPTY, vec![arr.values().clone()], &inner_dtype)
        };
        let items = inner.struct_()?;
        let item_valid = inner.is_not_null();
        let item_valid = item_valid.downcast_iter().next().expect("one chunk");
        let element_keys = items.field_by_name("key")?;
        let element_keys = element_keys.str()?;
        let key_valid = element_keys.is_not_null();
        let key_valid = key_valid.downcast_iter().next().expect("one chunk");
        let element_keys = element_keys.downcast_iter().next().expect("one chunk");
        let value = items.field_by_name("value")?;
        // A NULL value struct has NULL fields, whatever its children hold.
        let value_valid = value.is_not_null();
        let value_valid = value_valid.downcast_iter().next().expect("one chunk");
        let typed: Vec<Series> =
            slots.iter().map(|s| value.struct_()?.field_by_name(s.field)).collect::<PolarsResult<_>>()?;
        let offsets = arr.offsets();
        let n = arr.len();
        let none = IdxSize::MAX;
        for start in (0..n).step_by(block_rows) {
            let end = (start + block_rows).min(n);
            // picks[k][row - start]: the element holding key k's value in that row, if any.
            let mut picks: Vec<Vec<IdxSize>> = vec![vec![none; end - start]; keys.len()];
            // The row in which key k was last decided (its first element seen).
            let mut decided: Vec<usize> = vec![usize::MAX; keys.len()];
            for row in start..end {
                if arr.validity().is_some_and(|v| !v.get_bit(row)) {
                    continue;
                }
                let (s, e) = offsets.start_end(row);
                for j in s..e {
                    if !item_valid.value(j) || !key_valid.value(j) {
                        continue;
                    }
                    if let Some(&k) = lookup.get(element_keys.value(j))
                        && decided[k] != row
                    {
                        decided[k] = row;
                        if value_valid.value(j) {
                            picks[k][row - start] = j as IdxSize;
                        }
                    }
                }
            }
            let indices: Vec<IdxCa> =
                picks.into_iter().map(|p| p.into_iter().map(|j| (j != none).then_some(j)).collect::<IdxCa>()).collect();
            for (i, (slot, typed)) in slots.iter().zip(&typed).enumerate() {
                let picked = typed.take(&indices[key_of_slot[i]])?.cast(&slot.dtype)?;
                out[i].append(&picked.with_name(slot.name.clone()))?;
            }
        }
    }
    Ok(out.into_iter().map(Series::into_column).collect())
}
// ---------------------------------------------------------------- tracking helpers

/// The `ts_utc` dtype: `Datetime(µs, UTC)` (C-12).
pub fn ts_utc_dtype() -> DataType {
    DataType::Datetime(TimeUnit::Microseconds, Some(TimeZone::UTC))
}

/// A GA4 integer of µs since the Unix epoch as a UTC instant (C-12: `epoch + n µs`).
pub fn ts_from_micros(e: Expr) -> Expr {
    e.strict_cast(DataType::Int64).strict_cast(ts_utc_dtype())
}

fn paris_zone() -> TimeZone {
    TimeZone::opt_try_new(Some("Europe/Paris")).expect("IANA zone").expect("a zone")
}

/// `paris(x)` (C-13) of a `ts_utc`: the naive Europe/Paris wall-clock (DST-aware).
pub fn paris(ts: Expr) -> Expr {
    ts.dt().convert_time_zone(paris_zone()).dt().replace_time_zone(None, lit("raise"), NonExistent::Raise)
}

/// `paris(x)` (C-13) of a `dt_utc` naive UTC wall-clock.
pub fn paris_of_utc_wall_clock(dt: Expr) -> Expr {
    paris(dt.dt().replace_time_zone(Some(TimeZone::UTC), lit("raise"), NonExistent::Raise))
}

/// `fmt_double(x)` (R-int_firebase__native_event-3): NaN/±∞ → NULL; an integral value →
/// its integer text (no fraction, no exponent); otherwise the shortest decimal text that
/// reads back as the same double, in plain notation.
pub fn fmt_double(x: f64) -> Option<String> {
    if !x.is_finite() {
        return None;
    }
    // Rust's `Display` for f64 is the shortest round-trip text and never uses an exponent;
    // an integral value prints without a fraction.
    let s = format!("{x}");
    Some(if s == "-0" { "0".into() } else { s })
}

/// [`fmt_double`] as an expression.
pub fn fmt_double_expr(e: Expr) -> Expr {
    e.map(
        |c: Column| {
            let ca = c.f64()?;
            let out: StringChunked = ca.iter().map(|v| v.and_then(fmt_double)).collect();
            Ok(out.with_name(ca.name().clone()).into_column())
        },
        |_, field| Ok(Field::new(field.name().clone(), DataType::String)),
    )
}

/// `text(i)`: the base-10 text of an integer.
pub fn int_text(e: Expr) -> Expr {
    e.strict_cast(DataType::String)
}

/// 1 when `cond` is true, else 0 (a NULL condition gives 0).
pub fn flag01(cond: Expr) -> Expr {
    when(cond).then(lit(1i64)).otherwise(lit(0i64)).strict_cast(DataType::Int64)
}

#[cfg(test)]
#[allow(non_snake_case)]
mod tests {
    use super::*;

    fn params_frame() -> DataFrame {
        #[derive(Schema, Debug, Clone, Default, PartialEq)]
        #[schema(model = "raw_demo__params", layer = "raw", grain = "id")]
        struct Ev {
            /// id
            id: String,
            /// params
            event_params: Option<Vec<EventParam>>,
        }
        Ev::to_dataframe(&[
            Ev {
                id: "1".into(),
                event_params: Some(vec![
                    EventParam::str("a", "x"),
                    EventParam::int("n", 7),
                    EventParam::dbl("d", 1.5),
                    // duplicate key: the first one wins, even for another typed field
                    EventParam::str("n", "later"),
                    EventParam::str("a", "second"),
                ]),
            },
            Ev { id: "2".into(), event_params: None },
            Ev { id: "3".into(), event_params: Some(vec![]) },
            Ev { id: "4".into(), event_params: Some(vec![EventParam::int("a", 1), EventParam::str("a", "y")]) },
        ])
        .unwrap()
    }

    /// L-7 (sources.md §4.3): typed accessors read the first element with the key; absent key,
    /// NULL list or empty list give NULL; a duplicate key never shadows the first one.
    #[test]
    fn l_7_typed_param_accessors_take_the_first_element_with_the_key() {
        let p = Params::of(col("event_params"));
        let asked = [p.str("a").alias("a"), p.int("n").alias("n"), p.dbl("d").alias("d"), p.str("n").alias("n_str")];
        let out = params_frame().lazy().with_column(p.extracted()).select(asked).collect().unwrap();
        let a: Vec<Option<&str>> = out.column("a").unwrap().str().unwrap().iter().collect();
        assert_eq!(a, [Some("x"), None, None, None], "row 4: the first `a` is an int, so p_str is NULL");
        let n: Vec<Option<i64>> = out.column("n").unwrap().i64().unwrap().iter().collect();
        assert_eq!(n, [Some(7), None, None, None]);
        let d: Vec<Option<f64>> = out.column("d").unwrap().f64().unwrap().iter().collect();
        assert_eq!(d, [Some(1.5), None, None, None]);
        let ns: Vec<Option<&str>> = out.column("n_str").unwrap().str().unwrap().iter().collect();
        assert_eq!(ns, [None, None, None, None]);
        assert_eq!(out.column("n").unwrap().dtype(), &DataType::Int64);
    }

    /// L-7 on a multi-chunk, sliced list column (how Parquet row groups and batches arrive):
    /// each chunk is read over its own elements, giving what one chunk gives.
    #[test]
    fn l_7_params_of_a_multi_chunk_sliced_column() {
        let one = params_frame();
        let mut many = one.clone();
        many.vstack_mut(&one).unwrap();
        many.vstack_mut(&one.slice(1, 3)).unwrap();
        let many = many.slice(2, 9);
        assert!(many.column("event_params").unwrap().n_chunks() > 1, "the case under test");
        let p = Params::of(col("event_params"));
        let asked = [p.str("a").alias("a"), p.int("n").alias("n"), p.dbl("d").alias("d")];
        let read = |df: DataFrame| df.lazy().with_column(p.extracted()).select(asked.clone()).collect().unwrap();
        let mut single = many.clone();
        single.rechunk_mut();
        let (chunked, single) = (read(many), read(single));
        assert!(chunked.equals_missing(&single));
        let a: Vec<Option<&str>> = chunked.column("a").unwrap().str().unwrap().iter().collect();
        assert_eq!(a, [None, None, Some("x"), None, None, None, None, None, None]);
        let n: Vec<Option<i64>> = chunked.column("n").unwrap().i64().unwrap().iter().collect();
        assert_eq!(n, [None, None, Some(7), None, None, None, None, None, None]);
    }

    /// L-7: a chunk whose lists are all NULL (no element at all) reads as NULLs.
    #[test]
    fn l_7_params_of_a_chunk_without_elements() {
        let dtype = params_frame().column("event_params").unwrap().dtype().clone();
        let nulls = Series::full_null("event_params".into(), 2, &dtype);
        let df = DataFrame::new(2, vec![nulls.into_column()]).unwrap();
        let lists = df.column("event_params").unwrap().list().unwrap().clone();
        assert_eq!(lists.get_inner().len(), 0, "the case under test: no element in the chunk");
        let out = df.lazy().select([param::<String>(col("event_params"), "a").alias("a")]).collect().unwrap();
        let a: Vec<Option<&str>> = out.column("a").unwrap().str().unwrap().iter().collect();
        assert_eq!(a, [None, None]);
    }

    /// L-7 by blocks of rows: extracting a chunk in blocks of one, two or three rows gives
    /// what one block gives, and every slot matches the single-param lookup.
    #[test]
    fn l_7_params_extracted_by_blocks_match_single_lookups() {
        let df = params_frame();
        let column = df.column("event_params").unwrap();
        let slots = [Slot::of::<String>("a"), Slot::of::<i64>("n"), Slot::of::<f64>("d"), Slot::of::<String>("n")];
        let whole = extract(column, &slots, BLOCK_ROWS).unwrap();
        for block in 1..=3 {
            let blocks = extract(column, &slots, block).unwrap();
            for (b, w) in blocks.iter().zip(&whole) {
                assert!(b.as_materialized_series().equals_missing(w.as_materialized_series()), "block {block}");
            }
        }
        for (slot, w) in slots.iter().zip(&whole) {
            let single = df
                .clone()
                .lazy()
                .select([match slot.field {
                    "string_value" => param::<String>(col("event_params"), &slot.key),
                    "int_value" => param::<i64>(col("event_params"), &slot.key),
                    _ => param::<f64>(col("event_params"), &slot.key),
                }])
                .collect()
                .unwrap();
            let single = single.columns()[0].as_materialized_series().clone();
            assert!(single.equals_missing(w.as_materialized_series()), "{}", slot.name);
        }
    }

    /// A param asked after `attach` would be missing from the attached column: refused.
    #[test]
    #[should_panic(expected = "asked after Params::attach")]
    fn a_param_asked_after_attach_is_refused() {
        #[derive(Schema, Debug, Clone, Default, PartialEq)]
        #[schema(model = "raw_demo__late", layer = "raw")]
        struct Ev {
            /// params
            event_params: Option<Vec<EventParam>>,
        }
        let p = Params::of(col("event_params"));
        let _ = p.str("a");
        let _ = p.attach(Frame::<Ev>::from_rows(&[]));
        let _ = p.str("b");
    }

    /// R-int_firebase__native_event-3: `fmt_double` examples of the spec.
    #[test]
    fn r_int_firebase__native_event_3_fmt_double_examples() {
        assert_eq!(fmt_double(123456.0).as_deref(), Some("123456"));
        assert_eq!(fmt_double(1e21).as_deref(), Some("1000000000000000000000"));
        assert_eq!(fmt_double(0.1).as_deref(), Some("0.1"));
        assert_eq!(fmt_double(1.5e-7).as_deref(), Some("0.00000015"));
        assert_eq!(fmt_double(f64::NAN), None);
        assert_eq!(fmt_double(f64::INFINITY), None);
        assert_eq!(fmt_double(f64::NEG_INFINITY), None);
        assert_eq!(fmt_double(-2.0).as_deref(), Some("-2"));
    }

    /// C-12, C-13: µs integers are UTC instants; `paris()` follows DST.
    #[test]
    fn c_13_paris_of_an_instant_follows_dst() {
        // 2026-07-01 10:00:00 UTC = 12:00 Paris (CEST); 2026-01-01 10:00 UTC = 11:00 Paris (CET).
        let summer = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let winter = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().and_hms_opt(10, 0, 0).unwrap();
        let micros = |d: chrono::NaiveDateTime| d.and_utc().timestamp_micros();
        let df = df!("t" => [micros(summer), micros(winter)]).unwrap();
        let out = df.lazy().select([paris(ts_from_micros(col("t"))).alias("p")]).collect().unwrap();
        let p = out.column("p").unwrap();
        assert_eq!(p.dtype(), &DataType::Datetime(TimeUnit::Microseconds, None));
        let v: Vec<String> = (0..2).map(|i| p.get(i).unwrap().to_string()).collect();
        assert_eq!(v, ["2026-07-01 12:00:00", "2026-01-01 11:00:00"]);
    }
}
