//! Grain: one row per raw stock (soft-deleted included); PK `stock_id`.

use pipeline::prelude::*;
use sources::{RawApplicativePriceCategory as PC, RawApplicativeStock as S};

use super::int_applicative__booking::IntApplicativeBooking as B;

/// Stocks with their price (own or from the price category), booking aggregates, remaining
/// quantity, bookability and recency rank per offer (intermediate.md, int_applicative__stock).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__stock", layer = "intermediate", grain = "stock_id", from = BookingAgg)]
#[check(name = "available_stock_null_iff_unlimited", rule = available_stock_null_iff_unlimited, cite = "I-8")]
#[check(name = "bookable_stock_is_live_and_available", rule = bookable_stock_is_live_and_available, cite = "R-int_applicative__stock-4")]
pub struct IntApplicativeStock {
    /// stock id
    #[schema(from = S)]
    pub stock_id: String,
    /// offer of the stock
    #[schema(from = S)]
    pub offer_id: String,
    /// price category of the stock
    #[schema(from = S)]
    pub price_category_id: Option<String>,
    /// stock features text
    #[schema(from = S)]
    pub stock_features: Option<String>,
    /// provider that last synchronised the stock
    #[schema(from = S)]
    pub stock_last_provider_id: Option<String>,
    /// `humanize_id(stock_id)`
    #[schema(computed)]
    pub stock_humanized_id: Option<String>,
    /// `coalesce(stock price, price category price)`
    #[schema(computed)]
    #[check(min = 0, cite = "R-int_applicative__stock-2")]
    pub stock_price: Option<Dec2>,
    /// NULL = unlimited
    #[schema(from = S)]
    pub stock_quantity: Option<i64>,
    /// booking deadline
    #[schema(from = S)]
    pub stock_booking_limit_date: Option<DtParis>,
    /// stock creation
    #[schema(from = S)]
    pub stock_creation_date: Option<DtParis>,
    /// event start, UTC wall-clock
    #[schema(from = S)]
    pub stock_beginning_date: Option<DtUtc>,
    /// soft-deleted in the app
    #[schema(from = S)]
    pub stock_is_soft_deleted: bool,
    /// label of the price category
    #[schema(from = PC)]
    pub price_category_label: Option<String>,
    /// SUM of booking quantities
    pub total_bookings: Option<i64>,
    /// SUM of quantities of non-cancelled bookings
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM of quantities of cancelled bookings
    pub total_cancelled_bookings: Option<i64>,
    /// SUM of quantities of reimbursed or pending-reimbursement bookings
    pub total_paid_bookings: Option<i64>,
    /// number of bookings
    pub total_individual_bookings: Option<i64>,
    /// number of cancelled bookings
    pub total_cancelled_individual_bookings: Option<i64>,
    /// number of non-cancelled bookings
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// number of used bookings
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of intermediary amounts of non-cancelled bookings
    #[check(min = 0, cite = "R-int_applicative__stock-1")]
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of intermediary amounts of used bookings
    #[check(min = 0, cite = "R-int_applicative__stock-1")]
    pub total_individual_real_revenue: Option<Dec2>,
    /// real revenue of bookings created in the year of `ds`
    #[check(min = 0, cite = "R-int_applicative__stock-1")]
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN booking creation date
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX booking creation date
    pub last_individual_booking_date: Option<NaiveDate>,
    /// number of bookings with `booking_rank = 1`
    pub total_first_bookings: Option<i64>,
    /// remaining quantity, floored at 0; NULL when unlimited
    #[schema(computed)]
    #[check(min = 0, cite = "I-8")]
    pub total_available_stock: Option<i64>,
    /// the stock can be booked at `ds`
    #[schema(computed)]
    pub is_bookable: bool,
    /// RANK per offer by creation desc, then id desc
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_applicative__stock-5")]
    pub stock_rk: i64,
}

