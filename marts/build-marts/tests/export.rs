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

/// E-1…E-8 end to end: `run --export` builds, tests, publishes and delivers every export
/// table; `run_results.json` records each outcome; no credential is printed or stored.
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
        .args(["run", "--export", "--pg-schema", &schema, "--allow-empty", CUM])
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
            // No consultation on the fixtures: the top 3's partition delivery of 0 rows replaces
            // nothing; the cumulative table (full replace) is delivered empty because the run
            // allows it (E-4, `--allow-empty`).
            (TOP3.into(), "delivered".into(), 0),
            (CUM.into(), "delivered".into(), 0),
        ]
    );
    assert!(out.contains("delivered     exp_clickhouse__booking"), "{out}");
    // `export` redelivers the published run (E-2): same outcome.
    let o = bin()
        .arg("--warehouse")
        .arg(wh.path())
        .args(["export", "--pg-schema", &schema, "--clickhouse-url", &ch, "--postgres-url", &pg, "--allow-empty", CUM])
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

// ------------------------------------------------------------------ backend statistics (E-8, E-9)

const TOP3: &str = "exp_backend__stats_display_top_3_most_consulted_offers_last_30_days";
const CUM: &str = "exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days";

/// A copy of the fixtures plus GA4 partitions: on each `(date, n)`, `n` consultations of
/// fixture offer `1` (offerer `1`, created 2019) by user `1`.
fn sources_with_consultations(dir: &Path, days: &[(&str, usize)]) -> PathBuf {
    use pipeline::Schema;
    use pipeline::polars::prelude::*;
    use pipeline::prelude::EventParam;
    let src = dir.join("src");
    copy_dir(&fixtures(), &src);
    for (day, n) in days {
        let d = pipeline::date(day);
        let at = d.and_hms_opt(9, 0, 0).unwrap().and_utc().timestamp_micros();
        let events: Vec<sources::RawFirebaseEvent> = (0..*n)
            .map(|k| sources::RawFirebaseEvent {
                event_date: d,
                event_timestamp: at + k as i64 * 1_000_000,
                event_name: "ConsultOffer".into(),
                event_params: Some(vec![EventParam::int("offerId", 1)]),
                user_id: Some("1".into()),
                user_pseudo_id: Some(format!("dev{k}")),
                platform: Some("ANDROID".into()),
                ..Default::default()
            })
            .collect();
        let mut df = sources::RawFirebaseEvent::to_dataframe(&events).unwrap();
        // The file's own GA4 `event_date` is the `YYYYMMDD` text of its partition.
        let ga4 = Series::new("event_date".into(), vec![d.format("%Y%m%d").to_string(); df.height()]);
        df.with_column(ga4.into_column()).unwrap();
        let part = src.join(format!("firebase/events/event_date={d}"));
        std::fs::create_dir_all(&part).unwrap();
        ParquetWriter::new(std::fs::File::create(part.join("part-0.parquet")).unwrap()).finish(&mut df).unwrap();
    }
    src
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

/// `run --export` at `ds` into `wh`, PostgreSQL only (ClickHouse exports: not configured).
fn run_export(src: &Path, wh: &Path, ds: &str, pg: &str, schema: &str, extra: &[&str]) -> Output {
    bin()
        .args(["--ds", ds, "--sources"])
        .arg(src)
        .arg("--warehouse")
        .arg(wh)
        .args(["-q", "run", "--export", "--pg-schema", schema, "--postgres-url", pg])
        .args(extra)
        .output()
        .unwrap()
}

fn delivery<'a>(d: &'a [serde_json::Value], model: &str) -> &'a serde_json::Value {
    d.iter().find(|o| o["model"] == model).unwrap_or_else(|| panic!("no delivery of {model}: {d:?}"))
}

type TopRow = (String, String, String, i64, i64);
type CumRow = (String, String, i32, i64, Option<i64>);

