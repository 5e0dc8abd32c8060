//! Cultural partners: `offerer`, `venue`, `venue_label`, `offerer_address`, `offerer_tag`.
//!
//! Offerers are mostly `VALIDATED` and active (the rest `NEW`, `PENDING`, `REJECTED`,
//! `CLOSED`, a few with NULL flags); SIRENs are sometimes NULL or shared. Venues per
//! offerer follow a power law (most have one, a few chains have hundreds); older offerers
//! also have a "virtual" `DIGITAL` venue without address, as the app used to create. Each
//! physical venue has one `VENUE_LOCATION` address (a few two, a few none), some have
//! `OFFER_LOCATION` addresses too. Ids follow creation order. Orphans: venues of unknown
//! offerers, unknown label ids, tags of unknown offerers.

use std::ops::Range;

use polars::prelude::DataFrame;

use crate::reference::{DEPTS, OFFERER_TAGS, PROFILES, Profile, SEED_DEPTS, SURNAMES, VENUE_LABELS, digital_profile};
use crate::rng::{R, Weighted, zipf_weights};
use crate::table::{self, NULL, TableSpec, frame, permute, rows, sort_order, strs};
use crate::time::{DAY, HOUR, MIN, midnight, ymd};

/// Offerers, venues and their addresses, indexed by id − 1.
#[derive(Default)]
pub struct Partners {
    pub offerers: usize,
    pub of_created: Vec<i64>,
    pub of_name: Vec<String>,
    pub of_siren: Vec<Option<String>>,
    pub of_active: Vec<Option<bool>>,
    pub of_status: Vec<Option<&'static str>>,
    pub of_validated: Vec<Option<i64>>,

    pub venues: usize,
    pub v_offerer: Vec<u32>,
    pub v_profile: Vec<u8>,
    pub v_created: Vec<i64>,
    pub v_name: Vec<String>,
    pub v_public_name: Vec<Option<String>>,
    pub v_siret: Vec<Option<String>>,
    pub v_email: Vec<Option<String>>,
    pub v_type: Vec<Option<&'static str>>,
    pub v_activity: Vec<Option<&'static str>>,
    pub v_label: Vec<u32>,
    pub v_permanent: Vec<Option<bool>>,
    pub v_open: Vec<Option<bool>>,
    pub v_deleted: Vec<bool>,
    pub v_state: Vec<Option<&'static str>>,
    pub v_banner: Vec<Option<String>>,
    pub v_description: Vec<Option<String>>,
    pub v_withdrawal: Vec<Option<String>>,
    pub v_volunteering: Vec<Option<String>>,
    pub v_dept: Vec<u8>,
    /// Relative size of the venue's catalogue (0 for venues that never publish).
    pub v_weight: Vec<f64>,
    /// The venue's (last) `VENUE_LOCATION` address, [`NULL`] when it has none.
    pub v_location: Vec<u32>,

    pub a_venue: Vec<u32>,
    pub a_type: Vec<Option<&'static str>>,
    pub a_street: Vec<Option<String>>,
    pub a_postal: Vec<Option<String>>,
    pub a_dept: Vec<Option<&'static str>>,
    pub a_lat: Vec<Option<f64>>,
    pub a_lon: Vec<Option<f64>>,

    pub tags: Vec<(u32, &'static str)>,
}

const STREETS: &[&str] = &[
    "rue de la République",
    "avenue Victor Hugo",
    "rue Jean Jaurès",
    "boulevard du Général de Gaulle",
    "place des Arts",
    "rue de la Gare",
    "rue Pasteur",
    "place du Marché",
    "quai Saint-Michel",
    "allée de la Liberté",
    "rue Garibaldi",
    "cours Lafayette",
];

fn slug(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'é' | 'è' | 'ê' | 'É' => Some('e'),
            'à' | 'â' => Some('a'),
            'ô' => Some('o'),
            'î' | 'ï' => Some('i'),
            'ç' => Some('c'),
            ' ' | '-' | '\'' => Some('-'),
            _ => None,
        })
        .collect()
}

fn profile_weights() -> Vec<f64> {
    PROFILES.iter().map(|p| p.share).collect()
}

/// Where people and venues are: population weights, departments absent from the (trimmed)
/// seed damped so that about one address in six falls outside it (`-1` / `non localisé`).
pub fn dept_weights() -> Vec<f64> {
    DEPTS.iter().enumerate().map(|(i, d)| if i < SEED_DEPTS { d.weight } else { 0.3 * d.weight }).collect()
}

