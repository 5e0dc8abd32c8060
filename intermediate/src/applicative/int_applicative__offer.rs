//! Grain: one row per kept offer; PK `offer_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeFavorite as F, RawApplicativeSubcategory as SC};

use super::int_applicative__extract_offer::IntApplicativeExtractOffer as O;
use super::int_applicative__offer_ean::IntApplicativeOfferEan as E;
use super::int_applicative__stock::IntApplicativeStock as S;

/// Kept offers (no activation, no NULL subcategory, no jeux-concours) with their subcategory
/// attributes, EAN/ISBN, stock aggregates, favourites and derived labels and flags
/// (intermediate.md, int_applicative__offer).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__offer", layer = "intermediate", grain = "offer_id", from = O)]
#[check(name = "kept_offer", rule = kept_offer, cite = "R-int_applicative__offer-1")]
#[check(name = "bookable_offer_is_active_and_approved", rule = bookable_offer_is_active_and_approved, cite = "I-9")]
#[check(name = "coming_soon_is_not_future_scheduled", rule = coming_soon_is_not_future_scheduled, cite = "R-int_applicative__offer-16")]
#[check(name = "ean_and_isbn_valid", rule = ean_and_isbn_valid, cite = "R-int_applicative__offer_ean-2")]
pub struct IntApplicativeOffer {
    /// offer id
    pub offer_id: String,
    /// provider-side id
    pub offer_id_at_providers: Option<String>,
    /// shared product (books, music, films)
    pub offer_product_id: Option<String>,
    /// NULL = created manually
    pub offer_last_provider_id: Option<String>,
    /// offerer contact mailbox
    pub booking_email: Option<String>,
    /// title
    pub offer_name: Option<String>,
    /// description, the product's winning (R-int_applicative__extract_offer-1)
    pub offer_description: Option<String>,
    /// URL of a digital offer; NULL = physical or on-site
    pub offer_url: Option<String>,
    /// `DRAFT`, `PENDING`, `APPROVED`, `REJECTED`
    #[check(accepted_values = ["DRAFT", "PENDING", "APPROVED", "REJECTED"], cite = "sources.md §2.7")]
    pub offer_validation: Option<String>,
    /// `AUTO`, `MANUAL`, …
    pub offer_last_validation_type: Option<String>,
    /// location of the offer
    pub offerer_address_id: Option<String>,
    /// raw venue id (the venue may be soft-deleted or unknown)
    pub venue_id: String,
    /// subcategory code, raw `offer_subcategoryid` (R-1: never NULL here)
    #[schema(computed)]
    pub offer_subcategory_id: String,
    /// last update
    pub offer_updated_date: Option<DtParis>,
    /// (scheduled) publication
    pub offer_publication_date: Option<DtParis>,
    /// end of creation funnel
    pub offer_finalization_date: Option<DtParis>,
    /// date from which booking opens
    pub scheduled_offer_bookability_date: Option<DtParis>,
    /// creation datetime, raw `offer_creation_date` (R-8)
    // R-8.
    #[schema(from = O::offer_creation_date)]
    pub offer_created_at: DtParis,
    /// `date(offer_created_at)` (R-8)
    #[schema(computed)]
    pub offer_creation_date: NaiveDate,
    /// raw `offer_is_active`
    #[schema(from = O::offer_is_active)]
    pub is_active: Option<bool>,
    /// raw `offer_is_national`
    #[schema(from = O::offer_is_national)]
    pub is_national: Option<bool>,
    /// duo bookings allowed
    pub offer_is_duo: Option<bool>,
    /// `offer_last_provider_id IS NOT NULL` (R-7)
    #[schema(computed)]
    pub is_synchronised: bool,
    /// `humanize_id(offer_id)` (R-10)
    #[schema(computed)]
    pub offer_humanized_id: Option<String>,
    /// `humanize_id(offer_product_id)` (R-10)
    #[schema(computed)]
    pub offer_product_humanized_id: Option<String>,
    /// backoffice URL of the offer (R-9)
    #[schema(computed)]
    pub passculture_pro_url: String,
    /// web app URL of the offer (R-9)
    #[schema(computed)]
    pub webapp_url: String,
    /// validated ISBN (R-int_applicative__offer_ean-4)
    #[schema(from = E)]
    pub isbn: Option<String>,
    /// validated EAN (R-int_applicative__offer_ean-3)
    #[schema(from = E)]
    pub ean: Option<String>,
    /// `product-<product id>` or `offer-<offer id>` (R-6)
    #[schema(computed)]
    pub item_id: String,
    /// subcategory `is_physical_deposit`; NULL for an unknown subcategory (R-5)
    // R-5.
    #[schema(from = SC::is_physical_deposit)]
    pub physical_goods: Option<bool>,
    /// subcategory `is_digital_deposit`; NULL for an unknown subcategory (R-5)
    #[schema(from = SC::is_digital_deposit)]
    pub digital_goods: Option<bool>,
    /// subcategory `is_event`; NULL for an unknown subcategory (R-5)
    #[schema(from = SC::is_event)]
    pub event: Option<bool>,
    /// subcategory category; NULL for an unknown subcategory (R-5)
    #[schema(from = SC::category_id)]
    pub offer_category_id: Option<String>,
    /// subcategory search group; NULL for an unknown subcategory (R-5)
    #[schema(from = SC)]
    pub search_group_name: Option<String>,
    /// a stock is bookable, the offer is active and approved (R-3)
    #[schema(computed)]
    pub offer_is_bookable: bool,
    /// SUM of the stocks' available quantities (R-2)
    #[schema(from = StockAgg)]
    #[check(min = 0, cite = "I-8")]
    pub total_available_stock: Option<i64>,
    /// SUM of the stocks' booked quantities (R-2)
    #[schema(from = StockAgg)]
    pub total_bookings: Option<i64>,
    /// SUM of the stocks' booking counts (R-2)
    #[schema(from = StockAgg)]
    pub total_individual_bookings: Option<i64>,
    /// SUM of the stocks' cancelled booking counts (R-2)
    #[schema(from = StockAgg)]
    pub total_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' non-cancelled booking counts (R-2)
    #[schema(from = StockAgg)]
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// SUM of the stocks' used booking counts (R-2)
    #[schema(from = StockAgg)]
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of the stocks' quantities, unlimited stocks ignored (R-2)
    #[schema(from = StockAgg)]
    pub total_stock_quantity: Option<i64>,
    /// SUM of the stocks' first-booking counts (R-2)
    #[schema(from = StockAgg)]
    pub total_first_bookings: Option<i64>,
    /// SUM of the stocks' theoretic revenues (R-2)
    #[schema(from = StockAgg)]
    #[check(min = 0, cite = "R-int_applicative__offer-2")]
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of the stocks' real revenues (R-2)
    #[schema(from = StockAgg)]
    #[check(min = 0, cite = "R-int_applicative__offer-2")]
    pub total_individual_real_revenue: Option<Dec2>,
    /// SUM of the stocks' current-year real revenues (R-2)
    #[schema(from = StockAgg)]
    #[check(min = 0, cite = "R-int_applicative__offer-2")]
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN of the stocks' first booking dates (R-2)
    #[schema(from = StockAgg)]
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX of the stocks' last booking dates (R-2)
    #[schema(from = StockAgg)]
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN stock creation (R-2)
    #[schema(from = StockAgg)]
    pub first_stock_creation_date: Option<DtParis>,
    /// MAX price of the newest stocks (`stock_rk = 1`) (R-2)
    #[schema(from = StockAgg)]
    #[check(min = 0, cite = "R-int_applicative__offer-2")]
    pub last_stock_price: Option<Dec2>,
    /// number of favourites; NULL when none (R-4)
    #[schema(from = FavoriteCount)]
    #[check(min = 1, cite = "R-int_applicative__offer-4")]
    pub total_favorites: Option<i64>,
    /// selectable by underage beneficiaries, three-valued, not coalesced (R-11)
    #[schema(computed)]
    pub offer_is_underage_selectable: Option<bool>,
    /// `MUSIC`, `SHOW`, `MOVIE`, `BOOK` or NULL (R-12)
    #[schema(computed)]
    #[check(accepted_values = ["MUSIC", "SHOW", "MOVIE", "BOOK"], cite = "R-int_applicative__offer-12")]
    pub offer_type_domain: Option<String>,
    /// show or music type (R-13)
    #[schema(computed)]
    pub r#type: Option<String>,
    /// show or music sub-type (R-14)
    #[schema(computed)]
    pub sub_type: Option<String>,
    /// publication after `ds` (R-15)
    #[schema(computed)]
    pub is_future_scheduled: bool,
    /// bookability opens after `ds` and already published (R-16)
    #[schema(computed)]
    pub is_coming_soon: bool,
}

