//! Grain: one row per active beneficiary whose current deposit is not `GRANT_FREE`; PK `user_id`.

use intermediate::IntGlobalUserBeneficiary as U;
use pipeline::prelude::*;

/// Active (or self-suspended) beneficiaries whose latest deposit is not `GRANT_FREE`, with
/// geography, deposit and spend aggregates (marts.md, mrt_global__user_beneficiary).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__user_beneficiary", layer = "mart", grain = "user_id", from = U)]
#[check(name = "kept_beneficiary", rule = kept_beneficiary, cite = "R-mrt_global__user_beneficiary-1")]
#[check(name = "remaining_credit_is_last_amount_minus_last_spend", rule = remaining_credit_is_last_amount_minus_last_spend, cite = "I-12")]
#[check(name = "first_deposit_amount_at_most_last", rule = first_deposit_amount_at_most_last, cite = "I-12")]
#[check(name = "spent_within_theoretical", rule = spent_within_theoretical, cite = "I-2")]
#[check(name = "current_beneficiary_is_active_with_credit", rule = current_beneficiary_is_active_with_credit, cite = "R-int_global__user_beneficiary-11")]
pub struct MrtGlobalUserBeneficiary {
    /// user id
    pub user_id: String,
    /// department code, `-1` = unknown (R-int_global__user_beneficiary-4)
    pub user_department_code: String,
    /// department name, default `non localisé` (R-int_global__user_beneficiary-4)
    pub user_department_name: String,
    /// app postal code, `-1` when unknown (R-int_global__user_beneficiary-4)
    pub user_postal_code: String,
    /// activity label (R-int_applicative__user-3)
    pub user_activity: Option<String>,
    /// civility (R-int_applicative__user-4)
    pub user_civility: Option<String>,
    /// school type label
    pub user_school_type: Option<String>,
    /// false = suspended
    pub user_is_active: Option<bool>,
    /// age at `ds` (R-int_applicative__user-6)
    pub user_age: Option<i64>,
    /// birth date (R-int_applicative__user-5)
    pub user_birth_date: Option<NaiveDate>,
    /// age at account creation (R-int_applicative__user-7)
    pub user_age_at_creation: Option<i64>,
    /// marketing email opt-in
    pub user_has_enabled_marketing_email: Option<bool>,
    /// marketing push opt-in
    pub user_has_enabled_marketing_push: Option<bool>,
    /// activity is job seeker (R-int_global__user_beneficiary-5)
    pub user_is_unemployed: bool,
    /// activity is pupil, student or apprentice (R-int_global__user_beneficiary-6)
    pub user_is_in_education: bool,
    /// region name, default `non localisé` (R-int_global__user_beneficiary-4)
    pub user_region_name: String,
    /// academy name, default `non localisé` (R-int_global__user_beneficiary-4)
    pub user_academy_name: String,
    /// `humanize_id(user_id)` (R-int_applicative__user-2)
    pub user_humanized_id: Option<String>,
    /// JSON array text, renamed `user_subscribed_themes` (R-mrt_global__user_beneficiary-2)
    #[schema(from = U::user_subscribed_themes)]
    pub currently_subscribed_themes: Option<String>,
    /// the theme preference was set (R-int_applicative__user-8)
    pub is_theme_subscribed: bool,
    /// MIN deposit creation (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    pub first_deposit_creation_date: DtParis,
    /// type of the `deposit_rank_asc = 1` deposit (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "R-int_global__user_beneficiary-2")]
    pub first_deposit_type: String,
    /// SUM of deposit amounts (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    pub total_deposit_amount: Dec2,
    /// type of the `deposit_rank_desc = 1` deposit (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18"], cite = "I-12")]
    pub current_deposit_type: String,
    /// reform category of the `deposit_rank_asc = 1` deposit (R-int_global__user_beneficiary-2)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub user_first_deposit_reform_category: Option<String>,
    /// reform category of the `deposit_rank_desc = 1` deposit (R-int_global__user_beneficiary-2)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub user_current_deposit_reform_category: Option<String>,
    /// first non-cancelled surviving booking (R-int_global__user_beneficiary-2)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// SUM over deposits, 0 without deposit (R-int_global__user_beneficiary-2, R-int_global__user_beneficiary-3)
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over deposits, 0 without deposit (R-int_global__user_beneficiary-2, R-int_global__user_beneficiary-3)
    pub total_non_cancelled_duo_bookings: i64,
    /// amount 0, cancelled included; 0 without deposit (R-int_global__user_beneficiary-2, R-int_global__user_beneficiary-3)
    pub total_free_bookings: i64,
    /// spend of used bookings (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_actual_amount_spent: Dec2,
    /// spend of non-cancelled bookings (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_amount_spent: Dec2,
    /// digital goods spend (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_digital_goods_amount_spent: Dec2,
    /// physical goods spend (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_physical_goods_amount_spent: Dec2,
    /// outings spend (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_outings_amount_spent: Dec2,
    /// digital spend of the latest deposit (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_last_deposit_digital_goods_amount_spent: Dec2,
    /// theoretical spend of the latest deposit (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_last_deposit_theoretical_amount_spent: Dec2,
    /// actual spend of the latest deposit (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "I-2")]
    pub total_deposit_actual_amount_spent: Dec2,
    /// SUM of diversity scores; NULL when no scored booking (R-int_global__user_beneficiary-2)
    #[check(min = 0, cite = "I-6")]
    pub total_diversity_score: Option<i64>,
    /// **MAX** deposit amount (R-int_global__user_beneficiary-2, K-1)
    #[schema(not_null)]
    pub last_deposit_amount: Dec2,
    /// `last_deposit_amount − total_last_deposit_theoretical_amount_spent`, may be negative (R-int_global__user_beneficiary-9)
    #[schema(not_null)]
    pub total_theoretical_remaining_credit: Dec2,
    /// account creation
    pub user_creation_date: DtParis,
    /// last non-cancelled surviving booking (R-int_global__user_beneficiary-8)
    pub last_booking_date: Option<NaiveDate>,
    /// days from first deposit to first booking (R-int_global__user_beneficiary-10)
    pub days_between_activation_date_and_first_booking_date: Option<i64>,
    /// same value as `…_first_booking_date` (R-int_global__user_beneficiary-10, K-3)
    pub days_between_activation_date_and_first_booking_paid: Option<i64>,
    /// = first deposit creation (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    pub user_activation_date: DtParis,
    /// MIN age at deposit (R-int_global__user_beneficiary-2)
    pub user_age_at_first_deposit: Option<i64>,
    /// MAX age at deposit (R-int_global__user_beneficiary-2)
    pub user_age_at_last_deposit: Option<i64>,
    /// subcategory of the first surviving booking (R-int_global__user_beneficiary-2)
    pub first_booking_type: Option<String>,
    /// subcategory of the first booking if its amount is 0 (R-int_global__user_beneficiary-2, K-2)
    pub first_paid_booking_type: Option<String>,
    /// distinct subcategories booked on `GRANT_18` deposits (R-int_global__user_beneficiary-2)
    pub total_grant_18_subcategory_booked: Option<i64>,
    /// distinct subcategories booked on `GRANT_15_17` deposits (R-int_global__user_beneficiary-2)
    pub total_grant_15_17_subcategory_booked: Option<i64>,
    /// reason of the latest suspension action (R-int_global__user_beneficiary-7)
    pub user_suspension_reason: Option<String>,
    /// **MIN** deposit amount (R-int_global__user_beneficiary-2, K-1)
    #[schema(not_null)]
    pub first_deposit_amount: Dec2,
    /// MAX deposit expiration, UTC wall-clock (R-int_global__user_beneficiary-2)
    pub last_deposit_expiration_date: Option<DtUtc>,
    /// latest deposit unexpired, not fully spent, user active (R-int_global__user_beneficiary-11)
    pub user_is_current_beneficiary: bool,
    /// MAX recredit date (R-int_global__user_beneficiary-2)
    pub last_recredit_date: Option<NaiveDate>,
    /// SUM of recredit counts (R-int_global__user_beneficiary-2)
    pub total_recredit: Option<i64>,
    /// SUM of recredit amounts (R-int_global__user_beneficiary-2)
    #[schema(not_null)]
    #[check(min = 0, cite = "R-int_applicative__deposit-1")]
    pub total_recredit_amount: Dec2,
    /// days from first deposit to `ds` (R-int_global__user_beneficiary-12)
    #[schema(not_null)]
    pub user_seniority: i64,
}

