// `copy` requires identical column types: a nullable input cannot silently feed a
// non-null output column.
use intermediate::IntApplicativeUser;
use pipeline::prelude::*;
use sources::RawApplicativeUser;

fn main() {
    let raw: Frame<RawApplicativeUser> = Frame::from_rows(&[]);
    let _ = IntApplicativeUser::user_id.copy(&raw, RawApplicativeUser::user_role);
}
