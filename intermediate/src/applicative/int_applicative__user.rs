//! Grain: one row per kept user (beneficiary roles and general public); PK `user_id`.

use pipeline::prelude::*;
use sources::RawApplicativeUser as Raw;

/// Users with a beneficiary role or no role, with cleaned labels, validated birth date and
/// ages at `ds` and at creation (intermediate.md, int_applicative__user).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__user", layer = "intermediate", grain = "user_id", from = Raw)]
#[check(name = "activity_remapped", rule = activity_remapped, cite = "R-int_applicative__user-3")]
#[check(name = "civility_normalised", rule = civility_normalised, cite = "R-int_applicative__user-4")]
#[check(name = "birth_date_not_before_floor", rule = birth_date_not_before_floor, cite = "R-int_applicative__user-5")]
pub struct IntApplicativeUser {
    /// user id
    pub user_id: String,
    /// account creation
    pub user_creation_date: DtParis,
    /// `humanize_id(user_id)` (R-2)
    #[schema(computed)]
    pub user_humanized_id: Option<String>,
    /// marketing email opt-in
    pub user_has_enabled_marketing_email: Option<bool>,
    /// remapped activity label (R-3)
    #[schema(computed)]
    pub user_activity: Option<String>,
    /// normalised civility (R-4)
    #[schema(computed)]
    pub user_civility: Option<String>,
    /// birth date: validated, else declared, within the validity window (R-5)
    #[schema(computed)]
    pub user_birth_date: Option<NaiveDate>,
    /// exact age at `ds` (R-6)
    #[schema(computed)]
    pub user_age: Option<i64>,
    /// exact age at account creation (R-7)
    #[schema(computed)]
    pub user_age_at_creation: Option<i64>,
    /// school type label
    pub user_school_type: Option<String>,
    /// false = account suspended
    pub user_is_active: Option<bool>,
    /// first app role; NULL = general public
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
    /// JSON array text of subscribed themes
    pub user_subscribed_themes: Option<String>,
    /// the theme preference was set, even to `[]` (R-8)
    #[schema(computed)]
    pub is_theme_subscribed: bool,
}

/// Birth-date window floor of R-5.
pub const BIRTH_FLOOR: &str = "2000-04-30";

/// Activity labels that R-3 rewrites (to another label or NULL) never remain.
fn activity_remapped(f: &Frame<IntApplicativeUser>) -> Expr {
    let replaced = [
        "Volontaire",
        "Inactif",
        "Étudiant",
        "Chômeur",
        "En recherche d'emploi ou chômeur",
        "Demandeur d'emploi",
        "Apprenti, Alternant, Volontaire en service civique rémunéré",
    ];
    is_in_strs(f.c(IntApplicativeUser::user_activity), &replaced).not()
}

/// `M` and `Mme` are rewritten to `M.` and `Mme.` (R-4).
fn civility_normalised(f: &Frame<IntApplicativeUser>) -> Expr {
    is_in_strs(f.c(IntApplicativeUser::user_civility), &["M", "Mme"]).not()
}

/// A user with a role has no birth date before the window floor (R-5 (a), (b), (d)); the
/// ceiling depends on `ds`, which a rule does not see.
fn birth_date_not_before_floor(f: &Frame<IntApplicativeUser>) -> Expr {
    let birth = f.c(IntApplicativeUser::user_birth_date);
    let with_role = f.c(IntApplicativeUser::user_role).is_not_null();
    with_role.not().or(birth.clone().is_null()).or(birth.gt_eq(lit_date(pipeline::date(BIRTH_FLOOR))))
}

