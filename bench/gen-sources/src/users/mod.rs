//! Young people and their grants: `user`, `deposit`, `recredit`, `action_history`.
//!
//! A beneficiary's deposits follow from their birth date and the programme's eras
//! ([`crate::time::era`]): `GRANT_18` at 18 (500 € before the 2021 generalisation, then
//! 300 €, valid 24 months), `GRANT_15_17` at 15–17 from 2022 (20 € at 15, 30 € at 16/17,
//! topped up by `RECREDIT_16`/`RECREDIT_17` up to 80 €, valid until 18), and after the 2025
//! reform `GRANT_FREE` (0 €, 15–16) and `GRANT_17_18` (50 € at 17, +150 € `RECREDIT_18` at 18,
//! plus a `PREVIOUS_DEPOSIT` transfer of an older grant's remaining credit, valid until 21).
//! So most users have one deposit, many two, a few three (a support re-issue). The stored
//! amount includes top-ups, as in the app. Roles follow the latest grant; general public
//! (no role), pros, admins, test and anonymised accounts complete the population.
//! Suspended users have suspension actions with a reason (`action_history`).
//!
//! Deliberate oddities, in the shares the spec says occur: deposits of unknown users,
//! recredits of unknown deposits, NULL expiry, beneficiaries without deposit, general-public
//! owners of a `GRANT_FREE`, raw amounts outside the caps, declared and validated birth dates
//! that differ, empty-string postal codes, NULL activity flags, invalid action JSON.

mod actions;
mod grants;

pub use grants::corrected_amount;
use grants::{Draft, daytime, expiry_at, path};

use std::ops::Range;

use polars::prelude::DataFrame;

use crate::partners::dept_weights;
use crate::reference::{DEPTS, THEMES, postal_code};
use crate::rng::{R, Weighted};
use crate::table::{self, TableSpec, frame, permute, remap, rows, sort_order};
use crate::time::{DAY, HOUR, MIN, add_years, age, day_of, era, midnight, ymd};

/// The four grant types (sources.md §2.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grant {
    G15_17,
    G18,
    G17_18,
    Free,
}

impl Grant {
    pub fn code(self) -> &'static str {
        match self {
            Grant::G15_17 => "GRANT_15_17",
            Grant::G18 => "GRANT_18",
            Grant::G17_18 => "GRANT_17_18",
            Grant::Free => "GRANT_FREE",
        }
    }
    /// Grants of minors: no online games (R-int_applicative__offer-11).
    pub fn underage(self) -> bool {
        matches!(self, Grant::G15_17 | Grant::Free)
    }
}

#[derive(Default)]
pub struct Users {
    pub users: usize,
    pub u_created: Vec<i64>,
    pub u_role: Vec<Option<&'static str>>,
    pub u_birth: Vec<Option<i32>>,
    pub u_validated_birth: Vec<Option<i32>>,
    pub u_activity: Vec<Option<&'static str>>,
    pub u_civility: Vec<Option<&'static str>>,
    pub u_school: Vec<Option<&'static str>>,
    pub u_active: Vec<Option<bool>>,
    pub u_email_validated: Vec<Option<bool>>,
    pub u_phone: Vec<Option<&'static str>>,
    pub u_push: Vec<Option<bool>>,
    pub u_mail: Vec<Option<bool>>,
    pub u_themes: Vec<Option<String>>,
    pub u_postal: Vec<Option<String>>,
    pub u_dept: Vec<Option<&'static str>>,

    pub deposits: usize,
    pub d_user: Vec<u32>,
    /// Raw amount (cents) as stored by the app: grant plus top-ups.
    pub d_amount: Vec<i64>,
    pub d_source: Vec<Option<String>>,
    pub d_created: Vec<i64>,
    pub d_updated: Vec<Option<i64>>,
    /// UTC wall-clock.
    pub d_expiry: Vec<Option<i64>>,
    pub d_type: Vec<Grant>,
    /// What may be spent (cents): the amount the models compute (R-int_applicative__deposit-4).
    pub d_budget: Vec<i64>,
    /// End of the spending window (Paris wall-clock, at most the extract's end).
    pub d_end: Vec<i64>,

