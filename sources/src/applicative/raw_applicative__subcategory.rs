//! Grain: one row per subcategory code; PK `id`.

use pipeline::prelude::*;

/// Subcategory reference table (sources.md §2.9).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__subcategory", layer = "raw", grain = "id", materialized = "view")]
pub struct RawApplicativeSubcategory {
    /// subcategory code, e.g. `LIVRE_PAPIER`, `SEANCE_CINE`
    pub id: String,
    /// category code, e.g. `LIVRE`, `CINEMA`
    pub category_id: String,
    /// dated event
    pub is_event: bool,
    /// physical good
    pub is_physical_deposit: bool,
    /// digital good
    pub is_digital_deposit: bool,
    /// app search group
    pub search_group_name: Option<String>,
}
