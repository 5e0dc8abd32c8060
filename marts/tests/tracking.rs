//! Tracking tables (spec `tracking.md`): the GA4 event source read by date partition and the
//! incremental materialisation of the three partitioned models, run in process on the fixtures
//! plus generated event partitions (ds 2026-11-27).

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use pipeline::polars::prelude::*;
use pipeline::prelude::{EventParam as P, NaiveDate};
use pipeline::{RunContext, Schema};
use pipeline_runtime::Dag;
use pipeline_runtime::runner::{RunOptions, run};
use proptest::prelude::*;
use proptest::test_runner::TestRunner;
use sources::RawFirebaseEvent;

mod support;
use support::*;

const MODELS: [&str; 3] = ["int_firebase__native_event", "mrt_native__event", "mrt_native__daily_offer_consultation"];

fn ds() -> NaiveDate {
    pipeline::date(DS)
}

fn day(back: i64) -> NaiveDate {
    ds() - chrono::Duration::days(back)
}

/// A copy of the fixtures as a sources directory.
fn sources(tmp: &Path) -> PathBuf {
    let src = tmp.join("src");
    copy_dir(&fixtures(), &src);
    src
}

fn partition_dir(src: &Path, d: NaiveDate) -> PathBuf {
    src.join(format!("firebase/events/event_date={d}"))
}

/// Writes `events` as the GA4 file `name` of partition `d` (the file's own `event_date` is the
/// GA4 `YYYYMMDD` text).
fn write_events(src: &Path, d: NaiveDate, name: &str, events: &[RawFirebaseEvent]) {
    let dir = partition_dir(src, d);
    fs::create_dir_all(&dir).unwrap();
    let mut df = RawFirebaseEvent::to_dataframe(events).unwrap();
    let ga4 = Series::new("event_date".into(), vec![d.format("%Y%m%d").to_string(); df.height()]);
    df.with_column(ga4.into_column()).unwrap();
    ParquetWriter::new(fs::File::create(dir.join(name)).unwrap()).finish(&mut df).unwrap();
}

/// Events of day `d`: a consultation of fixture offer `1` by user `1`, a booking confirmation,
/// a home screen view, a consultation by a visitor and `tag` as the search id (to tell runs apart).
fn events(d: NaiveDate, n: usize, tag: &str) -> Vec<RawFirebaseEvent> {
    let at = d.and_hms_opt(9, 0, 0).unwrap().and_utc().timestamp_micros();
    let ev = |name: &str, user: Option<&str>, params: Vec<P>, k: usize| RawFirebaseEvent {
        event_date: d,
        event_timestamp: at + k as i64 * 1_000_000,
        event_name: name.into(),
        event_params: Some(params),
        user_id: user.map(Into::into),
        user_pseudo_id: Some(format!("dev{k}")),
        platform: Some("ANDROID".into()),
        ..Default::default()
    };
    (0..n)
        .flat_map(|k| {
            vec![
                ev("ConsultOffer", Some("1"), vec![P::int("offerId", 1), P::str("searchId", tag)], k),
                ev("BookingConfirmation", Some("1"), vec![P::int("bookingId", 7), P::int("offerId", 2)], k),
                ev("screen_view", None, vec![P::str("firebase_screen", "SignupForm")], k),
                ev("ConsultOffer", None, vec![P::dbl("offerId", 2.0), P::str("offerId", "2")], k),
            ]
        })
        .collect()
}

fn build(src: &Path, wh: &Path, lookback: u32, full_refresh: bool) -> pipeline::Result<()> {
    let dag = Dag::new(marts::project()).expect("valid dag");
    let mut ctx = RunContext::new(ds(), src);
    ctx.lookback_days = lookback;
    ctx.full_refresh = full_refresh;
    run(&dag, &ctx, &RunOptions { warehouse: wh.to_path_buf(), select: vec![], exclude: vec![], progress: false })
        .map(|_| ())
}

/// Each stored partition file of the tracking models: (bytes, inode).
fn partitions(wh: &Path) -> BTreeMap<String, (Vec<u8>, u64)> {
    let mut out = BTreeMap::new();
    for m in MODELS {
        let dir = wh.join(m);
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for p in entries {
            let p = p.unwrap().path();
            for f in fs::read_dir(&p).unwrap() {
                let f = f.unwrap().path();
                let key = format!(
                    "{m}/{}/{}",
                    p.file_name().unwrap().to_string_lossy(),
                    f.file_name().unwrap().to_string_lossy()
                );
                out.insert(key, (fs::read(&f).unwrap(), fs::metadata(&f).unwrap().ino()));
            }
        }
    }
    out
}