/// Generates the partners of a world of `offerers` offerers and about `venues` venues.
pub fn generate(seed: u64, offerers: usize, venues: usize, ds: i32) -> Partners {
    let mut r = R::stream(seed, "partners", 0);
    let mut p = Partners { offerers, ..Default::default() };
    let cut = midnight(ds);

    // --- offerers, in creation order
    let mut created: Vec<i64> = (0..offerers)
        .map(|_| {
            let (lo, hi) = if r.chance(0.6) {
                (midnight(ymd(2018, 10, 1)), midnight(ymd(2022, 12, 31)))
            } else {
                (midnight(ymd(2023, 1, 1)), cut)
            };
            r.range(lo, hi.min(cut - HOUR).max(lo + HOUR))
        })
        .collect();
    created.sort_unstable();
    let pw = profile_weights();
    let main_profile: Vec<u8> = (0..offerers).map(|_| r.weighted(&pw) as u8).collect();
    for (i, &c) in created.iter().enumerate() {
        let prof: &Profile = &PROFILES[main_profile[i] as usize];
        let name = match r.below(4) {
            0 => format!("{} {}", r.pick(prof.names), r.pick(SURNAMES)),
            1 => format!("SARL {} {}", r.pick(prof.names).to_uppercase(), r.pick(SURNAMES).to_uppercase()),
            2 => format!("Association {} de {}", r.pick(prof.names), r.pick_ref(DEPTS).city),
            _ => format!("{} {} et associés", r.pick(prof.names), r.pick(SURNAMES)),
        };
        p.of_name.push(name);
        let siren = if r.chance(0.02) {
            None
        } else if i > 0 && r.chance(0.01) {
            p.of_siren[r.index(i)].clone()
        } else {
            Some(format!("{}{}", 1 + r.below(9), r.digits(8)))
        };
        p.of_siren.push(siren);
        let status = r.choose(&[
            (Some("VALIDATED"), 86.0),
            (Some("NEW"), 3.0),
            (Some("PENDING"), 5.0),
            (Some("REJECTED"), 3.0),
            (Some("CLOSED"), 2.8),
            (None, 0.2),
        ]);
        let active = match status {
            Some("CLOSED") | Some("REJECTED") => Some(r.chance(0.1)),
            _ => r.choose(&[(Some(true), 93.0), (Some(false), 6.0), (None, 1.0)]),
        };
        p.of_status.push(status);
        p.of_active.push(active);
        let validated = (status == Some("VALIDATED") && r.chance(0.98))
            .then(|| (c + r.exp(10.0 * DAY as f64) as i64).min(cut - MIN));
        p.of_validated.push(validated);
    }
    p.of_created = created;

    // --- venues: virtual venues of older offerers, one main venue each (a few have none),
    // the rest spread over offerers by a power law.
    let digital = digital_profile();
    // (offerer, kind): 0 = virtual, 1 = main venue, 2 = further venue.
    let mut owner: Vec<(u32, u8)> = Vec::with_capacity(venues);
    for (i, c) in p.of_created.iter().enumerate() {
        if *c < midnight(ymd(2023, 1, 1)) && r.chance(0.2) && owner.len() < venues / 4 {
            owner.push((i as u32, 0));
        }
    }
    for i in 0..offerers {
        if owner.len() < venues && r.chance(0.96) {
            owner.push((i as u32, 1));
        }
    }
    if owner.len() < venues {
        let w = Weighted::new(zipf_weights(&mut r, offerers, 1.1, 1.0)).expect("offerers");
        while owner.len() < venues {
            owner.push((w.sample(&mut r) as u32, 2));
        }
    }
    let n = owner.len();
    let dw = Weighted::new(dept_weights()).expect("departments");
    let mut v_created = Vec::with_capacity(n);
    for &(o, kind) in &owner {
        let oc = p.of_created[o as usize];
        let c = match kind {
            0 => oc + 5 * MIN,
            1 => oc + r.exp(40.0 * DAY as f64) as i64,
            _ => oc + r.exp(300.0 * DAY as f64) as i64,
        };
        v_created.push(c.min(cut - MIN));
    }
    let (order, _) = sort_order(&v_created);
    permute(&mut owner, &order);
    permute(&mut v_created, &order);
    p.venues = n;
    p.v_created = v_created;
    let n_labels = VENUE_LABELS.len() as u32;
    for &(o, kind) in &owner {
        let virt = kind == 0;
        let orphan = r.chance(0.002);
        p.v_offerer.push(if orphan { (offerers + 100 + r.index(50)) as u32 } else { o });
        let prof = if virt {
            digital
        } else if r.chance(0.8) {
            main_profile[o as usize] as usize
        } else {
            r.weighted(&pw)
        };
        p.v_profile.push(prof as u8);
        let pr = &PROFILES[prof];
        let dept = dw.sample(&mut r);
        p.v_dept.push(dept as u8);
        let physical = prof != digital;
        let name = if virt {
            "Offre numérique".to_string()
        } else if r.chance(0.5) {
            format!("{} {}", r.pick(pr.names), r.pick(SURNAMES))
        } else {
            format!("{} de {}", r.pick(pr.names), DEPTS[dept].city)
        };
        p.v_public_name.push((!virt && r.chance(0.55)).then(|| match r.below(3) {
            0 => name.clone(),
            1 => format!("{name} - Espace jeunes"),
            _ => format!("Le {} de {}", r.pick(pr.names).to_lowercase(), r.pick(SURNAMES)),
        }));
        p.v_email.push((r.chance(0.75)).then(|| format!("contact@{}.fr", slug(&name))));
        p.v_name.push(name);
        let siren = p.of_siren.get(o as usize).cloned().flatten();
        p.v_siret.push(match siren {
            Some(s) if physical && r.chance(0.97) => Some(format!("{s}{}", r.digits(5))),
            _ => None,
        });
        p.v_type.push(r.choose(&[(Some(pr.type_code), 99.2), (Some("FOOD_TRUCK"), 0.3), (None, 0.5)]));
        p.v_activity.push(if r.chance(0.7) {
            Some(r.pick(pr.activities))
        } else if r.chance(0.01) {
            Some("ESPORT_ARENA")
        } else {
            None
        });
        p.v_label.push(if physical && r.chance(0.08) {
            if r.chance(0.03) { n_labels + 50 } else { r.below(u64::from(n_labels)) as u32 }
        } else {
            NULL
        });
        let permanent =
            if physical { r.choose(&[(Some(true), 75.0), (Some(false), 20.0), (None, 5.0)]) } else { Some(false) };
        p.v_permanent.push(permanent);
        p.v_open.push(if physical {
            r.choose(&[(Some(true), 65.0), (Some(false), 30.0), (None, 5.0)])
        } else {
            r.choose(&[(Some(false), 95.0), (None, 5.0)])
        });
        p.v_deleted.push(r.chance(0.025));
        p.v_state.push(r.choose(&[(Some("ACTIVE"), 40.0), (None, 57.0), (Some("CLOSED"), 3.0)]));
        p.v_banner
            .push((physical && r.chance(0.25)).then(|| format!("https://img.passculture.app/venue/{}.jpg", r.hex(12))));
        p.v_description.push(r.chance(0.35).then(|| {
            format!("{} : {} et rencontres toute l'année.", p.v_name.last().expect("name"), pr.names[0].to_lowercase())
        }));
        p.v_withdrawal
            .push((physical && r.chance(0.2)).then(|| "Retrait sur place, pièce d'identité demandée".to_string()));
        p.v_volunteering.push(r.chance(0.03).then(|| format!("https://benevolat.example/{}", r.hex(8))));
        let weight = if virt && r.chance(0.85) { 0.0 } else { pr.offers * r.lognormal(1.1) };
        p.v_weight.push(weight);
    }

    // --- addresses: VENUE_LOCATION rows of physical venues (a few have two, the newer
    // with the greater id), OFFER_LOCATION rows, a few rows without venue.
    p.v_location = vec![NULL; n];
    for v in 0..n {
        let physical = p.v_profile[v] as usize != digital;
        let d = &DEPTS[p.v_dept[v] as usize];
        if physical && !r.chance(0.01) {
            let rows = if r.chance(0.04) { 2 } else { 1 };
            for _ in 0..rows {
                p.v_location[v] = p.a_venue.len() as u32;
                push_address(&mut p, &mut r, Some(v as u32), Some("VENUE_LOCATION"), d);
            }
        }
        if r.chance(0.06) {
            let other = &DEPTS[dw.sample(&mut r)];
            push_address(&mut p, &mut r, Some(v as u32), Some("OFFER_LOCATION"), other);
        }
        if r.chance(0.003) {
            push_address(&mut p, &mut r, None, None, d);
        }
    }

    // --- tags (unique per offerer), a few on unknown offerers.
    for o in 0..offerers {
        let prof = PROFILES[main_profile[o] as usize].type_code;
        let public = matches!(prof, "LIBRARY" | "ADMINISTRATIVE");
        let mut mine: Vec<&'static str> = Vec::new();
        if public && r.chance(0.35) {
            mine.push("part-epn");
        }
        if public && r.chance(0.5) {
            mine.push("collectivite");
        }
        if r.chance(0.1) {
            let t = r.pick(OFFERER_TAGS);
            if !mine.contains(&t) {
                mine.push(t);
            }
        }
        p.tags.extend(mine.into_iter().map(|t| (o as u32, t)));
    }
    let orphans = (p.tags.len() / 300).max(1);
    for k in 0..orphans {
        p.tags.push(((offerers + 100 + k) as u32, "part-epn"));
    }
    p
}

