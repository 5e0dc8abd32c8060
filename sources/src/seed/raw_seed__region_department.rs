//! Grain: one row per department; PK `num_dep`. Seed `seed/region_department.csv`.

use pipeline::prelude::*;

/// Department → region and academy names (sources.md §3.1).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_seed__region_department", layer = "raw", grain = "num_dep", materialized = "view")]
pub struct RawSeedRegionDepartment {
    /// department code (`01`…`95`, `2A`, `2B`, `971`…`978`, `98x`)
    pub num_dep: String,
    /// department name
    pub dep_name: String,
    /// region name
    pub region_name: String,
    /// education academy name
    pub academy_name: String,
}

impl RawSeedRegionDepartment {
    /// A seed row from its four names, for tests and generated worlds.
    pub fn row(num_dep: &str, dep_name: &str, region_name: &str, academy_name: &str) -> Self {
        RawSeedRegionDepartment {
            num_dep: num_dep.into(),
            dep_name: dep_name.into(),
            region_name: region_name.into(),
            academy_name: academy_name.into(),
        }
    }
}
