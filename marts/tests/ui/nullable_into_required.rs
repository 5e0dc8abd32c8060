// A pass-through column keeps its upstream's nullability: a nullable upstream column cannot
// feed a non-null output column.
use pipeline::prelude::*;

/// Upstream.
#[derive(Schema)]
#[schema(model = "int_demo__up", layer = "intermediate", grain = "id")]
pub struct Up {
    /// key
    pub id: String,
    /// nullable upstream
    pub role: Option<String>,
}

/// Output.
#[derive(Schema)]
#[schema(model = "mrt_demo__out", layer = "mart", grain = "id", from = Up)]
pub struct Out {
    /// key
    pub id: String,
    /// declared non-null, fed by a nullable column
    pub role: String,
}

fn main() {
    let up: Frame<Up> = Frame::from_rows(&[]);
    let _ = Out::project(up, OutComputed {});
}
