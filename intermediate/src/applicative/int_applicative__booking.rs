//! Grain: one row per raw booking; PK `booking_id`.

use pipeline::prelude::*;
use sources::applicative::raw_applicative__booking::booking_flags_consistent;
use sources::{RawApplicativeBooking as B, RawApplicativeUser};

use super::int_applicative__deposit::IntApplicativeDeposit as D;

/// Bookings with their deposit's type, the booker's age, the amount × quantity and the
/// booking's rank among all the user's bookings (intermediate.md, int_applicative__booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__booking", layer = "intermediate", grain = "booking_id", from = B)]
#[check(name = "status_flags_consistent", rule = status_flags_consistent, cite = "I-5")]
#[check(name = "intermediary_amount_is_amount_times_quantity", rule = intermediary_amount_is_amount_times_quantity, cite = "I-11")]
#[check(name = "deposit_attributes_need_a_deposit", rule = deposit_attributes_need_a_deposit, cite = "R-int_applicative__booking-2")]
pub struct IntApplicativeBooking {
    /// booking id
    pub booking_id: String,
    /// booked stock
    pub stock_id: String,
    /// booker
    // Warn only: foreign keys are not enforced (L-6) and bookings of unknown users flow to the
    // booking mart with NULL user columns (K-13).
    #[check(references = RawApplicativeUser::user_id, cite = "L-6", warn)]
    pub user_id: String,
    /// 1, or 2 for a duo booking
    #[check(min = 1, max = 2, cite = "sources.md §2.4")]
    pub booking_quantity: Option<i64>,
    /// unit price paid
    #[check(min = 0, cite = "I-2")]
    pub booking_amount: Option<Dec2>,
    /// booking status
    #[check(accepted_values = ["CONFIRMED", "USED", "CANCELLED", "REIMBURSED", "PENDING_REIMBURSEMENT"], cite = "sources.md §2.4")]
    pub booking_status: Option<String>,
    /// status is `CANCELLED`
    pub booking_is_cancelled: Option<bool>,
    /// status is used, pending reimbursement or reimbursed
    pub booking_is_used: Option<bool>,
    /// status is `REIMBURSED`
    pub reimbursed: Option<bool>,
    /// validation (use) datetime
    pub booking_used_date: Option<DtParis>,
    /// cancellation datetime
    pub booking_cancellation_date: Option<DtParis>,
    /// cancellation reason code
    pub booking_cancellation_reason: Option<String>,
    /// deposit charged
    pub deposit_id: Option<String>,
    /// carried from the extract
    pub offerer_id: Option<String>,
    /// carried from the extract
    pub venue_id: Option<String>,
    /// carried from the extract
    pub price_category_label: Option<String>,
    /// recredit cohort of a used booking
    pub booking_used_recredit_type: Option<String>,
    /// reimbursement datetime, UTC wall-clock
    pub booking_reimbursement_date: Option<DtUtc>,
    /// creation datetime
    #[schema(from = B::booking_creation_date)]
    pub booking_created_at: DtParis,
    /// creation date
    #[schema(computed)]
    pub booking_creation_date: NaiveDate,
    /// type of the charged deposit
    #[schema(from = D)]
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub deposit_type: Option<String>,
    /// reform category of the charged deposit
    #[schema(from = D)]
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub deposit_reform_category: Option<String>,
    /// booker's exact age at booking, birth date through the deposit
    #[schema(computed)]
    pub user_age_at_booking: Option<i64>,
    /// `coalesce(amount, 0) × coalesce(quantity, 0)`
    #[schema(computed)]
    #[check(min = 0, cite = "I-2")]
    pub booking_intermediary_amount: Dec2,
    /// RANK of the booking among all the user's raw bookings by creation time
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_applicative__booking-5")]
    pub booking_rank: i64,
}

fn status_flags_consistent(f: &Frame<IntApplicativeBooking>) -> Expr {
    type A = IntApplicativeBooking;
    booking_flags_consistent(
        f.c(A::booking_status),
        f.c(A::booking_is_cancelled),
        f.c(A::booking_is_used),
        f.c(A::reimbursed),
    )
}

fn intermediary_amount_is_amount_times_quantity(f: &Frame<IntApplicativeBooking>) -> Expr {
    type A = IntApplicativeBooking;
    intermediary_amount_consistent(
        f.c(A::booking_intermediary_amount),
        f.c(A::booking_amount),
        f.c(A::booking_quantity),
    )
}

/// I-11: `booking_intermediary_amount = booking_amount × booking_quantity` when both are
/// non-NULL, else 0; decided, shared by every booking model.
pub fn intermediary_amount_consistent(intermediary: Expr, amount: Expr, quantity: Expr) -> Expr {
    let both = amount.clone().is_not_null().and(quantity.clone().is_not_null());
    let product = to_dec2(amount * quantity.cast(dec2_dtype()));
    when(both).then(intermediary.clone().eq(product)).otherwise(intermediary.eq(lit_dec2(0))).fill_null(lit(false))
}

