//! What beneficiaries do with their credit: `booking` and `favorite`.
//!
//! Each deposit books a Poisson number of times (more for larger grants, less for recent
//! ones; some never book), always inside its validity window and within its remaining
//! credit (cancelled bookings give the credit back). Offers are drawn Zipf-like, so a few
//! popular offers concentrate the bookings; `GRANT_FREE` deposits book free offers only,
//! underage grants no video games. About 15 % of bookings are cancelled (with a reason),
//! duo offers give quantity-2 bookings, free offers amount-0 bookings. Statuses are
//! consistent: used dates only for `USED` / `REIMBURSED` / `PENDING_REIMBURSEMENT`,
//! reimbursement dates (UTC wall-clock) only for `REIMBURSED`, cancellation date and reason
//! only for `CANCELLED`, events used at their start, future events `CONFIRMED`.
//!
//! Rare NULLs and orphans: NULL and unknown deposit ids, unknown stock ids, NULL quantity,
//! amount or status, carried offerer/venue ids that disagree with the stock's. Generation is
//! split into fixed chunks of deposits, each with its own random stream, so it runs in
//! parallel and stays deterministic.

use std::ops::Range;

use polars::prelude::DataFrame;
use rayon::prelude::*;

use crate::catalogue::Catalogue;
use crate::partners::Partners;
use crate::reference::UNDERAGE_EXCLUDED;
use crate::rng::{R, Weighted, zipf_weights};
use crate::table::{self, NULL, TableSpec, frame, permute, rows, sort_order};
use crate::time::{DAY, HOUR, MIN, age, day_of, midnight, paris_to_utc, utc_to_paris};
use crate::users::{Grant, Users};

/// NULL in `i64` columns.
pub const NONE: i64 = i64::MIN;

fn opt(v: i64) -> Option<i64> {
    (v != NONE).then_some(v)
}

pub const STATUSES: [Option<&str>; 6] =
    [None, Some("CONFIRMED"), Some("USED"), Some("CANCELLED"), Some("REIMBURSED"), Some("PENDING_REIMBURSEMENT")];
const CONFIRMED: u8 = 1;
const USED: u8 = 2;
const CANCELLED: u8 = 3;
const REIMBURSED: u8 = 4;
const PENDING: u8 = 5;

/// Cancellation reasons (0 = NULL).
pub const REASONS: [(Option<&str>, f64); 14] = [
    (None, 1.0),
    (Some("BENEFICIARY"), 52.0),
    (Some("EXPIRED"), 24.0),
    (Some("OFFERER"), 12.0),
    (Some("FRAUD"), 1.5),
    (Some("FRAUD_SUSPICION"), 1.0),
    (Some("FRAUD_INAPPROPRIATE"), 0.3),
    (Some("BACKOFFICE"), 1.0),
    (Some("BACKOFFICE_EVENT_CANCELLED"), 1.5),
    (Some("BACKOFFICE_OFFER_MODIFIED"), 0.5),
    (Some("OFFERER_CONNECT_AS"), 0.5),
    (Some("OFFERER_CLOSED"), 1.0),
    (Some("FINANCE_INCIDENT"), 0.3),
    (Some("REFUSED_BY_INSTITUTE"), 0.1),
];
const RECREDIT_TYPES: [Option<&str>; 4] = [None, Some("RECREDIT_16"), Some("RECREDIT_17"), Some("RECREDIT_18")];

/// Bookings and favourites, indexed by id − 1.
#[derive(Default)]
pub struct Activity {
    pub bookings: usize,
    pub b_created: Vec<i64>,
    pub b_stock: Vec<u32>,
    pub b_user: Vec<u32>,
    pub b_deposit: Vec<u32>,
    pub b_qty: Vec<i64>,
    pub b_amount: Vec<i64>,
    pub b_status: Vec<u8>,
    pub b_used: Vec<i64>,
    pub b_cancelled: Vec<i64>,
    pub b_reason: Vec<u8>,
    pub b_offerer: Vec<u32>,
    pub b_venue: Vec<u32>,
    pub b_label: Vec<u32>,
    pub b_reimbursed: Vec<i64>,
    pub b_recredit: Vec<u8>,

    pub f_user: Vec<u32>,
    pub f_offer: Vec<u32>,
    pub f_date: Vec<i64>,
}

