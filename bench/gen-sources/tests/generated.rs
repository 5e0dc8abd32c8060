//! End-to-end properties of generated sources: determinism, referential integrity (every
//! reference resolves except the deliberate orphans), the distributions the issue asks for,
//! the GA4 event shape, and that the project's source validation and data tests pass on it.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use gen_sources::bookings::{NONE, STATUSES};
use gen_sources::table::NULL;
use gen_sources::time::{self, MIN};
use gen_sources::users::Grant;
use gen_sources::{Config, Format, world};
use indicatif::ProgressBar;
use polars::prelude::*;

fn cfg(scale: f64, seed: u64, out: &Path, format: Format) -> Config {
    Config { scale, seed, out: out.to_path_buf(), format, event_days: 2, ds: time::ymd(2026, 11, 27) }
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(files(&p)) } else { out.push(p) }
    }
    out.sort();
    out
}

fn generate(c: &Config) {
    gen_sources::run(c, &ProgressBar::hidden()).unwrap();
}

/// Two runs with one seed write identical bytes; another seed writes other data.
#[test]
fn same_seed_same_bytes() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b, c) = (tmp.path().join("a"), tmp.path().join("b"), tmp.path().join("c"));
    generate(&cfg(0.003, 11, &a, Format::Parquet));
    generate(&cfg(0.003, 11, &b, Format::Parquet));
    generate(&cfg(0.003, 12, &c, Format::Parquet));
    let (fa, fb) = (files(&a), files(&b));
    assert_eq!(fa.len(), 16 + 1 + 2, "16 tables, one seed, two event files: {fa:?}");
    for (x, y) in fa.iter().zip(&fb) {
        assert_eq!(x.strip_prefix(&a).unwrap(), y.strip_prefix(&b).unwrap());
        assert!(std::fs::read(x).unwrap() == std::fs::read(y).unwrap(), "{} differs between runs", x.display());
    }
    let booking = |d: &Path| std::fs::read(d.join("applicative/booking.parquet")).unwrap();
    assert_ne!(booking(&a), booking(&c), "another seed gives other bookings");
}

/// `refs` point into a table of `n` rows, NULL, or (deliberate orphans) past its end; the
/// orphans stay rare.
fn resolve(what: &str, refs: &[u32], n: usize, max_share: f64) {
    let orphans = refs.iter().filter(|&&x| x != NULL && x as usize >= n).count();
    let allowed = ((refs.len() as f64 * max_share).ceil() as usize).max(2);
    assert!(orphans <= allowed, "{what}: {orphans} orphans of {} (at most {allowed})", refs.len());
}

