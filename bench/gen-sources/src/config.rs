//! Run parameters and the target size of every entity at a scale.
//!
//! Scale 1 ≈ 100k users, 3k offerers, 10k venues, 200k offers, 1M bookings and 1M events a
//! day; every size is linear in the scale (which may be fractional), with small floors so
//! that a tiny world still has every kind of row. Deposits (≈ 1.3 per user), stocks (≈ 2 per
//! offer), recredits, price categories and action history follow from the per-entity rules.

use std::path::PathBuf;

use crate::write::Format;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub scale: f64,
    pub seed: u64,
    pub out: PathBuf,
    pub format: Format,
    /// Number of firebase partitions, ending at `ds`.
    pub event_days: u32,
    /// Run date (`ds`, day number): extracts end the day before.
    pub ds: i32,
}

/// Target entity counts.
#[derive(Debug, Clone, Copy)]
pub struct Counts {
    pub users: usize,
    pub offerers: usize,
    pub venues: usize,
    pub products: usize,
    pub offers: usize,
    pub bookings: usize,
    pub favorites: usize,
    pub events_per_day: usize,
}

fn scaled(base: f64, scale: f64, floor: usize) -> usize {
    ((base * scale).round() as usize).max(floor)
}

impl Config {
    pub fn counts(&self) -> Counts {
        let s = self.scale;
        Counts {
            users: scaled(100_000.0, s, 40),
            offerers: scaled(3_000.0, s, 6),
            venues: scaled(10_000.0, s, 12),
            products: scaled(40_000.0, s, 8),
            offers: scaled(200_000.0, s, 60),
            bookings: scaled(1_000_000.0, s, 300),
            favorites: scaled(250_000.0, s, 30),
            events_per_day: scaled(1_000_000.0, s, 200),
        }
    }
}