impl Activity {
    fn append(&mut self, mut o: Activity) {
        self.b_created.append(&mut o.b_created);
        self.b_stock.append(&mut o.b_stock);
        self.b_user.append(&mut o.b_user);
        self.b_deposit.append(&mut o.b_deposit);
        self.b_qty.append(&mut o.b_qty);
        self.b_amount.append(&mut o.b_amount);
        self.b_status.append(&mut o.b_status);
        self.b_used.append(&mut o.b_used);
        self.b_cancelled.append(&mut o.b_cancelled);
        self.b_reason.append(&mut o.b_reason);
        self.b_offerer.append(&mut o.b_offerer);
        self.b_venue.append(&mut o.b_venue);
        self.b_label.append(&mut o.b_label);
        self.b_reimbursed.append(&mut o.b_reimbursed);
        self.b_recredit.append(&mut o.b_recredit);
    }
}

/// Everything booking generation reads.
struct Ctx<'a> {
    users: &'a Users,
    cat: &'a Catalogue,
    partners: &'a Partners,
    all: Weighted,
    free: Option<Weighted>,
    free_ids: Vec<u32>,
    lambda: Vec<f64>,
    cut: i64,
    seed: u64,
}

/// Offer popularity: Zipf over a random ranking, damped for offers that are not approved
/// (booked before a rejection) or activation offers, zero without stock.
fn popularity(r: &mut R, cat: &Catalogue) -> Vec<f64> {
    let z = zipf_weights(r, cat.offers, 0.95, 20.0);
    (0..cat.offers)
        .map(|o| {
            let approved = if cat.o_validation[o] == Some("APPROVED") { 1.0 } else { 0.02 };
            let activation = if cat.sub(o).is_some_and(|s| s.category == "TECHNIQUE") { 0.2 } else { 1.0 };
            let stocked = if cat.stocks_of(o).is_empty() { 0.0 } else { 1.0 };
            let free = if cat.o_free[o] { 0.5 } else { 1.0 };
            z[o] * approved * activation * stocked * free
        })
        .collect()
}

/// Booking attempts per booking kept: some draws find no stock, window or credit.
const OVERDRAW: f64 = 1.5;

/// Deposits per generation chunk (fixed: the output does not depend on the thread count).
const DEPOSITS_PER_CHUNK: usize = 2048;

