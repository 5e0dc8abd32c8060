//! Grain: one row per booking whose stock belongs to a kept offer; PK `booking_id`.

use pipeline::prelude::*;

use super::int_global__stock::IntGlobalStock as S;
use crate::applicative::int_applicative__booking::IntApplicativeBooking as B;
use crate::metric::int_metric__diversity_score::IntMetricDiversityScore as DS;

/// Bookings of kept offers with their stock's, offer's, venue's and offerer's columns,
/// diversity score and per-user ranks (intermediate.md, int_global__booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_global__booking", layer = "intermediate", grain = "booking_id")]
pub struct IntGlobalBooking {
    /// booking id
    pub booking_id: String,
    /// creation date (R-int_applicative__booking-1)
    pub booking_creation_date: NaiveDate,
    /// creation datetime (R-int_applicative__booking-1)
    pub booking_created_at: DtParis,
    /// 1, or 2 for a duo booking
    pub booking_quantity: Option<i64>,
    /// unit price paid
    pub booking_amount: Option<Dec2>,
    /// booking status
    pub booking_status: Option<String>,
    /// status is `CANCELLED`
    pub booking_is_cancelled: Option<bool>,
    /// status is used, pending reimbursement or reimbursed
    pub booking_is_used: Option<bool>,
    /// cancellation datetime
    pub booking_cancellation_date: Option<DtParis>,
    /// cancellation reason code
    pub booking_cancellation_reason: Option<String>,
    /// booker
    pub user_id: String,
    /// booker's age at booking (R-int_applicative__booking-3)
    pub user_age_at_booking: Option<i64>,
    /// deposit charged
    pub deposit_id: Option<String>,
    /// type of the charged deposit (R-int_applicative__booking-2)
    pub deposit_type: Option<String>,
    /// reform category of the charged deposit (R-int_applicative__booking-2)
    pub deposit_reform_category: Option<String>,
    /// status is `REIMBURSED`
    pub reimbursed: Option<bool>,
    /// amount × quantity, NULLs as 0 (R-int_applicative__booking-4)
    pub booking_intermediary_amount: Dec2,
    /// RANK among all the user's raw bookings (R-int_applicative__booking-5)
    pub booking_rank: i64,
    /// validation (use) datetime
    pub booking_used_date: Option<DtParis>,
    /// recredit cohort of a used booking
    pub booking_used_recredit_type: Option<String>,
    /// booked stock
    pub stock_id: String,
    /// event start, UTC wall-clock
    pub stock_beginning_date: Option<DtUtc>,
    /// offer of the stock
    pub offer_id: String,
    /// offer title
    pub offer_name: Option<String>,
    /// offer subcategory
    pub offer_subcategory_id: String,
    /// offer category (R-int_applicative__offer-5)
    pub offer_category_id: Option<String>,
    /// physical goods subcategory (R-int_applicative__offer-5)
    pub physical_goods: Option<bool>,
    /// digital goods subcategory (R-int_applicative__offer-5)
    pub digital_goods: Option<bool>,
    /// event subcategory (R-int_applicative__offer-5)
    pub event: Option<bool>,
    /// offer URL
    pub offer_url: Option<String>,
    /// offer ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// `product-…` / `offer-…` (R-int_applicative__offer-6)
    pub item_id: String,
    /// offer's newest-stock price (R-int_applicative__offer-2)
    pub last_stock_price: Option<Dec2>,
    /// live venue of the offer (R-int_global__offer-1)
    pub venue_id: Option<String>,
    /// venue name
    pub venue_name: Option<String>,
    /// venue label text
    pub venue_label: Option<String>,
    /// venue type label
    pub venue_type_label: Option<String>,
    /// venue postal code
    pub venue_postal_code: Option<String>,
    /// venue department code
    pub venue_department_code: Option<String>,
    /// venue department name
    pub venue_department_name: Option<String>,
    /// venue region name
    pub venue_region_name: Option<String>,
    /// venue academy name
    pub venue_academy_name: Option<String>,
    /// permanent venue
    pub venue_is_permanent: Option<bool>,
    /// venue's managing offerer
    pub offerer_id: Option<String>,
    /// offerer name
    pub offerer_name: Option<String>,
    /// venue's partner id (= venue id)
    pub partner_id: Option<String>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
    /// diversity score; NULL exactly for cancelled or status-less bookings
    pub diversity_score: Option<i64>,
    /// RANK per (user, subcategory) by creation
    pub same_category_booking_rank: i64,
    /// RANK per user by creation, then booking id
    pub user_booking_rank: i64,
}

pub fn build(_ctx: &RunContext, _bookings: Frame<B>, _stocks: Frame<S>, _scores: Frame<DS>) -> Frame<IntGlobalBooking> {
    todo!()
}
