//! PostgreSQL delivery (E-8, E-9): in **one transaction**, create the schema and table if
//! absent (DDL from the contract), check the existing columns (E-7), `DELETE` the rows being
//! replaced (every row, or those of the delivered `execution_date`; never `TRUNCATE`, which
//! blocks readers and is not MVCC-safe), bulk-load with `COPY … (FORMAT binary)` encoded
//! column by column from the Polars table, check the count (E-3), commit. Readers at READ
//! COMMITTED see the previous rows until the commit, then the new ones; a failure anywhere
//! rolls everything back.

use std::io::Write;
use std::str::FromStr;
use std::time::Duration;

use polars::prelude::*;
use postgres::{Client, NoTls};

use pipeline_export_contract::{Delivery, ExportSpec, TargetType, ident};

use crate::{Error, Progress, Result};

/// Days from 1970-01-01 (Polars) to 2000-01-01 (PostgreSQL's epoch).
const PG_EPOCH_DAYS: i32 = 10_957;
/// Rows encoded per write into the COPY stream.
const BATCH_ROWS: usize = 65_536;

/// Connection settings (a libpq-style URL; the password never shown) and the target schema.
#[derive(Clone)]
pub struct Config {
    config: postgres::Config,
    pub schema: String,
}

impl std::fmt::Debug for Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "postgres::Config {{ hosts: {:?}, schema: {:?}, password: *** }}",
            self.config.get_hosts(),
            self.schema
        )
    }
}

impl Config {
    pub fn parse(url: &str, schema: &str) -> Result<Config> {
        let mut config = postgres::Config::from_str(url).map_err(|_| {
            Error(
                "--postgres-url: not a valid postgres:// URL (the URL is not repeated: it may hold a password)".into(),
            )
        })?;
        config.connect_timeout(Duration::from_secs(10));
        config.application_name("build-marts export");
        Ok(Config { config, schema: schema.to_string() })
    }

    pub(crate) fn password(&self) -> Option<String> {
        self.config.get_password().map(|p| String::from_utf8_lossy(p).into_owned())
    }

    pub fn connect(&self) -> Result<Client> {
        self.config.connect(NoTls).map_err(|e| Error(format!("PostgreSQL: cannot connect: {e}")))
    }
}

fn pg(e: postgres::Error) -> Error {
    Error(format!("PostgreSQL: {e}"))
}

/// Delivers `df` to `<schema>.<table>` in one transaction.
pub fn deliver(cfg: &Config, spec: &ExportSpec, df: &DataFrame, progress: Progress<'_>) -> Result<Option<String>> {
    let rows = df.height();
    // E-9 / E-4: a partition delivery with zero rows replaces nothing.
    let partition_value = match spec.delivery {
        Delivery::PartitionDelete { column } => {
            if rows == 0 {
                return Ok(Some("0 rows: no partition replaced (E-4)".into()));
            }
            let s = df
                .column(column)
                .map_err(|e| Error(e.to_string()))?
                .as_materialized_series()
                .date()
                .map_err(|e| Error(format!("partition column {column}: {e}")))?
                .physical()
                .clone();
            let (min, max) = (s.min(), s.max());
            if min != max {
                return Err(Error(format!("E-9: {column} holds several values; one delivery replaces one partition")));
            }
            Some((column, min.expect("non-empty, not null (E-5)")))
        }
        Delivery::FullReplace => None,
        other => return Err(Error(format!("{other:?} is not a PostgreSQL delivery"))),
    };
    let mut client = cfg.connect()?;
    let mut tx = client.transaction().map_err(pg)?;
    tx.batch_execute("SET LOCAL lock_timeout = '60s'").map_err(pg)?;
    let schema = &cfg.schema;
    let table = format!("{}.{}", ident(schema), ident(spec.table));
    tx.batch_execute(&format!("CREATE SCHEMA IF NOT EXISTS {}", ident(schema))).map_err(pg)?;
    for ddl in spec.postgres_ddl(schema) {
        tx.batch_execute(&ddl).map_err(pg)?;
    }
    // E-7: the table's columns (name, type, nullability, order) are the contract's.
    let existing: Vec<(String, String, bool)> = tx
        .query(
            "SELECT column_name::text, data_type::text, is_nullable = 'YES' FROM information_schema.columns \
             WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position",
            &[schema, &spec.table],
        )
        .map_err(pg)?
        .into_iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    let expected: Vec<(String, String, bool)> =
        spec.columns.iter().map(|c| (c.name.to_string(), c.ty.sql().to_string(), c.nullable)).collect();
    if existing != expected {
        let show = |v: &[(String, String, bool)]| {
            v.iter()
                .map(|(n, t, null)| format!("{n} {t}{}", if *null { "" } else { " not null" }))
                .collect::<Vec<_>>()
                .join(", ")
        };
        return Err(Error(format!(
            "E-7: {schema}.{} exists with columns {} but the contract is {}; no automatic migration (target unchanged)",
            spec.table,
            show(&existing),
            show(&expected)
        )));
    }
    // E-8 / E-9: DELETE, never TRUNCATE.
    let day = partition_value.map(|(c, d)| (c, pipeline::schema::EPOCH + chrono::Duration::days(d as i64)));
    match &day {
        None => tx.execute(&format!("DELETE FROM {table}"), &[]).map_err(pg)?,
        Some((c, d)) => tx.execute(&format!("DELETE FROM {table} WHERE {} = DATE '{d}'", ident(c)), &[]).map_err(pg)?,
    };
    let cols: Vec<String> = spec.columns.iter().map(|c| ident(c.name)).collect();
    let mut w = tx.copy_in(&format!("COPY {table} ({}) FROM STDIN (FORMAT binary)", cols.join(", "))).map_err(pg)?;
    let mut buf = Vec::with_capacity(1 << 20);
    buf.extend_from_slice(b"PGCOPY\n\xff\r\n\0");
    buf.extend_from_slice(&0i32.to_be_bytes());
    buf.extend_from_slice(&0i32.to_be_bytes());
    let mut sent = 0;
    while sent < rows {
        let len = BATCH_ROWS.min(rows - sent);
        encode_rows(&mut buf, spec, &df.slice(sent as i64, len)).map_err(|e| Error(format!("encoding: {e}")))?;
        w.write_all(&buf).map_err(|e| Error(format!("PostgreSQL: COPY interrupted: {e}")))?;
        buf.clear();
        sent += len;
        progress(sent);
    }
    buf.extend_from_slice(&(-1i16).to_be_bytes());
    w.write_all(&buf).map_err(|e| Error(format!("PostgreSQL: COPY interrupted: {e}")))?;
    let copied = w.finish().map_err(pg)? as usize;
    // E-3: the loaded count equals the model's.
    let n: i64 = match &day {
        None => tx.query_one(&format!("SELECT count(*) FROM {table}"), &[]).map_err(pg)?.get(0),
        Some((c, d)) => tx
            .query_one(&format!("SELECT count(*) FROM {table} WHERE {} = DATE '{d}'", ident(c)), &[])
            .map_err(pg)?
            .get(0),
    };
    if copied != rows || n as usize != rows {
        return Err(Error(format!("E-3: {} rows loaded ({copied} copied), the model has {rows}; rolled back", n)));
    }
    tx.commit().map_err(pg)?;
    Ok(None)
}

