//! Grain: one row per beneficiary user; PK `user_id`.

use pipeline::prelude::*;

use super::int_global__deposit::IntGlobalDeposit as D;
use crate::applicative::int_applicative__action_history::IntApplicativeActionHistory as AH;
use crate::applicative::int_applicative__user::IntApplicativeUser as U;
use crate::geo::int_geo__user_location::IntGeoUserLocation as G;

/// Beneficiary users (role set) with geography, latest suspension reason and per-user
/// deposit aggregates; columns are those of `mrt_global__user_beneficiary` with
/// `user_subscribed_themes` unrenamed, plus `first_paid_booking_date`
/// (intermediate.md, int_global__user_beneficiary).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__user_beneficiary", layer = "intermediate", grain = "user_id", from = UserDepositAgg)]
#[check(name = "remaining_credit_is_last_amount_minus_last_spend", rule = remaining_credit_is_last_amount_minus_last_spend, cite = "I-12")]
#[check(name = "first_deposit_amount_at_most_last", rule = first_deposit_amount_at_most_last, cite = "I-12")]
#[check(name = "spent_within_theoretical", rule = spent_within_theoretical, cite = "I-2")]
#[check(name = "deposit_aggregates_null_iff_no_deposit", rule = deposit_aggregates_null_iff_no_deposit, cite = "R-int_global__user_beneficiary-3")]
#[check(name = "current_beneficiary_is_active_with_credit", rule = current_beneficiary_is_active_with_credit, cite = "R-int_global__user_beneficiary-11")]
pub struct IntGlobalUserBeneficiary {
    /// user id
    #[schema(from = U)]
    pub user_id: String,
    /// department code, `-1` = unknown (R-4)
    #[schema(computed)]
    pub user_department_code: String,
    /// department name, default `non localisé` (R-4)
    #[schema(computed)]
    pub user_department_name: String,
    /// app postal code, `-1` when unknown (R-4)
    #[schema(computed)]
    pub user_postal_code: String,
    /// activity label (R-int_applicative__user-3)
    #[schema(from = U)]
    pub user_activity: Option<String>,
    /// civility (R-int_applicative__user-4)
    #[schema(from = U)]
    pub user_civility: Option<String>,
    /// school type label
    #[schema(from = U)]
    pub user_school_type: Option<String>,
    /// false = suspended
    #[schema(from = U)]
    pub user_is_active: Option<bool>,
    /// age at `ds` (R-int_applicative__user-6)
    #[schema(from = U)]
    pub user_age: Option<i64>,
    /// birth date (R-int_applicative__user-5)
    #[schema(from = U)]
    pub user_birth_date: Option<NaiveDate>,
    /// age at account creation (R-int_applicative__user-7)
    #[schema(from = U)]
    pub user_age_at_creation: Option<i64>,
    /// marketing email opt-in
    #[schema(from = U)]
    pub user_has_enabled_marketing_email: Option<bool>,
    /// marketing push opt-in
    #[schema(from = U)]
    pub user_has_enabled_marketing_push: Option<bool>,
    /// activity is job seeker (R-5)
    #[schema(computed)]
    pub user_is_unemployed: bool,
    /// activity is pupil, student or apprentice (R-6)
    #[schema(computed)]
    pub user_is_in_education: bool,
    /// region name, default `non localisé` (R-4)
    #[schema(computed)]
    pub user_region_name: String,
    /// academy name, default `non localisé` (R-4)
    #[schema(computed)]
    pub user_academy_name: String,
    /// `humanize_id(user_id)` (R-int_applicative__user-2)
    #[schema(from = U)]
    pub user_humanized_id: Option<String>,
    /// JSON array text (R-13)
    #[schema(from = U)]
    pub user_subscribed_themes: Option<String>,
    /// the theme preference was set (R-int_applicative__user-8)
    #[schema(from = U)]
    pub is_theme_subscribed: bool,
    /// MIN deposit creation (R-2); NULL without deposit (R-3)
    pub first_deposit_creation_date: Option<DtParis>,
    /// type of the `deposit_rank_asc = 1` deposit (R-2); NULL without deposit (R-3)
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "R-int_global__user_beneficiary-2")]
    pub first_deposit_type: Option<String>,
    /// SUM of deposit amounts (R-2); NULL without deposit (R-3)
    pub total_deposit_amount: Option<Dec2>,
    /// type of the `deposit_rank_desc = 1` deposit (R-2); NULL without deposit (R-3)
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "R-int_global__user_beneficiary-2")]
    pub current_deposit_type: Option<String>,
    /// reform category of the `deposit_rank_asc = 1` deposit (R-2)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub user_first_deposit_reform_category: Option<String>,
    /// reform category of the `deposit_rank_desc = 1` deposit (R-2)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub user_current_deposit_reform_category: Option<String>,
    /// first non-cancelled surviving booking (R-2)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// SUM over deposits, 0 without deposit (R-2, R-3)
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over deposits, 0 without deposit (R-2, R-3)
    #[schema(computed)]
    pub total_non_cancelled_duo_bookings: i64,
    /// amount 0, cancelled included; 0 without deposit (R-2, R-3)
    #[schema(computed)]
    pub total_free_bookings: i64,
    /// spend of used bookings (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_actual_amount_spent: Option<Dec2>,
    /// spend of non-cancelled bookings (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_amount_spent: Option<Dec2>,
    /// digital goods spend (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_digital_goods_amount_spent: Option<Dec2>,
    /// physical goods spend (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_physical_goods_amount_spent: Option<Dec2>,
    /// outings spend (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_outings_amount_spent: Option<Dec2>,
    /// digital spend of the latest deposit (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_last_deposit_digital_goods_amount_spent: Option<Dec2>,
    /// theoretical spend of the latest deposit (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_last_deposit_theoretical_amount_spent: Option<Dec2>,
    /// actual spend of the latest deposit (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "I-2")]
    pub total_deposit_actual_amount_spent: Option<Dec2>,
    /// SUM of diversity scores; NULL when no scored booking (R-2)
    #[check(min = 0, cite = "I-6")]
    pub total_diversity_score: Option<i64>,
    /// **MAX** deposit amount (R-2, K-1); NULL without deposit (R-3)
    pub last_deposit_amount: Option<Dec2>,
    /// `last_deposit_amount − total_last_deposit_theoretical_amount_spent`, may be negative (R-9); NULL without deposit (R-3)
    #[schema(computed)]
    pub total_theoretical_remaining_credit: Option<Dec2>,
    /// account creation
    #[schema(from = U)]
    pub user_creation_date: DtParis,
    /// last non-cancelled surviving booking (R-8)
    // R-8
    #[schema(from = UserDepositAgg::last_individual_booking_date)]
    pub last_booking_date: Option<NaiveDate>,
    /// days from first deposit to first booking (R-10)
    #[schema(computed)]
    pub days_between_activation_date_and_first_booking_date: Option<i64>,
    /// same value as `…_first_booking_date` (R-10, K-3)
    #[schema(computed)]
    pub days_between_activation_date_and_first_booking_paid: Option<i64>,
    /// = first deposit creation (R-2); NULL without deposit (R-3)
    #[schema(from = UserDepositAgg::first_deposit_creation_date)]
    pub user_activation_date: Option<DtParis>,
    /// MIN age at deposit (R-2)
    pub user_age_at_first_deposit: Option<i64>,
    /// MAX age at deposit (R-2)
    pub user_age_at_last_deposit: Option<i64>,
    /// subcategory of the first surviving booking (R-2)
    pub first_booking_type: Option<String>,
    /// subcategory of the first booking if its amount is 0 (R-2, K-2)
    pub first_paid_booking_type: Option<String>,
    /// distinct subcategories booked on `GRANT_18` deposits (R-2)
    pub total_grant_18_subcategory_booked: Option<i64>,
    /// distinct subcategories booked on `GRANT_15_17` deposits (R-2)
    pub total_grant_15_17_subcategory_booked: Option<i64>,
    /// reason of the latest suspension action (R-7)
    // R-7
    #[schema(from = AH::action_history_reason)]
    pub user_suspension_reason: Option<String>,
    /// **MIN** deposit amount (R-2, K-1); NULL without deposit (R-3)
    pub first_deposit_amount: Option<Dec2>,
    /// MAX deposit expiration, UTC wall-clock (R-2)
    pub last_deposit_expiration_date: Option<DtUtc>,
    /// latest deposit unexpired, not fully spent, user active (R-11)
    #[schema(computed)]
    pub user_is_current_beneficiary: bool,
    /// MAX recredit date (R-2)
    pub last_recredit_date: Option<NaiveDate>,
    /// SUM of recredit counts (R-2)
    pub total_recredit: Option<i64>,
    /// SUM of recredit amounts (R-2); NULL without deposit (R-3)
    #[check(min = 0, cite = "R-int_applicative__deposit-1")]
    pub total_recredit_amount: Option<Dec2>,
    /// days from first deposit to `ds` (R-12); NULL without deposit (R-3)
    #[schema(computed)]
    pub user_seniority: Option<i64>,
    /// MIN over deposits of the first free-booking date (R-2, K-2)
    pub first_paid_booking_date: Option<NaiveDate>,
}

