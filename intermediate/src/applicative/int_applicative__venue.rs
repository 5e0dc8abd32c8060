//! Grain: one row per non-soft-deleted venue; PK `venue_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeVenue as V, RawApplicativeVenueLabel as VL};

use super::int_applicative__offer::IntApplicativeOffer as O;
use crate::geo::int_geo__venue_location::IntGeoVenueLocation as L;

/// Live venues with labels, location and offer/booking aggregates (intermediate.md,
/// int_applicative__venue).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__venue", layer = "intermediate", grain = "venue_id", from = V)]
#[check(name = "totals_are_individual_only", rule = totals_are_individual_only, cite = "R-int_applicative__venue-6")]
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
    #[schema(computed)]
    pub venue_type_label: Option<String>,
    /// label of the activity code
    #[schema(computed)]
    pub venue_activity: Option<String>,
    /// venue label text
    #[schema(from = VL)]
    pub venue_label: Option<String>,
    /// backoffice URL of the venue
    #[schema(computed)]
    pub venue_backoffice_link: String,
    /// `humanize_id(venue_id)`
    #[schema(computed)]
    pub venue_humanized_id: Option<String>,
    /// street, NULL without location row
    // Location: all NULL without a location row (K-30).
    #[schema(from = L)]
    pub venue_street: Option<String>,
    /// postal code, NULL without location row
    #[schema(from = L)]
    pub venue_postal_code: Option<String>,
    /// department code, NULL without location row (R-int_geo__venue_location-2)
    #[schema(from = L)]
    pub venue_department_code: Option<String>,
    /// department name, NULL without location row (R-int_geo__venue_location-3)
    #[schema(from = L)]
    pub venue_department_name: Option<String>,
    /// region name, NULL without location row (R-int_geo__venue_location-3)
    #[schema(from = L)]
    pub venue_region_name: Option<String>,
    /// academy name, NULL without location row (R-int_geo__venue_location-3)
    #[schema(from = L)]
    pub venue_academy_name: Option<String>,
    /// latitude, NULL without location row
    #[schema(from = L)]
    pub venue_latitude: Option<f64>,
    /// longitude, NULL without location row
    #[schema(from = L)]
    pub venue_longitude: Option<f64>,
    /// SUM of the offers' booking counts, not coalesced
    // `total_individual_bookings` not coalesced; the others coalesced to 0.
    #[schema(from = OfferAgg)]
    pub total_individual_bookings: Option<i64>,
    /// SUM of the offers' non-cancelled booking counts, coalesced to 0
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM of the offers' used booking counts, coalesced to 0
    #[schema(computed)]
    pub total_used_individual_bookings: i64,
    /// number of APPROVED offers
    #[schema(computed)]
    pub total_created_individual_offers: i64,
    /// number of distinct bookable offers
    #[schema(computed)]
    pub total_bookable_individual_offers: i64,
    /// 1 if the venue has a kept offer, else 0
    #[schema(computed)]
    #[check(min = 0, max = 1, cite = "R-int_applicative__venue-5")]
    pub total_venues: i64,
    /// SUM of the offers' theoretic revenues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_individual_theoretic_revenue: Dec2,
    /// SUM of the offers' real revenues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_individual_real_revenue: Dec2,
    /// SUM of the offers' current-year real revenues, coalesced to 0
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_applicative__venue-5")]
    pub total_individual_current_year_real_revenue: Dec2,
    /// MIN of the offers' first booking dates
    #[schema(from = OfferAgg)]
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the offers' last booking dates
    #[schema(from = OfferAgg)]
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN creation date of APPROVED offers
    #[schema(from = OfferAgg)]
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    /// MAX creation date of APPROVED offers
    #[schema(from = OfferAgg)]
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    /// MIN of the offers' first stock creation
    #[schema(from = OfferAgg)]
    pub first_stock_creation_date: Option<DtParis>,
    /// `coalesce(total_individual_bookings, 0)`
    #[schema(computed)]
    pub total_bookings: i64,
    /// = `total_non_cancelled_individual_bookings`
    #[schema(computed)]
    pub total_non_cancelled_bookings: i64,
    /// = `total_used_individual_bookings`
    #[schema(computed)]
    pub total_used_bookings: i64,
    /// = `total_created_individual_offers`
    #[schema(computed)]
    pub total_created_offers: i64,
    /// = `total_bookable_individual_offers`
    #[schema(computed)]
    pub total_bookable_offers: i64,
    /// = `total_individual_theoretic_revenue`
    #[schema(computed)]
    pub total_theoretic_revenue: Dec2,
    /// = `total_individual_real_revenue`
    #[schema(computed)]
    pub total_real_revenue: Dec2,
    /// = `first_individual_booking_date`
    #[schema(from = OfferAgg::first_individual_booking_date)]
    pub first_booking_date: Option<NaiveDate>,
    /// = `last_individual_booking_date`
    #[schema(from = OfferAgg::last_individual_booking_date)]
    pub last_booking_date: Option<NaiveDate>,
    /// = `first_individual_offer_creation_date`
    #[schema(from = OfferAgg::first_individual_offer_creation_date)]
    pub first_offer_creation_date: Option<NaiveDate>,
    /// = `last_individual_offer_creation_date`
    #[schema(from = OfferAgg::last_individual_offer_creation_date)]
    pub last_offer_creation_date: Option<NaiveDate>,
}

