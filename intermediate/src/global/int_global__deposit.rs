//! Grain: one row per raw deposit; PK `deposit_id`.

use pipeline::prelude::*;

use super::int_global__booking::IntGlobalBooking as B;
use crate::applicative::int_applicative__deposit::IntApplicativeDeposit as D;

/// Deposits with the spend, booking counts and first-booking facts of their surviving
/// bookings (intermediate.md, int_global__deposit).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__deposit", layer = "intermediate", grain = "deposit_id", from = D)]
#[check(name = "spent_within_theoretical", rule = spent_within_theoretical, cite = "I-2")]
#[check(name = "spend_breakdown_within_theoretical", rule = spend_breakdown_within_theoretical, cite = "R-int_global__deposit-1")]
#[check(name = "amount_within_grant_cap", rule = amount_within_grant_cap, cite = "R-int_applicative__deposit-4")]
#[check(name = "ranks_number_each_owner_1_to_n", rule = ranks_number_each_owner_1_to_n, cite = "I-4")]
pub struct IntGlobalDeposit {
    /// deposit id
    pub deposit_id: String,
    /// granted amount (R-int_applicative__deposit-4)
    // Warn only, as in int_applicative__deposit: `a − prev_amount` may be negative.
    #[check(min = 0, cite = "R-int_applicative__deposit-4", warn)]
    pub deposit_amount: Dec2,
    /// owner, NULL when not a kept user (R-int_applicative__deposit-2)
    pub user_id: Option<String>,
    /// owner's age at deposit creation (R-int_applicative__deposit-3)
    pub user_age_at_deposit: Option<i64>,
    /// free text describing how the grant was obtained
    pub source: Option<String>,
    /// creation
    pub deposit_creation_date: DtParis,
    /// last update
    pub deposit_update_date: Option<DtParis>,
    /// expiry, UTC wall-clock
    pub deposit_expiration_date: Option<DtUtc>,
    /// `GRANT_15_17`, `GRANT_18`, `GRANT_17_18`, `GRANT_FREE`
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub deposit_type: String,
    /// reform cohort (R-int_applicative__deposit-7)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub deposit_reform_category: Option<String>,
    /// normalised source (R-int_applicative__deposit-5)
    pub deposit_source: Option<String>,
    /// 1 = the owner's first deposit (R-int_applicative__deposit-6)
    #[check(min = 1, cite = "R-int_applicative__deposit-6")]
    pub deposit_rank_asc: i64,
    /// 1 = the owner's latest deposit (R-int_applicative__deposit-6)
    #[check(min = 1, cite = "R-int_applicative__deposit-6")]
    pub deposit_rank_desc: i64,
    /// date of the latest recredit (R-int_applicative__deposit-1)
    pub last_recredit_date: Option<NaiveDate>,
    /// number of recredits (R-int_applicative__deposit-1)
    pub total_recredit: Option<i64>,
    /// `coalesce(total_recredit_amount, 0)`
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_applicative__deposit-1")]
    pub total_recredit_amount: Dec2,
    /// SUM amount of used bookings, 0 when none
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub total_actual_amount_spent: Dec2,
    /// SUM amount of non-cancelled bookings, 0 when none
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_amount_spent: Dec2,
    /// SUM amount of non-cancelled digital bookings with a URL, 0 when none
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_amount_spent_in_digital_goods: Dec2,
    /// same definition as `total_theoretical_amount_spent_in_digital_goods`
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_digital_goods_amount_spent: Dec2,
    /// SUM amount of non-cancelled physical bookings without URL, 0 when none
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_physical_goods_amount_spent: Dec2,
    /// SUM amount of non-cancelled event bookings, 0 when none
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_outings_amount_spent: Dec2,
    /// number of non-cancelled bookings, 0 when none
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: i64,
    /// number of bookings with amount 0, cancelled included
    #[schema(computed)]
    pub total_free_bookings: i64,
    /// number of non-cancelled duo bookings
    #[schema(computed)]
    pub total_non_cancelled_duo_bookings: i64,
    /// number of distinct subcategories of non-cancelled bookings
    #[schema(computed)]
    pub total_subcategory_booked: i64,
    /// MIN creation date of non-cancelled bookings
    #[schema(from = DepositBookingAgg)]
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX creation date of non-cancelled bookings
    #[schema(from = DepositBookingAgg)]
    pub last_individual_booking_date: Option<NaiveDate>,
    /// MIN creation date of bookings with amount 0, cancelled included (R-1, K-2)
    #[schema(from = DepositBookingAgg)]
    pub first_paid_booking_date: Option<NaiveDate>,
    /// SUM of diversity scores, not coalesced
    // K-7: not coalesced.
    #[schema(from = DepositBookingAgg)]
    #[check(min = 0, cite = "I-6")]
    pub total_diversity_score: Option<i64>,
    /// subcategory of the user's first surviving booking
    #[schema(from = DepositBookingAgg)]
    pub first_booking_type: Option<String>,
    /// subcategory of the user's first booking when its amount is 0 (R-1, K-2)
    #[schema(from = DepositBookingAgg)]
    pub first_paid_booking_type: Option<String>,
}

