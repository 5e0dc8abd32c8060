//! Grain: one row per kept offer; PK `offer_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeFavorite as F, RawApplicativeSubcategory as SC};

use super::int_applicative__extract_offer::IntApplicativeExtractOffer as O;
use super::int_applicative__offer_ean::IntApplicativeOfferEan as E;
use super::int_applicative__stock::IntApplicativeStock as S;

/// Kept offers (no activation, no NULL subcategory, no jeux-concours) with their subcategory
/// attributes, EAN/ISBN, stock aggregates, favourites and derived labels and flags
/// (intermediate.md, int_applicative__offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__offer", layer = "intermediate", grain = "offer_id")]
pub struct IntApplicativeOffer {
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
    /// raw venue id (the venue may be soft-deleted or unknown)
    pub venue_id: String,
    /// subcategory code, raw `offer_subcategoryid` (R-1: never NULL here)
    pub offer_subcategory_id: String,
    /// last update
    pub offer_updated_date: Option<DtParis>,
    /// (scheduled) publication
    pub offer_publication_date: Option<DtParis>,
    /// end of creation funnel
    pub offer_finalization_date: Option<DtParis>,
    /// date from which booking opens
    pub scheduled_offer_bookability_date: Option<DtParis>,
    /// creation datetime, raw `offer_creation_date`
    pub offer_created_at: DtParis,
    /// `date(offer_created_at)`
    pub offer_creation_date: NaiveDate,
    /// raw `offer_is_active`
    pub is_active: Option<bool>,
    /// raw `offer_is_national`
    pub is_national: Option<bool>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// `offer_last_provider_id IS NOT NULL`
    pub is_synchronised: bool,
    /// `humanize_id(offer_id)`
    pub offer_humanized_id: Option<String>,
    /// `humanize_id(offer_product_id)`
    pub offer_product_humanized_id: Option<String>,
    /// backoffice URL of the offer
    pub passculture_pro_url: String,
    /// web app URL of the offer
    pub webapp_url: String,
    /// validated ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// validated EAN (R-int_applicative__offer_ean-3)
    pub ean: Option<String>,
    /// `product-<product id>` or `offer-<offer id>`
    pub item_id: String,
    /// subcategory `is_physical_deposit`; NULL for an unknown subcategory
    pub physical_goods: Option<bool>,
    /// subcategory `is_digital_deposit`; NULL for an unknown subcategory
    pub digital_goods: Option<bool>,
    /// subcategory `is_event`; NULL for an unknown subcategory
    pub event: Option<bool>,
    /// subcategory category; NULL for an unknown subcategory
    pub offer_category_id: Option<String>,
    /// subcategory search group; NULL for an unknown subcategory
    pub search_group_name: Option<String>,
    /// a stock is bookable, the offer is active and approved
    pub offer_is_bookable: bool,
    /// SUM of the stocks' available quantities
    pub total_available_stock: Option<i64>,
    /// SUM of the stocks' booked quantities
    pub total_bookings: Option<i64>,
    /// SUM of the stocks' booking counts
    pub total_individual_bookings: Option<i64>,
    /// SUM of the stocks' cancelled booking counts
    pub total_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' non-cancelled booking counts
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' used booking counts
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of the stocks' quantities, unlimited stocks ignored
    pub total_stock_quantity: Option<i64>,
    /// SUM of the stocks' first-booking counts
    pub total_first_bookings: Option<i64>,
    /// SUM of the stocks' theoretic revenues
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of the stocks' real revenues
    pub total_individual_real_revenue: Option<Dec2>,
    /// SUM of the stocks' current-year real revenues
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN of the stocks' first booking dates
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the stocks' last booking dates
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN stock creation
    pub first_stock_creation_date: Option<DtParis>,
    /// MAX price of the newest stocks (`stock_rk = 1`)
    pub last_stock_price: Option<Dec2>,
    /// number of favourites; NULL when none
    pub total_favorites: Option<i64>,
    /// selectable by underage beneficiaries, three-valued, not coalesced
    pub offer_is_underage_selectable: Option<bool>,
    /// `MUSIC`, `SHOW`, `MOVIE`, `BOOK` or NULL
    pub offer_type_domain: Option<String>,
    /// show or music type
    pub r#type: Option<String>,
    /// show or music sub-type
    pub sub_type: Option<String>,
    /// publication after `ds`
    pub is_future_scheduled: bool,
    /// bookability opens after `ds` and already published
    pub is_coming_soon: bool,
}

pub fn build(
    _ctx: &RunContext,
    _offers: Frame<O>,
    _eans: Frame<E>,
    _stocks: Frame<S>,
    _favorites: Frame<F>,
    _subcategories: Frame<SC>,
) -> Frame<IntApplicativeOffer> {
    todo!()
}
