//! Grain: one row per venue of `int_global__venue`; PK `venue_id`.

use intermediate::{IntGlobalOffer as O, IntGlobalStock as S, IntGlobalVenue as V};
use pipeline::prelude::*;
use pipeline_export_contract::{Delivery, ExportSpec, ch};

/// Offer counters per venue for the pro-facing ClickHouse statistics (exports.md,
/// exp_clickhouse__venue_offer_statistic). Delivered as an atomic full replace.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "exp_clickhouse__venue_offer_statistic", layer = "export", grain = "venue_id", from = V)]
pub struct ExpClickhouseVenueOfferStatistic {
    /// `ds`, the delivery date
    #[schema(computed)]
    pub update_date: NaiveDate,
    /// every non-soft-deleted venue (v)
    pub venue_id: String,
    /// active, approved offers with a bookable stock
    #[schema(computed)]
    #[check(min = 0, cite = "EI-3")]
    pub total_active_offers: i64,
    /// active, pending offers
    #[schema(computed)]
    #[check(min = 0, cite = "EI-3")]
    pub total_pending_offers: i64,
    /// inactive offers not rejected
    #[schema(computed)]
    #[check(min = 0, cite = "EI-3")]
    pub total_inactive_non_rejected_offers: i64,
    /// 0 in v1
    #[schema(computed)]
    #[check(min = 0, max = 0, cite = "R-exp_clickhouse__venue_offer_statistic-4")]
    pub total_active_collective_offers: i64,
    /// 0 in v1
    #[schema(computed)]
    #[check(min = 0, max = 0, cite = "R-exp_clickhouse__venue_offer_statistic-4")]
    pub total_pending_collective_offers: i64,
    /// 0 in v1
    #[schema(computed)]
    #[check(min = 0, max = 0, cite = "R-exp_clickhouse__venue_offer_statistic-4")]
    pub total_inactive_non_rejected_collective_offers: i64,
}

/// The individual counts `ic` per venue of the offer (R-1…R-3).
#[derive(Schema)]
pub struct IndividualCounts {
    #[schema(from = O::venue_id)]
    pub venue_id: Option<String>,
    #[schema(computed)]
    pub total_active_offers: i64,
    #[schema(computed)]
    pub total_pending_offers: i64,
    #[schema(computed)]
    pub total_inactive_non_rejected_offers: i64,
}

pub fn build(
    ctx: &RunContext,
    venues: Frame<V>,
    offers: Frame<O>,
    stocks: Frame<S>,
) -> Frame<ExpClickhouseVenueOfferStatistic> {
    type C = IndividualCounts;
    // The join condition's `s.stock_is_soft_deleted = false` is applied to the right side
    // before the LEFT join: the offer is kept either way.
    let live_stocks = stocks.clone().filter(stocks.c(S::stock_is_soft_deleted).eq(lit(false)));
    let os = offers.left_join(live_stocks, on(O::offer_id, S::offer_id));
    let active = os.c(O::is_active);
    let validation = os.c(O::offer_validation);
    let counts = IndividualCounts::aggregate(
        os.clone(),
        IndividualCountsComputed {
            //
            total_active_offers: count_distinct_where(
                os.c(O::offer_id),
                active
                    .clone()
                    .eq(lit(true))
                    .and(validation.clone().eq(lit("APPROVED")))
                    .and(os.c(S::is_bookable).eq(lit(true))),
            ),
            //
            total_pending_offers: count_distinct_where(
                os.c(O::offer_id),
                active.clone().eq(lit(true)).and(validation.clone().eq(lit("PENDING"))),
            ),
            // NULL validation or activity is not counted (three-valued, C-16).
            total_inactive_non_rejected_offers: count_distinct_where(
                os.c(O::offer_id),
                active.eq(lit(false)).and(validation.neq(lit("REJECTED"))),
            ),
        },
    );
    // offers without venue count for no venue (a NULL key never joins, C-19).
    let j = venues.left_join(counts, on(V::venue_id, C::venue_id));
    let zero = |e: Expr| e.fill_null(lit(0i64));
    ExpClickhouseVenueOfferStatistic::project(
        j.clone(),
        ExpClickhouseVenueOfferStatisticComputed {
            update_date: ctx.ds(),
            total_active_offers: zero(j.c(C::total_active_offers)),
            total_pending_offers: zero(j.c(C::total_pending_offers)),
            total_inactive_non_rejected_offers: zero(j.c(C::total_inactive_non_rejected_offers)),
            //
            total_active_collective_offers: lit(0i64).cast(DataType::Int64),
            total_pending_collective_offers: lit(0i64).cast(DataType::Int64),
            total_inactive_non_rejected_collective_offers: lit(0i64).cast(DataType::Int64),
        },
    )
}