fn top_rows(c: &mut postgres::Client, schema: &str) -> Vec<TopRow> {
    c.query(
        &format!(
            "SELECT execution_date::text, offerer_id, offer_id, nb_consult_last_30_days, consult_rank \
             FROM {schema}.stats_display_top_3_most_consulted_offers_last_30_days ORDER BY 1, 2, 5"
        ),
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    .collect()
}

fn cum_rows(c: &mut postgres::Client, schema: &str) -> Vec<CumRow> {
    c.query(
        &format!(
            "SELECT event_date::text, offerer_id, day_seniority, nb_daily_consult, cum_consult \
             FROM {schema}.stats_display_cum_daily_consult_per_offerer_last_180_days ORDER BY 2, 1"
        ),
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
    .collect()
}

/// The expected cumulative rows at `ds` for offerer 1 consulted once on 2026-11-20 and twice on
/// 2026-11-25 (R-…cum…-2…-6): 181 days, NULL before the first consultation.
fn expected_cum(ds: &str) -> Vec<CumRow> {
    let ds = pipeline::date(ds);
    (0..=180i64)
        .rev()
        .map(|back| {
            let d = ds - chrono::Duration::days(back);
            let s = d.to_string();
            let nb = match s.as_str() {
                "2026-11-20" => 1,
                "2026-11-25" => 2,
                _ => 0,
            };
            let cum = if s.as_str() < "2026-11-20" {
                None
            } else if s.as_str() < "2026-11-25" {
                Some(1)
            } else {
                Some(3)
            };
            (s, "1".to_string(), back as i32, nb, cum)
        })
        .collect()
}

/// E-9 and R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-4: each ds
/// replaces the rows of `execution_date = ds` only, earlier execution dates are kept, and a ds
/// with no consultation in its 31 days delivers 0 rows, which replaces nothing (E-4). E-8 and
/// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-7: the cumulative
/// table is replaced whole at every ds, NULL `cum_consult` delivered as NULL (a nullable target
/// column, E-5). E-2 / EI-7: the same ds delivered again (`export` of the published run, then a
/// whole rerun) leaves both tables as they were.
#[test]
fn e_9_backend_statistics_partition_and_full_replace_deliveries() {
    let Some(pg) = url(Kind::Postgres, "backend statistics deliveries") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let src = sources_with_consultations(tmp.path(), &[("2026-11-20", 1), ("2026-11-25", 2)]);
    let wh = tmp.path().join("wh");
    let schema = format!("stats_{}", std::process::id());
    let mut c = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    let top = |ds: &str| -> TopRow { (ds.into(), "1".into(), "1".into(), 3, 1) };

    let o = run_export(&src, &wh, "2026-11-26", &pg, &schema, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let d = deliveries(&wh);
    assert_eq!((&delivery(&d, TOP3)["status"], &delivery(&d, TOP3)["rows"]), (&"delivered".into(), &1.into()));
    assert_eq!((&delivery(&d, CUM)["status"], &delivery(&d, CUM)["rows"]), (&"delivered".into(), &181.into()));
    assert_eq!(top_rows(&mut c, &schema), [top("2026-11-26")]);
    let cum = cum_rows(&mut c, &schema);
    assert_eq!(cum, expected_cum("2026-11-26"));
    assert!(cum.iter().any(|r| r.4.is_none()), "NULL cum_consult delivered as NULL");

    // E-2: the same ds again.
    let o = bin()
        .arg("--warehouse")
        .arg(&wh)
        .args(["-q", "export", "--pg-schema", &schema, "--postgres-url", &pg])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(top_rows(&mut c, &schema), [top("2026-11-26")]);
    assert_eq!(cum_rows(&mut c, &schema), expected_cum("2026-11-26"));
    let o = run_export(&src, &wh, "2026-11-26", &pg, &schema, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(top_rows(&mut c, &schema), [top("2026-11-26")]);
    assert_eq!(cum_rows(&mut c, &schema), expected_cum("2026-11-26"));

    // E-9: the next ds adds its execution date and keeps the previous one; E-8: the
    // cumulative table holds exactly the new run's rows.
    let o = run_export(&src, &wh, "2026-11-27", &pg, &schema, &[]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(top_rows(&mut c, &schema), [top("2026-11-26"), top("2026-11-27")]);
    assert_eq!(cum_rows(&mut c, &schema), expected_cum("2026-11-27"));

    // E-4: [ds − 30, ds] holds no consultation: 0 rows, no partition replaced, delivered (the
    // booking export, a full replace with no booking in its 30 days either, is allowed empty).
    let o = run_export(
        &src,
        &wh,
        "2027-01-15",
        &pg,
        &schema,
        &["--allow-empty", "exp_backend__booking_per_ean_last_30_days"],
    );
    assert!(o.status.success(), "{}", text(&o));
    let d = deliveries(&wh);
    let t = delivery(&d, TOP3);
    assert_eq!((&t["status"], &t["rows"]), (&"delivered".into(), &0.into()));
    assert!(t["message"].as_str().unwrap().contains("E-4"), "{t}");
    assert_eq!(top_rows(&mut c, &schema), [top("2026-11-26"), top("2026-11-27")]);
    assert_eq!(cum_rows(&mut c, &schema), expected_cum("2027-01-15"));
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// Replaces the published table of `model` by a copy whose `column` is NULL on its first row
/// (a new file renamed over the generation's entry: other generations are not touched).
fn publish_null(wh: &Path, model: &str, column: &str) -> PathBuf {
    use pipeline::polars::prelude::*;
    let path = std::fs::canonicalize(wh.join(format!("{model}.parquet"))).unwrap();
    let mut df = ParquetReader::new(std::fs::File::open(&path).unwrap()).finish().unwrap();
    let mut values: Vec<Option<String>> =
        df.column(column).unwrap().str().unwrap().iter().map(|v| v.map(String::from)).collect();
    values[0] = None;
    df.with_column(Series::new(column.into(), values).into_column()).unwrap();
    let tmp = path.with_extension("tampered");
    ParquetWriter::new(std::fs::File::create(&tmp).unwrap()).finish(&mut df).unwrap();
    let saved = path.with_extension("saved");
    std::fs::copy(&path, &saved).unwrap();
    std::fs::rename(&tmp, &path).unwrap();
    saved
}

/// E-5: a NULL in a NOT NULL column of either backend statistics table fails its delivery and
/// leaves the target as it was. E-4: the fixtures have no consultation, so the cumulative table
/// (full replace, E-8) is empty: its delivery fails (exit 1, target unchanged) unless the export
/// is listed in `--allow-empty`, while the top-3's empty partition delivery replaces nothing
/// and succeeds.
#[test]
fn e_4_e_5_backend_statistics_guards() {
    let Some(pg) = url(Kind::Postgres, "backend statistics guards") else { return };
    let tmp = tempfile::tempdir().unwrap();
    let src = sources_with_consultations(tmp.path(), &[("2026-11-20", 1), ("2026-11-25", 2)]);
    let wh = tmp.path().join("wh");
    let schema = format!("guards_{}", std::process::id());
    let mut c = postgres::Client::connect(&pg, postgres::NoTls).unwrap();
    let o = run_export(&src, &wh, "2026-11-27", &pg, &schema, &[]);
    assert!(o.status.success(), "{}", text(&o));
    let (top, cum) = (top_rows(&mut c, &schema), cum_rows(&mut c, &schema));
    assert_eq!((top.len(), cum.len()), (1, 181));

    for (model, column) in [(TOP3, "offer_id"), (CUM, "offerer_id")] {
        let saved = publish_null(&wh, model, column);
        let o = bin()
            .arg("--warehouse")
            .arg(&wh)
            .args(["export", "--select", model, "--pg-schema", &schema, "--postgres-url", &pg])
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(1), "{}", text(&o));
        let f = delivery(&deliveries(&wh), model).clone();
        assert_eq!(f["status"], "failed");
        assert!(f["message"].as_str().unwrap().contains(&format!("E-5: column {column}")), "{f}");
        assert_eq!((top_rows(&mut c, &schema), cum_rows(&mut c, &schema)), (top.clone(), cum.clone()), "unchanged");
        std::fs::rename(saved, std::fs::canonicalize(wh.join(format!("{model}.parquet"))).unwrap()).unwrap();
    }

    // The fixtures alone: no consultation at all.
    let empty = tmp.path().join("empty");
    let o = run_export(&fixtures(), &empty, "2026-11-27", &pg, &schema, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o));
    let out = text(&o);
    assert!(out.contains(&format!("error: model {CUM}: delivery to postgres")), "{out}");
    let d = deliveries(&empty);
    assert_eq!(delivery(&d, CUM)["status"], "failed");
    assert!(delivery(&d, CUM)["message"].as_str().unwrap().contains("E-4"));
    assert_eq!((&delivery(&d, TOP3)["status"], &delivery(&d, TOP3)["rows"]), (&"delivered".into(), &0.into()));
    assert_eq!((top_rows(&mut c, &schema), cum_rows(&mut c, &schema)), (top.clone(), cum), "unchanged");
    let o = bin()
        .arg("--warehouse")
        .arg(&empty)
        .args(["-q", "export", "--pg-schema", &schema, "--postgres-url", &pg, "--allow-empty", CUM])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!((top_rows(&mut c, &schema), cum_rows(&mut c, &schema)), (top, vec![]), "allow_empty: emptied");
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}
