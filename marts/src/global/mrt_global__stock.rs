//! Grain: one row per stock of a kept offer; PK `stock_id`.

use intermediate::IntGlobalStock as I;
use pipeline::prelude::*;

/// Every stock of a kept offer, soft-deleted included (marts.md, mrt_global__stock).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__stock", layer = "mart", grain = "stock_id", from = I)]
#[check(name = "available_stock_null_iff_unlimited", rule = available_stock_null_iff_unlimited, cite = "I-8")]
pub struct MrtGlobalStock {
    /// stock id
    pub stock_id: String,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// provider that last synchronised the stock
    pub stock_last_provider_id: Option<String>,
    /// booking deadline
    pub stock_booking_limit_date: Option<DtParis>,
    /// stock creation
    pub stock_creation_date: Option<DtParis>,
    /// stock features text
    pub stock_features: Option<String>,
    /// `coalesce(stock price, price category price)` (R-int_applicative__stock-2)
    #[check(min = 0, cite = "R-int_applicative__stock-2")]
    pub stock_price: Option<Dec2>,
    /// NULL = unlimited
    pub stock_quantity: Option<i64>,
    /// remaining quantity, floored at 0; NULL when unlimited (R-int_applicative__stock-3)
    pub total_available_stock: Option<i64>,
    /// SUM of quantities of cancelled bookings; quantities, NULL when no booking
    pub total_cancelled_bookings: Option<i64>,
    /// SUM of quantities of non-cancelled bookings; quantities, NULL when no booking
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM of quantities of reimbursed or pending-reimbursement bookings; quantities, NULL when no booking
    pub total_paid_bookings: Option<i64>,
    /// SUM of booking quantities; quantities, NULL when no booking
    pub total_bookings: Option<i64>,
    /// offer of the stock
    pub offer_id: String,
    /// offer title
    pub offer_name: Option<String>,
    /// offer subcategory
    pub offer_subcategory_id: String,
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// venue's partner id (= venue id)
    pub partner_id: Option<String>,
    /// price category of the stock
    pub price_category_id: Option<String>,
    /// label of the price category
    pub price_category_label: Option<String>,
    /// venue department code
    pub venue_department_code: Option<String>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
}

/// R-mrt_global__stock-1: plain projection of `int_global__stock`, no filter (soft-deleted stocks and
/// stocks of offers absent from `mrt_global__offer` stay).
fn available_stock_null_iff_unlimited(f: &Frame<MrtGlobalStock>) -> Expr {
    type A = MrtGlobalStock;
    intermediate::applicative::int_applicative__stock::available_stock_consistent(
        f.c(A::stock_quantity),
        f.c(A::total_available_stock),
    )
}

pub fn build(_ctx: &RunContext, stocks: Frame<I>) -> Frame<MrtGlobalStock> {
    let kept = stocks;
    MrtGlobalStock::project(kept.clone(), MrtGlobalStockComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot};

    /// R-mrt_global__stock-1: plain projection, no filter: a soft-deleted stock and a stock whose
    /// offer has no live venue (NULL venue/offerer columns, absent from `mrt_global__offer`) stay;
    /// NULL counters stay NULL and unlimited stock keeps NULL availability.
    #[test]
    fn r_mrt_global__stock_1_plain_projection() {
        let stocks = vec![
            I {
                stock_id: "1".into(),
                offer_id: "o1".into(),
                offer_subcategory_id: "CONCERT".into(),
                item_id: "offer-o1".into(),
                offer_name: Some("Concert".into()),
                stock_beginning_date: Some(DtUtc(pipeline::dt("2026-12-31 23:30:00"))),
                stock_last_provider_id: Some("p1".into()),
                stock_booking_limit_date: Some(DtParis(pipeline::dt("2026-12-30 00:00:00"))),
                stock_creation_date: Some(DtParis(pipeline::dt("2026-01-01 10:00:00"))),
                stock_features: Some("[\"VO\"]".into()),
                stock_price: Some(Dec2(2050)),
                stock_quantity: Some(10),
                total_available_stock: Some(7),
                total_cancelled_bookings: Some(1),
                total_non_cancelled_bookings: Some(3),
                total_paid_bookings: Some(2),
                total_bookings: Some(4),
                offerer_id: Some("of1".into()),
                partner_id: Some("v1".into()),
                venue_id: Some("v1".into()),
                price_category_id: Some("pc1".into()),
                price_category_label: Some("Catégorie A".into()),
                venue_department_code: Some("971".into()),
                offerer_is_epn: Some(true),
                ..Default::default()
            },
            I {
                stock_id: "2".into(),
                offer_id: "o2".into(),
                offer_subcategory_id: "LIVRE_PAPIER".into(),
                item_id: "product-p2".into(),
                stock_is_soft_deleted: true,
                ..Default::default()
            },
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&stocks));
        insta::assert_snapshot!(snapshot(out));
    }
}
