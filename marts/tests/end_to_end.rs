//! End-to-end: runs the whole DAG on `fixtures/` (ds 2026-11-27) into a temporary
//! warehouse, snapshots every table (schema + rows sorted by grain), and checks that bad
//! input fails with a precise message while leaving the previous warehouse intact.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use pipeline::RunContext;
use pipeline::polars::prelude::*;
use pipeline_runtime::Dag;
use pipeline_runtime::runner::{RunOptions, run};

mod support;
use support::*;

fn build(sources: &Path, warehouse: &Path) -> pipeline::Result<pipeline_runtime::runner::RunResults> {
    build_selected(sources, warehouse, &[])
}

fn build_selected(
    sources: &Path,
    warehouse: &Path,
    select: &[&str],
) -> pipeline::Result<pipeline_runtime::runner::RunResults> {
    let dag = Dag::new(marts::project()).expect("valid dag");
    let ctx = RunContext::new(pipeline::date(DS), sources);
    let select = select.iter().map(|s| s.to_string()).collect();
    run(&dag, &ctx, &RunOptions { warehouse: warehouse.to_path_buf(), select, exclude: vec![], progress: false })
}

/// `--select` runs only the selected models; an unselected upstream table is read from the
/// warehouse, and is required to be there.
#[test]
fn select_reads_unselected_upstream_tables_from_the_warehouse() {
    let wh = tempfile::tempdir().unwrap();
    let err = build_selected(&fixtures(), wh.path(), &["mrt_global__user"]).unwrap_err().to_string();
    assert!(err.contains("upstream table int_global__user") && err.contains("+mrt_global__user"), "{err}");
    let r = build_selected(&fixtures(), wh.path(), &["+mrt_global__user"]).unwrap();
    let ran: Vec<&str> = r.results.iter().map(|m| m.model.as_str()).collect();
    assert_eq!(ran, ["raw_applicative__user", "int_applicative__user", "int_global__user", "mrt_global__user"]);
    let r = build_selected(&fixtures(), wh.path(), &["mrt_global__user"]).unwrap();
    assert_eq!(r.results.len(), 1);
    assert_eq!(r.results[0].rows, Some(27));
}

fn parquet_files(warehouse: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(warehouse)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().to_string(), fs::read(&p).unwrap()))
        .collect()
}

#[test]
fn end_to_end_fixtures_snapshot_every_table() {
    let dir = tempfile::tempdir().unwrap();
    let results = build(&fixtures(), dir.path()).unwrap_or_else(|e| panic!("{e}"));
    assert!(results.success);
    let dag = Dag::new(marts::project()).unwrap();
    let mut tables = 0;
    for node in dag.nodes() {
        let path = dir.path().join(format!("{}.parquet", node.name));
        if node.materialized != pipeline::Materialization::Table {
            assert!(!path.exists(), "{} is a view and must not be written", node.name);
            continue;
        }
        // An incremental table is a directory of date partitions (none on the fixtures).
        let df = if node.partition_by.is_some() {
            pipeline_runtime::incremental::read_partitions(node, dir.path(), None).unwrap()
        } else {
            ParquetReader::new(fs::File::open(&path).unwrap()).finish().unwrap()
        };
        let text = pipeline::snapshot::render(&df, node.grain);
        insta::assert_snapshot!(format!("e2e__{}", node.name), text);
        tables += 1;
    }
    assert!(tables >= 6, "expected the slice's tables, wrote {tables}");
    // Run artifacts.
    let manifest: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["models"].as_array().unwrap().len(), dag.nodes().len());
    let rr: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("run_results.json")).unwrap()).unwrap();
    assert_eq!(rr["success"], true);
}

/// A model that became a view leaves no stale table after a full run.
#[test]
fn a_full_run_removes_tables_of_view_models() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join("int_applicative__offer_ean.parquet");
    fs::write(&stale, b"old table").unwrap();
    build(&fixtures(), dir.path()).unwrap();
    assert!(!stale.exists());
}

