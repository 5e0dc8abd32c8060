//! `synthetic-docs --models 5000 --columns 20 --out DIR`: writes the documentation site of a
//! generated project and prints how long generating and writing took.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |flag: &str, default: &str| -> String {
        args.iter().position(|a| a == flag).and_then(|i| args.get(i + 1)).cloned().unwrap_or_else(|| default.into())
    };
    let models: usize = arg("--models", "5000").parse().expect("--models N");
    let columns: usize = arg("--columns", "20").parse().expect("--columns N");
    let out = std::path::PathBuf::from(arg("--out", "target/synthetic-site"));
    let t = Instant::now();
    let project = pipeline_docs::synthetic::project(models, columns);
    let generated = t.elapsed();
    let t = Instant::now();
    let bytes = pipeline_docs::site::write(&project, &out).expect("write site");
    let written = t.elapsed();
    println!(
        "{{\"models\": {}, \"columns_per_model\": {columns}, \"generate_s\": {:.3}, \"site_write_s\": {:.3}, \"data_bytes\": {bytes}, \"out\": {:?}}}",
        project.models.len(),
        generated.as_secs_f64(),
        written.as_secs_f64(),
        out.display().to_string()
    );
}
