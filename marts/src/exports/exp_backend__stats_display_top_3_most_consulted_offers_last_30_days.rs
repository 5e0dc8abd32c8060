//! Grain / PK: (`execution_date`, `offerer_id`, `offer_id`); also unique on (`execution_date`,
//! `offerer_id`, `consult_rank`).

use pipeline::prelude::*;
use pipeline_export_contract::{Delivery, ExportSpec, pg};

use crate::native::mrt_native__daily_offer_consultation::MrtNativeDailyOfferConsultation as DC;

/// Each offerer's three most consulted offers over the last 30 days, for the backend's
/// statistics page (exports.md, exp_backend__stats_display_top_3_most_consulted_offers_last_30_days).
/// Reads the stored consultation partitions of `[ds − 30, ds]` (the registry gives it every
/// stored partition, not only the run window's); delivered by partition `execution_date = ds`
/// (E-9).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(
    model = "exp_backend__stats_display_top_3_most_consulted_offers_last_30_days",
    layer = "export",
    grain = "execution_date, offerer_id, offer_id",
    from = OfferConsults
)]
#[check(name = "consult_rank_one_to_n_per_offerer", rule = ranks_one_to_n, cite = "EI-5")]
#[check(name = "consults_non_increasing_in_rank", rule = consults_follow_rank, cite = "EI-5")]
pub struct ExpBackendStatsDisplayTop3MostConsultedOffersLast30Days {
    /// `ds`, the snapshot this row belongs to (E-9 partition)
    #[schema(computed)]
    pub execution_date: NaiveDate,
    /// the offerer (dc)
    pub offerer_id: String,
    /// the offer (dc)
    pub offer_id: String,
    /// SUM(cnt_events) of its `ConsultOffer` rows dated in `[ds − 30, ds]`
    #[check(min = 1, cite = "R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-1")]
    pub nb_consult_last_30_days: i64,
    /// ROW_NUMBER per offerer by consultations DESC, offer_id ASC; at most 3
    #[schema(computed)]
    #[check(min = 1, max = 3, cite = "R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-3")]
    pub consult_rank: i64,
}

/// Consultations of one offer over the 31 days.
#[derive(Schema)]
pub struct OfferConsults {
    #[schema(from = DC)]
    pub offerer_id: String,
    #[schema(from = DC)]
    pub offer_id: String,
    pub nb_consult_last_30_days: i64,
}

type E = ExpBackendStatsDisplayTop3MostConsultedOffersLast30Days;

/// EI-5: per (execution_date, offerer), the ranks are 1..n, each once (so also unique).
fn ranks_one_to_n(f: &Frame<E>) -> Expr {
    one_to_n(f.c(E::consult_rank), vec![f.c(E::execution_date), f.c(E::offerer_id)])
}

/// EI-5: no row is ranked before a row with more consultations (with `ranks_one_to_n`, the
/// counts are non-increasing in rank).
fn consults_follow_rank(f: &Frame<E>) -> Expr {
    let by_count = rank(vec![f.c(E::execution_date), f.c(E::offerer_id)], vec![desc(f.c(E::nb_consult_last_30_days))]);
    f.c(E::consult_rank).gt_eq(by_count)
}

pub fn build(ctx: &RunContext, consultations: Frame<DC>) -> Frame<E> {
    // `ConsultOffer` rows of the 31 dates [ds − 30, ds] (K-29).
    let since = lit_date(ctx.ds - chrono::Days::new(30));
    let keep = consultations
        .c(DC::event_name)
        .eq(lit("ConsultOffer"))
        .and(consultations.c(DC::event_date).gt_eq(since))
        .and(consultations.c(DC::event_date).lt_eq(ctx.ds()));
    let kept = consultations.filter(keep);
    let per_offer = OfferConsults::aggregate(
        kept.clone(),
        OfferConsultsComputed { nb_consult_last_30_days: sum_i64(kept.c(DC::cnt_events)) },
    );
    // ROW_NUMBER per offerer, most consulted first, then offer_id as a string (C-22).
    let consult_rank = row_number(
        vec![per_offer.c(OfferConsults::offerer_id)],
        vec![desc(per_offer.c(OfferConsults::nb_consult_last_30_days)), asc(per_offer.c(OfferConsults::offer_id))],
    );
    let ranked = E::project(
        per_offer,
        ExpBackendStatsDisplayTop3MostConsultedOffersLast30DaysComputed { execution_date: ctx.ds(), consult_rank },
    );
    //
    let top = ranked.c(E::consult_rank).lt_eq(lit(3i64));
    ranked.filter(top)
}

