//! # sources — the `raw_*` models
//!
//! One typed read per source table of `spec/sources.md`: columns by name, types by the
//! loading rules, primary keys validated, plus the derived columns the spec lists (L-10).
//! No business logic, no filtering, no trimming. One model per file; the file stem is
//! the model name.
#![allow(non_snake_case)]

pub mod applicative {
    pub mod raw_applicative__action_history;
    pub mod raw_applicative__booking;
    pub mod raw_applicative__deposit;
    pub mod raw_applicative__favorite;
    pub mod raw_applicative__offer;
    pub mod raw_applicative__offerer;
    pub mod raw_applicative__offerer_address;
    pub mod raw_applicative__offerer_tag;
    pub mod raw_applicative__price_category;
    pub mod raw_applicative__product;
    pub mod raw_applicative__recredit;
    pub mod raw_applicative__stock;
    pub mod raw_applicative__subcategory;
    pub mod raw_applicative__user;
    pub mod raw_applicative__venue;
    pub mod raw_applicative__venue_label;
}
pub mod firebase {
    pub mod raw_firebase__event;
}
pub mod seed {
    pub mod raw_seed__region_department;
}

pub use applicative::raw_applicative__action_history::RawApplicativeActionHistory;
pub use applicative::raw_applicative__booking::RawApplicativeBooking;
pub use applicative::raw_applicative__deposit::RawApplicativeDeposit;
pub use applicative::raw_applicative__favorite::RawApplicativeFavorite;
pub use applicative::raw_applicative__offer::RawApplicativeOffer;
pub use applicative::raw_applicative__offerer::RawApplicativeOfferer;
pub use applicative::raw_applicative__offerer_address::RawApplicativeOffererAddress;
pub use applicative::raw_applicative__offerer_tag::RawApplicativeOffererTag;
pub use applicative::raw_applicative__price_category::RawApplicativePriceCategory;
pub use applicative::raw_applicative__product::RawApplicativeProduct;
pub use applicative::raw_applicative__recredit::RawApplicativeRecredit;
pub use applicative::raw_applicative__stock::RawApplicativeStock;
pub use applicative::raw_applicative__subcategory::RawApplicativeSubcategory;
pub use applicative::raw_applicative__user::RawApplicativeUser;
pub use applicative::raw_applicative__venue::RawApplicativeVenue;
pub use applicative::raw_applicative__venue_label::RawApplicativeVenueLabel;
pub use firebase::raw_firebase__event::RawFirebaseEvent;
pub use seed::raw_seed__region_department::RawSeedRegionDepartment;

use pipeline::{Node, SourceSpec, source as source_node};

/// Every raw model, in registry order.
pub fn registry() -> Vec<Node> {
    use applicative::*;
    vec![
        // Freshness (a project choice, README): the daily extracts' newest rows should be at
        // most 2 days old; only a warning, so a run on a past extract (the fixtures) still works.
        source_node::<RawApplicativeUser>(SourceSpec::applicative("user").freshness(
            "user_creation_date",
            Some(2),
            None,
        )),
        source_node::<RawApplicativeDeposit>(SourceSpec::applicative("deposit")),
        source_node::<RawApplicativeRecredit>(SourceSpec::applicative("recredit")),
        source_node::<RawApplicativeBooking>(raw_applicative__booking::SOURCE.freshness(
            "booking_creation_date",
            Some(2),
            None,
        )),
        source_node::<RawApplicativeStock>(SourceSpec::applicative("stock")),
        source_node::<RawApplicativePriceCategory>(SourceSpec::applicative("price_category")),
        source_node::<RawApplicativeOffer>(SourceSpec::applicative("offer")),
        source_node::<RawApplicativeProduct>(SourceSpec::applicative("product")),
        source_node::<RawApplicativeSubcategory>(SourceSpec::applicative("subcategory")),
        source_node::<RawApplicativeVenue>(SourceSpec::applicative("venue")),
        source_node::<RawApplicativeVenueLabel>(SourceSpec::applicative("venue_label")),
        source_node::<RawApplicativeOfferer>(SourceSpec::applicative("offerer")),
        source_node::<RawApplicativeOffererAddress>(SourceSpec::applicative("offerer_address")),
        source_node::<RawApplicativeActionHistory>(raw_applicative__action_history::SOURCE),
        source_node::<RawApplicativeFavorite>(SourceSpec::applicative("favorite")),
        source_node::<RawApplicativeOffererTag>(SourceSpec::applicative("offerer_tag")),
        source_node::<RawSeedRegionDepartment>(SourceSpec::seed("region_department")),
        source_node::<RawFirebaseEvent>(firebase::raw_firebase__event::SOURCE),
    ]
}
