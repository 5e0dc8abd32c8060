//! Grain: one row per venue having a `VENUE_LOCATION` address; PK `venue_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeOffererAddress as OA, RawApplicativeVenue as V, RawSeedRegionDepartment as RD};

/// Address, coordinates and department/region/academy of every venue (soft-deleted
/// included) that has a `VENUE_LOCATION` address (intermediate.md, int_geo__venue_location).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_geo__venue_location", layer = "intermediate", grain = "venue_id", from = V)]
pub struct IntGeoVenueLocation {
    /// venue id
    pub venue_id: String,
    /// `address_postal_code` of the kept address
    #[schema(from = OA::address_postal_code)]
    pub venue_postal_code: Option<String>,
    /// `address_latitude`
    #[schema(from = OA::address_latitude)]
    pub venue_latitude: Option<f64>,
    /// `address_longitude`
    #[schema(from = OA::address_longitude)]
    pub venue_longitude: Option<f64>,
    /// `address_street`
    #[schema(from = OA::address_street)]
    pub venue_street: Option<String>,
    /// department from the postal code, else the address's, else `-1`; not validated
    #[schema(computed)]
    pub venue_department_code: String,
    /// seed department name, default `non localisé`
    #[schema(computed)]
    pub venue_department_name: String,
    /// seed region name, default `non localisé`
    #[schema(computed)]
    pub venue_region_name: String,
    /// seed academy name, default `non localisé`
    #[schema(computed)]
    pub venue_academy_name: String,
}

/// The kept `VENUE_LOCATION` address of each venue.
#[derive(Schema)]
#[schema(from = OA)]
pub struct KeptAddress {
    pub venue_id: Option<String>,
    #[schema(computed)]
    pub offerer_address_id: Option<String>,
}

