//! Grain: one row per non-soft-deleted venue; PK `venue_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeVenue as V, RawApplicativeVenueLabel as VL};

use super::int_applicative__offer::IntApplicativeOffer as O;
use crate::geo::int_geo__venue_location::IntGeoVenueLocation as L;

/// Live venues with labels, location and offer/booking aggregates (intermediate.md,
/// int_applicative__venue).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__venue", layer = "intermediate", grain = "venue_id")]
pub struct IntApplicativeVenue {
    /// venue id
    pub venue_id: String,
    /// managing offerer
    pub venue_managing_offerer_id: String,
    /// name
    pub venue_name: Option<String>,
    /// public name
    pub venue_public_name: Option<String>,
    /// SIRET
    pub venue_siret: Option<String>,
    /// booking contact email
    pub venue_booking_email: Option<String>,
    /// venue label id
    pub venue_label_id: Option<String>,
    /// venue state (`CLOSED`, …)
    pub venue_state: Option<String>,
    /// banner image URL
    pub banner_url: Option<String>,
    /// description
    pub venue_description: Option<String>,
    /// withdrawal details
    pub venue_withdrawal_details: Option<String>,
    /// volunteering URL
    pub venue_volunteering_url: Option<String>,
    /// creation
    pub venue_creation_date: Option<DtParis>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// open to the public
    pub venue_is_open_to_public: Option<bool>,
    /// label of the venue type code
    pub venue_type_label: Option<String>,
    /// label of the activity code
    pub venue_activity: Option<String>,
    /// venue label text
    pub venue_label: Option<String>,
    /// backoffice URL of the venue
    pub venue_backoffice_link: String,
    /// `humanize_id(venue_id)`
    pub venue_humanized_id: Option<String>,
    /// street, NULL without location row
    pub venue_street: Option<String>,
    /// postal code, NULL without location row
    pub venue_postal_code: Option<String>,
    /// department code, NULL without location row (R-int_geo__venue_location-2)
    pub venue_department_code: Option<String>,
    /// department name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_department_name: Option<String>,
    /// region name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_region_name: Option<String>,
    /// academy name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_academy_name: Option<String>,
    /// latitude, NULL without location row
    pub venue_latitude: Option<f64>,
    /// longitude, NULL without location row
    pub venue_longitude: Option<f64>,
    /// SUM of the offers' booking counts, not coalesced
    pub total_individual_bookings: Option<i64>,
    /// SUM of the offers' non-cancelled booking counts, coalesced to 0
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM of the offers' used booking counts, coalesced to 0
    pub total_used_individual_bookings: i64,
    /// number of APPROVED offers
    pub total_created_individual_offers: i64,
    /// number of distinct bookable offers
    pub total_bookable_individual_offers: i64,
    /// 1 if the venue has a kept offer, else 0
    pub total_venues: i64,
    /// SUM of the offers' theoretic revenues, coalesced to 0
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM of the offers' real revenues, coalesced to 0
    pub total_individual_real_revenue: Dec2,
    /// SUM of the offers' current-year real revenues, coalesced to 0
    pub total_individual_current_year_real_revenue: Dec2,
    /// MIN of the offers' first booking dates
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the offers' last booking dates
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN creation date of APPROVED offers
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX creation date of APPROVED offers
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// MIN of the offers' first stock creation
    pub first_stock_creation_date: Option<DtParis>,
    /// `coalesce(total_individual_bookings, 0)`
    pub total_bookings: i64,
    /// = `total_non_cancelled_individual_bookings`
    pub total_non_cancelled_bookings: i64,
    /// = `total_used_individual_bookings`
    pub total_used_bookings: i64,
    /// = `total_created_individual_offers`
    pub total_created_offers: i64,
    /// = `total_bookable_individual_offers`
    pub total_bookable_offers: i64,
    /// = `total_individual_theoretic_revenue`
    pub total_theoretic_revenue: Dec2,
    /// = `total_individual_real_revenue`
    pub total_real_revenue: Dec2,
    /// = `first_individual_booking_date`
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date`
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date`
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date`
    pub last_offer_creation_date: Option<NaiveDate>,
}

pub fn build(
    _ctx: &RunContext,
    _venues: Frame<V>,
    _locations: Frame<L>,
    _offers: Frame<O>,
    _labels: Frame<VL>,
) -> Frame<IntApplicativeVenue> {
    todo!()
}
