//! `build-marts`: builds the Pass Culture warehouse. With no arguments: sources from the
//! project's `fixtures/`, Parquet tables into `./warehouse/`, run date = today. See
//! `build-marts --help`; exit codes are listed in the README.

use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let app = pipeline_cli::App {
        name: "build-marts",
        about: "Builds the Pass Culture global marts from source extracts into a Parquet warehouse.",
        default_sources: default_sources(),
    };
    pipeline_cli::main_with_exports(app, marts::project(), marts::exports())
}

/// `fixtures/` of the working directory when there is one (a checkout), else the fixtures
/// of the checkout this binary was built from.
fn default_sources() -> PathBuf {
    let local = PathBuf::from("fixtures");
    if local.is_dir() { local } else { PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures")) }
}