pub fn build(ctx: &RunContext, users: Frame<Raw>) -> Frame<IntApplicativeUser> {
    let role = users.c(Raw::user_role);
    // R-1: NULL role is kept (general public); other roles leave every user output.
    let kept = users.filter(
        is_in_strs(role.clone(), &["BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY"])
            .or(role.clone().is_null()),
    );
    let floor = lit_date(pipeline::date(BIRTH_FLOOR));
    let ceil = lit_date(minus_years(ctx.ds, 15));
    let validated = kept.c(Raw::user_validated_birth_date);
    let declared = kept.c(Raw::user_birth_date);
    let in_window = |d: &Expr| d.clone().gt_eq(floor.clone()).and(d.clone().lt_eq(ceil.clone()));
    // R-5, first match.
    let birth = when(validated.clone().is_not_null().and(in_window(&validated)).and(role.clone().is_not_null()))
        .then(validated.clone())
        .when(in_window(&declared).and(role.clone().is_not_null()))
        .then(declared.clone())
        .when(role.clone().is_null())
        .then(declared.clone())
        .otherwise(null_of(DataType::Date));
    let activity = remap(
        kept.c(Raw::user_activity),
        &[
            ("Alternant", Some("Alternant")),
            ("Apprenti", Some("Apprenti")),
            ("Volontaire", Some("Volontaire en service civique rémunéré")),
            ("Inactif", Some("Inactif (ni en emploi ni au chômage), En incapacité de travailler")),
            ("Étudiant", Some("Etudiant")),
            ("Chômeur", Some("Chômeur, En recherche d'emploi")),
            ("En recherche d'emploi ou chômeur", Some("Chômeur, En recherche d'emploi")),
            ("Demandeur d'emploi", Some("Chômeur, En recherche d'emploi")),
            ("Apprenti, Alternant, Volontaire en service civique rémunéré", None),
        ],
    );
    let civility = remap(kept.c(Raw::user_civility), &[("M", Some("M.")), ("M.", Some("M.")), ("Mme", Some("Mme."))]);
    IntApplicativeUser::project(
        kept.clone(),
        IntApplicativeUserComputed {
            user_humanized_id: humanize_id_expr(kept.c(Raw::user_id)),
            user_activity: activity,
            user_civility: civility,
            user_birth_date: birth.clone(),
            user_age: exact_age(ctx.ds(), birth.clone()),
            user_age_at_creation: exact_age(kept.c(Raw::user_creation_date), birth),
            is_theme_subscribed: kept.c(Raw::user_subscribed_themes).is_not_null(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    fn user(id: &str, role: Option<&str>) -> Raw {
        Raw {
            user_id: id.into(),
            user_creation_date: DtParis(pipeline::dt("2024-01-15 10:00:00")),
            user_role: role.map(Into::into),
            ..Default::default()
        }
    }

    /// R-int_applicative__user-1: only beneficiary roles and NULL role are kept.
    #[test]
    fn r_int_applicative__user_1_role_filter() {
        let rows = [
            "ADMIN",
            "ANONYMIZED",
            "BENEFICIARY",
            "UNDERAGE_BENEFICIARY",
            "FREE_BENEFICIARY",
            "PRO",
            "NON_ATTACHED_PRO",
            "TEST",
        ]
        .iter()
        .enumerate()
        .map(|(i, r)| user(&format!("{i}"), Some(r)))
        .chain([user("9", None)])
        .collect::<Vec<_>>();
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&rows));
        insta::assert_snapshot!(snapshot_cols(out, &["user_role"]));
    }

    /// R-int_applicative__user-2 (humanize_id), R-int_applicative__user-3 (activity remap), R-int_applicative__user-4 (civility), R-int_applicative__user-8
    /// (themes: `[]` counts as subscribed, NULL does not).
    #[test]
    fn r_int_applicative__user_2_3_4_8_labels() {
        // (user_id, activity, civility, subscribed themes)
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let cases: [Case; 10] = [
            ("1", Some("Étudiant"), Some("M"), Some("[]")),
            ("64", Some("Volontaire"), Some("M."), None),
            ("112", Some("Chômeur"), Some("Mme"), Some("[\"cinema\"]")),
            ("255", Some("Demandeur d'emploi"), Some("Mme."), None),
            ("256", Some("En recherche d'emploi ou chômeur"), None, None),
            ("1234", Some("Apprenti, Alternant, Volontaire en service civique rémunéré"), Some("X"), None),
            ("1000000", Some("Inactif"), None, None),
            ("abc", Some("Lycéen"), None, None),
            ("7", None, None, None),
            ("8", Some("Alternant"), None, None),
        ];
        let rows: Vec<Raw> = cases
            .iter()
            .map(|(id, act, civ, themes)| Raw {
                user_activity: act.map(Into::into),
                user_civility: civ.map(Into::into),
                user_subscribed_themes: themes.map(Into::into),
                ..user(id, None)
            })
            .collect();
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&rows));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &["user_humanized_id", "user_activity", "user_civility", "user_subscribed_themes", "is_theme_subscribed"]
        ));
    }

    /// R-int_applicative__user-5 (birth date window, first match), R-int_applicative__user-6 and R-int_applicative__user-7 (exact age
    /// with Feb-29 births: the year is gained on Mar 1 in non-leap years; negative kept).
    #[test]
    fn r_int_applicative__user_5_6_7_birth_date_and_age() {
        let d = |s: &str| Some(pipeline::date(s));
        let cases = [
            // (id, role, declared, validated)
            ("a_validated_wins", Some("BENEFICIARY"), d("2005-06-01"), d("2006-06-02")),
            ("b_validated_out_of_window", Some("BENEFICIARY"), d("2005-06-01"), d("1990-01-01")),
            ("c_declared_out_of_window", Some("BENEFICIARY"), d("2000-04-29"), None),
            ("d_floor_inclusive", Some("BENEFICIARY"), d("2000-04-30"), None),
            ("e_ceil_inclusive", Some("UNDERAGE_BENEFICIARY"), d("2011-02-28"), None),
            ("f_after_ceil", Some("UNDERAGE_BENEFICIARY"), d("2011-03-01"), None),
            ("g_no_role_no_window", None, d("1980-03-01"), d("2005-01-01")),
            ("h_no_role_future_birth", None, d("2030-01-01"), None),
            ("i_feb29_birth", Some("BENEFICIARY"), d("2008-02-29"), None),
            ("j_null_births", Some("BENEFICIARY"), None, None),
        ];
        let rows: Vec<Raw> = cases
            .iter()
            .map(|(id, role, declared, validated)| Raw {
                user_birth_date: *declared,
                user_validated_birth_date: *validated,
                ..user(id, *role)
            })
            .collect();
        // ds 2026-02-28: the Feb-29 birth (2008) is not 18 yet; ceil = 2011-02-28.
        let out = build(&ctx("2026-02-28"), Frame::from_rows(&rows));
        insta::assert_snapshot!(
            "birth_2026_02_28",
            snapshot_cols(out, &["user_role", "user_birth_date", "user_age", "user_age_at_creation"])
        );
        // ds 2026-03-01: now 18.
        let out = build(&ctx("2026-03-01"), Frame::from_rows(&rows));
        insta::assert_snapshot!("birth_2026_03_01", snapshot_cols(out, &["user_birth_date", "user_age"]));
    }

    /// Pass-through columns keep their source column: each is filled with values no other column
    /// of its type has (two rows, so that the boolean columns differ too; `user_is_email_validated`
    /// and `user_has_validated_email` are the same app value, sources.md §2.1). The computed
    /// columns follow R-int_applicative__user-2…8 (the validated birth date wins for the
    /// beneficiary, the declared one for the general public).
    #[test]
    fn r_int_applicative__user_columns_pass_through_unswapped() {
        let d = |s: &str| Some(pipeline::date(s));
        let beneficiary = Raw {
            user_id: "1".into(),
            user_creation_date: DtParis(pipeline::dt("2024-05-02 10:00:00")),
            user_role: Some("BENEFICIARY".into()),
            user_birth_date: d("2006-04-01"),
            user_validated_birth_date: d("2006-04-02"),
            user_activity: Some("Étudiant".into()),
            user_civility: Some("Mme".into()),
            user_school_type: Some("Lycée agricole".into()),
            user_is_active: Some(true),
            user_is_email_validated: Some(false),
            user_has_validated_email: Some(false),
            user_phone_validation_status: Some("validated".into()),
            user_has_enabled_marketing_push: None,
            user_has_enabled_marketing_email: Some(false),
            user_subscribed_themes: Some(r#"["CINEMA"]"#.into()),
            user_postal_code: Some("29200".into()),
            user_department_code: Some("29".into()),
        };
        let general_public = Raw {
            user_id: "2".into(),
            user_creation_date: DtParis(pipeline::dt("2023-09-30 08:00:00")),
            user_role: None,
            user_birth_date: d("1990-07-14"),
            user_validated_birth_date: d("1991-01-01"),
            user_activity: Some("Alternant".into()),
            user_civility: Some("M".into()),
            user_school_type: Some("Collège".into()),
            user_is_active: None,
            user_is_email_validated: None,
            user_has_validated_email: None,
            user_phone_validation_status: Some("unvalidated".into()),
            user_has_enabled_marketing_push: Some(false),
            user_has_enabled_marketing_email: Some(true),
            user_subscribed_themes: None,
            user_postal_code: Some("31000".into()),
            user_department_code: Some("31".into()),
        };
        let pass = |r: &Raw| IntApplicativeUser {
            user_id: r.user_id.clone(),
            user_creation_date: r.user_creation_date,
            user_has_enabled_marketing_email: r.user_has_enabled_marketing_email,
            user_school_type: r.user_school_type.clone(),
            user_is_active: r.user_is_active,
            user_role: r.user_role.clone(),
            user_is_email_validated: r.user_is_email_validated,
            user_phone_validation_status: r.user_phone_validation_status.clone(),
            user_has_validated_email: r.user_has_validated_email,
            user_has_enabled_marketing_push: r.user_has_enabled_marketing_push,
            user_subscribed_themes: r.user_subscribed_themes.clone(),
            ..Default::default()
        };
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&[beneficiary.clone(), general_public.clone()]),
        ));
        assert_eq!(
            out,
            vec![
                IntApplicativeUser {
                    user_humanized_id: Some("AE".into()),
                    user_activity: Some("Etudiant".into()),
                    user_civility: Some("Mme.".into()),
                    user_birth_date: d("2006-04-02"),
                    user_age: Some(20),
                    user_age_at_creation: Some(18),
                    is_theme_subscribed: true,
                    ..pass(&beneficiary)
                },
                IntApplicativeUser {
                    user_humanized_id: Some("A9".into()),
                    user_activity: Some("Alternant".into()),
                    user_civility: Some("M.".into()),
                    user_birth_date: d("1990-07-14"),
                    user_age: Some(36),
                    user_age_at_creation: Some(33),
                    is_theme_subscribed: false,
                    ..pass(&general_public)
                },
            ]
        );
    }
}
