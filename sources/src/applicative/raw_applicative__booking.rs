//! Grain: one row per booking; PK `booking_id`. Typed read of `applicative/booking` plus the
//! three status flags of sources.md §2.4.

use pipeline::SourceSpec;
use pipeline::polars::prelude::LazyFrame;
use pipeline::prelude::*;

/// Individual bookings as extracted, with derived status flags (sources.md §2.4).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__booking", layer = "raw", grain = "booking_id", materialized = "view")]
#[check(name = "status_flags_consistent", rule = status_flags_consistent, cite = "I-5")]
// `BACKOFFICE_*` is an open family of codes: an unknown reason is reported, not blocking.
#[check(name = "cancellation_reason_known", rule = cancellation_reason_known, cite = "sources.md §2.4", warn)]
pub struct RawApplicativeBooking {
    /// booking id
    pub booking_id: String,
    /// creation datetime (renamed `booking_created_at` downstream)
    pub booking_creation_date: DtParis,
    /// booked stock
    pub stock_id: String,
    /// 1, or 2 for a duo booking
    #[check(min = 1, max = 2, cite = "sources.md §2.4")]
    pub booking_quantity: Option<i64>,
    /// booker
    pub user_id: String,
    /// unit price paid
    #[check(min = 0, cite = "I-2")]
    pub booking_amount: Option<Dec2>,
    /// `CONFIRMED`, `USED`, `CANCELLED`, `REIMBURSED`, legacy `PENDING_REIMBURSEMENT`
    #[check(
        accepted_values = ["CONFIRMED", "USED", "CANCELLED", "REIMBURSED", "PENDING_REIMBURSEMENT"],
        cite = "sources.md §2.4"
    )]
    pub booking_status: Option<String>,
    /// validation (use) datetime
    pub booking_used_date: Option<DtParis>,
    /// cancellation datetime
    pub booking_cancellation_date: Option<DtParis>,
    /// cancellation reason code
    pub booking_cancellation_reason: Option<String>,
    /// deposit charged
    pub deposit_id: Option<String>,
    /// carried only; enrichment comes from stock → offer → venue
    pub offerer_id: Option<String>,
    /// carried only; enrichment comes from stock → offer → venue
    pub venue_id: Option<String>,
    /// carried
    pub price_category_label: Option<String>,
    /// carried, UTC wall-clock
    pub booking_reimbursement_date: Option<DtUtc>,
    /// recredit cohort of a used booking
    pub booking_used_recredit_type: Option<String>,
    /// `booking_status = 'CANCELLED'` (NULL when status is NULL)
    #[schema(derived)]
    pub booking_is_cancelled: Option<bool>,
    /// `booking_status IN ('USED','PENDING_REIMBURSEMENT','REIMBURSED')`
    #[schema(derived)]
    pub booking_is_used: Option<bool>,
    /// `booking_status = 'REIMBURSED'`
    #[schema(derived)]
    pub reimbursed: Option<bool>,
}

/// Booking status flags (sources.md §2.4, invariant I-5): `booking_is_used ⇒ NOT
/// booking_is_cancelled`, `reimbursed ⇒ booking_is_used`, the three flags NULL iff the status is.
pub fn status_flags_consistent(f: &Frame<RawApplicativeBooking>) -> Expr {
    type B = RawApplicativeBooking;
    booking_flags_consistent(
        f.c(B::booking_status),
        f.c(B::booking_is_cancelled),
        f.c(B::booking_is_used),
        f.c(B::reimbursed),
    )
}

/// I-5 over the status and its three flags, decided (never NULL); shared by every booking model.
pub fn booking_flags_consistent(status: Expr, cancelled: Expr, used: Expr, reimbursed: Expr) -> Expr {
    let null_with_status = |flag: &Expr| flag.clone().is_null().eq(status.clone().is_null());
    let used_not_cancelled = used.clone().not().or(cancelled.clone().not()).fill_null(lit(true));
    let reimbursed_used = reimbursed.clone().not().or(used.clone()).fill_null(lit(true));
    null_with_status(&cancelled)
        .and(null_with_status(&used))
        .and(null_with_status(&reimbursed))
        .and(used_not_cancelled)
        .and(reimbursed_used)
}

/// A cancellation reason of sources.md §2.4 (`BACKOFFICE_*` included).
fn cancellation_reason_known(f: &Frame<RawApplicativeBooking>) -> Expr {
    let reason = f.c(RawApplicativeBooking::booking_cancellation_reason);
    is_in_strs(reason.clone(), CANCELLATION_REASONS).or(reason.str().starts_with(lit("BACKOFFICE_")))
}

/// Cancellation reasons listed by sources.md §2.4 (besides the `BACKOFFICE_*` family).
pub const CANCELLATION_REASONS: &[&str] = &[
    "OFFERER",
    "BENEFICIARY",
    "EXPIRED",
    "FRAUD",
    "FRAUD_SUSPICION",
    "FRAUD_INAPPROPRIATE",
    "REFUSED_BY_INSTITUTE",
    "FINANCE_INCIDENT",
    "BACKOFFICE",
    "OFFERER_CONNECT_AS",
    "OFFERER_CLOSED",
];

/// Source file and derived columns of this raw model.
pub const SOURCE: SourceSpec = SourceSpec::applicative("booking").derive(derive);