fn bytes(p: &BTreeMap<String, (Vec<u8>, u64)>) -> BTreeMap<String, Vec<u8>> {
    p.iter().map(|(k, (b, _))| (k.clone(), b.clone())).collect()
}

/// Every file of a stored partition, in file order.
fn read_partition(wh: &Path, model: &str, d: NaiveDate) -> DataFrame {
    let dir = wh.join(model).join(format!("event_date={d}"));
    let mut files: Vec<PathBuf> = fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    let mut frames = files.iter().map(|f| ParquetReader::new(fs::File::open(f).unwrap()).finish().unwrap());
    let mut df = frames.next().expect("a file");
    for f in frames {
        df.vstack_mut_owned(f).unwrap();
    }
    df
}

/// L-2, L-3 through the lazy re-read of event files (`by_partition`): a file whose column name
/// differs in case and whose `traffic_source` struct carries an extra field, and a file without
/// `user_properties`, give the same tables as the same events in the declared shape.
#[test]
fn l_2_l_3_event_files_in_another_shape_give_the_same_tables() {
    let tmp = tempfile::tempdir().unwrap();
    let (clean, odd) = (tmp.path().join("clean"), tmp.path().join("odd"));
    let (clean_src, odd_src) = (sources(&clean), sources(&odd));
    write_events(&clean_src, day(0), "part-a.parquet", &events(day(0), 2, "a"));
    write_events(&odd_src, day(0), "part-a.parquet", &events(day(0), 2, "a"));
    let file = partition_dir(&odd_src, day(0)).join("part-a.parquet");
    let mut df = ParquetReader::new(fs::File::open(&file).unwrap()).finish().unwrap();
    let ts = df.column("traffic_source").unwrap().as_materialized_series().struct_().unwrap().clone();
    let mut fields = ts.fields_as_series();
    fields.push(Series::new("extra".into(), vec!["x"; df.height()]));
    let wider = StructChunked::from_series("traffic_source".into(), df.height(), fields.iter()).unwrap();
    df.with_column(wider.into_series().into_column()).unwrap();
    df.rename("event_name", "EVENT_NAME".into()).unwrap();
    let df = df.drop("user_properties").unwrap();
    fs::remove_file(&file).unwrap();
    ParquetWriter::new(fs::File::create(&file).unwrap()).finish(&mut df.clone()).unwrap();
    let (a, b) = (clean.join("wh"), odd.join("wh"));
    build(&clean_src, &a, 3, false).unwrap();
    build(&odd_src, &b, 3, false).unwrap();
    for m in MODELS {
        let (x, y) = (read_partition(&a, m, day(0)), read_partition(&b, m, day(0)));
        assert!(x.height() > 0 && x.equals_missing(&y), "{m}: same rows in the same order");
    }
}

/// T-2 (peak memory bounded by `--batch-rows`): the row-wise models computed in batches of 5
/// events hold exactly the rows of a single batch; only the split of a date into files differs.
/// A batch is never smaller than the model's whole inputs (one batch of `mrt_native__event`).
#[test]
fn t_2_row_wise_batches_change_files_not_rows() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    for back in 0..2 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 3, "a"));
    }
    let build_in = |wh: &Path, batch_rows: usize| {
        let dag = Dag::new(marts::project()).expect("valid dag");
        let mut ctx = RunContext::new(ds(), &src);
        ctx.batch_rows = batch_rows;
        let opts = RunOptions { warehouse: wh.to_path_buf(), select: vec![], exclude: vec![], progress: false };
        run(&dag, &ctx, &opts).unwrap();
    };
    let (one, batched) = (tmp.path().join("one"), tmp.path().join("batched"));
    build_in(&one, 200_000);
    build_in(&batched, 5);
    let files = fs::read_dir(batched.join("int_firebase__native_event").join(format!("event_date={}", ds()))).unwrap();
    assert_eq!(files.count(), 3, "12 events in batches of 5: three files");
    let files = fs::read_dir(batched.join("mrt_native__event").join(format!("event_date={}", ds()))).unwrap();
    assert_eq!(
        files.count(),
        1,
        "a batch is never smaller than the tables each batch joins: the fixture's users, offers, venues and \
         deposits outnumber the events, so one batch"
    );
    let sorted = |df: DataFrame| {
        let keys: Vec<PlSmallStr> =
            df.schema().iter().filter(|(_, t)| !t.is_nested()).map(|(n, _)| n.clone()).collect();
        df.sort(keys, SortMultipleOptions::default()).unwrap()
    };
    for m in MODELS {
        for back in 0..2 {
            let (a, b) = (read_partition(&one, m, day(back)), read_partition(&batched, m, day(back)));
            assert!(a.height() > 0, "{m} {}", day(back));
            assert!(sorted(a).equals_missing(&sorted(b)), "{m} {}: same rows", day(back));
        }
    }
}