    pub rc_deposit: Vec<u32>,
    pub rc_amount: Vec<Option<i64>>,
    pub rc_created: Vec<i64>,
    pub rc_type: Vec<Option<&'static str>>,

    pub ah_type: Vec<&'static str>,
    pub ah_json: Vec<Option<String>>,
    pub ah_user: Vec<u32>,
    pub ah_date: Vec<Option<i64>>,
}

const ACTIVITIES_MINOR: &[(Option<&str>, f64)] =
    &[(Some("Lycéen"), 60.0), (Some("Collégien"), 15.0), (Some("Apprenti"), 5.0), (None, 20.0)];
const ACTIVITIES_ADULT: &[(Option<&str>, f64)] = &[
    (Some("Étudiant"), 30.0),
    (Some("Lycéen"), 15.0),
    (Some("Employé"), 8.0),
    (Some("Apprenti"), 3.0),
    (Some("Alternant"), 3.0),
    (Some("Volontaire"), 2.0),
    (Some("Chômeur"), 2.0),
    (Some("En recherche d'emploi ou chômeur"), 3.0),
    (Some("Demandeur d'emploi"), 1.0),
    (Some("Inactif"), 2.0),
    (Some("Apprenti, Alternant, Volontaire en service civique rémunéré"), 1.0),
    (None, 30.0),
];
const SCHOOLS: &[(Option<&str>, f64)] = &[
    (Some("Lycée public"), 30.0),
    (Some("Collège public"), 12.0),
    (Some("Lycée privé"), 6.0),
    (Some("Collège privé"), 3.0),
    (Some("Lycée agricole"), 2.0),
    (Some("Centre de formation apprentis"), 2.0),
    (Some("À domicile (CNED, institut de santé, etc.)"), 1.0),
    (Some("Lycée militaire"), 0.3),
    (Some("Lycée maritime"), 0.2),
    (Some("PRIVATE_HIGH_SCHOOL"), 0.5),
    (None, 43.0),
];