/// Adds the derived flags; same-named input columns were not read (sources.md §2.4).
pub fn derive(_ctx: &RunContext, lf: LazyFrame) -> LazyFrame {
    let f: Frame<RawApplicativeBooking> = Frame::from_lazy_unchecked(lf);
    let status = f.c(RawApplicativeBooking::booking_status);
    f.with_columns(vec![
        RawApplicativeBooking::booking_is_cancelled.set(status.clone().eq(lit("CANCELLED"))),
        RawApplicativeBooking::booking_is_used
            .set(is_in_strs(status.clone(), &["USED", "PENDING_REIMBURSEMENT", "REIMBURSED"])),
        RawApplicativeBooking::reimbursed.set(status.eq(lit("REIMBURSED"))),
    ])
    .into_lazy()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::source::finish_raw;

    fn booking(id: &str, status: Option<&str>) -> RawApplicativeBooking {
        RawApplicativeBooking {
            booking_id: id.into(),
            booking_status: status.map(Into::into),
            // Stale input flags, one value per flag, must be ignored (sources.md §2.4).
            booking_is_cancelled: Some(true),
            booking_is_used: Some(false),
            reimbursed: None,
            ..Default::default()
        }
    }

    /// sources.md §2.4 derived flags; NULL status gives NULL flags (invariant I-5).
    #[test]
    fn raw_applicative__booking_derived_flags() {
        let rows = [
            booking("1", Some("CONFIRMED")),
            booking("2", Some("USED")),
            booking("3", Some("CANCELLED")),
            booking("4", Some("REIMBURSED")),
            booking("5", Some("PENDING_REIMBURSEMENT")),
            booking("6", None),
        ];
        let ctx = pipeline::testing::ctx("2026-11-27");
        let lf = finish_raw(&SOURCE, RawApplicativeBooking::columns(), Frame::from_rows(&rows).lazy(), &ctx);
        let out = pipeline::testing::snapshot_cols(
            Frame::<RawApplicativeBooking>::from_lazy_unchecked(lf),
            &["booking_status", "booking_is_cancelled", "booking_is_used", "reimbursed"],
        );
        insta::assert_snapshot!(out);
    }

    /// Every read column passes unchanged, each one with a value no other column of its type has
    /// (a swapped column shows); the flags are derived from the status (sources.md §2.4).
    #[test]
    fn raw_applicative__booking_columns_pass_through_unswapped() {
        let paris = |s: &str| DtParis(pipeline::dt(s));
        let reimbursed = RawApplicativeBooking {
            booking_id: "b1".into(),
            booking_creation_date: paris("2026-01-10 09:00:00"),
            stock_id: "s1".into(),
            booking_quantity: Some(2),
            user_id: "u1".into(),
            booking_amount: Some(Dec2(1250)),
            booking_status: Some("REIMBURSED".into()),
            booking_used_date: Some(paris("2026-01-12 18:00:00")),
            booking_cancellation_date: None,
            booking_cancellation_reason: None,
            deposit_id: Some("d1".into()),
            offerer_id: Some("of1".into()),
            venue_id: Some("v1".into()),
            price_category_label: Some("Tarif unique".into()),
            booking_reimbursement_date: Some(DtUtc(pipeline::dt("2026-02-01 05:00:00"))),
            booking_used_recredit_type: Some("RECREDIT_18".into()),
            booking_is_cancelled: None,
            booking_is_used: None,
            reimbursed: None,
        };
        let cancelled = RawApplicativeBooking {
            booking_id: "b2".into(),
            booking_creation_date: paris("2026-03-03 11:00:00"),
            stock_id: "s2".into(),
            booking_quantity: Some(1),
            user_id: "u2".into(),
            booking_amount: Some(Dec2(0)),
            booking_status: Some("CANCELLED".into()),
            booking_used_date: None,
            booking_cancellation_date: Some(paris("2026-03-04 12:00:00")),
            booking_cancellation_reason: Some("OFFERER".into()),
            deposit_id: Some("d2".into()),
            offerer_id: Some("of2".into()),
            venue_id: Some("v2".into()),
            price_category_label: Some("Catégorie B".into()),
            booking_reimbursement_date: None,
            booking_used_recredit_type: Some("RECREDIT_17".into()),
            booking_is_cancelled: None,
            booking_is_used: None,
            reimbursed: None,
        };
        let ctx = pipeline::testing::ctx("2026-11-27");
        let input = [reimbursed.clone(), cancelled.clone()];
        let lf = finish_raw(&SOURCE, RawApplicativeBooking::columns(), Frame::from_rows(&input).lazy(), &ctx);
        let mut out = pipeline::testing::rows(Frame::<RawApplicativeBooking>::from_lazy_unchecked(lf));
        out.sort_by(|a, b| a.booking_id.cmp(&b.booking_id));
        let flags = |b: RawApplicativeBooking, c: bool, u: bool, r: bool| RawApplicativeBooking {
            booking_is_cancelled: Some(c),
            booking_is_used: Some(u),
            reimbursed: Some(r),
            ..b
        };
        assert_eq!(out, vec![flags(reimbursed, false, true, true), flags(cancelled, true, false, false)]);
    }
}
