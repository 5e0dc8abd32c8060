//! Grain: one row per deposit of a kept beneficiary; PK `deposit_id`.

use intermediate::{IntGlobalDeposit as D, IntGlobalUserBeneficiary as U};
use pipeline::prelude::*;

/// Deposits of kept beneficiaries (active or self-suspended) with the owner's profile,
/// spend totals and seniorities (marts.md, mrt_global__deposit).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__deposit", layer = "mart", grain = "deposit_id")]
pub struct MrtGlobalDeposit {
    /// deposit id
    pub deposit_id: String,
    /// granted amount (R-int_applicative__deposit-4)
    pub deposit_amount: Dec2,
    /// owner, a kept beneficiary (inner join with int_global__user_beneficiary)
    pub user_id: String,
    /// civility (R-int_applicative__user-4) (from u)
    pub user_civility: Option<String>,
    /// region name, default `non localisé` (R-int_global__user_beneficiary-4) (from u)
    pub user_region_name: String,
    /// app postal code, `-1` when unknown (R-int_global__user_beneficiary-4) (from u)
    pub user_postal_code: String,
    /// academy name, default `non localisé` (R-int_global__user_beneficiary-4) (from u)
    pub user_academy_name: String,
    /// activity is job seeker (R-int_global__user_beneficiary-5) (from u)
    pub user_is_unemployed: bool,
    /// activity is pupil, student or apprentice (R-int_global__user_beneficiary-6) (from u)
    pub user_is_in_education: bool,
    /// department code, `-1` = unknown (R-int_global__user_beneficiary-4) (from u)
    pub user_department_code: String,
    /// department name, default `non localisé` (R-int_global__user_beneficiary-4) (from u)
    pub user_department_name: String,
    /// age at `ds` (R-int_applicative__user-6) (from u)
    pub user_age: Option<i64>,
    /// account creation (from u)
    pub user_creation_date: DtParis,
    /// owner's age at deposit creation (R-int_applicative__deposit-3)
    pub user_age_at_deposit: Option<i64>,
    /// normalised source (R-int_applicative__deposit-5)
    pub deposit_source: Option<String>,
    /// creation
    pub deposit_creation_date: DtParis,
    /// last update
    pub deposit_update_date: Option<DtParis>,
    /// expiry, UTC wall-clock
    pub deposit_expiration_date: Option<DtUtc>,
    /// `GRANT_15_17`, `GRANT_18`, `GRANT_17_18`, `GRANT_FREE`
    pub deposit_type: String,
    /// reform cohort (R-int_applicative__deposit-7)
    pub deposit_reform_category: Option<String>,
    /// 1 = the owner's first deposit (R-int_applicative__deposit-6)
    pub deposit_rank_asc: i64,
    /// 1 = the owner's latest deposit (R-int_applicative__deposit-6)
    pub deposit_rank_desc: i64,
    /// date of the latest recredit (R-int_applicative__deposit-1)
    pub last_recredit_date: Option<NaiveDate>,
    /// number of recredits (R-int_applicative__deposit-1)
    pub total_recredit: Option<i64>,
    /// `coalesce(total_recredit_amount, 0)`
    pub total_recredit_amount: Dec2,
    /// SUM amount of non-cancelled bookings, 0 when none (R-int_global__deposit-1)
    pub total_theoretical_amount_spent: Dec2,
    /// SUM amount of used bookings, 0 when none (R-int_global__deposit-1)
    pub total_actual_amount_spent: Dec2,
    /// SUM amount of non-cancelled digital bookings with a URL, 0 when none (R-int_global__deposit-1)
    pub total_theoretical_amount_spent_in_digital_goods: Dec2,
    /// number of non-cancelled bookings, 0 when none (R-int_global__deposit-1)
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM of diversity scores, not coalesced (R-int_global__deposit-1)
    pub total_diversity_score: Option<i64>,
    /// MIN creation date of non-cancelled bookings (R-int_global__deposit-1)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX creation date of non-cancelled bookings (R-int_global__deposit-1)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// birth date (R-int_applicative__user-5) (from u)
    pub user_birth_date: Option<NaiveDate>,
    /// days from deposit creation to `ds`
    pub deposit_seniority: i64,
    /// days from account creation to deposit creation
    pub days_between_user_creation_and_deposit_creation: i64,
}

pub fn build(_ctx: &RunContext, _deposits: Frame<D>, _users: Frame<U>) -> Frame<MrtGlobalDeposit> {
    todo!()
}
