//! Grain: one row per raw event of the processed partitions that is not an anomaly; no primary
//! key (events carry no id). Partitioned by `event_date`, maintained incrementally (T-1…T-7).

use pipeline::polars::prelude::{coalesce, concat_str};
use pipeline::prelude::*;
use sources::RawFirebaseEvent as R;

/// Native app events with their params flattened into typed columns, anomalies dropped
/// (tracking.md, int_firebase__native_event).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_firebase__native_event", layer = "intermediate", from = R)]
#[check(name = "no_anomaly", rule = no_anomaly, cite = "TI-2")]
#[check(name = "screen_view_home_is_screen_view", rule = screen_view_home_is_screen_view, cite = "TI-6")]
pub struct IntFirebaseNativeEvent {
    /// partition date (from the raw partition)
    pub event_date: NaiveDate,
    ///
    #[schema(computed)]
    pub event_timestamp: TsUtc,
    ///
    #[schema(computed)]
    pub event_previous_timestamp: Option<TsUtc>,
    ///
    #[schema(computed)]
    pub user_first_touch_timestamp: TsUtc,
    /// `user_id`
    pub user_id: Option<String>,
    /// `user_pseudo_id`
    pub user_pseudo_id: Option<String>,
    /// `event_name`
    pub event_name: String,
    /// `p_str('moduleId')`
    #[schema(computed)]
    pub module_id: Option<String>,
    /// `platform`
    pub platform: Option<String>,
    /// `traffic_source.name`
    #[schema(computed)]
    pub name: Option<String>,
    /// `traffic_source.medium`
    #[schema(computed)]
    pub medium: Option<String>,
    /// `traffic_source.source`
    #[schema(computed)]
    pub source: Option<String>,
    /// `app_info.version`
    #[schema(computed)]
    pub app_version: Option<String>,
    /// `p_str('traffic_source')`
    #[schema(computed)]
    pub traffic_source: Option<String>,
    /// `p_str('traffic_medium')`
    #[schema(computed)]
    pub traffic_medium: Option<String>,
    /// `p_str('traffic_campaign')`
    #[schema(computed)]
    pub traffic_campaign: Option<String>,
    /// `p_int('ga_session_id')`
    #[schema(computed)]
    pub session_id: Option<i64>,
    /// `p_int('ga_session_number')`
    #[schema(computed)]
    pub session_number: Option<i64>,
    /// `p_int('shouldUseAlgoliaRecommend')`
    #[schema(computed)]
    pub is_algolia_recommend: Option<i64>,
    /// `p_int('searchIsAutocomplete')`
    #[schema(computed)]
    pub search_is_autocomplete: Option<i64>,
    /// `p_int('searchIsBasedOnHistory')`
    #[schema(computed)]
    pub search_is_based_on_history: Option<i64>,
    /// `p_int('searchOfferIsDuo')`
    #[schema(computed)]
    pub search_offer_is_duo_filter: Option<i64>,
    /// `p_int('enabled')`
    #[schema(computed)]
    pub enabled: Option<i64>,
    /// `p_str('firebase_screen')`
    #[schema(computed)]
    pub firebase_screen: Option<String>,
    /// `p_str('firebase_previous_screen')`
    #[schema(computed)]
    pub firebase_previous_screen: Option<String>,
    /// `p_str('pageName')`
    #[schema(computed)]
    pub page_name: Option<String>,
    ///
    #[schema(computed)]
    pub origin: Option<String>,
    /// `p_str('locationType')`
    #[schema(computed)]
    pub user_location_type: Option<String>,
    /// `p_str('categoryName')`
    #[schema(computed)]
    pub category_name: Option<String>,
    /// `p_str('type')`
    #[schema(computed)]
    pub filter_type: Option<String>,
    /// `p_str('venueId')`
    #[schema(computed)]
    pub venue_id: Option<String>,
    /// R-1 `booking_id_text`
    #[schema(computed)]
    pub booking_id: Option<String>,
    /// `p_str('fromOfferId')`
    #[schema(computed)]
    pub similar_offer_id: Option<String>,
    /// `p_str('playlistType')`
    #[schema(computed)]
    pub similar_offer_playlist_type: Option<String>,
    /// `p_str('step')`
    #[schema(computed)]
    pub booking_cancellation_step: Option<String>,
    /// `p_str('filterTypes')`
    #[schema(computed)]
    pub search_filter_types: Option<String>,
    /// `p_str('searchId')`
    #[schema(computed)]
    pub search_id: Option<String>,
    /// `p_str('filter')`
    #[schema(computed)]
    pub filter: Option<String>,
    /// `p_str('searchLocationFilter')`
    #[schema(computed)]
    pub search_location_filter: Option<String>,
    /// `p_str('searchCategories')`
    #[schema(computed)]
    pub search_categories_filter: Option<String>,
    /// `p_str('searchDate')`
    #[schema(computed)]
    pub search_date_filter: Option<String>,
    /// `p_str('searchGenreTypes')`
    #[schema(computed)]
    pub search_genre_types_filter: Option<String>,
    /// `p_str('searchMaxPrice')`
    #[schema(computed)]
    pub search_max_price_filter: Option<String>,
    /// `p_str('searchNativeCategories')`
    #[schema(computed)]
    pub search_native_categories_filter: Option<String>,
    /// `p_str('moduleName')`
    #[schema(computed)]
    pub module_name: Option<String>,
    /// `p_str('moduleListID')`
    #[schema(computed)]
    pub module_list_id: Option<String>,
    /// `p_str('index')`
    #[schema(computed)]
    pub module_index: Option<String>,
    /// `p_str('items_0')`
    #[schema(computed)]
    pub item_index_list: Option<String>,
    /// `p_str('itemType')`
    #[schema(computed)]
    pub item_type: Option<String>,
    /// R-12 (possibly empty)
    #[schema(computed)]
    pub displayed_offers: Vec<String>,
    /// R-12 (possibly empty)
    #[schema(computed)]
    pub displayed_venues: Vec<String>,
    /// `p_str('traffic_gen')`
    #[schema(computed)]
    pub traffic_gen: Option<String>,
    /// `p_str('traffic_content')`
    #[schema(computed)]
    pub traffic_content: Option<String>,
    /// `p_str('toEntryId')`
    #[schema(computed)]
    pub destination_entry_id: Option<String>,
    /// `p_str('social')`
    #[schema(computed)]
    pub selected_social_media: Option<String>,
    /// `p_str('searchView')`
    #[schema(computed)]
    pub search_type: Option<String>,
    /// `p_str('type')` (same param as `filter_type`)
    #[schema(computed)]
    pub share_type: Option<String>,
    /// `p_str('duration')`
    #[schema(computed)]
    pub duration: Option<String>,
    /// `p_str('appsFlyerUserId')`
    #[schema(computed)]
    pub appsflyer_id: Option<String>,
    /// `p_str('accessibilityFilter')`
    #[schema(computed)]
    pub search_accessibility_filter: Option<String>,
    /// `p_str('videoDuration')`
    #[schema(computed)]
    pub video_duration_seconds: Option<String>,
    /// `p_str('seenDuration')`
    #[schema(computed)]
    pub video_seen_duration_seconds: Option<String>,
    /// `p_str('youtubeId')`
    #[schema(computed)]
    pub video_id: Option<String>,
    /// `p_str('fromMultivenueOfferId')`
    #[schema(computed)]
    pub multi_venue_offer_id: Option<String>,
    /// `p_str('artistId')`
    #[schema(computed)]
    pub artist_id: Option<String>,
    /// `p_str('theme_setting')`
    #[schema(computed)]
    pub theme_setting: Option<String>,
    /// `p_str('system_theme')`
    #[schema(computed)]
    pub system_theme: Option<String>,
    /// `p_str('featureName')`
    #[schema(computed)]
    pub feature_name: Option<String>,
    /// `p_str('feedbackResponse')`
    #[schema(computed)]
    pub feedback_response: Option<String>,
    /// `p_str('origin_detail')`
    #[schema(computed)]
    pub origin_detail: Option<String>,
    /// `p_str('adviceType')`
    #[schema(computed)]
    pub advice_type: Option<String>,
    /// `coalesce(p_int('geoLocated'), p_int('geo_located'))`
    #[schema(computed)]
    pub reco_geo_located: Option<i64>,
    /// R-13 (`recoOrigin` / `reco_origin`)
    #[schema(computed)]
    pub reco_origin: Option<String>,
    /// R-13 (`abTest` / `ab_test`)
    #[schema(computed)]
    pub reco_ab_test: Option<String>,
    /// R-13 (`callId` / `call_id`)
    #[schema(computed)]
    pub reco_call_id: Option<String>,
    /// R-13 (`modelVersion` / `model_version`)
    #[schema(computed)]
    pub reco_model_version: Option<String>,
    /// R-13 (`modelName` / `model_name`)
    #[schema(computed)]
    pub reco_model_name: Option<String>,
    /// R-13 (`modelEndpoint` / `model_endpoint`)
    #[schema(computed)]
    pub reco_model_endpoint: Option<String>,
    ///
    #[schema(computed)]
    pub offer_id: Option<String>,
    ///
    #[schema(computed)]
    pub unique_session_id: Option<String>,
    ///
    #[schema(computed)]
    pub query: Option<String>,
    ///
    #[schema(computed)]
    pub unique_search_id: Option<String>,
    ///
    #[schema(computed)]
    pub entry_id: Option<String>,
    ///
    #[schema(computed)]
    pub home_type: Option<String>,
    ///
    #[schema(computed)]
    pub onboarding_user_selected_age: Option<String>,
    ///
    #[schema(computed)]
    pub is_headline_offer: bool,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_consult_offer: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_booking_confirmation: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_add_to_favorites: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_share: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screenshot: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_set_location: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_consult_video: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_consult_venue: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view_home: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view_search: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view_offer: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view_profile: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view_favorites: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_screen_view_bookings: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_signup_completed: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_benef_request_sent: i64,
    /// R-14 (0/1)
    #[schema(computed)]
    pub is_login: i64,
}

