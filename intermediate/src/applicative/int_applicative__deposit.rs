//! Grain: one row per raw deposit; PK `deposit_id`.

use pipeline::prelude::*;
use sources::{RawApplicativeDeposit as D, RawApplicativeRecredit as R};
use {group_len, implies, one_to_n};

use super::int_applicative__user::IntApplicativeUser as U;

/// Deposits with their owner (when kept), recredit totals, corrected amount, source,
/// ranks per owner and reform category (intermediate.md, int_applicative__deposit).
#[derive(Schema, Debug, Clone, Default, PartialEq)]
#[schema(model = "int_applicative__deposit", layer = "intermediate", grain = "deposit_id", from = RecreditAgg)]
#[check(name = "amount_within_grant_cap", rule = amount_within_grant_cap, cite = "R-int_applicative__deposit-4")]
#[check(name = "ranks_number_each_owner_1_to_n", rule = ranks_number_each_owner_1_to_n, cite = "I-4")]
pub struct IntApplicativeDeposit {
    /// deposit id
    #[schema(from = D::id)]
    pub deposit_id: String,
    /// owner, NULL when not a kept user
    #[schema(from = U)]
    #[check(references = U::user_id, cite = "R-int_applicative__deposit-2")]
    pub user_id: Option<String>,
    /// owner's birth date
    #[schema(from = U)]
    pub user_birth_date: Option<NaiveDate>,
    /// free text describing how the grant was obtained
    #[schema(from = D)]
    pub source: Option<String>,
    /// creation
    #[schema(from = D::datecreated)]
    pub deposit_creation_date: DtParis,
    /// last update
    #[schema(from = D::dateupdated)]
    pub deposit_update_date: Option<DtParis>,
    /// expiry, UTC wall-clock
    #[schema(from = D::expirationdate)]
    pub deposit_expiration_date: Option<DtUtc>,
    /// `GRANT_15_17`, `GRANT_18`, `GRANT_17_18`, `GRANT_FREE`
    #[schema(from = D::r#type)]
    #[check(accepted_values = ["GRANT_15_17", "GRANT_18", "GRANT_17_18", "GRANT_FREE"], cite = "sources.md §2.2")]
    pub deposit_type: String,
    /// date of the latest recredit
    pub last_recredit_date: Option<NaiveDate>,
    /// number of recredits
    #[check(min = 1, cite = "R-int_applicative__deposit-1")]
    pub total_recredit: Option<i64>,
    /// sum of recredit amounts, all types
    #[check(min = 0, cite = "R-int_applicative__deposit-1")]
    pub total_recredit_amount: Option<Dec2>,
    /// owner's exact age at deposit creation
    #[schema(computed)]
    pub user_age_at_deposit: Option<i64>,
    /// granted amount: capped, or net of PREVIOUS_DEPOSIT transfers
    #[schema(computed)]
    // Warn only: `a − prev_amount` is negative when a PREVIOUS_DEPOSIT transfer exceeds the raw
    // amount; the spec does not forbid it (property worlds have such deposits).
    #[check(min = 0, cite = "R-int_applicative__deposit-4", warn)]
    pub deposit_amount: Dec2,
    /// `EDUCONNECT`, `UBBLE`, `DMS` or the raw source
    #[schema(computed)]
    pub deposit_source: Option<String>,
    /// 1 = the owner's first deposit
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_applicative__deposit-6")]
    pub deposit_rank_asc: i64,
    /// 1 = the owner's latest deposit
    #[schema(computed)]
    #[check(min = 1, cite = "R-int_applicative__deposit-6")]
    pub deposit_rank_desc: i64,
    /// reform cohort from the raw amount
    #[schema(computed)]
    #[check(accepted_values = ["15_17_pre_reform", "18_pre_reform", "18_experiment_phase", "17_post_reform", "18_post_reform", "15_16_post_reform"], cite = "R-int_applicative__deposit-7")]
    pub deposit_reform_category: Option<String>,
}

