// A generated pass-through follows its upstream: renaming the upstream column fails to
// compile at the downstream field.
use pipeline::prelude::*;

/// Upstream, whose `user_id` was renamed `user_key`.
#[derive(Schema)]
#[schema(model = "int_demo__up", layer = "intermediate", grain = "user_key")]
pub struct Up {
    /// key
    pub user_key: String,
}

/// Downstream, still passing `user_id` through.
#[derive(Schema)]
#[schema(model = "mrt_demo__down", layer = "mart", grain = "user_id", from = Up)]
pub struct Down {
    /// key
    pub user_id: String,
}

fn main() {}
