//! Grain: one row per raw offerer (no deduplication per SIREN); PK `offerer_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeOfferer as O, RawApplicativeOffererTag as T};

use crate::applicative::int_applicative__venue::IntApplicativeVenue as V;

/// Every raw offerer with its venue aggregates and EPN flag (intermediate.md,
/// int_global__offerer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__offerer", layer = "intermediate", grain = "offerer_id", from = O)]
#[check(name = "partner_id_is_offerer_prefixed_id", rule = partner_id_is_offerer_prefixed_id, cite = "I-15")]
#[check(name = "totals_are_individual_only", rule = totals_are_individual_only, cite = "R-int_global__offerer-7")]
#[check(name = "venue_aggregates_null_iff_no_venue", rule = venue_aggregates_null_iff_no_venue, cite = "R-int_global__offerer-5")]
#[check(name = "venue_counts_nested", rule = venue_counts_nested, cite = "R-int_global__offerer-6")]
pub struct IntGlobalOfferer {
    /// offerer id
    pub offerer_id: String,
    /// `offerer-<offerer_id>`
    #[schema(computed)]
    pub partner_id: String,
    /// name
    pub offerer_name: Option<String>,
    /// SIREN, not unique (D-2)
    pub offerer_siren: Option<String>,
    /// `NEW`, `PENDING`, `VALIDATED`, `REJECTED`, `CLOSED`
    #[check(accepted_values = ["NEW", "PENDING", "VALIDATED", "REJECTED", "CLOSED"], cite = "sources.md §2.12")]
    pub offerer_validation_status: Option<String>,
    /// active
    pub offerer_is_active: Option<bool>,
    /// creation
    pub offerer_creation_date: Option<DtParis>,
    /// validation
    pub offerer_validation_date: Option<DtParis>,
    /// `humanize_id(offerer_id)`
    #[schema(computed)]
    pub offerer_humanized_id: Option<String>,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_used_individual_bookings: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_bookable_individual_offers: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_created_individual_offers: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_used_bookings: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_created_offers: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    pub total_bookable_offers: i64,
    /// number of distinct venues, 0 when none
    #[schema(computed)]
    pub total_managed_venues: i64,
    /// number of distinct open-to-public venues, 0 when none
    #[schema(computed)]
    pub total_permanent_managed_venues: i64,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_individual_real_revenue: Dec2,
    /// SUM of venues' current-year real revenues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_current_year_real_revenue: Dec2,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_theoretic_revenue: Dec2,
    /// SUM over venues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_global__offerer-3")]
    pub total_real_revenue: Dec2,
    /// SUM over venues, not coalesced
    // NULL for an offerer without venue.
    #[schema(from = VenueAgg)]
    pub total_non_cancelled_bookings: Option<i64>,
    /// number of venues with at least one offer; NULL without venue
    #[schema(from = VenueAgg)]
    pub total_venues: Option<i64>,
    /// MIN over venues
    #[schema(from = VenueAgg)]
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX over venues
    #[schema(from = VenueAgg)]
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN over venues
    #[schema(from = VenueAgg)]
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX over venues
    #[schema(from = VenueAgg)]
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// = `first_individual_booking_date`
    //
    #[schema(from = VenueAgg::first_individual_booking_date)]
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date`
    #[schema(from = VenueAgg::last_individual_booking_date)]
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date`
    #[schema(from = VenueAgg::first_individual_offer_creation_date)]
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date`
    #[schema(from = VenueAgg::last_individual_offer_creation_date)]
    pub last_offer_creation_date: Option<NaiveDate>,
    /// MIN over venues
    #[schema(from = VenueAgg)]
    pub first_stock_creation_date: Option<DtParis>,
    /// the offerer has the `part-epn` tag
    #[schema(computed)]
    pub offerer_is_epn: bool,
}

/// Venue aggregate per managing offerer (R-3…R-6).
#[derive(Schema)]
pub struct VenueAgg {
    #[schema(from = V::venue_managing_offerer_id)]
    pub offerer_id: String,
    pub total_non_cancelled_individual_bookings: Option<i64>,
    pub total_used_individual_bookings: Option<i64>,
    pub total_bookable_individual_offers: Option<i64>,
    pub total_created_individual_offers: Option<i64>,
    pub total_used_bookings: Option<i64>,
    pub total_created_offers: Option<i64>,
    pub total_bookable_offers: Option<i64>,
    pub total_managed_venues: i64,
    pub total_permanent_managed_venues: i64,
    pub total_individual_theoretic_revenue: Option<Dec2>,
    pub total_individual_real_revenue: Option<Dec2>,
    pub total_current_year_real_revenue: Option<Dec2>,
    pub total_theoretic_revenue: Option<Dec2>,
    pub total_real_revenue: Option<Dec2>,
    pub total_non_cancelled_bookings: Option<i64>,
    pub total_venues: Option<i64>,
    pub first_individual_booking_date: Option<NaiveDate>,
    pub last_individual_booking_date: Option<NaiveDate>,
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    pub first_stock_creation_date: Option<DtParis>,
}

/// Offerers tagged `part-epn`.
#[derive(Schema)]
#[schema(from = T)]
pub struct EpnOfferer {
    pub offerer_id: String,
    #[schema(computed)]
    pub tags: i64,
}

/// I-15: `partner_id = 'offerer-' + offerer_id`.
pub fn offerer_partner_id(partner_id: Expr, offerer_id: Expr) -> Expr {
    partner_id.eq(concat(vec![lit("offerer-"), offerer_id]))
}

fn partner_id_is_offerer_prefixed_id(f: &Frame<IntGlobalOfferer>) -> Expr {
    offerer_partner_id(f.c(IntGlobalOfferer::partner_id), f.c(IntGlobalOfferer::offerer_id))
}

/// sums of the venues' individual-only totals (R-int_applicative__venue-6) are equal too.
fn totals_are_individual_only(f: &Frame<IntGlobalOfferer>) -> Expr {
    type A = IntGlobalOfferer;
    crate::applicative::int_applicative__venue::venue_totals_individual_only(vec![
        (f.c(A::total_used_bookings), f.c(A::total_used_individual_bookings)),
        (f.c(A::total_created_offers), f.c(A::total_created_individual_offers)),
        (f.c(A::total_bookable_offers), f.c(A::total_bookable_individual_offers)),
        (f.c(A::total_theoretic_revenue), f.c(A::total_individual_theoretic_revenue)),
        (f.c(A::total_real_revenue), f.c(A::total_individual_real_revenue)),
        (f.c(A::first_booking_date), f.c(A::first_individual_booking_date)),
        (f.c(A::last_booking_date), f.c(A::last_individual_booking_date)),
        (f.c(A::first_offer_creation_date), f.c(A::first_individual_offer_creation_date)),
        (f.c(A::last_offer_creation_date), f.c(A::last_individual_offer_creation_date)),
    ])
}

/// `total_venues` and `total_non_cancelled_bookings` are NULL exactly for an
/// offerer without venue (`total_managed_venues = 0`).
fn venue_aggregates_null_iff_no_venue(f: &Frame<IntGlobalOfferer>) -> Expr {
    type A = IntGlobalOfferer;
    let no_venue = f.c(A::total_managed_venues).eq(lit(0i64));
    no_venue.clone().eq(f.c(A::total_venues).is_null()).and(no_venue.eq(f.c(A::total_non_cancelled_bookings).is_null()))
}

/// open-to-public venues and venues with an offer are among the managed venues.
fn venue_counts_nested(f: &Frame<IntGlobalOfferer>) -> Expr {
    type A = IntGlobalOfferer;
    let managed = f.c(A::total_managed_venues);
    let permanent = f.c(A::total_permanent_managed_venues);
    let with_offer = f.c(A::total_venues).fill_null(lit(0i64));
    permanent.clone().gt_eq(lit(0i64)).and(permanent.lt_eq(managed.clone())).and(with_offer.lt_eq(managed))
}

pub fn build(_ctx: &RunContext, offerers: Frame<O>, venues: Frame<V>, tags: Frame<T>) -> Frame<IntGlobalOfferer> {
    type A = VenueAgg;
    type E = EpnOfferer;
    let v = &venues;
    let agg = VenueAgg::aggregate(
        venues.clone(),
        VenueAggComputed {
            // coalesced to 0 after the join.
            total_non_cancelled_individual_bookings: sum_i64(v.c(V::total_non_cancelled_individual_bookings)),
            total_used_individual_bookings: sum_i64(v.c(V::total_used_individual_bookings)),
            total_bookable_individual_offers: sum_i64(v.c(V::total_bookable_individual_offers)),
            total_created_individual_offers: sum_i64(v.c(V::total_created_individual_offers)),
            total_used_bookings: sum_i64(v.c(V::total_used_bookings)),
            total_created_offers: sum_i64(v.c(V::total_created_offers)),
            total_bookable_offers: sum_i64(v.c(V::total_bookable_offers)),
            //
            total_managed_venues: count_distinct(v.c(V::venue_id)),
            total_permanent_managed_venues: count_distinct_where(v.c(V::venue_id), v.c(V::venue_is_open_to_public)),
            total_individual_theoretic_revenue: sum_dec2(v.c(V::total_individual_theoretic_revenue)),
            total_individual_real_revenue: sum_dec2(v.c(V::total_individual_real_revenue)),
            total_current_year_real_revenue: sum_dec2(v.c(V::total_individual_current_year_real_revenue)),
            total_theoretic_revenue: sum_dec2(v.c(V::total_theoretic_revenue)),
            total_real_revenue: sum_dec2(v.c(V::total_real_revenue)),
            // not coalesced.
            total_non_cancelled_bookings: sum_i64(v.c(V::total_non_cancelled_bookings)),
            total_venues: sum_i64(v.c(V::total_venues)),
            first_individual_booking_date: v.c(V::first_individual_booking_date).min(),
            last_individual_booking_date: v.c(V::last_individual_booking_date).max(),
            first_individual_offer_creation_date: v.c(V::first_individual_offer_creation_date).min(),
            last_individual_offer_creation_date: v.c(V::last_individual_offer_creation_date).max(),
            first_stock_creation_date: v.c(V::first_stock_creation_date).min(),
        },
    );
    // a LEFT join on the set of EPN offerers (one row per offerer, so no fan-out, R-1).
    let epn_tags = tags.clone().filter(tags.c(T::tag_name).eq(lit("part-epn")));
    let epn = EpnOfferer::aggregate(epn_tags.clone(), EpnOffererComputed { tags: count(epn_tags.c(T::tag_name)) });
    let on_agg = on(O::offerer_id, A::offerer_id);
    let j = offerers.left_join(agg, on_agg);
    let on_epn = on(O::offerer_id, E::offerer_id);
    let j = j.left_join(epn, on_epn);

    let zero_i = |e: Expr| e.fill_null(lit(0i64));
    let zero_d = |e: Expr| e.fill_null(lit_dec2(0));
    IntGlobalOfferer::project(
        j.clone(),
        IntGlobalOffererComputed {
            //
            partner_id: concat(vec![lit("offerer-"), j.c(O::offerer_id)]),
            offerer_humanized_id: humanize_id_expr(j.c(O::offerer_id)),
            // coalesced to 0.
            total_non_cancelled_individual_bookings: zero_i(j.c(A::total_non_cancelled_individual_bookings)),
            total_used_individual_bookings: zero_i(j.c(A::total_used_individual_bookings)),
            total_bookable_individual_offers: zero_i(j.c(A::total_bookable_individual_offers)),
            total_created_individual_offers: zero_i(j.c(A::total_created_individual_offers)),
            total_used_bookings: zero_i(j.c(A::total_used_bookings)),
            total_created_offers: zero_i(j.c(A::total_created_offers)),
            total_bookable_offers: zero_i(j.c(A::total_bookable_offers)),
            total_managed_venues: zero_i(j.c(A::total_managed_venues)),
            total_permanent_managed_venues: zero_i(j.c(A::total_permanent_managed_venues)),
            total_individual_theoretic_revenue: zero_d(j.c(A::total_individual_theoretic_revenue)),
            total_individual_real_revenue: zero_d(j.c(A::total_individual_real_revenue)),
            total_current_year_real_revenue: zero_d(j.c(A::total_current_year_real_revenue)),
            total_theoretic_revenue: zero_d(j.c(A::total_theoretic_revenue)),
            total_real_revenue: zero_d(j.c(A::total_real_revenue)),
            //
            offerer_is_epn: j.c(E::offerer_id).is_not_null(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot_cols};

    fn offerer(id: &str, siren: Option<&str>) -> O {
        O { offerer_id: id.into(), offerer_siren: siren.map(Into::into), ..Default::default() }
    }

    fn tag(offerer: &str, name: &str) -> T {
        T { offerer_id: offerer.into(), tag_name: name.into() }
    }

    /// A venue of `offerer` whose counters are `n` × 11 (bookings), × 7 (non-cancelled), × 5
    /// (used), × 4 (created offers), × 3 (bookable offers), and whose revenues are `cents`
    /// (theoretic), 70 % of it (real), 30 % (current year): every counter has its own value, and
    /// each v1 total equals its individual one (R-int_applicative__venue-6).
    fn venue(id: &str, offerer: &str, open: Option<bool>, n: i64, cents: i128, has_offer: bool) -> V {
        let (real, current_year) = (Dec2(cents * 7 / 10), Dec2(cents * 3 / 10));
        V {
            venue_id: id.into(),
            venue_managing_offerer_id: offerer.into(),
            venue_is_open_to_public: open,
            total_individual_bookings: has_offer.then_some(11 * n),
            total_non_cancelled_individual_bookings: 7 * n,
            total_used_individual_bookings: 5 * n,
            total_created_individual_offers: 4 * n,
            total_bookable_individual_offers: 3 * n,
            total_venues: has_offer as i64,
            total_individual_theoretic_revenue: Dec2(cents),
            total_individual_real_revenue: real,
            total_individual_current_year_real_revenue: current_year,
            total_bookings: 11 * n,
            total_non_cancelled_bookings: 7 * n,
            total_used_bookings: 5 * n,
            total_created_offers: 4 * n,
            total_bookable_offers: 3 * n,
            total_theoretic_revenue: Dec2(cents),
            total_real_revenue: real,
            ..Default::default()
        }
    }

    /// Booking dates, offer creation dates (each pair first/last) and the first stock creation;
    /// the v1 date columns equal the individual ones (R-int_applicative__venue-6).
    fn with_dates(v: V, bookings: (&str, &str), offers: (&str, &str), stock: &str) -> V {
        let d = |s: &str| Some(pipeline::date(s));
        V {
            first_individual_booking_date: d(bookings.0),
            last_individual_booking_date: d(bookings.1),
            first_individual_offer_creation_date: d(offers.0),
            last_individual_offer_creation_date: d(offers.1),
            first_stock_creation_date: Some(DtParis(pipeline::dt(stock))),
            first_booking_date: d(bookings.0),
            last_booking_date: d(bookings.1),
            first_offer_creation_date: d(offers.0),
            last_offer_creation_date: d(offers.1),
            ..v
        }
    }

    /// R-int_global__offerer-1 (one row per raw offerer, no SIREN deduplication: D-2, two offerers sharing
    /// SIREN "123" and NULL SIRENs all kept), R-int_global__offerer-2 (partner id and humanized id: 1 → AE,
    /// 64 → 9A, non-numeric → NULL).
    #[test]
    fn r_int_global__offerer_1_2_one_row_per_offerer() {
        let offerers =
            vec![offerer("1", Some("123")), offerer("64", Some("123")), offerer("7", None), offerer("abc", None)];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offerers),
            Frame::<V>::from_rows(&[]),
            Frame::<T>::from_rows(&[]),
        );
        insta::assert_snapshot!(snapshot_cols(out, &["partner_id", "offerer_siren", "offerer_humanized_id"]));
    }

    /// R-int_global__offerer-3 (sums coalesced to 0, exact money 0.10 + 0.20 = 0.30, MIN/MAX of dates),
    /// R-int_global__offerer-4 (`total_non_cancelled_bookings` NULL, not 0, without venue),
    /// R-int_global__offerer-5 (`total_venues` = venues having an offer: 2 of 3 for o1, 0 for o3 whose venue
    /// has no offer, NULL for o2 without venue), R-int_global__offerer-6 (`total_managed_venues` distinct
    /// venues; `total_permanent_managed_venues` counts `venue_is_open_to_public` = true only: a NULL flag is
    /// not counted, a naive count of non-NULL flags would give 2), R-int_global__offerer-7 (first/last
    /// booking and offer creation dates equal the individual ones).
    #[test]
    fn r_int_global__offerer_3_4_5_6_7_venue_aggregate() {
        let offerers = vec![offerer("o1", None), offerer("o2", None), offerer("o3", None)];
        let venues = vec![
            with_dates(
                venue("va", "o1", Some(true), 1, 10, true),
                ("2025-01-05", "2025-02-01"),
                ("2024-11-01", "2024-12-15"),
                "2024-12-01 08:00:00",
            ),
            with_dates(
                venue("vb", "o1", None, 2, 20, true),
                ("2025-01-02", "2025-03-01"),
                ("2024-10-20", "2025-01-10"),
                "2024-12-02 08:00:00",
            ),
            venue("vc", "o1", Some(false), 0, 0, false),
            venue("vd", "o3", Some(true), 0, 0, false),
            venue("ve", "ghost", Some(true), 9, 900, true),
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offerers),
            Frame::from_rows(&venues),
            Frame::<T>::from_rows(&[]),
        );
        insta::assert_snapshot!(snapshot_cols(
            out.clone(),
            &[
                "total_non_cancelled_individual_bookings",
                "total_used_individual_bookings",
                "total_bookable_individual_offers",
                "total_created_individual_offers",
                "total_created_offers",
                "total_managed_venues",
                "total_permanent_managed_venues",
                "total_individual_theoretic_revenue",
                "total_individual_real_revenue",
                "total_current_year_real_revenue",
                "total_real_revenue",
                "total_non_cancelled_bookings",
                "total_venues",
                "first_individual_booking_date",
                "last_individual_booking_date",
                "first_individual_offer_creation_date",
                "last_individual_offer_creation_date",
                "first_stock_creation_date",
                "offerer_is_epn"
            ]
        ));
        // the v1 totals equal the individual ones.
        for o in rows(out) {
            assert_eq!(o.total_used_bookings, o.total_used_individual_bookings, "{}", o.offerer_id);
            assert_eq!(o.total_created_offers, o.total_created_individual_offers, "{}", o.offerer_id);
            assert_eq!(o.total_bookable_offers, o.total_bookable_individual_offers, "{}", o.offerer_id);
            assert_eq!(o.total_theoretic_revenue, o.total_individual_theoretic_revenue);
            assert_eq!(o.total_real_revenue, o.total_individual_real_revenue);
            assert_eq!(o.first_booking_date, o.first_individual_booking_date);
            assert_eq!(o.last_booking_date, o.last_individual_booking_date);
            assert_eq!(o.first_offer_creation_date, o.first_individual_offer_creation_date);
            assert_eq!(o.last_offer_creation_date, o.last_individual_offer_creation_date);
        }
    }

    /// R-int_global__offerer-8: EPN iff a (`offerer_id`, `part-epn`) tag row exists; other tags neither fan
    /// out the offerer (R-int_global__offerer-1) nor count; the tag name match is exact (`PART-EPN` is not
    /// EPN); an untagged offerer is false (not NULL).
    #[test]
    fn r_int_global__offerer_8_epn() {
        let offerers = vec![offerer("1", None), offerer("2", None), offerer("3", None), offerer("4", None)];
        let tags = vec![
            tag("1", "part-epn"),
            tag("1", "other"),
            tag("2", "other"),
            tag("3", "PART-EPN"),
            tag("9", "part-epn"),
        ];
        let out =
            build(&ctx("2026-11-27"), Frame::from_rows(&offerers), Frame::<V>::from_rows(&[]), Frame::from_rows(&tags));
        insta::assert_snapshot!(snapshot_cols(out, &["offerer_is_epn"]));
    }

    /// Pass-through columns keep the offerer's column, each filled with values no other column of
    /// its type has (two offerers, so that the boolean columns differ too); `partner_id`, the
    /// humanized id and the EPN flag follow R-int_global__offerer-2 and -8. Without venues the
    /// totals are 0 or NULL (R-int_global__offerer-3…6).
    #[test]
    fn r_int_global__offerer_columns_pass_through_unswapped() {
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        let offerers = vec![
            O {
                offerer_id: "1".into(),
                offerer_name: Some("Offerer 1".into()),
                offerer_siren: Some("111111111".into()),
                offerer_is_active: Some(false),
                offerer_validation_status: Some("VALIDATED".into()),
                offerer_creation_date: paris("2024-01-01 10:00:00"),
                offerer_validation_date: paris("2024-01-02 11:00:00"),
            },
            O {
                offerer_id: "2".into(),
                offerer_name: Some("Offerer 2".into()),
                offerer_siren: Some("222222222".into()),
                offerer_is_active: None,
                offerer_validation_status: Some("PENDING".into()),
                offerer_creation_date: paris("2024-02-03 12:00:00"),
                offerer_validation_date: None,
            },
        ];
        let pass = |o: &O| IntGlobalOfferer {
            offerer_id: o.offerer_id.clone(),
            offerer_name: o.offerer_name.clone(),
            offerer_siren: o.offerer_siren.clone(),
            offerer_validation_status: o.offerer_validation_status.clone(),
            offerer_is_active: o.offerer_is_active,
            offerer_creation_date: o.offerer_creation_date,
            offerer_validation_date: o.offerer_validation_date,
            ..Default::default()
        };
        let out = rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offerers),
            Frame::<V>::from_rows(&[]),
            Frame::from_rows(&[tag("1", "part-epn")]),
        ));
        assert_eq!(
            out,
            vec![
                IntGlobalOfferer {
                    partner_id: "offerer-1".into(),
                    offerer_humanized_id: Some("AE".into()),
                    offerer_is_epn: true,
                    ..pass(&offerers[0])
                },
                IntGlobalOfferer {
                    partner_id: "offerer-2".into(),
                    offerer_humanized_id: Some("A9".into()),
                    offerer_is_epn: false,
                    ..pass(&offerers[1])
                },
            ]
        );
    }
}
