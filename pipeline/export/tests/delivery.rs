//! Delivery against real servers on 127.0.0.1 (ClickHouse 18.16, PostgreSQL 15): full export,
//! rerun (E-2, EI-7), partition replacement, schema drift (E-7), every guard (E-4, E-5, E-6),
//! and faults (refused connection, server killed mid-load then restarted, staging left by a
//! crash, concurrent readers during the switch). After each fault the target holds its previous
//! complete content and the next delivery succeeds. See `support` for where servers come from.

#![allow(non_snake_case)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use marts::exports::exp_backend__booking_per_ean_last_30_days::{
    self as per_ean, ExpBackendBookingPerEanLast30Days as Ean,
};
use marts::exports::exp_clickhouse__booking::{self as booking, ExpClickhouseBooking as Bk};
use marts::exports::exp_clickhouse__native_event::{self as native_event, ExpClickhouseNativeEvent as Ev};
use marts::exports::exp_clickhouse__venue_offer_statistic::{self as vos, ExpClickhouseVenueOfferStatistic as Vos};
use pipeline::polars::prelude::{DataFrame, NamedFrom};
use pipeline::prelude::*;
use pipeline_export::{ExportSpec, Outcome, Status, Targets, clickhouse, deliver};
use pipeline_export_contract::{Delivery, pg};
use support::{Kind, private, url};

// ------------------------------------------------------------------ data

fn bookings(ds: &str, n: usize, salt: usize) -> DataFrame {
    let rows: Vec<Bk> = (0..n)
        .map(|i| Bk {
            update_date: pipeline::date(ds),
            venue_id: format!("v{}", (i + salt) % 97),
            offerer_id: format!("of{}", (i + salt) % 13),
            offer_id: format!("o{}", i + salt),
            creation_date: pipeline::date("2026-11-01"),
            used_date: if i % 3 == 0 { None } else { Some(pipeline::date("2026-11-02")) },
            booking_status: ["CONFIRMED", "USED", "REIMBURSED"][i % 3].into(),
            deposit_type: "GRANT_18".into(),
            booking_quantity: Some(1 + (i % 2) as i64),
            booking_amount: Some(Dec2((i % 5000) as i128 * 7 + 5)),
        })
        .collect();
    Bk::to_dataframe(&rows).unwrap()
}

fn venue_stats(ds: &str, n: usize, salt: i64) -> DataFrame {
    let rows: Vec<Vos> = (0..n)
        .map(|i| Vos {
            update_date: pipeline::date(ds),
            venue_id: format!("v{i:06}"),
            total_active_offers: salt + i as i64,
            total_pending_offers: salt,
            total_inactive_non_rejected_offers: 1,
            ..Default::default()
        })
        .collect();
    Vos::to_dataframe(&rows).unwrap()
}

fn eans(n: usize, salt: i64) -> DataFrame {
    let rows: Vec<Ean> = (0..n).map(|i| Ean { isbn: format!("978{i:010}"), nb_booking: salt + i as i64 }).collect();
    Ean::to_dataframe(&rows).unwrap()
}

/// A unique name per test (ClickHouse database / PostgreSQL schema / run id), so tests sharing a
/// server never touch each other's tables.
fn unique(test: &str) -> String {
    format!("t_{}_{}", test.replace(['-', ' '], "_"), std::process::id())
}

/// `spec` pointed at database `db` (ClickHouse tests each use their own).
fn in_db(mut spec: ExportSpec, db: &str) -> ExportSpec {
    spec.database = Some(Box::leak(db.to_string().into_boxed_str()));
    spec
}

fn ch_targets(u: &str) -> Targets {
    Targets::from_urls(Some(u), None, "data_export").unwrap()
}

fn pg_targets(u: &str, schema: &str) -> Targets {
    Targets::from_urls(None, Some(u), schema).unwrap()
}

fn run(spec: &ExportSpec, df: &DataFrame, t: &Targets, run_id: &str) -> Outcome {
    deliver(spec, df, t, run_id, &mut |_| {})
}

fn ok(o: Outcome) -> Outcome {
    assert_eq!(o.status, Status::Delivered, "{:?}", o.message);
    o
}

