//! Native-app tracking events in the GA4 export shape (sources.md §4):
//! `firebase/events/event_date=YYYY-MM-DD/part-NNNNN.parquet`, one partition per day.
//!
//! Events come in sessions of a device (logged-in users — mostly beneficiaries — or
//! anonymous visitors) over the day's hours, with the app's event names (`ConsultOffer`,
//! `BookingConfirmation`, `ModuleDisplayedOnHomePage`, `PerformSearch`, `screen_view`, GA4's
//! `session_start` / `user_engagement`, …) and their parameters. Ids point to the generated
//! world: popular offers are consulted more, confirmations carry bookings of that day.
//!
//! The anomalies `tracking.md` handles are all present: offer ids as strings, integers, or
//! only as doubles (K-22, dropped as anomalies), ConsultOffer without offer id,
//! BookingConfirmation without booking id or user id, booking ids as integers, duplicated
//! parameter keys (the first wins), missing or NULL `ga_session_id`, screen views to rename
//! (`screen_view_<screen>`), other app ids (dropped by L-8) and NULL app info (web, kept),
//! camelCase and snake_case recommendation params, `from`/`origin`, `query`/`searchQuery`,
//! `age`/`userStatus`, `entryId`/`homeEntryId`, comma lists with empty pieces.

mod ga4;
mod params;

use std::borrow::Cow;

use anyhow::{Context, Result};
use polars::prelude::*;

use crate::bookings::Activity;
use crate::catalogue::Catalogue;
use crate::partners::Partners;
use crate::rng::{R, Weighted, mix, zipf_weights};
use crate::time::{DAY, HOUR, SEC, day_of, fmt_date, midnight, paris_to_utc};
use crate::users::Users;

/// Events per file.
pub const EVENTS_PER_FILE: usize = 250_000;
/// Events per Parquet row group (and per frame in memory).
pub const ROW_GROUP: usize = 50_000;

/// What the event generator reads, shared by every partition.
pub struct EventWorld<'a> {
    pub seed: u64,
    pub users: &'a Users,
    pub cat: &'a Catalogue,
    pub partners: &'a Partners,
    pub activity: &'a Activity,
    logged: Weighted,
    offers: Weighted,
    /// Bookings (ids − 1) per Paris creation day, for confirmations.
    bookings_by_day: std::collections::HashMap<i32, Vec<u32>>,
}

/// One file of one partition.
#[derive(Debug, Clone, Copy)]
pub struct Part {
    pub day: i32,
    pub index: usize,
    /// Files of the partition.
    pub files: usize,
    pub events: usize,
}

/// Ids an event must carry (1-based), when it belongs to a known booking.
#[derive(Debug, Clone, Copy, Default)]
struct Focus {
    offer: Option<u32>,
    booking: Option<u32>,
}

