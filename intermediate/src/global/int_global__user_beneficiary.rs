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

pub fn build(
    _ctx: &RunContext,
    _users: Frame<U>,
    _actions: Frame<AH>,
    _locations: Frame<G>,
    _deposits: Frame<D>,
) -> Frame<IntGlobalUserBeneficiary> {
    todo!()
}
