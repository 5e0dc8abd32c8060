//! Grain: one row per raw GA4 event of the read partitions; no primary key (events carry no id).

use pipeline::SourceSpec;
use pipeline::polars::prelude::LazyFrame;
use pipeline::prelude::*;

/// GA4 `app_info` struct.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
pub struct AppInfo {
    /// app id (`app.passculture`, …); NULL = web traffic
    pub id: Option<String>,
    /// app version
    pub version: Option<String>,
}

/// GA4 `traffic_source` struct (first-touch acquisition).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
pub struct TrafficSource {
    /// campaign name
    pub name: Option<String>,
    /// medium
    pub medium: Option<String>,
    /// source
    pub source: Option<String>,
}

/// Native app events in the GA4 export layout (sources.md §4), read from the date partitions
/// of the run window (L-9), with the partition date and the app-id filter (L-8).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_firebase__event", layer = "raw", materialized = "view")]
pub struct RawFirebaseEvent {
    /// partition date, from the directory name `event_date=YYYY-MM-DD` (L-8; set by the
    /// partition reader, not read from the file, whose own GA4 `event_date` is only checked)
    pub event_date: NaiveDate,
    /// event time, µs since the Unix epoch, UTC
    pub event_timestamp: i64,
    /// previous event time of the device, µs
    pub event_previous_timestamp: Option<i64>,
    /// event name (`ConsultOffer`, `screen_view`, …)
    pub event_name: String,
    /// typed key/value params (sources.md §4.3)
    pub event_params: Option<Vec<EventParam>>,
    /// pass Culture user id; NULL when not logged in
    pub user_id: Option<String>,
    /// app-instance (device) id
    pub user_pseudo_id: Option<String>,
    /// GA4 user properties (same key/value layout as the params; optional in the files)
    pub user_properties: Option<Vec<EventParam>>,
    /// `IOS`, `ANDROID`, `WEB`
    pub platform: Option<String>,
    /// app id and version
    pub app_info: Option<AppInfo>,
    /// first-touch acquisition
    pub traffic_source: Option<TrafficSource>,
}

/// Source files (date partitions) and the L-8 filter.
pub const SOURCE: SourceSpec = SourceSpec::date_partitions("firebase", "events").derive(derive);

/// L-8: drops rows whose `app_info.id` is neither NULL nor one of `firebase_app_ids`.
pub fn derive(ctx: &RunContext, lf: LazyFrame) -> LazyFrame {
    let id = raw_col("app_info").struct_().field_by_name("id");
    let ids: Vec<&str> = ctx.firebase_app_ids.iter().map(String::as_str).collect();
    lf.filter(id.clone().is_null().or(is_in_strs(id, &ids)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::polars::prelude::IntoLazy;

    fn ev(app: Option<Option<&str>>) -> RawFirebaseEvent {
        RawFirebaseEvent {
            event_date: pipeline::date("2026-11-27"),
            event_name: "ConsultOffer".into(),
            app_info: app.map(|id| AppInfo { id: id.map(Into::into), version: None }),
            ..Default::default()
        }
    }

    /// L-8: rows of other apps are dropped; a NULL `app_info.id` (or NULL `app_info`) is web
    /// traffic and kept.
    #[test]
    fn l_8_app_id_filter_keeps_known_apps_and_web_traffic() {
        let ctx = pipeline::testing::ctx("2026-11-27");
        let rows = vec![
            ev(Some(Some("app.passculture"))),
            ev(Some(Some("app.passculture.webapp"))),
            ev(Some(Some("com.other"))),
            ev(Some(None)),
            ev(None),
        ];
        let df = RawFirebaseEvent::to_dataframe(&rows).unwrap();
        let out = derive(&ctx, df.lazy()).collect().unwrap();
        let back = RawFirebaseEvent::from_dataframe(&out).unwrap();
        assert_eq!(back, vec![rows[0].clone(), rows[1].clone(), rows[3].clone(), rows[4].clone()]);
    }
}
