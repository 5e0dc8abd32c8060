//! Grain: one row per back-office action; PK `action_history_id` (base-10 integer text).

use pipeline::SourceSpec;
use pipeline::prelude::*;

/// Back-office actions on users (sources.md §2.14).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "raw_applicative__action_history", layer = "raw", grain = "action_history_id", materialized = "view")]
pub struct RawApplicativeActionHistory {
    /// id, increasing over time; base-10 integer text (a non-integer id is a load error)
    pub action_history_id: String,
    /// e.g. `USER_SUSPENDED`, `USER_UNSUSPENDED`
    pub action_type: String,
    /// JSON object text; key `reason` holds the suspension reason
    pub action_history_json_data: Option<String>,
    /// user concerned
    pub user_id: Option<String>,
    /// action datetime
    pub action_date: Option<DtParis>,
}

/// Source file; the id must be integer text (sources.md §2.14).
pub const SOURCE: SourceSpec = SourceSpec::applicative("action_history").integer_text(&["action_history_id"]);