/// Per-user deposit aggregate dgu (R-2).
#[derive(Schema)]
#[schema(from = D)]
pub struct UserDepositAgg {
    pub user_id: Option<String>,
    #[schema(computed)]
    pub user_age_at_first_deposit: Option<i64>,
    #[schema(computed)]
    pub user_age_at_last_deposit: Option<i64>,
    #[schema(computed)]
    pub first_deposit_creation_date: Option<DtParis>,
    #[schema(computed)]
    pub first_deposit_amount: Option<Dec2>,
    #[schema(computed)]
    pub last_deposit_amount: Option<Dec2>,
    #[schema(computed)]
    pub last_deposit_expiration_date: Option<DtUtc>,
    #[schema(computed)]
    pub total_deposit_amount: Option<Dec2>,
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_non_cancelled_duo_bookings: Option<i64>,
    #[schema(computed)]
    pub total_free_bookings: Option<i64>,
    #[schema(computed)]
    pub total_actual_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_physical_goods_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_digital_goods_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_outings_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_diversity_score: Option<i64>,
    #[schema(computed)]
    pub total_recredit: Option<i64>,
    #[schema(computed)]
    pub total_recredit_amount: Option<Dec2>,
    #[schema(computed)]
    pub first_individual_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub last_individual_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub total_grant_18_subcategory_booked: Option<i64>,
    #[schema(computed)]
    pub total_grant_15_17_subcategory_booked: Option<i64>,
    #[schema(computed)]
    pub first_booking_type: Option<String>,
    #[schema(computed)]
    pub first_paid_booking_type: Option<String>,
    #[schema(computed)]
    pub first_paid_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub total_deposit_actual_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_last_deposit_digital_goods_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_last_deposit_theoretical_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub last_recredit_date: Option<NaiveDate>,
    #[schema(computed)]
    pub first_deposit_type: Option<String>,
    #[schema(computed)]
    pub current_deposit_type: Option<String>,
    #[schema(computed)]
    pub user_first_deposit_reform_category: Option<String>,
    #[schema(computed)]
    pub user_current_deposit_reform_category: Option<String>,
}

