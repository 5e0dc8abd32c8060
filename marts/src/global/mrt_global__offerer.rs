//! Grain: one row per validated, active offerer; PK `offerer_id`.

use intermediate::IntGlobalOfferer as I;
use pipeline::prelude::*;

/// Validated, active offerers with their venue aggregates (marts.md, mrt_global__offerer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__offerer", layer = "mart", grain = "offerer_id", from = I)]
#[check(name = "partner_id_is_offerer_prefixed_id", rule = partner_id_is_offerer_prefixed_id, cite = "I-15")]
#[check(name = "totals_are_individual_only", rule = totals_are_individual_only, cite = "R-int_global__offerer-7")]
#[check(name = "venue_aggregates_null_iff_no_venue", rule = venue_aggregates_null_iff_no_venue, cite = "R-int_global__offerer-5")]
pub struct MrtGlobalOfferer {
    /// offerer id
    pub offerer_id: String,
    /// `offerer-<offerer_id>` (R-int_global__offerer-2)
    pub partner_id: String,
    /// name
    pub offerer_name: Option<String>,
    /// creation
    pub offerer_creation_date: Option<DtParis>,
    /// validation
    pub offerer_validation_date: Option<DtParis>,
    /// MIN over venues (R-int_global__offerer-3)
    pub first_stock_creation_date: Option<DtParis>,
    /// MIN over venues (R-int_global__offerer-3)
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX over venues (R-int_global__offerer-3)
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date` (R-int_global__offerer-7)
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date` (R-int_global__offerer-7)
    pub last_offer_creation_date: Option<NaiveDate>,
    /// MIN over venues (R-int_global__offerer-3)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX over venues (R-int_global__offerer-3)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// = `first_individual_booking_date` (R-int_global__offerer-7)
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date` (R-int_global__offerer-7)
    pub last_booking_date: Option<NaiveDate>,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over venues, not coalesced (R-int_global__offerer-4)
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_used_bookings: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_used_individual_bookings: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_individual_real_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_real_revenue: Dec2,
    /// SUM of venues' current-year real revenues, coalesced to 0 (R-int_global__offerer-3)
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_current_year_real_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_created_individual_offers: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_created_offers: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_bookable_individual_offers: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_bookable_offers: i64,
    /// SIREN, not unique (D-2)
    pub offerer_siren: Option<String>,
    /// number of distinct venues, 0 when none (R-int_global__offerer-6)
    pub total_managed_venues: i64,
    /// number of distinct open-to-public venues, 0 when none (R-int_global__offerer-6)
    pub total_permanent_managed_venues: i64,
    /// number of venues with at least one offer; NULL without venue (R-int_global__offerer-5)
    pub total_venues: Option<i64>,
    /// `humanize_id(offerer_id)` (R-int_global__offerer-2)
    pub offerer_humanized_id: Option<String>,
    /// the offerer has the `part-epn` tag (R-int_global__offerer-8)
    pub offerer_is_epn: bool,
}

/// R-mrt_global__offerer-1: `VALIDATED` and active offerers.
fn partner_id_is_offerer_prefixed_id(f: &Frame<MrtGlobalOfferer>) -> Expr {
    intermediate::global::int_global__offerer::offerer_partner_id(
        f.c(MrtGlobalOfferer::partner_id),
        f.c(MrtGlobalOfferer::offerer_id),
    )
}

/// R-int_global__offerer-3/7: v1 totals equal the individual ones.
fn totals_are_individual_only(f: &Frame<MrtGlobalOfferer>) -> Expr {
    type A = MrtGlobalOfferer;
    intermediate::applicative::int_applicative__venue::venue_totals_individual_only(vec![
        (f.c(A::total_used_bookings), f.c(A::total_used_individual_bookings)),
        (f.c(A::total_created_offers), f.c(A::total_created_individual_offers)),
        (f.c(A::total_bookable_offers), f.c(A::total_bookable_individual_offers)),
        (f.c(A::total_theoretic_revenue), f.c(A::total_individual_theoretic_revenue)),
        (f.c(A::total_real_revenue), f.c(A::total_individual_real_revenue)),
        (f.c(A::first_booking_date), f.c(A::first_individual_booking_date)),
        (f.c(A::last_booking_date), f.c(A::last_individual_booking_date)),
        (f.c(A::first_offer_creation_date), f.c(A::first_individual_offer_creation_date)),
        (f.c(A::last_offer_creation_date), f.c(A::last_individual_offer_creation_date)),
    ])
}

/// R-int_global__offerer-4/5/6: NULL exactly for an offerer without venue.
fn venue_aggregates_null_iff_no_venue(f: &Frame<MrtGlobalOfferer>) -> Expr {
    type A = MrtGlobalOfferer;
    let no_venue = f.c(A::total_managed_venues).eq(lit(0i64));
    no_venue.clone().eq(f.c(A::total_venues).is_null()).and(no_venue.eq(f.c(A::total_non_cancelled_bookings).is_null()))
}

pub fn build(_ctx: &RunContext, offerers: Frame<I>) -> Frame<MrtGlobalOfferer> {
    let keep = offerers
        .c(I::offerer_validation_status)
        .eq(lit("VALIDATED"))
        .and(offerers.c(I::offerer_is_active).eq(lit(true)));
    let kept = offerers.filter(keep);
    MrtGlobalOfferer::project(kept.clone(), MrtGlobalOffererComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot, snapshot_cols};

    fn offerer(id: &str, status: Option<&str>, active: Option<bool>) -> I {
        I {
            offerer_id: id.into(),
            partner_id: format!("offerer-{id}"),
            offerer_validation_status: status.map(Into::into),
            offerer_is_active: active,
            ..Default::default()
        }
    }

    /// R-mrt_global__offerer-1 (three-valued: NULL status or NULL activity drops; exact comparison).
    #[test]
    fn r_mrt_global__offerer_1_filter() {
        let offerers = vec![
            offerer("ok", Some("VALIDATED"), Some(true)),
            offerer("inactive", Some("VALIDATED"), Some(false)),
            offerer("active_null", Some("VALIDATED"), None),
            offerer("new", Some("NEW"), Some(true)),
            offerer("status_null", None, Some(true)),
            offerer("lowercase", Some("validated"), Some(true)),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offerers));
        insta::assert_snapshot!(snapshot_cols(out, &["partner_id"]));
    }

    /// R-mrt_global__offerer-1: kept rows keep every intermediate value (NULL `total_non_cancelled_bookings`
    /// and `total_venues` of an offerer without venue stay NULL, K-30). Every column has values no
    /// other column of its type has, but for the v1 totals equal to their individual ones
    /// (R-int_global__offerer-7), so that a swapped column shows.
    #[test]
    fn r_mrt_global__offerer_1_columns_pass() {
        let offerers = vec![
            I {
                offerer_name: Some("SARL Livres".into()),
                offerer_creation_date: Some(DtParis(pipeline::dt("2020-01-01 10:00:00"))),
                offerer_validation_date: Some(DtParis(pipeline::dt("2020-01-02 10:00:00"))),
                first_stock_creation_date: Some(DtParis(pipeline::dt("2020-02-01 10:00:00"))),
                first_individual_offer_creation_date: Some(pipeline::date("2020-02-01")),
                last_individual_offer_creation_date: Some(pipeline::date("2026-02-01")),
                first_offer_creation_date: Some(pipeline::date("2020-02-01")),
                last_offer_creation_date: Some(pipeline::date("2026-02-01")),
                first_individual_booking_date: Some(pipeline::date("2020-03-01")),
                last_individual_booking_date: Some(pipeline::date("2026-03-01")),
                first_booking_date: Some(pipeline::date("2020-03-01")),
                last_booking_date: Some(pipeline::date("2026-03-01")),
                total_non_cancelled_individual_bookings: 9,
                total_non_cancelled_bookings: Some(9),
                total_used_bookings: 3,
                total_used_individual_bookings: 3,
                total_individual_theoretic_revenue: Dec2(10050),
                total_individual_real_revenue: Dec2(6030),
                total_theoretic_revenue: Dec2(10050),
                total_real_revenue: Dec2(6030),
                total_current_year_real_revenue: Dec2(2010),
                total_created_individual_offers: 4,
                total_created_offers: 4,
                total_bookable_individual_offers: 2,
                total_bookable_offers: 2,
                offerer_siren: Some("123456789".into()),
                total_managed_venues: 7,
                total_permanent_managed_venues: 6,
                total_venues: Some(5),
                offerer_humanized_id: Some("AE".into()),
                offerer_is_epn: true,
                ..offerer("1", Some("VALIDATED"), Some(true))
            },
            I {
                offerer_name: Some("Asso Ciné".into()),
                offerer_siren: Some("987654321".into()),
                offerer_creation_date: Some(DtParis(pipeline::dt("2024-05-06 09:00:00"))),
                offerer_validation_date: Some(DtParis(pipeline::dt("2024-05-20 14:00:00"))),
                offerer_humanized_id: Some("A9".into()),
                ..offerer("2", Some("VALIDATED"), Some(true))
            },
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offerers));
        insta::assert_snapshot!(snapshot(out));
    }
}