/// Generates about `target` bookings and `favorites` favourites.
pub fn generate(
    seed: u64,
    target: usize,
    favorites: usize,
    users: &Users,
    cat: &Catalogue,
    partners: &Partners,
    ds: i32,
) -> Activity {
    let mut r = R::stream(seed, "bookings", u64::MAX);
    let cut = midnight(ds) - MIN;
    let pop = popularity(&mut r, cat);
    let all = Weighted::new(pop.iter().copied()).expect("a bookable offer");
    let free_ids: Vec<u32> =
        (0..cat.offers as u32).filter(|o| cat.o_free[*o as usize] && pop[*o as usize] > 0.0).collect();
    let free = Weighted::new(free_ids.iter().map(|o| pop[*o as usize]));

    // Expected bookings per deposit.
    let weights: Vec<f64> = (0..users.deposits)
        .map(|d| {
            if r.chance(0.08) {
                return 0.0;
            }
            let base = match users.d_type[d] {
                Grant::G18 => (users.d_budget[d] as f64 / 30_000.0).sqrt(),
                Grant::G17_18 if users.d_budget[d] >= 15_000 => 0.55,
                Grant::G17_18 => 0.3,
                Grant::G15_17 => 0.3,
                Grant::Free => 0.08,
            };
            let active = ((users.d_end[d] - users.d_created[d]) as f64 / (365.0 * DAY as f64)).clamp(0.0, 1.0);
            base * active.powf(0.7) * r.lognormal(0.8)
        })
        .collect();
    let total: f64 = weights.iter().sum::<f64>().max(1e-9);
    let lambda: Vec<f64> = weights.iter().map(|w| w / total * target as f64).collect();
    let ctx = Ctx { users, cat, partners, all, free, free_ids, lambda, cut, seed };

    // Passes over all deposits until the target is (nearly) met: draws that find no stock,
    // window or credit are made up by a further pass on the credit left.
    let mut remaining = users.d_budget.clone();
    let mut chunks: Vec<Activity> = Vec::new();
    let (mut got, mut factor) = (0usize, OVERDRAW);
    for pass in 0..4u64 {
        let done: Vec<Activity> = remaining
            .par_chunks_mut(DEPOSITS_PER_CHUNK)
            .enumerate()
            .map(|(k, credit)| book_chunk(&ctx, k, pass, factor, credit))
            .collect();
        let n: usize = done.iter().map(|c| c.b_created.len()).sum();
        chunks.extend(done);
        got += n;
        if got as f64 >= 0.98 * target as f64 || n == 0 {
            break;
        }
        let efficiency = n as f64 / (factor * target as f64);
        factor = ((target - got) as f64 / target as f64 / efficiency * 1.1).min(8.0);
    }
    let mut a = Activity::default();
    for c in chunks {
        a.append(c);
    }

    // Orphans and rare NULLs.
    let n = a.b_created.len();
    for i in 0..n {
        match r.below(100_000) {
            0..=99 => a.b_deposit[i] = NULL,
            100..=119 => a.b_deposit[i] = (users.deposits + 7000 + r.index(100)) as u32,
            120..=139 => a.b_stock[i] = (cat.stocks + 8000 + r.index(100)) as u32,
            140..=149 => a.b_qty[i] = NONE,
            150..=159 => a.b_amount[i] = NONE,
            160..=169 => {
                // NULL status: no status-dependent dates either.
                a.b_status[i] = 0;
                a.b_used[i] = NONE;
                a.b_cancelled[i] = NONE;
                a.b_reason[i] = 0;
                a.b_reimbursed[i] = NONE;
                a.b_recredit[i] = 0;
            }
            _ => {}
        }
    }

    // Ids in creation order.
    let (order, _) = sort_order(&a.b_created);
    permute(&mut a.b_created, &order);
    permute(&mut a.b_stock, &order);
    permute(&mut a.b_user, &order);
    permute(&mut a.b_deposit, &order);
    permute(&mut a.b_qty, &order);
    permute(&mut a.b_amount, &order);
    permute(&mut a.b_status, &order);
    permute(&mut a.b_used, &order);
    permute(&mut a.b_cancelled, &order);
    permute(&mut a.b_reason, &order);
    permute(&mut a.b_offerer, &order);
    permute(&mut a.b_venue, &order);
    permute(&mut a.b_label, &order);
    permute(&mut a.b_reimbursed, &order);
    permute(&mut a.b_recredit, &order);
    a.bookings = n;

    favorites_of(&mut a, &mut r, favorites, users, cat, &ctx.all, cut);
    a
}

/// Bookings of the deposits of chunk `k` in pass `pass` (`factor` × the planned rate);
/// `credit` is the chunk's remaining credit per deposit.
fn book_chunk(ctx: &Ctx<'_>, k: usize, pass: u64, factor: f64, credit: &mut [i64]) -> Activity {
    let (users, cat) = (ctx.users, ctx.cat);
    let mut r = R::stream(ctx.seed, "bookings", (pass << 32) | k as u64);
    let mut a = Activity::default();
    let lo_d = k * DEPOSITS_PER_CHUNK;
    let hi_d = (lo_d + DEPOSITS_PER_CHUNK).min(users.deposits);
    let excluded: Vec<u16> = UNDERAGE_EXCLUDED.iter().map(|s| crate::reference::sub_index(s)).collect();
    for d in lo_d..hi_d {
        let n = r.poisson(ctx.lambda[d] * factor);
        let grant = users.d_type[d];
        let owner = users.d_user[d];
        let birth = users.u_birth.get(owner as usize).copied().flatten();
        let remaining = &mut credit[d - lo_d];
        let d_lo = users.d_created[d];
        let d_hi = users.d_end[d].min(ctx.cut);
        for _ in 0..n {
            let cancelled = r.chance(0.15);
            for _attempt in 0..8 {
                let o = match (grant, &ctx.free) {
                    (Grant::Free, Some(w)) => ctx.free_ids[w.sample(&mut r)] as usize,
                    (Grant::Free, None) => break,
                    _ => ctx.all.sample(&mut r),
                };
                if grant.underage() && excluded.contains(&cat.o_sub[o]) {
                    continue;
                }
                let stocks = cat.stocks_of(o);
                if stocks.is_empty() {
                    continue;
                }
                let s = stocks[r.index(stocks.len())] as usize;
                let unit = cat.s_unit[s];
                if grant == Grant::Free && unit != Some(0) {
                    continue;
                }
                let duo = cat.o_duo[o] == Some(true) && r.chance(0.3);
                let qty = if duo { 2 } else { 1 };
                let cost = unit.unwrap_or(0) * qty;
                // The app checks the credit when booking; a cancellation gives it back.
                if cost > *remaining {
                    continue;
                }
                let begin = cat.s_begin[s].map(utc_to_paris);
                let mut hi = d_hi;
                if let Some(b) = begin {
                    hi = hi.min(b - 10 * MIN);
                }
                if let Some(l) = cat.s_limit[s] {
                    hi = hi.min(l);
                }
                let lo = d_lo.max(cat.s_created[s]).max(cat.o_created[o]) + MIN;
                if lo >= hi {
                    continue;
                }
                // Young people book soon after their grant and before sessions.
                let t = lo + ((hi - lo) as f64 * r.unit().powi(2)) as i64;
                push_booking(&mut a, &mut r, ctx, d, o, s, t, qty, unit, cancelled, begin, grant, birth);
                if !cancelled {
                    *remaining -= cost;
                }
                break;
            }
        }
    }
    a
}

