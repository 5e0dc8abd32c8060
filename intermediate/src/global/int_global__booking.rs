//! Grain: one row per booking whose stock belongs to a kept offer; PK `booking_id`.

use pipeline::prelude::*;

use super::int_global__stock::IntGlobalStock as S;
use crate::applicative::int_applicative__booking::IntApplicativeBooking as B;
use crate::metric::int_metric__diversity_score::IntMetricDiversityScore as DS;

/// Bookings of kept offers with their stock's, offer's, venue's and offerer's columns,
/// diversity score and per-user ranks (intermediate.md, int_global__booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__booking", layer = "intermediate", grain = "booking_id", from = S)]
#[check(name = "status_flags_consistent", rule = status_flags_consistent, cite = "I-5")]
#[check(name = "diversity_score_null_iff_cancelled", rule = diversity_score_null_iff_cancelled, cite = "I-6")]
#[check(name = "user_booking_rank_numbers_each_user_1_to_n", rule = user_booking_rank_numbers_each_user_1_to_n, cite = "I-10")]
#[check(name = "intermediary_amount_is_amount_times_quantity", rule = intermediary_amount_is_amount_times_quantity, cite = "I-11")]
pub struct IntGlobalBooking {
    /// booking id
    #[schema(from = B)]
    pub booking_id: String,
    /// creation date (R-int_applicative__booking-1)
    #[schema(from = B)]
    pub booking_creation_date: NaiveDate,
    /// creation datetime (R-int_applicative__booking-1)
    #[schema(from = B)]
    pub booking_created_at: DtParis,
    /// 1, or 2 for a duo booking
    #[schema(from = B)]
    #[check(min = 1, max = 2, cite = "sources.md §2.4")]
    pub booking_quantity: Option<i64>,
    /// unit price paid
    #[schema(from = B)]
    #[check(min = 0, cite = "I-2")]
    pub booking_amount: Option<Dec2>,
    /// booking status
    #[schema(from = B)]
    #[check(accepted_values = ["CONFIRMED", "USED", "CANCELLED", "REIMBURSED", "PENDING_REIMBURSEMENT"], cite = "sources.md §2.4")]
    pub booking_status: Option<String>,
    /// status is `CANCELLED`
    #[schema(from = B)]
    pub booking_is_cancelled: Option<bool>,
    /// status is used, pending reimbursement or reimbursed
    #[schema(from = B)]
    pub booking_is_used: Option<bool>,
    /// cancellation datetime
    #[schema(from = B)]
    pub booking_cancellation_date: Option<DtParis>,
    /// cancellation reason code
    #[schema(from = B)]
    pub booking_cancellation_reason: Option<String>,
    /// booker
    #[schema(from = B)]
    pub user_id: String,
    /// booker's age at booking (R-int_applicative__booking-3)
    #[schema(from = B)]
    pub user_age_at_booking: Option<i64>,
    /// deposit charged
    #[schema(from = B)]
    pub deposit_id: Option<String>,
    /// type of the charged deposit (R-int_applicative__booking-2)
    #[schema(from = B)]
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub deposit_type: Option<String>,
    /// reform category of the charged deposit (R-int_applicative__booking-2)
    #[schema(from = B)]
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub deposit_reform_category: Option<String>,
    /// status is `REIMBURSED`
    #[schema(from = B)]
    pub reimbursed: Option<bool>,
    /// amount × quantity, NULLs as 0 (R-int_applicative__booking-4)
    #[schema(from = B)]
    #[check(min = 0, cite = "I-2")]
    pub booking_intermediary_amount: Dec2,
    /// RANK among all the user's raw bookings (R-int_applicative__booking-5)
    #[schema(from = B)]
    #[check(min = 1, cite = "I-10")]
    pub booking_rank: i64,
    /// validation (use) datetime
    #[schema(from = B)]
    pub booking_used_date: Option<DtParis>,
    /// recredit cohort of a used booking
    #[schema(from = B)]
    pub booking_used_recredit_type: Option<String>,
    /// booked stock
    #[check(references = S::stock_id, cite = "R-int_global__booking-1")]
    pub stock_id: String,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// offer of the stock
    pub offer_id: String,
    /// offer title
    pub offer_name: Option<String>,
    /// offer subcategory
    pub offer_subcategory_id: String,
    /// offer category (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// physical goods subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// digital goods subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// event subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// offer URL
    pub offer_url: Option<String>,
    /// offer ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// `product-…` / `offer-…` (R-int_applicative__offer-6)
    pub item_id: String,
    /// offer's newest-stock price (R-int_applicative__offer-2)
    #[check(min = 0, cite = "R-int_applicative__offer-2")]
    pub last_stock_price: Option<Dec2>,
    /// live venue of the offer (R-int_global__offer-1)
    pub venue_id: Option<String>,
    /// venue name
    pub venue_name: Option<String>,
    /// venue label text
    pub venue_label: Option<String>,
    /// venue type label
    pub venue_type_label: Option<String>,
    /// venue postal code
    pub venue_postal_code: Option<String>,
    /// venue department code
    pub venue_department_code: Option<String>,
    /// venue department name
    pub venue_department_name: Option<String>,
    /// venue region name
    pub venue_region_name: Option<String>,
    /// venue academy name
    pub venue_academy_name: Option<String>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// offerer name
    pub offerer_name: Option<String>,
    /// venue's partner id (= venue id)
    pub partner_id: Option<String>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
    /// diversity score; NULL exactly for cancelled or status-less bookings
    // present in the score model exactly for non-cancelled, non-NULL-status bookings.
    #[schema(from = DS)]
    #[check(min = 0, max = 65, cite = "I-6")]
    pub diversity_score: Option<i64>,
    /// RANK per (user, subcategory) by creation
    #[schema(computed)]
    #[check(min = 1, cite = "I-10")]
    pub same_category_booking_rank: i64,
    /// RANK per user by creation, then booking id
    #[schema(computed)]
    #[check(min = 1, cite = "I-10")]
    pub user_booking_rank: i64,
}

