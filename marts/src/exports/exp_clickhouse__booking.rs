//! Grain: one row per `mrt_global__booking` row passing R-1; no key (rows may repeat).

use pipeline::prelude::*;
use pipeline_export_contract::{Delivery, ExportSpec, ch};

use crate::global::mrt_global__booking::MrtGlobalBooking as B;

/// Non-cancelled bookings of known offerers for the pro-facing ClickHouse statistics
/// (exports.md, exp_clickhouse__booking). Delivered as a snapshot partition `update_date = ds`.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "exp_clickhouse__booking", layer = "export", from = B)]
pub struct ExpClickhouseBooking {
    /// `ds`, the snapshot partition
    #[schema(computed)]
    pub update_date: NaiveDate,
    /// the booking's venue, never NULL once `offerer_id` is known (pass)
    #[schema(not_null)]
    pub venue_id: String,
    /// the venue's offerer, never NULL
    #[schema(not_null)]
    pub offerer_id: String,
    /// booked offer (pass)
    pub offer_id: String,
    /// `booking_creation_date`
    #[schema(from = B::booking_creation_date)]
    pub creation_date: NaiveDate,
    /// `date(booking_used_date)`
    #[schema(computed)]
    pub used_date: Option<NaiveDate>,
    /// booking status, never `CANCELLED` nor NULL
    #[schema(not_null)]
    #[check(accepted_values = ["CONFIRMED", "USED", "REIMBURSED", "PENDING_REIMBURSEMENT"], cite = "R-exp_clickhouse__booking-1")]
    pub booking_status: String,
    /// type of the charged deposit (pass)
    pub deposit_type: String,
    /// quantity; a NULL fails the delivery (E-5)
    pub booking_quantity: Option<i64>,
    /// unit price; a NULL fails the delivery (E-5); Float64 only in ClickHouse (K-32)
    pub booking_amount: Option<Dec2>,
}

pub fn build(ctx: &RunContext, bookings: Frame<B>) -> Frame<ExpClickhouseBooking> {
    // a NULL status or offerer drops the row (three-valued filter, C-16).
    let keep = bookings.c(B::offerer_id).is_not_null().and(bookings.c(B::booking_status).neq(lit("CANCELLED")));
    let kept = bookings.filter(keep);
    ExpClickhouseBooking::project(
        kept.clone(),
        ExpClickhouseBookingComputed { update_date: ctx.ds(), used_date: date_of(kept.c(B::booking_used_date)) },
    )
}

/// Target `intermediate.booking`: partitioned by `update_date`, snapshot delivery.
pub fn target() -> ExportSpec {
    type E = ExpClickhouseBooking;
    ExportSpec::clickhouse::<E>("intermediate", "booking", Delivery::SnapshotPartition)
        .column(E::update_date, ch::DateString)
        .column(E::venue_id, ch::String)
        .column(E::offerer_id, ch::String)
        .column(E::offer_id, ch::String)
        .column(E::creation_date, ch::DateString)
        .column(E::used_date, ch::Nullable(ch::DateString))
        .column(E::booking_status, ch::String)
        .column(E::deposit_type, ch::String)
        .column(E::booking_quantity, ch::UInt64)
        .column(E::booking_amount, ch::Float64)
        .partition_by("update_date")
        .order_by(&["venue_id", "offerer_id", "booking_status", "offer_id"])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    fn booking(id: &str, status: Option<&str>, offerer: Option<&str>) -> B {
        B {
            booking_id: id.into(),
            booking_creation_date: pipeline::date("2026-11-01"),
            booking_status: status.map(Into::into),
            offerer_id: offerer.map(Into::into),
            venue_id: offerer.map(|o| format!("v{o}")),
            offer_id: format!("o{id}"),
            deposit_type: "GRANT_18".into(),
            booking_quantity: Some(1),
            booking_amount: Some(Dec2(1050)),
            ..Default::default()
        }
    }

    /// R-exp_clickhouse__booking-1: cancelled, status-less and offerer-less bookings are dropped;
    /// EI-1: the other rows are all kept (row count = qualifying rows).
    #[test]
    fn r_exp_clickhouse__booking_1_filter() {
        let input = vec![
            booking("1", Some("CONFIRMED"), Some("1")),
            booking("2", Some("CANCELLED"), Some("1")),
            booking("3", None, Some("1")),
            booking("4", Some("USED"), None),
            booking("5", Some("REIMBURSED"), Some("2")),
        ];
        let out = rows(build(&ctx("2026-11-27"), Frame::from_rows(&input)));
        let mut kept: Vec<(String, String)> =
            out.iter().map(|r| (r.offer_id.clone(), r.booking_status.clone())).collect();
        kept.sort();
        assert_eq!(kept, [("o1".into(), "CONFIRMED".into()), ("o5".into(), "REIMBURSED".into())]);
    }

    /// Column values: `update_date = ds`, `creation_date` renamed, `used_date = date(booking_used_date)`
    /// (a Paris wall-clock datetime's own calendar date), pass-through of the rest.
    #[test]
    fn r_exp_clickhouse__booking_1_columns() {
        let b = B {
            booking_used_date: Some(DtParis(pipeline::dt("2026-11-02 23:30:00"))),
            booking_quantity: Some(2),
            booking_amount: Some(Dec2(799)),
            deposit_type: "GRANT_17_18".into(),
            ..booking("1", Some("USED"), Some("9"))
        };
        let out = rows(build(&ctx("2026-11-27"), Frame::from_rows(&[b])));
        assert_eq!(
            out,
            [ExpClickhouseBooking {
                update_date: pipeline::date("2026-11-27"),
                venue_id: "v9".into(),
                offerer_id: "9".into(),
                offer_id: "o1".into(),
                creation_date: pipeline::date("2026-11-01"),
                used_date: Some(pipeline::date("2026-11-02")),
                booking_status: "USED".into(),
                deposit_type: "GRANT_17_18".into(),
                booking_quantity: Some(2),
                booking_amount: Some(Dec2(799)),
            }]
        );
    }

    /// R-exp_clickhouse__booking-2: `intermediate.booking`, PARTITION BY update_date, ORDER BY
    /// (venue_id, offerer_id, booking_status, offer_id), column order and types of the spec.
    #[test]
    fn r_exp_clickhouse__booking_2_target_ddl() {
        let spec = target();
        spec.validate().unwrap();
        assert_eq!(
            spec.clickhouse_ddl("intermediate", "booking"),
            "CREATE TABLE IF NOT EXISTS intermediate.booking\n(\n    update_date String,\n    venue_id String,\n    \
             offerer_id String,\n    offer_id String,\n    creation_date String,\n    used_date Nullable(String),\n    \
             booking_status String,\n    deposit_type String,\n    booking_quantity UInt64,\n    booking_amount Float64\n)\n\
             ENGINE = MergeTree\nPARTITION BY update_date\nORDER BY (venue_id, offerer_id, booking_status, offer_id)"
        );
        assert_eq!(spec.delivery, Delivery::SnapshotPartition);
    }
}