#[allow(clippy::too_many_arguments)]
fn push_booking(
    a: &mut Activity,
    r: &mut R,
    ctx: &Ctx<'_>,
    d: usize,
    o: usize,
    s: usize,
    t: i64,
    qty: i64,
    unit: Option<i64>,
    cancelled: bool,
    begin: Option<i64>,
    grant: Grant,
    birth: Option<i32>,
) {
    let (cat, cut) = (ctx.cat, ctx.cut);
    let online = cat.o_url[o].is_some();
    let (mut status, mut used, mut cancel, mut reason) = (CONFIRMED, NONE, NONE, 0u8);
    if cancelled {
        status = CANCELLED;
        reason = r.weighted(&REASONS.map(|x| x.1)) as u8;
        let delay =
            if REASONS[reason as usize].0 == Some("EXPIRED") { 30 * DAY } else { r.exp(3.0 * DAY as f64) as i64 };
        let latest = begin.map_or(cut, |b| b.min(cut));
        cancel = (t + delay).min(latest).max(t + MIN).min(cut);
    } else {
        let u = match begin {
            Some(b) => b + r.range(0, 2 * HOUR),
            None if online => t + r.range(0, 10 * MIN),
            None => t + r.exp(4.0 * DAY as f64) as i64 + MIN,
        };
        let stale = begin.is_none() && !online && r.chance(0.06);
        if u < cut && !stale {
            status = USED;
            used = u;
            if u < cut - 20 * DAY && r.chance(0.75) {
                let paid = u + r.range(14 * DAY, 60 * DAY);
                if paid < cut {
                    status = REIMBURSED;
                    a.b_reimbursed.push(paris_to_utc(paid));
                }
            }
            if status == USED && u < midnight(crate::time::ymd(2021, 7, 1)) && r.chance(0.05) {
                status = PENDING;
            }
        }
    }
    if status != REIMBURSED {
        a.b_reimbursed.push(NONE);
    }
    let recredit = match (grant, birth) {
        (_, _) if used == NONE => 0,
        (Grant::G17_18, Some(b)) if age(day_of(t), b) >= 18 && r.chance(0.7) => 3,
        (Grant::G15_17, Some(b)) if r.chance(0.3) => match age(day_of(t), b) {
            16 => 1,
            17 => 2,
            _ => 0,
        },
        _ => 0,
    };
    let v = cat.o_venue[o];
    let venue = if r.chance(0.01) {
        NULL
    } else if r.chance(0.002) {
        r.index(ctx.partners.venues.max(1)) as u32
    } else {
        v
    };
    let offerer = match ctx.partners.v_offerer.get(venue as usize) {
        Some(of) if !r.chance(0.01) => *of,
        _ => NULL,
    };
    a.b_created.push(t);
    a.b_stock.push(s as u32);
    a.b_user.push(ctx.users.d_user[d]);
    a.b_deposit.push(d as u32);
    a.b_qty.push(qty);
    a.b_amount.push(unit.unwrap_or(NONE));
    a.b_status.push(status);
    a.b_used.push(used);
    a.b_cancelled.push(cancel);
    a.b_reason.push(reason);
    a.b_offerer.push(offerer);
    a.b_venue.push(venue);
    a.b_label.push(cat.s_pc[s]);
    a.b_recredit.push(recredit);
}

