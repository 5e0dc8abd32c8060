//! # pipeline-export-contract — the target contract of an export model
//!
//! An `exp_*` model file holds both its projection (a schema struct and a build function, like
//! any model) and its **target contract**: which target (ClickHouse or PostgreSQL), table,
//! engine and keys, and the target type of every column. The contract is written against the
//! schema struct's typed column handles:
//!
//! ```ignore
//! ExportSpec::clickhouse::<E>("intermediate", "booking", Delivery::SnapshotPartition)
//!     .column(E::update_date, ch::DateString)
//!     .column(E::booking_quantity, ch::UInt64)       // i64 → UInt64: a negative value fails the delivery
//!     .column(E::used_date, ch::Nullable(ch::DateString))
//!     .partition_by("update_date")
//!     .order_by(&["venue_id", "offerer_id"])
//!     .build()
//! ```
//!
//! A column of another model, or a model type without a faithful target type (spec
//! `exports.md` E-6), does not compile: the pair must implement [`Holds`]. The sanctioned pairs
//! and their conversions are listed on [`Holds`]; a column left out or out of order is found by
//! [`ExportSpec::validate`] (each model's unit test and every delivery call it). The target DDL
//! ([`ExportSpec::clickhouse_ddl`], [`ExportSpec::postgres_ddl`]) is rendered from this contract.
//!
//! This crate depends on the DSL only, so model crates can use it; delivery (network, formats)
//! lives in `pipeline-export`.

use std::fmt;
use std::marker::PhantomData;

use pipeline::prelude::NaiveDate;
use pipeline::{Col, ColumnSpec, Dec2, Schema, TsUtc};

/// Where an export is delivered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    ClickHouse,
    Postgres,
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Target::ClickHouse => "clickhouse",
            Target::Postgres => "postgres",
        })
    }
}

/// How a delivery switches the target from its previous content to the new one (E-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// ClickHouse: staging table, then one multi-table `RENAME` (R-exp_clickhouse__venue_offer_statistic-7).
    /// PostgreSQL: `DELETE` + `COPY` in one transaction (E-8).
    FullReplace,
    /// ClickHouse snapshot partition (R-exp_clickhouse__booking-3): replace partition `ds` from
    /// staging, then drop every other partition.
    SnapshotPartition,
    /// ClickHouse partition replace (R-exp_clickhouse__native_event-3): replace each partition
    /// present in staging; other partitions untouched.
    PartitionReplace,
    /// PostgreSQL partition (E-9): in one transaction, delete the rows whose `column` equals the
    /// delivered value (`ds`), then `COPY`.
    PartitionDelete { column: &'static str },
}

impl Delivery {
    /// Full-replace and snapshot deliveries refuse an empty content unless `allow_empty` (E-4).
    pub fn replaces_everything(&self) -> bool {
        matches!(self, Delivery::FullReplace | Delivery::SnapshotPartition)
    }
}

/// A target column type, as delivery converts to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetType {
    /// ClickHouse `String` from `str`.
    ChString,
    /// ClickHouse `String` holding `YYYY-MM-DD` from `date` (E-6).
    ChDateString,
    /// ClickHouse `Date` from `date`.
    ChDate,
    /// ClickHouse `DateTime` from `ts_utc`: UTC epoch seconds, microseconds truncated toward the past (E-6).
    ChDateTime,
    /// ClickHouse `UInt64` from `i64`: a negative value fails the delivery (E-6).
    ChUInt64,
    /// ClickHouse `UInt8` from `i64`: a value outside 0..=255 fails the delivery (E-6).
    ChUInt8,
    /// ClickHouse `Float64` from `dec2` (converted only at delivery, K-32) or `f64`.
    ChFloat64,
    /// PostgreSQL `text` from `str`.
    PgText,
    /// PostgreSQL `bigint` from `i64`.
    PgBigInt,
    /// PostgreSQL `integer` from `i64`: a value outside the 32-bit range fails the delivery.
    PgInteger,
    /// PostgreSQL `date` from `date`.
    PgDate,
}

