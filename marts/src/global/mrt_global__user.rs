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

    /// R-mrt_global__user-1: rows and values are exactly those of `int_global__user`. Every column
    /// is filled with values no other column of its type has (two users, so that the boolean
    /// columns differ too; `user_is_email_validated` and `user_has_validated_email` are the same
    /// app value, sources.md §2.1), so that a swapped column shows.
    #[test]
    fn r_mrt_global__user_1_same_rows_and_values() {
        let users = vec![
            U {
                user_id: "1".into(),
                user_creation_date: DtParis(pipeline::dt("2025-03-04 10:00:00")),
                user_has_enabled_marketing_email: Some(true),
                user_activity: Some("Etudiant".into()),
                user_civility: Some("Mme.".into()),
                user_birth_date: Some(pipeline::date("2007-06-15")),
                user_age: Some(19),
                user_age_at_creation: Some(17),
                user_school_type: Some("Lycée agricole".into()),
                user_is_active: Some(true),
                user_role: Some("BENEFICIARY".into()),
                user_is_email_validated: None,
                user_phone_validation_status: Some("validated".into()),
                user_has_validated_email: None,
                user_has_enabled_marketing_push: Some(false),
                user_subscribed_themes: None,
                is_theme_subscribed: false,
                user_category: Some("BENEFICIARY".into()),
            },
            U {
                user_id: "2".into(),
                user_creation_date: DtParis(pipeline::dt("2023-09-30 08:00:00")),
                user_has_enabled_marketing_email: Some(false),
                user_activity: Some("Alternant".into()),
                user_civility: Some("M.".into()),
                user_birth_date: Some(pipeline::date("1996-07-14")),
                user_age: Some(30),
                user_age_at_creation: Some(27),
                user_school_type: Some("Collège".into()),
                user_is_active: None,
                user_role: None,
                user_is_email_validated: Some(true),
                user_phone_validation_status: Some("unvalidated".into()),
                user_has_validated_email: Some(true),
                user_has_enabled_marketing_push: None,
                user_subscribed_themes: Some(r#"["CINEMA"]"#.into()),
                is_theme_subscribed: true,
                user_category: Some("GENERAL_PUBLIC".into()),
            },
        ];
        let input = pipeline::snapshot::render(&collect(Frame::from_rows(&users)), &["user_id"]);
        let output =
            pipeline::snapshot::render(&collect(build(&ctx("2026-11-27"), Frame::from_rows(&users))), &["user_id"]);
        assert_eq!(input, output);
    }
}