/// T-1, T-3, TI-7 (the "done when"): a run at ds over a history of 12 days rewrites only
/// the partitions of [ds − 3, ds]; the others keep their bytes and inodes (hard links into the
/// new generation); the run is published through `current` like the tables.
#[test]
fn t_3_incremental_run_rewrites_only_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    for back in 0..12 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 2, "a"));
    }
    let wh = tmp.path().join("wh");
    build(&src, &wh, 3, false).unwrap();
    let first = partitions(&wh);
    assert_eq!(first.len(), 36, "T-1: the first run builds every partition of the three models");
    build(&src, &wh, 3, false).unwrap();
    let second = partitions(&wh);
    assert_eq!(bytes(&first), bytes(&second), "T-7: a rerun is byte-identical");
    for (k, (_, ino)) in &second {
        let d: NaiveDate = k.split('/').nth(1).unwrap().trim_start_matches("event_date=").parse().unwrap();
        let in_window = d >= day(3);
        assert_eq!(*ino == first[k].1, !in_window, "{k}: rewritten iff in the window (TI-7)");
    }
    assert!(fs::read_link(wh.join("mrt_native__event")).unwrap().starts_with("current"));
}

/// T-3, K-27, T-2, T-5: late events for ds − 2 replace that partition; a date of the window
/// whose source partition vanished produces no row and keeps its stored content, while the
/// marts recompute it from the stored `int_firebase__native_event` partition with the current
/// run's global marts (a renamed offer shows its new name).
#[test]
fn t_3_late_events_replace_a_partition_and_an_empty_date_keeps_its_content() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    for back in 0..6 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 1, "a"));
    }
    let wh = tmp.path().join("wh");
    build(&src, &wh, 3, false).unwrap();
    let int_before = read_partition(&wh, "int_firebase__native_event", day(1));
    // Late events arrive for ds − 2; ds − 1's source partition disappears; offer 1 is renamed.
    write_events(&src, day(2), "part-b.parquet", &events(day(2), 1, "late"));
    fs::remove_dir_all(partition_dir(&src, day(1))).unwrap();
    let offers = src.join("applicative/offer.csv");
    let text = fs::read_to_string(&offers).unwrap().replacen("L'Écume des jours,", "L'Écume des nuits,", 1);
    fs::write(&offers, text).unwrap();
    build(&src, &wh, 3, false).unwrap();

    let late = read_partition(&wh, "int_firebase__native_event", day(2));
    // 3 rows per file: the visitor's ConsultOffer whose first `offerId` element is a double is an
    // anomaly (K-22).
    assert_eq!(late.height(), 6, "the partition holds the old and the late events");
    let kept = read_partition(&wh, "int_firebase__native_event", day(1));
    assert!(kept.equals_missing(&int_before), "K-27: no row for ds − 1, its partition keeps its content");
    let names = |d| {
        let df = read_partition(&wh, "mrt_native__event", d);
        let s = df.column("offer_name").unwrap().str().unwrap().clone();
        s.iter().flatten().map(String::from).collect::<Vec<_>>()
    };
    assert!(names(day(1)).contains(&"L'Écume des nuits".to_string()), "T-2/T-5: recomputed from stored events");
    assert!(names(day(5)).contains(&"L'Écume des jours".to_string()), "outside W: untouched");
}

