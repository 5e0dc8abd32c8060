//! # intermediate — the `int_*` models
//!
//! Business rules of `spec/intermediate.md`, one model per file (file stem = model name),
//! grouped by folder: `applicative/` (cleaned application entities), `geo/`, `metric/`,
//! `global/` (entities joined across the application). Depends on `sources` only; marts
//! depend on this crate, never the other way round.
#![allow(non_snake_case)]

pub mod applicative {
    pub mod int_applicative__action_history;
    pub mod int_applicative__booking;
    pub mod int_applicative__deposit;
    pub mod int_applicative__extract_offer;
    pub mod int_applicative__offer;
    pub mod int_applicative__offer_ean;
    pub mod int_applicative__stock;
    pub mod int_applicative__user;
    pub mod int_applicative__venue;
}
pub mod firebase {
    pub mod int_firebase__native_event;
}
pub mod geo {
    pub mod int_geo__user_location;
    pub mod int_geo__venue_location;
}
pub mod metric {
    pub mod int_metric__diversity_daily_booking;
    pub mod int_metric__diversity_score;
}
pub mod global {
    pub mod int_global__booking;
    pub mod int_global__deposit;
    pub mod int_global__offer;
    pub mod int_global__offerer;
    pub mod int_global__stock;
    pub mod int_global__user;
    pub mod int_global__user_beneficiary;
    pub mod int_global__venue;
}

#[cfg(test)]
mod test_rows;

pub use applicative::int_applicative__action_history::IntApplicativeActionHistory;
pub use applicative::int_applicative__booking::IntApplicativeBooking;
pub use applicative::int_applicative__deposit::IntApplicativeDeposit;
pub use applicative::int_applicative__extract_offer::IntApplicativeExtractOffer;
pub use applicative::int_applicative__offer::IntApplicativeOffer;
pub use applicative::int_applicative__offer_ean::IntApplicativeOfferEan;
pub use applicative::int_applicative__stock::IntApplicativeStock;
pub use applicative::int_applicative__user::IntApplicativeUser;
pub use applicative::int_applicative__venue::IntApplicativeVenue;
pub use firebase::int_firebase__native_event::IntFirebaseNativeEvent;
pub use geo::int_geo__user_location::IntGeoUserLocation;
pub use geo::int_geo__venue_location::IntGeoVenueLocation;
pub use global::int_global__booking::IntGlobalBooking;
pub use global::int_global__deposit::IntGlobalDeposit;
pub use global::int_global__offer::IntGlobalOffer;
pub use global::int_global__offerer::IntGlobalOfferer;
pub use global::int_global__stock::IntGlobalStock;
pub use global::int_global__user::IntGlobalUser;
pub use global::int_global__user_beneficiary::IntGlobalUserBeneficiary;
pub use global::int_global__venue::IntGlobalVenue;
pub use metric::int_metric__diversity_daily_booking::IntMetricDiversityDailyBooking;
pub use metric::int_metric__diversity_score::IntMetricDiversityScore;

use pipeline::{Node, model};

/// Every intermediate model, in registry order.
pub fn registry() -> Vec<Node> {
    use applicative::*;
    use geo::*;
    use global::*;
    use metric::*;
    vec![
        model(int_applicative__user::build),
        model(int_applicative__action_history::build),
        model(int_applicative__deposit::build),
        model(int_applicative__booking::build),
        model(int_applicative__stock::build),
        model(int_applicative__extract_offer::build),
        model(int_applicative__offer_ean::build),
        model(int_applicative__offer::build),
        model(int_geo__venue_location::build),
        model(int_geo__user_location::build),
        model(int_applicative__venue::build),
        model(int_global__offerer::build),
        model(int_global__venue::build),
        model(int_global__offer::build),
        model(int_global__stock::build),
        model(int_metric__diversity_daily_booking::build),
        model(int_metric__diversity_score::build),
        model(int_global__booking::build),
        model(int_global__deposit::build),
        model(int_global__user::build),
        model(int_global__user_beneficiary::build),
        // Filters and projections over the event files read in a fixed order: sorting by a
        // few columns (stable) is as deterministic as sorting by all ~110, at a fraction of the
        // memory (the row encoding of every column of a million events).
        model(firebase::int_firebase__native_event::build)
            .partitioned_by("event_date")
            .ordered_by(&["event_date", "event_timestamp", "user_pseudo_id", "event_name"])
            .row_wise(),
    ]
}