fn status_flags_consistent(f: &Frame<IntGlobalBooking>) -> Expr {
    type A = IntGlobalBooking;
    sources::applicative::raw_applicative__booking::booking_flags_consistent(
        f.c(A::booking_status),
        f.c(A::booking_is_cancelled),
        f.c(A::booking_is_used),
        f.c(A::reimbursed),
    )
}

fn diversity_score_null_iff_cancelled(f: &Frame<IntGlobalBooking>) -> Expr {
    diversity_null_iff_cancelled(f.c(IntGlobalBooking::diversity_score), f.c(IntGlobalBooking::booking_status))
}

/// I-6 (R-2, D-5): `diversity_score` is NULL iff `booking_status` is `CANCELLED` or NULL; decided.
pub fn diversity_null_iff_cancelled(score: Expr, status: Expr) -> Expr {
    let unscored = status.clone().is_null().or(status.eq(lit("CANCELLED")).fill_null(lit(true)));
    score.is_null().eq(unscored)
}

/// I-10: a RANK with the booking id as tie-break numbers each user's bookings 1..n.
fn user_booking_rank_numbers_each_user_1_to_n(f: &Frame<IntGlobalBooking>) -> Expr {
    type A = IntGlobalBooking;
    one_to_n(f.c(A::user_booking_rank), vec![f.c(A::user_id)])
}

fn intermediary_amount_is_amount_times_quantity(f: &Frame<IntGlobalBooking>) -> Expr {
    type A = IntGlobalBooking;
    crate::applicative::int_applicative__booking::intermediary_amount_consistent(
        f.c(A::booking_intermediary_amount),
        f.c(A::booking_amount),
        f.c(A::booking_quantity),
    )
}