impl TargetType {
    /// The type's SQL name (without nullability).
    pub fn sql(&self) -> &'static str {
        match self {
            TargetType::ChString | TargetType::ChDateString => "String",
            TargetType::ChDate => "Date",
            TargetType::ChDateTime => "DateTime",
            TargetType::ChUInt64 => "UInt64",
            TargetType::ChUInt8 => "UInt8",
            TargetType::ChFloat64 => "Float64",
            TargetType::PgText => "text",
            TargetType::PgBigInt => "bigint",
            TargetType::PgInteger => "integer",
            TargetType::PgDate => "date",
        }
    }

    /// The inclusive integer range the type accepts, for integer targets.
    pub fn int_range(&self) -> Option<(i64, i64)> {
        match self {
            TargetType::ChUInt64 => Some((0, i64::MAX)),
            TargetType::ChUInt8 => Some((0, 255)),
            TargetType::PgInteger => Some((i32::MIN as i64, i32::MAX as i64)),
            _ => None,
        }
    }
}

/// One column of a target table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetColumn {
    pub name: &'static str,
    pub ty: TargetType,
    /// The target column accepts NULL.
    pub nullable: bool,
    /// The model column may hold NULL (then a NULL into a non-nullable target fails the
    /// delivery, E-5).
    pub model_nullable: bool,
}

impl TargetColumn {
    /// The column's type as the target reports it: ClickHouse `Nullable(String)`, PostgreSQL
    /// `text` (nullability is compared separately there).
    pub fn type_sql(&self, target: Target) -> String {
        match (target, self.nullable) {
            (Target::ClickHouse, true) => format!("Nullable({})", self.ty.sql()),
            _ => self.ty.sql().to_string(),
        }
    }
}

/// Marker of the ClickHouse type family.
pub struct ClickHouseTypes;
/// Marker of the PostgreSQL type family.
pub struct PostgresTypes;

/// A target column type of family `Family` (a type of [`ch`] or [`pg`]).
pub trait TargetTy {
    type Family;
    const TYPE: TargetType;
    const NULLABLE: bool;
}

/// The target type `Self` faithfully holds values of the model column type `R` (E-6).
///
/// Sanctioned pairs: `str` → `String`/`text`; `date` → ClickHouse `String` (`YYYY-MM-DD`),
/// `Date`, PostgreSQL `date`; `ts_utc` → `DateTime` (seconds, truncated toward the past); `i64` →
/// `UInt64`/`UInt8` (out-of-range refused at delivery), `bigint`, `integer` (range-checked);
/// `dec2` and `f64` → `Float64` (K-32). An `Option<R>` model column may feed a non-nullable
/// target: a NULL then fails the delivery (E-5). Any other pair is a compile error:
///
/// ```compile_fail
/// use pipeline::{Dec2, Schema};
/// use pipeline_export_contract::{pg, Delivery, ExportSpec};
/// /// money
/// #[derive(Schema, Default)]
/// #[schema(model = "exp_demo__money", layer = "export", grain = "id")]
/// struct Money {
///     /// id
///     id: String,
///     /// amount
///     amount: Dec2,
/// }
/// // E-6 has no dec2 → bigint conversion.
/// let _ = ExportSpec::postgres::<Money>("money", Delivery::FullReplace).column(Money::amount, pg::BigInt);
/// ```
///
/// while the sanctioned `dec2 → Float64` compiles:
///
/// ```
/// use pipeline::{Dec2, Schema};
/// use pipeline_export_contract::{ch, Delivery, ExportSpec};
/// /// money
/// #[derive(Schema, Default)]
/// #[schema(model = "exp_demo__money", layer = "export", grain = "id")]
/// struct Money {
///     /// id
///     id: String,
///     /// amount
///     amount: Dec2,
/// }
/// let spec = ExportSpec::clickhouse::<Money>("intermediate", "money", Delivery::FullReplace)
///     .column(Money::id, ch::String)
///     .column(Money::amount, ch::Float64)
///     .order_by(&["id"])
///     .build();
/// assert!(spec.validate().is_ok());
/// ```
///
/// A column of another model or a type of the other target does not compile either:
///
/// ```compile_fail
/// use pipeline::Schema;
/// use pipeline_export_contract::{ch, Delivery, ExportSpec};
/// /// a
/// #[derive(Schema, Default)]
/// #[schema(model = "exp_demo__a", layer = "export", grain = "id")]
/// struct A {
///     /// id
///     id: String,
/// }
/// let _ = ExportSpec::postgres::<A>("a", Delivery::FullReplace).column(A::id, ch::String);
/// ```
#[diagnostic::on_unimplemented(
    message = "model column type `{R}` has no faithful conversion to target type `{Self}`",
    label = "no E-6 mapping from `{R}` to this target type",
    note = "the sanctioned conversions are listed on `pipeline_export_contract::Holds`; add one there (documented) or change the model column type"
)]
pub trait Holds<R> {}

