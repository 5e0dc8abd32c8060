//! Grain: one row per raw user (all roles); PK `user_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeUser as U, RawSeedRegionDepartment as RD};

/// Postal code and department/region/academy of every raw user (intermediate.md,
/// int_geo__user_location).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_geo__user_location", layer = "intermediate", grain = "user_id")]
pub struct IntGeoUserLocation {
    /// user id
    pub user_id: String,
    /// app postal code, empty string as NULL
    pub user_postal_code: Option<String>,
    /// seed department code matching the candidate, else `-1`
    pub user_department_code: String,
    /// seed department name, default `non localisé`
    pub user_department_name: String,
    /// seed region name, default `non localisé`
    pub user_region_name: String,
    /// seed academy name, default `non localisé`
    pub user_academy_name: String,
}

pub fn build(_ctx: &RunContext, _users: Frame<U>, _departments: Frame<RD>) -> Frame<IntGeoUserLocation> {
    todo!()
}