fn failed(o: Outcome, needle: &str) -> Outcome {
    assert_eq!(o.status, Status::Failed, "expected a failure, got {o:?}");
    let m = o.message.clone().unwrap_or_default();
    assert!(m.contains(needle), "message `{m}` does not contain `{needle}`");
    o
}

// ------------------------------------------------------------------ ClickHouse helpers

fn ch(t: &Targets) -> &clickhouse::Config {
    t.clickhouse.as_ref().unwrap()
}

fn q(t: &Targets, sql: &str) -> String {
    ch(t).query(sql).unwrap_or_else(|e| panic!("{e}"))
}

/// Row count and an order-independent checksum of every column.
fn ch_state(t: &Targets, table: &str, columns: &[&str]) -> String {
    q(t, &format!("SELECT count(), sum(cityHash64({})) FROM {table} FORMAT TabSeparated", columns.join(", ")))
        .trim()
        .to_string()
}

fn ch_rows(t: &Targets, sql: &str) -> Vec<String> {
    q(t, &format!("{sql} FORMAT TabSeparated")).lines().map(String::from).collect()
}

fn tmp_tables(t: &Targets, run_id: &str) -> Vec<String> {
    ch_rows(t, &format!("SELECT name FROM system.tables WHERE database = 'tmp' AND name LIKE '%{run_id}%'"))
}

const BOOKING_COLS: [&str; 10] = [
    "update_date",
    "venue_id",
    "offerer_id",
    "offer_id",
    "creation_date",
    "ifNull(used_date, '-')",
    "booking_status",
    "deposit_type",
    "booking_quantity",
    "booking_amount",
];

// ------------------------------------------------------------------ ClickHouse

/// R-exp_clickhouse__booking-3, -4, EI-1, E-2, EI-7: a full snapshot export, a new `ds`
/// (exactly one `update_date` afterwards), and a rerun of the same `ds` that leaves the target
/// identical; staging never left behind (E-3).
#[test]
fn r_exp_clickhouse__booking_3_4_snapshot_export_rerun_is_idempotent() {
    let test = "r_exp_clickhouse__booking_3_4";
    let Some(u) = url(Kind::ClickHouse, test) else { return };
    let t = ch_targets(&u);
    let db = unique("booking_snapshot");
    let spec = in_db(booking::target(), &db);
    let table = format!("{db}.booking");
    let day1 = bookings("2026-11-26", 5000, 0);
    ok(run(&spec, &day1, &t, &format!("{db}_1")));
    assert_eq!(ch_rows(&t, &format!("SELECT DISTINCT update_date FROM {table}")), ["2026-11-26"]);
    assert_eq!(ch_rows(&t, &format!("SELECT count() FROM {table}")), ["5000"]);
    // Values as E-6 says: dates as YYYY-MM-DD strings, dec2 as Float64, NULL used_date kept.
    assert_eq!(
        ch_rows(
            &t,
            &format!(
                "SELECT offer_id, creation_date, used_date, booking_quantity, booking_amount FROM {table} WHERE offer_id IN ('o0', 'o1') ORDER BY offer_id"
            )
        ),
        ["o0\t2026-11-01\t\\N\t1\t0.05", "o1\t2026-11-01\t2026-11-02\t2\t0.12"]
    );
    let day2 = bookings("2026-11-27", 7000, 3);
    ok(run(&spec, &day2, &t, &format!("{db}_2")));
    assert_eq!(ch_rows(&t, &format!("SELECT DISTINCT update_date FROM {table}")), ["2026-11-27"]);
    let after = ch_state(&t, &table, &BOOKING_COLS);
    assert!(after.starts_with("7000\t"), "{after}");
    ok(run(&spec, &day2, &t, &format!("{db}_3")));
    assert_eq!(ch_state(&t, &table, &BOOKING_COLS), after, "E-2: same ds, same data, same target");
    for r in 1..=3 {
        assert!(tmp_tables(&t, &format!("{db}_{r}")).is_empty(), "E-3: staging dropped after use");
    }
    q(&t, &format!("DROP DATABASE {db}"));
}

