//! Grain: one row per raw user (all roles); PK `user_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeUser as U, RawSeedRegionDepartment as RD};

/// Postal code and department/region/academy of every raw user (intermediate.md,
/// int_geo__user_location).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_geo__user_location", layer = "intermediate", grain = "user_id", from = U)]
#[check(name = "unknown_department_not_located", rule = unknown_department_not_located, cite = "R-int_geo__user_location-3")]
pub struct IntGeoUserLocation {
    /// user id
    pub user_id: String,
    /// app postal code, empty string as NULL
    #[schema(computed)]
    pub user_postal_code: Option<String>,
    /// seed department code matching the candidate, else `-1`
    #[schema(computed)]
    pub user_department_code: String,
    /// seed department name, default `non localisé`
    #[schema(computed)]
    pub user_department_name: String,
    /// seed region name, default `non localisé`
    #[schema(computed)]
    pub user_region_name: String,
    /// seed academy name, default `non localisé`
    #[schema(computed)]
    pub user_academy_name: String,
}

/// the code is `-1` exactly when no seed row matched, and then every name is the
/// `non localisé` default.
fn unknown_department_not_located(f: &Frame<IntGeoUserLocation>) -> Expr {
    type A = IntGeoUserLocation;
    let unknown = f.c(A::user_department_code).eq(lit("-1"));
    let default = |c: Expr| c.eq(lit("non localisé"));
    unknown
        .clone()
        .eq(default(f.c(A::user_department_name)))
        .and(unknown.clone().eq(default(f.c(A::user_region_name))))
        .and(unknown.eq(default(f.c(A::user_academy_name))))
}

pub fn build(_ctx: &RunContext, users: Frame<U>, departments: Frame<RD>) -> Frame<IntGeoUserLocation> {
    let raw_postal = users.c(U::user_postal_code);
    // the empty string becomes NULL (D-18).
    let postal_code = when(raw_postal.clone().eq(lit(""))).then(null_str()).otherwise(raw_postal);
    //
    let candidate = dept_from_postal_expr(postal_code.clone()).fill_null(users.c(U::user_department_code));
    let on_seed = on_expr(candidate, RD::num_dep);
    let j = users.left_join(departments, on_seed);
    //
    let or_unlocated = |e: Expr| e.fill_null(lit("non localisé"));
    IntGeoUserLocation::project(
        j.clone(),
        IntGeoUserLocationComputed {
            user_postal_code: postal_code,
            // an unknown candidate becomes `-1` (unlike venues).
            user_department_code: j.c(RD::num_dep).fill_null(lit("-1")),
            user_department_name: or_unlocated(j.c(RD::dep_name)),
            user_region_name: or_unlocated(j.c(RD::region_name)),
            user_academy_name: or_unlocated(j.c(RD::academy_name)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot};

    fn user(id: &str, postal: Option<&str>, dept: Option<&str>) -> U {
        U {
            user_id: id.into(),
            user_postal_code: postal.map(Into::into),
            user_department_code: dept.map(Into::into),
            ..Default::default()
        }
    }

    /// Seed rows whose three names differ (the real seed repeats some, e.g. Paris / Paris), so
    /// that a swapped name column shows.
    fn seed() -> Vec<RD> {
        vec![
            RD::row("75", "Paris", "Île-de-France", "académie de Paris"),
            RD::row("2B", "Haute-Corse", "Corse", "académie de Corse"),
            RD::row("974", "La Réunion", "Région Réunion", "académie de La Réunion"),
        ]
    }

    /// R-int_geo__user_location-1 (empty postal code → NULL; a naive copy would keep ""),
    /// R-int_geo__user_location-2 (candidate = coalesce(dept_from_postal(postal), raw department); "" behaves
    /// as NULL), R-int_geo__user_location-3 (an unknown candidate becomes '-1', unlike venues: a naive copy
    /// of the candidate would give "99" / "XX"), R-int_geo__user_location-4 (seed names, default `non
    /// localisé`). No row loss.
    #[test]
    fn r_int_geo__user_location_1_2_3_4_department() {
        let users = vec![
            user("a_paris", Some("75011"), Some("2B")),
            user("b_empty_postal", Some(""), Some("974")),
            user("c_corsica", Some("20200"), None),
            user("d_unknown_postal", Some("99000"), Some("75")),
            user("e_nothing", None, None),
            user("f_unknown_dept", None, Some("XX")),
            user("g_reunion", Some("97400"), None),
            user("h_short_postal", Some("7"), Some("75")),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&users), Frame::from_rows(&seed()));
        insta::assert_snapshot!(snapshot(out));
    }
}