/// R-1: the beneficiary roles.
pub const BENEFICIARY_ROLES: [&str; 3] = ["BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY"];
/// R-6: activities counted as "in education".
pub const EDUCATION_ACTIVITIES: [&str; 5] = ["Collégien", "Etudiant", "Lycéen", "Apprenti", "Alternant"];
/// R-4: default geography label.
pub const NOT_LOCATED: &str = "non localisé";

fn remaining_credit_is_last_amount_minus_last_spend(f: &Frame<IntGlobalUserBeneficiary>) -> Expr {
    type A = IntGlobalUserBeneficiary;
    remaining_credit_consistent(
        f.c(A::total_theoretical_remaining_credit),
        f.c(A::last_deposit_amount),
        f.c(A::total_last_deposit_theoretical_amount_spent),
    )
}

/// I-12 (R-9): `total_theoretical_remaining_credit = last_deposit_amount −
/// total_last_deposit_theoretical_amount_spent`, NULL when either is; decided.
pub fn remaining_credit_consistent(remaining: Expr, last_amount: Expr, last_spend: Expr) -> Expr {
    same(remaining, to_dec2(last_amount - last_spend))
}

/// I-12 (K-1): the MIN deposit amount is at most the MAX one.
fn first_deposit_amount_at_most_last(f: &Frame<IntGlobalUserBeneficiary>) -> Expr {
    f.c(IntGlobalUserBeneficiary::first_deposit_amount).lt_eq(f.c(IntGlobalUserBeneficiary::last_deposit_amount))
}

/// I-2 summed over the user's deposits (I-3): actual spend at most theoretical spend.
fn spent_within_theoretical(f: &Frame<IntGlobalUserBeneficiary>) -> Expr {
    type A = IntGlobalUserBeneficiary;
    f.c(A::total_actual_amount_spent).lt_eq(f.c(A::total_theoretical_amount_spent))
}

/// R-2/R-3: a user has deposit aggregates iff it has deposits; without deposits the three
/// booking counts are 0. (`current_deposit_type` also needs the latest deposit, whose
/// uniqueness I-4 checks upstream; a unit test feeds a user without one on purpose.)
fn deposit_aggregates_null_iff_no_deposit(f: &Frame<IntGlobalUserBeneficiary>) -> Expr {
    type A = IntGlobalUserBeneficiary;
    let none = f.c(A::first_deposit_creation_date).is_null();
    let null_with = |c: Expr| c.is_null().eq(none.clone());
    let zero = |c: Expr| c.eq(lit(0i64));
    null_with(f.c(A::first_deposit_type))
        .and(null_with(f.c(A::total_deposit_amount)))
        .and(null_with(f.c(A::first_deposit_amount)))
        .and(null_with(f.c(A::last_deposit_amount)))
        .and(null_with(f.c(A::user_activation_date)))
        .and(implies(
            none.clone(),
            zero(f.c(A::total_non_cancelled_individual_bookings))
                .and(zero(f.c(A::total_free_bookings)))
                .and(zero(f.c(A::total_non_cancelled_duo_bookings))),
        ))
}

/// The parts of R-11 that do not depend on `as_of`: a current beneficiary is active, has an
/// expiry and has not spent its latest deposit's amount.
fn current_beneficiary_is_active_with_credit(f: &Frame<IntGlobalUserBeneficiary>) -> Expr {
    type A = IntGlobalUserBeneficiary;
    let spent = f.c(A::total_deposit_actual_amount_spent).fill_null(lit_dec2(0));
    implies(
        f.c(A::user_is_current_beneficiary),
        f.c(A::user_is_active)
            .eq(lit(true))
            .and(f.c(A::last_deposit_expiration_date).is_not_null())
            .and(spent.lt(f.c(A::last_deposit_amount))),
    )
}