/// Booking aggregate per deposit.
#[derive(Schema)]
#[schema(from = B)]
pub struct DepositBookingAgg {
    pub deposit_id: Option<String>,
    #[schema(computed)]
    pub total_actual_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_amount_spent_in_digital_goods: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_digital_goods_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_physical_goods_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_theoretical_outings_amount_spent: Option<Dec2>,
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: i64,
    #[schema(computed)]
    pub total_free_bookings: i64,
    #[schema(computed)]
    pub total_non_cancelled_duo_bookings: i64,
    #[schema(computed)]
    pub total_subcategory_booked: i64,
    #[schema(computed)]
    pub first_individual_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub last_individual_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub first_paid_booking_date: Option<NaiveDate>,
    #[schema(computed)]
    pub total_diversity_score: Option<i64>,
    #[schema(computed)]
    pub first_booking_type: Option<String>,
    #[schema(computed)]
    pub first_paid_booking_type: Option<String>,
}

fn spent_within_theoretical(f: &Frame<IntGlobalDeposit>) -> Expr {
    type A = IntGlobalDeposit;
    spend_bounded(f.c(A::total_actual_amount_spent), f.c(A::total_theoretical_amount_spent))
}

/// I-2: `0 <= actual <= theoretical` (used bookings are non-cancelled ones, amounts are >= 0).
pub fn spend_bounded(actual: Expr, theoretical: Expr) -> Expr {
    actual.clone().gt_eq(lit_dec2(0)).and(actual.lt_eq(theoretical))
}

/// the digital, physical and outing spends are sums over subsets of the non-cancelled
/// bookings, so each is at most the theoretical spend; the two digital columns have the same
/// definition (K-5); duo bookings are among the non-cancelled ones.
fn spend_breakdown_within_theoretical(f: &Frame<IntGlobalDeposit>) -> Expr {
    type A = IntGlobalDeposit;
    let theoretical = f.c(A::total_theoretical_amount_spent);
    let within = |c: Expr| c.lt_eq(theoretical.clone());
    within(f.c(A::total_theoretical_digital_goods_amount_spent))
        .and(within(f.c(A::total_theoretical_physical_goods_amount_spent)))
        .and(within(f.c(A::total_theoretical_outings_amount_spent)))
        .and(
            f.c(A::total_theoretical_amount_spent_in_digital_goods)
                .eq(f.c(A::total_theoretical_digital_goods_amount_spent)),
        )
        .and(f.c(A::total_non_cancelled_duo_bookings).lt_eq(f.c(A::total_non_cancelled_individual_bookings)))
}

fn amount_within_grant_cap(f: &Frame<IntGlobalDeposit>) -> Expr {
    crate::applicative::int_applicative__deposit::grant_cap_respected(
        f.c(IntGlobalDeposit::deposit_type),
        f.c(IntGlobalDeposit::deposit_amount),
    )
}

fn ranks_number_each_owner_1_to_n(f: &Frame<IntGlobalDeposit>) -> Expr {
    type A = IntGlobalDeposit;
    crate::applicative::int_applicative__deposit::deposit_ranks_one_to_n(
        f.c(A::user_id),
        f.c(A::deposit_rank_asc),
        f.c(A::deposit_rank_desc),
    )
}