/// Generates users, their deposits, recredits and action history.
pub fn generate(seed: u64, n: usize, ds: i32) -> Users {
    let mut r = R::stream(seed, "users", 0);
    let cut = midnight(ds) - MIN;
    let mut u = Users::default();
    let dw = Weighted::new(dept_weights()).expect("departments");
    let mut drafts: Vec<(u32, Draft)> = Vec::new();
    let birth_lo = ymd(2000, 5, 1);
    let birth_hi = add_years(ds, -15);
    let mut kind: Vec<u8> = Vec::with_capacity(n);

    for i in 0..n {
        // 0 beneficiary path, 1 young general public, 2 adult general public, 3 other roles.
        let k = r.choose(&[(0u8, 88.0), (1, 5.0), (2, 3.5), (3, 3.5)]);
        kind.push(k);
        let b = match k {
            // Density rising from 1 to 2 over the eligible births: younger cohorts are larger.
            0 | 1 => birth_lo + ((birth_hi - birth_lo) as f64 * ((1.0 + 3.0 * r.unit()).sqrt() - 1.0)) as i32,
            2 => r.range(i64::from(ymd(1960, 1, 1)), i64::from(ymd(2000, 1, 1))) as i32,
            _ => r.range(i64::from(ymd(1970, 1, 1)), i64::from(ymd(2004, 1, 1))) as i32,
        };
        let mut role: Option<&'static str> = None;
        let mut deps = if k == 0 || (k == 3 && r.chance(0.1)) { path(&mut r, b, ds, false) } else { Vec::new() };
        if k == 0 && deps.is_empty() {
            deps = path(&mut r, b, ds, true);
        }
        if let Some(last) = deps.last() {
            role = Some(match last.grant {
                Grant::G18 => "BENEFICIARY",
                Grant::G17_18 if age(day_of(last.created), b) >= 18 || add_years(b, 18) <= ds => "BENEFICIARY",
                Grant::G17_18 | Grant::G15_17 => "UNDERAGE_BENEFICIARY",
                Grant::Free => "FREE_BENEFICIARY",
            });
            if last.grant == Grant::Free && r.chance(0.04) {
                role = None;
            }
            if last.end < cut - 365 * DAY && r.chance(0.08) {
                role = Some("ANONYMIZED");
            }
        }
        if k == 3 {
            role = Some(r.choose(&[("PRO", 70.0), ("NON_ATTACHED_PRO", 20.0), ("TEST", 6.0), ("ADMIN", 4.0)]));
        }
        // K-11: a few beneficiaries without any deposit.
        if role == Some("BENEFICIARY") && r.chance(0.003) {
            deps.clear();
        }
        let created = match deps.first() {
            Some(d) => {
                (d.created - (r.exp(25.0 * DAY as f64) as i64).max(10 * MIN)).max(midnight(era::start()) - 60 * DAY)
            }
            None if k == 1 => {
                let lo = midnight(add_years(b, 13).max(era::start()));
                r.range(lo, cut.max(lo + HOUR)).min(cut)
            }
            None => r.range(midnight(era::start()), cut),
        };
        u.u_created.push(created);
        u.u_role.push(role);
        // Birth dates: declared and validated, mostly equal; the identity provider validates
        // beneficiaries only.
        let declared = if k >= 2 && r.chance(0.3) { None } else { Some(b) };
        let validated = if deps.is_empty() {
            None
        } else if r.chance(0.9) {
            Some(b)
        } else if r.chance(0.5) {
            None
        } else {
            Some(b + r.range(-60, 61) as i32)
        };
        let declared =
            if validated.is_some() && r.chance(0.02) { declared.map(|d| d - r.range(1, 400) as i32) } else { declared };
        u.u_birth.push(declared);
        u.u_validated_birth.push(validated);
        let adult = age(ds, b) >= 18;
        u.u_activity.push(r.choose(if adult { ACTIVITIES_ADULT } else { ACTIVITIES_MINOR }));
        u.u_civility.push(r.choose(&[
            (Some("M."), 32.0),
            (Some("Mme"), 33.0),
            (Some("M"), 4.0),
            (Some("Mme."), 1.0),
            (Some("Mx"), 0.5),
            (None, 29.5),
        ]));
        u.u_school.push(if !adult || role == Some("UNDERAGE_BENEFICIARY") { r.choose(SCHOOLS) } else { None });
        u.u_email_validated.push(r.choose(&[(Some(true), 96.0), (Some(false), 3.5), (None, 0.5)]));
        u.u_phone.push(r.choose(&[
            (Some("validated"), 58.0),
            (Some("unvalidated"), 10.0),
            (Some("skipped-by-support"), 3.0),
            (Some("blocked-too-many-code-sendings"), 1.0),
            (Some("blocked-too-many-code-verification-tries"), 0.5),
            (None, 27.5),
        ]));
        u.u_push.push(r.choose(&[(Some(true), 70.0), (Some(false), 28.0), (None, 2.0)]));
        u.u_mail.push(r.choose(&[(Some(true), 55.0), (Some(false), 43.0), (None, 2.0)]));
        u.u_themes.push(if r.chance(0.4) {
            None
        } else if r.chance(0.13) {
            Some("[]".to_string())
        } else {
            let k = 1 + r.below(4) as usize;
            let mut picked: Vec<&str> = Vec::new();
            while picked.len() < k {
                let t = r.pick(THEMES);
                if !picked.contains(&t) {
                    picked.push(t);
                }
            }
            Some(format!("[{}]", picked.iter().map(|t| format!("\"{t}\"")).collect::<Vec<_>>().join(",")))
        });
        let d = &DEPTS[dw.sample(&mut r)];
        u.u_postal.push(match r.below(1000) {
            0..=79 => None,
            80..=82 => Some(String::new()),
            83 => Some(r.digits(1)),
            _ => Some(postal_code(&mut r, d)),
        });
        u.u_dept.push(match r.below(100) {
            0..=9 => None,
            10 => Some(r.pick_ref(DEPTS).code),
            _ => Some(d.code),
        });
        // Activity flag: suspended users have actions (below).
        u.u_active.push(r.choose(&[(Some(true), 96.0), (Some(false), 3.5), (None, 0.5)]));
        for d in deps {
            drafts.push((i as u32, d));
        }
    }

    // Freshness: someone signed up on the extract's last day.
    if !u.u_created.iter().any(|c| *c >= cut - DAY)
        && let Some(i) = (0..n).rev().find(|i| kind[*i] == 1 || kind[*i] == 2)
    {
        u.u_created[i] = cut - r.range(MIN, DAY);
    }

    // Users in creation order.
    let (order, rank) = sort_order(&u.u_created);
    permute(&mut u.u_created, &order);
    permute(&mut u.u_role, &order);
    permute(&mut u.u_birth, &order);
    permute(&mut u.u_validated_birth, &order);
    permute(&mut u.u_activity, &order);
    permute(&mut u.u_civility, &order);
    permute(&mut u.u_school, &order);
    permute(&mut u.u_active, &order);
    permute(&mut u.u_email_validated, &order);
    permute(&mut u.u_phone, &order);
    permute(&mut u.u_push, &order);
    permute(&mut u.u_mail, &order);
    permute(&mut u.u_themes, &order);
    permute(&mut u.u_postal, &order);
    permute(&mut u.u_dept, &order);
    u.users = n;
    for (owner, _) in &mut drafts {
        *owner = remap(*owner, &rank);
    }
    // Deposits of unknown users.
    let orphans = (drafts.len() / 2000).max(1);
    for k in 0..orphans {
        let day = ymd(2022, 1, 1) + r.below(700) as i32;
        let created = daytime(&mut r, day).min(cut);
        let expires = add_years(day_of(created), 2);
        drafts.push((
            (n + 5000 + k) as u32,
            Draft {
                grant: Grant::G18,
                created,
                amount: 30_000,
                expiry: Some(expiry_at(&mut r, expires)),
                end: midnight(expires).min(cut),
                prev: 0,
                source: Some("ubble".to_string()),
                recredits: Vec::new(),
            },
        ));
    }

    // Deposits in creation order.
    let created: Vec<i64> = drafts.iter().map(|(_, d)| d.created).collect();
    let (order, _) = sort_order(&created);
    for &k in &order {
        let (owner, d) = &drafts[k as usize];
        let id = u.d_user.len() as u32;
        u.d_user.push(*owner);
        u.d_amount.push(d.amount);
        u.d_source.push(d.source.clone());
        u.d_created.push(d.created);
        u.d_updated.push(r.chance(0.7).then(|| (d.created + r.exp(90.0 * DAY as f64) as i64).min(cut)));
        u.d_expiry.push(if r.chance(0.003) { None } else { d.expiry });
        u.d_type.push(d.grant);
        u.d_budget.push(corrected_amount(d.grant, d.amount, d.prev));
        u.d_end.push(d.end);
        for &(at, amount, code) in &d.recredits {
            u.rc_deposit.push(id);
            u.rc_created.push(at);
            u.rc_amount.push(if r.chance(0.002) { None } else { amount });
            u.rc_type.push(if r.chance(0.003) { None } else { code });
        }
    }
    u.deposits = u.d_user.len();
    // Recredits of unknown deposits, then creation order.
    for k in 0..(u.rc_deposit.len() / 1000).max(1) {
        u.rc_deposit.push((u.deposits + 3000 + k) as u32);
        u.rc_created.push(cut - r.range(DAY, 300 * DAY));
        u.rc_amount.push(Some(3000));
        u.rc_type.push(Some("RECREDIT_17"));
    }
    let (order, _) = sort_order(&u.rc_created);
    permute(&mut u.rc_deposit, &order);
    permute(&mut u.rc_created, &order);
    permute(&mut u.rc_amount, &order);
    permute(&mut u.rc_type, &order);

    actions::actions(&mut u, &mut r, cut);
    u
}