/// A device's session: who, on what, since when.
struct Session {
    user: Option<u32>,
    pseudo: String,
    platform: Option<&'static str>,
    app_id: Option<&'static str>,
    app_null: bool,
    version: String,
    traffic: (Option<&'static str>, Option<&'static str>, Option<&'static str>, bool),
    /// The `ga_session_id` param: missing, NULL, or the session's start in seconds.
    id: Option<V>,
    number: i64,
    first_touch: i64,
    screen: &'static str,
    prev: Option<i64>,
}

impl<'a> EventWorld<'a> {
    pub fn new(
        seed: u64,
        users: &'a Users,
        cat: &'a Catalogue,
        partners: &'a Partners,
        activity: &'a Activity,
    ) -> Self {
        let mut r = R::stream(seed, "events-world", 0);
        let logged = Weighted::new(users.u_role.iter().map(|role| match role {
            Some("BENEFICIARY") | Some("UNDERAGE_BENEFICIARY") => 1.0,
            Some("FREE_BENEFICIARY") | None => 0.4,
            _ => 0.02,
        }))
        .expect("users");
        let z = zipf_weights(&mut r, cat.offers, 0.9, 10.0);
        let offers = Weighted::new(
            (0..cat.offers).map(|o| if cat.o_validation[o] == Some("APPROVED") { z[o] } else { z[o] * 0.01 }),
        )
        .expect("offers");
        let mut bookings_by_day: std::collections::HashMap<i32, Vec<u32>> = std::collections::HashMap::new();
        for (i, t) in activity.b_created.iter().enumerate() {
            // Only valid bookings of known users get a confirmation event.
            if (activity.b_user[i] as usize) < users.users && (activity.b_stock[i] as usize) < cat.stocks {
                bookings_by_day.entry(day_of(*t)).or_default().push(i as u32);
            }
        }
        EventWorld { seed, users, cat, partners, activity, logged, offers, bookings_by_day }
    }
}

/// The files of `days` partitions ending at `ds`, `per_day` events each.
pub fn parts(ds: i32, days: u32, per_day: usize) -> Vec<Part> {
    let files = per_day.div_ceil(EVENTS_PER_FILE).max(1);
    (0..days as i32)
        .rev()
        .flat_map(|k| {
            let day = ds - k;
            (0..files).map(move |i| {
                let lo = per_day * i / files;
                let hi = per_day * (i + 1) / files;
                Part { day, index: i, files, events: hi - lo }
            })
        })
        .collect()
}

/// The directory of a partition (sources.md §4.1).
pub fn partition_dir(out: &std::path::Path, day: i32) -> std::path::PathBuf {
    out.join("firebase").join("events").join(format!("event_date={}", fmt_date(day)))
}

/// One event parameter value (GA4 sets one of the fields).
#[derive(Clone)]
enum V {
    S(Cow<'static, str>),
    I(i64),
    D(f64),
    /// The key with an all-NULL value.
    Null,
}

fn s(v: impl Into<Cow<'static, str>>) -> V {
    V::S(v.into())
}

/// Columns of one row group under construction.
#[derive(Default)]
struct Batch {
    ts: Vec<i64>,
    prev: Vec<Option<i64>>,
    name: Vec<&'static str>,
    user: Vec<Option<u32>>,
    pseudo: Vec<String>,
    platform: Vec<Option<&'static str>>,
    app_id: Vec<Option<&'static str>>,
    app_version: Vec<Option<String>>,
    app_null: Vec<bool>,
    ts_name: Vec<Option<&'static str>>,
    ts_medium: Vec<Option<&'static str>>,
    ts_source: Vec<Option<&'static str>>,
    ts_null: Vec<bool>,
    first_touch: Vec<Option<i64>>,
    // event_params, flattened
    offsets: Vec<i64>,
    p_key: Vec<&'static str>,
    p_val: Vec<V>,
}

impl Batch {
    fn new() -> Batch {
        Batch { offsets: vec![0], ..Default::default() }
    }
}

const SCREENS: &[(&str, f64)] = &[
    ("Home", 30.0),
    ("Search", 15.0),
    ("Offer", 20.0),
    ("Profile", 6.0),
    ("Favorites", 4.0),
    ("Bookings", 5.0),
    ("BookingDetails", 2.0),
    ("Venue", 5.0),
    ("SearchResults", 5.0),
    ("Login", 2.0),
    ("ThematicHome", 1.0),
    ("Artist", 0.3),
    ("SignupForm", 1.0),
    ("ProfilSignUp", 0.3),
    ("SignupConfirmationEmailSent", 0.4),
    ("OnboardingWelcome", 0.6),
    ("OnboardingGeolocation", 0.4),
    ("FirstTutorial", 0.3),
    ("FirstTutorial2", 0.2),
    ("FirstTutorial3", 0.2),
    ("FirstTutorial4", 0.2),
    ("BeneficiaryRequestSent", 0.3),
    ("UnderageAccountCreated", 0.2),
    ("BeneficiaryAccountCreated", 0.2),
    ("HasSkippedTutorial", 0.1),
    ("AccountCreated", 0.3),
    ("DeeplinksGenerator", 0.05),
];

const EVENTS: &[(&str, f64)] = &[
    ("screen_view", 26.0),
    ("user_engagement", 9.0),
    ("ConsultOffer", 13.0),
    ("ModuleDisplayedOnHomePage", 8.0),
    ("PlaylistHorizontalScroll", 4.0),
    ("PerformSearch", 3.5),
    ("NoSearchResult", 0.4),
    ("ConsultVenue", 2.0),
    ("HasAddedOfferToFavorites", 1.5),
    ("ClickBookOffer", 1.2),
    ("BookingConfirmation", 0.7),
    ("ConsultWholeOffer", 2.0),
    ("ConsultDescriptionDetails", 1.0),
    ("CategoryBlockClicked", 1.0),
    ("HighlightBlockClicked", 0.5),
    ("TrendsBlockClicked", 0.3),
    ("ConsultHome", 3.0),
    ("Share", 0.4),
    ("Screenshot", 0.3),
    ("ConsultVideo", 0.3),
    ("HasSeenAllVideo", 0.1),
    ("SelectAge", 0.2),
    ("ContinueCGU", 0.2),
    ("StepperDisplayed", 0.6),
    ("login", 0.8),
    ("ConsultAvailableDates", 0.5),
    ("BookOfferConfirmDates", 0.3),
    ("ConsultVenueMap", 0.2),
    ("VenuePlaylistDisplayedOnSearchResults", 0.8),
    ("SystemBlockDisplayed", 0.3),
    ("ConsultArtist", 0.2),
    ("UserSetLocation", 0.3),
    ("notification_receive", 1.0),
    ("app_update", 0.1),
];

/// Hours of app use (Paris), weights per hour 0..24.
const HOURS: [f64; 24] = [
    1.5, 0.8, 0.4, 0.2, 0.2, 0.3, 0.8, 2.0, 3.0, 3.5, 4.0, 4.5, 6.0, 6.0, 5.0, 5.0, 5.5, 6.5, 7.0, 7.5, 7.5, 7.0, 5.0,
    3.0,
];

impl EventWorld<'_> {
    fn offer_id(&self, r: &mut R) -> u32 {
        if r.chance(0.01) {
            (self.cat.offers + 50_000 + r.index(1000)) as u32 + 1
        } else {
            self.offers.sample(r) as u32 + 1
        }
    }