pub fn build(_ctx: &RunContext, deposits: Frame<D>, bookings: Frame<B>) -> Frame<IntGlobalDeposit> {
    type A = DepositBookingAgg;
    let b = &bookings;
    let amt = b.c(B::booking_intermediary_amount);
    // "nc": NOT booking_is_cancelled; a NULL flag is NULL, so the row is in no "nc" aggregate.
    let nc = b.c(B::booking_is_cancelled).not();
    let free = amt.clone().eq(lit_dec2(0));
    let digital = b.c(B::digital_goods).and(b.c(B::offer_url).is_not_null()).and(nc.clone());
    let subcategory = b.c(B::offer_subcategory_id);
    let created = b.c(B::booking_creation_date);
    let first = b.c(B::user_booking_rank).eq(lit(1i64));
    let agg = DepositBookingAgg::aggregate(
        bookings.clone(),
        DepositBookingAggComputed {
            total_actual_amount_spent: sum_dec2_where(amt.clone(), b.c(B::booking_is_used)),
            total_theoretical_amount_spent: sum_dec2_where(amt.clone(), nc.clone()),
            total_theoretical_amount_spent_in_digital_goods: sum_dec2_where(amt.clone(), digital.clone()),
            // K-5: the same definition.
            total_theoretical_digital_goods_amount_spent: sum_dec2_where(amt.clone(), digital),
            total_theoretical_physical_goods_amount_spent: sum_dec2_where(
                amt.clone(),
                b.c(B::physical_goods).and(b.c(B::offer_url).is_null()).and(nc.clone()),
            ),
            total_theoretical_outings_amount_spent: sum_dec2_where(amt, b.c(B::event).and(nc.clone())),
            total_non_cancelled_individual_bookings: count_where(nc.clone()),
            // K-6: cancelled bookings included.
            total_free_bookings: count_where(free.clone()),
            total_non_cancelled_duo_bookings: count_where(b.c(B::booking_quantity).eq(lit(2i64)).and(nc.clone())),
            total_subcategory_booked: count_distinct_where(subcategory.clone(), nc.clone()),
            first_individual_booking_date: min_where(created.clone(), nc.clone()),
            last_individual_booking_date: max_where(created.clone(), nc),
            // K-2: "paid" means amount = 0, cancelled included.
            first_paid_booking_date: min_where(created, free.clone()),
            total_diversity_score: sum_i64(b.c(B::diversity_score)),
            first_booking_type: max_where(subcategory.clone(), first.clone()),
            first_paid_booking_type: max_where(subcategory, first.and(free)),
        },
    );
    let on = on(D::deposit_id, A::deposit_id);
    let j = deposits.left_join(agg, on);
    let zero_dec = |c| j.c(c).fill_null(lit_dec2(0));
    let zero_i64 = |c| j.c(c).fill_null(lit(0i64));
    IntGlobalDeposit::project(
        j.clone(),
        IntGlobalDepositComputed {
            total_recredit_amount: j.c(D::total_recredit_amount).fill_null(lit_dec2(0)),
            total_actual_amount_spent: zero_dec(A::total_actual_amount_spent),
            total_theoretical_amount_spent: zero_dec(A::total_theoretical_amount_spent),
            total_theoretical_amount_spent_in_digital_goods: zero_dec(
                A::total_theoretical_amount_spent_in_digital_goods,
            ),
            total_theoretical_digital_goods_amount_spent: zero_dec(A::total_theoretical_digital_goods_amount_spent),
            total_theoretical_physical_goods_amount_spent: zero_dec(A::total_theoretical_physical_goods_amount_spent),
            total_theoretical_outings_amount_spent: zero_dec(A::total_theoretical_outings_amount_spent),
            total_non_cancelled_individual_bookings: zero_i64(A::total_non_cancelled_individual_bookings),
            total_free_bookings: zero_i64(A::total_free_bookings),
            total_non_cancelled_duo_bookings: zero_i64(A::total_non_cancelled_duo_bookings),
            total_subcategory_booked: zero_i64(A::total_subcategory_booked),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot_cols};

    fn deposit(id: &str, user: &str, kind: &str) -> D {
        D {
            deposit_id: id.into(),
            user_id: Some(user.into()),
            deposit_type: kind.into(),
            deposit_amount: Dec2(30000),
            deposit_creation_date: DtParis(pipeline::dt("2025-12-01 10:00:00")),
            deposit_rank_asc: 1,
            deposit_rank_desc: 1,
            ..Default::default()
        }
    }

    /// A booking of `deposit` with intermediary amount `cents`, status flags from `cancelled`
    /// (None = NULL status) and the user rank `rank`.
    fn booking(id: &str, deposit: Option<&str>, cents: i128, cancelled: Option<bool>, created: &str, rank: i64) -> B {
        B {
            booking_id: id.into(),
            user_id: "u1".into(),
            deposit_id: deposit.map(Into::into),
            booking_intermediary_amount: Dec2(cents),
            booking_is_cancelled: cancelled,
            booking_is_used: cancelled.map(|_| false),
            booking_quantity: Some(1),
            booking_creation_date: pipeline::date(created),
            user_booking_rank: rank,
            offer_subcategory_id: format!("SUB_{id}"),
            ..Default::default()
        }
    }

    fn run(deposits: &[D], bookings: &[B]) -> Frame<IntGlobalDeposit> {
        build(&ctx("2026-11-27"), Frame::from_rows(deposits), Frame::from_rows(bookings))
    }

    /// R-int_global__deposit-1, every aggregate, on d1: used (actual: 10.10 + 7.20 = 17.30) vs
    /// non-cancelled (theoretical) spend, exact decimals (10.10 + 24.68 + 3.00 + 7.20 = 44.98);
    /// every aggregate of d1 has a value no other one of its type has; digital = digital
    /// with URL (both columns, K-5); physical = physical WITHOUT URL; outings = event; a NULL
    /// `booking_is_cancelled` ("b4") is in no "nc" aggregate — a naive `!= true` would count it;
    /// duo = quantity 2; distinct subcategories; first/last dates over nc only; free bookings and
    /// first_paid_booking_date include the cancelled amount-0 booking "b3" (K-2, K-6);
    /// first_booking_type = subcategory of the user_booking_rank = 1 booking even cancelled;
    /// diversity summed over non-NULL scores. Bookings with NULL / unknown deposit count nowhere.
    /// d2: free non-cancelled booking of rank 4 → counted free, but first_paid_booking_type NULL
    /// only the deposit holding the rank-1 booking has a first_booking_type).
    /// d3: only a cancelled non-free booking → counts 0, total_diversity_score NULL (K-7, not 0).
    /// d4: no booking → every coalesced column 0, total_recredit_amount coalesced to 0, dates and
    /// types NULL.
    ///
    /// Rules: R-int_global__deposit-1, R-int_global__deposit-2.
    #[test]
    fn r_int_global__deposit_1_2_aggregates() {
        let deposits = vec![
            // u1's two deposits: d1 first, d2 latest (I-4).
            D {
                total_recredit_amount: Some(Dec2(5000)),
                total_recredit: Some(1),
                deposit_rank_desc: 2,
                ..deposit("d1", "u1", "GRANT_18")
            },
            D { deposit_rank_asc: 2, ..deposit("d2", "u1", "GRANT_17_18") },
            deposit("d3", "u2", "GRANT_18"),
            deposit("d4", "u3", "GRANT_FREE"),
        ];
        let bookings = vec![
            B {
                booking_is_used: Some(true),
                digital_goods: Some(true),
                offer_url: Some("https://x".into()),
                diversity_score: Some(65),
                ..booking("b1", Some("d1"), 1010, Some(false), "2026-01-05", 2)
            },
            B {
                booking_quantity: Some(2),
                physical_goods: Some(true),
                diversity_score: Some(10),
                offer_subcategory_id: "SUB_b5".into(),
                ..booking("b2", Some("d1"), 2468, Some(false), "2026-01-07", 3)
            },
            B { event: Some(true), ..booking("b3", Some("d1"), 0, Some(true), "2026-01-01", 1) },
            B { event: Some(true), ..booking("b4", Some("d1"), 500, None, "2026-01-20", 5) },
            B {
                booking_is_used: Some(true),
                event: Some(true),
                physical_goods: Some(true),
                offer_url: Some("https://y".into()),
                diversity_score: Some(0),
                ..booking("b5", Some("d1"), 720, Some(false), "2026-01-09", 6)
            },
            B { booking_quantity: Some(2), ..booking("b10", Some("d1"), 300, Some(false), "2026-01-06", 9) },
            B { booking_is_used: Some(true), ..booking("b6", None, 10000, Some(false), "2026-01-02", 7) },
            B { booking_is_used: Some(true), ..booking("b7", Some("unknown"), 10000, Some(false), "2026-01-02", 8) },
            booking("b9", Some("d2"), 0, Some(false), "2026-02-01", 4),
            B { user_id: "u2".into(), ..booking("b8", Some("d3"), 1500, Some(true), "2026-03-01", 1) },
        ];
        insta::assert_snapshot!(snapshot_cols(
            run(&deposits, &bookings),
            &[
                "total_recredit_amount",
                "total_actual_amount_spent",
                "total_theoretical_amount_spent",
                "total_theoretical_amount_spent_in_digital_goods",
                "total_theoretical_digital_goods_amount_spent",
                "total_theoretical_physical_goods_amount_spent",
                "total_theoretical_outings_amount_spent",
                "total_non_cancelled_individual_bookings",
                "total_free_bookings",
                "total_non_cancelled_duo_bookings",
                "total_subcategory_booked",
                "first_individual_booking_date",
                "last_individual_booking_date",
                "first_paid_booking_date",
                "total_diversity_score",
                "first_booking_type",
                "first_paid_booking_type"
            ]
        ));
    }

    /// R-int_global__deposit (pass columns): the deposit's own columns are copied unchanged, each
    /// filled with values no other column of its type has (two deposits of one owner, I-4); without
    /// bookings the spends and counts are 0 and the booking facts NULL (R-int_global__deposit-1).
    #[test]
    fn r_int_global__deposit_columns_pass_through_unswapped() {
        let first = D {
            deposit_id: "d1".into(),
            user_id: Some("u1".into()),
            user_birth_date: Some(pipeline::date("2007-05-01")),
            source: Some("dms".into()),
            deposit_creation_date: DtParis(pipeline::dt("2025-12-01 10:00:00")),
            deposit_update_date: Some(DtParis(pipeline::dt("2025-12-02 11:00:00"))),
            deposit_expiration_date: Some(DtUtc(pipeline::dt("2027-12-01 23:00:00"))),
            deposit_type: "GRANT_18".into(),
            last_recredit_date: Some(pipeline::date("2026-01-01")),
            total_recredit: Some(3),
            total_recredit_amount: Some(Dec2(4500)),
            user_age_at_deposit: Some(18),
            deposit_amount: Dec2(30000),
            deposit_source: Some("DMS".into()),
            deposit_rank_asc: 1,
            deposit_rank_desc: 2,
            deposit_reform_category: Some("18_pre_reform".into()),
        };
        let latest = D {
            deposit_id: "d2".into(),
            user_id: Some("u1".into()),
            user_birth_date: Some(pipeline::date("2007-05-01")),
            source: Some("ubble".into()),
            deposit_creation_date: DtParis(pipeline::dt("2026-02-01 09:00:00")),
            deposit_update_date: Some(DtParis(pipeline::dt("2026-02-03 12:00:00"))),
            deposit_expiration_date: Some(DtUtc(pipeline::dt("2028-02-01 22:00:00"))),
            deposit_type: "GRANT_17_18".into(),
            last_recredit_date: Some(pipeline::date("2026-03-01")),
            total_recredit: Some(4),
            total_recredit_amount: Some(Dec2(2000)),
            user_age_at_deposit: Some(19),
            deposit_amount: Dec2(15000),
            deposit_source: Some("UBBLE".into()),
            deposit_rank_asc: 2,
            deposit_rank_desc: 1,
            deposit_reform_category: Some("18_post_reform".into()),
        };
        let pass = |d: &D| IntGlobalDeposit {
            deposit_id: d.deposit_id.clone(),
            deposit_amount: d.deposit_amount,
            user_id: d.user_id.clone(),
            user_age_at_deposit: d.user_age_at_deposit,
            source: d.source.clone(),
            deposit_creation_date: d.deposit_creation_date,
            deposit_update_date: d.deposit_update_date,
            deposit_expiration_date: d.deposit_expiration_date,
            deposit_type: d.deposit_type.clone(),
            deposit_reform_category: d.deposit_reform_category.clone(),
            deposit_source: d.deposit_source.clone(),
            deposit_rank_asc: d.deposit_rank_asc,
            deposit_rank_desc: d.deposit_rank_desc,
            last_recredit_date: d.last_recredit_date,
            total_recredit: d.total_recredit,
            total_recredit_amount: d.total_recredit_amount.expect("recredit amount"),
            ..Default::default()
        };
        let out = rows(run(&[first.clone(), latest.clone()], &[]));
        assert_eq!(out, vec![pass(&first), pass(&latest)]);
    }
}