fn push_address(
    p: &mut Partners,
    r: &mut R,
    venue: Option<u32>,
    kind: Option<&'static str>,
    d: &'static crate::reference::Dept,
) {
    p.a_venue.push(venue.unwrap_or(NULL));
    p.a_type.push(kind);
    p.a_street.push(r.chance(0.98).then(|| format!("{} {}", 1 + r.below(120), r.pick(STREETS))));
    let located = r.chance(0.99);
    p.a_postal.push(located.then(|| crate::reference::postal_code(r, d)));
    p.a_dept.push(if !located {
        None
    } else if d.code == "978" {
        // Saint-Martin addresses carry Guadeloupe's code; 97150 decides (C-31).
        Some("971")
    } else {
        Some(d.code)
    });
    let coords = located && r.chance(0.98);
    p.a_lat.push(coords.then(|| ((d.lat + 0.12 * r.normal()) * 1e4).round() / 1e4));
    p.a_lon.push(coords.then(|| ((d.lon + 0.12 * r.normal()) * 1e4).round() / 1e4));
}

impl Partners {
    /// The five tables of this group.
    pub fn tables(&self) -> Vec<TableSpec<'_>> {
        vec![
            TableSpec::new("offerer", self.offerers, move |r| self.offerer(r)),
            TableSpec::new("venue", self.venues, move |r| self.venue(r)),
            TableSpec::new("venue_label", VENUE_LABELS.len(), |r| {
                frame(vec![
                    table::id("venue_label_id", r.clone().map(|i| i as u32)),
                    table::text("venue_label", r.map(|i| VENUE_LABELS[i])),
                ])
            }),
            TableSpec::new("offerer_address", self.a_venue.len(), move |r| self.address(r)),
            TableSpec::new("offerer_tag", self.tags.len(), move |r| {
                frame(vec![
                    table::id("offerer_id", self.tags[r.clone()].iter().map(|t| t.0)),
                    table::text("tag_name", self.tags[r].iter().map(|t| Some(t.1))),
                ])
            }),
        ]
    }

    fn offerer(&self, r: Range<usize>) -> DataFrame {
        frame(vec![
            table::id("offerer_id", r.clone().map(|i| i as u32)),
            table::text("offerer_name", self.of_name[r.clone()].iter().map(Some)),
            table::text("offerer_siren", self.of_siren[r.clone()].iter().map(Option::as_deref)),
            table::boolean("offerer_is_active", rows(&self.of_active, &r)),
            table::text("offerer_validation_status", rows(&self.of_status, &r)),
            table::datetime("offerer_creation_date", self.of_created[r.clone()].iter().map(|v| Some(*v))),
            table::datetime("offerer_validation_date", rows(&self.of_validated, &r)),
        ])
    }

    fn venue(&self, r: Range<usize>) -> DataFrame {
        frame(vec![
            table::id("venue_id", r.clone().map(|i| i as u32)),
            table::text("venue_name", self.v_name[r.clone()].iter().map(Some)),
            table::text("venue_public_name", strs(&self.v_public_name, &r)),
            table::text("venue_siret", strs(&self.v_siret, &r)),
            table::id("venue_managing_offerer_id", rows(&self.v_offerer, &r)),
            table::text("venue_booking_email", strs(&self.v_email, &r)),
            table::text("venue_type_code", rows(&self.v_type, &r)),
            table::text("venue_activity", rows(&self.v_activity, &r)),
            table::id("venue_label_id", rows(&self.v_label, &r)),
            table::datetime("venue_creation_date", self.v_created[r.clone()].iter().map(|v| Some(*v))),
            table::boolean("venue_is_permanent", rows(&self.v_permanent, &r)),
            table::boolean("venue_is_open_to_public", rows(&self.v_open, &r)),
            table::boolean("venue_is_soft_deleted", self.v_deleted[r.clone()].iter().map(|v| Some(*v))),
            table::text("venue_state", rows(&self.v_state, &r)),
            table::text("banner_url", strs(&self.v_banner, &r)),
            table::text("venue_description", strs(&self.v_description, &r)),
            table::text("venue_withdrawal_details", strs(&self.v_withdrawal, &r)),
            table::text("venue_volunteering_url", strs(&self.v_volunteering, &r)),
        ])
    }

    fn address(&self, r: Range<usize>) -> DataFrame {
        frame(vec![
            table::id("offerer_address_id", r.clone().map(|i| i as u32)),
            table::id("venue_id", rows(&self.a_venue, &r)),
            table::text("offerer_address_type", rows(&self.a_type, &r)),
            table::text("address_street", self.a_street[r.clone()].iter().map(Option::as_deref)),
            table::text("address_postal_code", self.a_postal[r.clone()].iter().map(Option::as_deref)),
            table::text("address_department_code", rows(&self.a_dept, &r)),
            table::float("address_latitude", rows(&self.a_lat, &r)),
            table::float("address_longitude", rows(&self.a_lon, &r)),
        ])
    }
}
