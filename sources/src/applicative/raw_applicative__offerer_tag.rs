//! Grain: one row per (offerer, tag); PK (`offerer_id`, `tag_name`).

use pipeline::prelude::*;

/// Offerer tags, already joined with the tag name (sources.md §2.16).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__offerer_tag", layer = "raw", grain = "offerer_id, tag_name", materialized = "view")]
pub struct RawApplicativeOffererTag {
    /// offerer
    pub offerer_id: String,
    /// technical tag name, e.g. `part-epn` (public digital space)
    pub tag_name: String,
}