/// R-exp_clickhouse__venue_offer_statistic-7: full replace by one multi-table RENAME; the
/// previous table is dropped; the target has the contract's structure (R-6).
#[test]
fn r_exp_clickhouse__venue_offer_statistic_6_7_full_replace() {
    let Some(u) = url(Kind::ClickHouse, "r_exp_clickhouse__venue_offer_statistic_7") else { return };
    let t = ch_targets(&u);
    let db = unique("vos_replace");
    let spec = in_db(vos::target(), &db);
    let table = format!("{db}.venue_offer_statistic");
    ok(run(&spec, &venue_stats("2026-11-26", 300, 1), &t, &format!("{db}_1")));
    assert_eq!(ch_rows(&t, &format!("SELECT count(), min(update_date) FROM {table}")), ["300\t2026-11-26"]);
    ok(run(&spec, &venue_stats("2026-11-27", 200, 5), &t, &format!("{db}_2")));
    assert_eq!(
        ch_rows(&t, &format!("SELECT count(), min(update_date), sum(total_pending_offers) FROM {table}")),
        ["200\t2026-11-27\t1000"]
    );
    assert_eq!(
        ch_rows(
            &t,
            &format!(
                "SELECT sorting_key, partition_key FROM system.tables WHERE database = '{db}' AND name = 'venue_offer_statistic'"
            )
        ),
        ["venue_id\t"]
    );
    assert!(tmp_tables(&t, &db).is_empty(), "old table and staging dropped");
    q(&t, &format!("DROP DATABASE {db}"));
}

fn native_event_spec(db: &str) -> ExportSpec {
    in_db(native_event::target(), db)
}

fn events(days: &[&str], per_day: usize, name: &str) -> DataFrame {
    let mut rows = Vec::new();
    for d in days {
        for i in 0..per_day {
            rows.push(Ev {
                partition_date: pipeline::date(d),
                event_name: name.into(),
                event_timestamp: TsUtc(pipeline::dt(&format!("{d} 10:00:0{}.999999", i % 10)).and_utc()),
                offer_id: (i % 4 != 0).then(|| format!("o{i}")),
                venue_id: (i % 4 == 0).then(|| format!("v{i}")),
                user_id: Some("u".into()),
                is_consult_offer: (i % 2) as i64,
                ..Default::default()
            });
        }
    }
    Ev::to_dataframe(&rows).unwrap()
}

/// R-exp_clickhouse__native_event-3, -4, EI-2: each staged partition replaces the
/// target's atomically; partitions absent from staging are neither modified nor deleted (K-33).
/// E-6: DateTime = UTC epoch seconds truncated toward the past; UInt8 from i64; Nullable kept.
///
/// Rules: R-exp_clickhouse__native_event-3, R-exp_clickhouse__native_event-4.
#[test]
fn r_exp_clickhouse__native_event_3_partition_replace_keeps_other_partitions() {
    let Some(u) = url(Kind::ClickHouse, "partition_replace") else { return };
    let t = ch_targets(&u);
    let db = unique("partition_replace");
    let spec = native_event_spec(&db);
    let table = format!("{db}.native_event");
    ok(run(&spec, &events(&["2026-11-24", "2026-11-25", "2026-11-26"], 10, "Old"), &t, &format!("{db}_1")));
    ok(run(&spec, &events(&["2026-11-26", "2026-11-27"], 4, "New"), &t, &format!("{db}_2")));
    assert_eq!(
        ch_rows(
            &t,
            &format!(
                "SELECT partition_date, event_name, count() FROM {table} GROUP BY partition_date, event_name ORDER BY partition_date"
            )
        ),
        ["2026-11-24\tOld\t10", "2026-11-25\tOld\t10", "2026-11-26\tNew\t4", "2026-11-27\tNew\t4"]
    );
    assert_eq!(
        ch_rows(
            &t,
            &format!(
                "SELECT toString(event_timestamp), ifNull(offer_id, '-'), is_consult_offer FROM {table} WHERE partition_date = '2026-11-27' ORDER BY event_timestamp"
            )
        ),
        [
            "2026-11-27 10:00:00\t-\t0",
            "2026-11-27 10:00:01\to1\t1",
            "2026-11-27 10:00:02\to2\t0",
            "2026-11-27 10:00:03\to3\t1"
        ]
    );
    // E-4: a partition delivery with zero rows replaces nothing.
    let before = ch_state(&t, &table, &["partition_date", "event_name"]);
    ok(run(&spec, &events(&[], 0, "None"), &t, &format!("{db}_3")));
    assert_eq!(ch_state(&t, &table, &["partition_date", "event_name"]), before);
    q(&t, &format!("DROP DATABASE {db}"));
}

