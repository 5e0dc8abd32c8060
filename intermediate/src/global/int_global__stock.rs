//! Grain: one row per stock of a kept offer; PK `stock_id`.

use pipeline::prelude::*;

use super::int_global__offer::IntGlobalOffer as O;
use crate::applicative::int_applicative__stock::IntApplicativeStock as S;

/// Stocks of kept offers with their offer's, venue's and offerer's columns; no filter on
/// validation, offerer status, soft deletion or bookability (intermediate.md, int_global__stock).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__stock", layer = "intermediate", grain = "stock_id", from = S)]
#[check(name = "available_stock_null_iff_unlimited", rule = available_stock_null_iff_unlimited, cite = "I-8")]
pub struct IntGlobalStock {
    /// stock id
    pub stock_id: String,
    /// offer of the stock
    #[check(references = O::offer_id, cite = "intermediate.md int_global__stock (INNER join)")]
    pub offer_id: String,
    /// price category of the stock
    pub price_category_id: Option<String>,
    /// stock features text
    pub stock_features: Option<String>,
    /// provider that last synchronised the stock
    pub stock_last_provider_id: Option<String>,
    /// `humanize_id(stock_id)`
    pub stock_humanized_id: Option<String>,
    /// `coalesce(stock price, price category price)` (R-int_applicative__stock-2)
    #[check(min = 0, cite = "R-int_applicative__stock-2")]
    pub stock_price: Option<Dec2>,
    /// NULL = unlimited
    pub stock_quantity: Option<i64>,
    /// booking deadline
    pub stock_booking_limit_date: Option<DtParis>,
    /// stock creation
    pub stock_creation_date: Option<DtParis>,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// soft-deleted in the app
    pub stock_is_soft_deleted: bool,
    /// label of the price category
    pub price_category_label: Option<String>,
    /// SUM of booking quantities (R-int_applicative__stock-1)
    pub total_bookings: Option<i64>,
    /// SUM of quantities of non-cancelled bookings (R-int_applicative__stock-1)
    pub total_non_cancelled_bookings: Option<i64>,
    /// SUM of quantities of cancelled bookings (R-int_applicative__stock-1)
    pub total_cancelled_bookings: Option<i64>,
    /// SUM of quantities of reimbursed or pending-reimbursement bookings (R-int_applicative__stock-1)
    pub total_paid_bookings: Option<i64>,
    /// number of bookings (R-int_applicative__stock-1)
    pub total_individual_bookings: Option<i64>,
    /// number of cancelled bookings (R-int_applicative__stock-1)
    pub total_cancelled_individual_bookings: Option<i64>,
    /// number of non-cancelled bookings (R-int_applicative__stock-1)
    pub total_non_cancelled_individual_bookings: Option<i64>,
    /// number of used bookings (R-int_applicative__stock-1)
    pub total_used_individual_bookings: Option<i64>,
    /// SUM of intermediary amounts of non-cancelled bookings (R-int_applicative__stock-1)
    pub total_individual_theoretic_revenue: Option<Dec2>,
    /// SUM of intermediary amounts of used bookings (R-int_applicative__stock-1)
    pub total_individual_real_revenue: Option<Dec2>,
    /// real revenue of bookings created in the year of `ds` (R-int_applicative__stock-1)
    pub total_individual_current_year_real_revenue: Option<Dec2>,
    /// MIN booking creation date (R-int_applicative__stock-1)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX booking creation date (R-int_applicative__stock-1)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// number of bookings with `booking_rank = 1` (R-int_applicative__stock-1)
    pub total_first_bookings: Option<i64>,
    /// remaining quantity, floored at 0; NULL when unlimited (R-int_applicative__stock-3)
    pub total_available_stock: Option<i64>,
    /// the stock can be booked at `ds` (R-int_applicative__stock-4)
    pub is_bookable: bool,
    /// RANK per offer by creation desc, then id desc (R-int_applicative__stock-5)
    #[check(min = 1, cite = "R-int_applicative__stock-5")]
    pub stock_rk: i64,
    /// offer's product
    #[schema(from = O)]
    pub offer_product_id: Option<String>,
    /// offer title
    #[schema(from = O)]
    pub offer_name: Option<String>,
    /// offer URL
    #[schema(from = O)]
    pub offer_url: Option<String>,
    /// offer ISBN (R-int_applicative__offer_ean-4)
    #[schema(from = O)]
    pub isbn: Option<String>,
    /// live venue of the offer (R-int_global__offer-1)
    #[schema(from = O)]
    pub venue_id: Option<String>,
    /// venue name
    #[schema(from = O)]
    pub venue_name: Option<String>,
    /// venue label text
    #[schema(from = O)]
    pub venue_label: Option<String>,
    /// venue type label
    #[schema(from = O)]
    pub venue_type_label: Option<String>,
    /// venue postal code
    #[schema(from = O)]
    pub venue_postal_code: Option<String>,
    /// venue department code
    #[schema(from = O)]
    pub venue_department_code: Option<String>,
    /// venue department name
    #[schema(from = O)]
    pub venue_department_name: Option<String>,
    /// venue region name
    #[schema(from = O)]
    pub venue_region_name: Option<String>,
    /// venue academy name
    #[schema(from = O)]
    pub venue_academy_name: Option<String>,
    /// venue's managing offerer
    #[schema(from = O)]
    pub offerer_id: Option<String>,
    /// offerer name
    #[schema(from = O)]
    pub offerer_name: Option<String>,
    /// venue's partner id (= venue id)
    #[schema(from = O)]
    pub partner_id: Option<String>,
    /// offer category (R-int_applicative__offer-5)
    #[schema(from = O)]
    pub offer_category_id: Option<String>,
    /// offer subcategory
    #[schema(from = O)]
    pub offer_subcategory_id: String,
    /// `product-…` / `offer-…` (R-int_applicative__offer-6)
    #[schema(from = O)]
    pub item_id: String,
    /// offer creation date
    #[schema(from = O)]
    pub offer_creation_date: NaiveDate,
    /// duo bookings allowed
    #[schema(from = O)]
    pub offer_is_duo: Option<bool>,
    /// physical goods subcategory (R-int_applicative__offer-5)
    #[schema(from = O)]
    pub physical_goods: Option<bool>,
    /// digital goods subcategory (R-int_applicative__offer-5)
    #[schema(from = O)]
    pub digital_goods: Option<bool>,
    /// event subcategory (R-int_applicative__offer-5)
    #[schema(from = O)]
    pub event: Option<bool>,
    /// permanent venue
    #[schema(from = O)]
    pub venue_is_permanent: Option<bool>,
    /// offerer has the `part-epn` tag
    #[schema(from = O)]
    pub offerer_is_epn: Option<bool>,
    /// offer's newest-stock price (R-int_applicative__offer-2)
    #[schema(from = O)]
    pub last_stock_price: Option<Dec2>,
}

