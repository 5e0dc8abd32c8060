//! Grain: one row per recredit of a deposit; PK `recredit_id`.

use pipeline::prelude::*;

/// Recredits (top-ups) as extracted (sources.md §2.3).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__recredit", layer = "raw", grain = "recredit_id", materialized = "view")]
pub struct RawApplicativeRecredit {
    /// recredit id
    pub recredit_id: String,
    /// credited deposit
    pub deposit_id: String,
    /// amount added
    #[check(min = 0, cite = "sources.md §2.3")]
    pub recredit_amount: Option<Dec2>,
    /// creation
    pub recredit_creation_date: DtParis,
    /// e.g. `RECREDIT_18`, `PREVIOUS_DEPOSIT` (transfer of a previous deposit's remaining credit)
    pub recredit_type: Option<String>,
}