/// R-mrt_global__user_beneficiary-1: keep iff `(user_is_active OR user_suspension_reason = 'upon user
/// request') AND current_deposit_type <> 'GRANT_FREE'` is true (Kleene logic, NULL drops: K-11).
/// R-mrt_global__user_beneficiary-2: values of `int_global__user_beneficiary`, `user_subscribed_themes`
/// renamed. The deposit-derived columns are nullable upstream only for users without deposits
/// (R-int_global__user_beneficiary-3), whom the filter removes (NULL `current_deposit_type`).
/// an active user, or one suspended upon their own request, whose latest deposit is not
/// `GRANT_FREE` (the type is checked by `accepted_values`).
fn kept_beneficiary(f: &Frame<MrtGlobalUserBeneficiary>) -> Expr {
    type A = MrtGlobalUserBeneficiary;
    f.c(A::user_is_active)
        .eq(lit(true))
        .or(f.c(A::user_suspension_reason).eq(lit("upon user request")))
        .fill_null(lit(false))
}

fn remaining_credit_is_last_amount_minus_last_spend(f: &Frame<MrtGlobalUserBeneficiary>) -> Expr {
    type A = MrtGlobalUserBeneficiary;
    intermediate::global::int_global__user_beneficiary::remaining_credit_consistent(
        f.c(A::total_theoretical_remaining_credit),
        f.c(A::last_deposit_amount),
        f.c(A::total_last_deposit_theoretical_amount_spent),
    )
}

