//! The catalogue: `subcategory` (reference), `product`, `offer`, `price_category`, `stock`.
//!
//! Offers are spread over venues by catalogue size (bookstores and chains publish the most)
//! and take their subcategory from the venue's profile. Books, records and films often point
//! to a shared product (a popular title is sold by many venues). Things have one stock
//! (sometimes a replaced, soft-deleted one); events have several dated sessions, often priced
//! through price categories. Extra data is the app's JSON (ISBN as text or number, music and
//! show types with stray spaces, the odd invalid JSON). Ids follow creation order. Orphans and
//! rare NULLs: unknown venue / product / subcategory, NULL subcategory, stocks of unknown
//! offers, NULL prices and labels.

mod extra;
mod stocks;

pub use extra::ean13;
use extra::{book_json, music_json, product_kind, show_json, title};

use std::ops::Range;

use polars::prelude::DataFrame;

use crate::partners::Partners;
use crate::reference::{ADJECTIVES, NOUNS, SUBCATEGORIES, SURNAMES, sub_index};
use crate::rng::{R, Weighted, zipf_weights};
use crate::table::{self, NULL, TableSpec, frame, permute, rows, sort_order, strs};
use crate::time::{DAY, HOUR, MIN, midnight, ymd};

/// Subcategory sentinel: NULL.
pub const SUB_NULL: u16 = u16::MAX;
/// Subcategory sentinel: a code absent from the reference table.
pub const SUB_UNKNOWN: u16 = u16::MAX - 1;

#[derive(Default)]
pub struct Catalogue {
    pub products: usize,
    pub p_kind: Vec<u8>,
    pub p_title: Vec<String>,
    pub p_description: Vec<Option<String>>,
    pub p_json: Vec<Option<String>>,
    pub p_ean: Vec<Option<String>>,

    pub offers: usize,
    pub o_created: Vec<i64>,
    pub o_updated: Vec<Option<i64>>,
    pub o_product: Vec<u32>,
    pub o_venue: Vec<u32>,
    pub o_provider: Vec<Option<u16>>,
    pub o_id_at_provider: Vec<Option<String>>,
    pub o_email: Vec<Option<String>>,
    pub o_active: Vec<Option<bool>>,
    pub o_name: Vec<Option<String>>,
    pub o_description: Vec<Option<String>>,
    pub o_url: Vec<Option<String>>,
    pub o_national: Vec<Option<bool>>,
    pub o_duo: Vec<Option<bool>>,
    pub o_extra: Vec<Option<String>>,
    pub o_ean: Vec<Option<String>>,
    pub o_validation: Vec<Option<&'static str>>,
    pub o_validation_type: Vec<Option<&'static str>>,
    pub o_sub: Vec<u16>,
    pub o_address: Vec<u32>,
    pub o_finalized: Vec<Option<i64>>,
    pub o_published: Vec<Option<i64>>,
    pub o_bookability: Vec<Option<i64>>,
    pub o_free: Vec<bool>,
    /// Stocks of offer `o`: `stock_list[stock_start[o]..stock_start[o + 1]]`.
    pub stock_start: Vec<u32>,
    pub stock_list: Vec<u32>,

    pub pc_offer: Vec<u32>,
    pub pc_price: Vec<Option<i64>>,
    pub pc_label: Vec<Option<&'static str>>,

    pub stocks: usize,
    pub s_offer: Vec<u32>,
    pub s_price: Vec<Option<i64>>,
    pub s_quantity: Vec<Option<i64>>,
    pub s_limit: Vec<Option<i64>>,
    pub s_begin: Vec<Option<i64>>,
    pub s_created: Vec<i64>,
    pub s_modified: Vec<Option<i64>>,
    pub s_deleted: Vec<bool>,
    pub s_pc: Vec<u32>,
    pub s_features: Vec<Option<&'static str>>,
    pub s_provider: Vec<Option<u16>>,
    /// What a booking pays per unit: `coalesce(stock price, category price)`.
    pub s_unit: Vec<Option<i64>>,
}

