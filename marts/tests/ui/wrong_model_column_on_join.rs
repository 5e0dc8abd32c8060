// A joined frame contains exactly the models it joined: a third model's column does not
// compile, with a message naming both.
use intermediate::{IntApplicativeDeposit, IntApplicativeUser};
use pipeline::Frame;
use sources::RawApplicativeBooking;

fn main() {
    let users: Frame<IntApplicativeUser> = Frame::from_rows(&[]);
    let deposits: Frame<IntApplicativeDeposit> = Frame::from_rows(&[]);
    let joined = users.left_join(deposits, pipeline::on(IntApplicativeUser::user_id, IntApplicativeDeposit::user_id));
    let _ = joined.c(RawApplicativeBooking::booking_id);
}
