// A column of model B used on a frame of model A does not compile.
use intermediate::IntApplicativeUser;
use pipeline::Frame;
use sources::RawApplicativeDeposit;

fn main() {
    let users: Frame<IntApplicativeUser> = Frame::from_rows(&[]);
    let _ = users.c(RawApplicativeDeposit::amount);
}