/// Offer aggregate per venue.
#[derive(Schema)]
#[schema(from = O)]
pub struct OfferAgg {
    pub venue_id: String,
    #[schema(computed)]
    pub total_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_used_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_created_individual_offers: i64,
    #[schema(computed)]
    pub total_bookable_individual_offers: i64,
    #[schema(computed)]
    pub total_venues: i64,
    #[schema(computed)]
    pub total_individual_theoretic_revenue: Option<Dec2>,
    #[schema(computed)]
    pub total_individual_real_revenue: Option<Dec2>,
    #[schema(computed)]
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    #[schema(computed)]
    pub first_individual_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub last_individual_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub first_individual_offer_creation_date: Option<NaiveDate>,
    #[schema(computed)]
    pub last_individual_offer_creation_date: Option<NaiveDate>,
    #[schema(computed)]
    pub first_stock_creation_date: Option<DtParis>,
}

/// venue type code → label (apostrophes are U+2019).
const VENUE_TYPE_LABELS: &[(&str, Option<&str>)] = &[
    ("ADMINISTRATIVE", Some("Lieu administratif")),
    ("DIGITAL", Some("Offre numérique")),
    ("BOOKSTORE", Some("Librairie")),
    ("PERFORMING_ARTS", Some("Spectacle vivant")),
    ("ARTISTIC_COURSE", Some("Cours et pratique artistiques")),
    ("MOVIE", Some("Cinéma - Salle de projections")),
    ("OTHER", Some("Autre")),
    ("CONCERT_HALL", Some("Musique - Salle de concerts")),
    ("MUSEUM", Some("Musée")),
    ("CULTURAL_CENTRE", Some("Centre culturel")),
    ("PATRIMONY_TOURISM", Some("Patrimoine et tourisme")),
    ("FESTIVAL", Some("Festival")),
    ("MUSICAL_INSTRUMENT_STORE", Some("Musique - Magasin d\u{2019}instruments")),
    ("LIBRARY", Some("Bibliothèque ou médiathèque")),
    ("VISUAL_ARTS", Some("Arts visuels, arts plastiques et galeries")),
    ("GAMES", Some("Jeux / Jeux vidéos")),
    ("CREATIVE_ARTS_STORE", Some("Magasin arts créatifs")),
    ("RECORD_STORE", Some("Musique - Disquaire")),
    ("SCIENTIFIC_CULTURE", Some("Culture scientifique")),
    ("TRAVELING_CINEMA", Some("Cinéma itinérant")),
    ("DISTRIBUTION_STORE", Some("Magasin de grande distribution")),
];