/// T-4: a full refresh rebuilds from every source partition and drops stored partitions the
/// sources no longer have; T-6: the tracking models run after the global marts they read.
#[test]
fn t_4_full_refresh_removes_absent_partitions_and_t_6_order() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    for back in 0..5 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 1, "a"));
    }
    let wh = tmp.path().join("wh");
    build(&src, &wh, 0, false).unwrap();
    fs::remove_dir_all(partition_dir(&src, day(4))).unwrap();
    build(&src, &wh, 0, false).unwrap();
    assert!(wh.join(format!("int_firebase__native_event/event_date={}", day(4))).is_dir(), "outside W: kept");
    build(&src, &wh, 0, true).unwrap();
    assert!(!wh.join(format!("int_firebase__native_event/event_date={}", day(4))).exists(), "T-4: removed");
    assert!(wh.join(format!("mrt_native__event/event_date={}", day(3))).is_dir(), "T-4: rebuilt");

    let dag = Dag::new(marts::project()).unwrap();
    let pos = |m: &str| dag.nodes().iter().position(|n| n.name == m).unwrap();
    assert!(pos("int_firebase__native_event") < pos("mrt_native__event"));
    assert!(pos("mrt_global__user_beneficiary") < pos("mrt_native__daily_offer_consultation"));
    assert!(pos("mrt_global__offer") < pos("mrt_native__event"));
}

/// sources.md §4.1, L-9: a partition directory whose name is not a valid date is a clear error
/// (nothing published); a damaged file outside the run window is never opened; a file whose
/// GA4 `event_date` differs from its directory is an error naming file, column and row.
#[test]
fn l_9_partition_pruning_and_bad_partitions() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    for back in 0..6 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 1, "a"));
    }
    let wh = tmp.path().join("wh");
    build(&src, &wh, 3, false).unwrap();
    let before = bytes(&partitions(&wh));

    // Outside W: never read, so a damaged file there does not matter.
    fs::write(partition_dir(&src, day(5)).join("part-z.parquet"), b"not parquet").unwrap();
    build(&src, &wh, 3, false).unwrap();
    // Inside W (full refresh reads every partition): the damaged file is an error naming it.
    let err = build(&src, &wh, 3, true).unwrap_err().to_string();
    assert!(err.contains("part-z.parquet") && err.contains("cannot be read as Parquet"), "{err}");
    fs::remove_file(partition_dir(&src, day(5)).join("part-z.parquet")).unwrap();

    fs::create_dir_all(src.join("firebase/events/event_date=2026-11-31")).unwrap();
    let err = build(&src, &wh, 3, false).unwrap_err().to_string();
    assert!(
        err.contains("event_date=2026-11-31") && err.contains("not a valid date") || err.contains("valid date"),
        "{err}"
    );
    fs::remove_dir_all(src.join("firebase/events/event_date=2026-11-31")).unwrap();

    // A file of ds − 1 claiming another GA4 date.
    let mut df = RawFirebaseEvent::to_dataframe(&events(day(1), 1, "x")).unwrap();
    df.with_column(Series::new("event_date".into(), vec!["20260101"; df.height()]).into_column()).unwrap();
    let bad = partition_dir(&src, day(1)).join("part-bad.parquet");
    ParquetWriter::new(fs::File::create(&bad).unwrap()).finish(&mut df).unwrap();
    let err = build(&src, &wh, 3, false).unwrap_err().to_string();
    assert!(err.contains("part-bad.parquet") && err.contains("column event_date: row 1"), "{err}");
    fs::remove_file(&bad).unwrap();

    // The failed runs published nothing (the successful rerun in between was byte-identical).
    assert_eq!(bytes(&partitions(&wh)), before);
}

/// A column of the wrong type inside the nested params is a load error naming the file and
/// the nested field.
#[test]
fn l_7_wrongly_typed_nested_param_is_a_load_error() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    let dir = partition_dir(&src, ds());
    fs::create_dir_all(&dir).unwrap();
    let value = StructChunked::from_series(
        "value".into(),
        1,
        [
            Series::new("string_value".into(), [1i64]),
            Series::new("int_value".into(), [1i64]),
            Series::new("double_value".into(), [1.0f64]),
        ]
        .iter(),
    )
    .unwrap()
    .into_series();
    let item = StructChunked::from_series("item".into(), 1, [Series::new("key".into(), ["offerId"]), value].iter())
        .unwrap()
        .into_series();
    let params = item.implode().unwrap().into_series().with_name("event_params".into());
    let mut df = DataFrame::new_infer_height(vec![
        Column::new("event_timestamp".into(), [1i64]),
        Column::new("event_previous_timestamp".into(), [None::<i64>]),
        Column::new("event_name".into(), ["ConsultOffer"]),
        params.into_column(),
        Column::new("user_id".into(), [None::<&str>]),
        Column::new("user_pseudo_id".into(), [None::<&str>]),
        Column::new("platform".into(), [None::<&str>]),
        Column::new("app_info".into(), [None::<&str>]),
        Column::new("traffic_source".into(), [None::<&str>]),
    ])
    .unwrap();
    ParquetWriter::new(fs::File::create(dir.join("p.parquet")).unwrap()).finish(&mut df).unwrap();
    let err = build(&src, &tmp.path().join("wh"), 3, false).unwrap_err().to_string();
    assert!(err.contains("p.parquet") && err.contains("event_params[].value.string_value"), "{err}");
}

