//! Grain: exactly one row per `int_firebase__native_event` row selected by R-1; no primary key.
//! Partitioned by `event_date`, maintained incrementally (tracking.md T-1…T-7).

use intermediate::{IntApplicativeDeposit as D, IntFirebaseNativeEvent as E};
use pipeline::polars::prelude::{JoinArgs, JoinType, LazyFrame, coalesce};
use pipeline::prelude::*;

use crate::{MrtGlobalOffer as O, MrtGlobalUserBeneficiary as U, MrtGlobalVenue as V};

/// The selected native app events with offer, venue and user attributes and the deposit
/// covering each event (tracking.md, mrt_native__event).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_native__event", layer = "mart", from = E)]
pub struct MrtNativeEvent {
    /// partition date
    pub event_date: NaiveDate,
    /// event instant, UTC
    pub event_timestamp: TsUtc,
    /// pass Culture user id
    pub user_id: Option<String>,
    /// device id
    pub user_pseudo_id: Option<String>,
    /// `from` / `origin` param
    pub origin: Option<String>,
    /// platform
    pub platform: Option<String>,
    /// app version
    pub app_version: Option<String>,
    /// `traffic_campaign` param
    pub traffic_campaign: Option<String>,
    /// `traffic_source` param
    pub traffic_source: Option<String>,
    /// `traffic_medium` param
    pub traffic_medium: Option<String>,
    /// offer id (R-int_firebase__native_event-3)
    pub offer_id: Option<String>,
    /// GA session id
    pub session_id: Option<i64>,
    /// device + session
    pub unique_session_id: Option<String>,
    /// `locationType` param
    pub user_location_type: Option<String>,
    /// search query
    pub query: Option<String>,
    /// the event's own `venueId` param
    pub venue_id: Option<String>,
    /// booking id
    pub booking_id: Option<String>,
    /// `step` param
    pub booking_cancellation_step: Option<String>,
    /// `searchId` param
    pub search_id: Option<String>,
    /// `moduleName` param
    pub module_name: Option<String>,
    /// `moduleId` param
    pub module_id: Option<String>,
    /// home entry id
    pub entry_id: Option<String>,
    /// `artistId` param
    pub artist_id: Option<String>,
    /// selected age or user status
    pub onboarding_user_selected_age: Option<String>,
    /// offer name (from o; NULL when the offer is not in the mart, R-4)
    #[schema(from = O)]
    pub offer_name: Option<String>,
    /// offer category (from o)
    #[schema(from = O)]
    pub offer_category_id: Option<String>,
    /// offer subcategory (from o)
    #[schema(from = O)]
    pub offer_subcategory_id: Option<String>,
    /// partner id (from o)
    #[schema(from = O)]
    pub partner_id: Option<String>,
    /// venue name (from v on `coalesce(e.venue_id, o.venue_id)`)
    #[schema(from = V)]
    pub venue_name: Option<String>,
    /// venue type label (from v)
    #[schema(from = V)]
    pub venue_type_label: Option<String>,
    /// type of the deposit covering the event
    #[schema(computed)]
    pub user_current_deposit_type: Option<String>,
    /// MAX deposit amount (K-1) (from u)
    #[schema(from = U::last_deposit_amount)]
    pub user_last_deposit_amount: Option<Dec2>,
    /// first deposit type (from u)
    #[schema(from = U::first_deposit_type)]
    pub user_first_deposit_type: Option<String>,
    /// MIN deposit amount (K-1) (from u)
    #[schema(from = U::first_deposit_amount)]
    pub user_first_deposit_amount: Option<Dec2>,
    /// `screen_view_<firebase_screen>` for screen views, else the event name
    #[schema(computed)]
    pub event_name: String,
}

/// the kept event names.
pub const EVENT_NAMES: [&str; 26] = [
    "ConsultOffer",
    "BookingConfirmation",
    "StepperDisplayed",
    "ModuleDisplayedOnHomePage",
    "PlaylistHorizontalScroll",
    "ConsultVenue",
    "VenuePlaylistDisplayedOnSearchResults",
    "ClickBookOffer",
    "ContinueCGU",
    "HasAddedOfferToFavorites",
    "SelectAge",
    "Share",
    "CategoryBlockClicked",
    "HighlightBlockClicked",
    "ConsultVideo",
    "HasSeenAllVideo",
    "Screenshot",
    "NoSearchResult",
    "PerformSearch",
    "ConsultAvailableDates",
    "BookOfferConfirmDates",
    "ConsultVenueMap",
    "TrendsBlockClicked",
    "SystemBlockDisplayed",
    "ConsultHome",
    "ConsultArtist",
];

