//! Grain: one row per ISBN; PK `isbn`.

use pipeline::prelude::*;
use pipeline_export_contract::{Delivery, ExportSpec, pg};

use crate::global::mrt_global__booking::MrtGlobalBooking as B;
use crate::global::mrt_global__offer::MrtGlobalOffer as O;

/// Non-cancelled bookings of the last 30 days per EAN, for the backend (exports.md,
/// exp_backend__booking_per_ean_last_30_days). Delivered as a full replace (E-8).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "exp_backend__booking_per_ean_last_30_days", layer = "export", grain = "isbn", from = O)]
pub struct ExpBackendBookingPerEanLast30Days {
    /// `o.isbn`, never NULL
    #[schema(not_null)]
    pub isbn: String,
    /// COUNT(DISTINCT booking_id)
    #[schema(computed)]
    #[check(min = 1, cite = "EI-4")]
    pub nb_booking: i64,
}

pub fn build(ctx: &RunContext, offers: Frame<O>, bookings: Frame<B>) -> Frame<ExpBackendBookingPerEanLast30Days> {
    let j = offers.inner_join(bookings, on(O::offer_id, B::offer_id));
    // `ds − 30 days` at 00:00 in the column's own (Paris) wall-clock (C-5).
    let since = lit_datetime((ctx.ds - chrono::Days::new(30)).and_hms_opt(0, 0, 0).expect("midnight"));
    let keep = j
        .c(B::booking_created_at)
        .gt_eq(since)
        .and(j.c(B::booking_is_cancelled).eq(lit(false)))
        .and(j.c(O::isbn).is_not_null());
    let kept = j.filter(keep);
    ExpBackendBookingPerEanLast30Days::aggregate(
        kept.clone(),
        //
        ExpBackendBookingPerEanLast30DaysComputed { nb_booking: count_distinct(kept.c(B::booking_id)) },
    )
}

/// Target `<pg_schema>.booking_per_ean_last_30_days`: full replace (E-8).
pub fn target() -> ExportSpec {
    type E = ExpBackendBookingPerEanLast30Days;
    ExportSpec::postgres::<E>("booking_per_ean_last_30_days", Delivery::FullReplace)
        .column(E::isbn, pg::Text)
        .column(E::nb_booking, pg::BigInt)
        .primary_key(&["isbn"])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    fn offer(id: &str, isbn: Option<&str>) -> O {
        O {
            offer_id: id.into(),
            isbn: isbn.map(Into::into),
            offer_subcategory_id: "LIVRE_PAPIER".into(),
            ..Default::default()
        }
    }

    fn booking(id: &str, offer: &str, at: &str, cancelled: Option<bool>) -> B {
        B {
            booking_id: id.into(),
            offer_id: offer.into(),
            booking_created_at: DtParis(pipeline::dt(at)),
            booking_is_cancelled: cancelled,
            user_id: "u".into(),
            deposit_id: "d".into(),
            deposit_type: "GRANT_18".into(),
            stock_id: "s".into(),
            item_id: "i".into(),
            offer_subcategory_id: "LIVRE_PAPIER".into(),
            ..Default::default()
        }
    }

    fn counts(out: Vec<ExpBackendBookingPerEanLast30Days>) -> Vec<(String, i64)> {
        let mut v: Vec<_> = out.into_iter().map(|r| (r.isbn, r.nb_booking)).collect();
        v.sort();
        v
    }

    /// R-exp_backend__booking_per_ean_last_30_days-1: the window starts at `ds − 30` 00:00 Paris
    /// wall-clock (inclusive); cancelled (or status-less) bookings, offers without ISBN and
    /// bookings of offers absent from the offer mart are dropped.
    #[test]
    fn r_exp_backend__booking_per_ean_last_30_days_1_window_and_filters() {
        let offers = vec![offer("o1", Some("9782070612758")), offer("o2", None)];
        let bookings = vec![
            booking("in", "o1", "2026-10-28 00:00:00", Some(false)),
            booking("before", "o1", "2026-10-27 23:59:59", Some(false)),
            booking("cancelled", "o1", "2026-11-20 10:00:00", Some(true)),
            booking("null_status", "o1", "2026-11-20 10:00:00", None),
            booking("no_isbn", "o2", "2026-11-20 10:00:00", Some(false)),
            booking("unknown_offer", "o9", "2026-11-20 10:00:00", Some(false)),
        ];
        let out = rows(build(&ctx("2026-11-27"), Frame::from_rows(&offers), Frame::from_rows(&bookings)));
        assert_eq!(counts(out), [("9782070612758".into(), 1)]);
    }

    /// R-exp_backend__booking_per_ean_last_30_days-2: COUNT(DISTINCT booking_id) per ISBN, over
    /// every offer sharing it; EI-4: `isbn` unique, `nb_booking >= 1`.
    #[test]
    fn r_exp_backend__booking_per_ean_last_30_days_2_count_per_isbn() {
        let offers = vec![offer("o1", Some("A")), offer("o2", Some("A")), offer("o3", Some("B"))];
        let bookings = vec![
            booking("1", "o1", "2026-11-20 10:00:00", Some(false)),
            booking("2", "o2", "2026-11-21 10:00:00", Some(false)),
            booking("3", "o3", "2026-11-27 23:00:00", Some(false)),
        ];
        let out = rows(build(&ctx("2026-11-27"), Frame::from_rows(&offers), Frame::from_rows(&bookings)));
        assert_eq!(counts(out), [("A".into(), 2), ("B".into(), 1)]);
    }

    /// R-exp_backend__booking_per_ean_last_30_days-3: full replace (E-8) of a table keyed by isbn.
    #[test]
    fn r_exp_backend__booking_per_ean_last_30_days_3_target_ddl() {
        let spec = target();
        spec.validate().unwrap();
        assert_eq!(spec.delivery, Delivery::FullReplace);
        assert_eq!(
            spec.postgres_ddl("data_export"),
            [
                "CREATE TABLE IF NOT EXISTS \"data_export\".\"booking_per_ean_last_30_days\"\n(\n    \"isbn\" text NOT NULL,\n    \
              \"nb_booking\" bigint NOT NULL,\n    PRIMARY KEY (\"isbn\")\n)"
            ]
        );
    }
}
