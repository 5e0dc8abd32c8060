//! Grain / PK: (`offerer_id`, `event_date`): one row per spine day of each offerer with at
//! least one stored consultation row.

use pipeline::polars::prelude::TimeUnit;
use pipeline::prelude::*;
use pipeline_export_contract::{Delivery, ExportSpec, pg};

use crate::global::mrt_global__offerer::MrtGlobalOfferer as OF;
use crate::native::mrt_native__daily_offer_consultation::MrtNativeDailyOfferConsultation as DC;

/// Daily and cumulative offer consultations per offerer over the last 180 days, for the
/// backend's statistics page (exports.md,
/// exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days). Reads every stored
/// partition of the daily consultations (the registry gives it the whole history, not only the
/// run window's); delivered as a full replace (E-8).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(
    model = "exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days",
    layer = "export",
    grain = "offerer_id, event_date",
    from = Spine
)]
#[check(
    name = "cum_consult_set_on_a_consultation_day",
    rule = cum_set_on_consultation_days,
    cite = "R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-5"
)]
#[check(name = "cum_consult_non_decreasing_once_set", rule = cum_non_decreasing, cite = "EI-6")]
pub struct ExpBackendStatsDisplayCumDailyConsultPerOffererLast180Days {
    /// the spine day
    pub event_date: NaiveDate,
    /// an offerer with at least one consultation row
    pub offerer_id: String,
    /// `days_between(event_date, ds)`
    #[schema(computed)]
    #[check(min = 0, max = 180, cite = "EI-6")]
    pub day_seniority: i64,
    /// the day's `ConsultOffer` events, 0 when none
    #[schema(computed)]
    #[check(min = 0, cite = "R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-4")]
    pub nb_daily_consult: i64,
    /// all-history cumulative consultations at the last spine day ≤ event_date with a
    /// consultation; NULL before the first such day (R-5, K-28)
    #[schema(computed)]
    #[check(min = 1, cite = "R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-5")]
    pub cum_consult: Option<i64>,
}

type E = ExpBackendStatsDisplayCumDailyConsultPerOffererLast180Days;

/// `daily(o, d)`: the `ConsultOffer` events of an offerer on one date.
#[derive(Schema)]
pub struct Daily {
    #[schema(from = DC)]
    pub offerer_id: String,
    #[schema(from = DC)]
    pub event_date: NaiveDate,
    pub daily: i64,
}

/// One day of `[ds − 180, ds]`, with a constant key to pair every day with every offerer.
#[derive(Schema, Debug, Clone)]
pub struct CalendarDay {
    pub day: NaiveDate,
    pub key: i64,
}

/// One spine day of an eligible offerer.
#[derive(Schema)]
pub struct Spine {
    #[schema(from = OF)]
    pub offerer_id: String,
    pub event_date: NaiveDate,
}

/// The first spine day of an offerer.
#[derive(Schema)]
pub struct SpineStart {
    #[schema(from = Spine)]
    pub offerer_id: String,
    pub spine_start: NaiveDate,
}

/// The offerer's consultations dated before its first spine day (part of every `cum`, R-3).
#[derive(Schema)]
pub struct BeforeSpine {
    #[schema(from = Daily)]
    pub offerer_id: String,
    pub consult_before_spine: i64,
}

/// R-5 with R-4: a day with consultations has a cumulative count (and it counts them).
fn cum_set_on_consultation_days(f: &Frame<E>) -> Expr {
    implies(f.c(E::nb_daily_consult).gt(lit(0i64)), f.c(E::cum_consult).gt_eq(f.c(E::nb_daily_consult)))
}

/// EI-6: per offerer, ordering the days by (cum_consult with NULL first, date) gives the date
/// order: non-NULL values never decrease and never return to NULL.
fn cum_non_decreasing(f: &Frame<E>) -> Expr {
    let by_date = row_number(vec![f.c(E::offerer_id)], vec![asc(f.c(E::event_date))]);
    let by_cum = row_number(vec![f.c(E::offerer_id)], vec![asc(f.c(E::cum_consult)), asc(f.c(E::event_date))]);
    by_date.eq(by_cum)
}