/// T-7: partitions arriving over several incremental runs (each window covering the dates
/// that arrived, some dates receiving late files) end as the partitions of one full refresh
/// over the final sources, byte for byte.
///
/// Four generated histories, whatever `PROPTEST_CASES` says: each case runs the whole DAG up
/// to five times, and the `proptest!` macro lets that variable (256 in CI) override a
/// configured count, which made this one test run for twelve minutes in CI.
#[test]
fn t_7_incremental_history_equals_full_refresh() {
    let strategy = (
        proptest::collection::vec(proptest::collection::btree_set(0i64..6, 1..4), 1..4),
        proptest::collection::vec(0u32..3, 4),
        proptest::collection::vec(1usize..3, 6),
    );
    let mut runner = TestRunner::new(ProptestConfig { cases: 4, ..ProptestConfig::default() });
    let result = runner.run(&strategy, |(batches, extra, sizes)| {
        let tmp = tempfile::tempdir().unwrap();
        let src = sources(tmp.path());
        let wh = tmp.path().join("wh");
        for (i, batch) in batches.iter().enumerate() {
            for back in batch {
                write_events(
                    &src,
                    day(*back),
                    &format!("part-{i}.parquet"),
                    &events(day(*back), sizes[*back as usize], &format!("b{i}")),
                );
            }
            let lookback = *batch.iter().max().unwrap() as u32 + extra[i];
            build(&src, &wh, lookback, false).unwrap();
        }
        let full = tmp.path().join("full");
        build(&src, &full, 0, true).unwrap();
        prop_assert_eq!(bytes(&partitions(&wh)), bytes(&partitions(&full)));
        Ok(())
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// T-2 with `--select`: a tracking mart selected alone reads the stored
/// `int_firebase__native_event` partitions of its window; `build-marts test` reads partitioned
/// tables whole.
#[test]
fn t_2_selected_mart_reads_stored_partitions_of_the_window() {
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    for back in 0..5 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 1, "a"));
    }
    let wh = tmp.path().join("wh");
    build(&src, &wh, 1, false).unwrap();
    let before = partitions(&wh);
    let dag = Dag::new(marts::project()).unwrap();
    let mut ctx = RunContext::new(ds(), &src);
    ctx.lookback_days = 1;
    let select = vec!["mrt_native__event".to_string()];
    run(&dag, &ctx, &RunOptions { warehouse: wh.clone(), select: select.clone(), exclude: vec![], progress: false })
        .unwrap();
    let after = partitions(&wh);
    assert_eq!(bytes(&before), bytes(&after));
    let results = pipeline_runtime::runner::test_published(&dag, &wh, &select, &[]).unwrap();
    assert!(!results.is_empty() && results.iter().all(|r| r.status == pipeline::datatest::TestStatus::Pass));
}

/// Runs the DAG (or `select`) at `ds` with `lookback_days`.
fn build_at(src: &Path, wh: &Path, ds: NaiveDate, lookback: u32, select: &[&str]) {
    let dag = Dag::new(marts::project()).expect("valid dag");
    let mut ctx = RunContext::new(ds, src);
    ctx.lookback_days = lookback;
    let select = select.iter().map(|s| s.to_string()).collect();
    run(&dag, &ctx, &RunOptions { warehouse: wh.to_path_buf(), select, exclude: vec![], progress: false }).unwrap();
}

fn read_table<S: Schema>(wh: &Path) -> Vec<S> {
    let df = ParquetReader::new(fs::File::open(wh.join(format!("{}.parquet", S::NAME))).unwrap()).finish().unwrap();
    S::from_dataframe(&df).unwrap()
}

