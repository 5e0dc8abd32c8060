//! Grain: one row per application user; PK `user_id`. Typed read of `applicative/user`.

use pipeline::prelude::*;

/// Application users as extracted (sources.md §2.1).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__user", layer = "raw", grain = "user_id", materialized = "view")]
// `blocked-*` is an open family of legacy values: a new one is reported, not blocking.
#[check(name = "phone_validation_status_known", rule = phone_validation_status_known, cite = "sources.md §2.1", warn)]
pub struct RawApplicativeUser {
    /// user id
    pub user_id: String,
    /// account creation
    pub user_creation_date: DtParis,
    /// first element of the app roles array; NULL = no role (general public)
    #[check(
        accepted_values = [
            "ADMIN",
            "ANONYMIZED",
            "BENEFICIARY",
            "UNDERAGE_BENEFICIARY",
            "FREE_BENEFICIARY",
            "PRO",
            "NON_ATTACHED_PRO",
            "TEST"
        ],
        cite = "sources.md §2.1"
    )]
    pub user_role: Option<String>,
    /// birth date declared at sign-up
    pub user_birth_date: Option<NaiveDate>,
    /// birth date validated by the identity provider
    pub user_validated_birth_date: Option<NaiveDate>,
    /// French activity label (remapped in int_applicative__user)
    pub user_activity: Option<String>,
    /// e.g. `M`, `M.`, `Mme`
    pub user_civility: Option<String>,
    /// French school type label or an unmapped raw code
    pub user_school_type: Option<String>,
    /// false = account suspended
    pub user_is_active: Option<bool>,
    /// email validated
    pub user_is_email_validated: Option<bool>,
    /// same app value as `user_is_email_validated`
    pub user_has_validated_email: Option<bool>,
    /// `validated`, `unvalidated`, `skipped-by-support`, legacy `blocked-*` values
    pub user_phone_validation_status: Option<String>,
    /// notification preference
    pub user_has_enabled_marketing_push: Option<bool>,
    /// notification preference
    pub user_has_enabled_marketing_email: Option<bool>,
    /// JSON array text; NULL when the preference was never set
    pub user_subscribed_themes: Option<String>,
    /// postal code declared in the app
    pub user_postal_code: Option<String>,
    /// department code declared in the app (fallback for geography)
    pub user_department_code: Option<String>,
}

/// `validated`, `unvalidated`, `skipped-by-support` or a legacy `blocked-*` value (sources.md §2.1).
fn phone_validation_status_known(f: &Frame<RawApplicativeUser>) -> Expr {
    let status = f.c(RawApplicativeUser::user_phone_validation_status);
    is_in_strs(status.clone(), &["validated", "unvalidated", "skipped-by-support"])
        .or(status.str().starts_with(lit("blocked-")))
}
