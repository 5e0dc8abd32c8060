//! Grain: one row per venue having a `VENUE_LOCATION` address; PK `venue_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeOffererAddress as OA, RawApplicativeVenue as V, RawSeedRegionDepartment as RD};

/// Address, coordinates and department/region/academy of every venue (soft-deleted
/// included) that has a `VENUE_LOCATION` address (intermediate.md, int_geo__venue_location).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_geo__venue_location", layer = "intermediate", grain = "venue_id")]
pub struct IntGeoVenueLocation {
    /// venue id
    pub venue_id: String,
    /// `address_postal_code` of the kept address
    pub venue_postal_code: Option<String>,
    /// `address_latitude`
    pub venue_latitude: Option<f64>,
    /// `address_longitude`
    pub venue_longitude: Option<f64>,
    /// `address_street`
    pub venue_street: Option<String>,
    /// department from the postal code, else the address's, else `-1`; not validated
    pub venue_department_code: String,
    /// seed department name, default `non localisé`
    pub venue_department_name: String,
    /// seed region name, default `non localisé`
    pub venue_region_name: String,
    /// seed academy name, default `non localisé`
    pub venue_academy_name: String,
}

pub fn build(
    _ctx: &RunContext,
    _venues: Frame<V>,
    _addresses: Frame<OA>,
    _departments: Frame<RD>,
) -> Frame<IntGeoVenueLocation> {
    todo!()
}
