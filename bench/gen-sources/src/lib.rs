//! # gen-sources — synthetic Pass Culture source extracts
//!
//! Writes a complete `sources_dir` (sources.md §1): the sixteen applicative tables
//! (`applicative/<t>.parquet` or `.csv`), the `region_department` seed (`seed/`) and GA4
//! firebase partitions (`firebase/events/event_date=…/`), referentially consistent, with the
//! orphans and NULLs the spec says can occur, deterministic for a seed. See
//! `bench/README.md` for usage, distributions and measured figures.
//!
//! Pipeline: the world is generated in memory as compact column vectors (users ∥ partners →
//! catalogue, then bookings), then every table and event file is written in parallel, chunk
//! by chunk. Each generator draws from its own seeded stream ([`rng::R::stream`]), so the
//! bytes written depend on the seed only, not on the thread count.

pub mod bookings;
pub mod catalogue;
pub mod config;
pub mod events;
pub mod partners;
pub mod reference;
pub mod rng;
pub mod table;
pub mod time;
pub mod users;
pub mod write;

use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use indicatif::ProgressBar;
use rayon::prelude::*;

pub use config::Config;
pub use write::{Format, Written};

/// The seed's reference data, copied verbatim (sources.md §3).
pub const REGION_DEPARTMENT: &str = include_str!("../../../fixtures/seed/region_department.csv");

/// The generated world, before writing.
pub struct World {
    pub users: users::Users,
    pub partners: partners::Partners,
    pub catalogue: catalogue::Catalogue,
    pub activity: bookings::Activity,
}

/// Generates the world of `cfg` in memory.
pub fn world(cfg: &Config) -> World {
    let n = cfg.counts();
    let (users, (partners, mut catalogue)) = rayon::join(
        || users::generate(cfg.seed, n.users, cfg.ds),
        || {
            let p = partners::generate(cfg.seed, n.offerers, n.venues, cfg.ds);
            let c = catalogue::generate(cfg.seed, n.products, n.offers, &p, cfg.ds);
            (p, c)
        },
    );
    let activity = bookings::generate(cfg.seed, n.bookings, n.favorites, &users, &catalogue, &partners, cfg.ds);
    catalogue.settle_quantities(cfg.seed, &activity.booked_units(catalogue.stocks));
    World { users, partners, catalogue, activity }
}

impl World {
    /// Every applicative table, largest first.
    pub fn tables(&self) -> Vec<table::TableSpec<'_>> {
        let mut t = Vec::new();
        t.extend(self.activity.tables(&self.catalogue));
        t.extend(self.catalogue.tables());
        t.extend(self.users.tables());
        t.extend(self.partners.tables());
        t.sort_by_key(|s| std::cmp::Reverse(s.rows));
        t
    }
}

/// What a run wrote.
#[derive(Debug, Clone)]
pub struct Report {
    pub tables: Vec<Written>,
    pub event_files: usize,
    pub events: usize,
    pub event_bytes: u64,
    pub generate_s: f64,
    pub write_s: f64,
}

enum Job<'a> {
    Table(&'a table::TableSpec<'a>),
    Events(events::Part),
}

/// Generates and writes everything into `cfg.out` (which must not hold earlier output).
pub fn run(cfg: &Config, bar: &ProgressBar) -> Result<Report> {
    let out = &cfg.out;
    for d in ["applicative", "seed", "firebase/events"] {
        std::fs::create_dir_all(out.join(d)).with_context(|| format!("cannot create {}", out.join(d).display()))?;
    }
    std::fs::write(out.join("seed/region_department.csv"), REGION_DEPARTMENT)?;

    let started = Instant::now();
    bar.set_message("generating users, partners, catalogue, bookings");
    let w = world(cfg);
    let generate_s = started.elapsed().as_secs_f64();

    let started = Instant::now();
    let specs = w.tables();
    let ev = events::EventWorld::new(cfg.seed, &w.users, &w.catalogue, &w.partners, &w.activity);
    let n = cfg.counts();
    let parts = events::parts(cfg.ds, cfg.event_days, n.events_per_day);
    for p in &parts {
        std::fs::create_dir_all(events::partition_dir(out, p.day))?;
    }
    let total: usize = specs.iter().map(|s| s.rows).sum::<usize>() + parts.iter().map(|p| p.events).sum::<usize>();
    bar.set_length(total as u64);
    bar.set_message("writing");
    // Big jobs first: the largest table, then event files, then the rest.
    let mut jobs: Vec<Job<'_>> = Vec::new();
    let mut rest = specs.iter();
    if let Some(first) = rest.next() {
        jobs.push(Job::Table(first));
    }
    jobs.extend(parts.iter().map(|p| Job::Events(*p)));
    jobs.extend(rest.map(Job::Table));
    let results: Vec<Result<(Option<Written>, u64)>> = jobs
        .par_iter()
        .map(|job| match job {
            Job::Table(spec) => Ok((Some(write::write_table(spec, out, cfg.format, bar)?), 0)),
            Job::Events(p) => {
                let path = events::partition_dir(out, p.day).join(format!("part-{:05}.parquet", p.index));
                Ok((None, ev.write(*p, &path, bar)?))
            }
        })
        .collect();
    let mut tables = Vec::new();
    let mut event_bytes = 0;
    for r in results {
        let (t, b) = r?;
        tables.extend(t);
        event_bytes += b;
    }
    tables.sort_by(|a, b| a.table.cmp(&b.table));
    Ok(Report {
        tables,
        event_files: parts.len(),
        events: parts.iter().map(|p| p.events).sum(),
        event_bytes,
        generate_s,
        write_s: started.elapsed().as_secs_f64(),
    })
}

/// Removes earlier output (the three source folders) from `out`.
pub fn clear(out: &Path) -> Result<()> {
    for d in ["applicative", "seed", "firebase"] {
        let p = out.join(d);
        if p.exists() {
            std::fs::remove_dir_all(&p).with_context(|| format!("cannot remove {}", p.display()))?;
        }
    }
    Ok(())
}