/// Appends the binary COPY tuples of `part`.
fn encode_rows(buf: &mut Vec<u8>, spec: &ExportSpec, part: &DataFrame) -> PolarsResult<()> {
    enum Col<'a> {
        Text(&'a StringChunked),
        I64(Int64Chunked, bool),
        Date(Int32Chunked),
    }
    let mut cols = Vec::with_capacity(spec.columns.len());
    let series: Vec<Series> = spec
        .columns
        .iter()
        .map(|c| part.column(c.name).map(|s| s.as_materialized_series().rechunk()))
        .collect::<PolarsResult<_>>()?;
    for (c, s) in spec.columns.iter().zip(&series) {
        cols.push(match c.ty {
            TargetType::PgText => Col::Text(s.str()?),
            TargetType::PgBigInt => Col::I64(s.cast(&DataType::Int64)?.i64()?.clone(), false),
            TargetType::PgInteger => Col::I64(s.cast(&DataType::Int64)?.i64()?.clone(), true),
            TargetType::PgDate => Col::Date(s.date()?.physical().clone()),
            other => polars_bail!(ComputeError: "{other:?} is not a PostgreSQL type"),
        });
    }
    let iters_len = part.height();
    let ncols = cols.len() as i16;
    // Column-major values gathered once per batch, written row by row.
    let text: Vec<Option<Vec<Option<&str>>>> =
        cols.iter().map(|c| if let Col::Text(s) = c { Some(s.iter().collect()) } else { None }).collect();
    let ints: Vec<Option<Vec<Option<i64>>>> =
        cols.iter().map(|c| if let Col::I64(s, _) = c { Some(s.iter().collect()) } else { None }).collect();
    let dates: Vec<Option<Vec<Option<i32>>>> =
        cols.iter().map(|c| if let Col::Date(s) = c { Some(s.iter().collect()) } else { None }).collect();
    for row in 0..iters_len {
        buf.extend_from_slice(&ncols.to_be_bytes());
        for (i, c) in cols.iter().enumerate() {
            match c {
                Col::Text(_) => match text[i].as_ref().expect("text")[row] {
                    Some(v) => {
                        buf.extend_from_slice(&(v.len() as i32).to_be_bytes());
                        buf.extend_from_slice(v.as_bytes());
                    }
                    None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
                },
                Col::I64(_, int4) => match ints[i].as_ref().expect("ints")[row] {
                    Some(v) if *int4 => {
                        buf.extend_from_slice(&4i32.to_be_bytes());
                        buf.extend_from_slice(&(v as i32).to_be_bytes());
                    }
                    Some(v) => {
                        buf.extend_from_slice(&8i32.to_be_bytes());
                        buf.extend_from_slice(&v.to_be_bytes());
                    }
                    None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
                },
                Col::Date(_) => match dates[i].as_ref().expect("dates")[row] {
                    Some(d) => {
                        buf.extend_from_slice(&4i32.to_be_bytes());
                        buf.extend_from_slice(&(d - PG_EPOCH_DAYS).to_be_bytes());
                    }
                    None => buf.extend_from_slice(&(-1i32).to_be_bytes()),
                },
            }
        }
    }
    Ok(())
}