/// Stock aggregate per offer over all stocks, soft-deleted included (R-2).
#[derive(Schema)]
#[schema(from = S)]
pub struct StockAgg {
    pub offer_id: String,
    #[schema(computed)]
    pub any_bookable: Option<bool>,
    #[schema(computed)]
    pub total_available_stock: Option<i64>,
    #[schema(computed)]
    pub total_bookings: Option<i64>,
    #[schema(computed)]
    pub total_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_cancelled_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_used_individual_bookings: Option<i64>,
    #[schema(computed)]
    pub total_stock_quantity: Option<i64>,
    #[schema(computed)]
    pub total_first_bookings: Option<i64>,
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
    pub first_stock_creation_date: Option<DtParis>,
    #[schema(computed)]
    pub last_stock_price: Option<Dec2>,
}

/// Favourite count per offer (R-4); offers without favourites get no row (NULL after the join).
#[derive(Schema)]
pub struct FavoriteCount {
    #[schema(from = F::offerid)]
    pub offer_id: String,
    #[schema(computed)]
    pub total_favorites: i64,
}

/// R-1: activation and jeux-concours offers are removed (a NULL subcategory cannot be stored here).
fn kept_offer(f: &Frame<IntApplicativeOffer>) -> Expr {
    type A = IntApplicativeOffer;
    let activation = is_in_strs(f.c(A::offer_subcategory_id), &["ACTIVATION_THING", "ACTIVATION_EVENT"]);
    let contest = f.c(A::booking_email).eq(lit("jeux-concours@passculture.app")).fill_null(lit(false));
    activation.not().and(contest.not())
}

fn bookable_offer_is_active_and_approved(f: &Frame<IntApplicativeOffer>) -> Expr {
    type A = IntApplicativeOffer;
    bookable_offer_consistent(f.c(A::offer_is_bookable), f.c(A::is_active), f.c(A::offer_validation))
}

/// I-9 (R-3): `offer_is_bookable ⇒ is_active AND offer_validation = 'APPROVED'`, decided. (That
/// one of its stocks is bookable needs the stocks, which a row rule does not see.)
pub fn bookable_offer_consistent(bookable: Expr, active: Expr, validation: Expr) -> Expr {
    implies(bookable, active.eq(lit(true)).and(validation.eq(lit("APPROVED"))))
}