/// The earliest day of every spine: R-2 bounds `k` by `days_between(2018-01-01, ds)`.
fn spine_epoch() -> NaiveDate {
    NaiveDate::from_ymd_opt(2018, 1, 1).expect("valid date")
}

pub fn build(ctx: &RunContext, offerers: Frame<OF>, consultations: Frame<DC>) -> Frame<E> {
    // daily(o, d) over the whole stored history.
    let consult_offer = consultations.clone().filter(consultations.c(DC::event_name).eq(lit("ConsultOffer")));
    let daily =
        Daily::aggregate(consult_offer.clone(), DailyComputed { daily: sum_i64(consult_offer.c(DC::cnt_events)) });

    // offerers with at least one consultation row (any name, any date).
    let eligible = offerers.semi_join(consultations, on(OF::offerer_id, DC::offerer_id));

    // every eligible offerer paired with every day of [ds − 180, ds] (R-6: the window
    // applied to the spine), kept where `day` 00:00 >= c (the creation day only when c is
    // midnight; a NULL c keeps nothing) and `day <= date(c) + days_between(2018-01-01, ds)`
    // (an offerer created before 2018-01-01 gets a truncated spine, K-28).
    let days: Vec<CalendarDay> =
        (0..=180u64).map(|back| CalendarDay { day: ctx.ds - chrono::Days::new(back), key: 0 }).collect();
    let pairs = eligible.inner_join(Frame::from_rows(&days), on_expr(lit(0i64), CalendarDay::key));
    let day = pairs.c(CalendarDay::day);
    let created = pairs.c(OF::offerer_creation_date);
    let max_k = (ctx.ds - spine_epoch()).num_days();
    let on_spine = day
        .clone()
        .cast(DataType::Datetime(TimeUnit::Microseconds, None))
        .gt_eq(created.clone())
        .and(days_between(created, day.clone()).lt_eq(lit(max_k)));
    let pairs = pairs.filter(on_spine);
    let spine = Spine::project(pairs.clone(), SpineComputed { event_date: pairs.c(CalendarDay::day) });

    // The consultations before each spine's first day: every cum(o, d) of the spine includes them.
    let starts =
        SpineStart::aggregate(spine.clone(), SpineStartComputed { spine_start: spine.c(Spine::event_date).min() });
    let with_start = daily.clone().inner_join(starts, on(Daily::offerer_id, SpineStart::offerer_id));
    let earlier = with_start.c(Daily::event_date).lt(with_start.c(SpineStart::spine_start));
    let earlier = with_start.filter(earlier);
    let before = BeforeSpine::aggregate(
        earlier.clone(),
        BeforeSpineComputed { consult_before_spine: sum_i64(earlier.c(Daily::daily)) },
    );

    let j = spine
        .left_join(daily, (on(Spine::offerer_id, Daily::offerer_id), on(Spine::event_date, Daily::event_date)))
        .left_join(before, on(Spine::offerer_id, BeforeSpine::offerer_id));
    let today = j.c(Daily::daily);
    // cum is non-decreasing in d, so the MAX of cum(o, d') over the spine days d' <= day
    // having a daily value is cum at the last of them = the consultations before the spine plus
    // the spine's daily values through `day`; NULL while the spine has had none (K-28).
    let in_spine = running_sum(today.clone(), vec![j.c(Spine::offerer_id)], vec![asc(j.c(Spine::event_date))]);
    let cum_consult = in_spine + j.c(BeforeSpine::consult_before_spine).fill_null(lit(0i64));
    E::project(
        j.clone(),
        ExpBackendStatsDisplayCumDailyConsultPerOffererLast180DaysComputed {
            //
            day_seniority: days_between(j.c(Spine::event_date), ctx.ds()),
            //
            nb_daily_consult: today.fill_null(lit(0i64)),
            cum_consult,
        },
    )
}

