//! Grain / PK: one row per distinct (`event_date`, `offerer_id`, `offerer_name`, `venue_id`,
//! `venue_name`, `offer_id`, `offer_name`, `event_name`, `traffic_medium`, `traffic_campaign`,
//! `origin`, `user_role`, `user_age`); NULL is a grouping value (C-20). Partitioned by
//! `event_date`, maintained incrementally.

use intermediate::IntFirebaseNativeEvent as E;
use pipeline::polars::prelude::{DataType, len};
use pipeline::prelude::*;

use crate::{MrtGlobalOffer as O, MrtGlobalUserBeneficiary as U};

/// Daily offer consultations per offer, traffic origin and user profile
/// (tracking.md, mrt_native__daily_offer_consultation).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(
    model = "mrt_native__daily_offer_consultation",
    layer = "mart",
    from = Consultation
)]
// The grain has nullable columns (NULL is a grouping value, C-20), which the implicit `unique`
// test of a declared grain rejects: uniqueness with NULL = NULL is this explicit test (TI-5).
#[check(name = "grouping_columns_unique", rule = grouping_columns_unique, cite = "TI-5")]
#[check(name = "cnt_events_positive", rule = cnt_events_positive, cite = "R-mrt_native__daily_offer_consultation-4")]
pub struct MrtNativeDailyOfferConsultation {
    /// partition date (from fe)
    pub event_date: NaiveDate,
    /// offerer (from o)
    pub offerer_id: String,
    /// offerer name (from o)
    pub offerer_name: Option<String>,
    /// venue (from o)
    pub venue_id: String,
    /// venue name (from o)
    pub venue_name: Option<String>,
    /// offer (from o)
    pub offer_id: String,
    /// offer name (from o)
    pub offer_name: Option<String>,
    /// consultation event name
    pub event_name: String,
    /// `traffic_medium` param (from fe)
    pub traffic_medium: Option<String>,
    /// `traffic_campaign` param (from fe)
    pub traffic_campaign: Option<String>,
    /// origin (from fe)
    pub origin: Option<String>,
    /// beneficiary status at the event
    #[check(accepted_values = ["Bénéficiaire", "Ancien bénéficiaire", "Non bénéficiaire", "Non loggué"], cite = "R-mrt_native__daily_offer_consultation-2")]
    pub user_role: String,
    /// age at the event date
    pub user_age: Option<i64>,
    /// number of events in the group
    #[schema(computed)]
    pub cnt_events: i64,
}

/// The 13 grouping columns (the grain, NULL = NULL).
pub const GROUPING: [&str; 13] = [
    "event_date",
    "offerer_id",
    "offerer_name",
    "venue_id",
    "venue_name",
    "offer_id",
    "offer_name",
    "event_name",
    "traffic_medium",
    "traffic_campaign",
    "origin",
    "user_role",
    "user_age",
];

/// TI-5: one row per grouping (window partitions put NULLs together, C-20).
fn grouping_columns_unique(_f: &Frame<MrtNativeDailyOfferConsultation>) -> Expr {
    let keys: Vec<Expr> = GROUPING.iter().map(|c| raw_col(*c)).collect();
    over(len(), keys).eq(lit(1u32))
}

fn cnt_events_positive(f: &Frame<MrtNativeDailyOfferConsultation>) -> Expr {
    f.c(MrtNativeDailyOfferConsultation::cnt_events).gt_eq(lit(1i64))
}

/// One consultation event with its grouping values.
#[derive(Schema)]
pub struct Consultation {
    #[schema(from = E)]
    pub event_date: NaiveDate,
    #[schema(from = O)]
    pub offerer_id: String,
    #[schema(from = O)]
    pub offerer_name: Option<String>,
    #[schema(from = O)]
    pub venue_id: String,
    #[schema(from = O)]
    pub venue_name: Option<String>,
    #[schema(from = O)]
    pub offer_id: String,
    #[schema(from = O)]
    pub offer_name: Option<String>,
    #[schema(from = E)]
    pub event_name: String,
    #[schema(from = E)]
    pub traffic_medium: Option<String>,
    #[schema(from = E)]
    pub traffic_campaign: Option<String>,
    #[schema(from = E)]
    pub origin: Option<String>,
    pub user_role: String,
    pub user_age: Option<i64>,
}

