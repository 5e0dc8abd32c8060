//! Grain: one row per (non-cancelled booking, entity type); PK `booking_id, diversity_booked_entity_type`.

use pipeline::prelude::*;

use crate::applicative::int_applicative__booking::IntApplicativeBooking as B;
use crate::global::int_global__stock::IntGlobalStock as S;

/// Five weighted entity rows per non-cancelled booking, scored when the booking is the user's
/// first on that entity (intermediate.md, int_metric__diversity_daily_booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(
    model = "int_metric__diversity_daily_booking",
    layer = "intermediate",
    grain = "booking_id, diversity_booked_entity_type"
, from = RankedBooking)]
#[check(name = "five_entity_rows_per_booking", rule = five_entity_rows_per_booking, cite = "R-int_metric__diversity_daily_booking-2")]
#[check(name = "rank_numbers_each_entity_1_to_n", rule = rank_numbers_each_entity_1_to_n, cite = "R-int_metric__diversity_daily_booking-3")]
#[check(name = "score_is_weight_on_first_booking", rule = score_is_weight_on_first_booking, cite = "R-int_metric__diversity_daily_booking-4")]
pub struct IntMetricDiversityDailyBooking {
    /// booking id
    pub booking_id: String,
    /// booker
    pub user_id: String,
    /// deposit charged
    pub deposit_id: Option<String>,
    /// booking creation datetime
    pub booking_created_at: DtParis,
    /// booking creation date
    pub booking_creation_date: NaiveDate,
    /// `OFFER_CATEGORY`, `VENUE_TYPE`, `OFFER_SUBCATEGORY`, `VENUE` or `EXTRA_CATEGORY`
    #[schema(computed)]
    #[check(accepted_values = ["OFFER_CATEGORY", "VENUE_TYPE", "OFFER_SUBCATEGORY", "VENUE", "EXTRA_CATEGORY"], cite = "R-int_metric__diversity_daily_booking-2")]
    pub diversity_booked_entity_type: String,
    /// entity value from the stock; NULL when the stock is not kept (R-2, D-9)
    #[schema(computed)]
    pub diversity_booked_entity: Option<String>,
    /// ROW_NUMBER per (user, type, value) by creation, then booking id
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_metric__diversity_daily_booking-3")]
    pub diversity_booking_entity_rank: i64,
    /// the type's weight when the rank is 1, else 0
    #[schema(computed)]
    #[check(min = 0, max = 25, cite = "R-int_metric__diversity_daily_booking-4")]
    pub diversity_score: i64,
}

/// A kept booking with its position in the ranking order of R-3 (creation, then booking id
/// as string): computed once per booking rather than sorted again for each entity (the
/// rankings then sort integers, not strings).
#[derive(Schema)]
#[schema(from = B)]
pub struct OrderedBooking {
    pub booking_id: String,
    pub stock_id: String,
    pub user_id: String,
    pub deposit_id: Option<String>,
    pub booking_created_at: DtParis,
    pub booking_creation_date: NaiveDate,
    #[schema(computed)]
    pub booking_order: i64,
}

/// A kept booking with its stock's entity values and its ROW_NUMBER on each: one
/// row per booking, so each ranking partitions one type's values (a fifth of the long rows,
/// without the type in the key).
#[derive(Schema)]
#[schema(from = OrderedBooking)]
pub struct RankedBooking {
    pub booking_id: String,
    pub user_id: String,
    pub deposit_id: Option<String>,
    pub booking_created_at: DtParis,
    pub booking_creation_date: NaiveDate,
    #[schema(computed)]
    pub offer_category: Option<String>,
    #[schema(computed)]
    pub venue_type: Option<String>,
    #[schema(computed)]
    pub offer_subcategory: Option<String>,
    #[schema(computed)]
    pub venue: Option<String>,
    #[schema(computed)]
    pub offer_category_rank: i64,
    #[schema(computed)]
    pub venue_type_rank: i64,
    #[schema(computed)]
    pub offer_subcategory_rank: i64,
    /// also EXTRA_CATEGORY's rank: its value is the venue (D-9), so its partitions are the
    /// VENUE ones
    #[schema(computed)]
    pub venue_rank: i64,
}

/// Entity types and weights of R-2.
pub const ENTITY_WEIGHTS: [(&str, i64); 5] =
    [("OFFER_CATEGORY", 25), ("VENUE_TYPE", 20), ("OFFER_SUBCATEGORY", 10), ("VENUE", 5), ("EXTRA_CATEGORY", 5)];

fn five_entity_rows_per_booking(f: &Frame<IntMetricDiversityDailyBooking>) -> Expr {
    group_len(vec![f.c(IntMetricDiversityDailyBooking::booking_id)]).eq(lit(5i64))
}

