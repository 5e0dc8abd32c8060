//! Grain: one row per non-soft-deleted venue; PK `venue_id`.

use pipeline::prelude::*;

use super::int_global__offerer::IntGlobalOfferer as O;
use crate::applicative::int_applicative__venue::IntApplicativeVenue as V;

/// Live venues with their managing offerer's columns, pro link and revenue ranks within the
/// offerer (intermediate.md, int_global__venue).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__venue", layer = "intermediate", grain = "venue_id", from = V)]
#[check(name = "partner_id_is_venue_id", rule = partner_id_is_venue_id, cite = "R-int_global__venue-2")]
#[check(name = "offerer_ranks_number_each_offerer_1_to_n", rule = offerer_ranks_number_each_offerer_1_to_n, cite = "R-int_global__venue-4")]
pub struct IntGlobalVenue {
    /// venue id
    pub venue_id: String,
    /// name
    pub venue_name: Option<String>,
    /// public name
    pub venue_public_name: Option<String>,
    /// SIRET
    pub venue_siret: Option<String>,
    /// booking contact email
    pub venue_booking_email: Option<String>,
    /// venue label id
    pub venue_label_id: Option<String>,
    /// venue state (`CLOSED`, …)
    pub venue_state: Option<String>,
    /// banner image URL
    pub banner_url: Option<String>,
    /// description
    pub venue_description: Option<String>,
    /// withdrawal details
    pub venue_withdrawal_details: Option<String>,
    /// volunteering URL
    pub venue_volunteering_url: Option<String>,
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
    /// backoffice URL of the venue (R-int_applicative__venue-4)
    pub venue_backoffice_link: String,
    /// `humanize_id(venue_id)` (R-int_applicative__venue-4)
    pub venue_humanized_id: Option<String>,
    /// street, NULL without location row
    pub venue_street: Option<String>,
    /// postal code, NULL without location row
    pub venue_postal_code: Option<String>,
    /// department code, NULL without location row (R-int_geo__venue_location-2)
    pub venue_department_code: Option<String>,
    /// department name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_department_name: Option<String>,
    /// region name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_region_name: Option<String>,
    /// academy name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_academy_name: Option<String>,
    /// latitude, NULL without location row
    pub venue_latitude: Option<f64>,
    /// longitude, NULL without location row
    pub venue_longitude: Option<f64>,
    /// SUM of the offers' booking counts, not coalesced (R-int_applicative__venue-5)
    pub total_individual_bookings: Option<i64>,
    /// SUM of the offers' non-cancelled booking counts, coalesced to 0 (R-int_applicative__venue-5)
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM of the offers' used booking counts, coalesced to 0 (R-int_applicative__venue-5)
    pub total_used_individual_bookings: i64,
    /// number of APPROVED offers (R-int_applicative__venue-5)
    pub total_created_individual_offers: i64,
    /// number of distinct bookable offers (R-int_applicative__venue-5)
    pub total_bookable_individual_offers: i64,
    /// 1 if the venue has a kept offer, else 0 (R-int_applicative__venue-5)
    pub total_venues: i64,
    /// SUM of the offers' theoretic revenues, coalesced to 0 (R-int_applicative__venue-5)
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM of the offers' real revenues, coalesced to 0 (R-int_applicative__venue-5)
    pub total_individual_real_revenue: Dec2,
    /// SUM of the offers' current-year real revenues, coalesced to 0 (R-int_applicative__venue-5)
    pub total_individual_current_year_real_revenue: Dec2,
    /// MIN of the offers' first booking dates (R-int_applicative__venue-5)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the offers' last booking dates (R-int_applicative__venue-5)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN creation date of APPROVED offers (R-int_applicative__venue-5)
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX creation date of APPROVED offers (R-int_applicative__venue-5)
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// MIN of the offers' first stock creation (R-int_applicative__venue-5)
    pub first_stock_creation_date: Option<DtParis>,
    /// `coalesce(total_individual_bookings, 0)` (R-int_applicative__venue-6)
    pub total_bookings: i64,
    /// = `total_non_cancelled_individual_bookings` (R-int_applicative__venue-6)
    pub total_non_cancelled_bookings: i64,
    /// = `total_used_individual_bookings` (R-int_applicative__venue-6)
    pub total_used_bookings: i64,
    /// = `total_created_individual_offers` (R-int_applicative__venue-6)
    pub total_created_offers: i64,
    /// = `total_bookable_individual_offers` (R-int_applicative__venue-6)
    pub total_bookable_offers: i64,
    /// = `total_individual_theoretic_revenue` (R-int_applicative__venue-6)
    pub total_theoretic_revenue: Dec2,
    /// = `total_individual_real_revenue` (R-int_applicative__venue-6)
    pub total_real_revenue: Dec2,
    /// = `first_individual_booking_date` (R-int_applicative__venue-6)
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date` (R-int_applicative__venue-6)
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date` (R-int_applicative__venue-6)
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date` (R-int_applicative__venue-6)
    pub last_offer_creation_date: Option<NaiveDate>,
    /// `venue_managing_offerer_id`, kept when the offerer is unknown
    // kept even when the offerer is unknown.
    #[schema(from = V::venue_managing_offerer_id)]
    pub offerer_id: String,
    /// = `venue_id`
    //
    #[schema(from = V::venue_id)]
    pub partner_id: String,
    /// offerer name
    #[schema(from = O)]
    pub offerer_name: Option<String>,
    /// offerer validation status
    #[schema(from = O)]
    #[check(accepted_values = ["NEW", "PENDING", "VALIDATED", "REJECTED", "CLOSED"], cite = "sources.md §2.12")]
    pub offerer_validation_status: Option<String>,
    /// offerer active
    #[schema(from = O)]
    pub offerer_is_active: Option<bool>,
    /// offerer has the `part-epn` tag (R-int_global__offerer-8)
    #[schema(from = O)]
    pub offerer_is_epn: Option<bool>,
    /// pro URL from the humanized offerer and venue ids
    #[schema(computed)]
    pub venue_pc_pro_link: Option<String>,
    /// ROW_NUMBER per offerer by revenue, offers desc, name desc, id
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_global__venue-4")]
    pub offerer_rank_desc: i64,
    /// ROW_NUMBER per offerer by revenue, offers desc, name asc, id
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_global__venue-4")]
    pub offerer_rank_asc: i64,
}

fn partner_id_is_venue_id(f: &Frame<IntGlobalVenue>) -> Expr {
    f.c(IntGlobalVenue::partner_id).eq(f.c(IntGlobalVenue::venue_id))
}

/// two ROW_NUMBERs per offerer (here every venue of the offerer is present).
fn offerer_ranks_number_each_offerer_1_to_n(f: &Frame<IntGlobalVenue>) -> Expr {
    type A = IntGlobalVenue;
    let offerer = || vec![f.c(A::offerer_id)];
    one_to_n(f.c(A::offerer_rank_desc), offerer()).and(one_to_n(f.c(A::offerer_rank_asc), offerer()))
}

pub fn build(_ctx: &RunContext, venues: Frame<V>, offerers: Frame<O>) -> Frame<IntGlobalVenue> {
    let on_offerer = on(V::venue_managing_offerer_id, O::offerer_id);
    let j = venues.left_join(offerers, on_offerer);
    // NULL when a part is NULL (unknown offerer, non-numeric id).
    let pro_link = concat(vec![
        lit("https://passculture.pro/structures/"),
        j.c(O::offerer_humanized_id),
        lit("/lieux/"),
        j.c(V::venue_humanized_id),
    ]);
    // per offerer; DESC puts NULL names last, ASC first (C-21); ids as strings (C-22).
    let rank_by = |name_order: fn(Expr) -> (Expr, Dir)| {
        row_number(
            vec![j.c(V::venue_managing_offerer_id)],
            vec![
                desc(j.c(V::total_theoretic_revenue)),
                desc(j.c(V::total_created_offers)),
                name_order(j.c(V::venue_name)),
                asc(j.c(V::venue_id)),
            ],
        )
    };
    IntGlobalVenue::project(
        j.clone(),
        IntGlobalVenueComputed {
            venue_pc_pro_link: pro_link,
            offerer_rank_desc: rank_by(desc),
            offerer_rank_asc: rank_by(asc),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::polars::prelude::DataFrame;
    use pipeline::testing::{collect, ctx, snapshot_cols};

    fn venue(id: &str, offerer: &str, humanized: Option<&str>) -> V {
        V {
            venue_id: id.into(),
            venue_managing_offerer_id: offerer.into(),
            venue_humanized_id: humanized.map(Into::into),
            venue_name: Some(format!("venue {id}")),
            venue_backoffice_link: format!("https://backoffice.passculture.team/pro/venue/{id}"),
            ..Default::default()
        }
    }

    fn offerer(id: &str, humanized: Option<&str>, epn: bool) -> O {
        O {
            offerer_id: id.into(),
            partner_id: format!("offerer-{id}"),
            offerer_name: Some(format!("offerer {id}")),
            offerer_validation_status: Some("VALIDATED".into()),
            // The EPN offerer is the inactive one, so that the two flags differ.
            offerer_is_active: Some(!epn),
            offerer_humanized_id: humanized.map(Into::into),
            offerer_is_epn: epn,
            ..Default::default()
        }
    }

    /// R-int_global__venue-1 (`offerer_id` kept for an unknown offerer, whose columns are NULL),
    /// R-int_global__venue-2 (`partner_id` = venue id, not `offerer-…`), R-int_global__venue-3 (pro link;
    /// NULL when the offerer's or the venue's humanized id is NULL — a naive concatenation skipping NULLs
    /// would give `…/structures//lieux/AE`).
    #[test]
    fn r_int_global__venue_1_2_3_offerer_and_link() {
        let venues = vec![
            venue("1", "64", Some("AE")),
            venue("2", "ghost", Some("AI")),
            venue("3", "abc", Some("AM")),
            venue("4", "64", None),
        ];
        let offerers = vec![offerer("64", Some("9A"), true), offerer("abc", None, false)];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&venues), Frame::from_rows(&offerers));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "venue_name",
                "venue_backoffice_link",
                "offerer_id",
                "partner_id",
                "offerer_name",
                "offerer_validation_status",
                "offerer_is_active",
                "offerer_is_epn",
                "venue_pc_pro_link"
            ]
        ));
    }

    /// R-int_global__venue-4: ROW_NUMBER per offerer by (theoretic revenue DESC, created offers
    /// DESC, name DESC/ASC, venue_id ASC as string). At revenue 100.00, `b` wins on created
    /// offers; `a` and `d` tie on every key but the id (a < d); the NULL name of `c` is LAST in
    /// the desc rank and FIRST in the asc rank (C-21; a default-nulls sort would put it first in
    /// both); at revenue 50.00 the ids compare as strings, "10" < "9" (an integer order would
    /// swap them); money compares exactly (50.00 < 100.00, a text order would invert).
    #[test]
    fn r_int_global__venue_4_offerer_ranks() {
        let ranked = |id: &str, offerer: &str, cents: i128, created: i64, name: Option<&str>| V {
            total_theoretic_revenue: Dec2(cents),
            total_created_offers: created,
            venue_name: name.map(Into::into),
            ..venue(id, offerer, Some("AE"))
        };
        let venues = vec![
            ranked("a", "o1", 10000, 1, Some("Zed")),
            ranked("b", "o1", 10000, 5, Some("Alpha")),
            ranked("c", "o1", 10000, 1, None),
            ranked("d", "o1", 10000, 1, Some("Zed")),
            ranked("10", "o1", 5000, 1, Some("M")),
            ranked("9", "o1", 5000, 1, Some("M")),
            ranked("x", "o2", 0, 0, None),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&venues), Frame::<O>::from_rows(&[]));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "offerer_id",
                "total_theoretic_revenue",
                "total_created_offers",
                "venue_name",
                "offerer_rank_desc",
                "offerer_rank_asc"
            ]
        ));
    }
    /// An applicative venue with a distinct non-NULL value in every column.
    fn full_venue() -> V {
        V {
            venue_id: "1".into(),
            venue_managing_offerer_id: "64".into(),
            venue_name: Some("venue_name".into()),
            venue_public_name: Some("venue_public_name".into()),
            venue_siret: Some("venue_siret".into()),
            venue_booking_email: Some("venue_booking_email".into()),
            venue_label_id: Some("venue_label_id".into()),
            venue_state: Some("venue_state".into()),
            banner_url: Some("banner_url".into()),
            venue_description: Some("venue_description".into()),
            venue_withdrawal_details: Some("venue_withdrawal_details".into()),
            venue_volunteering_url: Some("venue_volunteering_url".into()),
            venue_creation_date: Some(DtParis(pipeline::dt("2025-01-14 10:13:00"))),
            venue_is_permanent: Some(false),
            venue_is_open_to_public: Some(true),
            venue_type_label: Some("venue_type_label".into()),
            venue_activity: Some("venue_activity".into()),
            venue_label: Some("venue_label".into()),
            venue_backoffice_link: "venue_backoffice_link".into(),
            venue_humanized_id: Some("AE".into()),
            venue_street: Some("venue_street".into()),
            venue_postal_code: Some("venue_postal_code".into()),
            venue_department_code: Some("venue_department_code".into()),
            venue_department_name: Some("venue_department_name".into()),
            venue_region_name: Some("venue_region_name".into()),
            venue_academy_name: Some("venue_academy_name".into()),
            venue_latitude: Some(27.5),
            venue_longitude: Some(28.5),
            total_individual_bookings: Some(29),
            total_non_cancelled_individual_bookings: 30,
            total_used_individual_bookings: 31,
            total_created_individual_offers: 32,
            total_bookable_individual_offers: 33,
            total_venues: 34,
            total_individual_theoretic_revenue: Dec2(3501),
            total_individual_real_revenue: Dec2(3601),
            total_individual_current_year_real_revenue: Dec2(3701),
            first_individual_booking_date: Some(pipeline::date("2025-04-11")),
            last_individual_booking_date: Some(pipeline::date("2025-04-12")),
            first_individual_offer_creation_date: Some(pipeline::date("2025-04-13")),
            last_individual_offer_creation_date: Some(pipeline::date("2025-04-14")),
            first_stock_creation_date: Some(DtParis(pipeline::dt("2025-01-15 10:42:00"))),
            total_bookings: 43,
            total_non_cancelled_bookings: 44,
            total_used_bookings: 45,
            total_created_offers: 46,
            total_bookable_offers: 47,
            total_theoretic_revenue: Dec2(4801),
            total_real_revenue: Dec2(4901),
            first_booking_date: Some(pipeline::date("2025-04-23")),
            last_booking_date: Some(pipeline::date("2025-04-24")),
            first_offer_creation_date: Some(pipeline::date("2025-04-25")),
            last_offer_creation_date: Some(pipeline::date("2025-04-26")),
        }
    }

    /// Every `int_applicative__venue` column except `venue_managing_offerer_id` is passed
    /// unchanged (column table of int_global__venue).
    #[test]
    fn r_int_global__venue_pass_through_venue_columns() {
        let venues = vec![full_venue()];
        let input: DataFrame = V::to_dataframe(&venues).expect("typed rows");
        let out = collect(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&venues),
            Frame::from_rows(&[offerer("64", Some("9A"), false)]),
        ));
        for c in V::columns().iter().filter(|c| c.name != "venue_managing_offerer_id") {
            let got = out.column(c.name).expect("output column").as_materialized_series();
            let want = input.column(c.name).expect("input column").as_materialized_series();
            assert!(got.equals_missing(want), "column {} not passed: {got:?} vs {want:?}", c.name);
        }
    }
}
