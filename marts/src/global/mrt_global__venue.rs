//! Grain: one row per open venue of a validated, active offerer; PK `venue_id`.

use intermediate::IntGlobalVenue as V;
use pipeline::prelude::*;

/// Open venues of validated, active offerers (marts.md, mrt_global__venue).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__venue", layer = "mart", grain = "venue_id")]
pub struct MrtGlobalVenue {
    /// venue id
    pub venue_id: String,
    /// name
    pub venue_name: Option<String>,
    /// public name
    pub venue_public_name: Option<String>,
    /// booking contact email
    pub venue_booking_email: Option<String>,
    /// street, NULL without location row
    pub venue_street: Option<String>,
    /// latitude, NULL without location row
    pub venue_latitude: Option<f64>,
    /// longitude, NULL without location row
    pub venue_longitude: Option<f64>,
    /// department code; NULL when no location row (R-int_geo__venue_location-2)
    pub venue_department_code: Option<String>,
    /// department name; NULL when no location row (R-int_geo__venue_location-3)
    pub venue_department_name: Option<String>,
    /// postal code; NULL when no location row
    pub venue_postal_code: Option<String>,
    /// SIRET
    pub venue_siret: Option<String>,
    /// managing offerer (R-int_global__venue-1)
    pub offerer_id: String,
    /// creation
    pub venue_creation_date: Option<DtParis>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// open to the public
    pub venue_is_open_to_public: Option<bool>,
    /// label of the venue type code (R-int_applicative__venue-2)
    pub venue_type_label: Option<String>,
    /// label of the activity code (R-int_applicative__venue-3)
    pub venue_activity: Option<String>,
    /// venue label text
    pub venue_label: Option<String>,
    /// `humanize_id(venue_id)` (R-int_applicative__venue-4)
    pub venue_humanized_id: Option<String>,
    /// backoffice URL of the venue (R-int_applicative__venue-4)
    pub venue_backoffice_link: String,
    /// region name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_region_name: Option<String>,
    /// academy name, NULL without location row (R-int_geo__venue_location-3)
    pub venue_academy_name: Option<String>,
    /// banner image URL
    pub banner_url: Option<String>,
    /// volunteering URL
    pub venue_volunteering_url: Option<String>,
    /// description
    pub venue_description: Option<String>,
    /// withdrawal details
    pub venue_withdrawal_details: Option<String>,
    /// SUM of the offers' booking counts, not coalesced (R-int_applicative__venue-5)
    pub total_individual_bookings: Option<i64>,
    /// `coalesce(total_individual_bookings, 0)` (R-int_applicative__venue-6)
    pub total_bookings: i64,
    /// SUM of the offers' non-cancelled booking counts, coalesced to 0 (R-int_applicative__venue-5)
    pub total_non_cancelled_individual_bookings: i64,
    /// MIN of the offers' first booking dates (R-int_applicative__venue-5)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the offers' last booking dates (R-int_applicative__venue-5)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// = `total_non_cancelled_individual_bookings` (R-int_applicative__venue-6)
    pub total_non_cancelled_bookings: i64,
    /// = `total_used_individual_bookings` (R-int_applicative__venue-6)
    pub total_used_bookings: i64,
    /// SUM of the offers' used booking counts, coalesced to 0 (R-int_applicative__venue-5)
    pub total_used_individual_bookings: i64,
    /// SUM of the offers' theoretic revenues, coalesced to 0 (R-int_applicative__venue-5)
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM of the offers' real revenues, coalesced to 0 (R-int_applicative__venue-5)
    pub total_individual_real_revenue: Dec2,
    /// = `total_individual_theoretic_revenue` (R-int_applicative__venue-6)
    pub total_theoretic_revenue: Dec2,
    /// = `total_individual_real_revenue` (R-int_applicative__venue-6)
    pub total_real_revenue: Dec2,
    /// MIN creation date of APPROVED offers; approved offers
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX creation date of APPROVED offers; approved offers
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// number of APPROVED offers; approved offers
    pub total_created_individual_offers: i64,
    /// = `total_created_individual_offers`; approved offers
    pub total_created_offers: i64,
    /// = `first_individual_booking_date` (R-int_applicative__venue-6)
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date` (R-int_applicative__venue-6)
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date` (R-int_applicative__venue-6)
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date` (R-int_applicative__venue-6)
    pub last_offer_creation_date: Option<NaiveDate>,
    /// number of distinct bookable offers (R-int_applicative__venue-5)
    pub total_bookable_individual_offers: i64,
    /// = `total_bookable_individual_offers` (R-int_applicative__venue-6)
    pub total_bookable_offers: i64,
    /// offerer name
    pub offerer_name: Option<String>,
    /// always `VALIDATED`
    pub offerer_validation_status: String,
    /// always true
    pub offerer_is_active: bool,
    /// pro URL from the humanized offerer and venue ids (R-int_global__venue-3)
    pub venue_pc_pro_link: Option<String>,
    /// = venue_id (R-int_global__venue-2)
    pub partner_id: String,
    /// ROW_NUMBER per offerer by revenue, offers desc, name desc, id; computed before the filter (R-int_global__venue-4)
    pub offerer_rank_desc: i64,
    /// ROW_NUMBER per offerer by revenue, offers desc, name asc, id; computed before the filter (R-int_global__venue-4)
    pub offerer_rank_asc: i64,
    /// offerer has the `part-epn` tag (R-int_global__offerer-8)
    pub offerer_is_epn: bool,
}

pub fn build(_ctx: &RunContext, _venues: Frame<V>) -> Frame<MrtGlobalVenue> {
    todo!()
}
