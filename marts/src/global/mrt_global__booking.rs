//! Grain: one row per booking charged to a known deposit; PK `booking_id`.

use intermediate::IntGlobalBooking as B;
use pipeline::prelude::*;

use super::mrt_global__user_beneficiary::MrtGlobalUserBeneficiary as U;

/// Bookings charged to a known deposit with their stock, offer, venue and offerer columns
/// and the booker's profile from the beneficiary mart (marts.md, mrt_global__booking).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__booking", layer = "mart", grain = "booking_id")]
pub struct MrtGlobalBooking {
    /// booking id
    pub booking_id: String,
    /// creation date (R-int_applicative__booking-1)
    pub booking_creation_date: NaiveDate,
    /// creation datetime (R-int_applicative__booking-1)
    pub booking_created_at: DtParis,
    /// 1 or 2
    pub booking_quantity: Option<i64>,
    /// unit price
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
    /// booker (from b)
    pub user_id: String,
    /// booker's age at booking (R-int_applicative__booking-3)
    pub user_age_at_booking: Option<i64>,
    /// deposit charged, never NULL
    pub deposit_id: String,
    /// type of the charged deposit, never NULL
    pub deposit_type: String,
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
    pub same_category_booking_rank: i64,
    /// RANK per user by creation, then booking id (R-int_global__booking-4)
    pub user_booking_rank: i64,
    /// offer URL
    pub offer_url: Option<String>,
    /// offer ISBN (R-int_applicative__offer_ean-4)
    pub isbn: Option<String>,
    /// diversity score; NULL exactly for cancelled or status-less bookings (R-int_global__booking-2)
    pub diversity_score: Option<i64>,
    /// app postal code, `-1` when unknown (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    pub user_postal_code: Option<String>,
    /// department code, `-1` = unknown (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    pub user_department_code: Option<String>,
    /// department name, default `non localisé` (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    pub user_department_name: Option<String>,
    /// region name, default `non localisé` (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart (R-2)
    pub user_region_name: Option<String>,
    /// academy name, default `non localisé` (R-int_global__user_beneficiary-4); NULL when the booker is not in the mart
    pub user_academy_name: Option<String>,
    /// account creation; NULL when the booker is not in the mart
    pub user_creation_date: Option<DtParis>,
    /// = first deposit creation (R-int_global__user_beneficiary-2); NULL when the booker is not in the mart
    pub user_activation_date: Option<DtParis>,
    /// MIN deposit creation (R-int_global__user_beneficiary-2); NULL when the booker is not in the mart
    pub first_deposit_creation_date: Option<DtParis>,
    /// activity label (R-int_applicative__user-3); NULL when the booker is not in the mart
    pub user_activity: Option<String>,
    /// civility (R-int_applicative__user-4); NULL when the booker is not in the mart
    pub user_civility: Option<String>,
    /// age at `ds` (R-int_applicative__user-6); NULL when the booker is not in the mart
    pub user_age: Option<i64>,
    /// birth date (R-int_applicative__user-5); NULL when the booker is not in the mart
    pub user_birth_date: Option<NaiveDate>,
    /// false = suspended; NULL when the booker is not in the mart
    pub user_is_active: Option<bool>,
    /// activity is job seeker (R-int_global__user_beneficiary-5); NULL when the booker is not in the mart
    pub user_is_unemployed: Option<bool>,
    /// activity is pupil, student or apprentice (R-int_global__user_beneficiary-6); NULL when the booker is not in the mart
    pub user_is_in_education: Option<bool>,
    /// offerer has the `part-epn` tag
    pub offerer_is_epn: Option<bool>,
}

pub fn build(_ctx: &RunContext, _bookings: Frame<B>, _users: Frame<U>) -> Frame<MrtGlobalBooking> {
    todo!()
}
