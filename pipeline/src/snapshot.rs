//! Readable, diff-friendly text tables for insta snapshots: a dtype header line, then
//! one CSV line per row sorted by the given columns. One changed cell is one changed line;
//! dtype drift shows in the header. Never truncates (unlike Polars' `Display`).

use polars::prelude::*;

fn cell(v: &AnyValue<'_>) -> String {
    match v {
        AnyValue::Null => "NULL".into(),
        AnyValue::String(s) => quote(s),
        AnyValue::StringOwned(s) => quote(s),
        AnyValue::Float64(f) => format!("{f:.6}"),
        AnyValue::Float32(f) => format!("{f:.6}"),
        AnyValue::Boolean(b) => b.to_string(),
        AnyValue::Decimal(x, _, s) => {
            let s = *s as u32;
            let p = 10i128.pow(s);
            let sign = if *x < 0 { "-" } else { "" };
            if s == 0 { format!("{x}") } else { format!("{sign}{}.{:0w$}", x.abs() / p, x.abs() % p, w = s as usize) }
        }
        AnyValue::List(s) => format!("[{}]", s.iter().map(|v| cell(&v)).collect::<Vec<_>>().join(";")),
        other => other.to_string(),
    }
}

fn quote(s: &str) -> String {
    if s.is_empty() || s.contains([',', '"', '\n']) || s == "NULL" || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Renders `df` sorted by `sort_by` (NULLs first), every row and column.
pub fn render(df: &DataFrame, sort_by: &[&str]) -> String {
    let df = if sort_by.is_empty() {
        df.clone()
    } else {
        df.sort(
            sort_by.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            SortMultipleOptions::default().with_maintain_order(true),
        )
        .expect("sortable")
    };
    let mut out = String::new();
    out.push_str("# ");
    out.push_str(&df.schema().iter().map(|(n, d)| format!("{n}: {d}")).collect::<Vec<_>>().join(", "));
    out.push('\n');
    out.push_str(&df.get_column_names().iter().map(|n| n.as_str()).collect::<Vec<_>>().join(","));
    out.push('\n');
    let cols: Vec<&Column> = df.columns().iter().collect();
    for i in 0..df.height() {
        let line: Vec<String> = cols.iter().map(|c| cell(&c.get(i).expect("in range"))).collect();
        out.push_str(&line.join(","));
        out.push('\n');
    }
    out
}