pub fn build(
    _ctx: &RunContext,
    events: Frame<E>,
    offers: Frame<O>,
    users: Frame<U>,
) -> Frame<MrtNativeDailyOfferConsultation> {
    //
    let keep = is_in_strs(events.c(E::event_name), &["ConsultOffer", "ConsultWholeOffer", "ConsultDescriptionDetails"]);
    let j = events
        .filter(keep)
        .inner_join(offers, on(E::offer_id, O::offer_id))
        .left_join(users, on(E::user_id, U::user_id));
    let t = paris(j.c(E::event_timestamp));
    let first = j.c(U::first_deposit_creation_date);
    let last = paris_of_utc_wall_clock(j.c(U::last_deposit_expiration_date));
    let logged = j.c(E::user_id).is_not_null();
    // first match; a NULL comparison falls through (C-16).
    let user_role = when(logged.clone().and(first.lt_eq(t.clone())).and(t.clone().lt_eq(last.clone())))
        .then(lit("Bénéficiaire"))
        .when(logged.clone().and(t.gt(last)))
        .then(lit("Ancien bénéficiaire"))
        .when(logged)
        .then(lit("Non bénéficiaire"))
        .otherwise(lit("Non loggué"));
    let consultations = Consultation::project(
        j.clone(),
        ConsultationComputed {
            user_role,
            //
            user_age: exact_age(j.c(E::event_date), j.c(U::user_birth_date)),
        },
    );
    //
    MrtNativeDailyOfferConsultation::aggregate(
        consultations,
        MrtNativeDailyOfferConsultationComputed { cnt_events: len().cast(DataType::Int64) },
    )
}

#[cfg(test)]
#[allow(non_snake_case)]
mod tests {
    use super::*;
    use pipeline::testing::{collect, ctx};

    fn ev(name: &str, user: Option<&str>, offer: Option<&str>, at: &str) -> E {
        E {
            event_date: pipeline::date(&at[..10]),
            event_timestamp: TsUtc(pipeline::dt(at).and_utc()),
            user_first_touch_timestamp: TsUtc(pipeline::dt(at).and_utc()),
            event_name: name.into(),
            user_id: user.map(Into::into),
            offer_id: offer.map(Into::into),
            ..Default::default()
        }
    }

    fn offer(id: &str) -> O {
        O {
            offer_id: id.into(),
            offer_name: Some(format!("offer {id}")),
            venue_id: "v1".into(),
            venue_name: None,
            offerer_id: "of1".into(),
            offerer_name: Some("Offerer".into()),
            ..Default::default()
        }
    }

    fn user(id: &str, first: &str, last_expiry: Option<&str>, birth: &str) -> U {
        U {
            user_id: id.into(),
            first_deposit_creation_date: DtParis(pipeline::dt(first)),
            last_deposit_expiration_date: last_expiry.map(|d| DtUtc(pipeline::dt(d))),
            user_birth_date: Some(pipeline::date(birth)),
            ..Default::default()
        }
    }

    /// R-mrt_native__daily_offer_consultation-1…-4 (TI-4, TI-5): the three consultation names
    /// only; INNER join on the offer mart (unknown and NULL offers drop); user role by first match
    /// on Paris times (beneficiary within [first creation, paris(last expiry)], former after it,
    /// non-beneficiary when logged in otherwise, also when absent from the mart or before the
    /// first deposit, "Non loggué" without user id); age at the event date; NULL groups with NULL
    /// (C-20); `cnt_events` counts the group's events.
    ///
    /// Rules: R-mrt_native__daily_offer_consultation-1, R-mrt_native__daily_offer_consultation-2,
    /// R-mrt_native__daily_offer_consultation-3, R-mrt_native__daily_offer_consultation-4.
    #[test]
    fn r_mrt_native__daily_offer_consultation_1_2_3_4_groups_roles_ages_counts() {
        let events = vec![
            ev("ConsultOffer", Some("ben"), Some("o1"), "2026-11-27 10:00:00"),
            ev("ConsultOffer", Some("ben"), Some("o1"), "2026-11-27 11:00:00"),
            ev("ConsultWholeOffer", Some("old"), Some("o1"), "2026-11-27 10:00:00"),
            ev("ConsultDescriptionDetails", Some("stranger"), Some("o1"), "2026-11-27 10:00:00"),
            ev("ConsultOffer", Some("early"), Some("o1"), "2026-11-27 10:00:00"),
            ev("ConsultOffer", None, Some("o1"), "2026-11-27 10:00:00"),
            ev("ConsultOffer", None, Some("o1"), "2026-11-26 10:00:00"),
            ev("ConsultOffer", None, Some("unknown"), "2026-11-27 10:00:00"),
            ev("ConsultOffer", None, None, "2026-11-27 10:00:00"),
            ev("ConsultVenue", None, Some("o1"), "2026-11-27 10:00:00"),
        ];
        let users = vec![
            // birthday on 2026-11-28: still 16 on the 27th
            user("ben", "2025-01-01 00:00:00", Some("2027-01-01 00:00:00"), "2009-11-28"),
            // expired 2026-11-27 08:00 UTC = 09:00 Paris; event 10:00 UTC = 11:00 Paris
            user("old", "2024-01-01 00:00:00", Some("2026-11-27 08:00:00"), "2006-01-01"),
            user("early", "2026-11-27 12:00:00", Some("2028-01-01 00:00:00"), "2008-01-01"),
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&events),
            Frame::from_rows(&[offer("o1")]),
            Frame::from_rows(&users),
        );
        insta::assert_snapshot!(pipeline::snapshot::render(&collect(out), &GROUPING));
    }
}
