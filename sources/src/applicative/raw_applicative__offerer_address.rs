//! Grain: one row per offerer address (already joined with the address); PK `offerer_address_id`.

use pipeline::prelude::*;

/// Offerer addresses (sources.md §2.13).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(
    model = "raw_applicative__offerer_address",
    layer = "raw",
    grain = "offerer_address_id",
    materialized = "view"
)]
pub struct RawApplicativeOffererAddress {
    /// id
    pub offerer_address_id: String,
    /// venue the address belongs to
    pub venue_id: Option<String>,
    /// `VENUE_LOCATION` (the venue's own location; the only type used) or other types
    pub offerer_address_type: Option<String>,
    /// street
    pub address_street: Option<String>,
    /// postal code
    pub address_postal_code: Option<String>,
    /// department code stored with the address
    pub address_department_code: Option<String>,
    /// WGS84 latitude
    pub address_latitude: Option<f64>,
    /// WGS84 longitude
    pub address_longitude: Option<f64>,
}
