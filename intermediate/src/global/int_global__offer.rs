//! Grain: one row per kept offer; PK `offer_id`.

use pipeline::prelude::*;

use super::int_global__venue::IntGlobalVenue as V;
use crate::applicative::int_applicative__offer::IntApplicativeOffer as O;

/// Kept offers with their live venue's and offerer's columns, NULL when the venue is
/// soft-deleted or unknown (intermediate.md, int_global__offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__offer", layer = "intermediate", grain = "offer_id")]
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
    pub venue_id: Option<String>,
    /// venue's `partner_id` (= venue id)
    pub partner_id: Option<String>,
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// venue name
    pub venue_name: Option<String>,
    /// venue label text
    pub venue_label: Option<String>,
    /// venue type label
    pub venue_type_label: Option<String>,
    /// venue postal code
    pub venue_postal_code: Option<String>,
    /// venue department code
    pub venue_department_code: Option<String>,
    /// venue department name
    pub venue_department_name: Option<String>,
    /// venue region name
    pub venue_region_name: Option<String>,
    /// venue academy name
    pub venue_academy_name: Option<String>,
    /// offerer name
    pub offerer_name: Option<String>,
    /// offerer validation status
    pub offerer_validation_status: Option<String>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
}

pub fn build(_ctx: &RunContext, _offers: Frame<O>, _venues: Frame<V>) -> Frame<IntGlobalOffer> {
    todo!()
}
