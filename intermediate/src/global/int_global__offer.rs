//! Grain: one row per kept offer; PK `offer_id`.

use pipeline::prelude::*;

use super::int_global__venue::IntGlobalVenue as V;
use crate::applicative::int_applicative__offer::IntApplicativeOffer as O;

/// Kept offers with their live venue's and offerer's columns, NULL when the venue is
/// soft-deleted or unknown (intermediate.md, int_global__offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__offer", layer = "intermediate", grain = "offer_id", from = O)]
#[check(name = "bookable_offer_is_active_and_approved", rule = bookable_offer_is_active_and_approved, cite = "I-9")]
#[check(name = "partner_id_is_venue_id", rule = partner_id_is_venue_id, cite = "I-14")]
pub struct IntGlobalOffer {
    /// offer id
    pub offer_id: String,
    /// provider-side id
    pub offer_id_at_providers: Option<String>,
    /// shared product (books, music, films)
    pub offer_product_id: Option<String>,
    /// NULL = created manually
    pub offer_last_provider_id: Option<String>,
    /// offerer contact mailbox
    pub booking_email: Option<String>,
    /// title
    pub offer_name: Option<String>,
    /// description, the product's winning (R-int_applicative__extract_offer-1)
    pub offer_description: Option<String>,
    /// URL of a digital offer; NULL = physical or on-site
    pub offer_url: Option<String>,
    /// `DRAFT`, `PENDING`, `APPROVED`, `REJECTED`
    pub offer_validation: Option<String>,
    /// `AUTO`, `MANUAL`, …
    pub offer_last_validation_type: Option<String>,
    /// location of the offer
    pub offerer_address_id: Option<String>,
    /// subcategory code, raw `offer_subcategoryid` (R-int_applicative__offer-1: never NULL here)
    pub offer_subcategory_id: String,
    /// last update
    pub offer_updated_date: Option<DtParis>,
    /// (scheduled) publication
    pub offer_publication_date: Option<DtParis>,
    /// end of creation funnel
    pub offer_finalization_date: Option<DtParis>,
    /// date from which booking opens
    pub scheduled_offer_bookability_date: Option<DtParis>,
    /// creation datetime, raw `offer_creation_date` (R-int_applicative__offer-8)
    pub offer_created_at: DtParis,
    /// `date(offer_created_at)` (R-int_applicative__offer-8)
    pub offer_creation_date: NaiveDate,
    /// raw `offer_is_active`
    pub is_active: Option<bool>,
    /// raw `offer_is_national`
    pub is_national: Option<bool>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// `offer_last_provider_id IS NOT NULL` (R-int_applicative__offer-7)
    pub is_synchronised: bool,
    /// `humanize_id(offer_id)` (R-int_applicative__offer-10)
    pub offer_humanized_id: Option<String>,
    /// `humanize_id(offer_product_id)` (R-int_applicative__offer-10)
    pub offer_product_humanized_id: Option<String>,
    /// backoffice URL of the offer (R-int_applicative__offer-9)
    pub passculture_pro_url: String,
    /// web app URL of the offer (R-int_applicative__offer-9)
    pub webapp_url: String,
    /// validated ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// validated EAN (R-int_applicative__offer_ean-3)
    pub ean: Option<String>,
    /// `product-<product id>` or `offer-<offer id>` (R-int_applicative__offer-6)
    pub item_id: String,
    /// subcategory `is_physical_deposit`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// subcategory `is_digital_deposit`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// subcategory `is_event`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// subcategory category; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// subcategory search group; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub search_group_name: Option<String>,
    /// a stock is bookable, the offer is active and approved (R-int_applicative__offer-3)
    pub offer_is_bookable: bool,
    /// SUM of the stocks' available quantities (R-int_applicative__offer-2)
    pub total_available_stock: Option<i64>,
    /// SUM of the stocks' booked quantities (R-int_applicative__offer-2)
    pub total_bookings: Option<i64>,
    /// SUM of the stocks' booking counts (R-int_applicative__offer-2)
    pub total_individual_bookings: Option<i64>,
    /// SUM of the stocks' cancelled booking counts (R-int_applicative__offer-2)
    pub total_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' non-cancelled booking counts (R-int_applicative__offer-2)
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' used booking counts (R-int_applicative__offer-2)
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of the stocks' quantities, unlimited stocks ignored (R-int_applicative__offer-2)
    pub total_stock_quantity: Option<i64>,
    /// SUM of the stocks' first-booking counts (R-int_applicative__offer-2)
    pub total_first_bookings: Option<i64>,
    /// SUM of the stocks' theoretic revenues (R-int_applicative__offer-2)
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of the stocks' real revenues (R-int_applicative__offer-2)
    pub total_individual_real_revenue: Option<Dec2>,
    /// SUM of the stocks' current-year real revenues (R-int_applicative__offer-2)
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN of the stocks' first booking dates (R-int_applicative__offer-2)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the stocks' last booking dates (R-int_applicative__offer-2)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN stock creation (R-int_applicative__offer-2)
    pub first_stock_creation_date: Option<DtParis>,
    /// MAX price of the newest stocks (`stock_rk = 1`) (R-int_applicative__offer-2)
    pub last_stock_price: Option<Dec2>,
    /// number of favourites; NULL when none (R-int_applicative__offer-4)
    pub total_favorites: Option<i64>,
    /// selectable by underage beneficiaries, three-valued, not coalesced (R-int_applicative__offer-11)
    pub offer_is_underage_selectable: Option<bool>,
    /// `MUSIC`, `SHOW`, `MOVIE`, `BOOK` or NULL (R-int_applicative__offer-12)
    pub offer_type_domain: Option<String>,
    /// show or music type (R-int_applicative__offer-13)
    pub r#type: Option<String>,
    /// show or music sub-type (R-int_applicative__offer-14)
    pub sub_type: Option<String>,
    /// publication after `ds` (R-int_applicative__offer-15)
    pub is_future_scheduled: bool,
    /// bookability opens after `ds` and already published (R-int_applicative__offer-16)
    pub is_coming_soon: bool,
    /// venue id from the venue side; NULL when the venue is soft-deleted or unknown
    // every venue/offerer column, `venue_id` included, from the venue side (K-16).
    #[schema(from = V)]
    #[check(references = V::venue_id, cite = "R-int_global__offer-1")]
    pub venue_id: Option<String>,
    /// venue's `partner_id` (= venue id)
    #[schema(from = V)]
    pub partner_id: Option<String>,
    /// venue's managing offerer
    #[schema(from = V)]
    pub offerer_id: Option<String>,
    /// venue name
    #[schema(from = V)]
    pub venue_name: Option<String>,
    /// venue label text
    #[schema(from = V)]
    pub venue_label: Option<String>,
    /// venue type label
    #[schema(from = V)]
    pub venue_type_label: Option<String>,
    /// venue postal code
    #[schema(from = V)]
    pub venue_postal_code: Option<String>,
    /// venue department code
    #[schema(from = V)]
    pub venue_department_code: Option<String>,
    /// venue department name
    #[schema(from = V)]
    pub venue_department_name: Option<String>,
    /// venue region name
    #[schema(from = V)]
    pub venue_region_name: Option<String>,
    /// venue academy name
    #[schema(from = V)]
    pub venue_academy_name: Option<String>,
    /// offerer name
    #[schema(from = V)]
    pub offerer_name: Option<String>,
    /// offerer validation status
    #[schema(from = V)]
    #[check(accepted_values = ["NEW", "PENDING", "VALIDATED", "REJECTED", "CLOSED"], cite = "sources.md §2.12")]
    pub offerer_validation_status: Option<String>,
    /// permanent venue
    #[schema(from = V)]
    pub venue_is_permanent: Option<bool>,
    /// offerer has the `part-epn` tag
    #[schema(from = V)]
    pub offerer_is_epn: Option<bool>,
}

