//! # marts — the `mrt_*` models
//!
//! The global marts of `spec/marts.md`, one model per file (file stem = model name). Marts
//! read intermediate models (and, for a few rules, other marts). [`project`] assembles
//! every crate's registry into the whole DAG used by the `build-marts` binary.
#![allow(non_snake_case)]

pub mod global {
    pub mod mrt_global__booking;
    pub mod mrt_global__deposit;
    pub mod mrt_global__offer;
    pub mod mrt_global__offerer;
    pub mod mrt_global__stock;
    pub mod mrt_global__user;
    pub mod mrt_global__user_beneficiary;
    pub mod mrt_global__venue;
}

pub mod native {
    pub mod mrt_native__daily_offer_consultation;
    pub mod mrt_native__event;
}

/// Export models (`exports.md`): each file holds the model and its target contract (`target()`).
pub mod exports {
    pub mod exp_backend__booking_per_ean_last_30_days;
    pub mod exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days;
    pub mod exp_backend__stats_display_top_3_most_consulted_offers_last_30_days;
    pub mod exp_clickhouse__booking;
    pub mod exp_clickhouse__native_event;
    pub mod exp_clickhouse__venue_offer_statistic;
}

pub use global::mrt_global__booking::MrtGlobalBooking;
pub use global::mrt_global__deposit::MrtGlobalDeposit;
pub use global::mrt_global__offer::MrtGlobalOffer;
pub use global::mrt_global__offerer::MrtGlobalOfferer;
pub use global::mrt_global__stock::MrtGlobalStock;
pub use global::mrt_global__user::MrtGlobalUser;
pub use global::mrt_global__user_beneficiary::MrtGlobalUserBeneficiary;
pub use global::mrt_global__venue::MrtGlobalVenue;
pub use native::mrt_native__daily_offer_consultation::MrtNativeDailyOfferConsultation;
pub use native::mrt_native__event::MrtNativeEvent;

use pipeline::{Node, model};

/// Every mart, in registry order.
pub fn registry() -> Vec<Node> {
    use global::*;
    vec![
        model(mrt_global__user::build),
        model(mrt_global__user_beneficiary::build),
        model(mrt_global__deposit::build),
        model(mrt_global__booking::build),
        model(mrt_global__offer::build),
        model(mrt_global__stock::build),
        model(mrt_global__venue::build),
        model(mrt_global__offerer::build),
        // Tracking marts (tracking.md): incremental by event date, after the global marts (T-6).
        model(native::mrt_native__event::build).partitioned_by("event_date").row_wise(),
        model(native::mrt_native__daily_offer_consultation::build).partitioned_by("event_date").per_partition(),
        // Export models (exports.md), delivered by `build-marts export` / `run --export`.
        model(exports::exp_clickhouse__booking::build),
        model(exports::exp_clickhouse__native_event::build),
        model(exports::exp_clickhouse__venue_offer_statistic::build),
        model(exports::exp_backend__booking_per_ean_last_30_days::build),
        // Over 31 days and the whole history of consultations: every stored partition of the
        // daily consultations as this run leaves them, not only the run window's.
        model(exports::exp_backend__stats_display_top_3_most_consulted_offers_last_30_days::build)
            .reads_all_partitions_of::<MrtNativeDailyOfferConsultation>(),
        model(exports::exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days::build)
            .reads_all_partitions_of::<MrtNativeDailyOfferConsultation>(),
    ]
}

/// The target contract of every export model of [`registry`] (delivery: `pipeline-export`).
pub fn exports() -> Vec<pipeline_export_contract::ExportSpec> {
    use exports::*;
    vec![
        exp_clickhouse__booking::target(),
        exp_clickhouse__native_event::target(),
        exp_clickhouse__venue_offer_statistic::target(),
        exp_backend__booking_per_ean_last_30_days::target(),
        exp_backend__stats_display_top_3_most_consulted_offers_last_30_days::target(),
        exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days::target(),
    ]
}

/// The whole project: sources, intermediate models and marts.
pub fn project() -> Vec<Node> {
    let mut nodes = sources::registry();
    nodes.extend(intermediate::registry());
    nodes.extend(registry());
    nodes
}