impl Users {
    /// The four tables of this group.
    pub fn tables(&self) -> Vec<TableSpec<'_>> {
        vec![
            TableSpec::new("user", self.users, move |r| self.user(r)),
            TableSpec::new("deposit", self.deposits, move |r| self.deposit(r)),
            TableSpec::new("recredit", self.rc_deposit.len(), move |r| {
                frame(vec![
                    table::id("recredit_id", r.clone().map(|i| i as u32)),
                    table::id("deposit_id", rows(&self.rc_deposit, &r)),
                    table::money("recredit_amount", rows(&self.rc_amount, &r)),
                    table::datetime("recredit_creation_date", self.rc_created[r.clone()].iter().map(|v| Some(*v))),
                    table::text("recredit_type", rows(&self.rc_type, &r)),
                ])
            }),
            TableSpec::new("action_history", self.ah_type.len(), move |r| {
                frame(vec![
                    table::id("action_history_id", r.clone().map(|i| i as u32)),
                    table::text("action_type", self.ah_type[r.clone()].iter().map(|t| Some(*t))),
                    table::text("action_history_json_data", self.ah_json[r.clone()].iter().map(Option::as_deref)),
                    table::id("user_id", rows(&self.ah_user, &r)),
                    table::datetime("action_date", rows(&self.ah_date, &r)),
                ])
            }),
        ]
    }

    fn user(&self, r: Range<usize>) -> DataFrame {
        frame(vec![
            table::id("user_id", r.clone().map(|i| i as u32)),
            table::datetime("user_creation_date", self.u_created[r.clone()].iter().map(|v| Some(*v))),
            table::text("user_role", rows(&self.u_role, &r)),
            table::date("user_birth_date", rows(&self.u_birth, &r)),
            table::date("user_validated_birth_date", rows(&self.u_validated_birth, &r)),
            table::text("user_activity", rows(&self.u_activity, &r)),
            table::text("user_civility", rows(&self.u_civility, &r)),
            table::text("user_school_type", rows(&self.u_school, &r)),
            table::boolean("user_is_active", rows(&self.u_active, &r)),
            table::boolean("user_is_email_validated", rows(&self.u_email_validated, &r)),
            table::boolean("user_has_validated_email", rows(&self.u_email_validated, &r)),
            table::text("user_phone_validation_status", rows(&self.u_phone, &r)),
            table::boolean("user_has_enabled_marketing_push", rows(&self.u_push, &r)),
            table::boolean("user_has_enabled_marketing_email", rows(&self.u_mail, &r)),
            table::text("user_subscribed_themes", self.u_themes[r.clone()].iter().map(Option::as_deref)),
            table::text("user_postal_code", self.u_postal[r.clone()].iter().map(Option::as_deref)),
            table::text("user_department_code", rows(&self.u_dept, &r)),
        ])
    }

    fn deposit(&self, r: Range<usize>) -> DataFrame {
        frame(vec![
            table::id("id", r.clone().map(|i| i as u32)),
            table::id("userid", rows(&self.d_user, &r)),
            table::money("amount", self.d_amount[r.clone()].iter().map(|v| Some(*v))),
            table::text("source", self.d_source[r.clone()].iter().map(Option::as_deref)),
            table::datetime("datecreated", self.d_created[r.clone()].iter().map(|v| Some(*v))),
            table::datetime("dateupdated", rows(&self.d_updated, &r)),
            table::datetime("expirationdate", rows(&self.d_expiry, &r)),
            table::text("type", self.d_type[r].iter().map(|t| Some(t.code()))),
        ])
    }
}
