//! Grain: one row per stock of a kept offer; PK `stock_id`.

use intermediate::IntGlobalStock as S;
use pipeline::prelude::*;

/// Every stock of a kept offer, soft-deleted included (marts.md, mrt_global__stock).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__stock", layer = "mart", grain = "stock_id")]
pub struct MrtGlobalStock {
    /// stock id
    pub stock_id: String,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// provider that last synchronised the stock
    pub stock_last_provider_id: Option<String>,
    /// booking deadline
    pub stock_booking_limit_date: Option<DtParis>,
    /// stock creation
    pub stock_creation_date: Option<DtParis>,
    /// stock features text
    pub stock_features: Option<String>,
    /// `coalesce(stock price, price category price)` (R-int_applicative__stock-2)
    pub stock_price: Option<Dec2>,
    /// NULL = unlimited
    pub stock_quantity: Option<i64>,
    /// remaining quantity, floored at 0; NULL when unlimited (R-int_applicative__stock-3)
    pub total_available_stock: Option<i64>,
    /// SUM of quantities of cancelled bookings; quantities, NULL when no booking
    pub total_cancelled_bookings: Option<i64>,
    /// SUM of quantities of non-cancelled bookings; quantities, NULL when no booking
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM of quantities of reimbursed or pending-reimbursement bookings; quantities, NULL when no booking
    pub total_paid_bookings: Option<i64>,
    /// SUM of booking quantities; quantities, NULL when no booking
    pub total_bookings: Option<i64>,
    /// offer of the stock
    pub offer_id: String,
    /// offer title
    pub offer_name: Option<String>,
    /// offer subcategory
    pub offer_subcategory_id: String,
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// venue's partner id (= venue id)
    pub partner_id: Option<String>,
    /// price category of the stock
    pub price_category_id: Option<String>,
    /// label of the price category
    pub price_category_label: Option<String>,
    /// venue department code
    pub venue_department_code: Option<String>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
}

pub fn build(_ctx: &RunContext, _stocks: Frame<S>) -> Frame<MrtGlobalStock> {
    todo!()
}
