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
#[schema(model = "int_global__user_beneficiary", layer = "intermediate", grain = "user_id")]
pub struct IntGlobalUserBeneficiary {
    /// user id
    pub user_id: String,
    /// department code, `-1` = unknown
    pub user_department_code: String,
    /// department name, default `non localisé`
    pub user_department_name: String,
    /// app postal code, `-1` when unknown
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
    /// activity is job seeker
    pub user_is_unemployed: bool,
    /// activity is pupil, student or apprentice
    pub user_is_in_education: bool,
    /// region name, default `non localisé` (R-4)
    pub user_region_name: String,
    /// academy name, default `non localisé`
    pub user_academy_name: String,
    /// `humanize_id(user_id)` (R-int_applicative__user-2)
    pub user_humanized_id: Option<String>,
    /// JSON array text
    pub user_subscribed_themes: Option<String>,
    /// the theme preference was set (R-int_applicative__user-8)
    pub is_theme_subscribed: bool,
    /// MIN deposit creation; NULL without deposit
    pub first_deposit_creation_date: Option<DtParis>,
    /// type of the `deposit_rank_asc = 1` deposit; NULL without deposit
    pub first_deposit_type: Option<String>,
    /// SUM of deposit amounts; NULL without deposit
    pub total_deposit_amount: Option<Dec2>,
    /// type of the `deposit_rank_desc = 1` deposit; NULL without deposit
    pub current_deposit_type: Option<String>,
    /// reform category of the `deposit_rank_asc = 1` deposit
    pub user_first_deposit_reform_category: Option<String>,
    /// reform category of the `deposit_rank_desc = 1` deposit
    pub user_current_deposit_reform_category: Option<String>,
    /// first non-cancelled surviving booking
    pub first_individual_booking_date: Option<NaiveDate>,
    /// SUM over deposits, 0 without deposit
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over deposits, 0 without deposit
    pub total_non_cancelled_duo_bookings: i64,
    /// amount 0, cancelled included; 0 without deposit
    pub total_free_bookings: i64,
    /// spend of used bookings; NULL without deposit
    pub total_actual_amount_spent: Option<Dec2>,
    /// spend of non-cancelled bookings; NULL without deposit
    pub total_theoretical_amount_spent: Option<Dec2>,
    /// digital goods spend; NULL without deposit
    pub total_theoretical_digital_goods_amount_spent: Option<Dec2>,
    /// physical goods spend; NULL without deposit
    pub total_theoretical_physical_goods_amount_spent: Option<Dec2>,
    /// outings spend; NULL without deposit
    pub total_theoretical_outings_amount_spent: Option<Dec2>,
    /// digital spend of the latest deposit; NULL without deposit
    pub total_last_deposit_digital_goods_amount_spent: Option<Dec2>,
    /// theoretical spend of the latest deposit; NULL without deposit
    pub total_last_deposit_theoretical_amount_spent: Option<Dec2>,
    /// actual spend of the latest deposit; NULL without deposit
    pub total_deposit_actual_amount_spent: Option<Dec2>,
    /// SUM of diversity scores; NULL when no scored booking
    pub total_diversity_score: Option<i64>,
    /// **MAX** deposit amount (R-2, K-1); NULL without deposit
    pub last_deposit_amount: Option<Dec2>,
    /// `last_deposit_amount − total_last_deposit_theoretical_amount_spent`, may be negative; NULL without deposit
    pub total_theoretical_remaining_credit: Option<Dec2>,
    /// account creation
    pub user_creation_date: DtParis,
    /// last non-cancelled surviving booking
    pub last_booking_date: Option<NaiveDate>,
    /// days from first deposit to first booking
    pub days_between_activation_date_and_first_booking_date: Option<i64>,
    /// same value as `…_first_booking_date` (R-10, K-3)
    pub days_between_activation_date_and_first_booking_paid: Option<i64>,
    /// = first deposit creation; NULL without deposit
    pub user_activation_date: Option<DtParis>,
    /// MIN age at deposit
    pub user_age_at_first_deposit: Option<i64>,
    /// MAX age at deposit
    pub user_age_at_last_deposit: Option<i64>,
    /// subcategory of the first surviving booking
    pub first_booking_type: Option<String>,
    /// subcategory of the first booking if its amount is 0 (R-2, K-2)
    pub first_paid_booking_type: Option<String>,
    /// distinct subcategories booked on `GRANT_18` deposits
    pub total_grant_18_subcategory_booked: Option<i64>,
    /// distinct subcategories booked on `GRANT_15_17` deposits
    pub total_grant_15_17_subcategory_booked: Option<i64>,
    /// reason of the latest suspension action
    pub user_suspension_reason: Option<String>,
    /// **MIN** deposit amount (R-2, K-1); NULL without deposit
    pub first_deposit_amount: Option<Dec2>,
    /// MAX deposit expiration, UTC wall-clock
    pub last_deposit_expiration_date: Option<DtUtc>,
    /// latest deposit unexpired, not fully spent, user active
    pub user_is_current_beneficiary: bool,
    /// MAX recredit date
    pub last_recredit_date: Option<NaiveDate>,
    /// SUM of recredit counts
    pub total_recredit: Option<i64>,
    /// SUM of recredit amounts; NULL without deposit
    pub total_recredit_amount: Option<Dec2>,
    /// days from first deposit to `ds`; NULL without deposit
    pub user_seniority: Option<i64>,
    /// MIN over deposits of the first free-booking date (R-2, K-2)
    pub first_paid_booking_date: Option<NaiveDate>,
}

