//! Grain: one row per raw stock (soft-deleted included); PK `stock_id`.

use pipeline::prelude::*;
use sources::{RawApplicativePriceCategory as PC, RawApplicativeStock as S};

use super::int_applicative__booking::IntApplicativeBooking as B;

/// Stocks with their price (own or from the price category), booking aggregates, remaining
/// quantity, bookability and recency rank per offer (intermediate.md, int_applicative__stock).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__stock", layer = "intermediate", grain = "stock_id")]
pub struct IntApplicativeStock {
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
    /// `coalesce(stock price, price category price)`
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
    /// SUM of booking quantities
    pub total_bookings: Option<i64>,
    /// SUM of quantities of non-cancelled bookings
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM of quantities of cancelled bookings
    pub total_cancelled_bookings: Option<i64>,
    /// SUM of quantities of reimbursed or pending-reimbursement bookings
    pub total_paid_bookings: Option<i64>,
    /// number of bookings
    pub total_individual_bookings: Option<i64>,
    /// number of cancelled bookings
    pub total_cancelled_individual_bookings: Option<i64>,
    /// number of non-cancelled bookings
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// number of used bookings
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of intermediary amounts of non-cancelled bookings
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of intermediary amounts of used bookings
    pub total_individual_real_revenue: Option<Dec2>,
    /// real revenue of bookings created in the year of `ds`
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN booking creation date
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX booking creation date
    pub last_individual_booking_date: Option<NaiveDate>,
    /// number of bookings with `booking_rank = 1`
    pub total_first_bookings: Option<i64>,
    /// remaining quantity, floored at 0; NULL when unlimited
    pub total_available_stock: Option<i64>,
    /// the stock can be booked at `ds`
    pub is_bookable: bool,
    /// RANK per offer by creation desc, then id desc
    pub stock_rk: i64,
}

pub fn build(
    _ctx: &RunContext,
    _stocks: Frame<S>,
    _bookings: Frame<B>,
    _price_categories: Frame<PC>,
) -> Frame<IntApplicativeStock> {
    todo!()
}