macro_rules! target_types {
    ($family:ident, $($name:ident => $tt:ident : $($r:ty),+;)*) => {
        $(
            #[doc = concat!("Target type `", stringify!($name), "` (", stringify!($tt), ").")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl crate::TargetTy for $name {
                type Family = crate::$family;
                const TYPE: crate::TargetType = crate::TargetType::$tt;
                const NULLABLE: bool = false;
            }
            $(
                impl crate::Holds<$r> for $name {}
                impl crate::Holds<Option<$r>> for $name {}
            )+
        )*
        /// The nullable version of a target type.
        #[derive(Debug, Clone, Copy)]
        pub struct Nullable<T>(pub T);
        impl<T: crate::TargetTy<Family = crate::$family>> crate::TargetTy for Nullable<T> {
            type Family = crate::$family;
            const TYPE: crate::TargetType = T::TYPE;
            const NULLABLE: bool = true;
        }
        impl<R, T: crate::Holds<R>> crate::Holds<R> for Nullable<T> {}
    };
}

/// ClickHouse column types.
pub mod ch {
    use super::*;
    target_types!(ClickHouseTypes,
        String => ChString: std::string::String;
        DateString => ChDateString: NaiveDate;
        Date => ChDate: NaiveDate;
        DateTime => ChDateTime: TsUtc;
        UInt64 => ChUInt64: i64;
        UInt8 => ChUInt8: i64;
        Float64 => ChFloat64: Dec2, f64;
    );
}

/// PostgreSQL column types.
pub mod pg {
    use super::*;
    target_types!(PostgresTypes,
        Text => PgText: std::string::String;
        BigInt => PgBigInt: i64;
        Integer => PgInteger: i64;
        Date => PgDate: NaiveDate;
    );
}

/// The target contract of one export model.
#[derive(Debug, Clone)]
pub struct ExportSpec {
    /// The export model (`exp_<target>__<entity>`).
    pub model: &'static str,
    pub model_columns: &'static [ColumnSpec],
    pub target: Target,
    /// ClickHouse database of the target table; `None` for PostgreSQL (the configured `pg_schema`).
    pub database: Option<&'static str>,
    pub table: &'static str,
    pub columns: Vec<TargetColumn>,
    /// ClickHouse `PARTITION BY` expression.
    pub partition_by: Option<&'static str>,
    /// ClickHouse `ORDER BY` expressions.
    pub order_by: Vec<&'static str>,
    /// PostgreSQL primary key columns.
    pub primary_key: Vec<&'static str>,
    /// PostgreSQL indexed columns (one index each).
    pub indexes: Vec<&'static str>,
    pub delivery: Delivery,
}

/// Builds an [`ExportSpec`] for model `M` with target types of family `F`.
pub struct Builder<M, F> {
    spec: ExportSpec,
    _p: PhantomData<fn() -> (M, F)>,
}

impl ExportSpec {
    /// A ClickHouse table `database.table` (engine `MergeTree`).
    pub fn clickhouse<M: Schema>(
        database: &'static str,
        table: &'static str,
        delivery: Delivery,
    ) -> Builder<M, ClickHouseTypes> {
        Builder::new::<M>(Target::ClickHouse, Some(database), table, delivery)
    }

    /// A PostgreSQL table `<pg_schema>.table`.
    pub fn postgres<M: Schema>(table: &'static str, delivery: Delivery) -> Builder<M, PostgresTypes> {
        Builder::new::<M>(Target::Postgres, None, table, delivery)
    }

