//! Grain: one row per raw deposit; PK `deposit_id`.

use pipeline::prelude::*;

use super::int_global__booking::IntGlobalBooking as B;
use crate::applicative::int_applicative__deposit::IntApplicativeDeposit as D;

/// Deposits with the spend, booking counts and first-booking facts of their surviving
/// bookings (intermediate.md, int_global__deposit).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__deposit", layer = "intermediate", grain = "deposit_id")]
pub struct IntGlobalDeposit {
    /// deposit id
    pub deposit_id: String,
    /// granted amount (R-int_applicative__deposit-4)
    pub deposit_amount: Dec2,
    /// owner, NULL when not a kept user (R-int_applicative__deposit-2)
    pub user_id: Option<String>,
    /// owner's age at deposit creation (R-int_applicative__deposit-3)
    pub user_age_at_deposit: Option<i64>,
    /// free text describing how the grant was obtained
    pub source: Option<String>,
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
    /// normalised source (R-int_applicative__deposit-5)
    pub deposit_source: Option<String>,
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
    /// SUM amount of used bookings, 0 when none
    pub total_actual_amount_spent: Dec2,
    /// SUM amount of non-cancelled bookings, 0 when none
    pub total_theoretical_amount_spent: Dec2,
    /// SUM amount of non-cancelled digital bookings with a URL, 0 when none
    pub total_theoretical_amount_spent_in_digital_goods: Dec2,
    /// same definition as `total_theoretical_amount_spent_in_digital_goods`
    pub total_theoretical_digital_goods_amount_spent: Dec2,
    /// SUM amount of non-cancelled physical bookings without URL, 0 when none
    pub total_theoretical_physical_goods_amount_spent: Dec2,
    /// SUM amount of non-cancelled event bookings, 0 when none
    pub total_theoretical_outings_amount_spent: Dec2,
    /// number of non-cancelled bookings, 0 when none
    pub total_non_cancelled_individual_bookings: i64,
    /// number of bookings with amount 0, cancelled included
    pub total_free_bookings: i64,
    /// number of non-cancelled duo bookings
    pub total_non_cancelled_duo_bookings: i64,
    /// number of distinct subcategories of non-cancelled bookings
    pub total_subcategory_booked: i64,
    /// MIN creation date of non-cancelled bookings
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX creation date of non-cancelled bookings
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN creation date of bookings with amount 0, cancelled included (R-1, K-2)
    pub first_paid_booking_date: Option<NaiveDate>,
    /// SUM of diversity scores, not coalesced
    pub total_diversity_score: Option<i64>,
    /// subcategory of the user's first surviving booking
    pub first_booking_type: Option<String>,
    /// subcategory of the user's first booking when its amount is 0 (R-1, K-2)
    pub first_paid_booking_type: Option<String>,
}

pub fn build(_ctx: &RunContext, _deposits: Frame<D>, _bookings: Frame<B>) -> Frame<IntGlobalDeposit> {
    todo!()
}