/// Target `intermediate.venue_offer_statistic`: not partitioned, ORDER BY venue_id; full
/// replace by multi-table RENAME.
pub fn target() -> ExportSpec {
    type E = ExpClickhouseVenueOfferStatistic;
    ExportSpec::clickhouse::<E>("intermediate", "venue_offer_statistic", Delivery::FullReplace)
        .column(E::update_date, ch::DateString)
        .column(E::venue_id, ch::String)
        .column(E::total_active_offers, ch::UInt64)
        .column(E::total_pending_offers, ch::UInt64)
        .column(E::total_inactive_non_rejected_offers, ch::UInt64)
        .column(E::total_active_collective_offers, ch::UInt64)
        .column(E::total_pending_collective_offers, ch::UInt64)
        .column(E::total_inactive_non_rejected_collective_offers, ch::UInt64)
        .order_by(&["venue_id"])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    fn venue(id: &str) -> V {
        V { venue_id: id.into(), ..Default::default() }
    }

    fn offer(id: &str, venue: Option<&str>, active: Option<bool>, validation: Option<&str>) -> O {
        O {
            offer_id: id.into(),
            venue_id: venue.map(Into::into),
            is_active: active,
            offer_validation: validation.map(Into::into),
            offer_subcategory_id: "LIVRE_PAPIER".into(),
            ..Default::default()
        }
    }

    fn stock(id: &str, offer: &str, bookable: bool, deleted: bool) -> S {
        S {
            stock_id: id.into(),
            offer_id: offer.into(),
            is_bookable: bookable,
            stock_is_soft_deleted: deleted,
            ..Default::default()
        }
    }

    fn counts(out: &[ExpClickhouseVenueOfferStatistic]) -> Vec<(String, i64, i64, i64)> {
        let mut v: Vec<_> = out
            .iter()
            .map(|r| {
                (
                    r.venue_id.clone(),
                    r.total_active_offers,
                    r.total_pending_offers,
                    r.total_inactive_non_rejected_offers,
                )
            })
            .collect();
        v.sort();
        v
    }

    /// R-exp_clickhouse__venue_offer_statistic-1: active approved offers with a bookable,
    /// non-deleted stock, counted once however many stocks; a deleted bookable stock does not count.
    #[test]
    fn r_exp_clickhouse__venue_offer_statistic_1_active_offers() {
        let venues = vec![venue("v1")];
        let offers = vec![
            offer("a", Some("v1"), Some(true), Some("APPROVED")),
            offer("b", Some("v1"), Some(true), Some("APPROVED")),
            offer("c", Some("v1"), Some(true), Some("APPROVED")),
            offer("d", Some("v1"), Some(false), Some("APPROVED")),
        ];
        let stocks = vec![
            stock("s1", "a", true, false),
            stock("s2", "a", true, false),
            stock("s3", "b", true, true),
            stock("s4", "c", false, false),
            stock("s5", "d", true, false),
        ];
        let out = rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&venues),
            Frame::from_rows(&offers),
            Frame::from_rows(&stocks),
        ));
        assert_eq!(counts(&out), [("v1".into(), 1, 0, 1)]);
    }

    /// R-exp_clickhouse__venue_offer_statistic-2, -3: pending active offers; inactive offers whose
    /// validation is not REJECTED, a NULL validation or NULL activity not counted; stocks do not
    /// matter. R-5: an offer without venue counts nowhere. EI-3: one row per venue, zeros when none.
    ///
    /// Rules: R-exp_clickhouse__venue_offer_statistic-2, R-exp_clickhouse__venue_offer_statistic-3,
    /// R-exp_clickhouse__venue_offer_statistic-5.
    #[test]
    fn r_exp_clickhouse__venue_offer_statistic_2_3_5_pending_inactive_and_orphans() {
        let venues = vec![venue("v1"), venue("v2")];
        let offers = vec![
            offer("p", Some("v1"), Some(true), Some("PENDING")),
            offer("i1", Some("v1"), Some(false), Some("PENDING")),
            offer("i2", Some("v1"), Some(false), Some("REJECTED")),
            offer("i3", Some("v1"), Some(false), None),
            offer("i4", Some("v1"), None, Some("APPROVED")),
            offer("orphan", None, Some(true), Some("PENDING")),
        ];
        let out = rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&venues),
            Frame::from_rows(&offers),
            Frame::from_rows(&[]),
        ));
        assert_eq!(counts(&out), [("v1".into(), 0, 1, 1), ("v2".into(), 0, 0, 0)]);
    }

    /// R-exp_clickhouse__venue_offer_statistic-4: collective counters are 0; `update_date = ds`.
    #[test]
    fn r_exp_clickhouse__venue_offer_statistic_4_collective_zero() {
        let out = rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&[venue("v1")]),
            Frame::from_rows(&[]),
            Frame::from_rows(&[]),
        ));
        assert_eq!(
            out,
            [ExpClickhouseVenueOfferStatistic {
                update_date: pipeline::date("2026-11-27"),
                venue_id: "v1".into(),
                ..Default::default()
            }]
        );
    }

    /// R-exp_clickhouse__venue_offer_statistic-6: `intermediate.venue_offer_statistic`, no
    /// partition, ORDER BY venue_id, columns as the spec lists them; R-7: full replace.
    #[test]
    fn r_exp_clickhouse__venue_offer_statistic_6_7_target_ddl() {
        let spec = target();
        spec.validate().unwrap();
        assert_eq!(
            spec.clickhouse_ddl("intermediate", "venue_offer_statistic"),
            "CREATE TABLE IF NOT EXISTS intermediate.venue_offer_statistic\n(\n    update_date String,\n    venue_id String,\n    \
             total_active_offers UInt64,\n    total_pending_offers UInt64,\n    total_inactive_non_rejected_offers UInt64,\n    \
             total_active_collective_offers UInt64,\n    total_pending_collective_offers UInt64,\n    \
             total_inactive_non_rejected_collective_offers UInt64\n)\nENGINE = MergeTree\nORDER BY venue_id"
        );
        assert_eq!(spec.delivery, Delivery::FullReplace);
    }
}
