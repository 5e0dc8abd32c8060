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

    /// Every column passes unchanged from its side (the stock's, or the offer's), each filled with
    /// values no other column of its type has: two stocks of two offers, so that the eight boolean
    /// columns have eight different patterns (`partner_id` is the venue id, I-14).
    #[test]
    fn r_int_global__stock_columns_pass_through_unswapped() {
        let paris = |s: &str| Some(DtParis(pipeline::dt(s)));
        let day = |s: &str| Some(pipeline::date(s));
        let stock = |n: i64, soft_deleted: bool, bookable: bool| S {
            stock_id: format!("s{n}"),
            offer_id: format!("o{n}"),
            price_category_id: Some(format!("pc{n}")),
            stock_features: Some(format!("features {n}")),
            stock_last_provider_id: Some(format!("provider-{n}")),
            stock_humanized_id: Some(format!("HUMANIZED{n}")),
            stock_price: Some(Dec2(1000 + n as i128)),
            stock_quantity: Some(10 + n),
            stock_booking_limit_date: paris(&format!("2026-12-0{n} 20:00:00")),
            stock_creation_date: paris(&format!("2026-01-0{n} 09:00:00")),
            stock_beginning_date: Some(DtUtc(pipeline::dt(&format!("2026-12-1{n} 19:30:00")))),
            stock_is_soft_deleted: soft_deleted,
            price_category_label: Some(format!("Category {n}")),
            total_bookings: Some(20 + n),
            total_non_cancelled_bookings: Some(30 + n),
            total_cancelled_bookings: Some(40 + n),
            total_paid_bookings: Some(50 + n),
            total_individual_bookings: Some(60 + n),
            total_cancelled_individual_bookings: Some(70 + n),
            total_non_cancelled_individual_bookings: Some(80 + n),
            total_used_individual_bookings: Some(90 + n),
            total_individual_theoretic_revenue: Some(Dec2(2000 + n as i128)),
            total_individual_real_revenue: Some(Dec2(3000 + n as i128)),
            total_individual_current_year_real_revenue: Some(Dec2(4000 + n as i128)),
            first_individual_booking_date: day(&format!("2026-02-0{n}")),
            last_individual_booking_date: day(&format!("2026-03-0{n}")),
            total_first_bookings: Some(100 + n),
            total_available_stock: Some(110 + n),
            is_bookable: bookable,
            stock_rk: 120 + n,
        };
        let offer = |n: i64,
                     duo: Option<bool>,
                     physical: Option<bool>,
                     digital: Option<bool>,
                     event: Option<bool>,
                     permanent: Option<bool>,
                     epn: Option<bool>| O {
            offer_id: format!("o{n}"),
            offer_product_id: Some(format!("product-{n}")),
            offer_name: Some(format!("Offer {n}")),
            offer_url: Some(format!("https://example.org/offer/{n}")),
            isbn: Some(format!("978000000000{n}")),
            venue_id: Some(format!("v{n}")),
            venue_name: Some(format!("Venue {n}")),
            venue_label: Some(format!("Label {n}")),
            venue_type_label: Some(format!("Type {n}")),
            venue_postal_code: Some(format!("7500{n}")),
            venue_department_code: Some(format!("7{n}")),
            venue_department_name: Some(format!("Department {n}")),
            venue_region_name: Some(format!("Region {n}")),
            venue_academy_name: Some(format!("Academy {n}")),
            offerer_id: Some(format!("of{n}")),
            offerer_name: Some(format!("Offerer {n}")),
            partner_id: Some(format!("v{n}")),
            offer_category_id: Some(format!("CATEGORY_{n}")),
            offer_subcategory_id: format!("SUBCATEGORY_{n}"),
            item_id: format!("offer-o{n}"),
            offer_creation_date: pipeline::date(&format!("2025-0{n}-15")),
            offer_is_duo: duo,
            physical_goods: physical,
            digital_goods: digital,
            event,
            venue_is_permanent: permanent,
            offerer_is_epn: epn,
            last_stock_price: Some(Dec2(5000 + n as i128)),
            ..Default::default()
        };
        let stocks = vec![stock(1, false, true), stock(2, true, false)];
        let offers = vec![
            offer(1, Some(true), None, Some(false), None, Some(true), Some(false)),
            offer(2, None, Some(true), None, Some(false), Some(true), Some(false)),
        ];
        let pass = |s: &S, o: &O| IntGlobalStock {
            stock_id: s.stock_id.clone(),
            offer_id: s.offer_id.clone(),
            price_category_id: s.price_category_id.clone(),
            stock_features: s.stock_features.clone(),
            stock_last_provider_id: s.stock_last_provider_id.clone(),
            stock_humanized_id: s.stock_humanized_id.clone(),
            stock_price: s.stock_price,
            stock_quantity: s.stock_quantity,
            stock_booking_limit_date: s.stock_booking_limit_date,
            stock_creation_date: s.stock_creation_date,
            stock_beginning_date: s.stock_beginning_date,
            stock_is_soft_deleted: s.stock_is_soft_deleted,
            price_category_label: s.price_category_label.clone(),
            total_bookings: s.total_bookings,
            total_non_cancelled_bookings: s.total_non_cancelled_bookings,
            total_cancelled_bookings: s.total_cancelled_bookings,
            total_paid_bookings: s.total_paid_bookings,
            total_individual_bookings: s.total_individual_bookings,
            total_cancelled_individual_bookings: s.total_cancelled_individual_bookings,
            total_non_cancelled_individual_bookings: s.total_non_cancelled_individual_bookings,
            total_used_individual_bookings: s.total_used_individual_bookings,
            total_individual_theoretic_revenue: s.total_individual_theoretic_revenue,
            total_individual_real_revenue: s.total_individual_real_revenue,
            total_individual_current_year_real_revenue: s.total_individual_current_year_real_revenue,
            first_individual_booking_date: s.first_individual_booking_date,
            last_individual_booking_date: s.last_individual_booking_date,
            total_first_bookings: s.total_first_bookings,
            total_available_stock: s.total_available_stock,
            is_bookable: s.is_bookable,
            stock_rk: s.stock_rk,
            offer_product_id: o.offer_product_id.clone(),
            offer_name: o.offer_name.clone(),
            offer_url: o.offer_url.clone(),
            isbn: o.isbn.clone(),
            venue_id: o.venue_id.clone(),
            venue_name: o.venue_name.clone(),
            venue_label: o.venue_label.clone(),
            venue_type_label: o.venue_type_label.clone(),
            venue_postal_code: o.venue_postal_code.clone(),
            venue_department_code: o.venue_department_code.clone(),
            venue_department_name: o.venue_department_name.clone(),
            venue_region_name: o.venue_region_name.clone(),
            venue_academy_name: o.venue_academy_name.clone(),
            offerer_id: o.offerer_id.clone(),
            offerer_name: o.offerer_name.clone(),
            partner_id: o.partner_id.clone(),
            offer_category_id: o.offer_category_id.clone(),
            offer_subcategory_id: o.offer_subcategory_id.clone(),
            item_id: o.item_id.clone(),
            offer_creation_date: o.offer_creation_date,
            offer_is_duo: o.offer_is_duo,
            physical_goods: o.physical_goods,
            digital_goods: o.digital_goods,
            event: o.event,
            venue_is_permanent: o.venue_is_permanent,
            offerer_is_epn: o.offerer_is_epn,
            last_stock_price: o.last_stock_price,
        };
        let out = rows(build(&ctx("2026-11-27"), Frame::from_rows(&stocks), Frame::from_rows(&offers)));
        assert_eq!(out, vec![pass(&stocks[0], &offers[0]), pass(&stocks[1], &offers[1])]);
    }
}