#[test]
fn end_to_end_rerun_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    build(&fixtures(), dir.path()).unwrap();
    let first = parquet_files(dir.path());
    build(&fixtures(), dir.path()).unwrap();
    let second = parquet_files(dir.path());
    let changed: Vec<&String> = first.keys().filter(|k| first.get(*k) != second.get(*k)).collect();
    assert!(changed.is_empty() && first.len() == second.len(), "C-34: re-running a ds changed {changed:?}");
}

/// Runs once on good fixtures, then on a corrupted copy: the run must fail with a message
/// naming the file, the column and the row, and every previous table must be unchanged.
fn assert_corruption_rejected(table: &str, corrupt: impl Fn(&str) -> String, expected: &[&str]) {
    let src = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), src.path());
    let wh = tempfile::tempdir().unwrap();
    build(src.path(), wh.path()).unwrap_or_else(|e| panic!("good run failed: {e}"));
    let before = parquet_files(wh.path());
    let file = src.path().join("applicative").join(format!("{table}.csv"));
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, corrupt(&text)).unwrap();
    let err = build(src.path(), wh.path()).expect_err("corrupted input must fail").to_string();
    for e in expected {
        assert!(err.contains(e), "error `{err}` should mention `{e}`");
    }
    let after = parquet_files(wh.path());
    let changed: Vec<&String> = before.keys().filter(|k| before.get(*k) != after.get(*k)).collect();
    assert!(
        changed.is_empty() && before.len() == after.len(),
        "previous warehouse must be byte-for-byte unchanged; changed: {changed:?}"
    );
    let leftovers: Vec<_> = fs::read_dir(wh.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".staging"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
}

/// Replaces field `col` of data row `row` (1-based) of a CSV text.
fn set_field(text: &str, col: &str, row: usize, value: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let idx = header.iter().position(|h| *h == col).unwrap();
    let mut fields: Vec<String> = lines[row].split(',').map(String::from).collect();
    fields[idx] = value.to_string();
    lines[row] = fields.join(",");
    lines.join("\n") + "\n"
}

#[test]
fn l_2_dropped_column_is_rejected() {
    assert_corruption_rejected(
        "deposit",
        |t| {
            t.lines()
                .map(|l| l.rsplit_once(',').map(|(a, _)| a.to_string()).unwrap_or_default())
                .collect::<Vec<_>>()
                .join("\n")
                + "\n"
        },
        &["deposit.csv", "column type", "missing"],
    );
}

#[test]
fn l_4_broken_date_is_rejected() {
    assert_corruption_rejected(
        "booking",
        |t| set_field(t, "booking_creation_date", 1, "2024-13-45 10:00:00"),
        &["booking.csv", "column booking_creation_date", "row 1", "2024-13-45 10:00:00"],
    );
}

#[test]
fn l_6_null_key_is_rejected() {
    assert_corruption_rejected(
        "user",
        |t| set_field(t, "user_id", 2, ""),
        &["user.csv", "column user_id", "row 2", "NULL"],
    );
}

#[test]
fn l_6_duplicate_key_is_rejected() {
    assert_corruption_rejected(
        "booking",
        |t| {
            let mut lines: Vec<&str> = t.lines().collect();
            let dup = lines[1];
            lines.push(dup);
            lines.join("\n") + "\n"
        },
        &["booking.csv", "column booking_id", "duplicate primary key"],
    );
}

/// One column of a spec table: name, spec type, nullable.
type SpecColumn = (String, String, bool);

/// Column tables of `marts.md`: (model, columns), in order.
fn spec_mart_columns() -> Vec<(String, Vec<SpecColumn>)> {
    let text =
        fs::read_to_string(fixtures().join("../docs/spec/marts.md")).expect("the project's spec, docs/spec/marts.md");
    let mut out: Vec<(String, Vec<SpecColumn>)> = Vec::new();
    for line in text.lines() {
        if let Some(name) = line.strip_prefix("## mrt_") {
            out.push((format!("mrt_{}", name.trim()), Vec::new()));
            continue;
        }
        let Some((_, cols)) = out.last_mut() else { continue };
        if line.starts_with("## ") {
            break;
        }
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // | names | type | null | meaning |
        if cells.len() < 5 || cells[1] == "Column" || cells[1].starts_with("---") || cells[1].is_empty() {
            continue;
        }
        for name in cells[1].split(',') {
            cols.push((name.trim().to_string(), cells[2].to_string(), cells[3] == "N"));
        }
    }
    out
}

