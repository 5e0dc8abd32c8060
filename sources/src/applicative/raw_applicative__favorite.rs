//! Grain: one row per favourite; PK `id`.

use pipeline::prelude::*;

/// Offers saved as favourites by users (sources.md §2.15).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__favorite", layer = "raw", grain = "id", materialized = "view")]
pub struct RawApplicativeFavorite {
    /// favourite id
    pub id: String,
    /// user
    pub userid: String,
    /// offer
    pub offerid: String,
    /// creation
    pub datecreated: Option<DtParis>,
}
