//! The GA4 export shape (sources.md §4.2–4.3): nested `event_params` / `user_properties`
//! lists of `{key, value{string_value, int_value, float_value, double_value}}` structs and the
//! `app_info` / `traffic_source` structs, built from flat column vectors (the list offsets
//! are assembled directly as an Arrow large list, no per-row objects).

use polars::prelude::*;

use super::{Batch, V};
use crate::table::frame as table_frame;

/// The GA4 export frame of one file's events.
pub(super) fn frame(day: i32, b: Batch) -> DataFrame {
    let n = b.ts.len();
    let date = crate::time::date(day).format("%Y%m%d").to_string();
    let params = param_list("event_params", &b.offsets, &b.p_key, &b.p_val, false);
    // One user property per event (GA4 user_properties, ignored by the readers).
    let up_offsets: Vec<i64> = (0..=n as i64).collect();
    let up_keys = vec!["first_open_time"; n];
    let up_vals: Vec<V> =
        b.first_touch.iter().map(|t| V::I(t.map_or(0, |t| t / 1000 / 3_600_000 * 3_600_000))).collect();
    let user_properties = param_list("user_properties", &up_offsets, &up_keys, &up_vals, true);
    let app = StructChunked::from_series(
        "app_info".into(),
        n,
        [
            Series::new("id".into(), &b.app_id),
            Series::new("version".into(), b.app_version.iter().map(Option::as_deref).collect::<Vec<_>>()),
        ]
        .iter(),
    )
    .expect("app_info")
    .into_series();
    let app = null_rows(app, &b.app_null);
    let traffic = StructChunked::from_series(
        "traffic_source".into(),
        n,
        [
            Series::new("name".into(), &b.ts_name),
            Series::new("medium".into(), &b.ts_medium),
            Series::new("source".into(), &b.ts_source),
        ]
        .iter(),
    )
    .expect("traffic_source")
    .into_series();
    let traffic = null_rows(traffic, &b.ts_null);
    table_frame(vec![
        Column::new("event_date".into(), vec![date.as_str(); n]),
        Column::new("event_timestamp".into(), &b.ts),
        Column::new("event_name".into(), &b.name),
        params.into_column(),
        Column::new("event_previous_timestamp".into(), &b.prev),
        Column::new("user_id".into(), b.user.iter().map(|u| u.map(|u| (u + 1).to_string())).collect::<Vec<_>>()),
        Column::new("user_pseudo_id".into(), &b.pseudo),
        user_properties.into_column(),
        Column::new("user_first_touch_timestamp".into(), &b.first_touch),
        app.into_column(),
        traffic.into_column(),
        Column::new("platform".into(), &b.platform),
    ])
}

/// `list<struct{key, value: struct{string_value, int_value, float_value, double_value
/// [, set_timestamp_micros]}}>` from flattened keys and values.
fn param_list(name: &str, offsets: &[i64], keys: &[&'static str], vals: &[V], timestamps: bool) -> Series {
    let n = keys.len();
    let mut sv: Vec<Option<&str>> = Vec::with_capacity(n);
    let mut iv: Vec<Option<i64>> = Vec::with_capacity(n);
    let mut dv: Vec<Option<f64>> = Vec::with_capacity(n);
    for v in vals {
        match v {
            V::S(x) => {
                sv.push(Some(x));
                iv.push(None);
                dv.push(None);
            }
            V::I(x) => {
                sv.push(None);
                iv.push(Some(*x));
                dv.push(None);
            }
            V::D(x) => {
                sv.push(None);
                iv.push(None);
                dv.push(Some(*x));
            }
            V::Null => {
                sv.push(None);
                iv.push(None);
                dv.push(None);
            }
        }
    }
    let mut fields = vec![
        Series::new("string_value".into(), sv),
        Series::new("int_value".into(), iv),
        Series::new_null("float_value".into(), n).cast(&DataType::Float64).expect("null floats"),
        Series::new("double_value".into(), dv),
    ];
    if timestamps {
        fields.push(Series::new_null("set_timestamp_micros".into(), n).cast(&DataType::Int64).expect("null ints"));
    }
    let value = StructChunked::from_series("value".into(), n, fields.iter()).expect("value struct").into_series();
    let key = Series::new("key".into(), keys);
    let item = StructChunked::from_series("item".into(), n, [key, value].iter()).expect("param struct").into_series();
    let values = item.rechunk().to_arrow(0, CompatLevel::newest());
    let dtype = LargeListArray::default_datatype(
        item.dtype().to_arrow_field("item".into(), CompatLevel::newest()).dtype().clone(),
    );
    let arr = LargeListArray::new(dtype, offsets.to_vec().try_into().expect("monotone offsets"), values, None);
    Series::from_arrow(name.into(), Box::new(arr)).expect("list of structs")
}

/// `s` with the rows where `null` is true set to NULL.
fn null_rows(s: Series, null: &[bool]) -> Series {
    if !null.iter().any(|x| *x) {
        return s;
    }
    let keep: BooleanChunked = null.iter().map(|x| !x).collect();
    let nulls = Series::full_null(s.name().clone(), s.len(), s.dtype());
    s.zip_with(&keep, &nulls).expect("same dtype")
}