#[test]
fn references_resolve_except_deliberate_orphans() {
    let tmp = tempfile::tempdir().unwrap();
    let c = cfg(0.02, 3, tmp.path(), Format::Parquet);
    let w = world(&c);
    let (u, p, cat, a) = (&w.users, &w.partners, &w.catalogue, &w.activity);
    let cut = time::midnight(c.ds);

    resolve("venue → offerer", &p.v_offerer, p.offerers, 0.01);
    resolve("venue → label", &p.v_label, gen_sources::reference::VENUE_LABELS.len(), 0.05);
    resolve("address → venue", &p.a_venue, p.venues, 0.0);
    resolve("offer → venue", &cat.o_venue, p.venues, 0.002);
    resolve("offer → product", &cat.o_product, cat.products, 0.005);
    resolve("offer → address", &cat.o_address, p.a_venue.len(), 0.0);
    resolve("stock → offer", &cat.s_offer, cat.offers, 0.002);
    resolve("price category → offer", &cat.pc_offer, cat.offers, 0.0);
    resolve("stock → price category", &cat.s_pc, cat.pc_offer.len(), 0.0);
    resolve("deposit → user", &u.d_user, u.users, 0.002);
    resolve("recredit → deposit", &u.rc_deposit, u.deposits, 0.005);
    resolve("action → user", &u.ah_user, u.users, 0.0);
    resolve("booking → stock", &a.b_stock, cat.stocks, 0.002);
    resolve("booking → deposit", &a.b_deposit, u.deposits, 0.002);
    resolve("favorite → user", &a.f_user, u.users, 0.0);
    resolve("favorite → offer", &a.f_offer, cat.offers, 0.005);

    // A stock's price category belongs to the stock's offer.
    for s in 0..cat.stocks {
        if cat.s_pc[s] != NULL {
            assert_eq!(cat.pc_offer[cat.s_pc[s] as usize], cat.s_offer[s]);
        }
    }
    // Every offer's stocks index lists exactly its stocks.
    for o in 0..cat.offers {
        assert!(cat.stocks_of(o).iter().all(|&s| cat.s_offer[s as usize] as usize == o));
    }
    // Ids follow creation order.
    for (what, v) in [
        ("users", &u.u_created),
        ("deposits", &u.d_created),
        ("offers", &cat.o_created),
        ("stocks", &cat.s_created),
        ("bookings", &a.b_created),
        ("venues", &p.v_created),
    ] {
        assert!(v.windows(2).all(|x| x[0] <= x[1]), "{what} ids do not follow creation");
        assert!(v.iter().all(|t| *t < cut), "{what} created after the extract");
    }

    // Deposits: amounts the models keep are never negative (the mart's min-0 test).
    for d in 0..u.deposits {
        assert!(u.d_budget[d] >= 0, "deposit {d}");
        if u.d_type[d] == Grant::Free {
            assert_eq!(u.d_amount[d], 0);
        }
    }

    // Bookings: booker = deposit owner, inside the deposit's window, after the stock exists,
    // before the session starts; credit never overspent; statuses and dates consistent.
    let mut spent: HashMap<u32, i64> = HashMap::new();
    for i in 0..a.bookings {
        let status = STATUSES[a.b_status[i] as usize];
        assert!(a.b_amount[i] == NONE || a.b_amount[i] >= 0);
        assert_eq!(a.b_used[i] != NONE, matches!(status, Some("USED" | "REIMBURSED" | "PENDING_REIMBURSEMENT")), "{i}");
        assert_eq!(a.b_cancelled[i] != NONE, status == Some("CANCELLED"), "{i}");
        assert_eq!(a.b_reimbursed[i] != NONE, status == Some("REIMBURSED"), "{i}");
        assert_eq!(a.b_reason[i] != 0, status == Some("CANCELLED") && a.b_reason[i] != 0);
        for t in [a.b_used[i], a.b_cancelled[i]] {
            assert!(t == NONE || (a.b_created[i] <= t && t < cut), "{i}: date outside [creation, extract]");
        }
        let (d, s) = (a.b_deposit[i] as usize, a.b_stock[i] as usize);
        if d < u.deposits {
            assert_eq!(a.b_user[i], u.d_user[d]);
            assert!(u.d_created[d] <= a.b_created[i] && a.b_created[i] <= u.d_end[d], "{i}: outside its deposit");
            // Credit is held by bookings that are not cancelled (a NULL status counts nowhere).
            if !matches!(status, None | Some("CANCELLED")) && a.b_qty[i] != NONE && a.b_amount[i] != NONE {
                *spent.entry(d as u32).or_default() += a.b_qty[i] * a.b_amount[i];
            }
        }
        if s < cat.stocks {
            assert!(cat.s_created[s] < a.b_created[i], "{i}: booked before its stock exists");
            if let Some(begin) = cat.s_begin[s] {
                assert!(a.b_created[i] < time::utc_to_paris(begin), "{i}: booked after the session started");
            }
            assert!(a.b_created[i] < cut - MIN / 2);
        }
    }
    for (d, total) in spent {
        assert!(total <= u.d_budget[d as usize], "deposit {d} overspent: {total} > {}", u.d_budget[d as usize]);
    }
}

#[test]
fn distributions_look_like_the_programme() {
    let tmp = tempfile::tempdir().unwrap();
    let c = cfg(0.05, 5, tmp.path(), Format::Parquet);
    let n = c.counts();
    let w = world(&c);
    let (u, a) = (&w.users, &w.activity);
    let share = |k: usize, of: usize| k as f64 / of as f64;

    // Deposits: ≈ 1.3 per user, most owners one, some two or three, every grant type.
    let mut per_user: HashMap<u32, usize> = HashMap::new();
    for d in &u.d_user {
        *per_user.entry(*d).or_default() += 1;
    }
    let ratio = share(u.deposits, u.users);
    assert!((1.15..1.45).contains(&ratio), "{ratio} deposits per user");
    let count = |k: usize| per_user.values().filter(|v| **v == k).count();
    assert!(count(1) > count(2) && count(2) > count(3) && count(3) > 0, "{} {} {}", count(1), count(2), count(3));
    for g in [Grant::G15_17, Grant::G18, Grant::G17_18, Grant::Free] {
        assert!(share(u.d_type.iter().filter(|t| **t == g).count(), u.deposits) > 0.05, "{g:?}");
    }
    assert!(!u.rc_deposit.is_empty());
    assert!(u.u_role.iter().filter(|r| r.is_none()).count() > 0, "general public");

    // Bookings: near the target, ~15 % cancelled, duo and free ones, Zipf-like offers.
    assert!(a.bookings as f64 > 0.85 * n.bookings as f64, "{} bookings for {}", a.bookings, n.bookings);
    let cancelled =
        share(a.b_status.iter().filter(|s| STATUSES[**s as usize] == Some("CANCELLED")).count(), a.bookings);
    assert!((0.12..0.18).contains(&cancelled), "{cancelled} cancelled");
    assert!(share(a.b_qty.iter().filter(|q| **q == 2).count(), a.bookings) > 0.03, "duo bookings");
    let free = share(a.b_amount.iter().filter(|m| **m == 0).count(), a.bookings);
    assert!((0.04..0.3).contains(&free), "{free} free");
    let cat = &w.catalogue;
    let mut per_offer = vec![0usize; cat.offers];
    for s in &a.b_stock {
        if let Some(o) = cat.s_offer.get(*s as usize).filter(|o| (**o as usize) < cat.offers) {
            per_offer[*o as usize] += 1;
        }
    }
    per_offer.sort_unstable_by(|x, y| y.cmp(x));
    let top = per_offer[..cat.offers / 100].iter().sum::<usize>();
    assert!(share(top, a.bookings) > 0.15, "top 1 % of offers hold {} of bookings", share(top, a.bookings));
    // Several years of history.
    let years: std::collections::BTreeSet<i32> =
        a.b_created.iter().map(|t| chrono::Datelike::year(&time::date(time::day_of(*t)))).collect();
    assert!(years.len() >= 5, "{years:?}");
}

