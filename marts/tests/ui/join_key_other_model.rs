// A join key must be a column of the frames being joined: a key of a third model does not
// compile.
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
    /// owner
    pub user_id: String,
}

/// Neither side.
#[derive(Schema)]
#[schema(model = "int_demo__booking", layer = "intermediate", grain = "booking_id")]
pub struct Booking {
    /// key
    pub booking_id: String,
}

fn main() {
    let users: Frame<User> = Frame::from_rows(&[]);
    let deposits: Frame<Deposit> = Frame::from_rows(&[]);
    let _ = users.left_join(deposits, on(Booking::booking_id, Deposit::user_id));
}