/// I-12 (K-1): the MIN deposit amount is at most the MAX one.
fn first_deposit_amount_at_most_last(f: &Frame<MrtGlobalUserBeneficiary>) -> Expr {
    type A = MrtGlobalUserBeneficiary;
    f.c(A::first_deposit_amount).lt_eq(f.c(A::last_deposit_amount))
}

/// I-2 summed over the user's deposits (I-3).
fn spent_within_theoretical(f: &Frame<MrtGlobalUserBeneficiary>) -> Expr {
    type A = MrtGlobalUserBeneficiary;
    intermediate::global::int_global__deposit::spend_bounded(
        f.c(A::total_actual_amount_spent),
        f.c(A::total_theoretical_amount_spent),
    )
}

/// The parts of R-int_global__user_beneficiary-11 that do not depend on `as_of`.
fn current_beneficiary_is_active_with_credit(f: &Frame<MrtGlobalUserBeneficiary>) -> Expr {
    type A = MrtGlobalUserBeneficiary;
    implies(
        f.c(A::user_is_current_beneficiary),
        f.c(A::user_is_active)
            .eq(lit(true))
            .and(f.c(A::last_deposit_expiration_date).is_not_null())
            .and(f.c(A::total_deposit_actual_amount_spent).lt(f.c(A::last_deposit_amount))),
    )
}