/// R-15 and R-16 exclude each other: coming soon needs a publication at or before `ds`.
fn coming_soon_is_not_future_scheduled(f: &Frame<IntApplicativeOffer>) -> Expr {
    type A = IntApplicativeOffer;
    f.c(A::is_coming_soon).and(f.c(A::is_future_scheduled)).not()
}

fn ean_and_isbn_valid(f: &Frame<IntApplicativeOffer>) -> Expr {
    type A = IntApplicativeOffer;
    ean_valid(f.c(A::ean)).and(ean_valid(f.c(A::isbn)))
}

/// R-int_applicative__offer_ean-2/3/4: a kept EAN or ISBN has exactly 10 or 13 ASCII digits.
pub fn ean_valid(code: Expr) -> Expr {
    code.clone().is_null().or(code.str().contains(lit(r"^([0-9]{10}|[0-9]{13})$"), true))
}

pub fn build(
    ctx: &RunContext,
    offers: Frame<O>,
    eans: Frame<E>,
    stocks: Frame<S>,
    favorites: Frame<F>,
    subcategories: Frame<SC>,
) -> Frame<IntApplicativeOffer> {
    type A = StockAgg;
    type FC = FavoriteCount;
    // R-1: NULL subcategory → NOT IN is NULL → dropped.
    let email = offers.c(O::booking_email);
    let kept = offers.clone().filter(
        is_in_strs(offers.c(O::offer_subcategoryid), &["ACTIVATION_THING", "ACTIVATION_EVENT"])
            .not()
            .and(email.clone().neq(lit("jeux-concours@passculture.app")).or(email.is_null())),
    );
    // R-2.
    let s = &stocks;
    let agg = StockAgg::aggregate(
        stocks.clone(),
        StockAggComputed {
            any_bookable: s.c(S::is_bookable).max(),
            total_available_stock: sum_i64(s.c(S::total_available_stock)),
            total_bookings: sum_i64(s.c(S::total_bookings)),
            total_individual_bookings: sum_i64(s.c(S::total_individual_bookings)),
            total_cancelled_individual_bookings: sum_i64(s.c(S::total_cancelled_individual_bookings)),
            total_non_cancelled_individual_bookings: sum_i64(s.c(S::total_non_cancelled_individual_bookings)),
            total_used_individual_bookings: sum_i64(s.c(S::total_used_individual_bookings)),
            total_stock_quantity: sum_i64(s.c(S::stock_quantity)),
            total_first_bookings: sum_i64(s.c(S::total_first_bookings)),
            total_individual_theoretic_revenue: sum_dec2(s.c(S::total_individual_theoretic_revenue)),
            total_individual_real_revenue: sum_dec2(s.c(S::total_individual_real_revenue)),
            total_individual_current_year_real_revenue: sum_dec2(s.c(S::total_individual_current_year_real_revenue)),
            first_individual_booking_date: s.c(S::first_individual_booking_date).min(),
            last_individual_booking_date: s.c(S::last_individual_booking_date).max(),
            first_stock_creation_date: s.c(S::stock_creation_date).min(),
            last_stock_price: max_where(s.c(S::stock_price), s.c(S::stock_rk).eq(lit(1i64))),
        },
    );
    // R-4.
    let favs = FC::aggregate(favorites.clone(), FavoriteCountComputed { total_favorites: count(favorites.c(F::id)) });

    let j = kept.left_join(eans, on(O::offer_id, E::offer_id));
    let j = j.left_join(agg, on(O::offer_id, A::offer_id));
    let j = j.left_join(favs, on(O::offer_id, FC::offer_id));
    let j = j.left_join(subcategories, on(O::offer_subcategoryid, SC::id));

    let offer_id = j.c(O::offer_id);
    let product_id = j.c(O::offer_product_id);
    let category = j.c(SC::category_id);
    let cat_is = |c: &str| category.clone().eq(lit(c.to_string()));
    let cat_is_not = |c: &str| category.clone().neq(lit(c.to_string()));
    // R-3.
    let bookable = j
        .c(A::any_bookable)
        .eq(lit(true))
        .and(j.c(O::offer_is_active).eq(lit(true)))
        .and(j.c(O::offer_validation).eq(lit("APPROVED")))
        .fill_null(lit(false));
    // R-6.
    let item_id = when(product_id.clone().is_not_null())
        .then(concat(vec![lit("product-"), product_id.clone()]))
        .otherwise(concat(vec![lit("offer-"), offer_id.clone()]));
    // R-11: three-valued, not coalesced (K-19).
    let not_game = is_in_strs(
        j.c(O::offer_subcategoryid),
        &["JEU_EN_LIGNE", "JEU_SUPPORT_PHYSIQUE", "ABO_JEU_VIDEO", "ABO_LUDOTHEQUE"],
    )
    .not();
    let free_or_book_or_media = j
        .c(O::offer_url)
        .is_null()
        .or(j.c(A::last_stock_price).eq(lit_dec2(0)))
        .or(is_in_strs(j.c(SC::id), &["LIVRE_NUMERIQUE", "ABO_LIVRE_NUMERIQUE", "TELECHARGEMENT_LIVRE_AUDIO"]))
        .or(cat_is("MEDIA"));
    // R-12.
    let domain = when(cat_is("MUSIQUE_LIVE").or(cat_is("MUSIQUE_ENREGISTREE")))
        .then(lit("MUSIC"))
        .when(cat_is("SPECTACLE"))
        .then(lit("SHOW"))
        .when(cat_is("CINEMA"))
        .then(lit("MOVIE"))
        .when(cat_is("LIVRE"))
        .then(lit("BOOK"))
        .otherwise(null_str());
    // R-13 / R-14: a NULL category fails every test (K-20).
    let cascade = |show: Expr, music: Expr| {
        when(cat_is_not("MUSIQUE_LIVE").and(show.clone().is_not_null()))
            .then(show)
            .when(cat_is("MUSIQUE_LIVE"))
            .then(music.clone())
            .when(cat_is_not("SPECTACLE").and(music.clone().is_not_null()))
            .then(music)
            .otherwise(null_str())
    };
    // R-15 / R-16: naive Paris datetimes against ds 00:00 (C-5), false when NULL.
    let publication = j.c(O::offer_publication_date);
    let future = publication.clone().gt(ctx.ds_midnight()).fill_null(lit(false));
    let coming_soon = j
        .c(O::scheduled_offer_bookability_date)
        .gt(ctx.ds_midnight())
        .and(publication.lt_eq(ctx.ds_midnight()))
        .fill_null(lit(false));
    IntApplicativeOffer::project(
        j.clone(),
        IntApplicativeOfferComputed {
            // Never NULL after R-1.
            offer_subcategory_id: j.c(O::offer_subcategoryid),
            offer_creation_date: date_of(j.c(O::offer_creation_date)),
            // R-7.
            is_synchronised: j.c(O::offer_last_provider_id).is_not_null(),
            // R-10.
            offer_humanized_id: humanize_id_expr(offer_id.clone()),
            offer_product_humanized_id: humanize_id_expr(product_id),
            // R-9.
            passculture_pro_url: concat(vec![lit("https://backoffice.passculture.team/pro/offer/"), offer_id.clone()]),
            webapp_url: concat(vec![lit("https://passculture.app/offre/"), offer_id]),
            item_id,
            offer_is_bookable: bookable,
            offer_is_underage_selectable: not_game.and(free_or_book_or_media),
            offer_type_domain: domain,
            r#type: cascade(j.c(O::showtype), j.c(O::musictype)),
            sub_type: cascade(j.c(O::showsubtype), j.c(O::musicsubtype)),
            is_future_scheduled: future,
            is_coming_soon: coming_soon,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    fn offer(id: &str, subcategory: Option<&str>) -> O {
        O {
            offer_id: id.into(),
            venue_id: "v1".into(),
            offer_subcategoryid: subcategory.map(Into::into),
            offer_creation_date: DtParis(pipeline::dt("2026-01-01 10:00:00")),
            offer_is_active: Some(true),
            offer_validation: Some("APPROVED".into()),
            ..Default::default()
        }
    }

    fn subcategory(id: &str, category: &str) -> SC {
        SC {
            id: id.into(),
            category_id: category.into(),
            is_event: category == "SPECTACLE",
            is_physical_deposit: category == "LIVRE",
            is_digital_deposit: category == "MEDIA",
            search_group_name: Some(format!("group {category}")),
        }
    }

    fn subcategories() -> Vec<SC> {
        vec![
            subcategory("LIVRE_PAPIER", "LIVRE"),
            subcategory("LIVRE_NUMERIQUE", "LIVRE"),
            subcategory("SPECTACLE_REPRESENTATION", "SPECTACLE"),
            subcategory("CONCERT", "MUSIQUE_LIVE"),
            subcategory("SUPPORT_PHYSIQUE_MUSIQUE_CD", "MUSIQUE_ENREGISTREE"),
            subcategory("SEANCE_CINE", "CINEMA"),
            subcategory("ABO_PRESSE_EN_LIGNE", "MEDIA"),
            subcategory("JEU_EN_LIGNE", "JEU"),
            subcategory("ATELIER_PRATIQUE_ART", "PRATIQUE_ART"),
        ]
    }

    fn stock(id: &str, offer: &str, rk: i64, price: Option<i128>) -> S {
        S {
            stock_id: id.into(),
            offer_id: offer.into(),
            stock_rk: rk,
            stock_price: price.map(Dec2),
            ..Default::default()
        }
    }

    fn run(offers: Vec<O>, stocks: Vec<S>, favorites: Vec<F>) -> Frame<IntApplicativeOffer> {
        build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offers),
            Frame::<E>::from_rows(&[]),
            Frame::from_rows(&stocks),
            Frame::from_rows(&favorites),
            Frame::from_rows(&subcategories()),
        )
    }

    /// R-int_applicative__offer-1: activation subcategories, a NULL subcategory (NOT IN is NULL)
    /// and the exact "jeux-concours" mailbox are dropped; a NULL mailbox is kept (a naive
    /// `email <> 'jeux-concours…'` alone would drop it); other case of the mailbox is kept.
    #[test]
    fn r_int_applicative__offer_1_row_filter() {
        let with_email = |o: O, e: Option<&str>| O { booking_email: e.map(Into::into), ..o };
        let offers = vec![
            offer("a_activation_thing", Some("ACTIVATION_THING")),
            offer("b_activation_event", Some("ACTIVATION_EVENT")),
            offer("c_null_subcategory", None),
            with_email(offer("d_jeux_concours", Some("LIVRE_PAPIER")), Some("jeux-concours@passculture.app")),
            with_email(offer("e_other_case", Some("LIVRE_PAPIER")), Some("Jeux-Concours@passculture.app")),
            with_email(offer("f_null_email", Some("LIVRE_PAPIER")), None),
            with_email(offer("g_other_email", Some("UNKNOWN_CODE")), Some("pro@example.org")),
        ];
        let out = run(offers, vec![], vec![]);
        insta::assert_snapshot!(snapshot_cols(out, &["offer_subcategory_id", "booking_email"]));
    }

    /// R-int_applicative__offer-2 (sums over all stocks incl. soft-deleted, NULLs ignored; an
    /// offer without stock gets NULL, not 0; `last_stock_price` = MAX price over the `stock_rk = 1`
    /// stocks only — a naive MAX over all stocks gives 20.00 for `o_multi`; ties on rank 1 → MAX),
    /// R-3 (bookable only when a stock is bookable AND active AND approved; NULL activity or no
    /// stock → false), R-4 (favourite count, NULL — not 0 — without favourites).
    /// Rules: R-int_applicative__offer-2, R-int_applicative__offer-3, R-int_applicative__offer-4.
    #[test]
    fn r_int_applicative__offer_2_3_4_stock_aggregate_favorites() {
        let date = |s: &str| Some(pipeline::date(s));
        let created = |s: &str| Some(DtParis(pipeline::dt(s)));
        let stocks = vec![
            // Every summed column of s1 + s2 has its own total (11, 12, 9, 5, 4, 3, 17, 1; 10.01,
            // 5.00, 3.00), so that summing one stock column into another shows.
            S {
                is_bookable: true,
                total_available_stock: Some(4),
                stock_quantity: Some(10),
                total_bookings: Some(9),
                total_individual_bookings: Some(7),
                total_cancelled_individual_bookings: Some(3),
                total_non_cancelled_individual_bookings: Some(4),
                total_used_individual_bookings: Some(3),
                total_first_bookings: Some(1),
                total_individual_theoretic_revenue: Some(Dec2(1001)),
                total_individual_real_revenue: Some(Dec2(500)),
                total_individual_current_year_real_revenue: Some(Dec2(300)),
                first_individual_booking_date: date("2026-02-01"),
                last_individual_booking_date: date("2026-03-01"),
                stock_creation_date: created("2026-01-05 10:00:00"),
                ..stock("s1", "o_multi", 1, Some(650))
            },
            S {
                is_bookable: false,
                stock_is_soft_deleted: true,
                total_available_stock: Some(7),
                stock_quantity: Some(7),
                total_bookings: Some(3),
                total_individual_bookings: Some(2),
                total_cancelled_individual_bookings: Some(2),
                total_non_cancelled_individual_bookings: Some(0),
                total_used_individual_bookings: Some(0),
                total_first_bookings: Some(0),
                total_individual_theoretic_revenue: None,
                first_individual_booking_date: date("2026-01-10"),
                last_individual_booking_date: date("2026-01-20"),
                stock_creation_date: created("2026-01-02 10:00:00"),
                ..stock("s2", "o_multi", 2, Some(2000))
            },
            S {
                is_bookable: false,
                stock_quantity: None,
                total_available_stock: None,
                stock_creation_date: None,
                ..stock("s3", "o_multi", 3, None)
            },
            stock("t1", "o_tie", 1, Some(300)),
            stock("t2", "o_tie", 1, Some(0)),
            stock("t3", "o_tie", 1, None),
            S { is_bookable: true, ..stock("i1", "o_inactive", 1, Some(0)) },
            S { is_bookable: true, ..stock("n1", "o_active_null", 1, Some(0)) },
            S { is_bookable: true, ..stock("p1", "o_pending", 1, Some(0)) },
        ];
        let offers = vec![
            offer("o_multi", Some("LIVRE_PAPIER")),
            offer("o_tie", Some("LIVRE_PAPIER")),
            offer("o_none", Some("LIVRE_PAPIER")),
            O { offer_is_active: Some(false), ..offer("o_inactive", Some("LIVRE_PAPIER")) },
            O { offer_is_active: None, ..offer("o_active_null", Some("LIVRE_PAPIER")) },
            O { offer_validation: Some("PENDING".into()), ..offer("o_pending", Some("LIVRE_PAPIER")) },
        ];
        let fav =
            |id: &str, offer: &str| F { id: id.into(), userid: "u1".into(), offerid: offer.into(), datecreated: None };
        let favorites = vec![fav("f1", "o_multi"), fav("f2", "o_multi"), fav("f3", "o_tie"), fav("f4", "o_gone")];
        let out = run(offers, stocks, favorites);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "offer_is_bookable",
                "total_available_stock",
                "total_bookings",
                "total_individual_bookings",
                "total_cancelled_individual_bookings",
                "total_non_cancelled_individual_bookings",
                "total_used_individual_bookings",
                "total_stock_quantity",
                "total_first_bookings",
                "total_individual_theoretic_revenue",
                "total_individual_real_revenue",
                "total_individual_current_year_real_revenue",
                "first_individual_booking_date",
                "last_individual_booking_date",
                "first_stock_creation_date",
                "last_stock_price",
                "total_favorites",
            ]
        ));
    }

    /// R-int_applicative__offer-5 (subcategory attributes, all NULL for an unknown code), R-6
    /// (item id), R-7 (synchronised), R-8 (created_at and its own calendar date, no zone shift),
    /// R-9 (URLs), R-10 (humanized ids; non-digit ids → NULL), R-12 (type domain; MEDIA, other and
    /// unknown categories → NULL). EAN/ISBN come from the offer_ean model.
    /// Rules: R-int_applicative__offer-5, R-int_applicative__offer-6, R-int_applicative__offer-7, R-int_applicative__offer-8, R-int_applicative__offer-9, R-int_applicative__offer-10, R-int_applicative__offer-12.
    #[test]
    fn r_int_applicative__offer_5_6_7_8_9_10_12_labels() {
        let offers = vec![
            O {
                offer_product_id: Some("256".into()),
                offer_last_provider_id: Some("prov".into()),
                offer_creation_date: DtParis(pipeline::dt("2026-03-29 23:30:00")),
                ..offer("1234", Some("LIVRE_PAPIER"))
            },
            offer("2", Some("SPECTACLE_REPRESENTATION")),
            offer("3", Some("CONCERT")),
            offer("4", Some("SUPPORT_PHYSIQUE_MUSIQUE_CD")),
            offer("5", Some("SEANCE_CINE")),
            offer("6", Some("ABO_PRESSE_EN_LIGNE")),
            offer("7", Some("ATELIER_PRATIQUE_ART")),
            O { offer_product_id: Some("p-x".into()), ..offer("x8", Some("UNKNOWN_CODE")) },
        ];
        // A 10-digit EAN, so the ISBN is the extra data's, another number (R-int_applicative__offer_ean-4).
        let eans =
            vec![E { offer_id: "1234".into(), ean: Some("2070360024".into()), isbn: Some("9782253004226".into()) }];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offers),
            Frame::from_rows(&eans),
            Frame::<S>::from_rows(&[]),
            Frame::<F>::from_rows(&[]),
            Frame::from_rows(&subcategories()),
        );
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "offer_subcategory_id",
                "offer_created_at",
                "offer_creation_date",
                "is_synchronised",
                "offer_humanized_id",
                "offer_product_humanized_id",
                "passculture_pro_url",
                "webapp_url",
                "isbn",
                "ean",
                "item_id",
                "physical_goods",
                "digital_goods",
                "event",
                "offer_category_id",
                "search_group_name",
                "offer_type_domain",
            ]
        ));
    }

    /// R-int_applicative__offer-11: `A AND B` in three-valued logic, not coalesced (K-19). The spec
    /// example (`c_spec_example`: URL, no stock, known non-book non-media subcategory) is NULL, as
    /// is an unknown subcategory with a URL and a paid stock; a naive coalesce would give false.
    /// `last_stock_price = 0` is an exact decimal comparison (0.00); a game subcategory is false
    /// even without URL.
    #[test]
    fn r_int_applicative__offer_11_underage_selectable() {
        let url = |o: O| O { offer_url: Some("https://example.org".into()), ..o };
        let offers = vec![
            offer("a_no_url", Some("ATELIER_PRATIQUE_ART")),
            url(offer("b_url_free_stock", Some("ATELIER_PRATIQUE_ART"))),
            url(offer("c_spec_example", Some("ATELIER_PRATIQUE_ART"))),
            url(offer("d_url_paid", Some("ATELIER_PRATIQUE_ART"))),
            offer("e_game_no_url", Some("JEU_EN_LIGNE")),
            url(offer("f_digital_book", Some("LIVRE_NUMERIQUE"))),
            url(offer("g_media", Some("ABO_PRESSE_EN_LIGNE"))),
            url(offer("h_unknown_url_paid", Some("UNKNOWN_CODE"))),
            offer("i_unknown_no_url", Some("UNKNOWN_CODE")),
            url(offer("j_unknown_url_free", Some("UNKNOWN_CODE"))),
            url(offer("k_game_url_free", Some("ABO_JEU_VIDEO"))),
        ];
        let stocks = vec![
            stock("s1", "b_url_free_stock", 1, Some(0)),
            stock("s2", "d_url_paid", 1, Some(1)),
            stock("s3", "d_url_paid", 2, Some(0)),
            stock("s4", "h_unknown_url_paid", 1, Some(500)),
            stock("s5", "j_unknown_url_free", 1, Some(0)),
            stock("s6", "k_game_url_free", 1, Some(0)),
        ];
        let out = run(offers, stocks, vec![]);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "offer_subcategory_id",
                "offer_url",
                "last_stock_price",
                "offer_category_id",
                "offer_is_underage_selectable"
            ]
        ));
    }

    /// R-int_applicative__offer-13 (`type`) and R-14 (`sub_type`): first match; the show type wins
    /// for any category but MUSIQUE_LIVE; MUSIQUE_LIVE takes the music type even when NULL; the
    /// music type is skipped for SPECTACLE; a NULL category (unknown code) fails every test and
    /// gives NULL (a naive `category <> 'MUSIQUE_LIVE'` treating NULL as true would give the show
    /// type) (K-20).
    /// Rules: R-int_applicative__offer-13, R-int_applicative__offer-14.
    #[test]
    fn r_int_applicative__offer_13_14_type_cascade() {
        let types =
            |o: O, show: Option<&str>, music: Option<&str>, show_sub: Option<&str>, music_sub: Option<&str>| O {
                showtype: show.map(Into::into),
                musictype: music.map(Into::into),
                showsubtype: show_sub.map(Into::into),
                musicsubtype: music_sub.map(Into::into),
                ..o
            };
        let offers = vec![
            types(
                offer("a_show_both", Some("SPECTACLE_REPRESENTATION")),
                Some("theatre"),
                Some("rock"),
                None,
                Some("punk"),
            ),
            types(
                offer("b_concert_both", Some("CONCERT")),
                Some("theatre"),
                Some("jazz"),
                Some("drame"),
                Some("bebop"),
            ),
            types(offer("c_concert_music_null", Some("CONCERT")), Some("theatre"), None, Some("drame"), None),
            types(offer("d_cinema_music_only", Some("SEANCE_CINE")), None, Some("pop"), None, Some("britpop")),
            types(
                offer("e_show_music_only", Some("SPECTACLE_REPRESENTATION")),
                None,
                Some("pop"),
                None,
                Some("britpop"),
            ),
            types(
                offer("f_null_category", Some("UNKNOWN_CODE")),
                Some("theatre"),
                Some("rock"),
                Some("drame"),
                Some("punk"),
            ),
            types(offer("g_book_none", Some("LIVRE_PAPIER")), None, None, None, None),
        ];
        let out = run(offers, vec![], vec![]);
        insta::assert_snapshot!(snapshot_cols(out, &["offer_category_id", "type", "sub_type"]));
    }

    /// R-int_applicative__offer-15 / R-16: naive Paris datetimes compared with ds 00:00 (C-5, K-18):
    /// a publication on ds at 09:00 is future (a naive date comparison `date(pub) > ds` says
    /// false), one at ds 00:00 is not; NULLs give false, never NULL.
    /// Rules: R-int_applicative__offer-15, R-int_applicative__offer-16.
    #[test]
    fn r_int_applicative__offer_15_16_scheduling() {
        let dt = |s: Option<&str>| s.map(|s| DtParis(pipeline::dt(s)));
        let sched = |id: &str, publication: Option<&str>, bookability: Option<&str>| O {
            offer_publication_date: dt(publication),
            scheduled_offer_bookability_date: dt(bookability),
            ..offer(id, Some("LIVRE_PAPIER"))
        };
        let offers = vec![
            sched("a_pub_ds_morning", Some("2026-11-27 09:00:00"), Some("2026-12-01 00:00:00")),
            sched("b_pub_ds_midnight", Some("2026-11-27 00:00:00"), Some("2026-11-27 00:00:01")),
            sched("c_pub_null", None, Some("2026-12-01 00:00:00")),
            sched("d_bookable_ds_midnight", Some("2026-11-26 10:00:00"), Some("2026-11-27 00:00:00")),
            sched("e_bookability_null", Some("2026-11-26 10:00:00"), None),
            sched("f_past_both", Some("2026-01-01 00:00:00"), Some("2026-02-01 00:00:00")),
        ];
        let out = run(offers, vec![], vec![]);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &["offer_publication_date", "scheduled_offer_bookability_date", "is_future_scheduled", "is_coming_soon"]
        ));
    }

    /// Pass-through columns keep their source column (the extracted offer's, the EAN model's, the
    /// subcategory's), each filled with values no other column of its type has: three offers, so
    /// that each of the eleven boolean columns has its own pattern (e.g. `is_active` T,T,NULL;
    /// `is_national` F,NULL,T; `offer_is_duo` NULL,T,F). The computed columns follow
    /// R-int_applicative__offer-3 and -6…16; the stock aggregates have their own test.
    #[test]
    fn r_int_applicative__offer_columns_pass_through_unswapped() {
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        let text = |s: &str| Some(s.to_string());
        let offer = |n: u32,
                     product: Option<&str>,
                     provider: Option<&str>,
                     url: Option<&str>,
                     validation: &str,
                     subcategory: &str,
                     active: Option<bool>,
                     national: Option<bool>,
                     duo: Option<bool>,
                     publication: &str,
                     bookability: &str| O {
            offer_id: n.to_string(),
            offer_creation_date: DtParis(pipeline::dt(&format!("2026-0{n}-10 09:00:00"))),
            offer_updated_date: paris(&format!("2026-0{n}-11 10:00:00")),
            offer_product_id: product.map(Into::into),
            venue_id: format!("v{n}"),
            offer_last_provider_id: provider.map(Into::into),
            offer_id_at_providers: Some(format!("at-provider-{n}")),
            booking_email: Some(format!("booking{n}@example.org")),
            offer_is_active: active,
            offer_name: Some(format!("Name {n}")),
            offer_description: Some(format!("Description {n}")),
            offer_url: url.map(Into::into),
            offer_is_national: national,
            offer_is_duo: duo,
            offer_validation: Some(validation.into()),
            offer_last_validation_type: Some(format!("validation type {n}")),
            offer_subcategoryid: Some(subcategory.into()),
            offerer_address_id: Some(format!("address-{n}")),
            offer_finalization_date: paris(&format!("2026-0{n}-12 11:00:00")),
            offer_publication_date: paris(publication),
            scheduled_offer_bookability_date: paris(bookability),
            offer_extra_data: Some(format!("{{\"n\": {n}}}")),
            offer_ean: Some(format!("ean-{n}")),
            musictype: text("rock"),
            musicsubtype: text("punk"),
            showtype: text("theatre"),
            showsubtype: text("drame"),
            isbn: text("isbn-raw"),
        };
        let offers = vec![
            offer(
                1,
                Some("64"),
                Some("provider-1"),
                Some("https://example.org/1"),
                "APPROVED",
                "SUBCATEGORY_A",
                Some(true),
                Some(false),
                None,
                "2026-01-13 12:00:00",
                "2026-01-14 13:00:00",
            ),
            offer(
                2,
                None,
                None,
                None,
                "APPROVED",
                "SUBCATEGORY_B",
                Some(true),
                None,
                Some(true),
                "2026-02-13 12:00:00",
                "2026-12-01 00:00:00",
            ),
            offer(
                3,
                Some("p-x"),
                Some("provider-3"),
                None,
                "DRAFT",
                "SUBCATEGORY_UNKNOWN",
                None,
                Some(true),
                Some(false),
                "2026-12-15 00:00:00",
                "2026-12-20 00:00:00",
            ),
        ];
        let eans = vec![
            E { offer_id: "1".into(), ean: text("2070360024"), isbn: text("9782253004226") },
            E { offer_id: "2".into(), ean: None, isbn: text("2253004227") },
        ];
        let subcategories = vec![
            SC {
                id: "SUBCATEGORY_A".into(),
                category_id: "SPECTACLE".into(),
                is_event: false,
                is_physical_deposit: true,
                is_digital_deposit: false,
                search_group_name: text("group A"),
            },
            SC {
                id: "SUBCATEGORY_B".into(),
                category_id: "MUSIQUE_LIVE".into(),
                is_event: false,
                is_physical_deposit: false,
                is_digital_deposit: true,
                search_group_name: text("group B"),
            },
        ];
        let stocks = vec![
            S { is_bookable: true, ..stock("s1", "1", 1, None) },
            S { is_bookable: true, ..stock("s2", "2", 1, Some(2500)) },
        ];
        let fav =
            |id: &str, offer: &str| F { id: id.into(), userid: "u1".into(), offerid: offer.into(), datecreated: None };
        let favorites = vec![fav("f1", "1"), fav("f2", "1"), fav("f3", "2")];
        let pass = |o: &O, e: Option<&E>, sc: Option<&SC>| IntApplicativeOffer {
            offer_id: o.offer_id.clone(),
            offer_id_at_providers: o.offer_id_at_providers.clone(),
            offer_product_id: o.offer_product_id.clone(),
            offer_last_provider_id: o.offer_last_provider_id.clone(),
            booking_email: o.booking_email.clone(),
            offer_name: o.offer_name.clone(),
            offer_description: o.offer_description.clone(),
            offer_url: o.offer_url.clone(),
            offer_validation: o.offer_validation.clone(),
            offer_last_validation_type: o.offer_last_validation_type.clone(),
            offerer_address_id: o.offerer_address_id.clone(),
            venue_id: o.venue_id.clone(),
            offer_updated_date: o.offer_updated_date,
            offer_publication_date: o.offer_publication_date,
            offer_finalization_date: o.offer_finalization_date,
            scheduled_offer_bookability_date: o.scheduled_offer_bookability_date,
            offer_created_at: o.offer_creation_date,
            is_active: o.offer_is_active,
            is_national: o.offer_is_national,
            offer_is_duo: o.offer_is_duo,
            isbn: e.and_then(|e| e.isbn.clone()),
            ean: e.and_then(|e| e.ean.clone()),
            physical_goods: sc.map(|sc| sc.is_physical_deposit),
            digital_goods: sc.map(|sc| sc.is_digital_deposit),
            event: sc.map(|sc| sc.is_event),
            offer_category_id: sc.map(|sc| sc.category_id.clone()),
            search_group_name: sc.and_then(|sc| sc.search_group_name.clone()),
            ..Default::default()
        };
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&offers),
            Frame::from_rows(&eans),
            Frame::from_rows(&stocks),
            Frame::from_rows(&favorites),
            Frame::from_rows(&subcategories),
        ));
        let pro = |n: &str| format!("https://backoffice.passculture.team/pro/offer/{n}");
        let webapp = |n: &str| format!("https://passculture.app/offre/{n}");
        assert_eq!(
            out,
            vec![
                IntApplicativeOffer {
                    offer_subcategory_id: "SUBCATEGORY_A".into(),
                    offer_creation_date: pipeline::date("2026-01-10"),
                    is_synchronised: true,
                    offer_humanized_id: text("AE"),
                    offer_product_humanized_id: text("9A"),
                    passculture_pro_url: pro("1"),
                    webapp_url: webapp("1"),
                    item_id: "product-64".into(),
                    offer_is_bookable: true,
                    last_stock_price: None,
                    total_favorites: Some(2),
                    offer_is_underage_selectable: None,
                    offer_type_domain: text("SHOW"),
                    r#type: text("theatre"),
                    sub_type: text("drame"),
                    is_future_scheduled: false,
                    is_coming_soon: false,
                    ..pass(&offers[0], Some(&eans[0]), Some(&subcategories[0]))
                },
                IntApplicativeOffer {
                    offer_subcategory_id: "SUBCATEGORY_B".into(),
                    offer_creation_date: pipeline::date("2026-02-10"),
                    is_synchronised: false,
                    offer_humanized_id: text("A9"),
                    offer_product_humanized_id: None,
                    passculture_pro_url: pro("2"),
                    webapp_url: webapp("2"),
                    item_id: "offer-2".into(),
                    offer_is_bookable: true,
                    last_stock_price: Some(Dec2(2500)),
                    total_favorites: Some(1),
                    offer_is_underage_selectable: Some(true),
                    offer_type_domain: text("MUSIC"),
                    r#type: text("rock"),
                    sub_type: text("punk"),
                    is_future_scheduled: false,
                    is_coming_soon: true,
                    ..pass(&offers[1], Some(&eans[1]), Some(&subcategories[1]))
                },
                IntApplicativeOffer {
                    offer_subcategory_id: "SUBCATEGORY_UNKNOWN".into(),
                    offer_creation_date: pipeline::date("2026-03-10"),
                    is_synchronised: true,
                    offer_humanized_id: text("AM"),
                    offer_product_humanized_id: None,
                    passculture_pro_url: pro("3"),
                    webapp_url: webapp("3"),
                    item_id: "product-p-x".into(),
                    offer_is_bookable: false,
                    last_stock_price: None,
                    total_favorites: None,
                    offer_is_underage_selectable: Some(true),
                    offer_type_domain: None,
                    r#type: None,
                    sub_type: None,
                    is_future_scheduled: true,
                    is_coming_soon: false,
                    ..pass(&offers[2], None, None)
                },
            ]
        );
    }
}