/// a ROW_NUMBER per (user, type, value), NULL values forming one group (C-20).
fn rank_numbers_each_entity_1_to_n(f: &Frame<IntMetricDiversityDailyBooking>) -> Expr {
    type A = IntMetricDiversityDailyBooking;
    one_to_n(
        f.c(A::diversity_booking_entity_rank),
        vec![f.c(A::user_id), f.c(A::diversity_booked_entity_type), f.c(A::diversity_booked_entity)],
    )
}

/// the type's weight when the rank is 1, else 0.
fn score_is_weight_on_first_booking(f: &Frame<IntMetricDiversityDailyBooking>) -> Expr {
    type A = IntMetricDiversityDailyBooking;
    let kind = f.c(A::diversity_booked_entity_type);
    let weight = ENTITY_WEIGHTS.iter().rev().fold(lit(NULL).cast(DataType::Int64), |rest, (t, w)| {
        when(kind.clone().eq(lit(*t))).then(lit(*w)).otherwise(rest)
    });
    let expected = when(f.c(A::diversity_booking_entity_rank).eq(lit(1i64))).then(weight).otherwise(lit(0i64));
    f.c(A::diversity_score).eq(expected).fill_null(lit(false))
}

pub fn build(_ctx: &RunContext, bookings: Frame<B>, stocks: Frame<S>) -> Frame<IntMetricDiversityDailyBooking> {
    type O = OrderedBooking;
    type R = RankedBooking;
    // `booking_status <> 'CANCELLED'`; a NULL status compares NULL and is dropped.
    let kept = bookings.clone().filter(bookings.c(B::booking_status).neq(lit("CANCELLED")));
    // R-3's order (creation, then booking id as string) is a total order on bookings: number
    // it once here, so each per-entity ROW_NUMBER below orders by one integer.
    let order = row_number(vec![], vec![asc(kept.c(B::booking_created_at)), asc(kept.c(B::booking_id))]);
    let kept = OrderedBooking::project(kept, OrderedBookingComputed { booking_order: order });
    let on = on(O::stock_id, S::stock_id);
    let j = kept.left_join(stocks, on);
    // the values are NULL when the stock is not kept. R-3: ROW_NUMBER per (user, type,
    // value) — NULL values form one group (C-20) — by creation then booking id as string,
    // across all the user's deposits; ranked here per type, on one row per booking.
    let ranked_on = |value: Expr| row_number(vec![j.c(O::user_id), value], vec![asc(j.c(O::booking_order))]);
    let ranked = RankedBooking::project(
        j.clone(),
        RankedBookingComputed {
            offer_category: j.c(S::offer_category_id),
            venue_type: j.c(S::venue_type_label),
            offer_subcategory: j.c(S::offer_subcategory_id),
            venue: j.c(S::venue_id),
            offer_category_rank: ranked_on(j.c(S::offer_category_id)),
            venue_type_rank: ranked_on(j.c(S::venue_type_label)),
            offer_subcategory_rank: ranked_on(j.c(S::offer_subcategory_id)),
            venue_rank: ranked_on(j.c(S::venue_id)),
        },
    );
    // Sorted by booking id, the five entity rows taken in turn in the types' name order come
    // out in grain order: the runtime finds the table sorted instead of sorting five times as
    // many rows by two strings.
    let ranked = ranked.clone().sort_by(vec![asc(ranked.c(R::booking_id))]);
    // five (type, value, weight) rows; EXTRA_CATEGORY = coalesce(offer_type_label,
    // venue_id) = venue_id (D-9), so it shares VENUE's value and rank. R-4: the weight on the
    // user's first booking of the entity, else 0.
    let entity = |kind: &str, value: Expr, rank: Expr| -> Frame<IntMetricDiversityDailyBooking> {
        let weight = ENTITY_WEIGHTS.iter().find(|(t, _)| *t == kind).expect("a type of R-2").1;
        IntMetricDiversityDailyBooking::project(
            ranked.clone(),
            IntMetricDiversityDailyBookingComputed {
                diversity_booked_entity_type: lit(kind.to_string()),
                diversity_booked_entity: value,
                diversity_booking_entity_rank: rank.clone(),
                diversity_score: when(rank.eq(lit(1i64))).then(lit(weight)).otherwise(lit(0i64)).cast(DataType::Int64),
            },
        )
    };
    Frame::interleave(vec![
        entity("EXTRA_CATEGORY", ranked.c(R::venue), ranked.c(R::venue_rank)),
        entity("OFFER_CATEGORY", ranked.c(R::offer_category), ranked.c(R::offer_category_rank)),
        entity("OFFER_SUBCATEGORY", ranked.c(R::offer_subcategory), ranked.c(R::offer_subcategory_rank)),
        entity("VENUE", ranked.c(R::venue), ranked.c(R::venue_rank)),
        entity("VENUE_TYPE", ranked.c(R::venue_type), ranked.c(R::venue_type_rank)),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot, snapshot_cols};

    use crate::test_rows::booking;

    fn stock(id: &str, category: &str, venue_type: &str, subcategory: &str, venue: &str) -> S {
        S {
            stock_id: id.into(),
            offer_id: format!("o-{id}"),
            offer_category_id: Some(category.into()),
            venue_type_label: Some(venue_type.into()),
            offer_subcategory_id: subcategory.into(),
            venue_id: Some(venue.into()),
            ..Default::default()
        }
    }

    /// R-int_metric__diversity_daily_booking-1 (CANCELLED and NULL-status bookings dropped),
    /// R-2 (five rows per booking, EXTRA_CATEGORY = venue_id (D-9), values NULL for a stock not
    /// in int_global__stock), R-3 (ROW_NUMBER per (user, type, value), tie on creation broken by
    /// booking id as string: "10" < "9" — a numeric tie-break would give "9" rank 1; the NULL
    /// values of the two unknown-stock bookings form ONE group: "30" ranks 2 — a NULL-as-distinct
    /// partition would rank it 1), R-4 (weight when rank 1, else 0). Ranks are per user across
    /// deposits ("20" on another deposit ranks 2).
    ///
    /// Rules: R-int_metric__diversity_daily_booking-1, R-int_metric__diversity_daily_booking-2,
    /// R-int_metric__diversity_daily_booking-3, R-int_metric__diversity_daily_booking-4.
    #[test]
    fn r_int_metric__diversity_daily_booking_1_2_3_4_ranks_and_weights() {
        let bookings = vec![
            booking("9", "u1", "s1", "2026-01-10 09:00:00", Some("CONFIRMED")),
            booking("10", "u1", "s2", "2026-01-10 09:00:00", Some("USED")),
            booking("11", "u1", "s3", "2026-01-01 09:00:00", Some("CANCELLED")),
            booking("12", "u1", "s3", "2026-01-01 09:00:00", None),
            B { deposit_id: Some("d2".into()), ..booking("20", "u1", "s1", "2026-02-01 10:00:00", Some("REIMBURSED")) },
            booking("25", "u1", "unknown", "2026-03-01 10:00:00", Some("CONFIRMED")),
            booking("30", "u1", "unknown2", "2026-03-02 10:00:00", Some("CONFIRMED")),
            booking("40", "u2", "s1", "2026-05-01 10:00:00", Some("CONFIRMED")),
        ];
        let stocks = vec![
            stock("s1", "LIVRE", "Librairie", "LIVRE_PAPIER", "v1"),
            stock("s2", "LIVRE", "Librairie", "LIVRE_NUMERIQUE", "v2"),
            stock("s3", "CINEMA", "Cinéma", "SEANCE_CINE", "v3"),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&bookings), Frame::from_rows(&stocks));
        insta::assert_snapshot!(snapshot(out));
    }

    /// R-int_metric__diversity_daily_booking-5 (D-5): the output is a pure function of the
    /// current inputs: once a booking is cancelled, none of its rows remain, and the other
    /// bookings' ranks are recomputed (the later booking becomes rank 1 and scores).
    ///
    /// Rules: R-int_metric__diversity_daily_booking-5.
    #[test]
    fn r_int_metric__diversity_daily_booking_5_full_recompute() {
        let stocks = vec![stock("s1", "LIVRE", "Librairie", "LIVRE_PAPIER", "v1")];
        let first = booking("1", "u1", "s1", "2026-01-01 10:00:00", Some("CONFIRMED"));
        let second = booking("2", "u1", "s1", "2026-01-02 10:00:00", Some("CONFIRMED"));
        let before = rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&[first.clone(), second.clone()]),
            Frame::from_rows(&stocks),
        ));
        assert_eq!(before.iter().filter(|r| r.booking_id == "2").map(|r| r.diversity_score).sum::<i64>(), 0);
        let cancelled = B { booking_status: Some("CANCELLED".into()), ..first };
        let after = build(&ctx("2026-11-28"), Frame::from_rows(&[cancelled, second]), Frame::from_rows(&stocks));
        insta::assert_snapshot!(snapshot_cols(
            after,
            &["diversity_booked_entity", "diversity_booking_entity_rank", "diversity_score"]
        ));
    }
}
