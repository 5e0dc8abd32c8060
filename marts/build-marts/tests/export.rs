//! `build-marts run --export` and `build-marts export` against real servers (see
//! `pipeline/export/tests/support`): delivery of the fixtures' export tables, the outcome of
//! every table in `run_results.json`, unconfigured targets (computed, not delivered) and
//! credentials never printed, in output or artifacts.

#[path = "../../../pipeline/export/tests/support/mod.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{Kind, url};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_build-marts"));
    c.env("RUST_BACKTRACE", "1")
        .env_remove("BUILD_MARTS_DS")
        .env_remove("BUILD_MARTS_SOURCES")
        .env_remove("PASSCULTURE_CLICKHOUSE_URL")
        .env_remove("PASSCULTURE_POSTGRES_URL");
    c
}

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn deliveries(wh: &Path) -> Vec<serde_json::Value> {
    let rr: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(wh.join("run_results.json")).unwrap()).unwrap();
    rr["deliveries"].as_array().cloned().unwrap_or_default()
}

fn password(u: &str) -> String {
    u.split("://").nth(1).unwrap().split('@').next().unwrap().split(':').nth(1).unwrap_or("").to_string()
}

/// E-1…E-8 end to end: `run --export` builds, tests, publishes and delivers the three export
/// tables; `run_results.json` records each outcome; no credential is printed or stored.
#[test]
fn e_1_run_export_delivers_every_table_and_records_it() {
    let (Some(ch), Some(pg)) = (url(Kind::ClickHouse, "run --export"), url(Kind::Postgres, "run --export")) else {
        return;
    };
    let wh = tempfile::tempdir().unwrap();
    let schema = format!("cli_{}", std::process::id());
    let o = bin()
        .args(["--ds", "2026-11-27", "--sources"])
        .arg(fixtures())
        .arg("--warehouse")
        .arg(wh.path())
        .args(["run", "--export", "--pg-schema", &schema])
        .env("PASSCULTURE_CLICKHOUSE_URL", &ch)
        .env("PASSCULTURE_POSTGRES_URL", &pg)
        .output()
        .unwrap();
    let out = text(&o);
    assert!(o.status.success(), "{out}");
    for secret in [password(&ch), password(&pg)] {
        assert!(!secret.is_empty() && !out.contains(&secret), "a password was printed");
        let rr = std::fs::read_to_string(wh.path().join("run_results.json")).unwrap();
        assert!(!rr.contains(&secret), "a password is in run_results.json");
    }
    let d = deliveries(wh.path());
    let got: Vec<(String, String, u64)> = d
        .iter()
        .map(|o| {
            (o["model"].as_str().unwrap().into(), o["status"].as_str().unwrap().into(), o["rows"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(
        got,
        [
            ("exp_clickhouse__booking".into(), "delivered".into(), 34),
            // No event of the fixtures falls in the window: a partition delivery of 0 rows
            // replaces nothing (E-4).
            ("exp_clickhouse__native_event".into(), "delivered".into(), 0),
            ("exp_clickhouse__venue_offer_statistic".into(), "delivered".into(), 16),
            ("exp_backend__booking_per_ean_last_30_days".into(), "delivered".into(), 2),
        ]
    );
    assert!(out.contains("delivered     exp_clickhouse__booking"), "{out}");
    // `export` redelivers the published run (E-2): same outcome.
    let o = bin()
        .arg("--warehouse")
        .arg(wh.path())
        .args(["export", "--pg-schema", &schema, "--clickhouse-url", &ch, "--postgres-url", &pg])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(deliveries(wh.path()).iter().all(|o| o["status"] == "delivered"));
    let mut c = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    let n: i64 =
        c.query_one(&format!("SELECT count(*) FROM {schema}.booking_per_ean_last_30_days"), &[]).unwrap().get(0);
    assert_eq!(n, 2);
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// Spec README §4: an export whose target is not configured is computed but not delivered, and
/// the summary says so; a wrong password fails the delivery (exit 1) without printing it.
#[test]
fn e_1_unconfigured_targets_and_bad_credentials() {
    let wh = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["--ds", "2026-11-27", "--sources"])
        .arg(fixtures())
        .arg("--warehouse")
        .arg(wh.path())
        .args(["-q", "run", "--export"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert!(deliveries(wh.path()).iter().all(|o| o["status"] == "not_configured"));
    let o = bin().arg("--warehouse").arg(wh.path()).arg("export").output().unwrap();
    assert!(o.status.success());
    assert!(text(&o).contains("not delivered exp_backend__booking_per_ean_last_30_days"), "{}", text(&o));
    assert!(wh.path().join("exp_backend__booking_per_ean_last_30_days.parquet").is_file(), "computed");

    let Some(ch) = url(Kind::ClickHouse, "bad credentials") else { return };
    let wrong = ch.replacen(&format!(":{}@", password(&ch)), ":not-the-password-42@", 1);
    let o = bin().arg("--warehouse").arg(wh.path()).args(["export", "--clickhouse-url", &wrong]).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let out = text(&o);
    assert!(
        out.contains("error: model exp_clickhouse__booking: delivery to clickhouse intermediate.booking failed"),
        "{out}"
    );
    assert!(!out.contains("not-the-password-42"), "{out}");
    assert!(!std::fs::read_to_string(wh.path().join("run_results.json")).unwrap().contains("not-the-password-42"));
    // A malformed URL is a usage error that does not repeat the URL.
    let o = bin()
        .arg("--warehouse")
        .arg(wh.path())
        .args(["export", "--postgres-url", "nope://u:pw-secret-7@h"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(!text(&o).contains("pw-secret-7"));
}