/// R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-1 and
/// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-3/-5 over the stored
/// history (exports.md "stored rows"): a first run at ds − 10 stores the consultations of
/// ds − 19 … ds − 10; an incremental run at ds (window [ds − 3, ds], which excludes them) adds
/// ds − 2. Both exports still count the earlier dates: they read every stored partition of
/// `mrt_native__daily_offer_consultation` as the run leaves them, not only the window's. The
/// same holds when the exports are selected alone (stored input), and a later ds whose 31 days
/// exclude the early dates drops them from the top 3 but not from the cumulative total.
#[test]
#[allow(non_snake_case)]
fn r_exp_backend__stats_display_top_3_most_consulted_offers_last_30_days_1_reads_partitions_outside_the_window() {
    use marts::exports::exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days::ExpBackendStatsDisplayCumDailyConsultPerOffererLast180Days as Cum;
    use marts::exports::exp_backend__stats_display_top_3_most_consulted_offers_last_30_days::ExpBackendStatsDisplayTop3MostConsultedOffersLast30Days as Top;
    let tmp = tempfile::tempdir().unwrap();
    let src = sources(tmp.path());
    // One valid consultation of offer 1 (offerer 1, created 2019) per event and day; the
    // visitor's consultation is an anomaly (K-22).
    for back in 10..20 {
        write_events(&src, day(back), "part-a.parquet", &events(day(back), 1, "a"));
    }
    let wh = tmp.path().join("wh");
    build_at(&src, &wh, day(10), 3, &[]);
    let top = |wh: &Path| -> Vec<(NaiveDate, String, String, i64, i64)> {
        read_table::<Top>(wh)
            .into_iter()
            .map(|r| (r.execution_date, r.offerer_id, r.offer_id, r.nb_consult_last_30_days, r.consult_rank))
            .collect()
    };
    assert_eq!(top(&wh), [(day(10), "1".into(), "1".into(), 10, 1)]);

    write_events(&src, day(2), "part-a.parquet", &events(day(2), 2, "late"));
    build_at(&src, &wh, ds(), 3, &[]);
    let stored: Vec<String> = fs::read_dir(wh.join("mrt_native__daily_offer_consultation"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(stored.len(), 11, "ten dates stored by the first run, one by the window: {stored:?}");
    assert_eq!(top(&wh), [(ds(), "1".into(), "1".into(), 12, 1)], "10 before the window + 2 in it");

    let cum = |wh: &Path| -> Vec<(NaiveDate, i64, Option<i64>)> {
        let mut v: Vec<_> = read_table::<Cum>(wh)
            .into_iter()
            .map(|r| {
                assert_eq!(r.offerer_id, "1");
                (r.event_date, r.nb_daily_consult, r.cum_consult)
            })
            .collect();
        v.sort();
        v
    };
    let expected = |ds: NaiveDate| -> Vec<(NaiveDate, i64, Option<i64>)> {
        (0..=180)
            .rev()
            .map(|back| {
                let d = ds - chrono::Duration::days(back);
                let (first, last, late) = (day(19), day(10), day(2));
                let nb = if d >= first && d <= last {
                    1
                } else if d == late {
                    2
                } else {
                    0
                };
                let cum = if d < first {
                    None
                } else if d < late {
                    Some(((d.min(last) - first).num_days() + 1).min(10))
                } else {
                    Some(12)
                };
                (d, nb, cum)
            })
            .collect()
    };
    assert_eq!(cum(&wh), expected(ds()));

    // The exports selected alone read the published partitions (stored input): same tables.
    let (top_before, cum_before) = (top(&wh), cum(&wh));
    build_at(
        &src,
        &wh,
        ds(),
        3,
        &[
            "exp_backend__stats_display_top_3_most_consulted_offers_last_30_days",
            "exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days",
        ],
    );
    assert_eq!((top(&wh), cum(&wh)), (top_before, cum_before));

    // 23 days later: [ds' − 30, ds'] starts after ds − 10, so only the late date's 2 remain in
    // the top 3 (K-29); the cumulative total still starts from the first consultation.
    let later = ds() + chrono::Duration::days(23);
    build_at(&src, &wh, later, 3, &[]);
    assert_eq!(top(&wh), [(later, "1".into(), "1".into(), 2, 1)]);
    assert_eq!(cum(&wh), expected(later));
}
