// Wiring a model with the wrong input frame type does not compile: int_applicative__user
// takes raw users, not raw deposits.
use intermediate::applicative::int_applicative__user;
use pipeline::Frame;
use sources::RawApplicativeDeposit;

fn main() {
    let ctx = pipeline::testing::ctx("2026-11-27");
    let deposits: Frame<RawApplicativeDeposit> = Frame::from_rows(&[]);
    let _ = int_applicative__user::build(&ctx, deposits);
}
