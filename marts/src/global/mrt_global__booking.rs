//! Grain: one row per booking charged to a known deposit; PK `booking_id`.

use intermediate::{IntGlobalBooking as B, IntGlobalDeposit as D};
use pipeline::prelude::*;

use super::mrt_global__user_beneficiary::MrtGlobalUserBeneficiary as U;

/// Bookings charged to a known deposit with their stock, offer, venue and offerer columns
/// and the booker's profile from the beneficiary mart (marts.md, mrt_global__booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__booking", layer = "mart", grain = "booking_id", from = B)]
#[check(name = "status_flags_consistent", rule = status_flags_consistent, cite = "I-5")]
#[check(name = "diversity_score_null_iff_cancelled", rule = diversity_score_null_iff_cancelled, cite = "I-6")]
#[check(name = "intermediary_amount_is_amount_times_quantity", rule = intermediary_amount_is_amount_times_quantity, cite = "I-11")]
#[check(name = "user_columns_all_or_none", rule = user_columns_all_or_none, cite = "R-mrt_global__booking-2")]
pub struct MrtGlobalBooking {
    /// booking id
    pub booking_id: String,
    /// creation date (R-int_applicative__booking-1)
    pub booking_creation_date: NaiveDate,
    /// creation datetime (R-int_applicative__booking-1)
    pub booking_created_at: DtParis,
    /// 1 or 2
    #[check(min = 1, max = 2, cite = "marts.md mrt_global__booking")]
    pub booking_quantity: Option<i64>,
    /// unit price
    #[check(min = 0, cite = "I-2")]
    pub booking_amount: Option<Dec2>,
    /// booking status
    #[check(accepted_values = ["CONFIRMED", "USED", "CANCELLED", "REIMBURSED", "PENDING_REIMBURSEMENT"], cite = "sources.md §2.4")]
    pub booking_status: Option<String>,
    /// status is `CANCELLED`
    pub booking_is_cancelled: Option<bool>,
    /// status is used, pending reimbursement or reimbursed
    pub booking_is_used: Option<bool>,
    /// cancellation datetime
    pub booking_cancellation_date: Option<DtParis>,
    /// cancellation reason code
    pub booking_cancellation_reason: Option<String>,
    /// booker (from b)
    pub user_id: String,
    /// booker's age at booking (R-int_applicative__booking-3)
    pub user_age_at_booking: Option<i64>,
    /// deposit charged, never NULL
    // A non-NULL deposit type means the deposit was found (R-int_applicative__booking-2): id non-NULL.
    #[schema(not_null)]
    #[check(references = D::deposit_id, cite = "I-13")]
    pub deposit_id: String,
    /// type of the charged deposit, never NULL
    #[schema(not_null)]
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub deposit_type: String,
    /// reform category of the charged deposit (R-int_applicative__booking-2)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub deposit_reform_category: Option<String>,
    /// status is `REIMBURSED`
    pub reimbursed: Option<bool>,
    /// amount × quantity, NULLs as 0 (R-int_applicative__booking-4)
    #[check(min = 0, cite = "I-2")]
    pub booking_intermediary_amount: Dec2,
    /// RANK among all the user's raw bookings (R-int_applicative__booking-5)
    #[check(min = 1, cite = "I-10")]
    pub booking_rank: i64,
    /// validation (use) datetime
    pub booking_used_date: Option<DtParis>,
    /// recredit cohort of a used booking
    pub booking_used_recredit_type: Option<String>,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// booked stock
    pub stock_id: String,
    /// offer of the stock
    pub offer_id: String,
    /// offer title
    pub offer_name: Option<String>,
    /// venue name; venue side; NULL when the venue is soft-deleted
    pub venue_name: Option<String>,
    /// venue label text; venue side; NULL when the venue is soft-deleted
    pub venue_label: Option<String>,
    /// venue type label; venue side; NULL when the venue is soft-deleted
    pub venue_type_label: Option<String>,
    /// live venue of the offer; venue side; NULL when the venue is soft-deleted
    pub venue_id: Option<String>,
    /// venue postal code; venue side; NULL when the venue is soft-deleted
    pub venue_postal_code: Option<String>,
    /// venue department code; venue side; NULL when the venue is soft-deleted
    pub venue_department_code: Option<String>,
    /// venue department name; venue side; NULL when the venue is soft-deleted
    pub venue_department_name: Option<String>,
    /// venue region name; venue side; NULL when the venue is soft-deleted
    pub venue_region_name: Option<String>,
    /// venue academy name; venue side; NULL when the venue is soft-deleted
    pub venue_academy_name: Option<String>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// offerer name
    pub offerer_name: Option<String>,
    /// venue partner id (`partner_id` = venue id)
    pub partner_id: Option<String>,
    /// offer subcategory
    pub offer_subcategory_id: String,
    /// physical goods subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// digital goods subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// event subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// offer category (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// `product-…` / `offer-…` (R-int_applicative__offer-6)
    pub item_id: String,
    /// RANK per (user, subcategory) by creation (R-int_global__booking-3)
    #[check(min = 1, cite = "I-10")]
    pub same_category_booking_rank: i64,
    /// RANK per user by creation, then booking id (R-int_global__booking-4)
    #[check(min = 1, cite = "I-10")]
    pub user_booking_rank: i64,
    /// offer URL
    pub offer_url: Option<String>,
    /// offer ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// diversity score; NULL exactly for cancelled or status-less bookings (R-int_global__booking-2)
    #[check(min = 0, max = 65, cite = "I-6")]
    pub diversity_score: Option<i64>,
    /// app postal code, `-1` when unknown (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_postal_code: Option<String>,
    /// department code, `-1` = unknown (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_department_code: Option<String>,
    /// department name, default `non localisé` (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_department_name: Option<String>,
    /// region name, default `non localisé` (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart (R-2)
    #[schema(from = U)]
    pub user_region_name: Option<String>,
    /// academy name, default `non localisé` (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_academy_name: Option<String>,
    /// account creation; NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_creation_date: Option<DtParis>,
    /// = first deposit creation (R-int_global__user_beneficiary-2); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_activation_date: Option<DtParis>,
    /// MIN deposit creation (R-int_global__user_beneficiary-2); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub first_deposit_creation_date: Option<DtParis>,
    /// activity label (R-int_applicative__user-3); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_activity: Option<String>,
    /// civility (R-int_applicative__user-4); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_civility: Option<String>,
    /// age at `ds` (R-int_applicative__user-6); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_age: Option<i64>,
    /// birth date (R-int_applicative__user-5); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_birth_date: Option<NaiveDate>,
    /// false = suspended; NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_is_active: Option<bool>,
    /// activity is job seeker (R-int_global__user_beneficiary-5); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_is_unemployed: Option<bool>,
    /// activity is pupil, student or apprentice (R-int_global__user_beneficiary-6); NULL when the booker is not in the mart
    #[schema(from = U)]
    pub user_is_in_education: Option<bool>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
}