fn favorites_of(a: &mut Activity, r: &mut R, n: usize, users: &Users, cat: &Catalogue, offers: &Weighted, cut: i64) {
    // Favourites come from users who use the app: beneficiaries mostly.
    let weights: Vec<f64> = users
        .u_role
        .iter()
        .map(|role| match role {
            Some("BENEFICIARY") | Some("UNDERAGE_BENEFICIARY") => 1.0,
            Some("FREE_BENEFICIARY") | None => 0.5,
            _ => 0.05,
        })
        .collect();
    let who = Weighted::new(weights).expect("users");
    let mut dates = Vec::with_capacity(n);
    while a.f_user.len() < n {
        let u = who.sample(r);
        let o = offers.sample(r);
        let lo = users.u_created[u].max(cat.o_created[o]);
        if lo >= cut {
            continue;
        }
        let t = lo + ((cut - lo) as f64 * r.unit()) as i64;
        a.f_user.push(u as u32);
        a.f_offer.push(if r.chance(0.001) { (cat.offers + 900 + r.index(100)) as u32 } else { o as u32 });
        dates.push(t);
    }
    let (order, _) = sort_order(&dates);
    permute(&mut a.f_user, &order);
    permute(&mut a.f_offer, &order);
    permute(&mut dates, &order);
    a.f_date = dates.into_iter().map(|t| if r.chance(0.01) { NONE } else { t }).collect();
}

impl Activity {
    /// Non-cancelled units booked per stock (for the stock quantities).
    pub fn booked_units(&self, stocks: usize) -> Vec<i64> {
        let mut out = vec![0i64; stocks];
        for i in 0..self.bookings {
            let s = self.b_stock[i] as usize;
            if s < stocks && !matches!(self.b_status[i], 0 | CANCELLED) && self.b_qty[i] != NONE {
                out[s] += self.b_qty[i];
            }
        }
        out
    }

    /// The two tables of this group.
    pub fn tables<'a>(&'a self, cat: &'a Catalogue) -> Vec<TableSpec<'a>> {
        vec![
            TableSpec::new("booking", self.bookings, move |r| self.booking(r, cat)),
            TableSpec::new("favorite", self.f_user.len(), move |r| {
                frame(vec![
                    table::id("id", r.clone().map(|i| i as u32)),
                    table::id("userid", rows(&self.f_user, &r)),
                    table::id("offerid", rows(&self.f_offer, &r)),
                    table::datetime("datecreated", rows(&self.f_date, &r).map(opt)),
                ])
            }),
        ]
    }

    fn booking(&self, r: Range<usize>, cat: &Catalogue) -> DataFrame {
        frame(vec![
            table::id("booking_id", r.clone().map(|i| i as u32)),
            table::datetime("booking_creation_date", rows(&self.b_created, &r).map(Some)),
            table::id("stock_id", rows(&self.b_stock, &r)),
            table::int("booking_quantity", rows(&self.b_qty, &r).map(opt)),
            table::id("user_id", rows(&self.b_user, &r)),
            table::money("booking_amount", rows(&self.b_amount, &r).map(opt)),
            table::text("booking_status", rows(&self.b_status, &r).map(|s| STATUSES[s as usize])),
            table::datetime("booking_used_date", rows(&self.b_used, &r).map(opt)),
            table::datetime("booking_cancellation_date", rows(&self.b_cancelled, &r).map(opt)),
            table::text("booking_cancellation_reason", rows(&self.b_reason, &r).map(|k| REASONS[k as usize].0)),
            table::id("deposit_id", rows(&self.b_deposit, &r)),
            table::id("offerer_id", rows(&self.b_offerer, &r)),
            table::id("venue_id", rows(&self.b_venue, &r)),
            table::text(
                "price_category_label",
                rows(&self.b_label, &r).map(|pc| if pc == NULL { None } else { cat.pc_label[pc as usize] }),
            ),
            table::datetime("booking_reimbursement_date", rows(&self.b_reimbursed, &r).map(opt)),
            table::text("booking_used_recredit_type", rows(&self.b_recredit, &r).map(|k| RECREDIT_TYPES[k as usize])),
        ])
    }
}
