// Renaming a field renames its column handle: an old use no longer compiles.
use pipeline::prelude::*;

#[derive(Schema)]
#[schema(model = "int_demo__renamed", layer = "intermediate", grain = "user_key")]
pub struct Renamed {
    /// was `user_id`
    pub user_key: String,
}

fn main() {
    let f: Frame<Renamed> = Frame::from_rows(&[]);
    let _ = f.c(Renamed::user_id);
}