pub fn build(
    _ctx: &RunContext,
    venues: Frame<V>,
    addresses: Frame<OA>,
    departments: Frame<RD>,
) -> Frame<IntGeoVenueLocation> {
    // among a venue's VENUE_LOCATION rows keep the greatest `offerer_address_id` as a
    // string ("9" > "10"); the id is the PK, so the winner is unique. (A `row_number` window
    // inside `filter` fails in Polars with "lengths don't match", hence MAX + join back.)
    type K = KeptAddress;
    let is_location = addresses.c(OA::offerer_address_type).eq(lit("VENUE_LOCATION"));
    let located = addresses.filter(is_location);
    let kept = KeptAddress::aggregate(
        located.clone(),
        KeptAddressComputed { offerer_address_id: located.c(OA::offerer_address_id).max() },
    );
    let on_kept = (on(OA::venue_id, K::venue_id), on(OA::offerer_address_id, K::offerer_address_id));
    let located = located.semi_join(kept, on_kept);
    let on_address = on(V::venue_id, OA::venue_id);
    let j = venues.inner_join(located, on_address);
    // not validated against the seed.
    let department_code = dept_from_postal_expr(j.c(OA::address_postal_code))
        .fill_null(j.c(OA::address_department_code))
        .fill_null(lit("-1"));
    let on_seed = on_expr(department_code.clone(), RD::num_dep);
    let j = j.left_join(departments, on_seed);
    //
    let or_unlocated = |e: Expr| e.fill_null(lit("non localisé"));
    IntGeoVenueLocation::project(
        j.clone(),
        IntGeoVenueLocationComputed {
            venue_department_code: department_code,
            venue_department_name: or_unlocated(j.c(RD::dep_name)),
            venue_region_name: or_unlocated(j.c(RD::region_name)),
            venue_academy_name: or_unlocated(j.c(RD::academy_name)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot};

    fn venue(id: &str, soft_deleted: bool) -> V {
        V {
            venue_id: id.into(),
            venue_managing_offerer_id: "o1".into(),
            venue_is_soft_deleted: soft_deleted,
            ..Default::default()
        }
    }

    /// An address with its own street and coordinates (latitude 40 + id/4, longitude 1 + id/8).
    fn address(id: &str, venue: Option<&str>, kind: Option<&str>, postal: Option<&str>, dept: Option<&str>) -> OA {
        let n: f64 = id.parse().expect("numeric id");
        OA {
            offerer_address_id: id.into(),
            venue_id: venue.map(Into::into),
            offerer_address_type: kind.map(Into::into),
            address_street: Some(format!("street {id}")),
            address_postal_code: postal.map(Into::into),
            address_department_code: dept.map(Into::into),
            address_latitude: Some(40.0 + n / 4.0),
            address_longitude: Some(1.0 + n / 8.0),
        }
    }

    /// Seed rows whose three names differ (the real seed repeats some, e.g. Paris / Paris), so
    /// that a swapped name column shows.
    pub(crate) fn seed() -> Vec<RD> {
        vec![
            RD::row("75", "Paris", "Île-de-France", "académie de Paris"),
            RD::row("2A", "Corse-du-Sud", "Corse", "académie de Corse"),
            RD::row("974", "La Réunion", "Région Réunion", "académie de La Réunion"),
            RD::row("978", "Saint-Martin", "Collectivité de Saint-Martin", "académie de Guadeloupe"),
        ]
    }

    /// R-int_geo__venue_location-1: only `VENUE_LOCATION` rows count; among several the greatest
    /// `offerer_address_id` as a STRING wins ("9" > "10"; a naive integer max would keep "10"
    /// and give department 974). Venues without a `VENUE_LOCATION` row and addresses of unknown
    /// venues are dropped; soft-deleted venues are kept.
    #[test]
    fn r_int_geo__venue_location_1_string_greatest_address() {
        let venues = vec![venue("v1", false), venue("v2", false), venue("v3", true), venue("v4", false)];
        let addresses = vec![
            address("9", Some("v1"), Some("VENUE_LOCATION"), Some("75011"), None),
            address("10", Some("v1"), Some("VENUE_LOCATION"), Some("97400"), None),
            address("99", Some("v1"), Some("OTHER"), Some("20100"), None),
            address("98", Some("v1"), None, Some("20100"), None),
            address("11", Some("v2"), Some("OTHER"), Some("75001"), None),
            address("12", Some("v3"), Some("VENUE_LOCATION"), Some("20100"), None),
            address("13", Some("ghost"), Some("VENUE_LOCATION"), Some("75001"), None),
            address("14", None, Some("VENUE_LOCATION"), Some("75001"), None),
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&venues),
            Frame::from_rows(&addresses),
            Frame::from_rows(&seed()),
        );
        insta::assert_snapshot!(snapshot(out));
    }

    /// R-int_geo__venue_location-2 (coalesce(dept_from_postal, address department, '-1'), NOT
    /// validated against the seed: "99" stays "99"; empty postal code behaves as NULL) and
    /// R-int_geo__venue_location-3 (seed names, default `non localisé`).
    #[test]
    fn r_int_geo__venue_location_2_3_department() {
        let cases: [(&str, Option<&str>, Option<&str>); 8] = [
            ("a_corsica", Some("20100"), Some("20")),
            ("b_reunion_dept_only", None, Some("974")),
            ("c_nothing", None, None),
            ("d_unknown_99", Some("99999"), Some("75")),
            ("e_empty_postal", Some(""), Some("75")),
            ("f_saint_martin", Some("97150"), None),
            ("g_short_postal", Some("7"), Some("2A")),
            ("h_unknown_dept_only", None, Some("XX")),
        ];
        let venues: Vec<V> = cases.iter().map(|(id, _, _)| venue(id, false)).collect();
        let addresses: Vec<OA> = cases
            .iter()
            .enumerate()
            .map(|(i, (id, postal, dept))| address(&i.to_string(), Some(id), Some("VENUE_LOCATION"), *postal, *dept))
            .collect();
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&venues),
            Frame::from_rows(&addresses),
            Frame::from_rows(&seed()),
        );
        insta::assert_snapshot!(pipeline::testing::snapshot_cols(
            out,
            &[
                "venue_postal_code",
                "venue_department_code",
                "venue_department_name",
                "venue_region_name",
                "venue_academy_name"
            ]
        ));
    }
}