impl Catalogue {
    /// Stocks of offer `o` (final ids − 1).
    pub fn stocks_of(&self, o: usize) -> &[u32] {
        &self.stock_list[self.stock_start[o] as usize..self.stock_start[o + 1] as usize]
    }

    pub fn sub(&self, o: usize) -> Option<&'static crate::reference::Sub> {
        SUBCATEGORIES.get(self.o_sub[o] as usize)
    }
}

/// Generates products, offers, price categories and stocks over `partners`.
pub fn generate(seed: u64, products: usize, offers: usize, partners: &Partners, ds: i32) -> Catalogue {
    let mut r = R::stream(seed, "catalogue", 0);
    let cut = midnight(ds);
    let mut c = Catalogue { products, ..Default::default() };

    // --- products: mostly books, then records and films.
    for _ in 0..products {
        let kind = r.choose(&[(0u8, 75.0), (1, 17.0), (2, 8.0)]);
        c.p_kind.push(kind);
        let t = title(&mut r);
        let ean = ean13(
            &mut r,
            match kind {
                0 => "978",
                1 => "3",
                _ => "5",
            },
        );
        c.p_description.push(r.chance(0.7).then(|| format!("« {t} » : résumé de l'éditeur.")));
        c.p_json.push(r.chance(0.9).then(|| match kind {
            0 => book_json(&mut r, &ean),
            1 => music_json(&mut r),
            _ => format!("{{\"stageDirector\": \"{}\", \"genres\": [\"DRAMA\"]}}", r.pick(SURNAMES)),
        }));
        c.p_ean.push(r.chance(0.8).then_some(ean));
        c.p_title.push(t);
    }
    let product_pickers: Vec<Option<(Vec<u32>, Weighted)>> = (0..3u8)
        .map(|k| {
            let ids: Vec<u32> = (0..products as u32).filter(|p| c.p_kind[*p as usize] == k).collect();
            let w = Weighted::new(zipf_weights(&mut r, ids.len(), 0.9, 3.0))?;
            Some((ids, w))
        })
        .collect();

    // --- offers: venue by catalogue weight, subcategory by venue profile.
    let venue_pick = Weighted::new(partners.v_weight.iter().copied()).expect("some venue publishes");
    let activation = [sub_index("ACTIVATION_THING"), sub_index("ACTIVATION_EVENT")];
    let mut venue = Vec::with_capacity(offers);
    let mut sub = Vec::with_capacity(offers);
    let mut created = Vec::with_capacity(offers);
    for _ in 0..offers {
        let v = venue_pick.sample(&mut r);
        let prof = &crate::reference::PROFILES[partners.v_profile[v] as usize];
        let vc = partners.v_created[v];
        let (s, t) = if r.chance(0.002) {
            // Early activation offers (2019–2020) on digital venues.
            let lo = vc.max(midnight(ymd(2019, 2, 1)));
            (activation[r.index(2)], r.range(lo, midnight(ymd(2021, 1, 1)).max(lo + HOUR)))
        } else {
            let s = if r.chance(0.0002) {
                SUB_NULL
            } else if r.chance(0.0002) {
                SUB_UNKNOWN
            } else {
                sub_index(r.choose(prof.subs))
            };
            // More offers recently: density grows towards ds.
            let span = (cut - MIN - vc).max(HOUR) as f64;
            (s, vc + (span * r.unit().powf(0.7)) as i64)
        };
        venue.push(v as u32);
        sub.push(s);
        created.push(t.min(cut - MIN));
    }
    let (order, _) = sort_order(&created);
    permute(&mut venue, &order);
    permute(&mut sub, &order);
    permute(&mut created, &order);
    c.offers = offers;

    for o in 0..offers {
        let v = venue[o] as usize;
        let s = sub[o];
        let sc = SUBCATEGORIES.get(s as usize);
        let sid = sc.map_or("", |x| x.id);
        let t = created[o];
        let is_event = sc.is_some_and(|x| x.is_event);
        let online = sc.is_some_and(|x| x.online);
        let free = sc.is_some_and(|x| r.chance(x.free));
        c.o_free.push(free);
        c.o_venue.push(if r.chance(0.0002) { (partners.venues + 1000 + r.index(100)) as u32 } else { v as u32 });
        c.o_sub.push(s);

        // Product link and the offer's own name / EAN / extra data.
        let kind = product_kind(sid);
        let product = match kind {
            Some(k) if r.chance(0.65) => product_pickers[k as usize].as_ref().map(|(ids, w)| ids[w.sample(&mut r)]),
            _ => None,
        };
        c.o_product.push(match product {
            Some(p) if r.chance(0.001) => p + products as u32 + 10_000,
            Some(p) => p,
            None => NULL,
        });
        let name = match (product, sc) {
            (Some(p), _) => c.p_title[p as usize].clone(),
            (None, Some(x)) => match x.category {
                "CINEMA" | "FILM" | "LIVRE" => title(&mut r),
                "MUSIQUE_LIVE" => format!("{} en concert", r.pick(SURNAMES)),
                "SPECTACLE" => format!("{} - Compagnie {}", title(&mut r), r.pick(SURNAMES)),
                "MUSEE" => format!("Visite : la {} {}", r.pick(ADJECTIVES), r.pick(NOUNS)),
                "TECHNIQUE" => "Activation du pass".to_string(),
                _ if x.id.starts_with("ABO_") => format!("Abonnement {} mois", 1 + r.below(12)),
                _ => format!("Atelier {}", r.pick(NOUNS)),
            },
            (None, None) => title(&mut r),
        };
        c.o_name.push(r.chance(0.999).then_some(name));
        c.o_description.push(r.chance(0.5).then(|| "Une proposition à découvrir sur place ou en ligne.".to_string()));
        let (ean, extra) = match (kind, sc.map(|x| x.category)) {
            (Some(0), _) => {
                let e = ean13(&mut r, "978");
                let ean = match r.below(20) {
                    0..=9 => Some(e.clone()),
                    10 => Some(format!("{}-{}-{}-{}", &e[..3], &e[3..5], &e[5..12], &e[12..])),
                    11 => Some(format!("{} {} {}", &e[..3], &e[3..8], &e[8..])),
                    12 => Some(e[3..].to_string()),
                    _ => None,
                };
                (ean, (product.is_none() || r.chance(0.3)).then(|| book_json(&mut r, &e)))
            }
            (Some(1), _) => (r.chance(0.6).then(|| ean13(&mut r, "3")), r.chance(0.8).then(|| music_json(&mut r))),
            (_, Some("MUSIQUE_LIVE")) => (None, r.chance(0.85).then(|| music_json(&mut r))),
            (_, Some("SPECTACLE")) => (None, r.chance(0.85).then(|| show_json(&mut r))),
            (_, Some("CINEMA")) => (
                None,
                r.chance(0.6)
                    .then(|| format!("{{\"visa\": \"{}\", \"stageDirector\": \"{}\"}}", r.digits(6), r.pick(SURNAMES))),
            ),
            _ => (None, r.chance(0.3).then(|| "{}".to_string())),
        };
        let extra = if r.chance(0.0005) { Some("{\"isbn\": 978".to_string()) } else { extra };
        c.o_ean.push(ean);
        c.o_extra.push(extra);

        // Synchronised offers (books and cinema through providers).
        let provider = match sc.map(|x| x.category) {
            Some("LIVRE") if r.chance(0.45) => Some(1 + r.below(5) as u16),
            Some("CINEMA") if r.chance(0.5) => Some(6 + r.below(5) as u16),
            _ if r.chance(0.04) => Some(11 + r.below(10) as u16),
            _ => None,
        };
        c.o_id_at_provider.push(provider.map(|_| match (&c.o_ean[o], &partners.v_siret[v]) {
            (Some(e), Some(siret)) => format!("{e}@{siret}"),
            _ => format!("{}%{}", r.hex(10), v + 1),
        }));
        c.o_provider.push(provider);
        c.o_email.push(if r.chance(0.0005) {
            Some("jeux-concours@passculture.app".to_string())
        } else if r.chance(0.8) {
            partners.v_email[v].clone()
        } else {
            None
        });
        c.o_active.push(r.choose(&[(Some(true), 85.0), (Some(false), 14.5), (None, 0.5)]));
        c.o_url.push(online.then(|| {
            format!("https://www.{}.example/offre/{}", r.pick(&["culturo", "lectio", "streamo", "presso"]), r.hex(10))
        }));
        c.o_national.push(if online {
            Some(r.chance(0.9))
        } else {
            r.choose(&[(Some(false), 95.0), (Some(true), 4.0), (None, 1.0)])
        });
        c.o_duo.push(if r.chance(0.005) { None } else { Some(is_event && r.chance(0.55)) });
        let validation = r.choose(&[
            (Some("APPROVED"), 88.0),
            (Some("PENDING"), 3.0),
            (Some("REJECTED"), 4.0),
            (Some("DRAFT"), 4.9),
            (None, 0.1),
        ]);
        c.o_validation.push(validation);
        c.o_validation_type.push(r.choose(&[(Some("AUTO"), 65.0), (Some("MANUAL"), 30.0), (None, 5.0)]));
        let loc = partners.v_location[v];
        c.o_address.push(if loc != NULL && r.chance(0.9) { loc } else { NULL });
        let recent = t >= midnight(ymd(2024, 2, 1));
        let finalized = (validation != Some("DRAFT") && (recent || r.chance(0.2)))
            .then(|| (t + r.exp(5.0 * MIN as f64) as i64).min(cut - 1));
        c.o_finalized.push(finalized);
        let published = finalized.map(|f| if r.chance(0.005) { cut + r.range(HOUR, 30 * DAY) } else { f });
        c.o_published.push(published);
        c.o_bookability
            .push(published.filter(|_| r.chance(0.02)).map(|p| p.max(cut - 10 * DAY) + r.range(DAY, 60 * DAY)));
        c.o_updated.push(r.chance(0.6).then(|| (t + r.exp(60.0 * DAY as f64) as i64).min(cut - 1)));
    }
    c.o_created = created;

    stocks::stocks(&mut c, &mut r, cut);
    c
}