/// Per-user deposit aggregate dgu.
#[derive(Schema)]
pub struct UserDepositAgg {
    pub user_id: Option<String>,
    pub user_age_at_first_deposit: Option<i64>,
    pub user_age_at_last_deposit: Option<i64>,
    pub first_deposit_creation_date: Option<DtParis>,
    pub first_deposit_amount: Option<Dec2>,
    pub last_deposit_amount: Option<Dec2>,
    pub last_deposit_expiration_date: Option<DtUtc>,
    pub total_deposit_amount: Option<Dec2>,
    pub total_non_cancelled_individual_bookings: Option<i64>,
    pub total_non_cancelled_duo_bookings: Option<i64>,
    pub total_free_bookings: Option<i64>,
    pub total_actual_amount_spent: Option<Dec2>,
    pub total_theoretical_amount_spent: Option<Dec2>,
    pub total_theoretical_physical_goods_amount_spent: Option<Dec2>,
    pub total_theoretical_digital_goods_amount_spent: Option<Dec2>,
    pub total_theoretical_outings_amount_spent: Option<Dec2>,
    pub total_diversity_score: Option<i64>,
    pub total_recredit: Option<i64>,
    pub total_recredit_amount: Option<Dec2>,
    pub first_individual_booking_date: Option<NaiveDate>,
    pub last_individual_booking_date: Option<NaiveDate>,
    pub total_grant_18_subcategory_booked: Option<i64>,
    pub total_grant_15_17_subcategory_booked: Option<i64>,
    pub first_booking_type: Option<String>,
    pub first_paid_booking_type: Option<String>,
    pub first_paid_booking_date: Option<NaiveDate>,
    pub total_deposit_actual_amount_spent: Option<Dec2>,
    pub total_last_deposit_digital_goods_amount_spent: Option<Dec2>,
    pub total_last_deposit_theoretical_amount_spent: Option<Dec2>,
    pub last_recredit_date: Option<NaiveDate>,
    pub first_deposit_type: Option<String>,
    pub current_deposit_type: Option<String>,
    pub user_first_deposit_reform_category: Option<String>,
    pub user_current_deposit_reform_category: Option<String>,
}

