//! Grain: one row per price category; PK `price_category_id`.

use pipeline::prelude::*;

/// Price categories of offers (sources.md §2.6).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__price_category", layer = "raw", grain = "price_category_id", materialized = "view")]
pub struct RawApplicativePriceCategory {
    /// id
    pub price_category_id: String,
    /// offer
    pub offer_id: String,
    /// price
    #[check(min = 0, cite = "sources.md §2.6")]
    pub price: Option<Dec2>,
    /// label (e.g. "Tarif unique")
    pub price_category_label: Option<String>,
}
