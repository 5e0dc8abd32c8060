//! Grain: one row per `int_firebase__native_event` row of the run's window passing R-1; no key.

use intermediate::IntFirebaseNativeEvent as N;
use pipeline::prelude::*;
use pipeline_export_contract::{Delivery, ExportSpec, ch};

/// Consultation and favourite events for the pro-facing ClickHouse statistics (exports.md,
/// exp_clickhouse__native_event). Its input is the event table as updated by this run over the
/// window `W` (every stored date on a full refresh); delivered by partition replace.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "exp_clickhouse__native_event", layer = "export", from = N)]
#[check(name = "event_has_its_parameter", rule = event_has_its_parameter, cite = "R-exp_clickhouse__native_event-1")]
pub struct ExpClickhouseNativeEvent {
    /// `event_date`, the partition
    #[schema(from = N::event_date)]
    pub partition_date: NaiveDate,
    /// `ConsultOffer`, `ConsultVenue` or `HasAddedOfferToFavorites`
    #[check(accepted_values = ["ConsultOffer", "ConsultVenue", "HasAddedOfferToFavorites"], cite = "R-exp_clickhouse__native_event-1")]
    pub event_name: String,
    /// event instant (pass)
    pub event_timestamp: TsUtc,
    /// offer (pass)
    pub offer_id: Option<String>,
    /// user (pass)
    pub user_id: Option<String>,
    /// session (pass)
    pub unique_session_id: Option<String>,
    /// venue (pass)
    pub venue_id: Option<String>,
    /// origin screen (pass)
    pub origin: Option<String>,
    /// 1 for a `ConsultVenue` (pass)
    #[check(min = 0, max = 1, cite = "R-exp_clickhouse__native_event-2")]
    pub is_consult_venue: i64,
    /// 1 for a `ConsultOffer` (pass)
    #[check(min = 0, max = 1, cite = "R-exp_clickhouse__native_event-2")]
    pub is_consult_offer: i64,
    /// 1 for a `HasAddedOfferToFavorites` (pass)
    #[check(min = 0, max = 1, cite = "R-exp_clickhouse__native_event-2")]
    pub is_add_to_favorites: i64,
}

/// the parameter each kept event needs.
fn needs(event: Expr, offer: Expr, venue: Expr) -> Expr {
    let offer_event = event.clone().eq(lit("ConsultOffer")).or(event.clone().eq(lit("HasAddedOfferToFavorites")));
    (offer_event.and(offer.is_not_null())).or(event.eq(lit("ConsultVenue")).and(venue.is_not_null()))
}

fn event_has_its_parameter(f: &Frame<ExpClickhouseNativeEvent>) -> Expr {
    type E = ExpClickhouseNativeEvent;
    needs(f.c(E::event_name), f.c(E::offer_id), f.c(E::venue_id))
}

pub fn build(_ctx: &RunContext, events: Frame<N>) -> Frame<ExpClickhouseNativeEvent> {
    let keep = needs(events.c(N::event_name), events.c(N::offer_id), events.c(N::venue_id));
    let kept = events.filter(keep);
    ExpClickhouseNativeEvent::project(kept, ExpClickhouseNativeEventComputed {})
}