/// TI-2: no anomaly survives.
fn no_anomaly(f: &Frame<IntFirebaseNativeEvent>) -> Expr {
    type E = IntFirebaseNativeEvent;
    let name = f.c(E::event_name);
    let bc = name.clone().eq(lit("BookingConfirmation"));
    implies(bc.clone(), f.c(E::booking_id).is_not_null())
        .and(implies(bc, f.c(E::user_id).is_not_null()))
        .and(implies(name.eq(lit("ConsultOffer")), f.c(E::offer_id).is_not_null()))
}

/// TI-6: a home screen view is a screen view.
fn screen_view_home_is_screen_view(f: &Frame<IntFirebaseNativeEvent>) -> Expr {
    type E = IntFirebaseNativeEvent;
    implies(f.c(E::is_screen_view_home).eq(lit(1i64)), f.c(E::is_screen_view).eq(lit(1i64)))
}

/// R-1 helper values of one raw event.
struct Helpers {
    offer_id_text: Expr,
    booking_id_text: Expr,
    double_offer_id: Expr,
}

fn helpers(p: &Params) -> Helpers {
    Helpers {
        offer_id_text: coalesce(&[p.str("offerId"), int_text(p.int("offerId"))]),
        booking_id_text: coalesce(&[p.str("bookingId"), int_text(p.int("bookingId"))]),
        double_offer_id: p.dbl("offerId"),
    }
}

