//! Compile-time guarantees, pinned with trybuild: the errors a model author sees.
//! Each `ui/*.rs` must fail to compile with the message in its `.stderr` file.

#[test]
fn compile_fail() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
