//! Grain: one row per approved offer of a validated offerer with a live venue; PK `offer_id`.

use intermediate::IntGlobalOffer as O;
use pipeline::prelude::*;

/// Approved offers of validated offerers with a live venue (marts.md, mrt_global__offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__offer", layer = "mart", grain = "offer_id")]
pub struct MrtGlobalOffer {
    /// offer id
    pub offer_id: String,
    /// shared product (books, music, films)
    pub offer_product_id: Option<String>,
    /// `humanize_id(offer_product_id)` (R-int_applicative__offer-10)
    pub offer_product_humanized_id: Option<String>,
    /// provider-side id
    pub offer_id_at_providers: Option<String>,
    /// NULL = created manually
    pub offer_last_provider_id: Option<String>,
    /// `offer_last_provider_id IS NOT NULL` (R-int_applicative__offer-7)
    pub is_synchronised: bool,
    /// title
    pub offer_name: Option<String>,
    /// description, the product's winning (R-int_applicative__extract_offer-1)
    pub offer_description: Option<String>,
    /// subcategory category; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// MAX price of the newest stocks (`stock_rk = 1`) (R-int_applicative__offer-2)
    pub last_stock_price: Option<Dec2>,
    /// `date(offer_created_at)` (R-int_applicative__offer-8)
    pub offer_creation_date: NaiveDate,
    /// creation datetime, raw `offer_creation_date` (R-int_applicative__offer-8)
    pub offer_created_at: DtParis,
    /// last update
    pub offer_updated_date: Option<DtParis>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// `product-<product id>` or `offer-<offer id>` (R-int_applicative__offer-6)
    pub item_id: String,
    /// selectable by underage beneficiaries, three-valued, may be NULL (R-int_applicative__offer-11)
    pub offer_is_underage_selectable: Option<bool>,
    /// `MUSIC`, `SHOW`, `MOVIE`, `BOOK` or NULL (R-int_applicative__offer-12)
    pub offer_type_domain: Option<String>,
    /// a stock is bookable, the offer is active and approved (R-int_applicative__offer-3)
    pub offer_is_bookable: bool,
    /// subcategory `is_digital_deposit`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// subcategory `is_physical_deposit`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// subcategory `is_event`; NULL for an unknown subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// `humanize_id(offer_id)` (R-int_applicative__offer-10)
    pub offer_humanized_id: Option<String>,
    /// backoffice URL of the offer (R-int_applicative__offer-9)
    pub passculture_pro_url: String,
    /// web app URL of the offer (R-int_applicative__offer-9)
    pub webapp_url: String,
    /// subcategory code, raw `offer_subcategoryid` (R-int_applicative__offer-1: never NULL here)
    pub offer_subcategory_id: String,
    /// URL of a digital offer; NULL = physical or on-site
    pub offer_url: Option<String>,
    /// raw `offer_is_national`
    pub is_national: Option<bool>,
    /// raw `offer_is_active`
    pub is_active: Option<bool>,
    /// always `APPROVED`
    pub offer_validation: String,
    /// validated ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// show or music type (R-int_applicative__offer-13)
    pub r#type: Option<String>,
    /// show or music sub-type (R-int_applicative__offer-14)
    pub sub_type: Option<String>,
    /// SUM of the stocks' booking counts; NULL when nothing to count
    pub total_individual_bookings: Option<i64>,
    /// SUM of the stocks' cancelled booking counts; NULL when nothing to count
    pub total_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' used booking counts; NULL when nothing to count
    pub total_used_individual_bookings: Option<i64>,
    /// number of favourites; NULL when none (R-int_applicative__offer-4)
    pub total_favorites: Option<i64>,
    /// SUM of the stocks' quantities, unlimited stocks ignored; NULL when nothing to count
    pub total_stock_quantity: Option<i64>,
    /// SUM of the stocks' first-booking counts; NULL when nothing to count
    pub total_first_bookings: Option<i64>,
    /// live venue of the offer, never NULL here (R-1, R-int_global__offer-1)
    pub venue_id: String,
    /// venue name (R-int_global__offer-1)
    pub venue_name: Option<String>,
    /// venue department code (R-int_global__offer-1)
    pub venue_department_code: Option<String>,
    /// venue department name (R-int_global__offer-1)
    pub venue_department_name: Option<String>,
    /// venue region name (R-int_global__offer-1)
    pub venue_region_name: Option<String>,
    /// venue postal code (R-int_global__offer-1)
    pub venue_postal_code: Option<String>,
    /// venue academy name (R-int_global__offer-1)
    pub venue_academy_name: Option<String>,
    /// venue label text (R-int_global__offer-1)
    pub venue_label: Option<String>,
    /// permanent venue (R-int_global__offer-1)
    pub venue_is_permanent: Option<bool>,
    /// venue partner id (`partner_id` = venue id)
    pub partner_id: String,
    /// venue's managing offerer (R-int_global__venue-1)
    pub offerer_id: String,
    /// offerer name (R-int_global__offer-1)
    pub offerer_name: Option<String>,
    /// venue type label (R-int_global__offer-1)
    pub venue_type_label: Option<String>,
    /// location of the offer
    pub offerer_address_id: Option<String>,
    /// (scheduled) publication
    pub offer_publication_date: Option<DtParis>,
    /// publication after `ds` (R-int_applicative__offer-15)
    pub is_future_scheduled: bool,
    /// bookability opens after `ds` and already published (R-int_applicative__offer-16)
    pub is_coming_soon: bool,
    /// end of creation funnel
    pub offer_finalization_date: Option<DtParis>,
    /// date from which booking opens
    pub scheduled_offer_bookability_date: Option<DtParis>,
    /// offerer has the `part-epn` tag (R-int_global__offerer-8)
    pub offerer_is_epn: bool,
}

pub fn build(_ctx: &RunContext, _offers: Frame<O>) -> Frame<MrtGlobalOffer> {
    todo!()
}