pub fn build(_ctx: &RunContext, bookings: Frame<B>, stocks: Frame<S>, scores: Frame<DS>) -> Frame<IntGlobalBooking> {
    // INNER on the stock (bookings of unknown / removed-offer stocks leave), LEFT on the
    // diversity score; no other filter.
    // The widest intermediate table (15.9M rows × 51 columns at scale 16): the joins are built
    // column at a time, so the inputs are never held whole next to it (an ordinary join peaked
    // at 18 GB for this model alone; see `Frame::inner_join_wide`). The score goes onto the
    // narrow booking rows first, in place (one score per booking); the stock's columns last.
    let on_score = on(B::booking_id, DS::booking_id);
    let j = bookings.left_join_wide(scores, on_score);
    let on_stock = on(B::stock_id, S::stock_id);
    let j = j.inner_join_wide(stocks, on_stock);
    let user = j.c(B::user_id);
    let created = j.c(B::booking_created_at);
    // RANK, ties share (no tie-break), cancelled bookings included.
    let same_category_rank = rank(vec![user.clone(), j.c(S::offer_subcategory_id)], vec![asc(created.clone())]);
    // RANK with the booking id (as string) as second key.
    let user_rank = rank(vec![user], vec![asc(created), asc(j.c(B::booking_id))]);
    IntGlobalBooking::project(
        j.clone(),
        IntGlobalBookingComputed { same_category_booking_rank: same_category_rank, user_booking_rank: user_rank },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metric::{int_metric__diversity_daily_booking as daily, int_metric__diversity_score as score};
    use pipeline::testing::{ctx, snapshot_cols};

    use crate::test_rows::booking;

    fn stock(id: &str, subcategory: &str, venue: Option<&str>) -> S {
        S {
            stock_id: id.into(),
            offer_id: format!("o-{id}"),
            offer_subcategory_id: subcategory.into(),
            offer_category_id: Some("CAT".into()),
            venue_id: venue.map(Into::into),
            venue_type_label: Some("Librairie".into()),
            item_id: format!("offer-o-{id}"),
            ..Default::default()
        }
    }

    fn run(bookings: &[B], stocks: &[S]) -> Frame<IntGlobalBooking> {
        let c = ctx("2026-11-27");
        let entities = daily::build(&c, Frame::from_rows(bookings), Frame::from_rows(stocks));
        let scores = score::build(&c, entities);
        build(&c, Frame::from_rows(bookings), Frame::from_rows(stocks), scores)
    }

    /// R-int_global__booking-1 (INNER on the stock: "0", booking of an unknown stock, leaves; a
    /// stock with a NULL venue keeps its booking, K-16), R-2 (diversity_score NULL exactly for
    /// CANCELLED and NULL-status bookings, D-5; scores are computed over ALL the user's
    /// non-cancelled bookings, including "0" dropped here: its NULL VENUE / EXTRA_CATEGORY values
    /// form one group with those of "5" (stock with NULL venue), so "5" scores only the new
    /// subcategory, 10 — ignoring dropped bookings would give 20).
    ///
    /// Rules: R-int_global__booking-1, R-int_global__booking-2.
    #[test]
    fn r_int_global__booking_1_2_join_and_score() {
        let bookings = vec![
            booking("0", "u1", "unknown", "2026-01-01 09:00:00", Some("CONFIRMED")),
            booking("1", "u1", "s1", "2026-01-02 09:00:00", Some("CANCELLED")),
            booking("2", "u1", "s1", "2026-01-03 09:00:00", Some("USED")),
            booking("3", "u1", "s2", "2026-01-04 09:00:00", None),
            booking("4", "u2", "s2", "2026-01-04 09:00:00", Some("REIMBURSED")),
            booking("5", "u1", "s2", "2026-01-05 09:00:00", Some("CONFIRMED")),
        ];
        let stocks = vec![stock("s1", "LIVRE_PAPIER", Some("v1")), stock("s2", "SEANCE_CINE", None)];
        insta::assert_snapshot!(snapshot_cols(
            run(&bookings, &stocks),
            &["user_id", "booking_status", "stock_id", "offer_id", "venue_id", "item_id", "diversity_score"]
        ));
    }

    /// R-int_global__booking-3 (same_category_booking_rank = RANK per (user, subcategory) by
    /// creation only: two bookings at the same instant share rank 1 and the next gets 3 — a
    /// ROW_NUMBER would give 1, 2, 3; cancelled bookings count) and R-4 (user_booking_rank =
    /// RANK per user by (creation, booking_id as string): "10" precedes "9" at the same instant
    /// — a numeric tie-break would rank "9" first; values 1..n). K-9.
    ///
    /// Rules: R-int_global__booking-3, R-int_global__booking-4.
    #[test]
    fn r_int_global__booking_3_4_ranks() {
        let bookings = vec![
            booking("9", "u1", "s1", "2026-01-10 09:00:00", Some("CONFIRMED")),
            booking("10", "u1", "s1", "2026-01-10 09:00:00", Some("CANCELLED")),
            booking("11", "u1", "s1", "2026-01-11 09:00:00", Some("USED")),
            booking("12", "u1", "s2", "2026-01-11 09:00:00", Some("USED")),
            booking("13", "u2", "s1", "2026-01-11 09:00:00", Some("USED")),
        ];
        let stocks = vec![stock("s1", "LIVRE_PAPIER", Some("v1")), stock("s2", "SEANCE_CINE", Some("v1"))];
        insta::assert_snapshot!(snapshot_cols(
            run(&bookings, &stocks),
            &[
                "user_id",
                "booking_created_at",
                "offer_subcategory_id",
                "booking_is_cancelled",
                "same_category_booking_rank",
                "user_booking_rank"
            ]
        ));
    }

    /// Pass-through columns keep their source column (the booking's, the stock's, the diversity
    /// score's), each filled with values no other column of its type has: three bookings
    /// (REIMBURSED, CANCELLED, USED), so that each boolean column has its own pattern. The venue,
    /// offerer and price-category label the booking extract carries differ from the stock's: the
    /// output takes the stock side (R-int_global__booking-1). Ranks follow.
    #[test]
    fn r_int_global__booking_columns_pass_through_unswapped() {
        let text = |s: &str| Some(s.to_string());
        let paris = |s: &str| DtParis(pipeline::dt(s));
        let booking = |n: u32, status: &str, quantity: i64, cents: i128| {
            let created = paris(&format!("2026-0{n}-10 09:00:00"));
            B {
                booking_id: format!("b{n}"),
                stock_id: format!("s{n}"),
                user_id: "u1".into(),
                booking_quantity: Some(quantity),
                booking_amount: Some(Dec2(cents)),
                booking_status: Some(status.into()),
                booking_is_cancelled: Some(status == "CANCELLED"),
                booking_is_used: Some(status != "CANCELLED"),
                reimbursed: Some(status == "REIMBURSED"),
                booking_used_date: (status != "CANCELLED").then(|| paris(&format!("2026-0{n}-11 10:00:00"))),
                booking_cancellation_date: (status == "CANCELLED").then(|| paris(&format!("2026-0{n}-12 11:00:00"))),
                booking_cancellation_reason: (status == "CANCELLED").then(|| "BENEFICIARY".into()),
                deposit_id: Some(format!("d{n}")),
                offerer_id: Some(format!("of-carried-{n}")),
                venue_id: Some(format!("v-carried-{n}")),
                price_category_label: Some(format!("carried label {n}")),
                booking_used_recredit_type: Some(format!("RECREDIT_{}", 16 + n)),
                booking_reimbursement_date: Some(DtUtc(pipeline::dt(&format!("2026-0{n}-20 05:00:00")))),
                booking_created_at: created,
                booking_creation_date: created.0.date(),
                deposit_type: text(["GRANT_18", "GRANT_17_18", "GRANT_15_17"][n as usize - 1]),
                deposit_reform_category: text(["18_pre_reform", "18_post_reform", "15_17_pre_reform"][n as usize - 1]),
                user_age_at_booking: Some(16 + n as i64),
                booking_intermediary_amount: Dec2(cents * quantity as i128),
                booking_rank: 2 + n as i64,
            }
        };
        let bookings =
            vec![booking(1, "REIMBURSED", 2, 1000), booking(2, "CANCELLED", 1, 700), booking(3, "USED", 2, 550)];
        type Flag = Option<bool>;
        let flags: [(Flag, Flag, Flag, Flag, Flag); 3] = [
            // (physical, digital, event, venue permanent, offerer EPN)
            (Some(true), Some(false), None, Some(true), Some(false)),
            (Some(false), Some(true), Some(true), Some(true), None),
            (None, None, Some(false), Some(false), Some(true)),
        ];
        let stock = |n: u32| {
            let (physical, digital, event, permanent, epn) = flags[n as usize - 1];
            S {
                stock_id: format!("s{n}"),
                stock_beginning_date: Some(DtUtc(pipeline::dt(&format!("2026-1{}-01 19:30:00", n - 1)))),
                offer_id: format!("o{n}"),
                offer_name: Some(format!("Offer {n}")),
                offer_subcategory_id: format!("SUBCATEGORY_{n}"),
                offer_category_id: Some(format!("CATEGORY_{n}")),
                physical_goods: physical,
                digital_goods: digital,
                event,
                offer_url: Some(format!("https://example.org/offer/{n}")),
                isbn: Some(format!("978000000000{n}")),
                item_id: format!("offer-o{n}"),
                last_stock_price: Some(Dec2(1100 + n as i128 * 100)),
                venue_id: Some(format!("v{n}")),
                venue_name: Some(format!("Venue {n}")),
                venue_label: Some(format!("Label {n}")),
                venue_type_label: Some(format!("Type {n}")),
                venue_postal_code: Some(format!("7500{n}")),
                venue_department_code: Some(format!("7{n}")),
                venue_department_name: Some(format!("Department {n}")),
                venue_region_name: Some(format!("Region {n}")),
                venue_academy_name: Some(format!("Academy {n}")),
                venue_is_permanent: permanent,
                offerer_id: Some(format!("of{n}")),
                offerer_name: Some(format!("Offerer {n}")),
                partner_id: Some(format!("v{n}")),
                offerer_is_epn: epn,
                ..Default::default()
            }
        };
        let stocks = vec![stock(1), stock(2), stock(3)];
        let score = |b: &B, score: i64| DS {
            booking_id: b.booking_id.clone(),
            user_id: b.user_id.clone(),
            deposit_id: b.deposit_id.clone(),
            booking_created_at: b.booking_created_at,
            booking_creation_date: b.booking_creation_date,
            diversity_score: score,
        };
        let scores = vec![score(&bookings[0], 65), score(&bookings[2], 20)];
        let pass = |b: &B, s: &S, diversity_score: Option<i64>| IntGlobalBooking {
            booking_id: b.booking_id.clone(),
            booking_creation_date: b.booking_creation_date,
            booking_created_at: b.booking_created_at,
            booking_quantity: b.booking_quantity,
            booking_amount: b.booking_amount,
            booking_status: b.booking_status.clone(),
            booking_is_cancelled: b.booking_is_cancelled,
            booking_is_used: b.booking_is_used,
            booking_cancellation_date: b.booking_cancellation_date,
            booking_cancellation_reason: b.booking_cancellation_reason.clone(),
            user_id: b.user_id.clone(),
            user_age_at_booking: b.user_age_at_booking,
            deposit_id: b.deposit_id.clone(),
            deposit_type: b.deposit_type.clone(),
            deposit_reform_category: b.deposit_reform_category.clone(),
            reimbursed: b.reimbursed,
            booking_intermediary_amount: b.booking_intermediary_amount,
            booking_rank: b.booking_rank,
            booking_used_date: b.booking_used_date,
            booking_used_recredit_type: b.booking_used_recredit_type.clone(),
            stock_id: s.stock_id.clone(),
            stock_beginning_date: s.stock_beginning_date,
            offer_id: s.offer_id.clone(),
            offer_name: s.offer_name.clone(),
            offer_subcategory_id: s.offer_subcategory_id.clone(),
            offer_category_id: s.offer_category_id.clone(),
            physical_goods: s.physical_goods,
            digital_goods: s.digital_goods,
            event: s.event,
            offer_url: s.offer_url.clone(),
            isbn: s.isbn.clone(),
            item_id: s.item_id.clone(),
            last_stock_price: s.last_stock_price,
            venue_id: s.venue_id.clone(),
            venue_name: s.venue_name.clone(),
            venue_label: s.venue_label.clone(),
            venue_type_label: s.venue_type_label.clone(),
            venue_postal_code: s.venue_postal_code.clone(),
            venue_department_code: s.venue_department_code.clone(),
            venue_department_name: s.venue_department_name.clone(),
            venue_region_name: s.venue_region_name.clone(),
            venue_academy_name: s.venue_academy_name.clone(),
            venue_is_permanent: s.venue_is_permanent,
            offerer_id: s.offerer_id.clone(),
            offerer_name: s.offerer_name.clone(),
            partner_id: s.partner_id.clone(),
            offerer_is_epn: s.offerer_is_epn,
            diversity_score,
            ..Default::default()
        };
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&bookings),
            Frame::from_rows(&stocks),
            Frame::from_rows(&scores),
        ));
        assert_eq!(
            out,
            vec![
                IntGlobalBooking {
                    same_category_booking_rank: 1,
                    user_booking_rank: 1,
                    ..pass(&bookings[0], &stocks[0], Some(65))
                },
                IntGlobalBooking {
                    same_category_booking_rank: 1,
                    user_booking_rank: 2,
                    ..pass(&bookings[1], &stocks[1], None)
                },
                IntGlobalBooking {
                    same_category_booking_rank: 1,
                    user_booking_rank: 3,
                    ..pass(&bookings[2], &stocks[2], Some(20))
                },
            ]
        );
    }
}