/// activity code → label (apostrophes are U+2019).
const VENUE_ACTIVITY_LABELS: &[(&str, Option<&str>)] = &[
    ("ART_GALLERY", Some("Galerie d\u{2019}art")),
    ("ART_SCHOOL", Some("Conservatoire ou école d\u{2019}arts")),
    ("ARTISTIC_COMPANY", Some("Compagnie artistique")),
    ("ARTISTIC_PRACTICE", Some("Pratique ou enseignement artistique")),
    ("ARTS_CENTRE", Some("Centre d\u{2019}arts ou FRAC")),
    ("ARTS_EDUCATION", Some("Formation ou enseignement artistique")),
    ("BOOKSTORE", Some("Librairie")),
    ("CINEMA", Some("Cinéma")),
    ("COMMUNITY_CENTRE", Some("Centre socio-culturel")),
    ("CREATIVE_ARTS_STORE", Some("Magasin d\u{2019}arts créatifs")),
    ("CULTURAL_CENTRE", Some("Lieu culturel pluridisciplinaire (tiers-lieu, friche, etc…)")),
    ("CULTURAL_MEDIATION", Some("Médiation culturelle")),
    ("DISTRIBUTION_STORE", Some("Magasin de distribution de produits culturels")),
    ("FESTIVAL", Some("Festival")),
    ("GAMES_CENTRE", Some("Espace ludique")),
    ("HERITAGE_SITE", Some("Activité patrimoniale, historique ou touristique")),
    ("HIGHER_EDUCATION_INSTITUTION", Some("Enseignement supérieur (arts, architecture, etc…)")),
    ("LIBRARY", Some("Bibliothèque ou médiathèque")),
    ("MUNICIPALITY_CULTURAL_DEPARTMENT", Some("Service culturel de collectivité")),
    ("MUSEUM", Some("Musée")),
    ("MUSIC_INSTRUMENT_STORE", Some("Magasin d\u{2019}instruments de musique")),
    ("OTHER", Some("Autre")),
    ("PERFORMANCE_HALL", Some("Salle de spectacles")),
    ("PRESS", Some("Presse")),
    ("PRESS_OR_MEDIA", Some("Presse ou média")),
    ("PRODUCTION_OR_PROMOTION_COMPANY", Some("Société de production, tourneur ou label")),
    ("PUBLISHING_HOUSE", Some("Maison d\u{2019}édition")),
    ("RADIO_OR_MUSIC_STREAMING", Some("Radio ou streaming musical")),
    ("RECORD_STORE", Some("Disquaire")),
    ("SCIENCE_CENTRE", Some("Centre de culture scientifique, technique et industrielle")),
    ("SCIENTIFIC_CULTURE", Some("Culture scientifique")),
    ("STREAMING_PLATFORM", Some("Plateforme de streaming musique ou vidéo")),
    ("TELEVISION_OR_VIDEO_STREAMING", Some("Télévision ou streaming vidéo")),
    ("TOURIST_INFORMATION_CENTRE", Some("Office de tourisme")),
    ("TRAVELLING_CINEMA", Some("Cinéma itinérant")),
];

fn totals_are_individual_only(f: &Frame<IntApplicativeVenue>) -> Expr {
    type A = IntApplicativeVenue;
    venue_totals_individual_only(
        [
            (f.c(A::total_bookings), f.c(A::total_individual_bookings).fill_null(lit(0i64))),
            (f.c(A::total_non_cancelled_bookings), f.c(A::total_non_cancelled_individual_bookings)),
            (f.c(A::total_used_bookings), f.c(A::total_used_individual_bookings)),
            (f.c(A::total_created_offers), f.c(A::total_created_individual_offers)),
            (f.c(A::total_bookable_offers), f.c(A::total_bookable_individual_offers)),
            (f.c(A::total_theoretic_revenue), f.c(A::total_individual_theoretic_revenue)),
            (f.c(A::total_real_revenue), f.c(A::total_individual_real_revenue)),
            (f.c(A::first_booking_date), f.c(A::first_individual_booking_date)),
            (f.c(A::last_booking_date), f.c(A::last_individual_booking_date)),
            (f.c(A::first_offer_creation_date), f.c(A::first_individual_offer_creation_date)),
            (f.c(A::last_offer_creation_date), f.c(A::last_individual_offer_creation_date)),
        ]
        .into(),
    )
}