    fn venue_id(&self, r: &mut R) -> u32 {
        r.index(self.partners.venues) as u32 + 1
    }

    /// A new session of `user` (or of an anonymous device) starting at `t`.
    fn session(&self, r: &mut R, user: Option<u32>, t: i64) -> Session {
        let pseudo = match user {
            Some(u) => format!("{:016x}{:016x}", mix(self.seed ^ u64::from(u)), mix(u64::from(u) + r.below(2))),
            None => r.hex(32),
        };
        let platform = r.choose(&[(Some("ANDROID"), 48.0), (Some("IOS"), 41.0), (Some("WEB"), 10.0), (None, 1.0)]);
        let (app_id, app_null) = match platform {
            Some("WEB") => r.choose(&[
                ((None, true), 55.0),
                ((None, false), 30.0),
                ((Some("app.passculture.webapp"), false), 15.0),
            ]),
            _ => r.choose(&[
                ((Some("app.passculture"), false), 96.5),
                ((Some("app.passculture.staging"), false), 2.0),
                ((Some("app.passculture.testing"), false), 1.0),
                ((None, false), 0.5),
            ]),
        };
        let traffic = r.choose(&[
            ((Some("(direct)"), Some("(none)"), Some("(direct)"), false), 58.0),
            ((Some("(organic)"), Some("organic"), Some("google-play"), false), 14.0),
            ((Some("(organic)"), Some("organic"), Some("apple"), false), 8.0),
            ((Some("rentree_2026"), Some("cpc"), Some("tiktok"), false), 5.0),
            ((Some("ete_culture"), Some("social"), Some("instagram"), false), 5.0),
            ((Some("newsletter"), Some("email"), Some("brevo"), false), 3.0),
            ((None, None, None, true), 7.0),
        ]);
        let id = match r.below(200) {
            0..=1 => None,      // the key is missing
            2 => Some(V::Null), // the key has no value
            _ => Some(V::I(t / SEC)),
        };
        Session {
            user,
            pseudo,
            platform,
            app_id,
            app_null,
            version: format!("1.{}.{}", 280 + r.below(30), r.below(6)),
            traffic,
            id,
            number: 1 + r.exp(30.0) as i64,
            first_touch: (t - r.range(0, 700 * DAY)).max(0),
            screen: "Home",
            prev: None,
        }
    }