pub fn build(_ctx: &RunContext, users: Frame<U>) -> Frame<MrtGlobalUserBeneficiary> {
    let keep = users
        .c(U::user_is_active)
        .or(users.c(U::user_suspension_reason).eq(lit("upon user request")))
        .and(users.c(U::current_deposit_type).neq(lit("GRANT_FREE")));
    let kept = users.clone().filter(keep);
    MrtGlobalUserBeneficiary::project(kept.clone(), MrtGlobalUserBeneficiaryComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot, snapshot_cols};

    /// A beneficiary with deposits: every deposit-derived column is filled (R-int_global__user_beneficiary-2).
    fn with_deposit(id: &str, active: Option<bool>, reason: Option<&str>, current: &str) -> U {
        let at = DtParis(pipeline::dt("2025-03-01 10:00:00"));
        U {
            user_id: id.into(),
            user_is_active: active,
            user_suspension_reason: reason.map(Into::into),
            first_deposit_creation_date: Some(at),
            user_activation_date: Some(at),
            first_deposit_type: Some("GRANT_17_18".into()),
            current_deposit_type: Some(current.into()),
            total_deposit_amount: Some(Dec2(15000)),
            total_actual_amount_spent: Some(Dec2(1000)),
            total_theoretical_amount_spent: Some(Dec2(2550)),
            total_theoretical_digital_goods_amount_spent: Some(Dec2(0)),
            total_theoretical_physical_goods_amount_spent: Some(Dec2(2550)),
            total_theoretical_outings_amount_spent: Some(Dec2(0)),
            total_last_deposit_digital_goods_amount_spent: Some(Dec2(0)),
            total_last_deposit_theoretical_amount_spent: Some(Dec2(2550)),
            total_deposit_actual_amount_spent: Some(Dec2(1000)),
            last_deposit_amount: Some(Dec2(15000)),
            first_deposit_amount: Some(Dec2(15000)),
            total_theoretical_remaining_credit: Some(Dec2(12450)),
            total_recredit_amount: Some(Dec2(0)),
            user_seniority: Some(636),
            ..Default::default()
        }
    }

    /// R-mrt_global__user_beneficiary-1 (K-11), three-valued filter. Kept: `active`, `active_15_17`,
    /// `suspended_self`, `null_active_self` (NULL OR true = true). A naive two-valued version fails:
    /// comparing the Option `current_deposit_type != Some("GRANT_FREE")` keeps `no_deposit`, and reading
    /// a NULL `user_is_active` as "not suspended" keeps `null_active_fraud` / `null_active_no_reason`.
    /// The reason comparison is exact (`case_differs` drops).
    #[test]
    fn r_mrt_global__user_beneficiary_1_three_valued_filter() {
        let no_deposit = U { user_id: "no_deposit".into(), user_is_active: Some(true), ..Default::default() };
        let users = vec![
            with_deposit("active", Some(true), None, "GRANT_17_18"),
            with_deposit("active_15_17", Some(true), Some("fraud suspicion"), "GRANT_15_17"),
            with_deposit("active_free", Some(true), None, "GRANT_FREE"),
            with_deposit("suspended_fraud", Some(false), Some("fraud suspicion"), "GRANT_18"),
            with_deposit("suspended_no_reason", Some(false), None, "GRANT_18"),
            with_deposit("suspended_self", Some(false), Some("upon user request"), "GRANT_18"),
            with_deposit("suspended_self_free", Some(false), Some("upon user request"), "GRANT_FREE"),
            with_deposit("null_active_self", None, Some("upon user request"), "GRANT_18"),
            with_deposit("null_active_fraud", None, Some("fraud suspicion"), "GRANT_18"),
            with_deposit("null_active_no_reason", None, None, "GRANT_18"),
            with_deposit("case_differs", Some(false), Some("Upon user request"), "GRANT_18"),
            no_deposit,
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&users));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &["user_is_active", "user_suspension_reason", "current_deposit_type"]
        ));
    }

    /// R-mrt_global__user_beneficiary-2: every value of a kept row is the intermediate's value; only
    /// `user_subscribed_themes` is renamed `currently_subscribed_themes` (the deposit-derived columns
    /// become non-null, R-1 removed the users without deposit). Every column has values no other
    /// column of its type has (two beneficiaries, so that the boolean columns differ too), but for
    /// the pairs the spec makes equal (activation = first deposit creation, the two `days_between`
    /// columns, K-3), so that a swapped column shows.
    #[test]
    fn r_mrt_global__user_beneficiary_2_values_and_rename() {
        let eur = |cents: i128| Some(Dec2(cents));
        let d = |s: &str| Some(pipeline::date(s));
        let paris = |s: &str| DtParis(pipeline::dt(s));
        let text = |s: &str| Some(s.to_string());
        let student = U {
            user_id: "1".into(),
            user_department_code: "29".into(),
            user_department_name: "Finistère".into(),
            user_postal_code: "29200".into(),
            user_activity: text("Etudiant"),
            user_civility: text("Mme."),
            user_school_type: text("Lycée"),
            user_is_active: Some(true),
            user_age: Some(20),
            user_birth_date: d("2006-02-28"),
            user_age_at_creation: Some(18),
            user_has_enabled_marketing_email: None,
            user_has_enabled_marketing_push: Some(false),
            user_is_unemployed: false,
            user_is_in_education: true,
            user_region_name: "Bretagne".into(),
            user_academy_name: "Rennes".into(),
            user_humanized_id: text("AE"),
            user_subscribed_themes: None,
            is_theme_subscribed: false,
            first_deposit_creation_date: Some(paris("2025-03-01 10:00:00")),
            first_deposit_type: text("GRANT_15_17"),
            total_deposit_amount: eur(23000),
            current_deposit_type: text("GRANT_17_18"),
            user_first_deposit_reform_category: text("15_17_pre_reform"),
            user_current_deposit_reform_category: text("18_post_reform"),
            first_individual_booking_date: d("2025-03-07"),
            total_non_cancelled_individual_bookings: 9,
            total_non_cancelled_duo_bookings: 2,
            total_free_bookings: 4,
            total_actual_amount_spent: eur(3000),
            total_theoretical_amount_spent: eur(6100),
            total_theoretical_digital_goods_amount_spent: eur(700),
            total_theoretical_physical_goods_amount_spent: eur(2550),
            total_theoretical_outings_amount_spent: eur(1200),
            total_last_deposit_digital_goods_amount_spent: eur(400),
            total_last_deposit_theoretical_amount_spent: eur(4100),
            total_deposit_actual_amount_spent: eur(2000),
            total_diversity_score: Some(95),
            last_deposit_amount: eur(15000),
            total_theoretical_remaining_credit: eur(10900),
            user_creation_date: paris("2024-12-31 23:30:00"),
            last_booking_date: d("2026-01-05"),
            days_between_activation_date_and_first_booking_date: Some(6),
            days_between_activation_date_and_first_booking_paid: Some(6),
            user_activation_date: Some(paris("2025-03-01 10:00:00")),
            user_age_at_first_deposit: Some(17),
            user_age_at_last_deposit: Some(18),
            first_booking_type: text("LIVRE_PAPIER"),
            first_paid_booking_type: text("SEANCE_CINE"),
            total_grant_18_subcategory_booked: Some(3),
            total_grant_15_17_subcategory_booked: Some(5),
            user_suspension_reason: None,
            first_deposit_amount: eur(8000),
            last_deposit_expiration_date: Some(DtUtc(pipeline::dt("2027-03-01 22:59:59"))),
            user_is_current_beneficiary: true,
            last_recredit_date: d("2026-02-28"),
            total_recredit: Some(1),
            total_recredit_amount: eur(1500),
            user_seniority: Some(636),
            first_paid_booking_date: d("2025-04-01"),
        };
        let self_suspended = U {
            user_id: "2".into(),
            user_department_code: "31".into(),
            user_department_name: "Haute-Garonne".into(),
            user_postal_code: "31000".into(),
            user_activity: text("Lycéen"),
            user_civility: text("M."),
            user_school_type: text("Collège"),
            user_is_active: None,
            user_age: Some(19),
            user_birth_date: d("2007-09-01"),
            user_age_at_creation: Some(17),
            user_has_enabled_marketing_email: Some(false),
            user_has_enabled_marketing_push: None,
            user_is_unemployed: false,
            user_is_in_education: true,
            user_region_name: "Occitanie".into(),
            user_academy_name: "Toulouse".into(),
            user_humanized_id: text("A9"),
            user_subscribed_themes: text("[]"),
            is_theme_subscribed: true,
            first_deposit_creation_date: Some(paris("2025-09-02 09:00:00")),
            first_deposit_type: text("GRANT_18"),
            total_deposit_amount: eur(30000),
            current_deposit_type: text("GRANT_18"),
            user_first_deposit_reform_category: text("18_experiment_phase"),
            user_current_deposit_reform_category: text("18_experiment_phase"),
            first_individual_booking_date: d("2025-09-10"),
            total_non_cancelled_individual_bookings: 7,
            total_non_cancelled_duo_bookings: 0,
            total_free_bookings: 3,
            total_actual_amount_spent: eur(5000),
            total_theoretical_amount_spent: eur(7500),
            total_theoretical_digital_goods_amount_spent: eur(900),
            total_theoretical_physical_goods_amount_spent: eur(3300),
            total_theoretical_outings_amount_spent: eur(2100),
            total_last_deposit_digital_goods_amount_spent: eur(900),
            total_last_deposit_theoretical_amount_spent: eur(7500),
            total_deposit_actual_amount_spent: eur(5000),
            total_diversity_score: Some(40),
            last_deposit_amount: eur(30000),
            total_theoretical_remaining_credit: eur(22500),
            user_creation_date: paris("2024-10-01 08:00:00"),
            last_booking_date: d("2026-10-05"),
            days_between_activation_date_and_first_booking_date: Some(8),
            days_between_activation_date_and_first_booking_paid: Some(8),
            user_activation_date: Some(paris("2025-09-02 09:00:00")),
            user_age_at_first_deposit: Some(18),
            user_age_at_last_deposit: Some(18),
            first_booking_type: text("CONCERT"),
            first_paid_booking_type: None,
            total_grant_18_subcategory_booked: Some(2),
            total_grant_15_17_subcategory_booked: None,
            user_suspension_reason: text("upon user request"),
            first_deposit_amount: eur(30000),
            last_deposit_expiration_date: Some(DtUtc(pipeline::dt("2027-09-02 21:59:59"))),
            user_is_current_beneficiary: false,
            last_recredit_date: None,
            total_recredit: None,
            total_recredit_amount: eur(0),
            user_seniority: Some(451),
            first_paid_booking_date: None,
        };
        let users = vec![student, self_suspended];
        let built = build(&ctx("2026-11-27"), Frame::from_rows(&users));
        let out = rows(built.clone());
        assert_eq!(out.len(), 2);
        for (o, user) in out.iter().zip(&users) {
            assert_eq!(o.user_id, user.user_id);
            assert_eq!(o.currently_subscribed_themes, user.user_subscribed_themes);
            assert_eq!(Some(o.first_deposit_creation_date), user.first_deposit_creation_date);
            assert_eq!(Some(o.total_theoretical_remaining_credit), user.total_theoretical_remaining_credit);
            assert_eq!(Some(o.user_seniority), user.user_seniority);
        }
        insta::assert_snapshot!(snapshot(built));
    }
}