    /// The contract covers every model column, in the model's order, and its keys name
    /// columns of the table.
    pub fn validate(&self) -> Result<(), String> {
        let model: Vec<&str> = self.model_columns.iter().map(|c| c.name).collect();
        let target: Vec<&str> = self.columns.iter().map(|c| c.name).collect();
        if model != target {
            return Err(format!(
                "export {}: target columns {target:?} are not the model's columns {model:?} (same names, same order)",
                self.model
            ));
        }
        let mut keys: Vec<&str> = self.primary_key.iter().chain(&self.indexes).copied().collect();
        if let Delivery::PartitionDelete { column } = self.delivery {
            keys.push(column);
        }
        for k in keys {
            if !target.contains(&k) {
                return Err(format!("export {}: key column `{k}` is not a column of the table", self.model));
            }
        }
        match (self.target, self.delivery) {
            (Target::ClickHouse, Delivery::PartitionDelete { .. })
            | (Target::Postgres, Delivery::SnapshotPartition) => {
                Err(format!("export {}: delivery {:?} is not available for {}", self.model, self.delivery, self.target))
            }
            (Target::Postgres, Delivery::PartitionReplace) => {
                Err(format!("export {}: use PartitionDelete for a PostgreSQL partition", self.model))
            }
            (Target::ClickHouse, Delivery::SnapshotPartition | Delivery::PartitionReplace)
                if self.partition_by.is_none() =>
            {
                Err(format!("export {}: a partition delivery needs PARTITION BY", self.model))
            }
            _ => Ok(()),
        }
    }

    /// `CREATE TABLE IF NOT EXISTS database.table (…) ENGINE = MergeTree …` for this contract
    /// (the staging table uses the same text with another name: same structure, partition key
    /// and order, R-exp_clickhouse__booking-3).
    pub fn clickhouse_ddl(&self, database: &str, table: &str) -> String {
        let cols: Vec<String> =
            self.columns.iter().map(|c| format!("    {} {}", c.name, c.type_sql(Target::ClickHouse))).collect();
        let mut out =
            format!("CREATE TABLE IF NOT EXISTS {database}.{table}\n(\n{}\n)\nENGINE = MergeTree", cols.join(",\n"));
        if let Some(p) = self.partition_by {
            out.push_str(&format!("\nPARTITION BY {p}"));
        }
        let order = if self.order_by.len() == 1 {
            self.order_by[0].to_string()
        } else {
            format!("({})", self.order_by.join(", "))
        };
        out.push_str(&format!("\nORDER BY {order}"));
        out
    }

    /// `CREATE TABLE IF NOT EXISTS "schema"."table" (…)` plus one `CREATE INDEX IF NOT
    /// EXISTS` per index, for this contract.
    pub fn postgres_ddl(&self, schema: &str) -> Vec<String> {
        let mut cols: Vec<String> = self
            .columns
            .iter()
            .map(|c| format!("    {} {} {}", ident(c.name), c.ty.sql(), if c.nullable { "NULL" } else { "NOT NULL" }))
            .collect();
        if !self.primary_key.is_empty() {
            let pk: Vec<String> = self.primary_key.iter().map(|k| ident(k)).collect();
            cols.push(format!("    PRIMARY KEY ({})", pk.join(", ")));
        }
        let table = format!("{}.{}", ident(schema), ident(self.table));
        let mut out = vec![format!("CREATE TABLE IF NOT EXISTS {table}\n(\n{}\n)", cols.join(",\n"))];
        for i in &self.indexes {
            out.push(format!(
                "CREATE INDEX IF NOT EXISTS {} ON {table} ({})",
                ident(&format!("{}_{}_idx", self.table, i)),
                ident(i)
            ));
        }
        out
    }
}

/// A quoted PostgreSQL identifier.
pub fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

impl<M: Schema, F> Builder<M, F> {
    fn new<N: Schema>(target: Target, database: Option<&'static str>, table: &'static str, delivery: Delivery) -> Self {
        Builder {
            spec: ExportSpec {
                model: N::NAME,
                model_columns: N::columns(),
                target,
                database,
                table,
                columns: Vec::new(),
                partition_by: None,
                order_by: Vec::new(),
                primary_key: Vec::new(),
                indexes: Vec::new(),
                delivery,
            },
            _p: PhantomData,
        }
    }

    /// The next target column: model column `c` stored as target type `ty`.
    pub fn column<T, C>(mut self, c: Col<M, T>, _ty: C) -> Self
    where
        T: pipeline::ColumnType,
        C: TargetTy<Family = F> + Holds<T>,
    {
        self.spec.columns.push(TargetColumn {
            name: c.name(),
            ty: C::TYPE,
            nullable: C::NULLABLE,
            model_nullable: T::NULLABLE,
        });
        self
    }

