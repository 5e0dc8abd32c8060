// Join keys must have the same value type on both sides.
use pipeline::prelude::*;

/// Left.
#[derive(Schema)]
#[schema(model = "int_demo__user", layer = "intermediate", grain = "user_id")]
pub struct User {
    /// key
    pub user_id: String,
}

/// Right.
#[derive(Schema)]
#[schema(model = "int_demo__deposit", layer = "intermediate", grain = "deposit_id")]
pub struct Deposit {
    /// key
    pub deposit_id: String,
    /// a number, not a user id
    pub amount_cents: i64,
}

fn main() {
    let users: Frame<User> = Frame::from_rows(&[]);
    let deposits: Frame<Deposit> = Frame::from_rows(&[]);
    let _ = users.left_join(deposits, on(User::user_id, Deposit::amount_cents));
}
