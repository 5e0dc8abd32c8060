//! Grain: one row per suspension-related action; PK `action_history_id`.

use one_to_n;
use pipeline::polars::prelude::DataType;
use pipeline::prelude::*;
use sources::RawApplicativeActionHistory as Raw;

/// Suspension and unsuspension actions with their reason and recency rank per user
/// (intermediate.md, int_applicative__action_history).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__action_history", layer = "intermediate", grain = "action_history_id", from = Raw)]
#[check(name = "rk_numbers_each_user_1_to_n", rule = rk_numbers_each_user_1_to_n, cite = "R-int_applicative__action_history-3")]
pub struct IntApplicativeActionHistory {
    /// id, increasing over time
    pub action_history_id: String,
    /// `USER_SUSPENDED` or `USER_UNSUSPENDED` (R-1)
    #[check(accepted_values = ["USER_SUSPENDED", "USER_UNSUSPENDED"], cite = "R-int_applicative__action_history-1")]
    pub action_type: String,
    /// action datetime
    pub action_date: Option<DtParis>,
    /// user concerned
    pub user_id: Option<String>,
    /// `reason` key of the action's JSON data (R-2)
    #[schema(computed)]
    pub action_history_reason: Option<String>,
    /// 1 = the user's latest suspension-related action (R-3, R-4)
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_applicative__action_history-3")]
    pub action_history_rk: i64,
}

/// A ROW_NUMBER per user: 1..n once each, the NULL user being one partition (C-20).
fn rk_numbers_each_user_1_to_n(f: &Frame<IntApplicativeActionHistory>) -> Expr {
    type A = IntApplicativeActionHistory;
    one_to_n(f.c(A::action_history_rk), vec![f.c(A::user_id)])
}

pub fn build(_ctx: &RunContext, actions: Frame<Raw>) -> Frame<IntApplicativeActionHistory> {
    // R-1
    let kept = actions.clone().filter(is_in_strs(actions.c(Raw::action_type), &["USER_SUSPENDED", "USER_UNSUSPENDED"]));
    IntApplicativeActionHistory::project(
        kept.clone(),
        IntApplicativeActionHistoryComputed {
            // R-2
            action_history_reason: json_scalar_expr(kept.c(Raw::action_history_json_data), "reason"),
            // R-3: the id as an integer (validated at load), latest first.
            action_history_rk: row_number(
                vec![kept.c(Raw::user_id)],
                vec![desc(kept.c(Raw::action_history_id).strict_cast(DataType::Int64))],
            ),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot};

    /// An action dated 08:00 on day `id` of 2026: ids increase over time (sources.md §2.14), and
    /// every action has its own date.
    fn action(id: &str, kind: &str, user: Option<&str>, json: Option<&str>) -> Raw {
        let day = NaiveDate::from_yo_opt(2026, id.parse().expect("integer id")).expect("day of 2026");
        Raw {
            action_history_id: id.into(),
            action_type: kind.into(),
            user_id: user.map(Into::into),
            action_history_json_data: json.map(Into::into),
            action_date: Some(DtParis(day.and_hms_opt(8, 0, 0).expect("08:00"))),
        }
    }

    /// R-int_applicative__action_history-1 (type filter), R-int_applicative__action_history-2
    /// (reason from JSON, a number as its text), R-int_applicative__action_history-3 (rank by the
    /// id as an integer: "10" is later than "9", which string order would invert; NULL users form
    /// one partition), R-int_applicative__action_history-4 (the latest action may be an
    /// unsuspension with a NULL reason).
    #[test]
    fn r_int_applicative__action_history_1_2_3_4() {
        let rows = [
            action("9", "USER_SUSPENDED", Some("u1"), Some(r#"{"reason": "fraud suspicion"}"#)),
            action("10", "USER_UNSUSPENDED", Some("u1"), Some("{}")),
            action("11", "USER_EMAIL_CHANGED", Some("u1"), None),
            action("2", "USER_SUSPENDED", Some("u2"), Some(r#"{"reason": "upon user request"}"#)),
            action("100", "USER_SUSPENDED", Some("u2"), Some("not json")),
            action("3", "USER_SUSPENDED", None, Some(r#"{"reason": "deleted"}"#)),
            action("4", "USER_SUSPENDED", None, Some(r#"{"reason": 12}"#)),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&rows));
        insta::assert_snapshot!(snapshot(out));
    }
}
