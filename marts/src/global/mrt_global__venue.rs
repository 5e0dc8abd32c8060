//! Grain: one row per open venue of a validated, active offerer; PK `venue_id`.

use intermediate::IntGlobalVenue as I;
use pipeline::prelude::*;

/// Open venues of validated, active offerers (marts.md, mrt_global__venue).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__venue", layer = "mart", grain = "venue_id", from = I)]
#[check(name = "offerer_is_active", rule = offerer_is_active, cite = "I-15")]
#[check(name = "partner_id_is_venue_id", rule = partner_id_is_venue_id, cite = "R-int_global__venue-2")]
#[check(name = "totals_are_individual_only", rule = totals_are_individual_only, cite = "R-int_applicative__venue-6")]
pub struct MrtGlobalVenue {
    /// venue id
    pub venue_id: String,
    /// name
    pub venue_name: Option<String>,
    /// public name
    pub venue_public_name: Option<String>,
    /// booking contact email
    pub venue_booking_email: Option<String>,
    /// street, NULL without location row
    pub venue_street: Option<String>,
    /// latitude, NULL without location row
    pub venue_latitude: Option<f64>,
    /// longitude, NULL without location row
    pub venue_longitude: Option<f64>,
    /// department code; NULL when no location row (R-int_geo__venue_location-2)
    pub venue_department_code: Option<String>,
    /// department name; NULL when no location row (R-int_geo__venue_location-3)
    pub venue_department_name: Option<String>,
    /// postal code; NULL when no location row
    pub venue_postal_code: Option<String>,
    /// SIRET
    pub venue_siret: Option<String>,
    /// managing offerer (R-int_global__venue-1)
    pub offerer_id: String,
    /// creation
    pub venue_creation_date: Option<DtParis>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// open to the public
    pub venue_is_open_to_public: Option<bool>,
    /// label of the venue type code (R-int_applicative__venue-2)
    pub venue_type_label: Option<String>,
    /// label of the activity code (R-int_applicative__venue-3)
    pub venue_activity: Option<String>,
    /// venue label text
    pub venue_label: Option<String>,
    /// `humanize_id(venue_id)` (R-int_applicative__venue-4)
    pub venue_humanized_id: Option<String>,
    /// backoffice URL of the venue (R-int_applicative__venue-4)
    pub venue_backoffice_link: String,
    /// region name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_region_name: Option<String>,
    /// academy name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_academy_name: Option<String>,
    /// banner image URL
    pub banner_url: Option<String>,
    /// volunteering URL
    pub venue_volunteering_url: Option<String>,
    /// description
    pub venue_description: Option<String>,
    /// withdrawal details
    pub venue_withdrawal_details: Option<String>,
    /// SUM of the offers' booking counts, not coalesced (R-int_applicative__venue-5)
    pub total_individual_bookings: Option<i64>,
    /// `coalesce(total_individual_bookings, 0)` (R-int_applicative__venue-6)
    pub total_bookings: i64,
    /// SUM of the offers' non-cancelled booking counts, coalesced to 0 (R-int_applicative__venue-5)
    pub total_non_cancelled_individual_bookings: i64,
    /// MIN of the offers' first booking dates (R-int_applicative__venue-5)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the offers' last booking dates (R-int_applicative__venue-5)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// = `total_non_cancelled_individual_bookings` (R-int_applicative__venue-6)
    pub total_non_cancelled_bookings: i64,
    /// = `total_used_individual_bookings` (R-int_applicative__venue-6)
    pub total_used_bookings: i64,
    /// SUM of the offers' used booking counts, coalesced to 0 (R-int_applicative__venue-5)
    pub total_used_individual_bookings: i64,
    /// SUM of the offers' theoretic revenues, coalesced to 0 (R-int_applicative__venue-5)
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM of the offers' real revenues, coalesced to 0 (R-int_applicative__venue-5)
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_individual_real_revenue: Dec2,
    /// = `total_individual_theoretic_revenue` (R-int_applicative__venue-6)
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_theoretic_revenue: Dec2,
    /// = `total_individual_real_revenue` (R-int_applicative__venue-6)
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_real_revenue: Dec2,
    /// MIN creation date of APPROVED offers; approved offers
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX creation date of APPROVED offers; approved offers
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// number of APPROVED offers; approved offers
    pub total_created_individual_offers: i64,
    /// = `total_created_individual_offers`; approved offers
    pub total_created_offers: i64,
    /// = `first_individual_booking_date` (R-int_applicative__venue-6)
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date` (R-int_applicative__venue-6)
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date` (R-int_applicative__venue-6)
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date` (R-int_applicative__venue-6)
    pub last_offer_creation_date: Option<NaiveDate>,
    /// number of distinct bookable offers (R-int_applicative__venue-5)
    pub total_bookable_individual_offers: i64,
    /// = `total_bookable_individual_offers` (R-int_applicative__venue-6)
    pub total_bookable_offers: i64,
    /// offerer name
    pub offerer_name: Option<String>,
    /// always `VALIDATED`
    #[schema(not_null)]
    #[check(accepted_values = ["VALIDATED"], cite = "I-15")]
    pub offerer_validation_status: String,
    /// always true
    #[schema(not_null)]
    pub offerer_is_active: bool,
    /// pro URL from the humanized offerer and venue ids (R-int_global__venue-3)
    pub venue_pc_pro_link: Option<String>,
    /// = venue_id (R-int_global__venue-2)
    pub partner_id: String,
    /// ROW_NUMBER per offerer by revenue, offers desc, name desc, id; computed before the filter (R-int_global__venue-4)
    #[check(min = 1, cite = "R-int_global__venue-4")]
    pub offerer_rank_desc: i64,
    /// ROW_NUMBER per offerer by revenue, offers desc, name asc, id; computed before the filter (R-int_global__venue-4)
    #[check(min = 1, cite = "R-int_global__venue-4")]
    pub offerer_rank_asc: i64,
    /// offerer has the `part-epn` tag (R-int_global__offerer-8)
    #[schema(not_null)]
    pub offerer_is_epn: bool,
}

/// R-mrt_global__venue-1: venues of `VALIDATED`, active offerers that are not `CLOSED` (a NULL
/// `venue_state` is kept). Offerer ranks were computed upstream before this filter.
/// I-15: the venue's offerer is active.
fn offerer_is_active(f: &Frame<MrtGlobalVenue>) -> Expr {
    f.c(MrtGlobalVenue::offerer_is_active).eq(lit(true))
}

fn partner_id_is_venue_id(f: &Frame<MrtGlobalVenue>) -> Expr {
    f.c(MrtGlobalVenue::partner_id).eq(f.c(MrtGlobalVenue::venue_id))
}

fn totals_are_individual_only(f: &Frame<MrtGlobalVenue>) -> Expr {
    type A = MrtGlobalVenue;
    intermediate::applicative::int_applicative__venue::venue_totals_individual_only(vec![
        (f.c(A::total_bookings), f.c(A::total_individual_bookings).fill_null(lit(0i64))),
        (f.c(A::total_non_cancelled_bookings), f.c(A::total_non_cancelled_individual_bookings)),
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

pub fn build(_ctx: &RunContext, venues: Frame<I>) -> Frame<MrtGlobalVenue> {
    let state = venues.c(I::venue_state);
    let keep = venues
        .c(I::offerer_validation_status)
        .eq(lit("VALIDATED"))
        .and(venues.c(I::offerer_is_active).eq(lit(true)))
        .and(state.clone().is_null().or(state.neq(lit("CLOSED"))));
    let kept = venues.filter(keep);
    MrtGlobalVenue::project(kept.clone(), MrtGlobalVenueComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot, snapshot_cols};

    fn venue(id: &str, status: Option<&str>, active: Option<bool>, state: Option<&str>) -> I {
        I {
            venue_id: id.into(),
            partner_id: id.into(),
            offerer_id: "of1".into(),
            venue_backoffice_link: format!("https://backoffice.passculture.team/pro/venue/{id}"),
            offerer_validation_status: status.map(Into::into),
            offerer_is_active: active,
            offerer_is_epn: status.map(|_| false),
            venue_state: state.map(Into::into),
            offerer_rank_desc: 1,
            offerer_rank_asc: 1,
            ..Default::default()
        }
    }

    /// R-mrt_global__venue-1: a NULL `venue_state` is kept (the naive `venue_state <> 'CLOSED'` alone is
    /// NULL there and would drop it); NULL offerer status or activity (unknown offerer) drops; `false`
    /// activity drops; only the exact `CLOSED` state drops.
    #[test]
    fn r_mrt_global__venue_1_filter() {
        let venues = vec![
            venue("state_null", Some("VALIDATED"), Some(true), None),
            venue("state_open", Some("VALIDATED"), Some(true), Some("ACTIVE")),
            venue("state_closed", Some("VALIDATED"), Some(true), Some("CLOSED")),
            venue("inactive", Some("VALIDATED"), Some(false), None),
            venue("active_null", Some("VALIDATED"), None, None),
            venue("pending", Some("PENDING"), Some(true), None),
            venue("unknown_offerer", None, None, None),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&venues));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &["offerer_validation_status", "offerer_is_active", "offerer_is_epn", "partner_id"]
        ));
    }

    /// R-mrt_global__venue-1: kept rows keep every intermediate value, including offerer ranks
    /// computed before the filter (a rank 2 stays 2 when the rank-1 venue of the offerer is closed).
    /// Every column has values no other column of its type has (two kept venues of two offerers,
    /// so that the boolean columns differ too), but for the v1 totals equal to their individual
    /// ones (R-int_applicative__venue-6) and `partner_id` = `venue_id` (R-int_global__venue-2).
    #[test]
    fn r_mrt_global__venue_1_columns_pass() {
        let text = |s: &str| Some(s.to_string());
        let d = |s: &str| Some(pipeline::date(s));
        let full = |n: u32, offerer: &str, permanent: Option<bool>, open: Option<bool>, epn: bool| I {
            venue_name: Some(format!("Venue {n}")),
            venue_public_name: Some(format!("Public venue {n}")),
            venue_booking_email: Some(format!("venue{n}@example.org")),
            venue_street: Some(format!("{n} rue X")),
            venue_latitude: Some(40.0 + f64::from(n) * 1.25),
            venue_longitude: Some(f64::from(n) * 1.5),
            venue_department_code: Some(format!("1{n}")),
            venue_department_name: Some(format!("Department {n}")),
            venue_postal_code: Some(format!("1{n}000")),
            venue_siret: Some(format!("1234567890001{n}")),
            offerer_id: offerer.into(),
            venue_creation_date: Some(DtParis(pipeline::dt(&format!("202{n}-01-01 10:00:00")))),
            venue_is_permanent: permanent,
            venue_is_open_to_public: open,
            venue_type_label: Some(format!("Venue type {n}")),
            venue_activity: Some(format!("Activity {n}")),
            venue_label: Some(format!("Label {n}")),
            venue_humanized_id: Some(format!("HUMANIZED{n}")),
            venue_region_name: Some(format!("Region {n}")),
            venue_academy_name: Some(format!("Academy {n}")),
            banner_url: Some(format!("https://example.org/banner/{n}")),
            venue_volunteering_url: Some(format!("https://example.org/volunteer/{n}")),
            venue_description: Some(format!("Description {n}")),
            venue_withdrawal_details: Some(format!("Withdrawal {n}")),
            offerer_name: Some(format!("Offerer {offerer}")),
            venue_pc_pro_link: Some(format!("https://passculture.pro/structures/{offerer}/lieux/{n}")),
            offerer_is_epn: Some(epn),
            ..venue(&n.to_string(), Some("VALIDATED"), Some(true), None)
        };
        let venues = vec![
            I {
                total_individual_bookings: Some(12),
                total_bookings: 12,
                total_non_cancelled_individual_bookings: 9,
                total_non_cancelled_bookings: 9,
                total_used_bookings: 4,
                total_used_individual_bookings: 4,
                total_individual_theoretic_revenue: Dec2(12050),
                total_individual_real_revenue: Dec2(8025),
                total_theoretic_revenue: Dec2(12050),
                total_real_revenue: Dec2(8025),
                total_created_individual_offers: 3,
                total_created_offers: 3,
                total_bookable_individual_offers: 2,
                total_bookable_offers: 2,
                first_individual_booking_date: d("2025-02-01"),
                last_individual_booking_date: d("2025-09-01"),
                first_booking_date: d("2025-02-01"),
                last_booking_date: d("2025-09-01"),
                first_individual_offer_creation_date: d("2025-01-01"),
                last_individual_offer_creation_date: d("2025-06-01"),
                first_offer_creation_date: d("2025-01-01"),
                last_offer_creation_date: d("2025-06-01"),
                offerer_rank_desc: 1,
                offerer_rank_asc: 2,
                ..full(1, "of1", Some(true), Some(false), true)
            },
            I {
                offerer_rank_desc: 2,
                offerer_rank_asc: 1,
                ..venue("2", Some("VALIDATED"), Some(true), Some("CLOSED"))
            },
            I {
                total_created_individual_offers: 5,
                total_created_offers: 5,
                first_individual_offer_creation_date: d("2024-03-01"),
                last_individual_offer_creation_date: d("2024-04-01"),
                first_offer_creation_date: d("2024-03-01"),
                last_offer_creation_date: d("2024-04-01"),
                venue_state: text("ACTIVE"),
                ..full(3, "of2", None, Some(true), false)
            },
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&venues));
        insta::assert_snapshot!(snapshot(out));
    }
}
