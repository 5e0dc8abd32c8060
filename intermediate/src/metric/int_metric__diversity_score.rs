//! Grain: one row per non-cancelled booking; PK `booking_id`.

use pipeline::prelude::*;

use super::int_metric__diversity_daily_booking::IntMetricDiversityDailyBooking as D;

/// Diversity score of every non-cancelled booking (intermediate.md, int_metric__diversity_score).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_metric__diversity_score", layer = "intermediate", grain = "booking_id")]
pub struct IntMetricDiversityScore {
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
    /// SUM of the booking's five entity scores, in `[0, 65]`
    pub diversity_score: i64,
}

pub fn build(_ctx: &RunContext, _entities: Frame<D>) -> Frame<IntMetricDiversityScore> {
    todo!()
}
