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
    let on_stock = on(B::stock_id, S::stock_id);
    let j = bookings.inner_join(stocks, on_stock);
    let on_score = on(B::booking_id, DS::booking_id);
    let j = j.left_join(scores, on_score);
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
}