/// Target `intermediate.native_event`: PARTITION BY partition_date, ORDER BY (event_name,
/// ifNull(venue_id, …), ifNull(offer_id, …)); partition replace.
pub fn target() -> ExportSpec {
    type E = ExpClickhouseNativeEvent;
    ExportSpec::clickhouse::<E>("intermediate", "native_event", Delivery::PartitionReplace)
        .column(E::partition_date, ch::Date)
        .column(E::event_name, ch::String)
        .column(E::event_timestamp, ch::Nullable(ch::DateTime))
        .column(E::offer_id, ch::Nullable(ch::String))
        .column(E::user_id, ch::Nullable(ch::String))
        .column(E::unique_session_id, ch::Nullable(ch::String))
        .column(E::venue_id, ch::Nullable(ch::String))
        .column(E::origin, ch::Nullable(ch::String))
        .column(E::is_consult_venue, ch::UInt8)
        .column(E::is_consult_offer, ch::UInt8)
        .column(E::is_add_to_favorites, ch::UInt8)
        .partition_by("partition_date")
        .order_by(&["event_name", "ifNull(venue_id, 'unknown_venue_id')", "ifNull(offer_id, 'unknown_offer_id')"])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    fn event(name: &str, offer: Option<&str>, venue: Option<&str>) -> N {
        N {
            event_date: pipeline::date("2026-11-26"),
            event_timestamp: TsUtc(pipeline::dt("2026-11-26 08:30:00.5").and_utc()),
            event_name: name.into(),
            offer_id: offer.map(Into::into),
            venue_id: venue.map(Into::into),
            user_id: Some("u1".into()),
            unique_session_id: Some("s1".into()),
            origin: Some("home".into()),
            is_consult_offer: i64::from(name == "ConsultOffer"),
            is_consult_venue: i64::from(name == "ConsultVenue"),
            is_add_to_favorites: i64::from(name == "HasAddedOfferToFavorites"),
            ..Default::default()
        }
    }

    /// R-exp_clickhouse__native_event-1: the three event names, each with its parameter
    /// (offer for ConsultOffer and HasAddedOfferToFavorites, venue for ConsultVenue).
    #[test]
    fn r_exp_clickhouse__native_event_1_filter() {
        let input = vec![
            event("ConsultOffer", Some("o1"), None),
            event("ConsultOffer", None, Some("v1")),
            event("HasAddedOfferToFavorites", Some("o2"), None),
            event("HasAddedOfferToFavorites", None, None),
            event("ConsultVenue", None, Some("v2")),
            event("ConsultVenue", Some("o3"), None),
            event("screen_view", Some("o4"), Some("v4")),
        ];
        let out = rows(build(&ctx("2026-11-27"), Frame::from_rows(&input)));
        let mut kept: Vec<(String, Option<String>, Option<String>)> =
            out.iter().map(|r| (r.event_name.clone(), r.offer_id.clone(), r.venue_id.clone())).collect();
        kept.sort();
        assert_eq!(
            kept,
            [
                ("ConsultOffer".into(), Some("o1".into()), None),
                ("ConsultVenue".into(), None, Some("v2".into())),
                ("HasAddedOfferToFavorites".into(), Some("o2".into()), None),
            ]
        );
        let first = out.iter().find(|r| r.event_name == "ConsultOffer").unwrap();
        assert_eq!(
            (first.partition_date, first.is_consult_offer, first.is_consult_venue),
            (pipeline::date("2026-11-26"), 1, 0)
        );
    }

    /// R-exp_clickhouse__native_event-2: `intermediate.native_event`, partitioned by
    /// partition_date, the spec's ORDER BY and column order (is_consult_venue before
    /// is_consult_offer); R-4: partition replace, day by day.
    #[test]
    fn r_exp_clickhouse__native_event_2_4_target_ddl() {
        let spec = target();
        spec.validate().unwrap();
        assert_eq!(spec.delivery, Delivery::PartitionReplace);
        assert_eq!(
            spec.clickhouse_ddl("intermediate", "native_event"),
            "CREATE TABLE IF NOT EXISTS intermediate.native_event\n(\n    partition_date Date,\n    event_name String,\n    \
             event_timestamp Nullable(DateTime),\n    offer_id Nullable(String),\n    user_id Nullable(String),\n    \
             unique_session_id Nullable(String),\n    venue_id Nullable(String),\n    origin Nullable(String),\n    \
             is_consult_venue UInt8,\n    is_consult_offer UInt8,\n    is_add_to_favorites UInt8\n)\nENGINE = MergeTree\n\
             PARTITION BY partition_date\nORDER BY (event_name, ifNull(venue_id, 'unknown_venue_id'), ifNull(offer_id, 'unknown_offer_id'))"
        );
    }
}