/// E-7: an existing target with other columns is refused before anything is loaded; the
/// target keeps its rows and no staging table is created.
#[test]
fn e_7_clickhouse_schema_drift_is_refused() {
    let Some(u) = url(Kind::ClickHouse, "e_7_clickhouse") else { return };
    let t = ch_targets(&u);
    let db = unique("drift");
    q(&t, &format!("CREATE DATABASE {db}"));
    q(
        &t,
        &format!(
            "CREATE TABLE {db}.venue_offer_statistic (update_date String, venue_id String, total_active_offers UInt32) ENGINE = MergeTree ORDER BY venue_id"
        ),
    );
    q(&t, &format!("INSERT INTO {db}.venue_offer_statistic VALUES ('2026-11-01', 'v', 1)"));
    let spec = in_db(vos::target(), &db);
    failed(run(&spec, &venue_stats("2026-11-27", 10, 0), &t, &db), "E-7");
    assert_eq!(ch_rows(&t, &format!("SELECT * FROM {db}.venue_offer_statistic")), ["2026-11-01\tv\t1"]);
    assert!(tmp_tables(&t, &db).is_empty());
    q(&t, &format!("DROP DATABASE {db}"));
}

/// E-4, E-5, E-6 guards (ClickHouse): empty snapshot, NULL into a non-nullable column, a negative
/// value into UInt64 — each fails with the target unchanged; `allow_empty` lets an empty
/// snapshot through (the target then holds no snapshot).
#[test]
fn e_4_e_5_e_6_clickhouse_guards_leave_the_target_unchanged() {
    let Some(u) = url(Kind::ClickHouse, "e_4_e_5_e_6_clickhouse") else { return };
    let mut t = ch_targets(&u);
    let db = unique("guards");
    let spec = in_db(booking::target(), &db);
    let table = format!("{db}.booking");
    ok(run(&spec, &bookings("2026-11-26", 100, 0), &t, &db));
    let before = ch_state(&t, &table, &BOOKING_COLS);

    failed(run(&spec, &bookings("2026-11-27", 0, 0), &t, &db), "E-4");
    assert_eq!(ch_state(&t, &table, &BOOKING_COLS), before);

    let mut rows = Bk::from_dataframe(&bookings("2026-11-27", 10, 0)).unwrap();
    rows[3].booking_quantity = None;
    failed(run(&spec, &Bk::to_dataframe(&rows).unwrap(), &t, &db), "E-5: column booking_quantity");
    rows[3].booking_quantity = Some(1);
    rows[4].booking_amount = None;
    failed(run(&spec, &Bk::to_dataframe(&rows).unwrap(), &t, &db), "E-5: column booking_amount");
    rows[4].booking_amount = Some(Dec2(1));
    rows[5].booking_quantity = Some(-1);
    failed(run(&spec, &Bk::to_dataframe(&rows).unwrap(), &t, &db), "E-6: column booking_quantity holds -1");
    assert_eq!(ch_state(&t, &table, &BOOKING_COLS), before);
    assert!(tmp_tables(&t, &db).is_empty(), "guards run before any staging");

    t.allow_empty.insert(spec.model.to_string());
    ok(run(&spec, &bookings("2026-11-27", 0, 0), &t, &db));
    assert_eq!(ch_rows(&t, &format!("SELECT count() FROM {table}")), ["0"]);
    q(&t, &format!("DROP DATABASE {db}"));
}

/// E-3: a staging table left behind by an earlier crash (same name, other structure, junk rows)
/// is dropped before use; the delivery succeeds and stages only the model's rows.
#[test]
fn e_3_staging_left_by_a_crash_is_replaced() {
    let Some(u) = url(Kind::ClickHouse, "e_3_stale_staging") else { return };
    let t = ch_targets(&u);
    let db = unique("stale");
    let run_id = format!("{db}_crashed");
    q(&t, "CREATE DATABASE IF NOT EXISTS tmp");
    q(&t, &format!("CREATE TABLE tmp.venue_offer_statistic_{run_id} (x UInt8) ENGINE = MergeTree ORDER BY x"));
    q(&t, &format!("INSERT INTO tmp.venue_offer_statistic_{run_id} VALUES (1), (2)"));
    let spec = in_db(vos::target(), &db);
    ok(run(&spec, &venue_stats("2026-11-27", 50, 0), &t, &run_id));
    assert_eq!(ch_rows(&t, &format!("SELECT count() FROM {db}.venue_offer_statistic")), ["50"]);
    assert!(tmp_tables(&t, &run_id).is_empty());
    q(&t, &format!("DROP DATABASE {db}"));
}