/// the kept `firebase_screen`s of `screen_view` events.
pub const SCREENS: [&str; 14] = [
    "SignupForm",
    "ProfilSignUp",
    "SignupConfirmationEmailSent",
    "OnboardingWelcome",
    "OnboardingGeolocation",
    "FirstTutorial",
    "FirstTutorial2",
    "FirstTutorial3",
    "FirstTutorial4",
    "BeneficiaryRequestSent",
    "UnderageAccountCreated",
    "BeneficiaryAccountCreated",
    "HasSkippedTutorial",
    "AccountCreated",
];

/// Column holding R-3's covering deposit type while the typed joins run.
const COVERING: &str = "__covering_deposit_type";

/// the type of the deposit covering each event (greatest creation date, then greatest
/// `deposit_id`), added to the events as a column; NULL without a candidate. Events are matched
/// back by position, so no event is duplicated or dropped.
fn with_covering_deposit(events: LazyFrame, deposits: Frame<D>) -> LazyFrame {
    let events = events.with_row_index("__event_row", None);
    let d = deposits.lazy().select([
        raw_col(D::user_id.name()).alias("__d_user_id"),
        raw_col(D::deposit_creation_date.name()).alias("__d_created"),
        raw_col(D::deposit_expiration_date.name()).alias("__d_expires"),
        raw_col(D::deposit_type.name()).alias("__d_type"),
        raw_col(D::deposit_id.name()).alias("__d_id"),
    ]);
    let t = paris(raw_col(E::event_timestamp.name()));
    let candidates = events
        .clone()
        .select([raw_col("__event_row"), raw_col(E::user_id.name()), t.alias("__t")])
        .join(d, [raw_col(E::user_id.name())], [raw_col("__d_user_id")], JoinArgs::new(JoinType::Inner))
        // A NULL bound never matches (C-15/C-16).
        .filter(
            raw_col("__d_created")
                .lt_eq(raw_col("__t"))
                .and(raw_col("__t").lt_eq(paris_of_utc_wall_clock(raw_col("__d_expires")))),
        )
        .filter(
            row_number(vec![raw_col("__event_row")], vec![desc(raw_col("__d_created")), desc(raw_col("__d_id"))])
                .eq(lit(1i64)),
        )
        .select([raw_col("__event_row"), raw_col("__d_type").alias(COVERING)]);
    events
        .join(candidates, [raw_col("__event_row")], [raw_col("__event_row")], JoinArgs::new(JoinType::Left))
        .drop(pipeline::polars::prelude::Selector::ByName { names: ["__event_row".into()].into(), strict: true })
}

pub fn build(
    _ctx: &RunContext,
    events: Frame<E>,
    users: Frame<U>,
    offers: Frame<O>,
    venues: Frame<V>,
    deposits: Frame<D>,
) -> Frame<MrtNativeEvent> {
    let name = events.c(E::event_name);
    let screen = events.c(E::firebase_screen);
    let screen_view = name.clone().eq(lit("screen_view"));
    //
    let keep = is_in_strs(name.clone(), &EVENT_NAMES).or(screen_view.and(is_in_strs(screen, &SCREENS)));
    let events = events.filter(keep);
    // R-3 (the extra column rides along the typed joins below and is read back by name).
    let events: Frame<E> = Frame::from_lazy_unchecked(with_covering_deposit(events.into_lazy(), deposits));
    // LEFT joins on each mart's grain: never duplicate nor drop an event. Built column at
    // a time (`Frame::left_join_wide`): with one match per event the event columns stay in
    // place, and only the looked-up columns are gathered.
    let j =
        events.left_join_wide(users, on(E::user_id, U::user_id)).left_join_wide(offers, on(E::offer_id, O::offer_id));
    let venue_key = coalesce(&[j.c(E::venue_id), j.c(O::venue_id)]);
    let j = j.left_join_wide(venues, on_expr(venue_key, V::venue_id));
    let name = j.c(E::event_name);
    //
    let event_name = when(name.clone().eq(lit("screen_view")))
        .then(concat(vec![lit("screen_view_"), j.c(E::firebase_screen)]))
        .otherwise(name);
    let j = &j;
    MrtNativeEvent::project(
        j.clone(),
        MrtNativeEventComputed { user_current_deposit_type: raw_col(COVERING), event_name },
    )
}