fn bookable_offer_is_active_and_approved(f: &Frame<IntGlobalOffer>) -> Expr {
    type A = IntGlobalOffer;
    crate::applicative::int_applicative__offer::bookable_offer_consistent(
        f.c(A::offer_is_bookable),
        f.c(A::is_active),
        f.c(A::offer_validation),
    )
}

/// Both come from the venue side: `partner_id = venue_id`, NULL together.
fn partner_id_is_venue_id(f: &Frame<IntGlobalOffer>) -> Expr {
    same(f.c(IntGlobalOffer::partner_id), f.c(IntGlobalOffer::venue_id))
}

pub fn build(_ctx: &RunContext, offers: Frame<O>, venues: Frame<V>) -> Frame<IntGlobalOffer> {
    // no row filter; the venue side is live venues only (soft-deleted ones are absent).
    let on_venue = on(O::venue_id, V::venue_id);
    let j = offers.left_join(venues, on_venue);
    IntGlobalOffer::project(j.clone(), IntGlobalOfferComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::polars::prelude::DataFrame;
    use pipeline::testing::{collect, ctx, snapshot_cols};

    /// An offer with a distinct non-NULL value in every column, so a swapped copy shows.
    fn full_offer(id: &str, venue: &str) -> O {
        O {
            offer_id: id.into(),
            offer_id_at_providers: Some("offer_id_at_providers".into()),
            offer_product_id: Some("offer_product_id".into()),
            offer_last_provider_id: Some("offer_last_provider_id".into()),
            booking_email: Some("booking_email".into()),
            offer_name: Some("offer_name".into()),
            offer_description: Some("offer_description".into()),
            offer_url: Some("offer_url".into()),
            offer_validation: Some("offer_validation".into()),
            offer_last_validation_type: Some("offer_last_validation_type".into()),
            offerer_address_id: Some("offerer_address_id".into()),
            venue_id: venue.into(),
            offer_subcategory_id: "offer_subcategory_id".into(),
            offer_updated_date: Some(DtParis(pipeline::dt("2025-01-15 10:14:00"))),
            offer_publication_date: Some(DtParis(pipeline::dt("2025-01-16 10:15:00"))),
            offer_finalization_date: Some(DtParis(pipeline::dt("2025-01-17 10:16:00"))),
            scheduled_offer_bookability_date: Some(DtParis(pipeline::dt("2025-01-18 10:17:00"))),
            offer_created_at: DtParis(pipeline::dt("2025-02-19 11:18:00")),
            offer_creation_date: pipeline::date("2025-03-20"),
            is_active: Some(false),
            is_national: Some(true),
            offer_is_duo: Some(false),
            is_synchronised: true,
            offer_humanized_id: Some("offer_humanized_id".into()),
            offer_product_humanized_id: Some("offer_product_humanized_id".into()),
            passculture_pro_url: "passculture_pro_url".into(),
            webapp_url: "webapp_url".into(),
            isbn: Some("isbn".into()),
            ean: Some("ean".into()),
            item_id: "item_id".into(),
            physical_goods: Some(true),
            digital_goods: Some(false),
            event: Some(true),
            offer_category_id: Some("offer_category_id".into()),
            search_group_name: Some("search_group_name".into()),
            offer_is_bookable: false,
            total_available_stock: Some(37),
            total_bookings: Some(38),
            total_individual_bookings: Some(39),
            total_cancelled_individual_bookings: Some(40),
            total_non_cancelled_individual_bookings: Some(41),
            total_used_individual_bookings: Some(42),
            total_stock_quantity: Some(43),
            total_first_bookings: Some(44),
            total_individual_theoretic_revenue: Some(Dec2(4501)),
            total_individual_real_revenue: Some(Dec2(4601)),
            total_individual_current_year_real_revenue: Some(Dec2(4701)),
            first_individual_booking_date: Some(pipeline::date("2025-04-21")),
            last_individual_booking_date: Some(pipeline::date("2025-04-22")),
            first_stock_creation_date: Some(DtParis(pipeline::dt("2025-01-23 10:50:00"))),
            last_stock_price: Some(Dec2(5101)),
            total_favorites: Some(52),
            offer_is_underage_selectable: Some(true),
            offer_type_domain: Some("offer_type_domain".into()),
            r#type: Some("type".into()),
            sub_type: Some("sub_type".into()),
            is_future_scheduled: true,
            is_coming_soon: false,
        }
    }

    fn live_venue(id: &str, offerer: &str) -> V {
        V {
            venue_id: id.into(),
            partner_id: id.into(),
            offerer_id: offerer.into(),
            venue_name: Some(format!("venue {id}")),
            venue_label: Some(format!("label {id}")),
            venue_type_label: Some("Librairie".into()),
            venue_postal_code: Some("75011".into()),
            venue_department_code: Some("75".into()),
            venue_department_name: Some("Paris".into()),
            venue_region_name: Some("Île-de-France".into()),
            venue_academy_name: Some("académie de Paris".into()),
            offerer_name: Some(format!("offerer {offerer}")),
            offerer_validation_status: Some("VALIDATED".into()),
            venue_is_permanent: Some(true),
            offerer_is_epn: Some(false),
            ..Default::default()
        }
    }

    /// R-int_global__offer-1: every venue/offerer column, `venue_id` included, comes from the venue
    /// side (K-16): NULL for the offer of a soft-deleted venue (absent from `int_global__venue`)
    /// and of an unknown venue, although the offer's own `venue_id` is set (a naive copy of the
    /// offer's `venue_id` would give `v_deleted` / `unknown`). R-int_global__offer-2: no row
    /// filter (a REJECTED offer and the venue-less offers stay).
    #[test]
    fn r_int_global__offer_1_2_venue_side_columns() {
        let offers = vec![
            full_offer("o1", "v1"),
            O { offer_validation: Some("REJECTED".into()), ..full_offer("o2", "v1") },
            full_offer("o3", "v_deleted"),
            full_offer("o4", "unknown"),
        ];
        let venues = vec![live_venue("v1", "of1"), live_venue("v2", "of2")];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&offers), Frame::from_rows(&venues));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "offer_validation",
                "venue_id",
                "partner_id",
                "offerer_id",
                "venue_name",
                "venue_label",
                "venue_type_label",
                "venue_postal_code",
                "venue_department_code",
                "venue_department_name",
                "venue_region_name",
                "venue_academy_name",
                "offerer_name",
                "offerer_validation_status",
                "venue_is_permanent",
                "offerer_is_epn"
            ]
        ));
    }

    /// Every `int_applicative__offer` column except `venue_id` is passed unchanged (column table
    /// of int_global__offer; R-int_global__offer-1 for `venue_id`). Three offers, so that each of
    /// the eleven boolean columns has its own pattern (`is_active` F,T,NULL; `is_national`
    /// T,NULL,F; …); only the APPROVED, active `o2` is bookable (I-9).
    #[test]
    fn r_int_global__offer_pass_through_offer_columns() {
        let offers = vec![
            full_offer("o1", "v1"),
            O {
                offer_validation: Some("APPROVED".into()),
                is_active: Some(true),
                is_national: None,
                offer_is_duo: Some(false),
                is_synchronised: true,
                physical_goods: Some(true),
                digital_goods: None,
                event: None,
                offer_is_bookable: true,
                offer_is_underage_selectable: Some(false),
                is_future_scheduled: false,
                is_coming_soon: true,
                ..full_offer("o2", "v1")
            },
            O {
                is_active: None,
                is_national: Some(false),
                offer_is_duo: Some(true),
                offer_last_provider_id: None,
                is_synchronised: false,
                physical_goods: None,
                digital_goods: Some(true),
                event: Some(true),
                offer_is_bookable: false,
                offer_is_underage_selectable: None,
                is_future_scheduled: false,
                is_coming_soon: true,
                ..full_offer("o3", "v1")
            },
        ];
        let by_id = |df: DataFrame| df.sort(["offer_id"], Default::default()).expect("sortable");
        let input = by_id(O::to_dataframe(&offers).expect("typed rows"));
        let out = by_id(collect(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offers),
            Frame::from_rows(&[live_venue("v1", "of1")]),
        )));
        for c in O::columns().iter().filter(|c| c.name != "venue_id") {
            let got = out.column(c.name).expect("output column").as_materialized_series();
            let want = input.column(c.name).expect("input column").as_materialized_series();
            assert!(got.equals_missing(want), "column {} not passed: {got:?} vs {want:?}", c.name);
        }
    }
}