impl Catalogue {
    /// Sets limited stock quantities from the bookings (`booked[s]` = non-cancelled units):
    /// what was booked plus what is left, a few stocks fully booked.
    pub fn settle_quantities(&mut self, seed: u64, booked: &[i64]) {
        let mut r = R::stream(seed, "stock-quantity", 0);
        for (q, &b) in self.s_quantity.iter_mut().zip(booked) {
            if let Some(initial) = q {
                let left = if r.chance(0.1) { 0 } else { r.range(0, *initial + 1) };
                *q = Some(b + left);
            }
        }
    }

    /// The five tables of this group.
    pub fn tables(&self) -> Vec<TableSpec<'_>> {
        vec![
            TableSpec::new("subcategory", SUBCATEGORIES.len(), |r| {
                let s = &SUBCATEGORIES[r];
                frame(vec![
                    table::text("id", s.iter().map(|x| Some(x.id))),
                    table::text("category_id", s.iter().map(|x| Some(x.category))),
                    table::boolean("is_event", s.iter().map(|x| Some(x.is_event))),
                    table::boolean("is_physical_deposit", s.iter().map(|x| Some(x.physical))),
                    table::boolean("is_digital_deposit", s.iter().map(|x| Some(x.digital))),
                    table::text("search_group_name", s.iter().map(|x| x.search_group)),
                ])
            }),
            TableSpec::new("product", self.products, move |r| {
                frame(vec![
                    table::id("id", r.clone().map(|i| i as u32)),
                    table::text("description", self.p_description[r.clone()].iter().map(Option::as_deref)),
                    table::text("jsondata", self.p_json[r.clone()].iter().map(Option::as_deref)),
                    table::text("ean", self.p_ean[r].iter().map(Option::as_deref)),
                ])
            }),
            TableSpec::new("offer", self.offers, move |r| self.offer(r)),
            TableSpec::new("price_category", self.pc_offer.len(), move |r| {
                frame(vec![
                    table::id("price_category_id", r.clone().map(|i| i as u32)),
                    table::id("offer_id", rows(&self.pc_offer, &r)),
                    table::money("price", rows(&self.pc_price, &r)),
                    table::text("price_category_label", rows(&self.pc_label, &r)),
                ])
            }),
            TableSpec::new("stock", self.stocks, move |r| self.stock(r)),
        ]
    }

    fn offer(&self, r: Range<usize>) -> DataFrame {
        let provider = |v: &[Option<u16>]| v[r.clone()].iter().map(|p| p.map(|p| p.to_string())).collect::<Vec<_>>();
        frame(vec![
            table::id("offer_id", r.clone().map(|i| i as u32)),
            table::datetime("offer_creation_date", self.o_created[r.clone()].iter().map(|v| Some(*v))),
            table::datetime("offer_updated_date", rows(&self.o_updated, &r)),
            table::id("offer_product_id", rows(&self.o_product, &r)),
            table::id("venue_id", rows(&self.o_venue, &r)),
            table::text("offer_last_provider_id", provider(&self.o_provider).into_iter()),
            table::text("offer_id_at_providers", strs(&self.o_id_at_provider, &r)),
            table::text("booking_email", strs(&self.o_email, &r)),
            table::boolean("offer_is_active", rows(&self.o_active, &r)),
            table::text("offer_name", strs(&self.o_name, &r)),
            table::text("offer_description", strs(&self.o_description, &r)),
            table::text("offer_url", strs(&self.o_url, &r)),
            table::boolean("offer_is_national", rows(&self.o_national, &r)),
            table::boolean("offer_is_duo", rows(&self.o_duo, &r)),
            table::text("offer_extra_data", strs(&self.o_extra, &r)),
            table::text("offer_ean", strs(&self.o_ean, &r)),
            table::text("offer_validation", rows(&self.o_validation, &r)),
            table::text("offer_last_validation_type", rows(&self.o_validation_type, &r)),
            table::text(
                "offer_subcategoryid",
                rows(&self.o_sub, &r).map(|s| match s {
                    SUB_NULL => None,
                    SUB_UNKNOWN => Some("CARTE_MUSEE_OLD"),
                    s => Some(SUBCATEGORIES[s as usize].id),
                }),
            ),
            table::id("offerer_address_id", rows(&self.o_address, &r)),
            table::datetime("offer_finalization_date", rows(&self.o_finalized, &r)),
            table::datetime("offer_publication_date", rows(&self.o_published, &r)),
            table::datetime("scheduled_offer_bookability_date", rows(&self.o_bookability, &r)),
        ])
    }

    fn stock(&self, r: Range<usize>) -> DataFrame {
        frame(vec![
            table::id("stock_id", r.clone().map(|i| i as u32)),
            table::id("offer_id", rows(&self.s_offer, &r)),
            table::money("stock_price", rows(&self.s_price, &r)),
            table::int("stock_quantity", rows(&self.s_quantity, &r)),
            table::datetime("stock_booking_limit_date", rows(&self.s_limit, &r)),
            table::datetime("stock_beginning_date", rows(&self.s_begin, &r)),
            table::datetime("stock_creation_date", self.s_created[r.clone()].iter().map(|v| Some(*v))),
            table::datetime("stock_modified_date", rows(&self.s_modified, &r)),
            table::boolean("stock_is_soft_deleted", self.s_deleted[r.clone()].iter().map(|v| Some(*v))),
            table::id("price_category_id", rows(&self.s_pc, &r)),
            table::text("stock_features", rows(&self.s_features, &r)),
            table::text("stock_last_provider_id", self.s_provider[r].iter().map(|p| p.map(|p| p.to_string()))),
        ])
    }
}