/// the `<prefix>_1_10` … `<prefix>_41_50` params (NULL → ""), split on `,`, concatenated in
/// order, empty pieces dropped; no trimming, duplicates kept.
fn displayed(p: &Params, prefix: &str) -> Expr {
    let parts: Vec<Expr> = ["1_10", "11_20", "21_30", "31_40", "41_50"]
        .iter()
        .map(|r| p.str(&format!("{prefix}_{r}")).fill_null(lit("")))
        .collect();
    // Joining the five texts with `,` then taking every maximal run of non-`,` characters gives
    // the non-empty pieces of splitting each text, in order.
    concat_str(parts, ",", false).str().extract_all(lit("[^,]+"))
}

/// camelCase key first, then snake_case.
fn reco(p: &Params, camel: &str, snake: &str) -> Expr {
    coalesce(&[p.str(camel), p.str(snake)])
}

/// first match on the raw `entryId`.
fn home_type(entry: Expr) -> Expr {
    when(is_in_strs(entry.clone(), &["4XbgmX7fVVgBMoCJiLiY9n", "1ZmUjN7Za1HfxlbAOJpik2"]))
        .then(lit("generale"))
        .when(entry.is_not_null())
        .then(lit("marketing"))
        .otherwise(null_str())
}

pub fn build(_ctx: &RunContext, raw: Frame<R>) -> Frame<IntFirebaseNativeEvent> {
    let p = Params::of(raw.c(R::event_params));
    let h = helpers(&p);
    // anomalies are dropped (a ConsultOffer whose offer id is only a double included, K-22).
    let name = raw.c(R::event_name);
    let booking_confirmation = name.clone().eq(lit("BookingConfirmation"));
    let anomaly = booking_confirmation
        .clone()
        .and(h.booking_id_text.clone().is_null())
        .or(booking_confirmation.and(raw.c(R::user_id).is_null()))
        .or(name.clone().eq(lit("ConsultOffer")).and(h.offer_id_text.clone().is_null()));
    let screen = p.str("firebase_screen");
    let screen_view = name.clone().eq(lit("screen_view"));
    // Every param is asked for (below) before the frame gets them all in one pass (`attach`);
    // the expressions read columns by name, so they are built on `raw`'s handle.
    let j = &raw;
    let computed = IntFirebaseNativeEventComputed {
        event_timestamp: ts_from_micros(j.c(R::event_timestamp)),
        event_previous_timestamp: ts_from_micros(j.c(R::event_previous_timestamp)),
        user_first_touch_timestamp: ts_from_micros(j.c(R::event_timestamp)),
        module_id: p.str("moduleId"),
        name: j.c(R::traffic_source).struct_().field_by_name("name"),
        medium: j.c(R::traffic_source).struct_().field_by_name("medium"),
        source: j.c(R::traffic_source).struct_().field_by_name("source"),
        app_version: j.c(R::app_info).struct_().field_by_name("version"),
        traffic_source: p.str("traffic_source"),
        traffic_medium: p.str("traffic_medium"),
        traffic_campaign: p.str("traffic_campaign"),
        session_id: p.int("ga_session_id"),
        session_number: p.int("ga_session_number"),
        is_algolia_recommend: p.int("shouldUseAlgoliaRecommend"),
        search_is_autocomplete: p.int("searchIsAutocomplete"),
        search_is_based_on_history: p.int("searchIsBasedOnHistory"),
        search_offer_is_duo_filter: p.int("searchOfferIsDuo"),
        enabled: p.int("enabled"),
        firebase_screen: p.str("firebase_screen"),
        firebase_previous_screen: p.str("firebase_previous_screen"),
        page_name: p.str("pageName"),
        origin: coalesce(&[p.str("from"), p.str("origin")]),
        user_location_type: p.str("locationType"),
        category_name: p.str("categoryName"),
        filter_type: p.str("type"),
        venue_id: p.str("venueId"),
        booking_id: h.booking_id_text.clone(),
        similar_offer_id: p.str("fromOfferId"),
        similar_offer_playlist_type: p.str("playlistType"),
        booking_cancellation_step: p.str("step"),
        search_filter_types: p.str("filterTypes"),
        search_id: p.str("searchId"),
        filter: p.str("filter"),
        search_location_filter: p.str("searchLocationFilter"),
        search_categories_filter: p.str("searchCategories"),
        search_date_filter: p.str("searchDate"),
        search_genre_types_filter: p.str("searchGenreTypes"),
        search_max_price_filter: p.str("searchMaxPrice"),
        search_native_categories_filter: p.str("searchNativeCategories"),
        module_name: p.str("moduleName"),
        module_list_id: p.str("moduleListID"),
        module_index: p.str("index"),
        item_index_list: p.str("items_0"),
        item_type: p.str("itemType"),
        displayed_offers: displayed(&p, "offers"),
        displayed_venues: displayed(&p, "venues"),
        traffic_gen: p.str("traffic_gen"),
        traffic_content: p.str("traffic_content"),
        destination_entry_id: p.str("toEntryId"),
        selected_social_media: p.str("social"),
        search_type: p.str("searchView"),
        share_type: p.str("type"),
        duration: p.str("duration"),
        appsflyer_id: p.str("appsFlyerUserId"),
        search_accessibility_filter: p.str("accessibilityFilter"),
        video_duration_seconds: p.str("videoDuration"),
        video_seen_duration_seconds: p.str("seenDuration"),
        video_id: p.str("youtubeId"),
        multi_venue_offer_id: p.str("fromMultivenueOfferId"),
        artist_id: p.str("artistId"),
        theme_setting: p.str("theme_setting"),
        system_theme: p.str("system_theme"),
        feature_name: p.str("featureName"),
        feedback_response: p.str("feedbackResponse"),
        origin_detail: p.str("origin_detail"),
        advice_type: p.str("adviceType"),
        reco_geo_located: coalesce(&[p.int("geoLocated"), p.int("geo_located")]),
        reco_origin: reco(&p, "recoOrigin", "reco_origin"),
        reco_ab_test: reco(&p, "abTest", "ab_test"),
        reco_call_id: reco(&p, "callId", "call_id"),
        reco_model_version: reco(&p, "modelVersion", "model_version"),
        reco_model_name: reco(&p, "modelName", "model_name"),
        reco_model_endpoint: reco(&p, "modelEndpoint", "model_endpoint"),
        offer_id: coalesce(&[fmt_double_expr(h.double_offer_id.clone()), h.offer_id_text.clone()]),
        unique_session_id: concat(vec![j.c(R::user_pseudo_id), lit("-"), int_text(p.int("ga_session_id"))]),
        query: coalesce(&[p.str("query"), p.str("searchQuery")]),
        unique_search_id: concat(vec![
            j.c(R::user_pseudo_id),
            lit("-"),
            int_text(p.int("ga_session_id")),
            lit("-"),
            p.str("searchId"),
        ]),
        entry_id: coalesce(&[p.str("entryId"), p.str("homeEntryId")]),
        home_type: home_type(p.str("entryId")),
        onboarding_user_selected_age: coalesce(&[p.str("age"), p.str("userStatus")]),
        is_headline_offer: p.str("isHeadline").eq(lit("true")).fill_null(lit(false)),
        is_consult_offer: flag01(name.clone().eq(lit("ConsultOffer"))),
        is_booking_confirmation: flag01(name.clone().eq(lit("BookingConfirmation"))),
        is_add_to_favorites: flag01(name.clone().eq(lit("HasAddedOfferToFavorites"))),
        is_share: flag01(name.clone().eq(lit("Share"))),
        is_screenshot: flag01(name.clone().eq(lit("Screenshot"))),
        is_set_location: flag01(name.clone().eq(lit("UserSetLocation"))),
        is_consult_video: flag01(name.clone().eq(lit("ConsultVideo"))),
        is_consult_venue: flag01(name.clone().eq(lit("ConsultVenue"))),
        is_screen_view: flag01(screen_view.clone()),
        is_screen_view_home: flag01(screen_view.clone().and(screen.clone().eq(lit("Home")))),
        is_screen_view_search: flag01(screen_view.clone().and(screen.clone().eq(lit("Search")))),
        is_screen_view_offer: flag01(screen_view.clone().and(screen.clone().eq(lit("Offer")))),
        is_screen_view_profile: flag01(screen_view.clone().and(screen.clone().eq(lit("Profile")))),
        is_screen_view_favorites: flag01(screen_view.clone().and(screen.clone().eq(lit("Favorites")))),
        is_screen_view_bookings: flag01(
            screen_view.clone().and(is_in_strs(screen.clone(), &["Bookings", "BookingDetails"])),
        ),
        is_signup_completed: flag01(
            screen.clone().eq(lit("SignupConfirmationEmailSent")).or(name.clone().eq(lit("ContinueCGU"))),
        ),
        is_benef_request_sent: flag01(is_in_strs(
            screen.clone(),
            &["BeneficiaryRequestSent", "UnderageAccountCreated", "BeneficiaryAccountCreated"],
        )),
        is_login: flag01(name.clone().eq(lit("login"))),
    };
    let kept = p.attach(raw.clone()).filter(anomaly.not());
    IntFirebaseNativeEvent::project(kept, computed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows, snapshot_cols};

    type P = EventParam;

    fn ev(name: &str, user: Option<&str>, params: Vec<P>) -> R {
        R {
            event_date: pipeline::date("2026-11-27"),
            event_timestamp: 1_796_000_000_000_000,
            event_previous_timestamp: None,
            event_name: name.into(),
            event_params: Some(params),
            user_id: user.map(Into::into),
            user_pseudo_id: Some("dev1".into()),
            ..Default::default()
        }
    }

    fn run(raw: Vec<R>) -> Vec<IntFirebaseNativeEvent> {
        rows(build(&ctx("2026-11-27"), Frame::from_rows(&raw)))
    }

    /// R-int_firebase__native_event-1, -2 (K-22): offer / booking ids come as text or integer
    /// params; BookingConfirmation without booking id or user and ConsultOffer without a text or
    /// integer offer id (a double only) are anomalies and dropped; TI-2.
    ///
    /// Rules: R-int_firebase__native_event-1, R-int_firebase__native_event-2.
    #[test]
    fn r_int_firebase__native_event_1_2_helper_ids_and_anomalies() {
        let out = run(vec![
            ev("BookingConfirmation", Some("u1"), vec![P::int("bookingId", 42)]),
            ev("BookingConfirmation", Some("u1"), vec![P::str("bookingId", "b7")]),
            ev("BookingConfirmation", None, vec![P::int("bookingId", 43)]),
            ev("BookingConfirmation", Some("u1"), vec![]),
            ev("ConsultOffer", None, vec![P::int("offerId", 5)]),
            ev("ConsultOffer", None, vec![P::str("offerId", "6")]),
            ev("ConsultOffer", None, vec![P::dbl("offerId", 7.0)]),
            ev("ConsultOffer", None, vec![]),
            ev("screen_view", None, vec![]),
        ]);
        let got: Vec<(&str, Option<&str>, Option<&str>)> =
            out.iter().map(|r| (r.event_name.as_str(), r.booking_id.as_deref(), r.offer_id.as_deref())).collect();
        assert_eq!(
            got,
            [
                ("BookingConfirmation", Some("42"), None),
                ("BookingConfirmation", Some("b7"), None),
                ("ConsultOffer", None, Some("5")),
                ("ConsultOffer", None, Some("6")),
                ("screen_view", None, None),
            ]
        );
    }

    /// R-int_firebase__native_event-3: a double offer id wins over the text one, formatted by
    /// `fmt_double` (integral → integer text, plain notation, NaN → falls back to the text).
    /// Duplicate keys (L-7): only the first `offerId` element counts, so an integer first and a
    /// double second give the integer's text.
    #[test]
    fn r_int_firebase__native_event_3_double_offer_id_wins_formatted() {
        let out = run(vec![
            ev("ConsultVenue", None, vec![P::dbl("offerId", 123456.0), P::str("offerId", "999")]),
            ev("ConsultVenue", None, vec![P::dbl("offerId", 1e21)]),
            ev("ConsultVenue", None, vec![P::dbl("offerId", 1.5e-7)]),
            ev("ConsultVenue", None, vec![P::dbl("offerId", f64::NAN)]),
            ev("ConsultVenue", None, vec![P::str("offerId", "77")]),
            ev("ConsultOffer", None, vec![P::int("offerId", 12), P::dbl("offerId", 0.1)]),
        ]);
        let ids: Vec<Option<&str>> = out.iter().map(|r| r.offer_id.as_deref()).collect();
        assert_eq!(
            ids,
            [Some("123456"), Some("1000000000000000000000"), Some("0.00000015"), None, Some("77"), Some("12")]
        );
    }

    /// R-int_firebase__native_event-4, -5: session and search ids concatenate with `-`; NULL
    /// when any part (device, session, search id) is NULL.
    ///
    /// Rules: R-int_firebase__native_event-4, R-int_firebase__native_event-5.
    #[test]
    fn r_int_firebase__native_event_4_5_session_and_search_ids() {
        let mut no_device = ev("PerformSearch", None, vec![P::int("ga_session_id", 9), P::str("searchId", "s")]);
        no_device.user_pseudo_id = None;
        let out = run(vec![
            ev("PerformSearch", None, vec![P::int("ga_session_id", 9), P::str("searchId", "s")]),
            ev("PerformSearch", None, vec![P::str("searchId", "s")]),
            ev("PerformSearch", None, vec![P::int("ga_session_id", 9)]),
            no_device,
        ]);
        let got: Vec<(Option<i64>, Option<&str>, Option<&str>)> =
            out.iter().map(|r| (r.session_id, r.unique_session_id.as_deref(), r.unique_search_id.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Some(9), Some("dev1-9"), Some("dev1-9-s")),
                (None, None, None),
                (Some(9), Some("dev1-9"), None),
                (Some(9), None, None),
            ]
        );
    }

    /// R-int_firebase__native_event-6, -7: `entry_id` falls back to `homeEntryId`, `home_type`
    /// reads the raw `entryId` only.
    ///
    /// Rules: R-int_firebase__native_event-6, R-int_firebase__native_event-7.
    #[test]
    fn r_int_firebase__native_event_6_7_entry_id_and_home_type() {
        let out = run(vec![
            ev("ConsultHome", None, vec![P::str("entryId", "4XbgmX7fVVgBMoCJiLiY9n")]),
            ev("ConsultHome", None, vec![P::str("entryId", "1ZmUjN7Za1HfxlbAOJpik2")]),
            ev("ConsultHome", None, vec![P::str("entryId", "other"), P::str("homeEntryId", "h")]),
            ev("ConsultHome", None, vec![P::str("homeEntryId", "h")]),
        ]);
        let got: Vec<(Option<&str>, Option<&str>)> =
            out.iter().map(|r| (r.entry_id.as_deref(), r.home_type.as_deref())).collect();
        assert_eq!(
            got,
            [
                (Some("4XbgmX7fVVgBMoCJiLiY9n"), Some("generale")),
                (Some("1ZmUjN7Za1HfxlbAOJpik2"), Some("generale")),
                (Some("other"), Some("marketing")),
                (Some("h"), None),
            ]
        );
    }

    /// R-int_firebase__native_event-8, -9, -10, -13: first non-NULL of the two keys, the first
    /// key winning; `reco_geo_located` reads integers.
    ///
    /// Rules: R-int_firebase__native_event-8, R-int_firebase__native_event-9, R-int_firebase__native_event-10,
    /// R-int_firebase__native_event-13.
    #[test]
    fn r_int_firebase__native_event_8_9_10_13_coalesced_params() {
        let out = run(vec![
            ev(
                "x",
                None,
                vec![
                    P::str("query", "q1"),
                    P::str("searchQuery", "q2"),
                    P::str("from", "f"),
                    P::str("origin", "o"),
                    P::str("age", "18"),
                    P::str("userStatus", "st"),
                    P::str("recoOrigin", "camel"),
                    P::str("reco_origin", "snake"),
                    P::int("geo_located", 1),
                    P::str("model_name", "m"),
                ],
            ),
            ev("x", None, vec![P::str("searchQuery", "q2"), P::str("origin", "o"), P::str("userStatus", "st")]),
        ]);
        let r = &out[0];
        assert_eq!(
            (r.query.as_deref(), r.origin.as_deref(), r.onboarding_user_selected_age.as_deref()),
            (Some("q1"), Some("f"), Some("18"))
        );
        assert_eq!(
            (r.reco_origin.as_deref(), r.reco_model_name.as_deref(), r.reco_geo_located),
            (Some("camel"), Some("m"), Some(1))
        );
        let r = &out[1];
        assert_eq!(
            (r.query.as_deref(), r.origin.as_deref(), r.onboarding_user_selected_age.as_deref()),
            (Some("q2"), Some("o"), Some("st"))
        );
        assert_eq!((r.reco_origin.as_deref(), r.reco_geo_located), (None, None));
    }

    /// R-int_firebase__native_event-11: `isHeadline = 'true'` only; NULL → false.
    #[test]
    fn r_int_firebase__native_event_11_headline_flag() {
        let out = run(vec![
            ev("x", None, vec![P::str("isHeadline", "true")]),
            ev("x", None, vec![P::str("isHeadline", "TRUE")]),
            ev("x", None, vec![]),
        ]);
        let got: Vec<bool> = out.iter().map(|r| r.is_headline_offer).collect();
        assert_eq!(got, [true, false, false]);
    }

    /// R-int_firebase__native_event-12: the five ranges split on `,`, in order, empty pieces
    /// dropped, no trimming, duplicates kept; no param gives an empty list.
    #[test]
    fn r_int_firebase__native_event_12_displayed_offers_and_venues() {
        let out = run(vec![
            ev(
                "x",
                None,
                vec![
                    P::str("offers_11_20", "3, 4,,3"),
                    P::str("offers_1_10", "1,2,"),
                    P::str("offers_41_50", "9"),
                    P::str("venues_21_30", ",v"),
                ],
            ),
            ev("x", None, vec![]),
        ]);
        assert_eq!(out[0].displayed_offers, ["1", "2", "3", " 4", "3", "9"]);
        assert_eq!(out[0].displayed_venues, ["v"]);
        assert!(out[1].displayed_offers.is_empty() && out[1].displayed_venues.is_empty());
    }

    /// R-int_firebase__native_event-14 (TI-6): 0/1 flags; screen-view flags need both the
    /// name and the screen; sign-up and beneficiary flags read the screen of any event.
    #[test]
    fn r_int_firebase__native_event_14_flags() {
        let sv = |screen: &str| ev("screen_view", None, vec![P::str("firebase_screen", screen)]);
        let out = run(vec![
            sv("Home"),
            sv("BookingDetails"),
            ev("ConsultVideo", None, vec![P::str("firebase_screen", "Home")]),
            ev("ContinueCGU", None, vec![]),
            ev("x", None, vec![P::str("firebase_screen", "UnderageAccountCreated")]),
            ev("login", None, vec![]),
        ]);
        let f = |r: &IntFirebaseNativeEvent| {
            [
                r.is_screen_view,
                r.is_screen_view_home,
                r.is_screen_view_bookings,
                r.is_consult_video,
                r.is_signup_completed,
                r.is_benef_request_sent,
                r.is_login,
            ]
        };
        let got: Vec<[i64; 7]> = out.iter().map(f).collect();
        assert_eq!(
            got,
            [
                [1, 1, 0, 0, 0, 0, 0],
                [1, 0, 1, 0, 0, 0, 0],
                [0, 0, 0, 1, 0, 0, 0],
                [0, 0, 0, 0, 1, 0, 0],
                [0, 0, 0, 0, 0, 1, 0],
                [0, 0, 0, 0, 0, 0, 1],
            ]
        );
    }

    /// R-int_firebase__native_event-15 (K-25): µs integers as UTC instants; the first-touch
    /// column copies the event time. T-8: identical raw rows stay distinct rows.
    #[test]
    fn r_int_firebase__native_event_15_timestamps_and_t_8_no_dedup() {
        let mut e = ev("x", None, vec![]);
        e.event_previous_timestamp = Some(1_000_000);
        let out = run(vec![e.clone(), e]);
        assert_eq!(out.len(), 2, "T-8: no deduplication");
        assert_eq!(out[0].event_timestamp.0.to_string(), "2026-11-30 00:53:20 UTC");
        assert_eq!(out[0].user_first_touch_timestamp, out[0].event_timestamp);
        assert_eq!(out[0].event_previous_timestamp.unwrap().0.to_string(), "1970-01-01 00:00:01 UTC");
    }

    /// Struct fields and plain params land in their columns (snapshot of a few).
    #[test]
    fn r_int_firebase__native_event_columns_from_structs_and_params() {
        let mut e =
            ev("ConsultOffer", Some("u"), vec![P::str("offerId", "1"), P::str("moduleId", "m"), P::str("type", "t")]);
        e.traffic_source = Some(sources::firebase::raw_firebase__event::TrafficSource {
            name: Some("n".into()),
            medium: Some("md".into()),
            source: Some("s".into()),
        });
        e.app_info = Some(sources::firebase::raw_firebase__event::AppInfo { id: None, version: Some("1.2".into()) });
        insta::assert_snapshot!(snapshot_cols(
            build(&ctx("2026-11-27"), Frame::from_rows(&[e])),
            &["event_name", "module_id", "name", "medium", "source", "app_version", "filter_type", "share_type"]
        ));
    }
}