/// Booking aggregate per stock; NULL everywhere for a stock without bookings.
#[derive(Schema)]
#[schema(from = B)]
pub struct BookingAgg {
    pub stock_id: String,
    #[schema(computed)]
    pub total_bookings: Option<i64>,
    #[schema(computed)]
    pub total_non_cancelled_bookings: Option<i64>,
    #[schema(computed)]
    pub total_cancelled_bookings: Option<i64>,
    #[schema(computed)]
    pub total_paid_bookings: Option<i64>,
    #[schema(computed)]
    pub total_individual_bookings: i64,
    #[schema(computed)]
    pub total_cancelled_individual_bookings: i64,
    #[schema(computed)]
    pub total_non_cancelled_individual_bookings: i64,
    #[schema(computed)]
    pub total_used_individual_bookings: i64,
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
    pub total_first_bookings: i64,
}

fn available_stock_null_iff_unlimited(f: &Frame<IntApplicativeStock>) -> Expr {
    type A = IntApplicativeStock;
    available_stock_consistent(f.c(A::stock_quantity), f.c(A::total_available_stock))
}

/// I-8: `total_available_stock` is NULL iff `stock_quantity` is NULL, else `>= 0`; decided.
pub fn available_stock_consistent(quantity: Expr, available: Expr) -> Expr {
    available.clone().is_null().eq(quantity.is_null()).and(available.clone().is_null().or(available.gt_eq(lit(0i64))))
}

/// The parts of R-4 that do not depend on `ds`: a bookable stock is not soft-deleted and has
/// places left (or is unlimited).
fn bookable_stock_is_live_and_available(f: &Frame<IntApplicativeStock>) -> Expr {
    type A = IntApplicativeStock;
    let places = f.c(A::stock_quantity).is_null().or(f.c(A::total_available_stock).gt(lit(0i64)));
    implies(f.c(A::is_bookable), f.c(A::stock_is_soft_deleted).not().and(places))
}