fn spec_dtype(t: &str) -> DataType {
    match t {
        "str" => DataType::String,
        "i64" => DataType::Int64,
        "bool" => DataType::Boolean,
        "f64" => DataType::Float64,
        "dec2" => DataType::Decimal(18, 2),
        "date" => DataType::Date,
        "dt_paris" | "dt_utc" => DataType::Datetime(TimeUnit::Microseconds, None),
        other => panic!("unknown spec type {other}"),
    }
}

/// Every mart's Parquet file has exactly the spec's columns, in order, with the spec's types,
/// and no NULL in a column the spec declares non-nullable.
#[test]
fn end_to_end_mart_parquet_schemas_match_the_spec() {
    let dir = tempfile::tempdir().unwrap();
    build(&fixtures(), dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let marts = spec_mart_columns();
    assert_eq!(marts.len(), 8, "marts.md describes eight global marts");
    for (model, cols) in marts {
        let path = dir.path().join(format!("{model}.parquet"));
        let df = ParquetReader::new(fs::File::open(&path).unwrap_or_else(|_| panic!("{model} not written")))
            .finish()
            .unwrap();
        let found: Vec<(String, DataType)> = df.schema().iter().map(|(n, d)| (n.to_string(), d.clone())).collect();
        let expected: Vec<(String, DataType)> = cols.iter().map(|(n, t, _)| (n.clone(), spec_dtype(t))).collect();
        assert_eq!(found, expected, "{model}: Parquet schema differs from marts.md");
        for (name, _, nullable) in &cols {
            if !nullable {
                assert_eq!(df.column(name).unwrap().null_count(), 0, "{model}.{name} is non-nullable in the spec");
            }
        }
    }
}

/// L-1/L-3: the same world given as Parquet files (ids stored as integers where they are
/// numeric, as extracts often do) builds byte-identical tables; a table present both as CSV
/// and Parquet is rejected.
#[test]
fn l_1_l_3_parquet_sources_build_the_same_warehouse() {
    let src = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("seed"), &src.path().join("seed"));
    fs::create_dir_all(src.path().join("applicative")).unwrap();
    let dag = Dag::new(marts::project()).unwrap();
    for node in dag.nodes() {
        let pipeline::node::NodeKind::Source(spec) = &node.kind else { continue };
        if spec.dir != "applicative" {
            continue;
        }
        let mut df = pipeline_runtime::source::read_source(spec, node.columns, node.grain, &fixtures()).unwrap();
        if spec.table == "user" {
            // An integer id column is accepted for a `str` id (L-3).
            let ids = df.column("user_id").unwrap().cast(&DataType::Int64).unwrap();
            df.with_column(ids).unwrap();
        }
        let path = src.path().join("applicative").join(format!("{}.parquet", spec.table));
        ParquetWriter::new(fs::File::create(path).unwrap()).finish(&mut df).unwrap();
    }
    let from_csv = tempfile::tempdir().unwrap();
    let from_parquet = tempfile::tempdir().unwrap();
    build(&fixtures(), from_csv.path()).unwrap();
    build(src.path(), from_parquet.path()).unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (parquet_files(from_csv.path()), parquet_files(from_parquet.path()));
    let differ: Vec<&String> = a.keys().filter(|k| a.get(*k) != b.get(*k)).collect();
    assert!(differ.is_empty() && a.len() == b.len(), "tables differ between CSV and Parquet sources: {differ:?}");

    fs::copy(fixtures().join("applicative/user.csv"), src.path().join("applicative/user.csv")).unwrap();
    let err = build(src.path(), from_parquet.path()).expect_err("both formats present").to_string();
    assert!(err.contains("user.{parquet,csv}") && err.contains("exactly one"), "{err}");
}
