//! A young person's grants, by era: which deposits they get, when, with what amount,
//! top-ups (recredits), expiry and identity-check source. Amounts are in cents; the stored
//! amount includes top-ups, as in the app.

use super::Grant;
use crate::rng::R;
use crate::time::{DAY, HOUR, MIN, add_years, age, era, midnight, paris_to_utc};

/// One deposit before ids are assigned.
pub(super) struct Draft {
    pub(super) grant: Grant,
    pub(super) created: i64,
    pub(super) amount: i64,
    pub(super) expiry: Option<i64>,
    pub(super) end: i64,
    pub(super) prev: i64,
    pub(super) source: Option<String>,
    pub(super) recredits: Vec<(i64, Option<i64>, Option<&'static str>)>,
}

/// A day in `lo..hi` after an exponential delay from `lo` (`None` when the window is empty).
pub(super) fn pick_day(r: &mut R, lo: i32, hi: i32, mean: f64) -> Option<i32> {
    (hi > lo).then(|| lo + (r.exp(mean) as i32).min(hi - lo - 1))
}

/// A daytime instant of `day` (Paris), 08:00–23:59.
pub(super) fn daytime(r: &mut R, day: i32) -> i64 {
    midnight(day) + r.range(8 * HOUR, 24 * HOUR)
}

/// Expiry at the Paris midnight starting `day`, as UTC wall-clock; sometimes stored as the
/// last microsecond before it.
pub(super) fn expiry_at(r: &mut R, day: i32) -> i64 {
    let utc = paris_to_utc(midnight(day));
    if r.chance(0.3) { utc - 1 } else { utc }
}

pub(super) fn source(r: &mut R, grant: Grant, created: i64) -> Option<String> {
    let dms = |r: &mut R| match r.below(4) {
        0 => format!("dossier dms {}", r.digits(5)),
        1 => format!("Dossier Démarches Simplifiées {}", r.digits(5)),
        2 => "démarches simplifiées".to_string(),
        _ => format!("DMS {}", r.digits(4)),
    };
    let pick = r.unit();
    let s = match grant {
        Grant::G15_17 | Grant::Free => match pick {
            x if x < 0.55 => "educonnect".to_string(),
            x if x < 0.7 => "EduConnect".to_string(),
            x if x < 0.9 => "ubble".to_string(),
            x if x < 0.97 => dms(r),
            _ => return None,
        },
        Grant::G18 if created < midnight(era::generalised()) => match pick {
            x if x < 0.55 => dms(r),
            x if x < 0.9 => "jouve".to_string(),
            x if x < 0.98 => "import manuel".to_string(),
            _ => return None,
        },
        Grant::G18 | Grant::G17_18 => match pick {
            x if x < 0.45 => "ubble".to_string(),
            x if x < 0.6 => "Ubble identity check".to_string(),
            x if x < 0.7 => "educonnect puis ubble".to_string(),
            x if x < 0.8 => "France Connect".to_string(),
            x if x < 0.97 => dms(r),
            _ => return None,
        },
    };
    Some(s)
}

/// The grants of a young person born on `b` (day), by era, up to `ds`; `force` takes every
/// grant the person is eligible to (for people who would otherwise have none).
pub(super) fn path(r: &mut R, b: i32, ds: i32, force: bool) -> Vec<Draft> {
    let take = |r: &mut R, p: f64| force || r.chance(p);
    let cut = midnight(ds) - MIN;
    let t = |y| add_years(b, y);
    let (t15, t16, t17, t18, t19, t21) = (t(15), t(16), t(17), t(18), t(19), t(21));
    let (start, generalised, underage, reform) = (era::start(), era::generalised(), era::underage(), era::reform());
    let mut out: Vec<Draft> = Vec::new();

    if take(r, 0.75)
        && let Some(d) = pick_day(r, t15.max(underage), t18.min(reform).min(ds), 150.0)
    {
        let created = daytime(r, d);
        let a = age(d, b);
        let mut recredits = Vec::new();
        for (k, tk, code) in [(16, t16, "RECREDIT_16"), (17, t17, "RECREDIT_17")] {
            if a < k && tk > d && tk < t18.min(ds) {
                recredits.push((daytime(r, tk).min(cut), Some(3000), Some(code)));
            }
        }
        if r.chance(0.01) {
            recredits.push(((created + r.range(DAY, 60 * DAY)).min(cut), Some(1500), Some("MANUAL_MODIFICATION")));
        }
        let base = if a <= 15 { 2000 } else { 3000 };
        let amount = base + recredits.iter().filter_map(|x| x.1).sum::<i64>();
        out.push(Draft {
            grant: Grant::G15_17,
            created,
            amount,
            expiry: Some(expiry_at(r, t18)),
            end: midnight(t18).min(cut),
            prev: 0,
            source: None,
            recredits,
        });
    }
    let had_underage = !out.is_empty();
    if take(r, if had_underage { 0.92 } else { 0.88 })
        && let Some(d) = pick_day(r, t18.max(start), t19.min(reform).min(ds), 90.0)
    {
        let created = daytime(r, d);
        let mut amount = if d < generalised { 50_000 } else { 30_000 };
        let mut recredits = Vec::new();
        let mut prev = 0;
        if had_underage && r.chance(0.05) {
            prev = r.range(1, 31) * 100;
            recredits.push((created + MIN, Some(prev), Some("PREVIOUS_DEPOSIT")));
            amount += prev;
        }
        // A few raw amounts off the grid (the models cap them).
        if r.chance(0.003) {
            amount = r.pick(&[28_000, 52_000, 29_000]);
        }
        let expires = add_years(d, 2);
        out.push(Draft {
            grant: Grant::G18,
            created,
            amount,
            expiry: Some(expiry_at(r, expires)),
            end: midnight(expires).min(cut),
            prev,
            source: None,
            recredits,
        });
    }
    let had_18 = out.iter().any(|d| d.grant == Grant::G18);
    if !had_underage
        && take(r, 0.7)
        && let Some(d) = pick_day(r, t15.max(reform), t17.min(ds), 60.0)
    {
        out.push(Draft {
            grant: Grant::Free,
            created: daytime(r, d),
            amount: 0,
            expiry: Some(expiry_at(r, t17)),
            end: midnight(t17).min(cut),
            prev: 0,
            source: None,
            recredits: Vec::new(),
        });
    }
    if !had_18
        && take(r, 0.88)
        && let Some(d) = pick_day(r, t17.max(reform), t19.min(ds), 60.0)
    {
        let created = daytime(r, d);
        let a = age(d, b);
        let mut recredits = Vec::new();
        let mut prev = 0;
        if let Some(last) = out.last()
            && last.grant == Grant::G15_17
            && r.chance(0.8)
        {
            prev = r.range(0, last.amount / 100 + 1) * 100;
            if prev > 0 {
                recredits.push((created + MIN, Some(prev), Some("PREVIOUS_DEPOSIT")));
            }
        }
        if a <= 17 && t18 < ds {
            recredits.push((daytime(r, t18).min(cut), Some(15_000), Some("RECREDIT_18")));
        }
        let base = if a <= 17 { 5000 } else { 15_000 };
        let amount = base + recredits.iter().filter_map(|x| x.1).sum::<i64>();
        out.push(Draft {
            grant: Grant::G17_18,
            created,
            amount,
            expiry: Some(expiry_at(r, t21)),
            end: midnight(t21).min(cut),
            prev,
            source: None,
            recredits,
        });
    }
    // A support re-issue: the last grant recreated, the first one expired at that moment.
    if out.len() >= 2 && r.chance(0.2) {
        let last = out.last_mut().expect("non-empty");
        let again = last.created + DAY + r.exp(20.0 * DAY as f64) as i64;
        if again < last.end {
            let copy = Draft {
                grant: last.grant,
                created: again,
                amount: last.amount - last.prev,
                expiry: last.expiry,
                end: last.end,
                prev: 0,
                source: Some("import manuel".to_string()),
                recredits: Vec::new(),
            };
            last.expiry = Some(paris_to_utc(again));
            last.end = again;
            out.push(copy);
        }
    }
    for d in &mut out {
        if d.source.is_none() {
            d.source = source(r, d.grant, d.created);
        }
    }
    out
}

/// Amount the models keep (R-int_applicative__deposit-4), in cents.
pub fn corrected_amount(grant: Grant, raw: i64, prev: i64) -> i64 {
    match grant {
        Grant::G15_17 if raw > 8000 => 8000,
        Grant::G18 if raw < 30_000 => 30_000,
        Grant::G18 if raw > 50_000 => 50_000,
        _ => raw - prev,
    }
}
