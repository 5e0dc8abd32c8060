//! `build-marts`: builds the warehouse. With no arguments: sources from `fixtures/`,
//! Parquet tables into `./warehouse/`, run date = today. See `build-marts --help`.

fn main() -> anyhow::Result<()> {
    pipeline::cli::main(marts::project())?;
    Ok(())
}