/// no deposit, no deposit attributes.
fn deposit_attributes_need_a_deposit(f: &Frame<IntApplicativeBooking>) -> Expr {
    type A = IntApplicativeBooking;
    let no_deposit = f.c(A::deposit_id).is_null();
    no_deposit.not().or(f.c(A::deposit_type).is_null().and(f.c(A::deposit_reform_category).is_null()))
}

/// `_users` is read only by the `user_id` relationship test (an ancestor through the deposits).
pub fn build(
    _ctx: &RunContext,
    bookings: Frame<B>,
    deposits: Frame<D>,
    _users: Frame<RawApplicativeUser>,
) -> Frame<IntApplicativeBooking> {
    let on = on(B::deposit_id, D::deposit_id);
    let j = bookings.left_join(deposits, on);
    let created = j.c(B::booking_creation_date);
    // exact decimal arithmetic, cast back to dec2.
    let intermediary = to_dec2(
        j.c(B::booking_amount).fill_null(lit_dec2(0))
            * j.c(B::booking_quantity).fill_null(lit(0i64)).cast(dec2_dtype()),
    );
    IntApplicativeBooking::project(
        j.clone(),
        IntApplicativeBookingComputed {
            booking_creation_date: date_of(created.clone()),
            user_age_at_booking: exact_age(created.clone(), j.c(D::user_birth_date)),
            booking_intermediary_amount: intermediary,
            booking_rank: rank(vec![j.c(B::user_id)], vec![asc(created)]),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    fn booking(id: &str, user: &str, created: &str, deposit: Option<&str>) -> B {
        B {
            booking_id: id.into(),
            user_id: user.into(),
            stock_id: "s1".into(),
            booking_creation_date: DtParis(pipeline::dt(created)),
            deposit_id: deposit.map(Into::into),
            booking_amount: Some(Dec2(1250)),
            booking_quantity: Some(1),
            booking_status: Some("CONFIRMED".into()),
            ..Default::default()
        }
    }

    fn deposit(id: &str, birth: Option<&str>, kind: &str, reform: &str) -> D {
        D {
            deposit_id: id.into(),
            user_birth_date: birth.map(pipeline::date),
            deposit_type: kind.into(),
            deposit_reform_category: Some(reform.into()),
            ..Default::default()
        }
    }

    /// R-int_applicative__booking-1 (created_at / creation date), R-int_applicative__booking-2 (deposit type NULL when
    /// the deposit is NULL or unknown), R-int_applicative__booking-3 (age through the deposit's birth date), R-int_applicative__booking-4
    /// (amount × quantity with NULLs as 0, exact), R-int_applicative__booking-5 (RANK over all bookings: ties share,
    /// next rank skips; cancelled ones count).
    #[test]
    fn r_int_applicative__booking_1_2_3_4_5() {
        let bookings = vec![
            booking("1", "u1", "2026-01-10 09:00:00", Some("d1")),
            B {
                booking_quantity: Some(2),
                booking_amount: Some(Dec2(333)),
                ..booking("2", "u1", "2026-01-10 09:00:00", Some("d1"))
            },
            B {
                booking_status: Some("CANCELLED".into()),
                booking_amount: None,
                ..booking("3", "u1", "2026-01-11 00:00:00", Some("unknown"))
            },
            B { booking_quantity: None, ..booking("4", "u1", "2026-03-01 08:00:00", None) },
            booking("5", "u2", "2026-02-28 23:59:59", Some("d2")),
        ];
        // The status flags as the raw model derives them (sources.md §2.4, I-5).
        let bookings: Vec<B> = bookings
            .into_iter()
            .map(|b| {
                let status = b.booking_status.clone();
                let is = |values: &[&str]| status.as_deref().map(|s| values.contains(&s));
                B {
                    booking_is_cancelled: is(&["CANCELLED"]),
                    booking_is_used: is(&["USED", "PENDING_REIMBURSEMENT", "REIMBURSED"]),
                    reimbursed: is(&["REIMBURSED"]),
                    ..b
                }
            })
            .collect();
        let deposits = vec![
            deposit("d1", Some("2008-02-29"), "GRANT_18", "18_pre_reform"),
            deposit("d2", None, "GRANT_17_18", "18_post_reform"),
        ];
        // The users frame only feeds the `user_id` relationship test, which runs in full runs.
        let users = Frame::<RawApplicativeUser>::from_rows(&[]);
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&bookings), Frame::from_rows(&deposits), users);
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "user_id",
                "booking_created_at",
                "booking_creation_date",
                "deposit_type",
                "user_age_at_booking",
                "booking_intermediary_amount",
                "booking_rank"
            ]
        ));
    }

    /// Pass-through columns keep their source column (the booking's, and the deposit's type and
    /// reform category), each filled with values no other column of its type has; the computed
    /// columns follow R-int_applicative__booking-1, -3, -4 and -5.
    #[test]
    fn r_int_applicative__booking_columns_pass_through_unswapped() {
        let paris = |s: &str| DtParis(pipeline::dt(s));
        let used = B {
            booking_id: "b1".into(),
            booking_creation_date: paris("2026-01-10 09:00:00"),
            stock_id: "s1".into(),
            booking_quantity: Some(2),
            user_id: "u1".into(),
            booking_amount: Some(Dec2(1250)),
            booking_status: Some("USED".into()),
            booking_used_date: Some(paris("2026-01-12 18:00:00")),
            booking_cancellation_date: None,
            booking_cancellation_reason: None,
            deposit_id: Some("d1".into()),
            offerer_id: Some("of1".into()),
            venue_id: Some("v1".into()),
            price_category_label: Some("Tarif unique".into()),
            booking_reimbursement_date: Some(DtUtc(pipeline::dt("2026-02-01 05:00:00"))),
            booking_used_recredit_type: Some("RECREDIT_18".into()),
            booking_is_cancelled: Some(false),
            booking_is_used: Some(true),
            reimbursed: Some(false),
        };
        let cancelled = B {
            booking_id: "b2".into(),
            booking_creation_date: paris("2026-04-01 11:00:00"),
            stock_id: "s2".into(),
            booking_quantity: Some(1),
            user_id: "u1".into(),
            booking_amount: Some(Dec2(700)),
            booking_status: Some("CANCELLED".into()),
            booking_used_date: None,
            booking_cancellation_date: Some(paris("2026-04-02 12:00:00")),
            booking_cancellation_reason: Some("OFFERER".into()),
            deposit_id: Some("d2".into()),
            offerer_id: Some("of2".into()),
            venue_id: Some("v2".into()),
            price_category_label: Some("Catégorie B".into()),
            booking_reimbursement_date: None,
            booking_used_recredit_type: Some("RECREDIT_17".into()),
            booking_is_cancelled: Some(true),
            booking_is_used: Some(false),
            reimbursed: Some(false),
        };
        let deposits = vec![
            D { user_id: Some("u1".into()), ..deposit("d1", Some("2008-03-10"), "GRANT_18", "18_pre_reform") },
            D { user_id: Some("u1".into()), ..deposit("d2", Some("2008-03-10"), "GRANT_17_18", "18_post_reform") },
        ];
        let pass = |b: &B, d: &D| IntApplicativeBooking {
            booking_id: b.booking_id.clone(),
            stock_id: b.stock_id.clone(),
            user_id: b.user_id.clone(),
            booking_quantity: b.booking_quantity,
            booking_amount: b.booking_amount,
            booking_status: b.booking_status.clone(),
            booking_is_cancelled: b.booking_is_cancelled,
            booking_is_used: b.booking_is_used,
            reimbursed: b.reimbursed,
            booking_used_date: b.booking_used_date,
            booking_cancellation_date: b.booking_cancellation_date,
            booking_cancellation_reason: b.booking_cancellation_reason.clone(),
            deposit_id: b.deposit_id.clone(),
            offerer_id: b.offerer_id.clone(),
            venue_id: b.venue_id.clone(),
            price_category_label: b.price_category_label.clone(),
            booking_used_recredit_type: b.booking_used_recredit_type.clone(),
            booking_reimbursement_date: b.booking_reimbursement_date,
            booking_created_at: b.booking_creation_date,
            deposit_type: Some(d.deposit_type.clone()),
            deposit_reform_category: d.deposit_reform_category.clone(),
            ..Default::default()
        };
        let users = Frame::<RawApplicativeUser>::from_rows(&[]);
        let bookings = [used.clone(), cancelled.clone()];
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&bookings),
            Frame::from_rows(&deposits),
            users,
        ));
        assert_eq!(
            out,
            vec![
                IntApplicativeBooking {
                    booking_creation_date: pipeline::date("2026-01-10"),
                    user_age_at_booking: Some(17),
                    booking_intermediary_amount: Dec2(2500),
                    booking_rank: 1,
                    ..pass(&used, &deposits[0])
                },
                IntApplicativeBooking {
                    booking_creation_date: pipeline::date("2026-04-01"),
                    user_age_at_booking: Some(18),
                    booking_intermediary_amount: Dec2(700),
                    booking_rank: 2,
                    ..pass(&cancelled, &deposits[1])
                },
            ]
        );
    }
}
