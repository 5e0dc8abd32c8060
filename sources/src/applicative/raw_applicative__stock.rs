//! Grain: one row per stock; PK `stock_id`.

use pipeline::prelude::*;

/// Stocks as extracted (sources.md §2.5).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__stock", layer = "raw", grain = "stock_id", materialized = "view")]
pub struct RawApplicativeStock {
    /// stock id
    pub stock_id: String,
    /// offer
    pub offer_id: String,
    /// price; NULL → price of the price category
    #[check(min = 0, cite = "sources.md §2.5")]
    pub stock_price: Option<Dec2>,
    /// number of places/items; NULL = unlimited
    // Not blocking: the spec gives no rule for a negative quantity, R-int_applicative__stock-3 floors at 0.
    #[check(min = 0, cite = "sources.md §2.5", warn)]
    pub stock_quantity: Option<i64>,
    /// last booking datetime
    pub stock_booking_limit_date: Option<DtParis>,
    /// event start, UTC wall-clock (events only; not converted)
    pub stock_beginning_date: Option<DtUtc>,
    /// creation
    pub stock_creation_date: Option<DtParis>,
    /// last modification
    pub stock_modified_date: Option<DtParis>,
    /// soft deletion
    pub stock_is_soft_deleted: bool,
    /// price category
    pub price_category_id: Option<String>,
    /// comma-joined feature list (e.g. `VF,IMAX`)
    pub stock_features: Option<String>,
    /// synchronisation provider
    pub stock_last_provider_id: Option<String>,
}