/// R-mrt_global__booking-1: bookings charged to a known deposit. R-mrt_global__booking-2: booking,
/// stock, offer, venue and offerer columns from b; the booker's profile from the user mart through a
/// LEFT join on `b.user_id`, all NULL when the booker is absent from the mart (K-13).
fn status_flags_consistent(f: &Frame<MrtGlobalBooking>) -> Expr {
    type A = MrtGlobalBooking;
    sources::applicative::raw_applicative__booking::booking_flags_consistent(
        f.c(A::booking_status),
        f.c(A::booking_is_cancelled),
        f.c(A::booking_is_used),
        f.c(A::reimbursed),
    )
}

fn diversity_score_null_iff_cancelled(f: &Frame<MrtGlobalBooking>) -> Expr {
    type A = MrtGlobalBooking;
    intermediate::global::int_global__booking::diversity_null_iff_cancelled(
        f.c(A::diversity_score),
        f.c(A::booking_status),
    )
}

fn intermediary_amount_is_amount_times_quantity(f: &Frame<MrtGlobalBooking>) -> Expr {
    type A = MrtGlobalBooking;
    intermediate::applicative::int_applicative__booking::intermediary_amount_consistent(
        f.c(A::booking_intermediary_amount),
        f.c(A::booking_amount),
        f.c(A::booking_quantity),
    )
}

/// R-2 (K-13): the booker's columns come from the user mart, where these are never NULL, so
/// they are all set (a booker in the mart) or all NULL (a booker absent from it, whose nullable
/// profile columns are NULL too).
fn user_columns_all_or_none(f: &Frame<MrtGlobalBooking>) -> Expr {
    type A = MrtGlobalBooking;
    let present = f.c(A::user_creation_date).is_not_null();
    let set_with_user = [
        f.c(A::user_postal_code),
        f.c(A::user_department_code),
        f.c(A::user_department_name),
        f.c(A::user_region_name),
        f.c(A::user_academy_name),
        f.c(A::user_activation_date),
        f.c(A::first_deposit_creation_date),
        f.c(A::user_is_unemployed),
        f.c(A::user_is_in_education),
    ];
    let null_without_user = [
        f.c(A::user_activity),
        f.c(A::user_civility),
        f.c(A::user_age),
        f.c(A::user_birth_date),
        f.c(A::user_is_active),
    ];
    let set = set_with_user.into_iter().map(|c| c.is_not_null().eq(present.clone()));
    let unset = null_without_user.into_iter().map(|c| present.clone().or(c.is_null()));
    set.chain(unset).reduce(Expr::and).expect("columns")
}