#[test]
fn events_follow_the_ga4_shape() {
    let tmp = tempfile::tempdir().unwrap();
    let c = cfg(0.01, 9, tmp.path(), Format::Parquet);
    generate(&c);
    let dir = gen_sources::events::partition_dir(tmp.path(), c.ds);
    let f = std::fs::File::open(dir.join("part-00000.parquet")).unwrap();
    let df = ParquetReader::new(f).finish().unwrap();
    assert_eq!(df.height(), c.counts().events_per_day);
    let value = DataType::Struct(vec![
        Field::new("string_value".into(), DataType::String),
        Field::new("int_value".into(), DataType::Int64),
        Field::new("float_value".into(), DataType::Float64),
        Field::new("double_value".into(), DataType::Float64),
    ]);
    let param = DataType::Struct(vec![Field::new("key".into(), DataType::String), Field::new("value".into(), value)]);
    assert_eq!(df.column("event_params").unwrap().dtype(), &DataType::List(Box::new(param)));
    assert_eq!(df.column("event_timestamp").unwrap().dtype(), &DataType::Int64);
    assert!(matches!(df.column("app_info").unwrap().dtype(), DataType::Struct(f) if f.len() == 2));
    assert!(matches!(df.column("traffic_source").unwrap().dtype(), DataType::Struct(f) if f.len() == 3));
    let dates = df.column("event_date").unwrap().str().unwrap().clone();
    assert!(dates.iter().all(|d| d == Some("20261127")), "event_date = directory date");

    // The anomalies tracking.md filters are present.
    let exploded = df
        .clone()
        .lazy()
        .select([col("event_name"), col("event_params")])
        .explode(cols(["event_params"]), ExplodeOptions { empty_as_null: true, keep_nulls: true })
        .unnest(cols(["event_params"]), None)
        .unnest(cols(["value"]), None)
        .collect()
        .unwrap();
    let count = |e: Expr| exploded.clone().lazy().filter(e).collect().unwrap().height();
    let offer = col("key").eq(lit("offerId")).and(col("event_name").eq(lit("ConsultOffer")));
    assert!(count(offer.clone().and(col("double_value").is_not_null())) > 0, "offer ids as doubles only");
    assert!(count(offer.clone().and(col("int_value").is_not_null())) > 0, "offer ids as integers");
    assert!(count(offer.and(col("string_value").is_not_null())) > 0, "offer ids as strings");
    let screens = count(col("key").eq(lit("firebase_screen")).and(col("event_name").eq(lit("screen_view"))));
    assert!(screens > 0, "screen views to rename");
    let app_ids: Vec<Option<String>> = df
        .column("app_info")
        .unwrap()
        .struct_()
        .unwrap()
        .field_by_name("id")
        .unwrap()
        .str()
        .unwrap()
        .iter()
        .map(|s| s.map(str::to_string))
        .collect();
    assert!(app_ids.iter().any(|a| a.as_deref() == Some("app.passculture.staging")), "other app ids");
    assert!(app_ids.iter().any(Option::is_none), "NULL app ids (web)");
}

/// The project's own run on generated data: every source validates, every data test
/// passes (warnings allowed), in both formats.
#[test]
fn build_marts_accepts_generated_sources() {
    use pipeline::datatest::TestStatus;
    use pipeline_runtime::runner::{RunOptions, run};
    for format in [Format::Parquet, Format::Csv] {
        let tmp = tempfile::tempdir().unwrap();
        let src = tmp.path().join("sources");
        let c = cfg(0.004, 21, &src, format);
        generate(&c);
        let dag = pipeline_runtime::Dag::new(marts::project()).unwrap();
        let ctx = pipeline::RunContext::new(time::date(c.ds), &src);
        let opts = RunOptions { warehouse: tmp.path().join("wh"), select: vec![], exclude: vec![], progress: false };
        let results = run(&dag, &ctx, &opts).unwrap_or_else(|e| panic!("{format:?}: {e}"));
        let failed: Vec<String> = results
            .results
            .iter()
            .flat_map(|m| m.tests.iter())
            .filter(|t| matches!(t.status, TestStatus::Fail | TestStatus::Error))
            .map(|t| format!("{}: {}", t.model, t.message))
            .collect();
        assert!(results.success && failed.is_empty(), "{format:?}: {failed:?}");
        let rows = |m: &str| results.results.iter().find(|r| r.model == m).and_then(|r| r.rows).unwrap_or(0);
        assert!(rows("mrt_global__booking") > 1000 && rows("mrt_global__user_beneficiary") > 100);
    }
}