/// E-1 fault: the server refuses connections — the delivery fails with a message naming the
/// endpoint and never the password.
#[test]
fn e_1_refused_connection_fails_without_printing_credentials() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let t = ch_targets(&format!("http://exporter:hunter2secret@127.0.0.1:{port}"));
    let o = failed(run(&booking::target(), &bookings("2026-11-27", 10, 0), &t, "refused"), "cannot connect");
    assert!(!format!("{o:?}").contains("hunter2secret"));
    let t = pg_targets(&format!("postgres://exporter:hunter2secret@127.0.0.1:{port}/db"), "data_export");
    let o = failed(run(&per_ean::target(), &eans(3, 1), &t, "refused"), "cannot connect");
    assert!(!format!("{o:?} {t:?}").contains("hunter2secret"));
}

/// E-1 fault: the server is killed in the middle of the load, then restarted. The target holds
/// its previous complete content; the next delivery succeeds.
#[test]
fn e_1_clickhouse_killed_mid_load_then_restarted() {
    let Some(server) = private(Kind::ClickHouse, "e_1_clickhouse_killed_mid_load") else { return };
    let t = ch_targets(&server.url);
    let spec = in_db(booking::target(), "intermediate");
    ok(run(&spec, &bookings("2026-11-26", 1000, 0), &t, "r1"));
    let before = ch_state(&t, "intermediate.booking", &BOOKING_COLS);
    let big = bookings("2026-11-27", 300_000, 1);
    let mut killed = false;
    let o = deliver(&spec, &big, &t, "r2", &mut |sent| {
        if !killed && sent >= 65_536 {
            killed = true;
            server.kill();
        }
    });
    assert!(killed);
    let o = failed(o, "");
    assert!(!format!("{o:?}").contains(&server.password()), "no credential in {o:?}");
    server.restart();
    assert_eq!(ch_state(&t, "intermediate.booking", &BOOKING_COLS), before, "previous snapshot intact");
    ok(run(&spec, &big, &t, "r3"));
    assert_eq!(
        ch_rows(&t, "SELECT count(), min(update_date), max(update_date) FROM intermediate.booking"),
        ["300000\t2026-11-27\t2026-11-27"]
    );
}

