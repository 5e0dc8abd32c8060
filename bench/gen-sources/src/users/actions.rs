//! `action_history`: suspensions (with a JSON reason), unsuspensions and a few other back-office
//! actions, ids increasing with the action date (sources.md §2.14).

use super::Users;
use crate::reference::SUSPENSION_REASONS;
use crate::rng::R;
use crate::table::{self, permute, sort_order};
use crate::time::HOUR;

fn reason_json(r: &mut R, reason: &str) -> String {
    if r.chance(0.2) {
        format!("{{\"reason\": \"{reason}\", \"comment\": \"Traité par le support\"}}")
    } else {
        format!("{{\"reason\": \"{reason}\"}}")
    }
}

/// Suspension history (and a few other actions); ids follow action dates.
pub(super) fn actions(u: &mut Users, r: &mut R, cut: i64) {
    let mut at: Vec<i64> = Vec::new();
    for i in 0..u.users {
        let created = u.u_created[i];
        let span = (cut - created).max(HOUR);
        let mut t = created + (span as f64 * r.unit() * 0.8) as i64;
        // (kind, json) of this user's actions, in order.
        let mut mine: Vec<(&'static str, Option<String>)> = Vec::new();
        let suspend = |r: &mut R| {
            let reason = r.choose(SUSPENSION_REASONS);
            ("USER_SUSPENDED", Some(reason_json(r, reason)))
        };
        let unsuspend = |r: &mut R| ("USER_UNSUSPENDED", r.chance(0.5).then(|| "{}".to_string()));
        match u.u_active[i] {
            Some(false) => {
                if r.chance(0.15) {
                    mine.push(suspend(r));
                    mine.push(unsuspend(r));
                }
                let last = suspend(r);
                mine.push(if r.chance(0.01) { (last.0, None) } else { last });
            }
            None if r.chance(0.6) => mine.push(suspend(r)),
            Some(true) if r.chance(0.012) => {
                mine.push(suspend(r));
                mine.push(unsuspend(r));
            }
            _ => {}
        }
        for (kind, json) in mine {
            t = (t + r.range(HOUR, (cut - t).max(2 * HOUR) / 2 + HOUR)).min(cut);
            push_action(u, r, &mut at, t, kind, json, i as u32);
        }
        if r.chance(0.03) {
            let (kind, json) = match r.below(3) {
                0 => ("COMMENT", r.chance(0.5).then(|| "{\"comment\": \"Appel du bénéficiaire\"}".to_string())),
                1 => ("INFO_MODIFIED", Some("{\"modified_info\": {\"postalCode\": {\"old_info\": null}}}".to_string())),
                _ => ("USER_PHONE_VALIDATED", None),
            };
            let when = created + (span as f64 * r.unit()) as i64;
            push_action(u, r, &mut at, when, kind, json, i as u32);
        }
        if r.chance(0.0005) {
            push_action(u, r, &mut at, created + HOUR, "USER_SUSPENDED", Some("reason=deleted".to_string()), i as u32);
        }
    }
    let (order, _) = sort_order(&at);
    permute(&mut u.ah_type, &order);
    permute(&mut u.ah_json, &order);
    permute(&mut u.ah_user, &order);
    permute(&mut u.ah_date, &order);
}

#[allow(clippy::too_many_arguments)]
fn push_action(
    u: &mut Users,
    r: &mut R,
    at: &mut Vec<i64>,
    t: i64,
    kind: &'static str,
    json: Option<String>,
    user: u32,
) {
    at.push(t);
    u.ah_type.push(kind);
    u.ah_json.push(json);
    u.ah_user.push(if r.chance(0.003) { table::NULL } else { user });
    u.ah_date.push(if r.chance(0.002) { None } else { Some(t) });
}