/// Target `<pg_schema>.stats_display_top_3_most_consulted_offers_last_30_days`: PRIMARY KEY
/// (execution_date, offerer_id, offer_id), an index on execution_date; partition delivery on
/// `execution_date = ds` (R-4, E-9).
pub fn target() -> ExportSpec {
    ExportSpec::postgres::<E>(
        "stats_display_top_3_most_consulted_offers_last_30_days",
        Delivery::PartitionDelete { column: "execution_date" },
    )
    .column(E::execution_date, pg::Date)
    .column(E::offerer_id, pg::Text)
    .column(E::offer_id, pg::Text)
    .column(E::nb_consult_last_30_days, pg::BigInt)
    .column(E::consult_rank, pg::BigInt)
    .primary_key(&["execution_date", "offerer_id", "offer_id"])
    .index("execution_date")
    .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, rows};

    fn dc(date: &str, offerer: &str, offer: &str, event: &str, cnt: i64) -> DC {
        DC {
            event_date: pipeline::date(date),
            offerer_id: offerer.into(),
            venue_id: format!("v{offerer}"),
            offer_id: offer.into(),
            event_name: event.into(),
            user_role: "Non loggué".into(),
            cnt_events: cnt,
            ..Default::default()
        }
    }

    fn top(ds: &str, input: &[DC]) -> Vec<(String, String, i64, i64)> {
        let out = rows(build(&ctx(ds), Frame::from_rows(input)));
        assert!(out.iter().all(|r| r.execution_date == pipeline::date(ds)), "execution_date = ds");
        let mut v: Vec<_> =
            out.into_iter().map(|r| (r.offerer_id, r.offer_id, r.nb_consult_last_30_days, r.consult_rank)).collect();
        v.sort_by(|a, b| (&a.0, a.3).cmp(&(&b.0, b.3)));
        v
    }

    fn row(offerer: &str, offer: &str, nb: i64, rank: i64) -> (String, String, i64, i64) {
        (offerer.into(), offer.into(), nb, rank)
    }

    /// R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-1, K-29: SUM of
    /// cnt_events over the `ConsultOffer` rows of the 31 dates [ds − 30, ds] (both ends
    /// included), over every grouping row of the offer (users, origins…); other consultation
    /// names, dates before ds − 30 and after ds do not count.
    #[test]
    fn r_exp_backend__stats_display_top_3_most_consulted_offers_last_30_days_1_sum_over_31_days() {
        let input = vec![
            dc("2026-10-28", "A", "o1", "ConsultOffer", 2),              // ds − 30: in
            dc("2026-11-27", "A", "o1", "ConsultOffer", 3),              // ds: in
            dc("2026-11-27", "A", "o1", "ConsultOffer", 1),              // another grouping row, same day
            dc("2026-10-27", "A", "o1", "ConsultOffer", 100),            // ds − 31: out
            dc("2026-11-28", "A", "o1", "ConsultOffer", 100),            // after ds: out
            dc("2026-11-20", "A", "o1", "ConsultWholeOffer", 100),       // other name: out
            dc("2026-11-20", "A", "o2", "ConsultDescriptionDetails", 5), // only other names: no row
        ];
        assert_eq!(top("2026-11-27", &input), [row("A", "o1", 6, 1)]);
    }

    /// R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-2: ROW_NUMBER per
    /// offerer by consultations DESC, ties broken by offer_id ASC as a string ("10" < "9",
    /// C-22); R-3: only ranks 1..3 are kept; EI-5.
    #[test]
    fn r_exp_backend__stats_display_top_3_most_consulted_offers_last_30_days_2_3_rank_and_top_3() {
        let input = vec![
            dc("2026-11-26", "A", "9", "ConsultOffer", 5),
            dc("2026-11-26", "A", "10", "ConsultOffer", 5),
            dc("2026-11-25", "A", "a", "ConsultOffer", 7),
            dc("2026-11-25", "A", "b", "ConsultOffer", 1),
            dc("2026-11-25", "B", "x", "ConsultOffer", 1),
            dc("2026-11-24", "B", "y", "ConsultOffer", 1),
        ];
        assert_eq!(
            top("2026-11-27", &input),
            [row("A", "a", 7, 1), row("A", "10", 5, 2), row("A", "9", 5, 3), row("B", "x", 1, 1), row("B", "y", 1, 2)]
        );
    }

    /// R-exp_backend__stats_display_top_3_most_consulted_offers_last_30_days-4, E-9: a
    /// PostgreSQL table keyed by (execution_date, offerer_id, offer_id), indexed on
    /// execution_date, delivered by partition `execution_date`.
    #[test]
    fn r_exp_backend__stats_display_top_3_most_consulted_offers_last_30_days_4_target_ddl() {
        let spec = target();
        spec.validate().unwrap();
        assert_eq!(spec.delivery, Delivery::PartitionDelete { column: "execution_date" });
        let table = "\"data_export\".\"stats_display_top_3_most_consulted_offers_last_30_days\"";
        assert_eq!(
            spec.postgres_ddl("data_export"),
            [
                format!(
                    "CREATE TABLE IF NOT EXISTS {table}\n(\n    \"execution_date\" date NOT NULL,\n    \
                     \"offerer_id\" text NOT NULL,\n    \"offer_id\" text NOT NULL,\n    \
                     \"nb_consult_last_30_days\" bigint NOT NULL,\n    \"consult_rank\" bigint NOT NULL,\n    \
                     PRIMARY KEY (\"execution_date\", \"offerer_id\", \"offer_id\")\n)"
                ),
                format!(
                    "CREATE INDEX IF NOT EXISTS \"stats_display_top_3_most_consulted_offers_last_30_days_execution_date_idx\" \
                     ON {table} (\"execution_date\")"
                ),
            ]
        );
    }

    /// EI-5: the declared rules reject a gap in the ranks and a rank order that contradicts
    /// the counts.
    #[test]
    fn ei_5_rank_rules_reject_gaps_and_inversions() {
        let frame = |r: Vec<(&str, i64, i64)>| {
            let rows: Vec<E> = r
                .into_iter()
                .map(|(offer, nb, rank)| E {
                    execution_date: pipeline::date("2026-11-27"),
                    offerer_id: "A".into(),
                    offer_id: offer.into(),
                    nb_consult_last_30_days: nb,
                    consult_rank: rank,
                })
                .collect();
            Frame::from_rows(&rows)
        };
        let passes = |f: Frame<E>, rule: fn(&Frame<E>) -> Expr| {
            let e = rule(&f);
            let df = f.lazy().select([e.alias("ok")]).collect().unwrap();
            df.column("ok").unwrap().bool().unwrap().iter().all(|v| v != Some(false))
        };
        assert!(passes(frame(vec![("a", 5, 1), ("b", 5, 2), ("c", 1, 3)]), ranks_one_to_n));
        assert!(passes(frame(vec![("a", 5, 1), ("b", 5, 2), ("c", 1, 3)]), consults_follow_rank));
        assert!(!passes(frame(vec![("a", 5, 1), ("b", 4, 3)]), ranks_one_to_n));
        assert!(!passes(frame(vec![("a", 4, 1), ("b", 5, 2)]), consults_follow_rank));
    }
}
