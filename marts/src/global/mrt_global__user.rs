//! Grain: one row per kept user (beneficiary roles and general public); PK `user_id`.

use intermediate::IntGlobalUser as U;
use pipeline::prelude::*;

/// Every kept user, beneficiaries and general public, with their category (marts.md,
/// mrt_global__user).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__user", layer = "mart", grain = "user_id", from = U)]
#[check(name = "category_matches_role_and_age", rule = category_matches_role_and_age, cite = "I-18")]
pub struct MrtGlobalUser {
    /// user id
    pub user_id: String,
    /// account creation
    pub user_creation_date: DtParis,
    /// marketing email opt-in
    pub user_has_enabled_marketing_email: Option<bool>,
    /// activity label (R-int_applicative__user-3)
    pub user_activity: Option<String>,
    /// civility (R-int_applicative__user-4)
    pub user_civility: Option<String>,
    /// birth date (R-int_applicative__user-5)
    pub user_birth_date: Option<NaiveDate>,
    /// age at `ds` (R-int_applicative__user-6)
    pub user_age: Option<i64>,
    /// age at account creation (R-int_applicative__user-7)
    pub user_age_at_creation: Option<i64>,
    /// school type label
    pub user_school_type: Option<String>,
    /// false = suspended
    pub user_is_active: Option<bool>,
    /// `BENEFICIARY`, `UNDERAGE_BENEFICIARY`, `FREE_BENEFICIARY` or NULL
    #[check(accepted_values = ["BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY"], cite = "R-int_applicative__user-1")]
    pub user_role: Option<String>,
    /// email validated
    pub user_is_email_validated: Option<bool>,
    /// phone validation status
    pub user_phone_validation_status: Option<String>,
    /// same app value as `user_is_email_validated`
    pub user_has_validated_email: Option<bool>,
    /// marketing push opt-in
    pub user_has_enabled_marketing_push: Option<bool>,
    /// JSON array text
    pub user_subscribed_themes: Option<String>,
    /// the theme preference was set (R-int_applicative__user-8)
    pub is_theme_subscribed: bool,
    /// `15_16`, `GENERAL_PUBLIC`, a role name, or NULL (R-int_global__user-1)
    #[check(accepted_values = ["15_16", "GENERAL_PUBLIC", "BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY"], cite = "R-int_global__user-1")]
    pub user_category: Option<String>,
}

/// R-mrt_global__user-1: rows and values are exactly those of `int_global__user`.
fn category_matches_role_and_age(f: &Frame<MrtGlobalUser>) -> Expr {
    type A = MrtGlobalUser;
    intermediate::global::int_global__user::category_consistent(
        f.c(A::user_category),
        f.c(A::user_role),
        f.c(A::user_age),
    )
}

pub fn build(_ctx: &RunContext, users: Frame<U>) -> Frame<MrtGlobalUser> {
    MrtGlobalUser::project(users.clone(), MrtGlobalUserComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{collect, ctx};

    /// R-mrt_global__user-1: rows and values are exactly those of `int_global__user`.
    #[test]
    fn r_mrt_global__user_1_same_rows_and_values() {
        let users = vec![
            U {
                user_id: "1".into(),
                user_role: Some("BENEFICIARY".into()),
                user_category: Some("BENEFICIARY".into()),
                user_age: Some(18),
                is_theme_subscribed: true,
                ..Default::default()
            },
            U { user_id: "2".into(), user_category: None, ..Default::default() },
        ];
        let input = pipeline::snapshot::render(&collect(Frame::from_rows(&users)), &["user_id"]);
        let output =
            pipeline::snapshot::render(&collect(build(&ctx("2026-11-27"), Frame::from_rows(&users))), &["user_id"]);
        assert_eq!(input, output);
    }
}
