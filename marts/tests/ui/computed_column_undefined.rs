// Every computed column is defined by the build function, exactly once: leaving one out
// does not compile (nor does defining one twice).
use pipeline::prelude::*;

/// Upstream.
#[derive(Schema)]
#[schema(model = "int_demo__up", layer = "intermediate", grain = "id")]
pub struct Up {
    /// key
    pub id: String,
}

/// Output with two computed columns.
#[derive(Schema)]
#[schema(model = "mrt_demo__out", layer = "mart", grain = "id", from = Up)]
pub struct Out {
    /// key
    pub id: String,
    /// computed
    #[schema(computed)]
    pub label: String,
    /// computed, forgotten below
    #[schema(computed)]
    pub score: i64,
}

fn main() {
    let up: Frame<Up> = Frame::from_rows(&[]);
    let _ = Out::project(up, OutComputed { label: lit("x") });
}
