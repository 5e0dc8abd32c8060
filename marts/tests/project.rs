//! Project-wide structure checks: the registries form a valid DAG, every model lives in a
//! file named after it and is registered, and every spec rule of a registered model is cited
//! by a test (by name `r_<model>_<n>…` or by id `R-<model>-<n>` in a test's doc comment).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use pipeline_runtime::Dag;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

fn model_files() -> BTreeMap<String, PathBuf> {
    let mut files = Vec::new();
    for krate in ["sources", "intermediate", "marts"] {
        rust_files(&root().join(krate).join("src"), &mut files);
    }
    files
        .into_iter()
        .filter_map(|p| {
            let stem = p.file_stem()?.to_string_lossy().to_string();
            ["raw_", "int_", "mrt_", "exp_"].iter().any(|pre| stem.starts_with(pre)).then_some((stem, p))
        })
        .collect()
}

#[test]
fn registries_form_a_dag() {
    let dag = Dag::new(marts::project()).unwrap_or_else(|e| panic!("{e}"));
    assert!(dag.nodes().len() >= 23);
}

#[test]
fn every_model_file_stem_is_its_model_name_and_is_registered() {
    let dag = Dag::new(marts::project()).unwrap();
    let files = model_files();
    for node in dag.nodes() {
        let path =
            files.get(node.name).unwrap_or_else(|| panic!("model {} has no file named {}.rs", node.name, node.name));
        let text = fs::read_to_string(path).unwrap();
        assert!(
            text.contains(&format!("model = \"{}\"", node.name)),
            "{} does not declare model = \"{}\"",
            path.display(),
            node.name
        );
    }
    for (stem, path) in &files {
        assert!(dag.get(stem).is_some(), "{} defines a model that is not in any registry()", path.display());
    }
}

/// Rule ids `R-<model>-<n>` of the spec, grouped by model.
fn spec_rules() -> BTreeMap<String, BTreeSet<u32>> {
    let spec = root().join("docs/spec");
    let mut rules: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for f in ["intermediate.md", "marts.md", "exports.md", "tracking.md"] {
        // A missing spec fails the check: it must never pass by finding nothing to check.
        let text = fs::read_to_string(spec.join(f))
            .unwrap_or_else(|e| panic!("the project's spec {} cannot be read: {e}", spec.join(f).display()));
        for (i, _) in text.match_indices("**R-") {
            let rest = &text[i + 4..];
            let id: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-').collect();
            if let Some((model, n)) = id.rsplit_once('-')
                && let Ok(n) = n.parse()
            {
                rules.entry(model.to_string()).or_default().insert(n);
            }
        }
    }
    rules
}

/// Rule numbers cited for `model` in test sources: `R-<model>-<n>` anywhere, or a test named
/// `r_<model>_<n>_<m>…`.
fn cited(model: &str, sources: &str) -> BTreeSet<u32> {
    let mut out = BTreeSet::new();
    let long = format!("R-{model}-");
    for (i, _) in sources.match_indices(&long) {
        let n: String = sources[i + long.len()..].chars().take_while(|c| c.is_ascii_digit()).collect();
        if let Ok(n) = n.parse() {
            out.insert(n);
        }
    }
    let name = format!("fn r_{model}_");
    for (i, _) in sources.match_indices(&name) {
        let rest = &sources[i + name.len()..];
        for tok in rest.split(['_', '(']) {
            match tok.parse() {
                Ok(n) => {
                    out.insert(n);
                }
                Err(_) => break,
            }
        }
    }
    out
}

/// Integration tests whose names and docs cite spec rules: the marts' and the export delivery's
/// (delivery rules of export models are proven against real servers there).
fn test_sources() -> String {
    let mut tests = Vec::new();
    rust_files(&root().join("marts/tests"), &mut tests);
    rust_files(&root().join("pipeline/export/tests"), &mut tests);
    tests.into_iter().map(|t| fs::read_to_string(t).unwrap()).collect()
}

