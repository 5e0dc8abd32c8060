//! `build-marts`: builds the Pass Culture warehouse. With no arguments: sources from the
//! project's `fixtures/`, Parquet tables into `./warehouse/`, run date = today. See
//! `build-marts --help`; exit codes are listed in the README.

use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options (its `malloc_conf`, read before `main`; `_RJEM_MALLOC_CONF` in the
/// environment still overrides them). `thp:always` asks for transparent huge pages on the
/// heap: with the kernel's usual `madvise` setting a process gets none unless it asks. Hash
/// tables, group ids and gathers over tens of millions of rows miss the TLB on nearly every
/// access, and in a virtual machine each miss walks two page tables: at scale 16,
/// `int_metric__diversity_daily_booking` alone took 975 s without huge pages and 137 s with
/// them, at the same peak memory. The type is a thin pointer to a NUL-terminated string, the
/// C declaration's `const char *`.
#[cfg(not(target_env = "msvc"))]
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &[u8; 11] = b"thp:always\0";

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