/// the beneficiary roles.
pub const BENEFICIARY_ROLES: [&str; 3] = ["BENEFICIARY", "UNDERAGE_BENEFICIARY", "FREE_BENEFICIARY"];
/// activities counted as "in education".
pub const EDUCATION_ACTIVITIES: [&str; 5] = ["Collégien", "Etudiant", "Lycéen", "Apprenti", "Alternant"];
/// default geography label.
pub const NOT_LOCATED: &str = "non localisé";

pub fn build(
    ctx: &RunContext,
    users: Frame<U>,
    actions: Frame<AH>,
    locations: Frame<G>,
    deposits: Frame<D>,
) -> Frame<IntGlobalUserBeneficiary> {
    type O = IntGlobalUserBeneficiary;
    type A = UserDepositAgg;
    let d = &deposits;
    let first = d.c(D::deposit_rank_asc).eq(lit(1i64));
    let last = d.c(D::deposit_rank_desc).eq(lit(1i64));
    let kind = d.c(D::deposit_type);
    // R-2 (K-1: first/last deposit amounts are MIN/MAX; K-10: GRANT_18 exactly).
    let dgu = deposits.clone().group_by::<A>(
        vec![A::user_id.copy(d, D::user_id)],
        vec![
            A::user_age_at_first_deposit.set(d.c(D::user_age_at_deposit).min()),
            A::user_age_at_last_deposit.set(d.c(D::user_age_at_deposit).max()),
            A::first_deposit_creation_date.set(d.c(D::deposit_creation_date).min()),
            A::first_deposit_amount.set(d.c(D::deposit_amount).min()),
            A::last_deposit_amount.set(d.c(D::deposit_amount).max()),
            A::last_deposit_expiration_date.set(d.c(D::deposit_expiration_date).max()),
            A::total_deposit_amount.set(sum_dec2(d.c(D::deposit_amount))),
            A::total_non_cancelled_individual_bookings.set(sum_i64(d.c(D::total_non_cancelled_individual_bookings))),
            A::total_non_cancelled_duo_bookings.set(sum_i64(d.c(D::total_non_cancelled_duo_bookings))),
            A::total_free_bookings.set(sum_i64(d.c(D::total_free_bookings))),
            A::total_actual_amount_spent.set(sum_dec2(d.c(D::total_actual_amount_spent))),
            A::total_theoretical_amount_spent.set(sum_dec2(d.c(D::total_theoretical_amount_spent))),
            A::total_theoretical_physical_goods_amount_spent
                .set(sum_dec2(d.c(D::total_theoretical_physical_goods_amount_spent))),
            A::total_theoretical_digital_goods_amount_spent
                .set(sum_dec2(d.c(D::total_theoretical_digital_goods_amount_spent))),
            A::total_theoretical_outings_amount_spent.set(sum_dec2(d.c(D::total_theoretical_outings_amount_spent))),
            A::total_diversity_score.set(sum_i64(d.c(D::total_diversity_score))),
            A::total_recredit.set(sum_i64(d.c(D::total_recredit))),
            A::total_recredit_amount.set(sum_dec2(d.c(D::total_recredit_amount))),
            A::first_individual_booking_date.set(d.c(D::first_individual_booking_date).min()),
            A::last_individual_booking_date.set(d.c(D::last_individual_booking_date).max()),
            A::total_grant_18_subcategory_booked
                .set(sum_i64_where(d.c(D::total_subcategory_booked), kind.clone().eq(lit("GRANT_18")))),
            A::total_grant_15_17_subcategory_booked
                .set(sum_i64_where(d.c(D::total_subcategory_booked), kind.clone().eq(lit("GRANT_15_17")))),
            A::first_booking_type.set(d.c(D::first_booking_type).max()),
            A::first_paid_booking_type.set(d.c(D::first_paid_booking_type).max()),
            A::first_paid_booking_date.set(d.c(D::first_paid_booking_date).min()),
            A::total_deposit_actual_amount_spent.set(sum_dec2_where(d.c(D::total_actual_amount_spent), last.clone())),
            A::total_last_deposit_digital_goods_amount_spent
                .set(sum_dec2_where(d.c(D::total_theoretical_amount_spent_in_digital_goods), last.clone())),
            A::total_last_deposit_theoretical_amount_spent
                .set(sum_dec2_where(d.c(D::total_theoretical_amount_spent), last.clone())),
            A::last_recredit_date.set(d.c(D::last_recredit_date).max()),
            A::first_deposit_type.set(max_where(kind.clone(), first.clone())),
            A::current_deposit_type.set(max_where(kind, last.clone())),
            A::user_first_deposit_reform_category.set(max_where(d.c(D::deposit_reform_category), first)),
            A::user_current_deposit_reform_category.set(max_where(d.c(D::deposit_reform_category), last)),
        ],
    );
    // R-1 (a NULL role drops the row).
    let kept = users.clone().filter(is_in_strs(users.c(U::user_role), &BENEFICIARY_ROLES));
    // The latest suspension-related action (R-int_applicative__action_history-4).
    let latest = actions.clone().filter(actions.c(AH::action_history_rk).eq(lit(1i64)));
    let on_action = vec![(kept.c(U::user_id), latest.c(AH::user_id))];
    let j = kept.left_join(latest, on_action);
    let on_location = vec![(j.c(U::user_id), locations.c(G::user_id))];
    let j = j.left_join(locations, on_location);
    let on_dgu = vec![(j.c(U::user_id), dgu.c(A::user_id))];
    let j = j.left_join(dgu, on_dgu);

    let activity = j.c(U::user_activity);
    let not_located = |e: Expr| e.fill_null(lit(NOT_LOCATED));
    // the expiry (naive UTC wall-clock) read as a UTC instant against as_of (naive UTC).
    let current = j
        .c(A::last_deposit_expiration_date)
        .gt_eq(ctx.as_of())
        .and(j.c(A::total_deposit_actual_amount_spent).fill_null(lit_dec2(0)).lt(j.c(A::last_deposit_amount)))
        .and(j.c(U::user_is_active))
        .fill_null(lit(false));
    // R-10 (K-3): both columns are the same expression.
    let days_to_first_booking =
        || days_between(j.c(A::first_deposit_creation_date), j.c(A::first_individual_booking_date));
    j.clone().project(vec![
        O::user_id.copy(&j, U::user_id),
        //
        O::user_department_code.set(j.c(G::user_department_code).fill_null(lit("-1"))),
        O::user_department_name.set(not_located(j.c(G::user_department_name))),
        O::user_postal_code.set(j.c(G::user_postal_code).fill_null(lit("-1"))),
        O::user_activity.copy(&j, U::user_activity),
        O::user_civility.copy(&j, U::user_civility),
        O::user_school_type.copy(&j, U::user_school_type),
        O::user_is_active.copy(&j, U::user_is_active),
        O::user_age.copy(&j, U::user_age),
        O::user_birth_date.copy(&j, U::user_birth_date),
        O::user_age_at_creation.copy(&j, U::user_age_at_creation),
        O::user_has_enabled_marketing_email.copy(&j, U::user_has_enabled_marketing_email),
        O::user_has_enabled_marketing_push.copy(&j, U::user_has_enabled_marketing_push),
        //
        O::user_is_unemployed.set(activity.clone().eq(lit("Chômeur, En recherche d'emploi")).fill_null(lit(false))),
        O::user_is_in_education.set(is_in_strs(activity, &EDUCATION_ACTIVITIES).fill_null(lit(false))),
        O::user_region_name.set(not_located(j.c(G::user_region_name))),
        O::user_academy_name.set(not_located(j.c(G::user_academy_name))),
        O::user_humanized_id.copy(&j, U::user_humanized_id),
        O::user_subscribed_themes.copy(&j, U::user_subscribed_themes),
        O::is_theme_subscribed.copy(&j, U::is_theme_subscribed),
        O::first_deposit_creation_date.copy(&j, A::first_deposit_creation_date),
        O::first_deposit_type.copy(&j, A::first_deposit_type),
        O::total_deposit_amount.copy(&j, A::total_deposit_amount),
        O::current_deposit_type.copy(&j, A::current_deposit_type),
        O::user_first_deposit_reform_category.copy(&j, A::user_first_deposit_reform_category),
        O::user_current_deposit_reform_category.copy(&j, A::user_current_deposit_reform_category),
        O::first_individual_booking_date.copy(&j, A::first_individual_booking_date),
        // the three counts are 0 without deposit.
        O::total_non_cancelled_individual_bookings
            .set(j.c(A::total_non_cancelled_individual_bookings).fill_null(lit(0i64))),
        O::total_non_cancelled_duo_bookings.set(j.c(A::total_non_cancelled_duo_bookings).fill_null(lit(0i64))),
        O::total_free_bookings.set(j.c(A::total_free_bookings).fill_null(lit(0i64))),
        O::total_actual_amount_spent.copy(&j, A::total_actual_amount_spent),
        O::total_theoretical_amount_spent.copy(&j, A::total_theoretical_amount_spent),
        O::total_theoretical_digital_goods_amount_spent.copy(&j, A::total_theoretical_digital_goods_amount_spent),
        O::total_theoretical_physical_goods_amount_spent.copy(&j, A::total_theoretical_physical_goods_amount_spent),
        O::total_theoretical_outings_amount_spent.copy(&j, A::total_theoretical_outings_amount_spent),
        O::total_last_deposit_digital_goods_amount_spent.copy(&j, A::total_last_deposit_digital_goods_amount_spent),
        O::total_last_deposit_theoretical_amount_spent.copy(&j, A::total_last_deposit_theoretical_amount_spent),
        O::total_deposit_actual_amount_spent.copy(&j, A::total_deposit_actual_amount_spent),
        O::total_diversity_score.copy(&j, A::total_diversity_score),
        O::last_deposit_amount.copy(&j, A::last_deposit_amount),
        // may be negative; NULL if either side is NULL.
        O::total_theoretical_remaining_credit
            .set(to_dec2(j.c(A::last_deposit_amount) - j.c(A::total_last_deposit_theoretical_amount_spent))),
        O::user_creation_date.copy(&j, U::user_creation_date),
        //
        O::last_booking_date.copy(&j, A::last_individual_booking_date),
        O::days_between_activation_date_and_first_booking_date.set(days_to_first_booking()),
        O::days_between_activation_date_and_first_booking_paid.set(days_to_first_booking()),
        O::user_activation_date.copy(&j, A::first_deposit_creation_date),
        O::user_age_at_first_deposit.copy(&j, A::user_age_at_first_deposit),
        O::user_age_at_last_deposit.copy(&j, A::user_age_at_last_deposit),
        O::first_booking_type.copy(&j, A::first_booking_type),
        O::first_paid_booking_type.copy(&j, A::first_paid_booking_type),
        O::total_grant_18_subcategory_booked.copy(&j, A::total_grant_18_subcategory_booked),
        O::total_grant_15_17_subcategory_booked.copy(&j, A::total_grant_15_17_subcategory_booked),
        //
        O::user_suspension_reason.copy(&j, AH::action_history_reason),
        O::first_deposit_amount.copy(&j, A::first_deposit_amount),
        O::last_deposit_expiration_date.copy(&j, A::last_deposit_expiration_date),
        O::user_is_current_beneficiary.set(current),
        O::last_recredit_date.copy(&j, A::last_recredit_date),
        O::total_recredit.copy(&j, A::total_recredit),
        O::total_recredit_amount.copy(&j, A::total_recredit_amount),
        // R-12 (K-4): from the first deposit, not the account creation.
        O::user_seniority.set(days_between(j.c(A::first_deposit_creation_date), ctx.ds())),
        O::first_paid_booking_date.copy(&j, A::first_paid_booking_date),
    ])
}
