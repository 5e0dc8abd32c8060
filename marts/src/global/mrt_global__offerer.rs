//! Grain: one row per validated, active offerer; PK `offerer_id`.

use intermediate::IntGlobalOfferer as O;
use pipeline::prelude::*;

/// Validated, active offerers with their venue aggregates (marts.md, mrt_global__offerer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__offerer", layer = "mart", grain = "offerer_id")]
pub struct MrtGlobalOfferer {
    /// offerer id
    pub offerer_id: String,
    /// `offerer-<offerer_id>` (R-int_global__offerer-2)
    pub partner_id: String,
    /// name
    pub offerer_name: Option<String>,
    /// creation
    pub offerer_creation_date: Option<DtParis>,
    /// validation
    pub offerer_validation_date: Option<DtParis>,
    /// MIN over venues (R-int_global__offerer-3)
    pub first_stock_creation_date: Option<DtParis>,
    /// MIN over venues (R-int_global__offerer-3)
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX over venues (R-int_global__offerer-3)
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date` (R-int_global__offerer-7)
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date` (R-int_global__offerer-7)
    pub last_offer_creation_date: Option<NaiveDate>,
    /// MIN over venues (R-int_global__offerer-3)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX over venues (R-int_global__offerer-3)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// = `first_individual_booking_date` (R-int_global__offerer-7)
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date` (R-int_global__offerer-7)
    pub last_booking_date: Option<NaiveDate>,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over venues, not coalesced (R-int_global__offerer-4)
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_used_bookings: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_used_individual_bookings: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_individual_real_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_real_revenue: Dec2,
    /// SUM of venues' current-year real revenues, coalesced to 0 (R-int_global__offerer-3)
    pub total_current_year_real_revenue: Dec2,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_created_individual_offers: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_created_offers: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_bookable_individual_offers: i64,
    /// SUM over venues, coalesced to 0 (R-int_global__offerer-3)
    pub total_bookable_offers: i64,
    /// SIREN, not unique (D-2)
    pub offerer_siren: Option<String>,
    /// number of distinct venues, 0 when none (R-int_global__offerer-6)
    pub total_managed_venues: i64,
    /// number of distinct open-to-public venues, 0 when none (R-int_global__offerer-6)
    pub total_permanent_managed_venues: i64,
    /// number of venues with at least one offer; NULL without venue (R-int_global__offerer-5)
    pub total_venues: Option<i64>,
    /// `humanize_id(offerer_id)` (R-int_global__offerer-2)
    pub offerer_humanized_id: Option<String>,
    /// the offerer has the `part-epn` tag (R-int_global__offerer-8)
    pub offerer_is_epn: bool,
}

pub fn build(_ctx: &RunContext, _offerers: Frame<O>) -> Frame<MrtGlobalOfferer> {
    todo!()
}
