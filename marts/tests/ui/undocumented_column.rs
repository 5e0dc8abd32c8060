// Every model column carries a `///` doc comment (it becomes the column doc).
use pipeline::prelude::*;

#[derive(Schema)]
#[schema(model = "mrt_demo__undocumented", layer = "mart", grain = "id")]
pub struct Undocumented {
    /// the key
    pub id: String,
    pub amount: Dec2,
}

fn main() {}
