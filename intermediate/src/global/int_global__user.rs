//! Grain: one row per kept user (beneficiaries and general public); PK `user_id`.

use pipeline::prelude::*;

use crate::applicative::int_applicative__user::IntApplicativeUser as U;

/// Kept users with their category (intermediate.md, int_global__user); columns are
/// exactly those of `mrt_global__user`.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__user", layer = "intermediate", grain = "user_id", from = U)]
#[check(name = "category_matches_role_and_age", rule = category_matches_role_and_age, cite = "I-18")]
pub struct IntGlobalUser {
    /// user id
    pub user_id: String,
    /// account creation
    pub user_creation_date: DtParis,
    /// marketing email opt-in
    pub user_has_enabled_marketing_email: Option<bool>,
    /// remapped activity (R-int_applicative__user-3)
    pub user_activity: Option<String>,
    /// normalised civility (R-int_applicative__user-4)
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
    /// `15_16`, `GENERAL_PUBLIC` or the role; NULL for a role-less user of unknown age (R-1)
    #[schema(computed)]
    #[check(accepted_values = ["15_16", "GENERAL_PUBLIC", "BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY"], cite = "R-int_global__user-1")]
    pub user_category: Option<String>,
}

fn category_matches_role_and_age(f: &Frame<IntGlobalUser>) -> Expr {
    type A = IntGlobalUser;
    category_consistent(f.c(A::user_category), f.c(A::user_role), f.c(A::user_age))
}

/// I-18 (R-1): `user_category = '15_16'` ⇒ no role and age 15 or 16; a role ⇒ the category is
/// the role; no role ⇒ `GENERAL_PUBLIC` exactly for a known age outside 15–16.
pub fn category_consistent(category: Expr, role: Expr, age: Expr) -> Expr {
    use {implies, same};
    let teen = age.clone().eq(lit(15i64)).or(age.clone().eq(lit(16i64)));
    let general = age.clone().is_not_null().and(teen.clone().not());
    implies(category.clone().eq(lit("15_16")), role.clone().is_null().and(teen))
        .and(implies(role.clone().is_not_null(), same(category.clone(), role.clone())))
        .and(implies(role.is_null(), category.eq(lit("GENERAL_PUBLIC")).fill_null(lit(false)).eq(general)))
}

pub fn build(_ctx: &RunContext, users: Frame<U>) -> Frame<IntGlobalUser> {
    let u = &users;
    let role = u.c(U::user_role);
    let age = u.c(U::user_age);
    // R-1, first match; NULL age fails every comparison and falls through to the role.
    let category = when(role.clone().is_null().and(age.clone().eq(lit(15i64)).or(age.clone().eq(lit(16i64)))))
        .then(lit("15_16"))
        .when(role.clone().is_null().and(age.clone().gt_eq(lit(17i64)).or(age.lt_eq(lit(14i64)))))
        .then(lit("GENERAL_PUBLIC"))
        .otherwise(role);
    IntGlobalUser::project(users.clone(), IntGlobalUserComputed { user_category: category })
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    /// R-int_global__user-1 (category cascade, NULL age with NULL role → NULL: K-34) and
    /// R-int_global__user-2 (other columns copied).
    #[test]
    fn r_int_global__user_1_2_category() {
        let rows: Vec<U> = [
            ("a", None, Some(15)),
            ("b", None, Some(16)),
            ("c", None, Some(17)),
            ("d", None, Some(14)),
            ("e", None, None),
            ("f", Some("BENEFICIARY"), Some(16)),
            ("g", Some("UNDERAGE_BENEFICIARY"), None),
            ("h", Some("FREE_BENEFICIARY"), Some(15)),
            ("i", None, Some(-2)),
        ]
        .iter()
        .map(|(id, role, age)| U {
            user_id: id.to_string(),
            user_role: role.map(Into::into),
            user_age: *age,
            // Two years younger at sign-up, so that reading this age instead of `user_age` shows.
            user_age_at_creation: age.map(|a| a - 2),
            user_activity: Some("Etudiant".into()),
            ..Default::default()
        })
        .collect();
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&rows));
        insta::assert_snapshot!(snapshot_cols(out, &["user_role", "user_age", "user_activity", "user_category"]));
    }

    /// R-int_global__user-2: every column but the category is copied from `int_applicative__user`,
    /// each filled with values no other column of its type has (two users, so that the boolean
    /// columns differ too; `user_is_email_validated` and `user_has_validated_email` are the same
    /// app value, sources.md §2.1).
    #[test]
    fn r_int_global__user_2_columns_pass_through_unswapped() {
        let users = vec![
            U {
                user_id: "1".into(),
                user_creation_date: DtParis(pipeline::dt("2025-03-04 10:00:00")),
                user_humanized_id: Some("AE".into()),
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
            },
            U {
                user_id: "2".into(),
                user_creation_date: DtParis(pipeline::dt("2023-09-30 08:00:00")),
                user_humanized_id: Some("A9".into()),
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
            },
        ];
        let pass = |u: &U, category: &str| IntGlobalUser {
            user_id: u.user_id.clone(),
            user_creation_date: u.user_creation_date,
            user_has_enabled_marketing_email: u.user_has_enabled_marketing_email,
            user_activity: u.user_activity.clone(),
            user_civility: u.user_civility.clone(),
            user_birth_date: u.user_birth_date,
            user_age: u.user_age,
            user_age_at_creation: u.user_age_at_creation,
            user_school_type: u.user_school_type.clone(),
            user_is_active: u.user_is_active,
            user_role: u.user_role.clone(),
            user_is_email_validated: u.user_is_email_validated,
            user_phone_validation_status: u.user_phone_validation_status.clone(),
            user_has_validated_email: u.user_has_validated_email,
            user_has_enabled_marketing_push: u.user_has_enabled_marketing_push,
            user_subscribed_themes: u.user_subscribed_themes.clone(),
            is_theme_subscribed: u.is_theme_subscribed,
            user_category: Some(category.into()),
        };
        let out = pipeline::testing::rows(build(&ctx("2026-11-27"), Frame::from_rows(&users)));
        assert_eq!(out, vec![pass(&users[0], "BENEFICIARY"), pass(&users[1], "GENERAL_PUBLIC")]);
    }
}
