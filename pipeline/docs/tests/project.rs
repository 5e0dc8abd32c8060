//! Column lineage, site, dbt artifacts and OpenLineage events of the real project (`marts`).

use pipeline::RunContext;
use pipeline_docs::lineage::Derivation;
use pipeline_docs::project::{self, Project};
use pipeline_runtime::dag::Dag;

fn project() -> Project {
    let dag = Dag::new(marts::project()).expect("the project's DAG");
    let ctx = RunContext::new(pipeline::date("2026-11-27"), std::path::PathBuf::from("fixtures"));
    project::build("build-marts", &dag, &ctx, None, None)
}

fn column<'a>(p: &'a Project, r: &str) -> &'a project::Column {
    let (m, c) = project::split_ref(r);
    p.get(m).and_then(|m| m.columns.iter().find(|x| x.name == c)).unwrap_or_else(|| panic!("no column {r}"))
}

#[test]
fn pass_through_columns_read_their_declared_upstream() {
    let p = project();
    let c = column(&p, "mrt_global__booking.booking_amount");
    assert_eq!(c.derivation, Derivation::Pass);
    assert_eq!(c.reads, ["int_global__booking.booking_amount"]);
    for m in &p.models {
        for c in &m.columns {
            // A pass-through of a model-local helper (`recredit_agg.last_recredit_date`) is
            // resolved further, to the input columns the helper read.
            if let Some(from) = c.from.as_ref().filter(|f| m.inputs.contains(&project::split_ref(f).0.to_string())) {
                assert_eq!(c.reads, std::slice::from_ref(from), "{}.{}", m.name, c.name);
            }
        }
    }
}

/// A computed column reads the columns its Polars expression mentions, resolved through the
/// join to the input model that holds them.
#[test]
fn computed_columns_read_the_leaves_of_their_expression() {
    let p = project();
    let c = column(&p, "int_global__user_beneficiary.user_is_unemployed");
    assert_eq!(c.derivation, Derivation::Expr);
    assert_eq!(c.reads, ["int_applicative__user.user_activity"]);
}

#[test]
fn every_column_is_resolved_to_columns_that_exist_and_reaches_the_sources() {
    let p = project();
    for m in &p.models {
        for c in &m.columns {
            assert!(
                !matches!(c.derivation, Derivation::Approx | Derivation::Unknown),
                "{}.{}: {:?}",
                m.name,
                c.name,
                c.derivation
            );
            for r in &c.reads {
                column(&p, r);
            }
        }
    }
    // Raw columns read their source file's column.
    assert_eq!(column(&p, "raw_applicative__booking.booking_amount").reads, ["applicative.booking.booking_amount"]);
}

#[test]
fn site_dbt_and_openlineage_outputs_are_written() {
    let p = project();
    let dir = tempfile::tempdir().unwrap();
    pipeline_docs::site::write(&p, &dir.path().join("site")).unwrap();
    for f in ["index.html", "app.js", "app.css", "data.js"] {
        assert!(dir.path().join("site").join(f).is_file(), "{f}");
    }
    pipeline_docs::dbt::write(&p, &dir.path().join("dbt")).unwrap();
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("dbt/manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["metadata"]["dbt_schema_version"], pipeline_docs::dbt::MANIFEST_SCHEMA);
    let models = manifest["nodes"].as_object().unwrap().values().filter(|n| n["resource_type"] == "model").count();
    assert_eq!(models, p.models.iter().filter(|m| m.layer != "source").count());
    let n = pipeline_docs::openlineage::write(&p, &dir.path().join("ol.jsonl")).unwrap();
    assert_eq!(n, 2 * models);
}

#[test]
fn the_synthetic_site_builds() {
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_synthetic-docs"))
        .args(["--models", "300", "--columns", "5", "--out"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(dir.path().join("data.js").is_file());
}