fn available_stock_null_iff_unlimited(f: &Frame<IntGlobalStock>) -> Expr {
    type A = IntGlobalStock;
    crate::applicative::int_applicative__stock::available_stock_consistent(
        f.c(A::stock_quantity),
        f.c(A::total_available_stock),
    )
}

pub fn build(_ctx: &RunContext, stocks: Frame<S>, offers: Frame<O>) -> Frame<IntGlobalStock> {
    // INNER join: stocks of removed or unknown offers are dropped; nothing else is filtered.
    let on = on(S::offer_id, O::offer_id);
    let j = stocks.inner_join(offers, on);
    IntGlobalStock::project(j.clone(), IntGlobalStockComputed {})
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot_cols};

    fn stock(id: &str, offer: &str) -> S {
        S {
            stock_id: id.into(),
            offer_id: offer.into(),
            stock_price: Some(Dec2(1050)),
            stock_quantity: Some(3),
            total_non_cancelled_bookings: Some(1),
            total_available_stock: Some(2),
            is_bookable: true,
            stock_rk: 1,
            ..Default::default()
        }
    }

    fn offer(id: &str, venue: Option<&str>) -> O {
        O {
            offer_id: id.into(),
            offer_name: Some(format!("offer {id}")),
            offer_subcategory_id: "LIVRE_PAPIER".into(),
            item_id: format!("offer-{id}"),
            offer_creation_date: pipeline::date("2026-01-02"),
            offer_category_id: Some("LIVRE".into()),
            physical_goods: Some(true),
            venue_id: venue.map(Into::into),
            partner_id: venue.map(Into::into),
            offerer_id: venue.map(|v| format!("o{v}")),
            venue_name: venue.map(|v| format!("venue {v}")),
            venue_type_label: venue.map(|_| "Librairie".into()),
            last_stock_price: Some(Dec2(999)),
            ..Default::default()
        }
    }

    /// R-int_global__stock (INNER join on `offer_id`): a stock of an unknown / removed offer is
    /// dropped; a soft-deleted, non-bookable stock stays (no filter); an offer whose venue is
    /// soft-deleted (K-16) keeps its stocks with NULL venue/offerer columns. Stock columns pass
    /// unchanged, offer columns come from the offer side.
    #[test]
    fn r_int_global__stock_inner_join_no_filter() {
        let stocks = vec![
            stock("s1", "o1"),
            S { stock_is_soft_deleted: true, is_bookable: false, ..stock("s2", "o1") },
            stock("s3", "o2"),
            stock("s4", "gone"),
        ];
        let offers = vec![offer("o1", Some("v1")), offer("o2", None), offer("o3", Some("v1"))];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&stocks), Frame::from_rows(&offers));
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "offer_id",
                "stock_price",
                "stock_is_soft_deleted",
                "total_available_stock",
                "is_bookable",
                "offer_name",
                "venue_id",
                "offerer_id",
                "venue_type_label",
                "offer_subcategory_id",
                "item_id",
                "offer_creation_date",
                "last_stock_price"
            ]
        ));
    }

    /// Every column of the stock side passes unchanged (typed read-back of the full row).
    #[test]
    fn r_int_global__stock_stock_columns_pass() {
        let s = S {
            price_category_id: Some("pc1".into()),
            stock_features: Some("VF".into()),
            stock_humanized_id: Some("AE".into()),
            stock_beginning_date: Some(DtUtc(pipeline::dt("2026-12-01 19:30:00"))),
            total_first_bookings: Some(1),
            ..stock("1", "o1")
        };
        let out = rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(std::slice::from_ref(&s)),
            Frame::from_rows(&[offer("o1", Some("v1"))]),
        ));
        assert_eq!(out.len(), 1);
        let r = &out[0];
        assert_eq!(r.stock_id, s.stock_id);
        assert_eq!(r.price_category_id, s.price_category_id);
        assert_eq!(r.stock_features, s.stock_features);
        assert_eq!(r.stock_humanized_id, s.stock_humanized_id);
        assert_eq!(r.stock_beginning_date, s.stock_beginning_date);
        assert_eq!(r.total_first_bookings, s.total_first_bookings);
        assert_eq!(r.stock_rk, 1);
        assert_eq!(r.partner_id.as_deref(), Some("v1"));
    }
}