/// Recredit aggregate per deposit.
#[derive(Schema)]
#[schema(from = R)]
pub struct RecreditAgg {
    pub deposit_id: String,
    #[schema(computed)]
    pub last_recredit_date: Option<NaiveDate>,
    #[schema(computed)]
    pub total_recredit: i64,
    #[schema(computed)]
    pub total_recredit_amount: Option<Dec2>,
    #[schema(computed)]
    pub prev_amount: Option<Dec2>,
}

fn amount_within_grant_cap(f: &Frame<IntApplicativeDeposit>) -> Expr {
    type A = IntApplicativeDeposit;
    grant_cap_respected(f.c(A::deposit_type), f.c(A::deposit_amount))
}

/// R-4 caps the grants the spec bounds (sources.md §2.2): `GRANT_15_17` at 80.00, `GRANT_18` at
/// 500.00 (the uncapped branch only subtracts non-negative transfers). `GRANT_17_18` has no
/// stated amount; `GRANT_FREE` is checked on the raw amount, as a warning.
pub fn grant_cap_respected(kind: Expr, amount: Expr) -> Expr {
    implies(kind.clone().eq(lit("GRANT_15_17")), amount.clone().lt_eq(lit_dec2(8000)))
        .and(implies(kind.eq(lit("GRANT_18")), amount.lt_eq(lit_dec2(50000))))
}

fn ranks_number_each_owner_1_to_n(f: &Frame<IntApplicativeDeposit>) -> Expr {
    type A = IntApplicativeDeposit;
    deposit_ranks_one_to_n(f.c(A::user_id), f.c(A::deposit_rank_asc), f.c(A::deposit_rank_desc))
}

/// I-4 where the owner is known: the ranks partition by the raw owner, and a non-NULL
/// `user_id` is that owner, so each of its deposits has `rank_asc` and `rank_desc` in 1..n
/// once each, mirrored (`asc + desc = n + 1`: the two orders are exact reverses). Deposits
/// whose owner is not a kept user share a NULL `user_id` across owners and are not checked.
pub fn deposit_ranks_one_to_n(owner: Expr, asc: Expr, desc: Expr) -> Expr {
    let n = group_len(vec![owner.clone()]);
    let mirrored = (asc.clone() + desc.clone()).eq(n + lit(1i64)).fill_null(lit(false));
    owner.clone().is_null().or(one_to_n(asc, vec![owner.clone()]).and(one_to_n(desc, vec![owner])).and(mirrored))
}