#[cfg(test)]
#[allow(non_snake_case)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    /// An event at `at` (UTC wall-clock text).
    fn ev(name: &str, screen: Option<&str>, user: Option<&str>, offer: Option<&str>, at: &str) -> E {
        E {
            event_date: pipeline::date(&at[..10]),
            event_timestamp: TsUtc(pipeline::dt(at).and_utc()),
            user_first_touch_timestamp: TsUtc(pipeline::dt(at).and_utc()),
            event_name: name.into(),
            firebase_screen: screen.map(Into::into),
            user_id: user.map(Into::into),
            offer_id: offer.map(Into::into),
            ..Default::default()
        }
    }

    fn deposit(id: &str, user: &str, kind: &str, created: &str, expires: Option<&str>) -> D {
        D {
            deposit_id: id.into(),
            user_id: Some(user.into()),
            deposit_type: kind.into(),
            deposit_creation_date: DtParis(pipeline::dt(created)),
            deposit_expiration_date: expires.map(|e| DtUtc(pipeline::dt(e))),
            ..Default::default()
        }
    }

    fn run(events: Vec<E>, users: Vec<U>, offers: Vec<O>, venues: Vec<V>, deposits: Vec<D>) -> Vec<MrtNativeEvent> {
        rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&events),
            Frame::from_rows(&users),
            Frame::from_rows(&offers),
            Frame::from_rows(&venues),
            Frame::from_rows(&deposits),
        ))
    }

    /// R-mrt_native__event-1, -2: listed names and listed screens of `screen_view` only; a
    /// screen view is renamed `screen_view_<screen>`; TI-3 (one row per selected event, T-8:
    /// duplicates kept).
    ///
    /// Rules: R-mrt_native__event-1, R-mrt_native__event-2.
    #[test]
    fn r_mrt_native__event_1_2_selection_and_screen_view_renaming() {
        let at = "2026-11-27 10:00:00";
        let out = run(
            vec![
                ev("ConsultOffer", None, None, Some("o1"), at),
                ev("ConsultOffer", None, None, Some("o1"), at),
                ev("login", None, None, None, at),
                ev("screen_view", Some("SignupForm"), None, None, at),
                ev("screen_view", Some("Home"), None, None, at),
                ev("SignupForm", None, None, None, at),
            ],
            vec![],
            vec![],
            vec![],
            vec![],
        );
        let names: Vec<&str> = out.iter().map(|r| r.event_name.as_str()).collect();
        assert_eq!(names, ["ConsultOffer", "ConsultOffer", "screen_view_SignupForm"]);
    }

    /// R-mrt_native__event-3 (D-6, D-15): the covering deposit is the latest created one whose
    /// [creation (Paris), paris(expiration UTC)] holds the event's Paris time, ties broken by the
    /// greatest `deposit_id`; a NULL expiration never covers; the spec's example (created 09:00
    /// Paris covers 10:00 Paris the same day) and a DST-aware expiration bound.
    #[test]
    fn r_mrt_native__event_3_covering_deposit() {
        let deposits = vec![
            // created 09:00 Paris; event at 09:00 UTC = 10:00 Paris (winter): covered.
            deposit("1", "u1", "GRANT_18", "2026-11-27 09:00:00", Some("2028-01-01 00:00:00")),
            // a later candidate wins over "1" for events after its creation
            deposit("2", "u2", "GRANT_15_17", "2025-01-01 00:00:00", Some("2028-01-01 00:00:00")),
            deposit("3", "u2", "GRANT_17_18", "2026-01-01 00:00:00", Some("2028-01-01 00:00:00")),
            // same creation: the greatest id ("9" > "10" as strings) wins
            deposit("10", "u3", "GRANT_15_17", "2026-01-01 00:00:00", Some("2028-01-01 00:00:00")),
            deposit("9", "u3", "GRANT_18", "2026-01-01 00:00:00", Some("2028-01-01 00:00:00")),
            // NULL expiration: never covers
            deposit("4", "u4", "GRANT_18", "2026-01-01 00:00:00", None),
            // expired at 2026-11-27 09:30 UTC = 10:30 Paris; event at 09:45 UTC = 10:45 Paris: not covered
            deposit("5", "u5", "GRANT_18", "2026-01-01 00:00:00", Some("2026-11-27 09:30:00")),
            // expired at 09:30 UTC = 10:30 Paris; event at 09:20 UTC = 10:20 Paris: covered
            deposit("6", "u6", "GRANT_FREE", "2026-01-01 00:00:00", Some("2026-11-27 09:30:00")),
        ];
        let e = |u: &str, at: &str| ev("ConsultHome", None, Some(u), None, at);
        let out = run(
            vec![
                e("u1", "2026-11-27 09:00:00"),
                e("u1", "2026-11-27 07:59:59"),
                e("u2", "2026-11-27 09:00:00"),
                e("u3", "2026-11-27 09:00:00"),
                e("u4", "2026-11-27 09:00:00"),
                e("u5", "2026-11-27 09:45:00"),
                e("u6", "2026-11-27 09:20:00"),
                ev("ConsultHome", None, None, None, "2026-11-27 09:00:00"),
            ],
            vec![],
            vec![],
            vec![],
            deposits,
        );
        let got: Vec<(Option<&str>, Option<&str>)> =
            out.iter().map(|r| (r.user_id.as_deref(), r.user_current_deposit_type.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Some("u1"), Some("GRANT_18")),
                (Some("u1"), None),
                (Some("u2"), Some("GRANT_17_18")),
                (Some("u3"), Some("GRANT_18")),
                (Some("u4"), None),
                (Some("u5"), None),
                (Some("u6"), Some("GRANT_FREE")),
                (None, None),
            ]
        );
    }

    /// R-mrt_native__event-4: attributes come from the marts when the key is there and are
    /// NULL otherwise; the venue is the event's own `venue_id`, else the offer's; joins never
    /// duplicate nor drop an event.
    #[test]
    fn r_mrt_native__event_4_lookups() {
        let at = "2026-11-27 10:00:00";
        let offer = O {
            offer_id: "o1".into(),
            offer_name: Some("Livre".into()),
            venue_id: "v1".into(),
            partner_id: "p1".into(),
            offer_subcategory_id: "LIVRE".into(),
            ..Default::default()
        };
        let venue =
            |id: &str, name: &str| V { venue_id: id.into(), venue_name: Some(name.into()), ..Default::default() };
        let user = U {
            user_id: "u1".into(),
            first_deposit_type: "GRANT_18".into(),
            first_deposit_amount: Dec2(30000),
            last_deposit_amount: Dec2(15000),
            ..Default::default()
        };
        let mut own_venue = ev("ConsultVenue", None, Some("gone"), Some("o1"), at);
        own_venue.venue_id = Some("v2".into());
        let out = run(
            vec![
                ev("ConsultOffer", None, Some("u1"), Some("o1"), at),
                own_venue,
                ev("ConsultOffer", None, None, Some("o9"), at),
            ],
            vec![user],
            vec![offer],
            vec![venue("v1", "Librairie"), venue("v2", "Cinéma")],
            vec![],
        );
        type Row<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Option<Dec2>, Option<&'a str>);
        let got: Vec<Row> = out
            .iter()
            .map(|r| {
                (
                    r.offer_name.as_deref(),
                    r.partner_id.as_deref(),
                    r.venue_name.as_deref(),
                    r.user_last_deposit_amount,
                    r.user_first_deposit_type.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Some("Livre"), Some("p1"), Some("Librairie"), Some(Dec2(15000)), Some("GRANT_18")),
                (Some("Livre"), Some("p1"), Some("Cinéma"), None, None),
                (None, None, None, None, None),
            ]
        );
    }
}