/// E-1, R-exp_clickhouse__booking-4, R-exp_clickhouse__venue_offer_statistic-7: readers polling
/// during repeated deliveries only ever see a complete old or a complete new content (full
/// replace: the whole table; snapshot: the rows of `max(update_date)`), never empty or partial.
#[test]
fn e_1_clickhouse_concurrent_reader_sees_old_or_new_only() {
    let Some(u) = url(Kind::ClickHouse, "e_1_clickhouse_concurrent_reader") else { return };
    let t = ch_targets(&u);
    let db = unique("reader");
    let vspec = in_db(vos::target(), &db);
    let bspec = in_db(booking::target(), &db);
    let (v1, v2) = (venue_stats("2026-11-26", 20_000, 1), venue_stats("2026-11-27", 30_000, 2));
    let (b1, b2) = (bookings("2026-11-26", 40_000, 0), bookings("2026-11-27", 60_000, 7));
    let vt = format!("{db}.venue_offer_statistic");
    let bt = format!("{db}.booking");
    let vcols = ["update_date", "venue_id", "total_active_offers", "total_pending_offers"];
    let bsql = |t: &Targets| {
        q(t, &format!("SELECT count(), sum(cityHash64({})) FROM {bt} WHERE update_date = (SELECT max(update_date) FROM {bt}) FORMAT TabSeparated", BOOKING_COLS.join(", "))).trim().to_string()
    };
    ok(run(&vspec, &v1, &t, &format!("{db}_a")));
    let va = ch_state(&t, &vt, &vcols);
    ok(run(&vspec, &v2, &t, &format!("{db}_b")));
    let vb = ch_state(&t, &vt, &vcols);
    ok(run(&bspec, &b1, &t, &format!("{db}_c")));
    let ba = bsql(&t);
    ok(run(&bspec, &b2, &t, &format!("{db}_d")));
    let bb = bsql(&t);
    ok(run(&bspec, &b1, &t, &format!("{db}_e")));

    let stop = Arc::new(AtomicBool::new(false));
    let reader = {
        let (stop, t) = (stop.clone(), t.clone());
        let (vt, vcols) = (vt.clone(), vcols);
        let bt = bt.clone();
        std::thread::spawn(move || {
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                seen.push(("v", ch_state(&t, &vt, &vcols)));
                let b = q(
                    &t,
                    &format!(
                        "SELECT count(), sum(cityHash64({})) FROM {bt} WHERE update_date = (SELECT max(update_date) FROM {bt}) FORMAT TabSeparated",
                        BOOKING_COLS.join(", ")
                    ),
                );
                seen.push(("b", b.trim().to_string()));
            }
            seen
        })
    };
    for i in 0..4 {
        let (v, b) = if i % 2 == 0 { (&v1, &b2) } else { (&v2, &b1) };
        ok(run(&vspec, v, &t, &format!("{db}_r{i}")));
        ok(run(&bspec, b, &t, &format!("{db}_s{i}")));
    }
    stop.store(true, Ordering::Relaxed);
    let seen = reader.join().unwrap();
    assert!(seen.len() > 4, "the reader polled during the deliveries");
    for (what, s) in &seen {
        let allowed = if *what == "v" { [&va, &vb] } else { [&ba, &bb] };
        assert!(
            allowed.contains(&s),
            "reader saw a state that is neither old nor new: {what} {s} (allowed {allowed:?})"
        );
    }
    q(&t, &format!("DROP DATABASE {db}"));
}

// ------------------------------------------------------------------ PostgreSQL

fn pg_client(u: &str) -> postgres::Client {
    postgres::Client::connect(u, postgres::NoTls).unwrap()
}

fn pg_state(c: &mut postgres::Client, table: &str) -> (i64, Option<String>) {
    let r = c
        .query_one(&format!("SELECT count(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM {table} t"), &[])
        .unwrap();
    (r.get(0), r.get(1))
}

/// E-8, R-exp_backend__booking_per_ean_last_30_days-3, E-2: full replace in one transaction;
/// the table is created from the contract (types, NOT NULL, primary key); a rerun with the same
/// data leaves the same content.
#[test]
fn e_8_r_exp_backend__booking_per_ean_last_30_days_3_full_replace() {
    let Some(u) = url(Kind::Postgres, "e_8_postgres_full_replace") else { return };
    let schema = unique("pg_full");
    let t = pg_targets(&u, &schema);
    let spec = per_ean::target();
    ok(run(&spec, &eans(1000, 1), &t, "r"));
    let mut c = pg_client(&u);
    let table = format!("{schema}.booking_per_ean_last_30_days");
    assert_eq!(pg_state(&mut c, &table).0, 1000);
    let cols: Vec<(String, String, String)> = c
        .query("SELECT column_name::text, data_type::text, is_nullable::text FROM information_schema.columns WHERE table_schema = $1 ORDER BY ordinal_position", &[&schema])
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        cols,
        [("isbn".into(), "text".into(), "NO".into()), ("nb_booking".into(), "bigint".into(), "NO".into())]
    );
    let pk: String = c
        .query_one(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = $1::text::regclass AND contype = 'p'",
            &[&table],
        )
        .unwrap()
        .get(0);
    assert_eq!(pk, "PRIMARY KEY (isbn)");
    ok(run(&spec, &eans(700, 5), &t, "r"));
    let after = pg_state(&mut c, &table);
    assert_eq!(after.0, 700);
    let row: (String, i64) = c
        .query_one(&format!("SELECT isbn, nb_booking FROM {table} WHERE isbn = '9780000000003'"), &[])
        .map(|r| (r.get(0), r.get(1)))
        .unwrap();
    assert_eq!(row, ("9780000000003".into(), 8));
    ok(run(&spec, &eans(700, 5), &t, "r"));
    assert_eq!(pg_state(&mut c, &table), after, "E-2");
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// The E-9 partition mode: a top-3-like table keyed by execution date.
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "exp_backend__demo_top", layer = "export", grain = "execution_date, offerer_id")]
struct DemoTop {
    /// ds
    execution_date: NaiveDate,
    /// offerer
    offerer_id: String,
    /// count
    nb: i64,
    /// small count
    day_seniority: Option<i64>,
}

