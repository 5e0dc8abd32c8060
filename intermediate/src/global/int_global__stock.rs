//! Grain: one row per stock of a kept offer; PK `stock_id`.

use pipeline::prelude::*;

use super::int_global__offer::IntGlobalOffer as O;
use crate::applicative::int_applicative__stock::IntApplicativeStock as S;

/// Stocks of kept offers with their offer's, venue's and offerer's columns; no filter on
/// validation, offerer status, soft deletion or bookability (intermediate.md, int_global__stock).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__stock", layer = "intermediate", grain = "stock_id")]
pub struct IntGlobalStock {
    /// stock id
    pub stock_id: String,
    /// offer of the stock
    pub offer_id: String,
    /// price category of the stock
    pub price_category_id: Option<String>,
    /// stock features text
    pub stock_features: Option<String>,
    /// provider that last synchronised the stock
    pub stock_last_provider_id: Option<String>,
    /// `humanize_id(stock_id)`
    pub stock_humanized_id: Option<String>,
    /// `coalesce(stock price, price category price)` (R-int_applicative__stock-2)
    pub stock_price: Option<Dec2>,
    /// NULL = unlimited
    pub stock_quantity: Option<i64>,
    /// booking deadline
    pub stock_booking_limit_date: Option<DtParis>,
    /// stock creation
    pub stock_creation_date: Option<DtParis>,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// soft-deleted in the app
    pub stock_is_soft_deleted: bool,
    /// label of the price category
    pub price_category_label: Option<String>,
    /// SUM of booking quantities (R-int_applicative__stock-1)
    pub total_bookings: Option<i64>,
    /// SUM of quantities of non-cancelled bookings (R-int_applicative__stock-1)
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM of quantities of cancelled bookings (R-int_applicative__stock-1)
    pub total_cancelled_bookings: Option<i64>,
    /// SUM of quantities of reimbursed or pending-reimbursement bookings (R-int_applicative__stock-1)
    pub total_paid_bookings: Option<i64>,
    /// number of bookings (R-int_applicative__stock-1)
    pub total_individual_bookings: Option<i64>,
    /// number of cancelled bookings (R-int_applicative__stock-1)
    pub total_cancelled_individual_bookings: Option<i64>,
    /// number of non-cancelled bookings (R-int_applicative__stock-1)
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// number of used bookings (R-int_applicative__stock-1)
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of intermediary amounts of non-cancelled bookings (R-int_applicative__stock-1)
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of intermediary amounts of used bookings (R-int_applicative__stock-1)
    pub total_individual_real_revenue: Option<Dec2>,
    /// real revenue of bookings created in the year of `ds` (R-int_applicative__stock-1)
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN booking creation date (R-int_applicative__stock-1)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX booking creation date (R-int_applicative__stock-1)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// number of bookings with `booking_rank = 1` (R-int_applicative__stock-1)
    pub total_first_bookings: Option<i64>,
    /// remaining quantity, floored at 0; NULL when unlimited (R-int_applicative__stock-3)
    pub total_available_stock: Option<i64>,
    /// the stock can be booked at `ds` (R-int_applicative__stock-4)
    pub is_bookable: bool,
    /// RANK per offer by creation desc, then id desc (R-int_applicative__stock-5)
    pub stock_rk: i64,
    /// offer's product
    pub offer_product_id: Option<String>,
    /// offer title
    pub offer_name: Option<String>,
    /// offer URL
    pub offer_url: Option<String>,
    /// offer ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// live venue of the offer (R-int_global__offer-1)
    pub venue_id: Option<String>,
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
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// offerer name
    pub offerer_name: Option<String>,
    /// venue's partner id (= venue id)
    pub partner_id: Option<String>,
    /// offer category (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// offer subcategory
    pub offer_subcategory_id: String,
    /// `product-…` / `offer-…` (R-int_applicative__offer-6)
    pub item_id: String,
    /// offer creation date
    pub offer_creation_date: NaiveDate,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// physical goods subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// digital goods subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// event subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
    /// offer's newest-stock price (R-int_applicative__offer-2)
    pub last_stock_price: Option<Dec2>,
}

pub fn build(_ctx: &RunContext, _stocks: Frame<S>, _offers: Frame<O>) -> Frame<IntGlobalStock> {
    todo!()
}