pub fn build(
    ctx: &RunContext,
    users: Frame<U>,
    actions: Frame<AH>,
    locations: Frame<G>,
    deposits: Frame<D>,
) -> Frame<IntGlobalUserBeneficiary> {
    type A = UserDepositAgg;
    let d = &deposits;
    let first = d.c(D::deposit_rank_asc).eq(lit(1i64));
    let last = d.c(D::deposit_rank_desc).eq(lit(1i64));
    let kind = d.c(D::deposit_type);
    // R-2 (K-1: first/last deposit amounts are MIN/MAX; K-10: GRANT_18 exactly).
    let dgu = UserDepositAgg::aggregate(
        deposits.clone(),
        UserDepositAggComputed {
            user_age_at_first_deposit: d.c(D::user_age_at_deposit).min(),
            user_age_at_last_deposit: d.c(D::user_age_at_deposit).max(),
            first_deposit_creation_date: d.c(D::deposit_creation_date).min(),
            first_deposit_amount: d.c(D::deposit_amount).min(),
            last_deposit_amount: d.c(D::deposit_amount).max(),
            last_deposit_expiration_date: d.c(D::deposit_expiration_date).max(),
            total_deposit_amount: sum_dec2(d.c(D::deposit_amount)),
            total_non_cancelled_individual_bookings: sum_i64(d.c(D::total_non_cancelled_individual_bookings)),
            total_non_cancelled_duo_bookings: sum_i64(d.c(D::total_non_cancelled_duo_bookings)),
            total_free_bookings: sum_i64(d.c(D::total_free_bookings)),
            total_actual_amount_spent: sum_dec2(d.c(D::total_actual_amount_spent)),
            total_theoretical_amount_spent: sum_dec2(d.c(D::total_theoretical_amount_spent)),
            total_theoretical_physical_goods_amount_spent: sum_dec2(
                d.c(D::total_theoretical_physical_goods_amount_spent),
            ),
            total_theoretical_digital_goods_amount_spent: sum_dec2(
                d.c(D::total_theoretical_digital_goods_amount_spent),
            ),
            total_theoretical_outings_amount_spent: sum_dec2(d.c(D::total_theoretical_outings_amount_spent)),
            total_diversity_score: sum_i64(d.c(D::total_diversity_score)),
            total_recredit: sum_i64(d.c(D::total_recredit)),
            total_recredit_amount: sum_dec2(d.c(D::total_recredit_amount)),
            first_individual_booking_date: d.c(D::first_individual_booking_date).min(),
            last_individual_booking_date: d.c(D::last_individual_booking_date).max(),
            total_grant_18_subcategory_booked: sum_i64_where(
                d.c(D::total_subcategory_booked),
                kind.clone().eq(lit("GRANT_18")),
            ),
            total_grant_15_17_subcategory_booked: sum_i64_where(
                d.c(D::total_subcategory_booked),
                kind.clone().eq(lit("GRANT_15_17")),
            ),
            first_booking_type: d.c(D::first_booking_type).max(),
            first_paid_booking_type: d.c(D::first_paid_booking_type).max(),
            first_paid_booking_date: d.c(D::first_paid_booking_date).min(),
            total_deposit_actual_amount_spent: sum_dec2_where(d.c(D::total_actual_amount_spent), last.clone()),
            total_last_deposit_digital_goods_amount_spent: sum_dec2_where(
                d.c(D::total_theoretical_amount_spent_in_digital_goods),
                last.clone(),
            ),
            total_last_deposit_theoretical_amount_spent: sum_dec2_where(
                d.c(D::total_theoretical_amount_spent),
                last.clone(),
            ),
            last_recredit_date: d.c(D::last_recredit_date).max(),
            first_deposit_type: max_where(kind.clone(), first.clone()),
            current_deposit_type: max_where(kind, last.clone()),
            user_first_deposit_reform_category: max_where(d.c(D::deposit_reform_category), first),
            user_current_deposit_reform_category: max_where(d.c(D::deposit_reform_category), last),
        },
    );
    // R-1 (a NULL role drops the row).
    let kept = users.clone().filter(is_in_strs(users.c(U::user_role), &BENEFICIARY_ROLES));
    // The latest suspension-related action (R-int_applicative__action_history-4).
    let latest = actions.clone().filter(actions.c(AH::action_history_rk).eq(lit(1i64)));
    let on_action = on(U::user_id, AH::user_id);
    let j = kept.left_join(latest, on_action);
    let on_location = on(U::user_id, G::user_id);
    let j = j.left_join(locations, on_location);
    let on_dgu = on(U::user_id, A::user_id);
    let j = j.left_join(dgu, on_dgu);

    let activity = j.c(U::user_activity);
    let not_located = |e: Expr| e.fill_null(lit(NOT_LOCATED));
    // R-11: the expiry (naive UTC wall-clock) read as a UTC instant against as_of (naive UTC).
    let current = j
        .c(A::last_deposit_expiration_date)
        .gt_eq(ctx.as_of())
        .and(j.c(A::total_deposit_actual_amount_spent).fill_null(lit_dec2(0)).lt(j.c(A::last_deposit_amount)))
        .and(j.c(U::user_is_active))
        .fill_null(lit(false));
    // R-10 (K-3): both columns are the same expression.
    let days_to_first_booking =
        || days_between(j.c(A::first_deposit_creation_date), j.c(A::first_individual_booking_date));
    IntGlobalUserBeneficiary::project(
        j.clone(),
        IntGlobalUserBeneficiaryComputed {
            // R-4
            user_department_code: j.c(G::user_department_code).fill_null(lit("-1")),
            user_department_name: not_located(j.c(G::user_department_name)),
            user_postal_code: j.c(G::user_postal_code).fill_null(lit("-1")),
            // R-5, R-6
            user_is_unemployed: activity.clone().eq(lit("Chômeur, En recherche d'emploi")).fill_null(lit(false)),
            user_is_in_education: is_in_strs(activity, &EDUCATION_ACTIVITIES).fill_null(lit(false)),
            user_region_name: not_located(j.c(G::user_region_name)),
            user_academy_name: not_located(j.c(G::user_academy_name)),
            // R-3: the three counts are 0 without deposit.
            total_non_cancelled_individual_bookings: j
                .c(A::total_non_cancelled_individual_bookings)
                .fill_null(lit(0i64)),
            total_non_cancelled_duo_bookings: j.c(A::total_non_cancelled_duo_bookings).fill_null(lit(0i64)),
            total_free_bookings: j.c(A::total_free_bookings).fill_null(lit(0i64)),
            // R-9: may be negative; NULL if either side is NULL.
            total_theoretical_remaining_credit: to_dec2(
                j.c(A::last_deposit_amount) - j.c(A::total_last_deposit_theoretical_amount_spent),
            ),
            days_between_activation_date_and_first_booking_date: days_to_first_booking(),
            days_between_activation_date_and_first_booking_paid: days_to_first_booking(),
            user_is_current_beneficiary: current,
            // R-12 (K-4): from the first deposit, not the account creation.
            user_seniority: days_between(j.c(A::first_deposit_creation_date), ctx.ds()),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot_cols};

    fn user(id: &str, role: Option<&str>, activity: Option<&str>) -> U {
        U {
            user_id: id.into(),
            user_role: role.map(Into::into),
            user_activity: activity.map(Into::into),
            user_is_active: Some(true),
            user_humanized_id: Some(format!("H{id}")),
            user_subscribed_themes: Some(r#"["CINEMA"]"#.into()),
            is_theme_subscribed: true,
            user_creation_date: DtParis(pipeline::dt("2022-06-01 12:00:00")),
            ..Default::default()
        }
    }

    fn action(id: &str, user: &str, rk: i64, reason: Option<&str>) -> AH {
        AH {
            action_history_id: id.into(),
            action_type: "USER_SUSPENDED".into(),
            user_id: Some(user.into()),
            action_history_reason: reason.map(Into::into),
            action_history_rk: rk,
            ..Default::default()
        }
    }

    fn location(user: &str, postal: Option<&str>, dept: &str, name: &str) -> G {
        G {
            user_id: user.into(),
            user_postal_code: postal.map(Into::into),
            user_department_code: dept.into(),
            user_department_name: name.into(),
            user_region_name: format!("region of {dept}"),
            user_academy_name: format!("academy of {dept}"),
        }
    }

    fn deposit(id: &str, user: &str, kind: &str, euros: i128, created: &str, asc: i64, desc: i64) -> D {
        D {
            deposit_id: id.into(),
            user_id: Some(user.into()),
            deposit_type: kind.into(),
            deposit_amount: Dec2(euros * 100),
            deposit_creation_date: DtParis(pipeline::dt(created)),
            deposit_rank_asc: asc,
            deposit_rank_desc: desc,
            ..Default::default()
        }
    }

    fn eur(e: i128) -> Dec2 {
        Dec2(e * 100)
    }

    fn run(
        c: &RunContext,
        users: &[U],
        actions: &[AH],
        locations: &[G],
        deposits: &[D],
    ) -> Frame<IntGlobalUserBeneficiary> {
        build(
            c,
            Frame::from_rows(users),
            Frame::from_rows(actions),
            Frame::from_rows(locations),
            Frame::from_rows(deposits),
        )
    }

    /// R-int_global__user_beneficiary-1 (only the three beneficiary roles; NULL role dropped),
    /// R-3 (users without deposits: the three counts 0, every other dgu column NULL, seniority
    /// NULL, not current), R-4 (geography from the location; '-1' / 'non localisé' when the user
    /// has no location row; NULL postal code → '-1'), R-5 / R-6 (booleans coalesced: a NULL
    /// activity gives false, not NULL — the naive comparison would give NULL), R-7 (reason of
    /// the rk = 1 action only), R-13 (user columns copied, themes unrenamed).
    ///
    /// Rules: R-int_global__user_beneficiary-1, R-int_global__user_beneficiary-3, R-int_global__user_beneficiary-4,
    /// R-int_global__user_beneficiary-5, R-int_global__user_beneficiary-6, R-int_global__user_beneficiary-7,
    /// R-int_global__user_beneficiary-13.
    #[test]
    fn r_int_global__user_beneficiary_1_3_4_5_6_7_13_users() {
        let users = vec![
            user("ub1", Some("BENEFICIARY"), Some("Chômeur, En recherche d'emploi")),
            user("ub2", Some("UNDERAGE_BENEFICIARY"), Some("Lycéen")),
            user("ub3", Some("FREE_BENEFICIARY"), None),
            user("ub4", None, Some("Etudiant")),
            user("ub5", Some("PRO"), Some("Etudiant")),
            user("ub6", Some("BENEFICIARY"), Some("Apprenti")),
        ];
        let actions = vec![
            action("10", "ub1", 1, Some("fraud")),
            action("9", "ub1", 2, Some("upon user request")),
            action("11", "ub2", 2, Some("old reason")),
        ];
        let locations = vec![
            location("ub1", Some("75011"), "75", "Paris"),
            location("ub6", None, "-1", "non localisé"),
            location("ub3", Some("2A000"), "2A", "Corse-du-Sud"),
        ];
        insta::assert_snapshot!(snapshot_cols(
            run(&ctx("2026-11-27"), &users, &actions, &locations, &[]),
            &[
                "user_department_code",
                "user_department_name",
                "user_postal_code",
                "user_region_name",
                "user_academy_name",
                "user_activity",
                "user_is_unemployed",
                "user_is_in_education",
                "user_suspension_reason",
                "user_humanized_id",
                "user_subscribed_themes",
                "total_non_cancelled_individual_bookings",
                "total_non_cancelled_duo_bookings",
                "total_free_bookings",
                "total_actual_amount_spent",
                "total_deposit_amount",
                "current_deposit_type",
                "total_recredit_amount",
                "last_deposit_amount",
                "total_theoretical_remaining_credit",
                "user_is_current_beneficiary",
                "user_seniority"
            ]
        ));
    }

    /// R-int_global__user_beneficiary-2 (dgu: MIN/MAX deposit amounts, K-1 — the latest deposit
    /// is 150 but last_deposit_amount is 500, the MAX; sums; "last deposit" spends where
    /// deposit_rank_desc = 1; types and reform categories by rank; GRANT_18 exactly — the
    /// GRANT_17_18 deposit is not counted, K-10; first/last booking dates; MAX recredit date),
    /// R-8 (last_booking_date), R-9 (remaining credit 500 − 520 = −20: negative is kept),
    /// R-10 (both days_between columns are the same: 2023-01-10 → 2023-02-01 = 22, K-3),
    /// R-12 (seniority from the first deposit 2023-01-10 to ds 2026-11-27 = 1417 days, not from
    /// the 2022-06-01 account creation, K-4). A deposit with a NULL owner is counted for nobody.
    ///
    /// Rules: R-int_global__user_beneficiary-2, R-int_global__user_beneficiary-8, R-int_global__user_beneficiary-9,
    /// R-int_global__user_beneficiary-10, R-int_global__user_beneficiary-12.
    #[test]
    fn r_int_global__user_beneficiary_2_8_9_10_12_aggregate() {
        let d1 = D {
            user_age_at_deposit: Some(16),
            deposit_expiration_date: Some(DtUtc(pipeline::dt("2025-01-01 00:00:00"))),
            deposit_reform_category: Some("15_17_pre_reform".into()),
            total_subcategory_booked: 2,
            total_actual_amount_spent: eur(20),
            total_theoretical_amount_spent: eur(30),
            total_theoretical_amount_spent_in_digital_goods: eur(5),
            total_theoretical_digital_goods_amount_spent: eur(5),
            total_theoretical_physical_goods_amount_spent: eur(10),
            total_theoretical_outings_amount_spent: eur(15),
            total_non_cancelled_individual_bookings: 5,
            total_non_cancelled_duo_bookings: 1,
            total_free_bookings: 4,
            first_individual_booking_date: Some(pipeline::date("2023-02-01")),
            last_individual_booking_date: Some(pipeline::date("2023-06-01")),
            first_paid_booking_date: Some(pipeline::date("2023-03-01")),
            total_diversity_score: Some(100),
            first_booking_type: Some("LIVRE_PAPIER".into()),
            total_recredit: Some(5),
            total_recredit_amount: eur(50),
            last_recredit_date: Some(pipeline::date("2024-01-10")),
            ..deposit("d1", "u1", "GRANT_15_17", 80, "2023-01-10 09:00:00", 1, 3)
        };
        let d2 = D {
            user_age_at_deposit: Some(18),
            deposit_expiration_date: Some(DtUtc(pipeline::dt("2027-01-15 00:00:00"))),
            deposit_reform_category: Some("18_experiment_phase".into()),
            total_subcategory_booked: 3,
            total_actual_amount_spent: eur(40),
            total_theoretical_amount_spent: eur(60),
            total_non_cancelled_individual_bookings: 4,
            first_individual_booking_date: Some(pipeline::date("2025-02-01")),
            last_individual_booking_date: Some(pipeline::date("2025-12-24")),
            ..deposit("d2", "u1", "GRANT_18", 500, "2025-01-15 09:00:00", 2, 2)
        };
        let d3 = D {
            user_age_at_deposit: Some(19),
            deposit_expiration_date: Some(DtUtc(pipeline::dt("2028-02-01 00:00:00"))),
            deposit_reform_category: Some("18_post_reform".into()),
            total_subcategory_booked: 4,
            total_actual_amount_spent: eur(100),
            total_theoretical_amount_spent: eur(520),
            // The two digital columns have the same definition (K-5).
            total_theoretical_amount_spent_in_digital_goods: eur(30),
            total_theoretical_digital_goods_amount_spent: eur(30),
            total_non_cancelled_individual_bookings: 2,
            first_individual_booking_date: Some(pipeline::date("2026-02-02")),
            last_individual_booking_date: Some(pipeline::date("2026-03-03")),
            first_paid_booking_type: Some("CINE".into()),
            first_paid_booking_date: Some(pipeline::date("2026-02-02")),
            total_diversity_score: None,
            ..deposit("d3", "u1", "GRANT_17_18", 150, "2026-02-01 09:00:00", 3, 1)
        };
        let orphan = D { user_id: None, ..deposit("d9", "ghost", "GRANT_18", 300, "2020-01-01 00:00:00", 1, 1) };
        let out =
            rows(run(&ctx("2026-11-27"), &[user("u1", Some("BENEFICIARY"), None)], &[], &[], &[d1, d2, d3, orphan]));
        assert_eq!(out.len(), 1);
        let r = &out[0];
        assert_eq!(r.user_age_at_first_deposit, Some(16));
        assert_eq!(r.user_age_at_last_deposit, Some(19));
        assert_eq!(r.first_deposit_creation_date, Some(DtParis(pipeline::dt("2023-01-10 09:00:00"))));
        assert_eq!(r.user_activation_date, r.first_deposit_creation_date);
        assert_eq!((r.first_deposit_amount, r.last_deposit_amount), (Some(eur(80)), Some(eur(500))));
        assert_eq!(r.last_deposit_expiration_date, Some(DtUtc(pipeline::dt("2028-02-01 00:00:00"))));
        assert_eq!(r.total_deposit_amount, Some(eur(730)));
        assert_eq!(
            (r.total_non_cancelled_individual_bookings, r.total_non_cancelled_duo_bookings, r.total_free_bookings),
            (11, 1, 4)
        );
        assert_eq!(r.total_actual_amount_spent, Some(eur(160)));
        assert_eq!(r.total_theoretical_amount_spent, Some(eur(610)));
        assert_eq!(r.total_theoretical_physical_goods_amount_spent, Some(eur(10)));
        assert_eq!(r.total_theoretical_digital_goods_amount_spent, Some(eur(35)));
        assert_eq!(r.total_theoretical_outings_amount_spent, Some(eur(15)));
        assert_eq!(r.total_diversity_score, Some(100));
        assert_eq!((r.total_recredit, r.total_recredit_amount), (Some(5), Some(eur(50))));
        assert_eq!(r.last_recredit_date, Some(pipeline::date("2024-01-10")));
        assert_eq!(r.first_individual_booking_date, Some(pipeline::date("2023-02-01")));
        assert_eq!(r.last_booking_date, Some(pipeline::date("2026-03-03")));
        assert_eq!((r.total_grant_18_subcategory_booked, r.total_grant_15_17_subcategory_booked), (Some(3), Some(2)));
        assert_eq!(r.first_booking_type.as_deref(), Some("LIVRE_PAPIER"));
        assert_eq!(r.first_paid_booking_type.as_deref(), Some("CINE"));
        assert_eq!(r.first_paid_booking_date, Some(pipeline::date("2023-03-01")));
        assert_eq!(r.total_deposit_actual_amount_spent, Some(eur(100)));
        assert_eq!(r.total_last_deposit_digital_goods_amount_spent, Some(eur(30)));
        assert_eq!(r.total_last_deposit_theoretical_amount_spent, Some(eur(520)));
        assert_eq!(r.total_theoretical_remaining_credit, Some(eur(-20)));
        assert_eq!(
            (r.first_deposit_type.as_deref(), r.current_deposit_type.as_deref()),
            (Some("GRANT_15_17"), Some("GRANT_17_18"))
        );
        assert_eq!(
            (r.user_first_deposit_reform_category.as_deref(), r.user_current_deposit_reform_category.as_deref()),
            (Some("15_17_pre_reform"), Some("18_post_reform"))
        );
        assert_eq!(r.days_between_activation_date_and_first_booking_date, Some(22));
        assert_eq!(r.days_between_activation_date_and_first_booking_paid, Some(22));
        assert_eq!(r.user_seniority, Some(1417));
        assert!(r.user_is_current_beneficiary);
    }

    /// R-int_global__user_beneficiary-11 with as_of = ds 10:00:00 UTC: expiry exactly at as_of
    /// → true (`>=`); one µs before → false; 10:30 UTC wall-clock → true (a version reading the
    /// expiry as Paris time, or converting as_of to Paris 11:00, would give false); spend of the
    /// latest deposit NULL (no rank_desc = 1 row) coalesced to 0 → true (without the coalesce,
    /// NULL → false); fully spent → false; spend compared with the MAX amount (K-1: 200 spent on a
    /// latest deposit of 150, MAX 300 → true); NULL user_is_active or NULL expiry → false (never
    /// NULL); inactive → false.
    ///
    /// Rules: R-int_global__user_beneficiary-11.
    #[test]
    fn r_int_global__user_beneficiary_11_current_beneficiary() {
        let mut c = ctx("2026-11-27");
        c.as_of = pipeline::dt("2026-11-27 10:00:00");
        let exp = |s: &str| Some(DtUtc(pipeline::dt(s)));
        let dep = |id: &str, user: &str, euros: i128, spent: i128, expiry: Option<DtUtc>, desc: i64| D {
            deposit_expiration_date: expiry,
            total_actual_amount_spent: eur(spent),
            // Non-cancelled bookings not used yet: the theoretical spend exceeds the actual one
            // (I-2), so that reading it instead of the actual spend shows (c9 would turn false).
            total_theoretical_amount_spent: eur(spent + 100),
            ..deposit(id, user, "GRANT_18", euros, "2025-01-01 10:00:00", 1, desc)
        };
        let ids = ["c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"];
        let mut users: Vec<U> = ids.iter().map(|id| user(id, Some("BENEFICIARY"), None)).collect();
        users[4].user_is_active = None;
        users[6].user_is_active = Some(false);
        let deposits = vec![
            dep("d1", "c1", 300, 0, exp("2026-11-27 10:00:00"), 1),
            dep("d2", "c2", 300, 0, exp("2026-11-27 09:59:59.999999"), 1),
            dep("d3", "c3", 300, 300, exp("2027-01-01 00:00:00"), 2),
            dep("d4", "c4", 300, 300, exp("2027-01-01 00:00:00"), 1),
            dep("d5", "c5", 300, 0, exp("2027-01-01 00:00:00"), 1),
            dep("d6", "c6", 300, 0, None, 1),
            dep("d7", "c7", 300, 0, exp("2027-01-01 00:00:00"), 1),
            dep("d8", "c8", 300, 0, exp("2026-11-27 10:30:00"), 1),
            dep("d9a", "c9", 300, 0, exp("2025-01-01 00:00:00"), 2),
            dep("d9b", "c9", 150, 200, exp("2027-01-01 00:00:00"), 1),
        ];
        insta::assert_snapshot!(snapshot_cols(
            run(&c, &users, &[], &[], &deposits),
            &[
                "user_is_active",
                "last_deposit_expiration_date",
                "total_deposit_actual_amount_spent",
                "last_deposit_amount",
                "user_is_current_beneficiary"
            ]
        ));
    }

    /// R-int_global__user_beneficiary-13 (user columns copied, themes unrenamed), R-4 (geography)
    /// and R-7 (suspension reason): every such column keeps its source column, each filled with
    /// values no other column of its type has (two users, so that the boolean columns differ
    /// too). Without deposits the counts are 0 and the other deposit aggregates NULL (R-3).
    ///
    /// Rules: R-int_global__user_beneficiary-4, R-int_global__user_beneficiary-7,
    /// R-int_global__user_beneficiary-13.
    #[test]
    fn r_int_global__user_beneficiary_13_columns_pass_through_unswapped() {
        let users = vec![
            U {
                user_id: "1".into(),
                user_creation_date: DtParis(pipeline::dt("2025-03-04 10:00:00")),
                user_humanized_id: Some("AE".into()),
                user_has_enabled_marketing_email: None,
                user_activity: Some("Chômeur, En recherche d'emploi".into()),
                user_civility: Some("Mme.".into()),
                user_birth_date: Some(pipeline::date("2007-06-15")),
                user_age: Some(19),
                user_age_at_creation: Some(17),
                user_school_type: Some("Lycée agricole".into()),
                user_is_active: Some(true),
                user_role: Some("BENEFICIARY".into()),
                user_is_email_validated: Some(true),
                user_phone_validation_status: Some("validated".into()),
                user_has_validated_email: Some(true),
                user_has_enabled_marketing_push: Some(false),
                user_subscribed_themes: Some(r#"["CINEMA"]"#.into()),
                is_theme_subscribed: true,
            },
            U {
                user_id: "2".into(),
                user_creation_date: DtParis(pipeline::dt("2024-09-30 08:00:00")),
                user_humanized_id: Some("A9".into()),
                user_has_enabled_marketing_email: Some(false),
                user_activity: Some("Etudiant".into()),
                user_civility: Some("M.".into()),
                user_birth_date: Some(pipeline::date("2009-01-20")),
                user_age: Some(17),
                user_age_at_creation: Some(15),
                user_school_type: Some("Collège".into()),
                user_is_active: None,
                user_role: Some("UNDERAGE_BENEFICIARY".into()),
                user_is_email_validated: Some(false),
                user_phone_validation_status: Some("unvalidated".into()),
                user_has_validated_email: Some(false),
                user_has_enabled_marketing_push: None,
                user_subscribed_themes: Some("[]".into()),
                is_theme_subscribed: true,
            },
        ];
        let locations = vec![
            G {
                user_id: "1".into(),
                user_postal_code: Some("29200".into()),
                user_department_code: "29".into(),
                user_department_name: "Finistère".into(),
                user_region_name: "Bretagne".into(),
                user_academy_name: "Rennes".into(),
            },
            G {
                user_id: "2".into(),
                user_postal_code: Some("13001".into()),
                user_department_code: "13".into(),
                user_department_name: "Bouches-du-Rhône".into(),
                user_region_name: "Provence-Alpes-Côte d'Azur".into(),
                user_academy_name: "Aix-Marseille".into(),
            },
        ];
        let actions = vec![action("7", "1", 1, Some("fraud")), action("8", "2", 1, Some("upon user request"))];
        let pass = |u: &U, g: &G, a: &AH, unemployed: bool, in_education: bool| IntGlobalUserBeneficiary {
            user_id: u.user_id.clone(),
            user_department_code: g.user_department_code.clone(),
            user_department_name: g.user_department_name.clone(),
            user_postal_code: g.user_postal_code.clone().expect("postal code"),
            user_activity: u.user_activity.clone(),
            user_civility: u.user_civility.clone(),
            user_school_type: u.user_school_type.clone(),
            user_is_active: u.user_is_active,
            user_age: u.user_age,
            user_birth_date: u.user_birth_date,
            user_age_at_creation: u.user_age_at_creation,
            user_has_enabled_marketing_email: u.user_has_enabled_marketing_email,
            user_has_enabled_marketing_push: u.user_has_enabled_marketing_push,
            user_is_unemployed: unemployed,
            user_is_in_education: in_education,
            user_region_name: g.user_region_name.clone(),
            user_academy_name: g.user_academy_name.clone(),
            user_humanized_id: u.user_humanized_id.clone(),
            user_subscribed_themes: u.user_subscribed_themes.clone(),
            is_theme_subscribed: u.is_theme_subscribed,
            user_creation_date: u.user_creation_date,
            user_suspension_reason: a.action_history_reason.clone(),
            ..Default::default()
        };
        let out = rows(run(&ctx("2026-11-27"), &users, &actions, &locations, &[]));
        assert_eq!(
            out,
            vec![
                pass(&users[0], &locations[0], &actions[0], true, false),
                pass(&users[1], &locations[1], &actions[1], false, true),
            ]
        );
    }
}