    /// Appends one event of session `ss` at `t`; `focus` fixes the offer / booking ids.
    #[allow(clippy::too_many_arguments)]
    fn event(
        &self,
        r: &mut R,
        b: &mut Batch,
        ss: &mut Session,
        name: &'static str,
        t: i64,
        focus: Focus,
        screens: &[f64],
    ) {
        let params_start = b.p_key.len();
        self.params(r, b, name, &mut ss.screen, screens, focus);
        // Common GA4 params.
        if let Some(v) = &ss.id {
            b.p_key.push("ga_session_id");
            b.p_val.push(v.clone());
        }
        b.p_key.push("ga_session_number");
        b.p_val.push(V::I(ss.number));
        b.p_key.push("firebase_event_origin");
        b.p_val.push(s("app"));
        if r.chance(0.05) {
            b.p_key.push("traffic_campaign");
            b.p_val.push(s(r.pick(&["rentree_2026", "ete_culture", "noel"])));
            b.p_key.push("traffic_medium");
            b.p_val.push(s(r.pick(&["push", "email", "social"])));
            b.p_key.push("traffic_source");
            b.p_val.push(s(r.pick(&["batch", "brevo", "instagram"])));
            if r.chance(0.3) {
                b.p_key.push("traffic_gen");
                b.p_val.push(s("link"));
                b.p_key.push("traffic_content");
                b.p_val.push(s(r.pick(&["video", "carrousel"])));
            }
        }
        if r.chance(0.02) {
            b.p_key.push("appsFlyerUserId");
            b.p_val.push(s(format!("{}-{}", 1_600_000_000 + r.below(99_999_999), r.digits(19))));
        }
        if r.chance(0.01) {
            b.p_key.push("theme_setting");
            b.p_val.push(s(r.pick(&["light", "dark", "system"])));
            b.p_key.push("system_theme");
            b.p_val.push(s(r.pick(&["light", "dark"])));
        }
        // A duplicated key (production assumes none; the first one wins).
        if r.chance(0.003) && b.p_key.len() > params_start {
            let j = params_start + r.index(b.p_key.len() - params_start);
            let key = b.p_key[j];
            b.p_key.push(key);
            b.p_val.push(s("duplicate"));
        }
        b.offsets.push(b.p_key.len() as i64);
        // A few confirmations lose their user id (an anomaly the models drop).
        let user = if name == "BookingConfirmation" && r.chance(0.02) { None } else { ss.user };
        let (tn, tm, tsrc, t_null) = ss.traffic;
        b.ts.push(t);
        b.prev.push(ss.prev);
        b.name.push(name);
        b.user.push(user);
        b.pseudo.push(ss.pseudo.clone());
        b.platform.push(ss.platform);
        b.app_id.push(ss.app_id);
        b.app_version.push((!ss.app_null).then(|| ss.version.clone()));
        b.app_null.push(ss.app_null);
        b.ts_name.push(tn);
        b.ts_medium.push(tm);
        b.ts_source.push(tsrc);
        b.ts_null.push(t_null);
        b.first_touch.push(Some(ss.first_touch));
        ss.prev = Some(t);
    }

