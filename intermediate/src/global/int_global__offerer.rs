//! Grain: one row per raw offerer (no deduplication per SIREN); PK `offerer_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeOfferer as O, RawApplicativeOffererTag as T};

use crate::applicative::int_applicative__venue::IntApplicativeVenue as V;

/// Every raw offerer with its venue aggregates and EPN flag (intermediate.md,
/// int_global__offerer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__offerer", layer = "intermediate", grain = "offerer_id")]
pub struct IntGlobalOfferer {
    /// offerer id
    pub offerer_id: String,
    /// `offerer-<offerer_id>`
    pub partner_id: String,
    /// name
    pub offerer_name: Option<String>,
    /// SIREN, not unique (D-2)
    pub offerer_siren: Option<String>,
    /// `NEW`, `PENDING`, `VALIDATED`, `REJECTED`, `CLOSED`
    pub offerer_validation_status: Option<String>,
    /// active
    pub offerer_is_active: Option<bool>,
    /// creation
    pub offerer_creation_date: Option<DtParis>,
    /// validation
    pub offerer_validation_date: Option<DtParis>,
    /// `humanize_id(offerer_id)`
    pub offerer_humanized_id: Option<String>,
    /// SUM over venues, coalesced to 0
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over venues, coalesced to 0
    pub total_used_individual_bookings: i64,
    /// SUM over venues, coalesced to 0
    pub total_bookable_individual_offers: i64,
    /// SUM over venues, coalesced to 0
    pub total_created_individual_offers: i64,
    /// SUM over venues, coalesced to 0
    pub total_used_bookings: i64,
    /// SUM over venues, coalesced to 0
    pub total_created_offers: i64,
    /// SUM over venues, coalesced to 0
    pub total_bookable_offers: i64,
    /// number of distinct venues, 0 when none
    pub total_managed_venues: i64,
    /// number of distinct open-to-public venues, 0 when none
    pub total_permanent_managed_venues: i64,
    /// SUM over venues, coalesced to 0
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0
    pub total_individual_real_revenue: Dec2,
    /// SUM of venues' current-year real revenues, coalesced to 0
    pub total_current_year_real_revenue: Dec2,
    /// SUM over venues, coalesced to 0
    pub total_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0
    pub total_real_revenue: Dec2,
    /// SUM over venues, not coalesced
    pub total_non_cancelled_bookings: Option<i64>,
    /// number of venues with at least one offer; NULL without venue
    pub total_venues: Option<i64>,
    /// MIN over venues
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX over venues
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN over venues
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX over venues
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// = `first_individual_booking_date`
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date`
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date`
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date`
    pub last_offer_creation_date: Option<NaiveDate>,
    /// MIN over venues
    pub first_stock_creation_date: Option<DtParis>,
    /// the offerer has the `part-epn` tag
    pub offerer_is_epn: bool,
}

pub fn build(_ctx: &RunContext, _offerers: Frame<O>, _venues: Frame<V>, _tags: Frame<T>) -> Frame<IntGlobalOfferer> {
    todo!()
}
