//! Grain: one row per deposit of a kept beneficiary; PK `deposit_id`.

use intermediate::{IntGlobalDeposit as D, IntGlobalUserBeneficiary as U};
use pipeline::prelude::*;

/// Deposits of kept beneficiaries (active or self-suspended) with the owner's profile,
/// spend totals and seniorities (marts.md, mrt_global__deposit).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "mrt_global__deposit", layer = "mart", grain = "deposit_id", from = D)]
#[check(name = "spent_within_theoretical", rule = spent_within_theoretical, cite = "I-2")]
#[check(name = "amount_within_grant_cap", rule = amount_within_grant_cap, cite = "R-int_applicative__deposit-4")]
#[check(name = "ranks_number_each_owner_1_to_n", rule = ranks_number_each_owner_1_to_n, cite = "I-4")]
pub struct MrtGlobalDeposit {
    /// deposit id
    pub deposit_id: String,
    /// granted amount (R-int_applicative__deposit-4)
    // Warn only: `a − prev_amount` (R-int_applicative__deposit-4) may be negative; the spec does not forbid it.
    #[check(min = 0, cite = "R-int_applicative__deposit-4", warn)]
    pub deposit_amount: Dec2,
    /// owner, a kept beneficiary (inner join with int_global__user_beneficiary)
    #[schema(from = U)]
    #[check(references = U::user_id, cite = "I-13")]
    pub user_id: String,
    /// civility (R-int_applicative__user-4) (from u)
    #[schema(from = U)]
    pub user_civility: Option<String>,
    /// region name, default `non localisé` (R-int_global__user_beneficiary-4) (from u)
    #[schema(from = U)]
    pub user_region_name: String,
    /// app postal code, `-1` when unknown (R-int_global__user_beneficiary-4) (from u)
    #[schema(from = U)]
    pub user_postal_code: String,
    /// academy name, default `non localisé` (R-int_global__user_beneficiary-4) (from u)
    #[schema(from = U)]
    pub user_academy_name: String,
    /// activity is job seeker (R-int_global__user_beneficiary-5) (from u)
    #[schema(from = U)]
    pub user_is_unemployed: bool,
    /// activity is pupil, student or apprentice (R-int_global__user_beneficiary-6) (from u)
    #[schema(from = U)]
    pub user_is_in_education: bool,
    /// department code, `-1` = unknown (R-int_global__user_beneficiary-4) (from u)
    #[schema(from = U)]
    pub user_department_code: String,
    /// department name, default `non localisé` (R-int_global__user_beneficiary-4) (from u)
    #[schema(from = U)]
    pub user_department_name: String,
    /// age at `ds` (R-int_applicative__user-6) (from u)
    #[schema(from = U)]
    pub user_age: Option<i64>,
    /// account creation (from u)
    #[schema(from = U)]
    pub user_creation_date: DtParis,
    /// owner's age at deposit creation (R-int_applicative__deposit-3)
    pub user_age_at_deposit: Option<i64>,
    /// normalised source (R-int_applicative__deposit-5)
    pub deposit_source: Option<String>,
    /// creation
    pub deposit_creation_date: DtParis,
    /// last update
    pub deposit_update_date: Option<DtParis>,
    /// expiry, UTC wall-clock
    pub deposit_expiration_date: Option<DtUtc>,
    /// `GRANT_15_17`, `GRANT_18`, `GRANT_17_18`, `GRANT_FREE`
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub deposit_type: String,
    /// reform cohort (R-int_applicative__deposit-7)
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub deposit_reform_category: Option<String>,
    /// 1 = the owner's first deposit (R-int_applicative__deposit-6)
    #[check(min = 1, cite = "R-int_applicative__deposit-6")]
    pub deposit_rank_asc: i64,
    /// 1 = the owner's latest deposit (R-int_applicative__deposit-6)
    #[check(min = 1, cite = "R-int_applicative__deposit-6")]
    pub deposit_rank_desc: i64,
    /// date of the latest recredit (R-int_applicative__deposit-1)
    pub last_recredit_date: Option<NaiveDate>,
    /// number of recredits (R-int_applicative__deposit-1)
    pub total_recredit: Option<i64>,
    /// `coalesce(total_recredit_amount, 0)`
    #[check(min = 0, cite = "R-int_applicative__deposit-1")]
    pub total_recredit_amount: Dec2,
    /// SUM amount of non-cancelled bookings, 0 when none (R-int_global__deposit-1)
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_amount_spent: Dec2,
    /// SUM amount of used bookings, 0 when none (R-int_global__deposit-1)
    #[check(min = 0, cite = "I-2")]
    pub total_actual_amount_spent: Dec2,
    /// SUM amount of non-cancelled digital bookings with a URL, 0 when none (R-int_global__deposit-1)
    #[check(min = 0, cite = "I-2")]
    pub total_theoretical_amount_spent_in_digital_goods: Dec2,
    /// number of non-cancelled bookings, 0 when none (R-int_global__deposit-1)
    pub total_non_cancelled_individual_bookings: i64,
    /// SUM of diversity scores, not coalesced (R-int_global__deposit-1)
    #[check(min = 0, cite = "I-6")]
    pub total_diversity_score: Option<i64>,
    /// MIN creation date of non-cancelled bookings (R-int_global__deposit-1)
    pub first_individual_booking_date: Option<NaiveDate>,
    /// MAX creation date of non-cancelled bookings (R-int_global__deposit-1)
    pub last_individual_booking_date: Option<NaiveDate>,
    /// birth date (R-int_applicative__user-5) (from u)
    #[schema(from = U)]
    pub user_birth_date: Option<NaiveDate>,
    /// days from deposit creation to `ds`
    #[schema(computed)]
    pub deposit_seniority: i64,
    /// days from account creation to deposit creation
    #[schema(computed)]
    pub days_between_user_creation_and_deposit_creation: i64,
}