/// R-6 (D-12): every v1 total equals its individual counterpart (NULL equal to NULL).
pub fn venue_totals_individual_only(pairs: Vec<(Expr, Expr)>) -> Expr {
    pairs.into_iter().map(|(total, individual)| same(total, individual)).reduce(Expr::and).expect("pairs")
}

pub fn build(
    _ctx: &RunContext,
    venues: Frame<V>,
    locations: Frame<L>,
    offers: Frame<O>,
    labels: Frame<VL>,
) -> Frame<IntApplicativeVenue> {
    type A = OfferAgg;
    // every kept offer, any validation state.
    let o = &offers;
    let approved = o.c(O::offer_validation).eq(lit("APPROVED"));
    let agg = OfferAgg::aggregate(
        offers.clone(),
        OfferAggComputed {
            total_individual_bookings: sum_i64(o.c(O::total_individual_bookings)),
            total_non_cancelled_individual_bookings: sum_i64(o.c(O::total_non_cancelled_individual_bookings)),
            total_used_individual_bookings: sum_i64(o.c(O::total_used_individual_bookings)),
            total_created_individual_offers: count_where(approved.clone()),
            total_bookable_individual_offers: count_distinct_where(o.c(O::offer_id), o.c(O::offer_is_bookable)),
            total_venues: count_distinct(o.c(O::venue_id)),
            total_individual_theoretic_revenue: sum_dec2(o.c(O::total_individual_theoretic_revenue)),
            total_individual_real_revenue: sum_dec2(o.c(O::total_individual_real_revenue)),
            total_individual_current_year_real_revenue: sum_dec2(o.c(O::total_individual_current_year_real_revenue)),
            first_individual_booking_date: o.c(O::first_individual_booking_date).min(),
            last_individual_booking_date: o.c(O::last_individual_booking_date).max(),
            first_individual_offer_creation_date: min_where(o.c(O::offer_creation_date), approved.clone()),
            last_individual_offer_creation_date: max_where(o.c(O::offer_creation_date), approved),
            first_stock_creation_date: o.c(O::first_stock_creation_date).min(),
        },
    );
    //
    let live = venues.clone().filter(venues.c(V::venue_is_soft_deleted).not());
    let on_location = on(V::venue_id, L::venue_id);
    let j = live.left_join(locations, on_location);
    let on_agg = on(V::venue_id, A::venue_id);
    let j = j.left_join(agg, on_agg);
    let on_label = on(V::venue_label_id, VL::venue_label_id);
    let j = j.left_join(labels, on_label);

    let zero_i = |e: Expr| e.fill_null(lit(0i64));
    let zero_d = |e: Expr| e.fill_null(lit_dec2(0));
    let non_cancelled = zero_i(j.c(A::total_non_cancelled_individual_bookings));
    let used = zero_i(j.c(A::total_used_individual_bookings));
    let created = zero_i(j.c(A::total_created_individual_offers));
    let bookable = zero_i(j.c(A::total_bookable_individual_offers));
    let theoretic = zero_d(j.c(A::total_individual_theoretic_revenue));
    let real = zero_d(j.c(A::total_individual_real_revenue));
    IntApplicativeVenue::project(
        j.clone(),
        IntApplicativeVenueComputed {
            // unknown codes kept, NULL stays NULL.
            venue_type_label: remap(j.c(V::venue_type_code), VENUE_TYPE_LABELS),
            venue_activity: remap(j.c(V::venue_activity), VENUE_ACTIVITY_LABELS),
            //
            venue_backoffice_link: concat(vec![
                lit("https://backoffice.passculture.team/pro/venue/"),
                j.c(V::venue_id),
            ]),
            venue_humanized_id: humanize_id_expr(j.c(V::venue_id)),
            total_non_cancelled_individual_bookings: non_cancelled.clone(),
            total_used_individual_bookings: used.clone(),
            total_created_individual_offers: created.clone(),
            total_bookable_individual_offers: bookable.clone(),
            total_venues: zero_i(j.c(A::total_venues)),
            total_individual_theoretic_revenue: theoretic.clone(),
            total_individual_real_revenue: real.clone(),
            total_individual_current_year_real_revenue: zero_d(j.c(A::total_individual_current_year_real_revenue)),
            // individual-only totals (D-12).
            total_bookings: zero_i(j.c(A::total_individual_bookings)),
            total_non_cancelled_bookings: non_cancelled,
            total_used_bookings: used,
            total_created_offers: created,
            total_bookable_offers: bookable,
            total_theoretic_revenue: theoretic,
            total_real_revenue: real,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot_cols};

    fn venue(id: &str) -> V {
        V { venue_id: id.into(), venue_managing_offerer_id: "o1".into(), ..Default::default() }
    }

    fn offer(id: &str, venue: &str, validation: Option<&str>, bookable: bool, created: &str) -> O {
        O {
            offer_id: id.into(),
            venue_id: venue.into(),
            offer_validation: validation.map(Into::into),
            offer_is_bookable: bookable,
            offer_creation_date: pipeline::date(created),
            offer_created_at: DtParis(pipeline::dt(&format!("{created} 12:00:00"))),
            ..Default::default()
        }
    }

    fn with_counts(o: O, bookings: i64, non_cancelled: i64, used: i64) -> O {
        O {
            total_individual_bookings: Some(bookings),
            total_non_cancelled_individual_bookings: Some(non_cancelled),
            total_used_individual_bookings: Some(used),
            ..o
        }
    }

    fn with_money(o: O, theoretic: i128, real: i128, current_year: i128) -> O {
        O {
            total_individual_theoretic_revenue: Some(Dec2(theoretic)),
            total_individual_real_revenue: Some(Dec2(real)),
            total_individual_current_year_real_revenue: Some(Dec2(current_year)),
            ..o
        }
    }

    fn with_dates(o: O, first_booking: &str, last_booking: &str, first_stock: &str) -> O {
        O {
            first_individual_booking_date: Some(pipeline::date(first_booking)),
            last_individual_booking_date: Some(pipeline::date(last_booking)),
            first_stock_creation_date: Some(DtParis(pipeline::dt(first_stock))),
            ..o
        }
    }

    fn run(venues: Vec<V>, locations: Vec<L>, offers: Vec<O>, labels: Vec<VL>) -> Frame<IntApplicativeVenue> {
        build(
            &ctx("2026-11-27"),
            Frame::from_rows(&venues),
            Frame::from_rows(&locations),
            Frame::from_rows(&offers),
            Frame::from_rows(&labels),
        )
    }

    /// R-int_applicative__venue-1 (soft-deleted venue "64" dropped), R-int_applicative__venue-2 (type label
    /// with a U+2019 apostrophe, unknown code kept, NULL stays NULL), R-int_applicative__venue-3 (activity
    /// label, unknown kept), R-int_applicative__venue-4 (backoffice link and humanized id: 1 → AE, 112 → 8A,
    /// 1234 → ATJA), label text via `venue_label_id` (unknown label id → NULL).
    #[test]
    fn r_int_applicative__venue_1_2_3_4_labels_links() {
        let venues = vec![
            V {
                venue_type_code: Some("MUSICAL_INSTRUMENT_STORE".into()),
                venue_activity: Some("ART_GALLERY".into()),
                venue_label_id: Some("L1".into()),
                ..venue("1")
            },
            V { venue_is_soft_deleted: true, venue_type_code: Some("MUSEUM".into()), ..venue("64") },
            V {
                venue_type_code: Some("NEW_CODE".into()),
                venue_activity: None,
                venue_label_id: Some("missing".into()),
                ..venue("112")
            },
            V { venue_type_code: None, venue_activity: Some("CULTURAL_CENTRE".into()), ..venue("1234") },
            V {
                venue_type_code: Some("TRAVELING_CINEMA".into()),
                venue_activity: Some("NEW_ACTIVITY".into()),
                ..venue("abc")
            },
        ];
        let labels = vec![VL { venue_label_id: "L1".into(), venue_label: Some("Label 1".into()) }];
        let out = run(venues, vec![], vec![], labels);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &["venue_type_label", "venue_activity", "venue_label", "venue_backoffice_link", "venue_humanized_id"]
        ));
    }

    /// Location columns come from `int_geo__venue_location` (R-int_geo__venue_location-2/3) and
    /// are all NULL, with no `non localisé` / `-1` default, when the venue has no location row
    /// (K-30).
    #[test]
    fn r_int_applicative__venue_location_columns() {
        let locations = vec![L {
            venue_id: "v1".into(),
            venue_postal_code: Some("13001".into()),
            venue_latitude: Some(43.25),
            venue_longitude: Some(5.375),
            venue_street: Some("1 rue X".into()),
            venue_department_code: "13".into(),
            venue_department_name: "Bouches-du-Rhône".into(),
            venue_region_name: "Provence-Alpes-Côte d'Azur".into(),
            venue_academy_name: "Aix-Marseille".into(),
        }];
        let out = run(vec![venue("v1"), venue("v2")], locations, vec![], vec![]);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "venue_street",
                "venue_postal_code",
                "venue_department_code",
                "venue_department_name",
                "venue_region_name",
                "venue_academy_name",
                "venue_latitude",
                "venue_longitude"
            ]
        ));
    }

    /// R-int_applicative__venue-5: offer aggregate. `va`: APPROVED offers counted (3, a naive
    /// COUNT(*) gives 4; 2 of them bookable), offer creation dates over APPROVED offers only (first = 2025-01-01, a
    /// naive MIN gives the PENDING 2024-06-01), first stock creation over all offers, money summed
    /// exactly (0.10 + 0.20 = 0.30). `vb`: offers without stock → `total_individual_bookings` NULL
    /// (not 0) while the other counters and revenues are 0, `total_venues` 1. `vc`: no offer →
    /// `total_venues` 0. `vd`: NULL validation is not APPROVED (three-valued). Offers of unknown
    /// venues vanish.
    #[test]
    fn r_int_applicative__venue_5_offer_aggregate() {
        let offers = vec![
            with_dates(
                with_money(
                    with_counts(offer("o1", "va", Some("APPROVED"), true, "2025-01-01"), 3, 2, 1),
                    10,
                    1050,
                    525,
                ),
                "2025-01-02",
                "2025-03-01",
                "2024-12-31 10:00:00",
            ),
            with_dates(
                with_counts(offer("o2", "va", Some("PENDING"), false, "2024-06-01"), 5, 4, 0),
                "2024-06-02",
                "2025-04-01",
                "2024-06-01 09:00:00",
            ),
            with_money(with_counts(offer("o3", "va", Some("APPROVED"), true, "2025-06-01"), 0, 0, 0), 20, 0, 0),
            with_counts(offer("o8", "va", Some("APPROVED"), false, "2025-03-01"), 4, 3, 3),
            offer("o4", "vb", Some("DRAFT"), false, "2025-02-01"),
            offer("o5", "vb", Some("REJECTED"), false, "2025-02-02"),
            offer("o6", "vd", None, false, "2025-02-03"),
            offer("o7", "ghost", Some("APPROVED"), true, "2025-02-03"),
        ];
        let venues = vec![venue("va"), venue("vb"), venue("vc"), venue("vd")];
        let out = run(venues, vec![], offers, vec![]);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "total_individual_bookings",
                "total_non_cancelled_individual_bookings",
                "total_used_individual_bookings",
                "total_created_individual_offers",
                "total_bookable_individual_offers",
                "total_venues",
                "total_individual_theoretic_revenue",
                "total_individual_real_revenue",
                "total_individual_current_year_real_revenue",
                "first_individual_booking_date",
                "last_individual_booking_date",
                "first_individual_offer_creation_date",
                "last_individual_offer_creation_date",
                "first_stock_creation_date"
            ]
        ));
    }

    /// R-int_applicative__venue-6: v1 totals equal the individual ones; `total_bookings` is
    /// `coalesce(total_individual_bookings, 0)` (0 for a venue whose offers have no stock, where
    /// `total_individual_bookings` stays NULL).
    #[test]
    fn r_int_applicative__venue_6_totals_equal_individual() {
        let offers = vec![
            with_dates(
                with_money(
                    with_counts(offer("o1", "va", Some("APPROVED"), true, "2025-01-01"), 3, 2, 1),
                    1000,
                    500,
                    100,
                ),
                "2025-01-02",
                "2025-03-01",
                "2024-12-31 10:00:00",
            ),
            offer("o2", "vb", Some("APPROVED"), false, "2025-02-01"),
        ];
        let out = rows(run(vec![venue("va"), venue("vb"), venue("vc")], vec![], offers, vec![]));
        assert_eq!(out.len(), 3);
        for v in &out {
            assert_eq!(v.total_bookings, v.total_individual_bookings.unwrap_or(0));
            assert_eq!(v.total_non_cancelled_bookings, v.total_non_cancelled_individual_bookings);
            assert_eq!(v.total_used_bookings, v.total_used_individual_bookings);
            assert_eq!(v.total_created_offers, v.total_created_individual_offers);
            assert_eq!(v.total_bookable_offers, v.total_bookable_individual_offers);
            assert_eq!(v.total_theoretic_revenue, v.total_individual_theoretic_revenue);
            assert_eq!(v.total_real_revenue, v.total_individual_real_revenue);
            assert_eq!(v.first_booking_date, v.first_individual_booking_date);
            assert_eq!(v.last_booking_date, v.last_individual_booking_date);
            assert_eq!(v.first_offer_creation_date, v.first_individual_offer_creation_date);
            assert_eq!(v.last_offer_creation_date, v.last_individual_offer_creation_date);
        }
        let va = out.iter().find(|v| v.venue_id == "va").expect("va");
        assert_eq!((va.total_bookings, va.total_theoretic_revenue), (3, Dec2(1000)));
        let vb = out.iter().find(|v| v.venue_id == "vb").expect("vb");
        assert_eq!((vb.total_individual_bookings, vb.total_bookings, vb.total_created_offers), (None, 0, 1));
        assert_eq!(vb.first_offer_creation_date, Some(pipeline::date("2025-02-01")));
    }

    /// Pass-through columns keep their source column (the venue's, the label's, the location's),
    /// each filled with values no other column of its type has (two venues, so that the boolean
    /// columns differ too); the computed columns follow R-int_applicative__venue-2…4. The offer
    /// aggregates have their own test (R-int_applicative__venue-5/6): without offers they are 0 or NULL.
    #[test]
    fn r_int_applicative__venue_columns_pass_through_unswapped() {
        let text = |s: &str| Some(s.to_string());
        let full = |n: u32, label: &str, kind: &str, activity: &str, permanent: Option<bool>, open: Option<bool>| V {
            venue_id: n.to_string(),
            venue_name: Some(format!("Name {n}")),
            venue_public_name: Some(format!("Public name {n}")),
            venue_siret: Some(format!("1234567890000{n}")),
            venue_managing_offerer_id: format!("of{n}"),
            venue_booking_email: Some(format!("venue{n}@example.org")),
            venue_type_code: Some(kind.into()),
            venue_activity: Some(activity.into()),
            venue_label_id: Some(label.into()),
            venue_creation_date: Some(DtParis(pipeline::dt(&format!("2024-0{n}-01 10:00:00")))),
            venue_is_permanent: permanent,
            venue_is_open_to_public: open,
            venue_is_soft_deleted: false,
            venue_state: Some(format!("state {n}")),
            banner_url: Some(format!("https://example.org/banner/{n}")),
            venue_description: Some(format!("Description {n}")),
            venue_withdrawal_details: Some(format!("Withdrawal {n}")),
            venue_volunteering_url: Some(format!("https://example.org/volunteer/{n}")),
        };
        let venues = vec![
            full(1, "L1", "BOOKSTORE", "CINEMA", Some(true), None),
            full(2, "L2", "MOVIE", "BOOKSTORE", Some(false), Some(true)),
        ];
        let labels = vec![
            VL { venue_label_id: "L1".into(), venue_label: text("Label 1") },
            VL { venue_label_id: "L2".into(), venue_label: text("Label 2") },
        ];
        let locations = vec![L {
            venue_id: "1".into(),
            venue_postal_code: text("13001"),
            venue_latitude: Some(43.25),
            venue_longitude: Some(5.375),
            venue_street: text("1 rue X"),
            venue_department_code: "13".into(),
            venue_department_name: "Bouches-du-Rhône".into(),
            venue_region_name: "Provence-Alpes-Côte d'Azur".into(),
            venue_academy_name: "Aix-Marseille".into(),
        }];
        let pass = |v: &V, label: &VL, l: Option<&L>| IntApplicativeVenue {
            venue_id: v.venue_id.clone(),
            venue_managing_offerer_id: v.venue_managing_offerer_id.clone(),
            venue_name: v.venue_name.clone(),
            venue_public_name: v.venue_public_name.clone(),
            venue_siret: v.venue_siret.clone(),
            venue_booking_email: v.venue_booking_email.clone(),
            venue_label_id: v.venue_label_id.clone(),
            venue_state: v.venue_state.clone(),
            banner_url: v.banner_url.clone(),
            venue_description: v.venue_description.clone(),
            venue_withdrawal_details: v.venue_withdrawal_details.clone(),
            venue_volunteering_url: v.venue_volunteering_url.clone(),
            venue_creation_date: v.venue_creation_date,
            venue_is_permanent: v.venue_is_permanent,
            venue_is_open_to_public: v.venue_is_open_to_public,
            venue_label: label.venue_label.clone(),
            venue_street: l.and_then(|l| l.venue_street.clone()),
            venue_postal_code: l.and_then(|l| l.venue_postal_code.clone()),
            venue_department_code: l.map(|l| l.venue_department_code.clone()),
            venue_department_name: l.map(|l| l.venue_department_name.clone()),
            venue_region_name: l.map(|l| l.venue_region_name.clone()),
            venue_academy_name: l.map(|l| l.venue_academy_name.clone()),
            venue_latitude: l.and_then(|l| l.venue_latitude),
            venue_longitude: l.and_then(|l| l.venue_longitude),
            ..Default::default()
        };
        let out = rows(run(venues.clone(), locations.clone(), vec![], labels.clone()));
        let link = |n: &str| format!("https://backoffice.passculture.team/pro/venue/{n}");
        assert_eq!(
            out,
            vec![
                IntApplicativeVenue {
                    venue_type_label: text("Librairie"),
                    venue_activity: text("Cinéma"),
                    venue_backoffice_link: link("1"),
                    venue_humanized_id: text("AE"),
                    ..pass(&venues[0], &labels[0], Some(&locations[0]))
                },
                IntApplicativeVenue {
                    venue_type_label: text("Cinéma - Salle de projections"),
                    venue_activity: text("Librairie"),
                    venue_backoffice_link: link("2"),
                    venue_humanized_id: text("A9"),
                    ..pass(&venues[1], &labels[1], None)
                },
            ]
        );
    }
}
