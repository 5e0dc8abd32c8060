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
    // LEFT joins on each mart's grain: never duplicate nor drop an event.
    let j = events.left_join(users, on(E::user_id, U::user_id)).left_join(offers, on(E::offer_id, O::offer_id));
    let venue_key = coalesce(&[j.c(E::venue_id), j.c(O::venue_id)]);
    let j = j.left_join(venues, on_expr(venue_key, V::venue_id));
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