fn demo_top_spec() -> ExportSpec {
    type E = DemoTop;
    ExportSpec::postgres::<E>("demo_top", Delivery::PartitionDelete { column: "execution_date" })
        .column(E::execution_date, pg::Date)
        .column(E::offerer_id, pg::Text)
        .column(E::nb, pg::BigInt)
        .column(E::day_seniority, pg::Nullable(pg::Integer))
        .primary_key(&["execution_date", "offerer_id"])
        .index("execution_date")
        .build()
}

fn tops(ds: &str, n: usize, nb: i64) -> DataFrame {
    let rows: Vec<DemoTop> = (0..n)
        .map(|i| DemoTop {
            execution_date: pipeline::date(ds),
            offerer_id: format!("of{i}"),
            nb,
            day_seniority: (i % 2 == 0).then_some(i as i64),
        })
        .collect();
    DemoTop::to_dataframe(&rows).unwrap()
}

/// E-9: a partition delivery deletes only the rows of its `execution_date` and keeps the other
/// dates; rerunning a date replaces it; an empty delivery replaces nothing (E-4). E-6: a value
/// outside `integer` is refused.
#[test]
fn e_9_postgres_partition_delivery_keeps_other_dates() {
    let Some(u) = url(Kind::Postgres, "e_9_postgres_partition") else { return };
    let schema = unique("pg_part");
    let t = pg_targets(&u, &schema);
    let spec = demo_top_spec();
    ok(run(&spec, &tops("2026-11-26", 3, 1), &t, "r"));
    ok(run(&spec, &tops("2026-11-27", 5, 2), &t, "r"));
    ok(run(&spec, &tops("2026-11-27", 2, 3), &t, "r"));
    let mut c = pg_client(&u);
    let per_day: Vec<(String, i64, i64)> = c
        .query(
            &format!("SELECT execution_date::text, count(*), max(nb) FROM {schema}.demo_top GROUP BY 1 ORDER BY 1"),
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(per_day, [("2026-11-26".into(), 3, 1), ("2026-11-27".into(), 2, 3)]);
    let before = pg_state(&mut c, &format!("{schema}.demo_top"));
    ok(run(&spec, &tops("2026-11-28", 0, 0), &t, "r"));
    let mut rows = DemoTop::from_dataframe(&tops("2026-11-28", 2, 1)).unwrap();
    rows[1].day_seniority = Some(1 << 40);
    failed(run(&spec, &DemoTop::to_dataframe(&rows).unwrap(), &t, "r"), "E-6: column day_seniority");
    assert_eq!(pg_state(&mut c, &format!("{schema}.demo_top")), before);
    let idx: i64 = c
        .query_one(
            "SELECT count(*) FROM pg_indexes WHERE schemaname = $1 AND indexname = 'demo_top_execution_date_idx'",
            &[&schema],
        )
        .unwrap()
        .get(0);
    assert_eq!(idx, 1);
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// E-7 (PostgreSQL): a table with other columns is refused, nothing changes; E-4, E-5: an empty
/// full replace and a NULL into NOT NULL fail with the table unchanged; `allow_empty` empties it.
#[test]
fn e_4_e_5_e_7_postgres_guards_and_drift() {
    let Some(u) = url(Kind::Postgres, "e_4_e_5_e_7_postgres") else { return };
    let schema = unique("pg_guard");
    let mut t = pg_targets(&u, &schema);
    let spec = per_ean::target();
    let mut c = pg_client(&u);
    let table = format!("{schema}.booking_per_ean_last_30_days");
    c.batch_execute(&format!("CREATE SCHEMA {schema}; CREATE TABLE {table} (isbn text PRIMARY KEY, nb_booking integer NOT NULL); INSERT INTO {table} VALUES ('x', 1)")).unwrap();
    failed(run(&spec, &eans(10, 1), &t, "r"), "E-7");
    assert_eq!(pg_state(&mut c, &table).0, 1);
    c.batch_execute(&format!("DROP TABLE {table}")).unwrap();
    ok(run(&spec, &eans(10, 1), &t, "r"));
    let before = pg_state(&mut c, &table);
    failed(run(&spec, &eans(0, 1), &t, "r"), "E-4");
    let mut df = eans(3, 1);
    df.replace("isbn", pipeline::polars::prelude::Series::new("isbn".into(), [Some("a"), None, Some("c")]).into())
        .unwrap();
    failed(run(&spec, &df, &t, "r"), "E-5: column isbn");
    assert_eq!(pg_state(&mut c, &table), before);
    t.allow_empty.insert(spec.model.to_string());
    ok(run(&spec, &eans(0, 1), &t, "r"));
    assert_eq!(pg_state(&mut c, &table).0, 0);
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// E-8: DELETE, not TRUNCATE, so readers are never blocked: a reader transaction that has read
/// the table stays open during the whole delivery (TRUNCATE would wait for it) and keeps seeing
/// its snapshot; concurrent pollers at READ COMMITTED only ever see the old or the new content.
#[test]
fn e_8_postgres_readers_see_old_or_new_and_are_never_blocked() {
    let Some(u) = url(Kind::Postgres, "e_8_postgres_readers") else { return };
    let schema = unique("pg_readers");
    let t = pg_targets(&u, &schema);
    let spec = per_ean::target();
    let table = format!("{schema}.booking_per_ean_last_30_days");
    let (a, b) = (eans(30_000, 1), eans(50_000, 2));
    ok(run(&spec, &a, &t, "r"));
    let mut c = pg_client(&u);
    let sa = pg_state(&mut c, &table);
    ok(run(&spec, &b, &t, "r"));
    let sb = pg_state(&mut c, &table);
    ok(run(&spec, &a, &t, "r"));

    let mut holder = pg_client(&u);
    let mut tx = holder.build_transaction().isolation_level(postgres::IsolationLevel::RepeatableRead).start().unwrap();
    let held = {
        let r = tx.query_one(&format!("SELECT count(*) FROM {table}"), &[]).unwrap();
        r.get::<_, i64>(0)
    };
    let stop = Arc::new(AtomicBool::new(false));
    let poller = {
        let (stop, u, table) = (stop.clone(), u.clone(), table.clone());
        std::thread::spawn(move || {
            let mut c = pg_client(&u);
            let mut seen = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                seen.push(pg_state(&mut c, &table));
            }
            seen
        })
    };
    for i in 0..4 {
        ok(run(&spec, if i % 2 == 0 { &b } else { &a }, &t, "r"));
    }
    stop.store(true, Ordering::Relaxed);
    let seen = poller.join().unwrap();
    let again: i64 = tx.query_one(&format!("SELECT count(*) FROM {table}"), &[]).unwrap().get(0);
    assert_eq!(again, held, "the open reader keeps its snapshot");
    tx.commit().unwrap();
    assert!(!seen.is_empty());
    for s in &seen {
        assert!(*s == sa || *s == sb, "poller saw {s:?}, neither old {sa:?} nor new {sb:?}");
    }
    c.batch_execute(&format!("DROP SCHEMA {schema} CASCADE")).unwrap();
}

/// E-1 fault (PostgreSQL): the server crashes (immediate shutdown) in the middle of the COPY,
/// then restarts; the table holds its previous rows and the next delivery succeeds.
#[test]
fn e_1_postgres_killed_mid_load_then_restarted() {
    let Some(server) = private(Kind::Postgres, "e_1_postgres_killed_mid_load") else { return };
    let t = pg_targets(&server.url, "data_export");
    let spec = per_ean::target();
    ok(run(&spec, &eans(1000, 1), &t, "r"));
    let table = "data_export.booking_per_ean_last_30_days";
    let before = pg_state(&mut pg_client(&server.url), table);
    let big = eans(300_000, 9);
    let mut killed = false;
    let o = deliver(&spec, &big, &t, "r", &mut |sent| {
        if !killed && sent >= 65_536 {
            killed = true;
            server.kill();
        }
    });
    assert!(killed);
    let o = failed(o, "");
    assert!(!format!("{o:?}").contains(&server.password()));
    server.restart();
    assert_eq!(pg_state(&mut pg_client(&server.url), table), before, "previous rows intact");
    ok(run(&spec, &big, &t, "r"));
    assert_eq!(pg_state(&mut pg_client(&server.url), table).0, 300_000);
}