pub fn build(
    ctx: &RunContext,
    stocks: Frame<S>,
    bookings: Frame<B>,
    price_categories: Frame<PC>,
) -> Frame<IntApplicativeStock> {
    type A = BookingAgg;
    let b = &bookings;
    let qty = b.c(B::booking_quantity);
    let cancelled = b.c(B::booking_is_cancelled);
    let not_cancelled = cancelled.clone().not();
    let used = b.c(B::booking_is_used);
    let amount = b.c(B::booking_intermediary_amount);
    let created = b.c(B::booking_creation_date);
    let this_year = created.clone().dt().year().eq(lit(ctx.ds_year()));
    let agg = BookingAgg::aggregate(
        bookings.clone(),
        BookingAggComputed {
            total_bookings: sum_i64(qty.clone()),
            total_non_cancelled_bookings: sum_i64_where(qty.clone(), not_cancelled.clone()),
            total_cancelled_bookings: sum_i64_where(qty.clone(), cancelled.clone()),
            total_paid_bookings: sum_i64_where(
                qty.clone(),
                is_in_strs(b.c(B::booking_status), &["REIMBURSED", "PENDING_REIMBURSEMENT"]),
            ),
            total_individual_bookings: count(b.c(B::booking_id)),
            total_cancelled_individual_bookings: count_where(cancelled.clone()),
            total_non_cancelled_individual_bookings: count_where(not_cancelled.clone()),
            total_used_individual_bookings: count_where(used.clone()),
            total_individual_theoretic_revenue: sum_dec2_where(amount.clone(), not_cancelled),
            total_individual_real_revenue: sum_dec2_where(amount.clone(), used.clone()),
            total_individual_current_year_real_revenue: sum_dec2_where(amount, used.and(this_year)),
            first_individual_booking_date: created.clone().min(),
            last_individual_booking_date: created.max(),
            total_first_bookings: count_where(b.c(B::booking_rank).eq(lit(1i64))),
        },
    );
    let on_agg = on(S::stock_id, A::stock_id);
    let j = stocks.left_join(agg, on_agg);
    let on_pc = on(S::price_category_id, PC::price_category_id);
    let j = j.left_join(price_categories, on_pc);

    // NULL when unlimited, else floored at 0.
    let quantity = j.c(S::stock_quantity);
    let remaining = quantity.clone() - j.c(A::total_non_cancelled_bookings).fill_null(lit(0i64));
    let available = when(quantity.clone().is_null())
        .then(null_of(DataType::Int64))
        .when(remaining.clone().gt(lit(0i64)))
        .then(remaining)
        .otherwise(lit(0i64));
    // dates compared as calendar dates; the beginning keeps its UTC date (K-17).
    let limit = j.c(S::stock_booking_limit_date);
    let beginning = j.c(S::stock_beginning_date);
    let is_bookable = limit
        .clone()
        .is_null()
        .or(date_of(limit).gt_eq(ctx.ds()))
        .and(beginning.clone().is_null().or(date_of(beginning).gt_eq(ctx.ds())))
        .and(quantity.is_null().or(available.clone().gt(lit(0i64))))
        .and(j.c(S::stock_is_soft_deleted).eq(lit(false)))
        .fill_null(lit(false));
    // RANK, ids compared as strings (C-22), NULL creation last when descending (C-21).
    let stock_rk = rank(vec![j.c(S::offer_id)], vec![desc(j.c(S::stock_creation_date)), desc(j.c(S::stock_id))]);
    IntApplicativeStock::project(
        j.clone(),
        IntApplicativeStockComputed {
            stock_humanized_id: humanize_id_expr(j.c(S::stock_id)),
            stock_price: j.c(S::stock_price).fill_null(j.c(PC::price)),
            total_available_stock: available,
            is_bookable,
            stock_rk,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    fn stock(id: &str, offer: &str) -> S {
        S {
            stock_id: id.into(),
            offer_id: offer.into(),
            stock_creation_date: Some(DtParis(pipeline::dt("2026-01-01 10:00:00"))),
            ..Default::default()
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn booking(
        id: &str,
        stock: &str,
        qty: Option<i64>,
        status: &str,
        cancelled: Option<bool>,
        used: Option<bool>,
        cents: i128,
        created: &str,
        rank: i64,
    ) -> B {
        B {
            booking_id: id.into(),
            stock_id: stock.into(),
            user_id: "u1".into(),
            booking_quantity: qty,
            booking_status: Some(status.into()),
            booking_is_cancelled: cancelled,
            booking_is_used: used,
            booking_intermediary_amount: Dec2(cents),
            booking_creation_date: pipeline::date(created),
            booking_rank: rank,
            ..Default::default()
        }
    }

    /// R-int_applicative__stock-1: sums of quantities vs counts of bookings, conditional sums/counts,
    /// current-year revenue (year of ds = 2026), first/last dates, `booking_rank = 1` count.
    /// `s_none` has no booking: every aggregate is NULL, not 0 (a naive coalesce gives 0).
    /// `s_cancelled_only`: conditional SUMs over no matching row are NULL, COUNTs are 0. A NULL
    /// `booking_is_cancelled` is neither cancelled nor non-cancelled (three-valued `NOT`).
    /// Every aggregate of `s_mixed` has a value no other one has (sums 10, 8, 2, 3; counts 7, 1,
    /// 5, 4, 6; revenues 24.83, 22.83, 17.33), so that reading one input for another shows.
    #[test]
    fn r_int_applicative__stock_1_booking_aggregates() {
        let bookings = vec![
            booking("b1", "s_mixed", Some(2), "USED", Some(false), Some(true), 1000, "2026-03-01", 1),
            booking("b2", "s_mixed", Some(2), "REIMBURSED", Some(false), Some(true), 550, "2025-12-31", 1),
            booking("b3", "s_mixed", Some(2), "CANCELLED", Some(true), Some(false), 700, "2026-05-01", 2),
            booking("b4", "s_mixed", Some(1), "PENDING_REIMBURSEMENT", Some(false), Some(true), 333, "2026-06-01", 1),
            booking("b5", "s_mixed", None, "CONFIRMED", None, None, 100, "2026-07-01", 1),
            booking("b7", "s_mixed", Some(1), "CONFIRMED", Some(false), Some(false), 200, "2026-04-01", 1),
            booking("b8", "s_mixed", Some(2), "USED", Some(false), Some(true), 400, "2026-02-15", 1),
            booking("b6", "s_cancelled_only", Some(2), "CANCELLED", Some(true), Some(false), 900, "2026-02-02", 2),
        ];
        let stocks = vec![stock("s_mixed", "o1"), stock("s_none", "o2"), stock("s_cancelled_only", "o3")];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&stocks),
            Frame::from_rows(&bookings),
            Frame::<PC>::from_rows(&[]),
        );
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "total_bookings",
                "total_non_cancelled_bookings",
                "total_cancelled_bookings",
                "total_paid_bookings",
                "total_individual_bookings",
                "total_cancelled_individual_bookings",
                "total_non_cancelled_individual_bookings",
                "total_used_individual_bookings",
                "total_individual_theoretic_revenue",
                "total_individual_real_revenue",
                "total_individual_current_year_real_revenue",
                "first_individual_booking_date",
                "last_individual_booking_date",
                "total_first_bookings",
            ]
        ));
    }

    /// R-int_applicative__stock-2 (own price wins, else the price category's, exact decimals;
    /// label from the price category; humanized id), R-int_applicative__stock-3 (available = quantity − non-cancelled
    /// quantities, a duo counts 2, floored at 0, NULL when unlimited; a stock without bookings
    /// keeps its full quantity).
    /// Rules: R-int_applicative__stock-2, R-int_applicative__stock-3.
    #[test]
    fn r_int_applicative__stock_2_3_price_available() {
        let stocks = vec![
            S { stock_price: Some(Dec2(1050)), price_category_id: Some("pc1".into()), ..stock("1", "o1") },
            S { stock_price: None, price_category_id: Some("pc1".into()), stock_quantity: Some(3), ..stock("2", "o1") },
            S {
                stock_price: None,
                price_category_id: Some("pc404".into()),
                stock_quantity: Some(1),
                ..stock("3", "o1")
            },
            S { stock_price: Some(Dec2(0)), stock_quantity: None, ..stock("4", "o1") },
            S { stock_quantity: Some(5), ..stock("256", "o1") },
        ];
        let bookings = vec![
            booking("b1", "2", Some(2), "CONFIRMED", Some(false), Some(false), 0, "2026-01-02", 1),
            booking("b2", "3", Some(2), "CONFIRMED", Some(false), Some(false), 0, "2026-01-02", 1),
            booking("b3", "4", Some(1), "CONFIRMED", Some(false), Some(false), 0, "2026-01-02", 1),
            booking("b4", "2", Some(1), "CANCELLED", Some(true), Some(false), 0, "2026-01-02", 1),
        ];
        let pcs = vec![PC {
            price_category_id: "pc1".into(),
            offer_id: "o1".into(),
            price: Some(Dec2(1999)),
            price_category_label: Some("Tarif unique".into()),
        }];
        let out =
            build(&ctx("2026-11-27"), Frame::from_rows(&stocks), Frame::from_rows(&bookings), Frame::from_rows(&pcs));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "stock_humanized_id",
                "stock_price",
                "price_category_label",
                "stock_quantity",
                "total_non_cancelled_bookings",
                "total_available_stock"
            ]
        ));
    }

    /// R-int_applicative__stock-4: bookability at ds = 2026-11-27. The beginning is compared on its
    /// UTC calendar date with no zone conversion: `begin_utc_late` starts 2026-11-26 23:30 UTC
    /// (= 2026-11-27 00:30 Paris), so it is NOT bookable — a naive Paris conversion would say
    /// bookable. The limit date is compared as a date: a limit at ds 08:00 is still bookable (a
    /// naive `limit > ds 00:00` agrees, `limit > now` of a later clock would not). Sold out, a
    /// soft-deleted stock and all-NULL dates/unlimited quantity are covered; never NULL.
    #[test]
    fn r_int_applicative__stock_4_bookability() {
        let utc = |s: &str| Some(DtUtc(pipeline::dt(s)));
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        let stocks = vec![
            S { ..stock("a_all_null", "o1") },
            S { stock_booking_limit_date: paris("2026-11-27 08:00:00"), ..stock("b_limit_today", "o1") },
            S { stock_booking_limit_date: paris("2026-11-26 23:59:59"), ..stock("c_limit_yesterday", "o1") },
            S { stock_beginning_date: utc("2026-11-26 23:30:00"), ..stock("d_begin_utc_late", "o1") },
            S { stock_beginning_date: utc("2026-11-27 00:00:00"), ..stock("e_begin_today", "o1") },
            S { stock_quantity: Some(2), ..stock("f_sold_out", "o1") },
            S { stock_quantity: Some(3), ..stock("g_left", "o1") },
            S { stock_is_soft_deleted: true, ..stock("h_soft_deleted", "o1") },
            S { stock_quantity: Some(0), ..stock("i_zero_quantity", "o1") },
        ];
        let bookings = vec![
            booking("b1", "f_sold_out", Some(2), "CONFIRMED", Some(false), Some(false), 0, "2026-01-02", 1),
            booking("b2", "g_left", Some(2), "CONFIRMED", Some(false), Some(false), 0, "2026-01-02", 1),
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&stocks),
            Frame::from_rows(&bookings),
            Frame::<PC>::from_rows(&[]),
        );
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "stock_booking_limit_date",
                "stock_beginning_date",
                "stock_quantity",
                "total_available_stock",
                "stock_is_soft_deleted",
                "is_bookable"
            ]
        ));
    }

    /// R-int_applicative__stock-5: RANK per offer by creation DESC (NULL creation last, C-21)
    /// then stock id DESC as a string: "9" > "10" > "1", so "9" is rank 1 (numeric order would
    /// rank "10" first). Partitions are independent.
    #[test]
    fn r_int_applicative__stock_5_rank() {
        let created = |s: Option<&str>| s.map(|s| DtParis(pipeline::dt(s)));
        let stocks = vec![
            S { stock_creation_date: created(Some("2026-05-01 10:00:00")), ..stock("9", "o1") },
            S { stock_creation_date: created(Some("2026-05-01 10:00:00")), ..stock("10", "o1") },
            S { stock_creation_date: created(Some("2026-05-01 10:00:00")), ..stock("1", "o1") },
            S { stock_creation_date: created(Some("2026-06-01 10:00:00")), ..stock("2", "o1") },
            S { stock_creation_date: created(None), ..stock("99", "o1") },
            S { stock_creation_date: created(Some("2020-01-01 00:00:00")), ..stock("3", "o2") },
            S { stock_creation_date: created(None), ..stock("4", "o2") },
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&stocks),
            Frame::<B>::from_rows(&[]),
            Frame::<PC>::from_rows(&[]),
        );
        insta::assert_snapshot!(snapshot_cols(out, &["offer_id", "stock_creation_date", "stock_rk"]));
    }

    /// Pass-through columns keep their source column (the stock's, and the price category's
    /// label), each filled with values no other column of its type has (two stocks, so that the
    /// boolean and date columns differ too); the computed columns follow R-int_applicative__stock-2…5.
    /// The booking aggregates have their own test (R-int_applicative__stock-1); the one booking of
    /// stock "1" keeps its availability apart from its quantity.
    #[test]
    fn r_int_applicative__stock_columns_pass_through_unswapped() {
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        let live = S {
            stock_id: "1".into(),
            offer_id: "o1".into(),
            stock_price: None,
            stock_quantity: Some(10),
            stock_booking_limit_date: paris("2026-12-20 20:00:00"),
            stock_beginning_date: Some(DtUtc(pipeline::dt("2026-12-21 19:30:00"))),
            stock_creation_date: paris("2026-01-05 09:00:00"),
            stock_modified_date: paris("2026-01-06 09:30:00"),
            stock_is_soft_deleted: false,
            price_category_id: Some("pc1".into()),
            stock_features: Some("VF,IMAX".into()),
            stock_last_provider_id: Some("provider-1".into()),
        };
        let deleted = S {
            stock_id: "2".into(),
            offer_id: "o2".into(),
            stock_price: Some(Dec2(1200)),
            stock_quantity: Some(4),
            stock_booking_limit_date: paris("2026-10-01 18:00:00"),
            stock_beginning_date: Some(DtUtc(pipeline::dt("2026-10-02 17:00:00"))),
            stock_creation_date: paris("2026-02-06 08:00:00"),
            stock_modified_date: paris("2026-02-07 08:30:00"),
            stock_is_soft_deleted: true,
            price_category_id: Some("pc2".into()),
            stock_features: Some("VO".into()),
            stock_last_provider_id: Some("provider-2".into()),
        };
        let price_category = |id: &str, offer: &str, cents: i128, label: &str| PC {
            price_category_id: id.into(),
            offer_id: offer.into(),
            price: Some(Dec2(cents)),
            price_category_label: Some(label.into()),
        };
        let pcs = vec![price_category("pc1", "o1", 1500, "Tarif unique"), price_category("pc2", "o2", 900, "Carré or")];
        let bookings = vec![booking("b1", "1", Some(2), "CONFIRMED", Some(false), Some(false), 3000, "2026-03-01", 1)];
        let pass = |s: &S, pc: &PC| IntApplicativeStock {
            stock_id: s.stock_id.clone(),
            offer_id: s.offer_id.clone(),
            price_category_id: s.price_category_id.clone(),
            stock_features: s.stock_features.clone(),
            stock_last_provider_id: s.stock_last_provider_id.clone(),
            stock_quantity: s.stock_quantity,
            stock_booking_limit_date: s.stock_booking_limit_date,
            stock_creation_date: s.stock_creation_date,
            stock_beginning_date: s.stock_beginning_date,
            stock_is_soft_deleted: s.stock_is_soft_deleted,
            price_category_label: pc.price_category_label.clone(),
            ..Default::default()
        };
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&[live.clone(), deleted.clone()]),
            Frame::from_rows(&bookings),
            Frame::from_rows(&pcs),
        ));
        let booked = pipeline::date("2026-03-01");
        assert_eq!(
            out,
            vec![
                IntApplicativeStock {
                    stock_humanized_id: Some("AE".into()),
                    stock_price: Some(Dec2(1500)),
                    total_bookings: Some(2),
                    total_non_cancelled_bookings: Some(2),
                    total_individual_bookings: Some(1),
                    total_cancelled_individual_bookings: Some(0),
                    total_non_cancelled_individual_bookings: Some(1),
                    total_used_individual_bookings: Some(0),
                    total_individual_theoretic_revenue: Some(Dec2(3000)),
                    first_individual_booking_date: Some(booked),
                    last_individual_booking_date: Some(booked),
                    total_first_bookings: Some(1),
                    total_available_stock: Some(8),
                    is_bookable: true,
                    stock_rk: 1,
                    ..pass(&live, &pcs[0])
                },
                IntApplicativeStock {
                    stock_humanized_id: Some("A9".into()),
                    stock_price: Some(Dec2(1200)),
                    total_available_stock: Some(4),
                    is_bookable: false,
                    stock_rk: 1,
                    ..pass(&deleted, &pcs[1])
                },
            ]
        );
    }
}
