//! Grain: one row per deposit (grant); PK `id`. Typed read of `applicative/deposit`.

use pipeline::prelude::*;

/// Deposits as extracted (sources.md §2.2).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__deposit", layer = "raw", grain = "id", materialized = "view")]
// Not blocking: R-int_applicative__deposit-7 gives a non-zero GRANT_FREE amount a (NULL) reform
// category, so the spec expects such rows to reach the models.
#[check(name = "grant_free_amount_is_zero", rule = grant_free_amount_is_zero, cite = "sources.md §2.2", warn)]
pub struct RawApplicativeDeposit {
    /// deposit id
    pub id: String,
    /// owner
    pub userid: String,
    /// amount stored by the app (initial grant plus later top-ups)
    #[check(min = 0, cite = "sources.md §2.2")]
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
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub r#type: String,
}

/// `GRANT_FREE` is the 0 € grant for 15–16-year-olds (sources.md §2.2).
fn grant_free_amount_is_zero(f: &Frame<RawApplicativeDeposit>) -> Expr {
    let free = f.c(RawApplicativeDeposit::r#type).eq(lit("GRANT_FREE"));
    free.not().or(f.c(RawApplicativeDeposit::amount).eq(lit_dec2(0)))
}
