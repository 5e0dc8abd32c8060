//! Stocks and price categories: one stock per thing (sometimes a replaced, soft-deleted one),
//! dated sessions for events (evening hours, booking limits, seats), prices from the
//! subcategory's range, price categories for recent events.

use super::Catalogue;
use crate::rng::R;
use crate::table::{NULL, permute, sort_order};
use crate::time::{DAY, HOUR, MIN, midnight, paris_to_utc, ymd};

const CATEGORY_LABELS: &[&str] =
    &["Plein tarif", "Tarif réduit", "Catégorie 1", "Catégorie 2", "Fosse", "Balcon", "Carré or"];
const FEATURES: &[&str] = &["VF", "VO", "VF,3D", "VO,IMAX", "VF,IMAX", "3D", "VO,3D"];

/// A price in cents in `range`, rounded as shops do.
fn price(r: &mut R, range: (i64, i64)) -> i64 {
    let raw = r.range(range.0, range.1 + 1);
    let p = raw / 10 * 10;
    if p > 500 && r.chance(0.3) { p / 100 * 100 - 10 } else { p.max(100) }
}

pub(super) fn stocks(c: &mut Catalogue, r: &mut R, cut: i64) {
    let mut s_offer: Vec<u32> = Vec::with_capacity(c.offers * 2);
    let mut s_created: Vec<i64> = Vec::with_capacity(c.offers * 2);
    let mut tmp = Catalogue::default();
    for o in 0..c.offers {
        let sc = c.sub(o);
        let t = c.o_created[o];
        let is_event = sc.is_some_and(|x| x.is_event);
        let base = match sc {
            Some(x) if !c.o_free[o] => price(r, x.price),
            _ => 0,
        };
        let n = if r.chance(0.02) || (c.o_validation[o] == Some("DRAFT") && r.chance(0.5)) {
            0
        } else if is_event {
            (1 + r.exp(3.0) as usize).min(40)
        } else {
            r.choose(&[(1usize, 90.0), (2, 8.0), (3, 2.0)])
        };
        // Price categories of events created since mid-2023.
        let mut cats: Vec<u32> = Vec::new();
        if is_event && t >= midnight(ymd(2023, 6, 1)) && r.chance(0.7) {
            let k = r.choose(&[(1usize, 60.0), (2, 30.0), (3, 10.0)]);
            for j in 0..k {
                cats.push(c.pc_offer.len() as u32);
                c.pc_offer.push(o as u32);
                let label =
                    if k == 1 { "Tarif unique" } else { CATEGORY_LABELS[(j + r.index(5)) % CATEGORY_LABELS.len()] };
                c.pc_label.push(r.chance(0.99).then_some(label));
                let p = if base == 0 { 0 } else { (base * (100 - 20 * j as i64) / 100 / 10 * 10).max(100) };
                c.pc_price.push(r.chance(0.99).then_some(p));
            }
        }
        let cinema = sc.is_some_and(|x| x.id == "SEANCE_CINE");
        let mut session = t + DAY + r.exp(20.0 * DAY as f64) as i64;
        for k in 0..n {
            let (begin, limit, created) = if is_event {
                // A session at an evening (or, for cinema, daytime) hour, Paris time.
                let day = crate::time::day_of(session);
                let hour = if cinema { 10 + r.below(13) as i64 } else { r.pick(&[18, 19, 20, 20, 21]) };
                let paris = midnight(day) + hour * HOUR + r.pick(&[0, 15, 30, 45]) * MIN;
                session += r.range(DAY / 2, 4 * DAY);
                let limit = match r.below(10) {
                    0..=2 => Some(paris),
                    3..=4 => Some(paris - HOUR),
                    5 => Some(paris - 2 * DAY),
                    _ => None,
                };
                let created = (t + r.exp(2.0 * DAY as f64) as i64).min(paris - 2 * HOUR).max(t);
                (Some(paris_to_utc(paris)), limit, created)
            } else {
                let created = if k == 0 { t + r.range(0, 10 * MIN) } else { t + r.exp(120.0 * DAY as f64) as i64 };
                let limit = r.chance(0.08).then(|| created + r.range(30 * DAY, 365 * DAY));
                (None, limit, created)
            };
            tmp.s_begin.push(begin);
            tmp.s_limit.push(limit);
            s_created.push(created.min(cut - MIN));
            let orphan = r.chance(0.0002);
            s_offer.push(if orphan { (c.offers + 500 + r.index(100)) as u32 } else { o as u32 });
            let cat = if cats.is_empty() || orphan { NULL } else { r.pick(&cats) };
            let cat_price = if cat == NULL { None } else { c.pc_price[cat as usize] };
            let stock_price = if cat == NULL {
                Some(if base == 0 || !is_event { base } else { (base + r.range(-200, 300)).max(100) / 10 * 10 })
            } else if r.chance(0.35) {
                None
            } else {
                Some(cat_price.unwrap_or(base))
            };
            tmp.s_price.push(stock_price);
            tmp.s_unit.push(stock_price.or(cat_price));
            tmp.s_pc.push(cat);
            let online = c.o_url[o].is_some();
            tmp.s_quantity.push(if is_event {
                r.chance(0.85).then(|| r.range(20, 500))
            } else if online || r.chance(0.55) {
                None
            } else {
                Some(r.range(1, 50))
            });
            tmp.s_deleted.push(if !is_event && k + 1 < n { r.chance(0.7) } else { r.chance(0.02) });
            tmp.s_modified.push(r.chance(0.5).then(|| (created + r.exp(30.0 * DAY as f64) as i64).min(cut - 1)));
            tmp.s_features.push((cinema && r.chance(0.7)).then(|| r.pick(FEATURES)));
            tmp.s_provider.push(c.o_provider[o].filter(|_| r.chance(0.9)));
        }
    }
    let (order, _) = sort_order(&s_created);
    permute(&mut s_offer, &order);
    permute(&mut s_created, &order);
    permute(&mut tmp.s_begin, &order);
    permute(&mut tmp.s_limit, &order);
    permute(&mut tmp.s_price, &order);
    permute(&mut tmp.s_unit, &order);
    permute(&mut tmp.s_pc, &order);
    permute(&mut tmp.s_quantity, &order);
    permute(&mut tmp.s_deleted, &order);
    permute(&mut tmp.s_modified, &order);
    permute(&mut tmp.s_features, &order);
    permute(&mut tmp.s_provider, &order);
    c.stocks = s_offer.len();
    // Offer → stocks index (orphan stocks belong to no offer).
    let mut start = vec![0u32; c.offers + 1];
    for &o in &s_offer {
        if (o as usize) < c.offers {
            start[o as usize + 1] += 1;
        }
    }
    for i in 0..c.offers {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut list = vec![0u32; start[c.offers] as usize];
    for (s, &o) in s_offer.iter().enumerate() {
        if (o as usize) < c.offers {
            list[fill[o as usize] as usize] = s as u32;
            fill[o as usize] += 1;
        }
    }
    c.stock_start = start;
    c.stock_list = list;
    c.s_offer = s_offer;
    c.s_created = s_created;
    c.s_begin = tmp.s_begin;
    c.s_limit = tmp.s_limit;
    c.s_price = tmp.s_price;
    c.s_unit = tmp.s_unit;
    c.s_pc = tmp.s_pc;
    c.s_quantity = tmp.s_quantity;
    c.s_deleted = tmp.s_deleted;
    c.s_modified = tmp.s_modified;
    c.s_features = tmp.s_features;
    c.s_provider = tmp.s_provider;
}
