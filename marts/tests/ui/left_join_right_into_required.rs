// The right side of a LEFT join is nullable: its non-null column read through the join is
// `Option<_>` and cannot feed a non-null output column (it can after an inner join).
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
    /// never NULL in its own model
    pub deposit_type: String,
}

/// Output.
#[derive(Schema)]
#[schema(model = "mrt_demo__user", layer = "mart", grain = "user_id", from = User)]
pub struct Out {
    /// key
    pub user_id: String,
    /// NULL for a user without deposit, yet declared non-null
    #[schema(from = Deposit)]
    pub deposit_type: String,
}

fn main() {
    let users: Frame<User> = Frame::from_rows(&[]);
    let deposits: Frame<Deposit> = Frame::from_rows(&[]);
    let inner = users.clone().inner_join(deposits.clone(), on(User::user_id, Deposit::user_id));
    let _fine = Out::project(inner, OutComputed {});
    let left = users.left_join(deposits, on(User::user_id, Deposit::user_id));
    let _ = Out::project(left, OutComputed {});
}