pub fn build(
    _ctx: &RunContext,
    deposits: Frame<D>,
    users: Frame<U>,
    recredits: Frame<R>,
) -> Frame<IntApplicativeDeposit> {
    type A = RecreditAgg;
    let r = &recredits;
    let agg = RecreditAgg::aggregate(
        recredits.clone(),
        RecreditAggComputed {
            last_recredit_date: date_of(r.c(R::recredit_creation_date)).max(),
            total_recredit: count_distinct(r.c(R::recredit_id)),
            total_recredit_amount: sum_dec2(r.c(R::recredit_amount)),
            prev_amount: sum_dec2(
                when(r.c(R::recredit_type).eq(lit("PREVIOUS_DEPOSIT")))
                    .then(r.c(R::recredit_amount))
                    .otherwise(lit_dec2(0)),
            ),
        },
    );
    let on_user = on(D::userid, U::user_id);
    let j = deposits.left_join(users, on_user);
    let on_agg = on(D::id, A::deposit_id);
    let j = j.left_join(agg, on_agg);

    let amount = j.c(D::amount);
    let kind = j.c(D::r#type);
    let is = |t: &str| kind.clone().eq(lit(t.to_string()));
    // the capping branches do not subtract PREVIOUS_DEPOSIT transfers (K-8).
    let deposit_amount = when(is("GRANT_15_17").and(amount.clone().gt(lit_dec2(8000))))
        .then(lit_dec2(8000))
        .when(is("GRANT_18").and(amount.clone().lt(lit_dec2(30000))))
        .then(lit_dec2(30000))
        .when(is("GRANT_18").and(amount.clone().gt(lit_dec2(50000))))
        .then(lit_dec2(50000))
        .otherwise(to_dec2(amount.clone() - j.c(A::prev_amount).fill_null(lit_dec2(0))));
    let source = j.c(D::source);
    // R-5, first match.
    let deposit_source = when(contains_ci(source.clone(), "educonnect"))
        .then(lit("EDUCONNECT"))
        .when(contains_ci(source.clone(), "ubble"))
        .then(lit("UBBLE"))
        .when(contains_ci(source.clone(), "dms").or(contains_ci(source.clone(), "démarches simplifiées")))
        .then(lit("DMS"))
        .otherwise(source);
    // R-7, from the raw amount.
    let reform = when(is("GRANT_15_17"))
        .then(lit("15_17_pre_reform"))
        .when(is("GRANT_18").and(amount.clone().lt_eq(lit_dec2(30000))))
        .then(lit("18_pre_reform"))
        .when(is("GRANT_18").and(amount.clone().gt(lit_dec2(30000))))
        .then(lit("18_experiment_phase"))
        .when(is("GRANT_17_18").and(amount.clone().lt(lit_dec2(15000))))
        .then(lit("17_post_reform"))
        .when(is("GRANT_17_18").and(amount.clone().gt_eq(lit_dec2(15000))))
        .then(lit("18_post_reform"))
        .when(is("GRANT_FREE").and(amount.clone().eq(lit_dec2(0))))
        .then(lit("15_16_post_reform"))
        .otherwise(null_str());
    // partition by the raw owner, ids compared as strings.
    let owner = vec![j.c(D::userid)];
    let created = j.c(D::datecreated);
    let id = j.c(D::id);
    IntApplicativeDeposit::project(
        j.clone(),
        IntApplicativeDepositComputed {
            user_age_at_deposit: exact_age(created.clone(), j.c(U::user_birth_date)),
            deposit_amount,
            deposit_source,
            deposit_rank_asc: row_number(owner.clone(), vec![asc(created.clone()), asc(id.clone())]),
            deposit_rank_desc: row_number(owner, vec![desc(created), desc(id)]),
            deposit_reform_category: reform,
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::testing::{ctx, snapshot_cols};

    fn deposit(id: &str, owner: &str, kind: &str, amount: i128, created: &str) -> D {
        D {
            id: id.into(),
            userid: owner.into(),
            amount: Dec2(amount * 100),
            datecreated: DtParis(pipeline::dt(created)),
            r#type: kind.into(),
            ..Default::default()
        }
    }

    fn user(id: &str, birth: Option<&str>) -> U {
        U { user_id: id.into(), user_birth_date: birth.map(pipeline::date), ..Default::default() }
    }

    fn recredit(id: &str, deposit: &str, amount: Option<i128>, kind: Option<&str>, created: &str) -> R {
        R {
            recredit_id: id.into(),
            deposit_id: deposit.into(),
            recredit_amount: amount.map(|a| Dec2(a * 100)),
            recredit_type: kind.map(Into::into),
            recredit_creation_date: DtParis(pipeline::dt(created)),
        }
    }

    /// R-int_applicative__deposit-1 (recredit aggregate; NULL when no recredit, prev_amount
    /// sums PREVIOUS_DEPOSIT only), R-int_applicative__deposit-4 (capping branches ignore prev_amount, K-8), R-int_applicative__deposit-7
    /// (reform category from the raw amount, exact decimal comparisons at 150/300).
    #[test]
    fn r_int_applicative__deposit_1_4_7_amounts() {
        let deposits = vec![
            deposit("a_15_17_capped", "u1", "GRANT_15_17", 90, "2023-01-01 10:00:00"),
            deposit("b_18_floor", "u1", "GRANT_18", 250, "2023-02-01 10:00:00"),
            deposit("c_18_300", "u2", "GRANT_18", 300, "2023-02-01 10:00:00"),
            deposit("d_18_cap_500", "u2", "GRANT_18", 600, "2023-03-01 10:00:00"),
            deposit("e_17_18_prev", "u3", "GRANT_17_18", 180, "2025-03-01 10:00:00"),
            deposit("f_17_18_low", "u3", "GRANT_17_18", 149, "2025-01-01 10:00:00"),
            deposit("g_free", "u4", "GRANT_FREE", 0, "2025-01-01 10:00:00"),
            deposit("h_18_experiment", "u4", "GRANT_18", 500, "2021-01-01 10:00:00"),
            D { amount: Dec2(14999), ..deposit("i_17_18_149.99", "u5", "GRANT_17_18", 0, "2025-01-01 10:00:00") },
        ];
        let recredits = vec![
            recredit("r1", "e_17_18_prev", Some(30), Some("PREVIOUS_DEPOSIT"), "2025-03-02 10:00:00"),
            recredit("r2", "e_17_18_prev", Some(50), Some("RECREDIT_18"), "2025-06-02 23:30:00"),
            recredit("r3", "e_17_18_prev", None, None, "2025-05-01 10:00:00"),
            recredit("r4", "a_15_17_capped", Some(20), Some("PREVIOUS_DEPOSIT"), "2023-01-05 10:00:00"),
            recredit("r5", "f_17_18_low", Some(10), Some("RECREDIT_17"), "2025-02-01 10:00:00"),
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&deposits),
            Frame::from_rows(&[user("u1", None)]),
            Frame::from_rows(&recredits),
        );
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "deposit_type",
                "last_recredit_date",
                "total_recredit",
                "total_recredit_amount",
                "deposit_amount",
                "deposit_reform_category"
            ]
        ));
    }

    /// R-int_applicative__deposit-2 (owner columns NULL when the owner is not a kept user),
    /// R-int_applicative__deposit-3 (age at deposit), R-int_applicative__deposit-5 (source cascade, case-insensitive), R-int_applicative__deposit-6 (ranks partitioned by
    /// the raw owner; same creation time → id as string: "10" < "9").
    #[test]
    fn r_int_applicative__deposit_2_3_5_6_owner_source_ranks() {
        let with_source = |d: D, s: Option<&str>| D { source: s.map(Into::into), ..d };
        let deposits = vec![
            with_source(deposit("9", "u1", "GRANT_17_18", 150, "2025-01-01 10:00:00"), Some("dispositif EduConnect")),
            with_source(deposit("10", "u1", "GRANT_17_18", 150, "2025-01-01 10:00:00"), Some("UBBLE check")),
            with_source(deposit("2", "u1", "GRANT_18", 300, "2024-01-01 10:00:00"), Some("Démarches Simplifiées 42")),
            with_source(deposit("3", "pro", "GRANT_18", 300, "2024-01-01 10:00:00"), Some("dms")),
            with_source(deposit("4", "pro", "GRANT_18", 300, "2024-02-01 10:00:00"), Some("guichet")),
            with_source(deposit("5", "unknown", "GRANT_18", 300, "2024-02-01 10:00:00"), None),
        ];
        let out = build(
            &ctx("2026-11-27"),
            Frame::from_rows(&deposits),
            Frame::from_rows(&[user("u1", Some("2008-02-29"))]),
            Frame::<R>::from_rows(&[]),
        );
        insta::assert_snapshot!(snapshot_cols(
            out,
            &[
                "user_id",
                "user_birth_date",
                "user_age_at_deposit",
                "deposit_source",
                "deposit_rank_asc",
                "deposit_rank_desc"
            ]
        ));
    }

    /// Pass-through columns keep their source column (the deposit's, the owner's birth date, the
    /// recredit aggregate), each filled with values no other column of its type has; the computed
    /// columns follow R-int_applicative__deposit-3…7 (`d2` nets its PREVIOUS_DEPOSIT transfer).
    #[test]
    fn r_int_applicative__deposit_columns_pass_through_unswapped() {
        let paris = |s: &str| DtParis(pipeline::dt(s));
        let d1 = D {
            id: "d1".into(),
            userid: "u1".into(),
            amount: Dec2(8000),
            source: Some("dispositif EduConnect".into()),
            datecreated: paris("2022-03-01 10:00:00"),
            dateupdated: Some(paris("2022-03-02 11:00:00")),
            expirationdate: Some(DtUtc(pipeline::dt("2024-03-01 23:00:00"))),
            r#type: "GRANT_15_17".into(),
        };
        let d2 = D {
            id: "d2".into(),
            userid: "u1".into(),
            amount: Dec2(30000),
            source: Some("ubble".into()),
            datecreated: paris("2024-03-05 09:00:00"),
            dateupdated: Some(paris("2024-06-01 08:00:00")),
            expirationdate: Some(DtUtc(pipeline::dt("2026-03-05 22:59:00"))),
            r#type: "GRANT_18".into(),
        };
        let recredits = vec![
            recredit("r1", "d1", Some(10), Some("RECREDIT_16"), "2022-09-01 10:00:00"),
            recredit("r2", "d1", Some(10), Some("RECREDIT_17"), "2023-03-01 10:00:00"),
            recredit("r3", "d2", Some(30), Some("PREVIOUS_DEPOSIT"), "2024-03-05 09:00:00"),
            recredit("r4", "d2", Some(25), Some("RECREDIT_18"), "2024-09-01 10:00:00"),
            recredit("r5", "d2", Some(20), Some("RECREDIT_18"), "2025-01-10 10:00:00"),
        ];
        let owner = user("u1", Some("2006-02-20"));
        let pass = |d: &D| IntApplicativeDeposit {
            deposit_id: d.id.clone(),
            user_id: Some(owner.user_id.clone()),
            user_birth_date: owner.user_birth_date,
            source: d.source.clone(),
            deposit_creation_date: d.datecreated,
            deposit_update_date: d.dateupdated,
            deposit_expiration_date: d.expirationdate,
            deposit_type: d.r#type.clone(),
            ..Default::default()
        };
        let out = pipeline::testing::rows(build(
            &ctx("2026-11-27"),
            Frame::from_rows(&[d1.clone(), d2.clone()]),
            Frame::from_rows(std::slice::from_ref(&owner)),
            Frame::from_rows(&recredits),
        ));
        assert_eq!(
            out,
            vec![
                IntApplicativeDeposit {
                    last_recredit_date: Some(pipeline::date("2023-03-01")),
                    total_recredit: Some(2),
                    total_recredit_amount: Some(Dec2(2000)),
                    user_age_at_deposit: Some(16),
                    deposit_amount: Dec2(8000),
                    deposit_source: Some("EDUCONNECT".into()),
                    deposit_rank_asc: 1,
                    deposit_rank_desc: 2,
                    deposit_reform_category: Some("15_17_pre_reform".into()),
                    ..pass(&d1)
                },
                IntApplicativeDeposit {
                    last_recredit_date: Some(pipeline::date("2025-01-10")),
                    total_recredit: Some(3),
                    total_recredit_amount: Some(Dec2(7500)),
                    user_age_at_deposit: Some(18),
                    deposit_amount: Dec2(27000),
                    deposit_source: Some("UBBLE".into()),
                    deposit_rank_asc: 2,
                    deposit_rank_desc: 1,
                    deposit_reform_category: Some("18_pre_reform".into()),
                    ..pass(&d2)
                },
            ]
        );
    }
}
