//! Grain: one row per offerer (legal structure); PK `offerer_id`.

use pipeline::prelude::*;

/// Offerers, current state (sources.md §2.12).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__offerer", layer = "raw", grain = "offerer_id", materialized = "view")]
pub struct RawApplicativeOfferer {
    /// offerer (legal structure) id
    pub offerer_id: String,
    /// name
    pub offerer_name: Option<String>,
    /// SIREN (not unique across offerers)
    pub offerer_siren: Option<String>,
    /// active
    pub offerer_is_active: Option<bool>,
    /// `NEW`, `PENDING`, `VALIDATED`, `REJECTED`, `CLOSED`
    #[check(accepted_values = ["NEW", "PENDING", "VALIDATED", "REJECTED", "CLOSED"], cite = "sources.md §2.12")]
    pub offerer_validation_status: Option<String>,
    /// creation
    pub offerer_creation_date: Option<DtParis>,
    /// validation
    pub offerer_validation_date: Option<DtParis>,
}
