//! Grain: one row per product; PK `id`.

use pipeline::prelude::*;

/// Shared products (sources.md §2.8); their values win over the offer's.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__product", layer = "raw", grain = "id", materialized = "view")]
pub struct RawApplicativeProduct {
    /// product id (referenced by `offer.offer_product_id`)
    pub id: String,
    /// description; wins over the offer's
    pub description: Option<String>,
    /// JSON object text; wins over the offer's extra data
    pub jsondata: Option<String>,
    /// EAN; wins over the offer's
    pub ean: Option<String>,
}