    pub fn build(self) -> ExportSpec {
        self.spec
    }
}

impl<M: Schema> Builder<M, ClickHouseTypes> {
    /// `PARTITION BY expr`.
    pub fn partition_by(mut self, expr: &'static str) -> Self {
        self.spec.partition_by = Some(expr);
        self
    }

    /// `ORDER BY (exprs…)`.
    pub fn order_by(mut self, exprs: &[&'static str]) -> Self {
        self.spec.order_by = exprs.to_vec();
        self
    }
}

impl<M: Schema> Builder<M, PostgresTypes> {
    /// `PRIMARY KEY (columns…)`.
    pub fn primary_key(mut self, columns: &[&'static str]) -> Self {
        self.spec.primary_key = columns.to_vec();
        self
    }

    /// An index on `column`.
    pub fn index(mut self, column: &'static str) -> Self {
        self.spec.indexes.push(column);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A model with one column of each convertible kind.
    #[derive(Schema, Debug, Clone, Default, PartialEq)]
    #[schema(model = "exp_demo__all", layer = "export", grain = "id")]
    struct Demo {
        /// id
        id: String,
        /// a day
        day: NaiveDate,
        /// a count
        n: Option<i64>,
        /// money
        amount: Option<Dec2>,
        /// an instant
        at: TsUtc,
    }

    fn ch_spec() -> ExportSpec {
        ExportSpec::clickhouse::<Demo>("intermediate", "demo", Delivery::SnapshotPartition)
            .column(Demo::id, ch::String)
            .column(Demo::day, ch::DateString)
            .column(Demo::n, ch::UInt64)
            .column(Demo::amount, ch::Nullable(ch::Float64))
            .column(Demo::at, ch::Nullable(ch::DateTime))
            .partition_by("day")
            .order_by(&["id", "day"])
            .build()
    }

    /// E-6, E-7: the DDL is rendered from the contract (types, nullability, keys).
    #[test]
    fn e_6_e_7_ddl_rendered_from_the_contract() {
        let spec = ch_spec();
        spec.validate().unwrap();
        assert_eq!(
            spec.clickhouse_ddl("intermediate", "demo"),
            "CREATE TABLE IF NOT EXISTS intermediate.demo\n(\n    id String,\n    day String,\n    n UInt64,\n    amount Nullable(Float64),\n    at Nullable(DateTime)\n)\nENGINE = MergeTree\nPARTITION BY day\nORDER BY (id, day)"
        );
    }

    /// A backend table (E-8, E-9 contract).
    #[derive(Schema, Debug, Clone, Default, PartialEq)]
    #[schema(model = "exp_demo__pg", layer = "export", grain = "day, id")]
    struct DemoPg {
        /// day
        day: NaiveDate,
        /// id
        id: String,
        /// a count
        n: i64,
        /// a small count
        small: Option<i64>,
    }

    /// E-7, E-9: PostgreSQL DDL with primary key and index; a key outside the table is refused.
    #[test]
    fn e_7_e_9_postgres_ddl_and_validation() {
        let spec = ExportSpec::postgres::<DemoPg>("demo", Delivery::PartitionDelete { column: "day" })
            .column(DemoPg::day, pg::Date)
            .column(DemoPg::id, pg::Text)
            .column(DemoPg::n, pg::BigInt)
            .column(DemoPg::small, pg::Nullable(pg::Integer))
            .primary_key(&["day", "id"])
            .index("day")
            .build();
        spec.validate().unwrap();
        assert_eq!(
            spec.postgres_ddl("data_export"),
            [
                "CREATE TABLE IF NOT EXISTS \"data_export\".\"demo\"\n(\n    \"day\" date NOT NULL,\n    \"id\" text NOT NULL,\n    \"n\" bigint NOT NULL,\n    \"small\" integer NULL,\n    PRIMARY KEY (\"day\", \"id\")\n)",
                "CREATE INDEX IF NOT EXISTS \"demo_day_idx\" ON \"data_export\".\"demo\" (\"day\")",
            ]
        );
        let mut missing = spec.clone();
        missing.columns.pop();
        assert!(missing.validate().unwrap_err().contains("not the model's columns"));
        let mut bad_key = spec;
        bad_key.primary_key = vec!["nope"];
        assert!(bad_key.validate().unwrap_err().contains("`nope`"));
    }
}