    /// Generates one event file: sessions ending in the confirmation of each of this file's
    /// share of the day's bookings, then ordinary sessions up to the file's size. Events are
    /// handed to `emit` in frames of about [`ROW_GROUP`] rows (cut between sessions), so a
    /// file never sits in memory whole; the cuts depend on counts only (deterministic).
    pub fn build(&self, part: Part, emit: &mut dyn FnMut(DataFrame) -> Result<()>) -> Result<()> {
        let mut written = 0;
        let mut flush = |b: &mut Batch, written: &mut usize, last: bool| -> Result<()> {
            if b.ts.len() >= ROW_GROUP || (last && !b.ts.is_empty()) {
                *written += b.ts.len();
                emit(ga4::frame(part.day, std::mem::replace(b, Batch::new())))?;
            }
            Ok(())
        };
        let mut r = R::stream(self.seed, "events", (part.day as u64) << 16 | part.index as u64);
        let mut b = Batch::new();
        let day_start = paris_to_utc(midnight(part.day));
        let day_end = paris_to_utc(midnight(part.day + 1));
        let hours = Weighted::new(HOURS).expect("hours");
        let screens: Vec<f64> = SCREENS.iter().map(|x| x.1).collect();
        let names: Vec<f64> = EVENTS.iter().map(|x| x.1).collect();
        let files = part.files;
        // The extract ends the day before ds: that day's confirmations name unknown bookings.
        let todays: &[u32] = self.bookings_by_day.get(&part.day).map_or(&[], Vec::as_slice);
        for &i in todays.iter().skip(part.index).step_by(files) {
            flush(&mut b, &mut written, false)?;
            if written + b.ts.len() + 4 > part.events {
                break;
            }
            let i = i as usize;
            let at = paris_to_utc(self.activity.b_created[i]);
            let offer = self.cat.s_offer.get(self.activity.b_stock[i] as usize).map(|o| o + 1);
            let mut ss = self.session(&mut r, Some(self.activity.b_user[i]), at - 3 * 60 * SEC);
            let mut t = at - r.range(60 * SEC, 180 * SEC);
            for name in ["ConsultOffer", "ClickBookOffer", "BookOfferConfirmDates"] {
                if name == "BookOfferConfirmDates" && r.chance(0.7) {
                    continue;
                }
                self.event(&mut r, &mut b, &mut ss, name, t.max(day_start), Focus { offer, booking: None }, &screens);
                t += r.range(5 * SEC, 40 * SEC);
            }
            let focus = Focus { offer, booking: Some(i as u32 + 1) };
            self.event(&mut r, &mut b, &mut ss, "BookingConfirmation", at.max(day_start), focus, &screens);
        }
        loop {
            flush(&mut b, &mut written, false)?;
            if written + b.ts.len() >= part.events {
                break;
            }
            let logged = r.chance(0.65);
            let user = logged.then(|| self.logged.sample(&mut r) as u32);
            let mut t = day_start + hours.sample(&mut r) as i64 * HOUR + r.range(0, HOUR);
            let mut ss = self.session(&mut r, user, t);
            let len = 1 + r.exp(14.0) as usize;
            for k in 0..len {
                if written + b.ts.len() >= part.events || t >= day_end {
                    break;
                }
                let mut name = if k == 0 && r.chance(0.6) { "session_start" } else { EVENTS[r.weighted(&names)].0 };
                let mut focus = Focus::default();
                if name == "BookingConfirmation" {
                    if !todays.is_empty() || !logged {
                        // Known bookings were confirmed in their own sessions above.
                        name = "ConsultOffer";
                    } else {
                        focus.booking = Some((self.activity.bookings + 1 + r.index(1_000_000)) as u32);
                    }
                }
                self.event(&mut r, &mut b, &mut ss, name, t, focus, &screens);
                t += (r.exp(25.0) * SEC as f64) as i64 + 1;
            }
        }
        flush(&mut b, &mut written, true)
    }

    /// Writes one event file (Parquet, one row group per emitted frame); returns its size.
    pub fn write(&self, part: Part, path: &std::path::Path, bar: &indicatif::ProgressBar) -> Result<u64> {
        let file = std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        let mut writer = None;
        self.build(part, &mut |df| {
            let w = match &mut writer {
                Some(w) => w,
                None => writer.insert(crate::write::parquet(&file).batched(df.schema())?),
            };
            w.write_batch(&df)?;
            bar.inc(df.height() as u64);
            Ok(())
        })?;
        if let Some(w) = writer {
            w.finish()?;
        }
        Ok(std::fs::metadata(path)?.len())
    }
}
