//! Grain: one row per active beneficiary whose current deposit is not `GRANT_FREE`; PK `user_id`.

use intermediate::IntGlobalUserBeneficiary as U;
use pipeline::prelude::*;

/// Active (or self-suspended) beneficiaries whose latest deposit is not `GRANT_FREE`, with
/// geography, deposit and spend aggregates (marts.md, mrt_global__user_beneficiary).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__user_beneficiary", layer = "mart", grain = "user_id")]
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
    pub currently_subscribed_themes: Option<String>,
    /// the theme preference was set (R-int_applicative__user-8)
    pub is_theme_subscribed: bool,
    /// MIN deposit creation (R-int_global__user_beneficiary-2)
    pub first_deposit_creation_date: DtParis,
    /// type of the `deposit_rank_asc = 1` deposit (R-int_global__user_beneficiary-2)
    pub first_deposit_type: String,
    /// SUM of deposit amounts (R-int_global__user_beneficiary-2)
    pub total_deposit_amount: Dec2,
    /// type of the `deposit_rank_desc = 1` deposit (R-int_global__user_beneficiary-2)
    pub current_deposit_type: String,
    /// reform category of the `deposit_rank_asc = 1` deposit (R-int_global__user_beneficiary-2)
    pub user_first_deposit_reform_category: Option<String>,
    /// reform category of the `deposit_rank_desc = 1` deposit (R-int_global__user_beneficiary-2)
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
    pub total_actual_amount_spent: Dec2,
    /// spend of non-cancelled bookings (R-int_global__user_beneficiary-2)
    pub total_theoretical_amount_spent: Dec2,
    /// digital goods spend (R-int_global__user_beneficiary-2)
    pub total_theoretical_digital_goods_amount_spent: Dec2,
    /// physical goods spend (R-int_global__user_beneficiary-2)
    pub total_theoretical_physical_goods_amount_spent: Dec2,
    /// outings spend (R-int_global__user_beneficiary-2)
    pub total_theoretical_outings_amount_spent: Dec2,
    /// digital spend of the latest deposit (R-int_global__user_beneficiary-2)
    pub total_last_deposit_digital_goods_amount_spent: Dec2,
    /// theoretical spend of the latest deposit (R-int_global__user_beneficiary-2)
    pub total_last_deposit_theoretical_amount_spent: Dec2,
    /// actual spend of the latest deposit (R-int_global__user_beneficiary-2)
    pub total_deposit_actual_amount_spent: Dec2,
    /// SUM of diversity scores; NULL when no scored booking (R-int_global__user_beneficiary-2)
    pub total_diversity_score: Option<i64>,
    /// **MAX** deposit amount (R-int_global__user_beneficiary-2, K-1)
    pub last_deposit_amount: Dec2,
    /// `last_deposit_amount − total_last_deposit_theoretical_amount_spent`, may be negative (R-int_global__user_beneficiary-9)
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
    pub total_recredit_amount: Dec2,
    /// days from first deposit to `ds` (R-int_global__user_beneficiary-12)
    pub user_seniority: i64,
}

pub fn build(_ctx: &RunContext, _users: Frame<U>) -> Frame<MrtGlobalUserBeneficiary> {
    todo!()
}