fn spent_within_theoretical(f: &Frame<MrtGlobalDeposit>) -> Expr {
    type A = MrtGlobalDeposit;
    intermediate::global::int_global__deposit::spend_bounded(
        f.c(A::total_actual_amount_spent),
        f.c(A::total_theoretical_amount_spent),
    )
}

fn amount_within_grant_cap(f: &Frame<MrtGlobalDeposit>) -> Expr {
    type A = MrtGlobalDeposit;
    intermediate::applicative::int_applicative__deposit::grant_cap_respected(
        f.c(A::deposit_type),
        f.c(A::deposit_amount),
    )
}

/// I-4: every deposit of a kept owner is here (R-1 keeps or drops the owner as a whole).
fn ranks_number_each_owner_1_to_n(f: &Frame<MrtGlobalDeposit>) -> Expr {
    type A = MrtGlobalDeposit;
    intermediate::applicative::int_applicative__deposit::deposit_ranks_one_to_n(
        f.c(A::user_id),
        f.c(A::deposit_rank_asc),
        f.c(A::deposit_rank_desc),
    )
}

/// INNER join with the beneficiary intermediate (not the mart: deposits of users whose current
/// deposit is `GRANT_FREE` stay, K-12); a NULL `d.user_id` never matches (C-19).
pub fn build(ctx: &RunContext, deposits: Frame<D>, users: Frame<U>) -> Frame<MrtGlobalDeposit> {
    let on_user = on(D::user_id, U::user_id);
    let j = deposits.inner_join(users, on_user);
    // three-valued, a NULL `user_is_active` keeps the row only with the 'upon user request' reason.
    let keep = j.c(U::user_is_active).or(j.c(U::user_suspension_reason).eq(lit("upon user request")));
    let j = j.filter(keep);
    let created = j.c(D::deposit_creation_date);
    let j = &j;
    MrtGlobalDeposit::project(
        j.clone(),
        MrtGlobalDepositComputed {
            //
            deposit_seniority: days_between(created.clone(), ctx.ds()),
            //
            days_between_user_creation_and_deposit_creation: days_between(j.c(U::user_creation_date), created),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot, snapshot_cols};

    fn deposit(id: &str, owner: Option<&str>, kind: &str, created: &str) -> D {
        D {
            deposit_id: id.into(),
            user_id: owner.map(Into::into),
            deposit_type: kind.into(),
            deposit_amount: Dec2(15000),
            deposit_creation_date: DtParis(pipeline::dt(created)),
            deposit_rank_asc: 1,
            deposit_rank_desc: 1,
            ..Default::default()
        }
    }

    fn user(id: &str, active: Option<bool>, reason: Option<&str>, current: Option<&str>) -> U {
        U {
            user_id: id.into(),
            user_is_active: active,
            user_suspension_reason: reason.map(Into::into),
            current_deposit_type: current.map(Into::into),
            user_creation_date: DtParis(pipeline::dt("2024-01-01 10:00:00")),
            ..Default::default()
        }
    }

    /// R-mrt_global__deposit-1 (three-valued: NULL `user_is_active` keeps only with the
    /// 'upon user request' reason; a naive "NULL = active" keeps `d_null_fraud`) and the INNER join
    /// (K-12: the deposit of `free`, whose current deposit is `GRANT_FREE`, is kept; NULL owner and
    /// owners absent from `int_global__user_beneficiary` drop, a NULL key never matching).
    #[test]
    fn r_mrt_global__deposit_1_filter_and_inner_join() {
        let deposits = vec![
            deposit("d_active", Some("active"), "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_free", Some("free"), "GRANT_FREE", "2025-01-01 10:00:00"),
            deposit("d_fraud", Some("fraud"), "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_self", Some("self"), "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_null_self", Some("null_self"), "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_null_fraud", Some("null_fraud"), "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_null_none", Some("null_none"), "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_no_owner", None, "GRANT_18", "2025-01-01 10:00:00"),
            deposit("d_general_public", Some("gp"), "GRANT_18", "2025-01-01 10:00:00"),
        ];
        let users = vec![
            user("active", Some(true), None, Some("GRANT_18")),
            user("free", Some(true), None, Some("GRANT_FREE")),
            user("fraud", Some(false), Some("fraud suspicion"), Some("GRANT_18")),
            user("self", Some(false), Some("upon user request"), Some("GRANT_18")),
            user("null_self", None, Some("upon user request"), Some("GRANT_18")),
            user("null_fraud", None, Some("fraud suspicion"), Some("GRANT_18")),
            user("null_none", None, None, Some("GRANT_18")),
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&deposits), Frame::from_rows(&users));
        insta::assert_snapshot!(snapshot_cols(out, &["user_id", "deposit_type"]));
    }

    /// R-mrt_global__deposit-2 and R-mrt_global__deposit-3: calendar-day differences of the dates
    /// (C-7). A deposit created at 23:30 the day before `ds` has seniority 1 (a naive
    /// elapsed-time floor gives 0); an account created at 23:59 and a deposit at 00:01 the next
    /// day are 1 day apart (naive: 0). Deposit and user columns come from their side; every
    /// column has values no other column of its type has (u1's two deposits rank 1 and 2 each
    /// way, I-4), so that a swapped column shows.
    #[test]
    fn r_mrt_global__deposit_2_3_seniorities_and_columns() {
        let deposits = vec![
            D {
                // Born 2008-05-01: 18 at this deposit, 17 at the earlier one.
                user_age_at_deposit: Some(18),
                deposit_source: Some("EDUCONNECT".into()),
                deposit_update_date: Some(DtParis(pipeline::dt("2026-11-27 08:00:00"))),
                deposit_expiration_date: Some(DtUtc(pipeline::dt("2028-11-26 22:30:00"))),
                deposit_reform_category: Some("17_post_reform".into()),
                deposit_rank_asc: 2,
                deposit_rank_desc: 1,
                last_recredit_date: Some(pipeline::date("2026-11-25")),
                total_recredit: Some(2),
                total_recredit_amount: Dec2(5000),
                total_theoretical_amount_spent: Dec2(1250),
                total_actual_amount_spent: Dec2(999),
                total_theoretical_amount_spent_in_digital_goods: Dec2(1),
                total_non_cancelled_individual_bookings: 4,
                total_diversity_score: Some(130),
                first_individual_booking_date: Some(pipeline::date("2026-11-26")),
                last_individual_booking_date: Some(pipeline::date("2026-11-27")),
                ..deposit("1", Some("u1"), "GRANT_17_18", "2026-11-26 23:30:00")
            },
            D {
                deposit_amount: Dec2(8000),
                user_age_at_deposit: Some(17),
                deposit_rank_desc: 2,
                ..deposit("3", Some("u1"), "GRANT_15_17", "2025-06-01 12:00:00")
            },
            deposit("2", Some("u2"), "GRANT_18", "2024-01-02 00:01:00"),
        ];
        let users = vec![
            U {
                user_civility: Some("M.".into()),
                user_region_name: "Bretagne".into(),
                user_postal_code: "29200".into(),
                user_academy_name: "Rennes".into(),
                user_is_unemployed: true,
                user_department_code: "29".into(),
                user_department_name: "Finistère".into(),
                user_age: Some(18),
                user_birth_date: Some(pipeline::date("2008-05-01")),
                ..user("u1", Some(true), None, Some("GRANT_17_18"))
            },
            U {
                user_civility: Some("Mme.".into()),
                user_region_name: "Occitanie".into(),
                user_postal_code: "31000".into(),
                user_academy_name: "Toulouse".into(),
                user_is_in_education: true,
                user_department_code: "31".into(),
                user_department_name: "Haute-Garonne".into(),
                user_age: Some(20),
                user_birth_date: Some(pipeline::date("2006-03-10")),
                user_creation_date: DtParis(pipeline::dt("2024-01-01 23:59:00")),
                ..user("u2", Some(true), None, Some("GRANT_18"))
            },
        ];
        let out = build(&ctx("2026-11-27"), Frame::from_rows(&deposits), Frame::from_rows(&users));
        insta::assert_snapshot!(snapshot(out));
    }
}
