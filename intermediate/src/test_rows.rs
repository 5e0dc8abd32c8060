//! Typed input rows shared by several models' tests (compiled for tests only). A builder
//! lives here once it is needed by more than one model file.

use pipeline::prelude::*;

use crate::applicative::int_applicative__booking::IntApplicativeBooking;

/// A duo booking of 10.00 × 2 charged to deposit `d1`, created at `created` (Paris wall-clock),
/// with the three status flags derived from `status` like the raw model does (I-5). Amount,
/// intermediary amount, quantity and rank differ, and the venue, offerer and price-category
/// label carried by the extract have their own values (downstream models take them from the
/// stock side), so that a swapped column shows.
pub(crate) fn booking(id: &str, user: &str, stock: &str, created: &str, status: Option<&str>) -> IntApplicativeBooking {
    let at = pipeline::dt(created);
    IntApplicativeBooking {
        booking_id: id.into(),
        user_id: user.into(),
        stock_id: stock.into(),
        deposit_id: Some("d1".into()),
        booking_status: status.map(Into::into),
        booking_is_cancelled: status.map(|s| s == "CANCELLED"),
        booking_is_used: status.map(|s| matches!(s, "USED" | "PENDING_REIMBURSEMENT" | "REIMBURSED")),
        reimbursed: status.map(|s| s == "REIMBURSED"),
        offerer_id: Some("of-carried".into()),
        venue_id: Some("v-carried".into()),
        price_category_label: Some("carried label".into()),
        booking_amount: Some(Dec2(1000)),
        booking_quantity: Some(2),
        booking_intermediary_amount: Dec2(2000),
        booking_created_at: DtParis(at),
        booking_creation_date: at.date(),
        booking_rank: 1,
        ..Default::default()
    }
}
