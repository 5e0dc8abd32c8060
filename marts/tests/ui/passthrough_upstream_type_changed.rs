// A generated pass-through follows its upstream: changing the upstream column's type fails
// to compile at the downstream field.
use pipeline::prelude::*;

/// Upstream, whose `age` became a string.
#[derive(Schema)]
#[schema(model = "int_demo__up", layer = "intermediate", grain = "id")]
pub struct Up {
    /// key
    pub id: String,
    /// was i64
    pub age: Option<String>,
}

/// Downstream, still declaring an integer.
#[derive(Schema)]
#[schema(model = "mrt_demo__down", layer = "mart", grain = "id", from = Up)]
pub struct Down {
    /// key
    pub id: String,
    /// age
    pub age: Option<i64>,
}

fn main() {}