/// `_deposits` is read only by the `deposit_id` relationship test (I-13; an ancestor through the
/// user mart).
pub fn build(_ctx: &RunContext, bookings: Frame<B>, users: Frame<U>, _deposits: Frame<D>) -> Frame<MrtGlobalBooking> {
    let known = bookings.c(B::deposit_type).is_not_null().and(bookings.c(B::user_id).is_not_null());
    let b = bookings.filter(known);
    let on_user = on(B::user_id, U::user_id);
    // Built column at a time (`Frame::left_join_wide`): one user per booking keeps the
    // filtered bookings' columns in place, so the widest mart is never held twice.
    let j = b.left_join_wide(users, on_user);
    let j = &j;
    MrtGlobalBooking::project(j.clone(), MrtGlobalBookingComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deposits frame only feeds the `deposit_id` relationship test, which runs in full runs.
    fn no_deposits() -> Frame<D> {
        Frame::from_rows(&[])
    }
    use pipeline::testing::{ctx, snapshot, snapshot_cols};

    fn booking(id: &str, user: &str, deposit: Option<(&str, &str)>) -> B {
        B {
            booking_id: id.into(),
            user_id: user.into(),
            deposit_id: deposit.map(|d| d.0.into()),
            deposit_type: deposit.map(|d| d.1.into()),
            stock_id: format!("s{id}"),
            offer_id: format!("o{id}"),
            offer_subcategory_id: "LIVRE_PAPIER".into(),
            item_id: format!("offer-o{id}"),
            booking_created_at: DtParis(pipeline::dt("2026-01-10 12:00:00")),
            booking_creation_date: pipeline::date("2026-01-10"),
            booking_rank: 1,
            same_category_booking_rank: 1,
            user_booking_rank: 1,
            ..Default::default()
        }
    }

    /// A kept beneficiary whose department, region and academy names differ.
    fn user(id: &str) -> U {
        U {
            user_id: id.into(),
            user_postal_code: "94000".into(),
            user_department_code: "94".into(),
            user_department_name: "Val-de-Marne".into(),
            user_region_name: "Île-de-France".into(),
            user_academy_name: "Créteil".into(),
            user_creation_date: DtParis(pipeline::dt("2024-12-31 23:30:00")),
            user_activation_date: DtParis(pipeline::dt("2025-01-02 09:00:00")),
            first_deposit_creation_date: DtParis(pipeline::dt("2025-01-02 09:00:00")),
            user_activity: Some("Etudiant".into()),
            user_civility: Some("Mme".into()),
            user_age: Some(19),
            user_birth_date: Some(pipeline::date("2007-06-15")),
            user_is_active: Some(true),
            user_is_unemployed: false,
            user_is_in_education: true,
            current_deposit_type: "GRANT_18".into(),
            ..Default::default()
        }
    }

    /// R-mrt_global__booking-1: a booking without a known deposit (`deposit_type` NULL) leaves;
    /// `user_id` is never NULL in `int_global__booking` (the IS NOT NULL test is kept). R-mrt_global__booking-2
    /// (K-13): the booking of `absent` (not in the user mart: suspended, current deposit `GRANT_FREE`…) is
    /// kept with every column from u NULL (an INNER join would drop it); `kept` and `kept_seeker` get
    /// the mart's values, each user column with values no other column of its type has (the two
    /// bookers' flags differ: `user_is_active` true/NULL, unemployed false/true, in education true/false).
    #[test]
    fn r_mrt_global__booking_1_2_known_deposit_and_user_columns() {
        let bookings = vec![
            booking("1", "kept", Some(("d1", "GRANT_18"))),
            booking("2", "absent", Some(("d2", "GRANT_FREE"))),
            booking("3", "kept", None),
            booking("4", "absent", None),
            booking("5", "kept_seeker", Some(("d3", "GRANT_17_18"))),
        ];
        // A self-suspended job seeker (NULL `user_is_active`, kept by R-mrt_global__user_beneficiary-1).
        let seeker = U {
            user_postal_code: "13001".into(),
            user_department_code: "13".into(),
            user_department_name: "Bouches-du-Rhône".into(),
            user_region_name: "Provence-Alpes-Côte d'Azur".into(),
            user_academy_name: "Aix-Marseille".into(),
            user_creation_date: DtParis(pipeline::dt("2023-05-04 08:00:00")),
            user_activation_date: DtParis(pipeline::dt("2024-02-03 10:00:00")),
            first_deposit_creation_date: DtParis(pipeline::dt("2024-02-03 10:00:00")),
            user_activity: Some("Chômeur, En recherche d'emploi".into()),
            user_civility: Some("M.".into()),
            user_age: Some(20),
            user_birth_date: Some(pipeline::date("2006-01-20")),
            user_is_active: None,
            user_suspension_reason: Some("upon user request".into()),
            user_is_unemployed: true,
            user_is_in_education: false,
            current_deposit_type: "GRANT_17_18".into(),
            ..user("kept_seeker")
        };
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&bookings),
            Frame::from_rows(&[user("kept"), seeker]),
            no_deposits(),
        );
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "user_id",
                "deposit_id",
                "deposit_type",
                "user_postal_code",
                "user_department_code",
                "user_department_name",
                "user_region_name",
                "user_academy_name",
                "user_creation_date",
                "user_activation_date",
                "first_deposit_creation_date",
                "user_activity",
                "user_civility",
                "user_age",
                "user_birth_date",
                "user_is_active",
                "user_is_unemployed",
                "user_is_in_education"
            ]
        ));
    }

    /// R-mrt_global__booking-2: booking, stock, offer, venue and offerer columns are b's values
    /// unchanged (including NULL venue/offerer columns of a soft-deleted venue, K-16). Every column
    /// has values no other column of its type has: three bookings (REIMBURSED, CANCELLED, USED), so
    /// that each boolean column has its own pattern (`partner_id` is the venue id, I-14).
    #[test]
    fn r_mrt_global__booking_2_columns_from_b() {
        let text = |s: &str| Some(s.to_string());
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        // (physical, digital, event, permanent venue, EPN offerer) of the reimbursed and used bookings.
        type Flag = Option<bool>;
        let flags: [[Flag; 5]; 2] = [
            [Some(false), Some(false), Some(true), Some(true), Some(false)],
            [Some(true), None, None, Some(false), Some(false)],
        ];
        let full = |n: u32, status: &str, quantity: i64, cents: i128, flags: [Flag; 5], ranks: (i64, i64, i64)| {
            let [physical, digital, event, permanent, epn] = flags;
            B {
                booking_quantity: Some(quantity),
                booking_amount: Some(Dec2(cents)),
                booking_status: text(status),
                booking_is_cancelled: Some(false),
                booking_is_used: Some(true),
                reimbursed: Some(status == "REIMBURSED"),
                user_age_at_booking: Some(17 + i64::from(n)),
                deposit_reform_category: text("18_post_reform"),
                booking_intermediary_amount: Dec2(cents * i128::from(quantity)),
                booking_rank: ranks.0,
                same_category_booking_rank: ranks.1,
                user_booking_rank: ranks.2,
                booking_used_date: paris(&format!("2026-01-1{n} 08:00:00")),
                booking_used_recredit_type: Some(format!("RECREDIT_1{n}")),
                stock_beginning_date: Some(DtUtc(pipeline::dt(&format!("2026-02-0{n} 19:00:00")))),
                offer_name: Some(format!("Offer {n}")),
                venue_id: Some(format!("v{n}")),
                venue_name: Some(format!("Venue {n}")),
                venue_label: Some(format!("Label {n}")),
                venue_type_label: Some(format!("Venue type {n}")),
                venue_postal_code: Some(format!("6900{n}")),
                venue_department_code: Some(format!("6{n}")),
                venue_department_name: Some(format!("Department {n}")),
                venue_region_name: Some(format!("Region {n}")),
                venue_academy_name: Some(format!("Academy {n}")),
                venue_is_permanent: permanent,
                offerer_id: Some(format!("of{n}")),
                offerer_name: Some(format!("Offerer {n}")),
                partner_id: Some(format!("v{n}")),
                offerer_is_epn: epn,
                offer_subcategory_id: format!("SUBCATEGORY_{n}"),
                physical_goods: physical,
                digital_goods: digital,
                event,
                offer_category_id: Some(format!("CATEGORY_{n}")),
                offer_url: Some(format!("https://example.org/offer/{n}")),
                isbn: Some(format!("978000000000{n}")),
                diversity_score: Some(60 + i64::from(n)),
                ..booking(&format!("1{n}"), "kept", Some((&format!("d{n}"), "GRANT_17_18")))
            }
        };
        let bookings = vec![
            full(1, "REIMBURSED", 2, 1050, flags[0], (5, 3, 4)),
            B {
                booking_status: Some("CANCELLED".into()),
                booking_is_cancelled: Some(true),
                booking_is_used: Some(false),
                reimbursed: Some(false),
                booking_cancellation_date: Some(DtParis(pipeline::dt("2026-01-12 10:00:00"))),
                booking_cancellation_reason: Some("BENEFICIARY".into()),
                ..booking("9", "kept", Some(("d1", "GRANT_17_18")))
            },
            full(2, "USED", 1, 800, flags[1], (6, 1, 5)),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&bookings), Frame::<U>::from_rows(&[]), no_deposits());
        insta::assert_snapshot!(snapshot(out));
    }
}
