//! Grain: one row per venue label; PK `venue_label_id`.

use pipeline::prelude::*;

/// Venue labels (sources.md §2.11).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__venue_label", layer = "raw", grain = "venue_label_id", materialized = "view")]
pub struct RawApplicativeVenueLabel {
    /// label id
    pub venue_label_id: String,
    /// label text
    pub venue_label: Option<String>,
}
