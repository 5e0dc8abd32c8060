//! Grain: one row per non-cancelled booking; PK `booking_id`.

use pipeline::prelude::*;

use super::int_metric__diversity_daily_booking::IntMetricDiversityDailyBooking as D;

/// Diversity score of every non-cancelled booking (intermediate.md, int_metric__diversity_score).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_metric__diversity_score", layer = "intermediate", grain = "booking_id", from = D)]
#[check(name = "first_booking_scores_65", rule = first_booking_scores_65, cite = "I-7")]
pub struct IntMetricDiversityScore {
    /// booking id
    pub booking_id: String,
    /// booker
    #[schema(computed)]
    pub user_id: String,
    /// deposit charged
    #[schema(computed)]
    pub deposit_id: Option<String>,
    /// booking creation datetime
    #[schema(computed)]
    pub booking_created_at: DtParis,
    /// booking creation date
    #[schema(computed)]
    pub booking_creation_date: NaiveDate,
    /// SUM of the booking's five entity scores, in `[0, 65]`
    #[schema(computed)]
    #[check(min = 0, max = 65, cite = "I-6")]
    pub diversity_score: i64,
}

/// I-7: the user's first booking in (`booking_created_at`, `booking_id` as string) order
/// scores 65 — every one of its five entities is new. Every non-cancelled booking is here, so
/// the first row of the user here is the first overall.
fn first_booking_scores_65(f: &Frame<IntMetricDiversityScore>) -> Expr {
    type A = IntMetricDiversityScore;
    let first = first_in_group(f.c(A::booking_created_at), f.c(A::booking_id), vec![f.c(A::user_id)]);
    implies(first, f.c(A::diversity_score).eq(lit(65i64)))
}

pub fn build(_ctx: &RunContext, entities: Frame<D>) -> Frame<IntMetricDiversityScore> {
    let e = &entities;
    // one row per booking. The other columns are attributes of the booking, copied onto
    // each of its five entity rows (R-int_metric__diversity_daily_booking-2), so they are
    // taken from its first row rather than grouped by: a GROUP BY of all five columns hashed
    // and row-encoded 67M rows at scale 16 (a 13 GB peak); one string key costs a third of it.
    // Every booking has five non-NULL entity scores, so the sum is never NULL.
    IntMetricDiversityScore::aggregate(
        entities.clone(),
        IntMetricDiversityScoreComputed {
            user_id: e.c(D::user_id).first(),
            deposit_id: e.c(D::deposit_id).first(),
            booking_created_at: e.c(D::booking_created_at).first(),
            booking_creation_date: e.c(D::booking_creation_date).first(),
            diversity_score: sum_i64(e.c(D::diversity_score)),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applicative::int_applicative__booking::IntApplicativeBooking as B;
    use crate::global::int_global__stock::IntGlobalStock as S;
    use crate::metric::int_metric__diversity_daily_booking as daily;
    use pipeline::testing::{ctx, rows, snapshot};

    /// Bookings of user `u3` have no deposit.
    fn booking(id: &str, user: &str, stock: &str, created: &str, status: Option<&str>) -> B {
        B {
            deposit_id: (user != "u3").then(|| "d1".into()),
            ..crate::test_rows::booking(id, user, stock, created, status)
        }
    }

    fn stock(id: &str, category: &str, venue_type: &str, subcategory: &str, venue: &str) -> S {
        S {
            stock_id: id.into(),
            offer_category_id: Some(category.into()),
            venue_type_label: Some(venue_type.into()),
            offer_subcategory_id: subcategory.into(),
            venue_id: Some(venue.into()),
            ..Default::default()
        }
    }

    fn scores(bookings: &[B], stocks: &[S]) -> Frame<IntMetricDiversityScore> {
        let c = ctx("2026-11-27");
        build(&c, daily::build(&c, Frame::from_rows(bookings), Frame::from_rows(stocks)))
    }

    /// R-int_metric__diversity_score-1 (sum of the five entity scores, in [0, 65]) and R-2 (the
    /// user's first non-cancelled booking by (created_at, booking_id as string) scores 65: "10"
    /// precedes "9" at the same instant — a numeric tie-break would give 65 to "9"; an earlier
    /// CANCELLED booking does not take the 65). Partial scores: same venue and subcategory, new
    /// category/venue type → 25 + 20; everything already seen → 0; a NULL deposit_id is kept.
    ///
    /// Rules: R-int_metric__diversity_score-1, R-int_metric__diversity_score-2.
    #[test]
    fn r_int_metric__diversity_score_1_2_sum_and_first_booking() {
        let bookings = vec![
            booking("1", "u1", "s3", "2026-01-01 08:00:00", Some("CANCELLED")),
            booking("9", "u1", "s1", "2026-01-10 09:00:00", Some("CONFIRMED")),
            booking("10", "u1", "s1", "2026-01-10 09:00:00", Some("USED")),
            booking("11", "u1", "s2", "2026-01-11 09:00:00", Some("CONFIRMED")),
            booking("12", "u1", "s3", "2026-01-12 09:00:00", Some("CONFIRMED")),
            booking("30", "u3", "s1", "2026-01-12 09:00:00", Some("CONFIRMED")),
        ];
        let stocks = vec![
            stock("s1", "LIVRE", "Librairie", "LIVRE_PAPIER", "v1"),
            stock("s2", "LIVRE", "Librairie", "LIVRE_NUMERIQUE", "v1"),
            stock("s3", "CINEMA", "Cinéma", "LIVRE_PAPIER", "v1"),
        ];
        let out = scores(&bookings, &stocks);
        insta::assert_snapshot!(snapshot(out));
    }

    /// R-int_metric__diversity_score-1: the score stays within [0, 65] for any mix of repeats
    /// and unknown stocks (NULL entity values form one group per type).
    ///
    /// Rules: R-int_metric__diversity_score-1.
    #[test]
    fn r_int_metric__diversity_score_1_bounds() {
        let mut bookings = Vec::new();
        for i in 0..12 {
            let stock = ["s1", "s2", "unknown", "s3"][i % 4];
            bookings.push(booking(
                &format!("{i}"),
                "u1",
                stock,
                &format!("2026-01-{:02} 09:00:00", i % 5 + 1),
                Some("CONFIRMED"),
            ));
        }
        let stocks = vec![
            stock("s1", "LIVRE", "Librairie", "LIVRE_PAPIER", "v1"),
            stock("s2", "LIVRE", "Cinéma", "LIVRE_NUMERIQUE", "v2"),
            stock("s3", "CINEMA", "Cinéma", "SEANCE_CINE", "v1"),
        ];
        let out = rows(scores(&bookings, &stocks));
        assert_eq!(out.len(), 12);
        assert!(out.iter().all(|r| (0..=65).contains(&r.diversity_score)));
        // every entity value of every type is scored exactly once: 3 categories-or-NULL …
        let total: i64 = out.iter().map(|r| r.diversity_score).sum();
        // OFFER_CATEGORY {LIVRE, CINEMA, NULL} 3×25, VENUE_TYPE {Librairie, Cinéma, NULL} 3×20,
        // OFFER_SUBCATEGORY {PAPIER, NUMERIQUE, SEANCE, NULL} 4×10, VENUE {v1, v2, NULL} 3×5,
        // EXTRA_CATEGORY same as VENUE 3×5.
        assert_eq!(total, 75 + 60 + 40 + 15 + 15);
    }
}