/// Every delivery rule E-<n> of `exports.md` is cited by a delivery test (`e_<n>_…` or `E-<n>`).
#[test]
fn every_export_delivery_rule_is_cited_by_a_test() {
    let spec = fs::read_to_string(root().join("docs/spec/exports.md")).expect("exports.md");
    let ids: BTreeSet<u32> = spec
        .match_indices("**E-")
        .filter_map(|(i, _)| spec[i + 4..].chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok())
        .collect();
    assert!(ids.len() >= 9, "exports.md lists E-1…E-9");
    // Delivery tests, and the contract crate's own tests (DDL rendering, E-6/E-7).
    let mut sources = test_sources();
    let contract = fs::read_to_string(root().join("pipeline/export-contract/src/lib.rs")).unwrap();
    sources.push_str(&contract[contract.find("#[cfg(test)]").unwrap_or(contract.len())..]);
    let cited = |n: &u32| {
        sources.contains(&format!("E-{n}"))
            || sources.contains(&format!("fn e_{n}_"))
            || sources.contains(&format!("_e_{n}_"))
    };
    let missing: Vec<String> = ids.iter().filter(|n| !cited(n)).map(|n| format!("E-{n}")).collect();
    assert!(missing.is_empty(), "delivery rules without a citing test: {missing:?}");
}

#[test]
fn every_spec_rule_of_a_registered_model_is_cited_by_a_test() {
    let rules = spec_rules();
    assert!(rules.len() > 20, "the spec lists rules for {} models only: is docs/spec complete?", rules.len());
    let dag = Dag::new(marts::project()).unwrap();
    let mut sources = String::new();
    // Only test code counts: the `#[cfg(test)]` part of model files, and integration tests.
    for path in model_files().values() {
        let text = fs::read_to_string(path).unwrap();
        if let Some(i) = text.find("#[cfg(test)]") {
            sources.push_str(&text[i..]);
        }
    }
    sources.push_str(&test_sources());
    let mut missing = Vec::new();
    for node in dag.nodes() {
        let Some(ids) = rules.get(node.name) else { continue };
        let have = cited(node.name, &sources);
        for n in ids.difference(&have) {
            missing.push(format!("R-{}-{n}", node.name));
        }
    }
    assert!(missing.is_empty(), "rules without a citing test: {missing:?}");
}

/// Every incremental rule T-<n> of `tracking.md` is cited by a test (`t_<n>_…` or `T-<n>`) of
/// the integration tests, of a model file or of the runtime's incremental modules.
#[test]
fn every_tracking_incremental_rule_is_cited_by_a_test() {
    let spec = fs::read_to_string(root().join("docs/spec/tracking.md")).expect("tracking.md");
    let ids: BTreeSet<u32> = spec
        .match_indices("**T-")
        .filter_map(|(i, _)| spec[i + 4..].chars().take_while(|c| c.is_ascii_digit()).collect::<String>().parse().ok())
        .collect();
    assert!(ids.len() >= 8, "tracking.md lists T-1…T-8");
    let mut sources = test_sources();
    let runtime = ["incremental.rs", "partitions.rs"].map(|f| root().join("pipeline/runtime/src").join(f));
    for path in model_files().values().chain(runtime.iter()) {
        let text = fs::read_to_string(path).unwrap();
        if let Some(i) = text.find("#[cfg(test)]") {
            sources.push_str(&text[i..]);
        }
    }
    let missing: Vec<String> = ids
        .iter()
        .filter(|n| !sources.contains(&format!("fn t_{n}_")) && !sources.contains(&format!("T-{n}")))
        .map(|n| format!("T-{n}"))
        .collect();
    assert!(missing.is_empty(), "incremental rules without a citing test: {missing:?}");
}

#[test]
fn docs_list_every_model_and_column() {
    let dag = Dag::new(marts::project()).unwrap();
    let md = pipeline_runtime::artifacts::markdown(&dag);
    for n in dag.nodes() {
        assert!(md.contains(&format!("\n## {}\n", n.name)), "{} missing from docs", n.name);
    }
    let rows = md.lines().filter(|l| l.starts_with("| ") && !l.starts_with("| column")).count();
    assert_eq!(rows, dag.nodes().iter().map(|n| n.columns.len()).sum::<usize>());
}
