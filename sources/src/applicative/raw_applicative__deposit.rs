//! Grain: one row per deposit (grant); PK `id`. Typed read of `applicative/deposit`.

use pipeline::prelude::*;

/// Deposits as extracted (sources.md §2.2).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__deposit", layer = "raw", grain = "id", materialized = "view")]
pub struct RawApplicativeDeposit {
    /// deposit id
    pub id: String,
    /// owner
    pub userid: String,
    /// amount stored by the app (initial grant plus later top-ups)
    pub amount: Dec2,
    /// free text describing how the grant was obtained
    pub source: Option<String>,
    /// creation
    pub datecreated: DtParis,
    /// last update
    pub dateupdated: Option<DtParis>,
    /// expiry, UTC wall-clock (not converted to Paris)
    pub expirationdate: Option<DtUtc>,
    /// `GRANT_15_17`, `GRANT_18`, `GRANT_17_18`, `GRANT_FREE`
    pub r#type: String,
}