/// Target `<pg_schema>.stats_display_cum_daily_consult_per_offerer_last_180_days`: PRIMARY KEY
/// (offerer_id, event_date); full replace (R-7, E-8).
pub fn target() -> ExportSpec {
    ExportSpec::postgres::<E>("stats_display_cum_daily_consult_per_offerer_last_180_days", Delivery::FullReplace)
        .column(E::event_date, pg::Date)
        .column(E::offerer_id, pg::Text)
        .column(E::day_seniority, pg::Integer)
        .column(E::nb_daily_consult, pg::BigInt)
        .column(E::cum_consult, pg::Nullable(pg::BigInt))
        .primary_key(&["offerer_id", "event_date"])
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    const DS: &str = "2026-11-27";

    fn offerer(id: &str, created: Option<&str>) -> OF {
        OF {
            offerer_id: id.into(),
            partner_id: format!("offerer-{id}"),
            offerer_creation_date: created.map(|c| DtParis(pipeline::dt(c))),
            ..Default::default()
        }
    }

    fn dc(date: &str, offerer: &str, event: &str, cnt: i64) -> DC {
        DC {
            event_date: pipeline::date(date),
            offerer_id: offerer.into(),
            venue_id: format!("v{offerer}"),
            offer_id: format!("o{offerer}"),
            event_name: event.into(),
            user_role: "Non loggué".into(),
            cnt_events: cnt,
            ..Default::default()
        }
    }

    /// (offerer, event_date, day_seniority, nb_daily_consult, cum_consult), sorted.
    type Row = (String, NaiveDate, i64, i64, Option<i64>);

    fn run(offerers: &[OF], consultations: &[DC]) -> Vec<Row> {
        let out = rows(build(&ctx(DS), Frame::from_rows(offerers), Frame::from_rows(consultations)));
        let mut v: Vec<Row> = out
            .into_iter()
            .map(|r| (r.offerer_id, r.event_date, r.day_seniority, r.nb_daily_consult, r.cum_consult))
            .collect();
        v.sort();
        v
    }

    fn of(rows: &[Row], offerer: &str) -> Vec<Row> {
        rows.iter().filter(|r| r.0 == offerer).cloned().collect()
    }

    fn days(rows: &[Row]) -> Vec<NaiveDate> {
        rows.iter().map(|r| r.1).collect()
    }

    fn d(s: &str) -> NaiveDate {
        pipeline::date(s)
    }

    fn span(from: &str, to: &str) -> Vec<NaiveDate> {
        d(from).iter_days().take_while(|x| *x <= d(to)).collect()
    }

    /// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-1: an offerer
    /// of the mart with at least one consultation row, of any event name and any date (even
    /// outside the 180 days), gets a spine; an offerer without consultation, a consulted offerer
    /// absent from the mart, and one without creation date get no row.
    #[test]
    fn r_exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days_1_eligible_offerers() {
        let offerers = [
            offerer("whole", Some("2026-11-25 10:00:00")),
            offerer("old", Some("2026-11-25 10:00:00")),
            offerer("none", Some("2026-11-25 10:00:00")),
            offerer("nulldate", None),
        ];
        let consultations = [
            dc("2026-11-26", "whole", "ConsultWholeOffer", 3),
            dc("2025-01-01", "old", "ConsultDescriptionDetails", 1),
            dc("2026-11-26", "nulldate", "ConsultOffer", 1),
            dc("2026-11-26", "absent", "ConsultOffer", 1),
        ];
        let out = run(&offerers, &consultations);
        let zero = |o: &str, day: &str, seniority: i64| (o.to_string(), d(day), seniority, 0, None);
        assert_eq!(
            out,
            [
                zero("old", "2026-11-26", 1),
                zero("old", "2026-11-27", 0),
                zero("whole", "2026-11-26", 1),
                zero("whole", "2026-11-27", 0)
            ]
        );
    }

    /// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-2, K-28: the
    /// spine starts the day after creation (the creation day only for a creation at exactly
    /// midnight), ends at ds, is cut to the 181 days [ds − 180, ds] (R-6: day_seniority 0…180),
    /// and is truncated for an offerer created before 2018-01-01 (it ends at
    /// date(c) + days_between(2018-01-01, ds)); a creation after ds gives no day.
    ///
    /// Rules: R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-2,
    /// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-6.
    #[test]
    fn r_exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days_2_6_spine() {
        let cases = [
            ("afternoon", "2026-11-20 10:00:00", span("2026-11-21", DS)),
            ("midnight", "2026-11-20 00:00:00", span("2026-11-20", DS)),
            ("one_us_after_midnight", "2026-11-20 00:00:00.000001", span("2026-11-21", DS)),
            ("today_midnight", "2026-11-27 00:00:00", span(DS, DS)),
            ("today_noon", "2026-11-27 12:00:00", vec![]),
            ("tomorrow", "2026-11-28 00:00:00", vec![]),
            ("long_ago", "2020-03-01 08:00:00", span("2026-05-31", DS)),
            ("first_2018", "2018-01-01 00:00:00", span("2026-05-31", DS)),
            // days_between(2018-01-01, ds) = 3252: 2017-12-01 + 3252 days = 2026-10-27.
            ("dec_2017", "2017-12-01 00:00:00", span("2026-05-31", "2026-10-27")),
            // 2017-01-01 + 3252 days = 2025-11-27 < ds − 180: nothing left.
            ("jan_2017", "2017-01-01 00:00:00", vec![]),
        ];
        let offerers: Vec<OF> = cases.iter().map(|(id, c, _)| offerer(id, Some(c))).collect();
        let consultations: Vec<DC> =
            cases.iter().map(|(id, _, _)| dc("2026-11-01", id, "ConsultWholeOffer", 1)).collect();
        let out = run(&offerers, &consultations);
        for (id, _, expected) in &cases {
            let mine = of(&out, id);
            assert_eq!(days(&mine), *expected, "{id}");
            for r in &mine {
                assert_eq!(r.2, (d(DS) - r.1).num_days(), "{id}: R-6 day_seniority = days_between(day, ds)");
                assert!((0..=180).contains(&r.2));
            }
        }
        assert_eq!(of(&out, "long_ago").len(), 181);
    }

    /// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-3, -4, -5, K-28:
    /// daily = SUM(cnt_events) of the `ConsultOffer` rows of a date (other names do not count);
    /// nb_daily_consult = daily or 0; cum_consult = the running total over the whole history
    /// (consultations before the spine, even on the excluded creation day, included) at the last
    /// spine day with a consultation, NULL on the spine days before the first one even though
    /// consultations happened earlier; consultations after ds count for no spine day.
    #[test]
    fn r_exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days_3_4_5_daily_and_cum() {
        let offerers = [offerer("B", Some("2026-11-20 10:00:00"))];
        let consultations = [
            dc("2026-01-01", "B", "ConsultOffer", 5), // before the offerer's creation even
            dc("2026-11-20", "B", "ConsultOffer", 2), // creation day: not a spine day
            dc("2026-11-23", "B", "ConsultOffer", 1), // two grouping rows of one date
            dc("2026-11-23", "B", "ConsultOffer", 2),
            dc("2026-11-24", "B", "ConsultWholeOffer", 50), // not a ConsultOffer
            dc("2026-11-25", "B", "ConsultOffer", 4),
            dc("2026-11-29", "B", "ConsultOffer", 100), // after ds
        ];
        let row = |day: &str, seniority: i64, nb: i64, cum: Option<i64>| ("B".to_string(), d(day), seniority, nb, cum);
        assert_eq!(
            run(&offerers, &consultations),
            [
                row("2026-11-21", 6, 0, None),
                row("2026-11-22", 5, 0, None),
                row("2026-11-23", 4, 3, Some(10)),
                row("2026-11-24", 3, 0, Some(10)),
                row("2026-11-25", 2, 4, Some(14)),
                row("2026-11-26", 1, 0, Some(14)),
                row("2026-11-27", 0, 0, Some(14)),
            ]
        );
    }

    /// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-5: the window
    /// is applied first: a consultation 200 days ago makes no spine day non-NULL, but it is part
    /// of the total once a spine day has one; EI-6: non-NULL cum_consult is non-decreasing and
    /// stays non-NULL.
    #[test]
    fn r_exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days_5_window_first() {
        let offerers = [offerer("C", Some("2020-01-01 00:00:00"))];
        let consultations = [dc("2026-05-11", "C", "ConsultOffer", 7), dc("2026-11-17", "C", "ConsultOffer", 1)];
        let out = run(&offerers, &consultations);
        assert_eq!(days(&out), span("2026-05-31", DS));
        for r in &out {
            let expected = if r.1 < d("2026-11-17") { None } else { Some(8) };
            assert_eq!(r.4, expected, "{}", r.1);
            assert_eq!(r.3, i64::from(r.1 == d("2026-11-17")), "{}", r.1);
        }
        let cums: Vec<i64> = out.iter().filter_map(|r| r.4).collect();
        assert!(cums.windows(2).all(|w| w[0] <= w[1]), "EI-6");
    }

    /// EI-6 and R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-5:
    /// the declared rules reject a decreasing total, a total back to NULL, and a consultation
    /// day without total.
    #[test]
    fn ei_6_rules_reject_decrease_return_to_null_and_missing_total() {
        let frame = |r: &[(&str, i64, Option<i64>)]| {
            let rows: Vec<E> = r
                .iter()
                .map(|(day, nb, cum)| E {
                    event_date: d(day),
                    offerer_id: "A".into(),
                    day_seniority: (d(DS) - d(day)).num_days(),
                    nb_daily_consult: *nb,
                    cum_consult: *cum,
                })
                .collect();
            Frame::from_rows(&rows)
        };
        let passes = |f: Frame<E>, rule: fn(&Frame<E>) -> Expr| {
            let e = rule(&f);
            let df = f.lazy().select([e.alias("ok")]).collect().unwrap();
            df.column("ok").unwrap().bool().unwrap().iter().all(|v| v != Some(false))
        };
        let good = [("2026-11-25", 0, None), ("2026-11-26", 2, Some(5)), ("2026-11-27", 0, Some(5))];
        assert!(passes(frame(&good), cum_non_decreasing) && passes(frame(&good), cum_set_on_consultation_days));
        let decrease = [("2026-11-26", 2, Some(5)), ("2026-11-27", 1, Some(4))];
        assert!(!passes(frame(&decrease), cum_non_decreasing));
        let back_to_null = [("2026-11-26", 2, Some(5)), ("2026-11-27", 0, None)];
        assert!(!passes(frame(&back_to_null), cum_non_decreasing));
        let missing = [("2026-11-27", 1, None)];
        assert!(!passes(frame(&missing), cum_set_on_consultation_days));
    }

    /// R-exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days-7, E-8: a
    /// PostgreSQL table keyed by (offerer_id, event_date), day_seniority an integer, cum_consult
    /// nullable; delivered as a full replace.
    #[test]
    fn r_exp_backend__stats_display_cum_daily_consult_per_offerer_last_180_days_7_target_ddl() {
        let spec = target();
        spec.validate().unwrap();
        assert_eq!(spec.delivery, Delivery::FullReplace);
        assert_eq!(
            spec.postgres_ddl("data_export"),
            [
                "CREATE TABLE IF NOT EXISTS \"data_export\".\"stats_display_cum_daily_consult_per_offerer_last_180_days\"\n(\n    \
                 \"event_date\" date NOT NULL,\n    \"offerer_id\" text NOT NULL,\n    \"day_seniority\" integer NOT NULL,\n    \
                 \"nb_daily_consult\" bigint NOT NULL,\n    \"cum_consult\" bigint NULL,\n    \
                 PRIMARY KEY (\"offerer_id\", \"event_date\")\n)"
            ]
        );
    }
}
