//! Grain: one row per (non-cancelled booking, entity type); PK `booking_id, diversity_booked_entity_type`.

use pipeline::prelude::*;

use crate::applicative::int_applicative__booking::IntApplicativeBooking as B;
use crate::global::int_global__stock::IntGlobalStock as S;

/// Five weighted entity rows per non-cancelled booking, scored when the booking is the user's
/// first on that entity (intermediate.md, int_metric__diversity_daily_booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(
    model = "int_metric__diversity_daily_booking",
    layer = "intermediate",
    grain = "booking_id, diversity_booked_entity_type"
)]
pub struct IntMetricDiversityDailyBooking {
    /// booking id
    pub booking_id: String,
    /// booker
    pub user_id: String,
    /// deposit charged
    pub deposit_id: Option<String>,
    /// booking creation datetime
    pub booking_created_at: DtParis,
    /// booking creation date
    pub booking_creation_date: NaiveDate,
    /// `OFFER_CATEGORY`, `VENUE_TYPE`, `OFFER_SUBCATEGORY`, `VENUE` or `EXTRA_CATEGORY`
    pub diversity_booked_entity_type: String,
    /// entity value from the stock; NULL when the stock is not kept (R-2, D-9)
    pub diversity_booked_entity: Option<String>,
    /// ROW_NUMBER per (user, type, value) by creation, then booking id
    pub diversity_booking_entity_rank: i64,
    /// the type's weight when the rank is 1, else 0
    pub diversity_score: i64,
}

pub fn build(_ctx: &RunContext, _bookings: Frame<B>, _stocks: Frame<S>) -> Frame<IntMetricDiversityDailyBooking> {
    todo!()
}
