//! The parameters of each event name: what the app logs with `ConsultOffer`,
//! `BookingConfirmation`, `PerformSearch`, home modules, screen views…, including the
//! variants the tracking models reconcile (offer ids as strings, integers or doubles only,
//! `from`/`origin`, `query`/`searchQuery`, `age`/`userStatus`, `entryId`/`homeEntryId`,
//! camelCase or snake_case recommendation params, comma lists with an empty piece).

use super::{Batch, EventWorld, Focus, SCREENS, V, s};
use crate::rng::{R, mix};

/// Contentful home entries: the two "general" homes and marketing homes.
const ENTRIES: &[&str] =
    &["4XbgmX7fVVgBMoCJiLiY9n", "1ZmUjN7Za1HfxlbAOJpik2", "7qcfqY5zFesLVO5fMb4cqm", "2mSeAhtGAMRQ8p5OXtHnP3"];
const ORIGINS: &[&str] =
    &["home", "search", "venue", "similar_offer", "deeplink", "favorites", "searchresults", "thematicHome"];
const MODULES: &[&str] =
    &["Les incontournables", "Près de chez toi", "Nouveautés", "Cinéma", "Livres du moment", "Concerts"];

impl EventWorld<'_> {
    /// The parameters of one event.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn params(
        &self,
        r: &mut R,
        b: &mut Batch,
        name: &'static str,
        screen: &mut &'static str,
        screens: &[f64],
        focus: Focus,
    ) {
        let mut p = |k: &'static str, v: V| {
            b.p_key.push(k);
            b.p_val.push(v);
        };
        let previous = *screen;
        let offer_param = |r: &mut R, p: &mut dyn FnMut(&'static str, V), id: u32| match r.below(100) {
            0..=67 => p("offerId", s(id.to_string())),
            68..=92 => p("offerId", V::I(i64::from(id))),
            93..=97 => p("offerId", V::D(f64::from(id))),
            _ => {}
        };
        match name {
            "screen_view" => {
                *screen = SCREENS[r.weighted(screens)].0;
                p("firebase_screen_class", s(*screen));
            }
            "ConsultOffer"
            | "ConsultWholeOffer"
            | "ConsultDescriptionDetails"
            | "ClickBookOffer"
            | "HasAddedOfferToFavorites"
            | "ConsultAvailableDates"
            | "BookOfferConfirmDates" => {
                *screen = "Offer";
                let id = focus.offer.unwrap_or_else(|| self.offer_id(r));
                offer_param(r, &mut p, id);
                let origin = r.pick(ORIGINS);
                if r.chance(0.7) {
                    p("from", s(origin));
                } else {
                    p("origin", s(origin));
                }
                match origin {
                    "home" | "thematicHome" => {
                        p("moduleId", s(format!("{:x}", mix(u64::from(id) % 97))));
                        p("moduleName", s(r.pick(MODULES)));
                        if r.chance(0.8) {
                            p("entryId", s(r.pick(ENTRIES)));
                        } else {
                            p("homeEntryId", s(r.pick(ENTRIES)));
                        }
                        if r.chance(0.3) {
                            reco(r, &mut p);
                        }
                    }
                    "similar_offer" => {
                        p("fromOfferId", s(self.offer_id(r).to_string()));
                        p("playlistType", s(r.pick(&["sameCategorySimilarOffers", "otherCategoriesSimilarOffers"])));
                        reco(r, &mut p);
                    }
                    "search" | "searchresults" => {
                        p("searchId", s(r.hex(8)));
                        p("query", s(r.pick(crate::reference::NOUNS)));
                    }
                    "venue" => p("venueId", s(self.venue_id(r).to_string())),
                    _ => {}
                }
                if r.chance(0.05) {
                    p("isHeadline", s(if r.chance(0.5) { "true" } else { "false" }));
                }
                if r.chance(0.02) {
                    p("fromMultivenueOfferId", s(self.offer_id(r).to_string()));
                }
            }
            "BookingConfirmation" => {
                *screen = "BookingConfirmation";
                let bid = focus.booking.unwrap_or_else(|| (self.activity.bookings + 1) as u32);
                match r.below(100) {
                    0..=59 => p("bookingId", s(bid.to_string())),
                    60..=96 => p("bookingId", V::I(i64::from(bid))),
                    _ => {}
                }
                let id = focus.offer.unwrap_or_else(|| self.offer_id(r));
                offer_param(r, &mut p, id);
            }
            "ConsultVenue" | "ConsultVenueMap" => {
                *screen = "Venue";
                p("venueId", s(self.venue_id(r).to_string()));
                p("from", s(r.pick(ORIGINS)));
            }
            "PerformSearch" | "NoSearchResult" => {
                *screen = "Search";
                p("searchId", s(r.hex(8)));
                let q = format!("{} {}", r.pick(crate::reference::NOUNS), r.pick(crate::reference::ADJECTIVES));
                if r.chance(0.7) {
                    p("query", s(q));
                } else {
                    p("searchQuery", s(q));
                }
                p("searchView", s(r.pick(&["Landing", "Results", "Suggestions"])));
                if r.chance(0.3) {
                    p("searchCategories", s(r.pick(&["CINEMA", "LIVRES", "CONCERTS_FESTIVALS", "MUSIQUE"])));
                    p(
                        "searchNativeCategories",
                        s(r.pick(&["LIVRES_PAPIER", "SEANCES_DE_CINEMA", "CONCERTS_EVENEMENTS"])),
                    );
                }
                if r.chance(0.2) {
                    p("searchMaxPrice", s((10 * (1 + r.below(30))).to_string()));
                }
                if r.chance(0.2) {
                    p("searchLocationFilter", s("{\"locationType\":\"AROUND_ME\",\"aroundRadius\":50}"));
                }
                if r.chance(0.1) {
                    p("searchDate", s("{\"option\":\"thisWeek\"}"));
                    p("searchGenreTypes", s("[]"));
                }
                p("searchIsAutocomplete", V::I(r.below(2) as i64));
                p("searchIsBasedOnHistory", V::I(i64::from(r.chance(0.1))));
                p("searchOfferIsDuo", V::I(i64::from(r.chance(0.05))));
                if r.chance(0.05) {
                    p("accessibilityFilter", s("{\"isAudioDisabilityCompliant\":true}"));
                }
                if r.chance(0.3) {
                    p("filterTypes", s("[\"category\",\"price\"]"));
                }
            }
            "ModuleDisplayedOnHomePage" | "PlaylistHorizontalScroll" | "VenuePlaylistDisplayedOnSearchResults" => {
                *screen = if name == "VenuePlaylistDisplayedOnSearchResults" { "Search" } else { "Home" };
                p("moduleId", s(r.hex(22)));
                p("moduleName", s(r.pick(MODULES)));
                if r.chance(0.85) {
                    p("entryId", s(r.pick(ENTRIES)));
                } else {
                    p("homeEntryId", s(r.pick(ENTRIES)));
                }
                p("index", s(r.below(12).to_string()));
                if name == "VenuePlaylistDisplayedOnSearchResults" {
                    p("searchId", s(r.hex(8)));
                    let v: Vec<String> = (0..1 + r.below(10)).map(|_| self.venue_id(r).to_string()).collect();
                    p("venues_1_10", s(v.join(",")));
                } else {
                    let n = 1 + r.below(30) as usize;
                    let ids: Vec<String> = (0..n).map(|_| self.offer_id(r).to_string()).collect();
                    for (k, key) in ["offers_1_10", "offers_11_20", "offers_21_30"].into_iter().enumerate() {
                        if ids.len() > k * 10 {
                            let mut list = ids[k * 10..ids.len().min(k * 10 + 10)].join(",");
                            if r.chance(0.05) {
                                list.push(',');
                            }
                            p(key, s(list));
                        }
                    }
                    p("itemType", s(r.pick(&["offer", "venue"])));
                    if r.chance(0.4) {
                        reco(r, &mut p);
                    }
                    if r.chance(0.3) {
                        p("shouldUseAlgoliaRecommend", V::I(r.below(2) as i64));
                    }
                }
            }
            "CategoryBlockClicked" | "HighlightBlockClicked" | "TrendsBlockClicked" | "SystemBlockDisplayed" => {
                p("moduleId", s(r.hex(22)));
                p("moduleListID", s(r.hex(22)));
                p("entryId", s(r.pick(ENTRIES)));
                p("toEntryId", s(r.hex(22)));
            }
            "ConsultHome" => {
                *screen = "Home";
                if r.chance(0.8) {
                    p("entryId", s(r.pick(ENTRIES)));
                } else {
                    p("homeEntryId", s(r.pick(ENTRIES)));
                }
            }
            "Share" => {
                p("type", s(r.pick(&["Offer", "Venue"])));
                p("social", s(r.pick(&["Instagram", "WhatsApp", "Snapchat", "Copy"])));
                p("from", s(r.pick(ORIGINS)));
                let id = self.offer_id(r);
                offer_param(r, &mut p, id);
            }
            "Screenshot" => p("from", s(*screen)),
            "ConsultVideo" | "HasSeenAllVideo" => {
                p("youtubeId", s(r.hex(11)));
                p("videoDuration", s((30 + r.below(600)).to_string()));
                p("seenDuration", s(r.below(600).to_string()));
                p("moduleId", s(r.hex(22)));
                p("entryId", s(r.pick(ENTRIES)));
            }
            "SelectAge" => {
                let age = r.pick(&["15", "16", "17", "18", "under_15", "over_18"]);
                if r.chance(0.7) {
                    p("age", s(age));
                } else {
                    p("userStatus", s(age));
                }
            }
            "ContinueCGU" | "StepperDisplayed" => {
                p("step", s(r.pick(&["IdentityCheck", "PhoneValidation", "ProfileCompletion", "Confirmation"])));
                p("type", s(r.pick(&["ubble", "educonnect", "dms"])));
            }
            "login" => p("method", s(r.pick(&["fromSignin", "fromSSO"]))),
            "ConsultArtist" => {
                p("artistId", s(r.hex(12)));
                let id = self.offer_id(r);
                offer_param(r, &mut p, id);
            }
            "UserSetLocation" => p("locationType", s(r.pick(&["AROUND_ME", "AROUND_PLACE", "EVERYWHERE"]))),
            "user_engagement" => p("engagement_time_msec", V::I(r.range(100, 120_000))),
            "session_start" => p("session_engaged", s("1")),
            _ => {}
        }
        p("firebase_screen", s(*screen));
        if previous != *screen || r.chance(0.5) {
            p("firebase_previous_screen", s(previous));
        }
        if r.chance(0.01) {
            p("featureName", s("cheatcodes"));
            p("feedbackResponse", s(r.pick(&["yes", "no"])));
        }
        if r.chance(0.005) {
            p("adviceType", s("pro"));
            p("origin_detail", s("offer_page"));
        }
    }
}

/// Recommendation params, camelCase or snake_case (camelCase wins in the models).
fn reco(r: &mut R, p: &mut dyn FnMut(&'static str, V)) {
    let camel = r.chance(0.7);
    let pairs: [(&'static str, &'static str, V); 6] = [
        ("recoOrigin", "reco_origin", s(r.pick(&["algo", "default", "unknown"]))),
        ("abTest", "ab_test", s(r.pick(&["A", "B"]))),
        ("callId", "call_id", s(r.hex(32))),
        ("modelVersion", "model_version", s(format!("v{}", 1 + r.below(9)))),
        ("modelName", "model_name", s(r.pick(&["two_towers", "graph_recommendation"]))),
        ("modelEndpoint", "model_endpoint", s(r.pick(&["recommendation_user", "similar_offers"]))),
    ];
    for (c, sn, v) in pairs {
        p(if camel { c } else { sn }, v);
    }
    if camel {
        p("geoLocated", V::I(r.below(2) as i64));
    } else {
        p("geo_located", V::I(r.below(2) as i64));
    }
}
