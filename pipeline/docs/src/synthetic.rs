//! A generated project of `models` models with `columns` columns each, to measure the site
//! and the lineage graph at scale. Deterministic: model `i` reads up to three earlier models
//! (a layered DAG: sources, then raw, intermediate and mart layers), and each column is a
//! pass-through or a computation over one to three upstream columns.

use crate::lineage::Derivation;
use crate::project::{Column, LastRun, Model, Project, Test, group_of};

/// Small deterministic generator (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

const GROUPS: [&str; 8] = ["applicative", "finance", "geo", "tracking", "partner", "catalog", "user", "metric"];

pub fn project(models: usize, columns: usize) -> Project {
    let mut rng = Rng(0x9E3779B97F4A7C15);
    let n_sources = (models / 50).max(1);
    let mut out: Vec<Model> = Vec::with_capacity(models + n_sources);
    let col = |i: usize| format!("col_{i:02}");
    for s in 0..n_sources {
        let name = format!("{}.table_{s}", GROUPS[s % GROUPS.len()]);
        out.push(Model {
            group: group_of(&name),
            source: Some(name.replace('.', "/")),
            name,
            layer: "source".into(),
            materialized: "source".into(),
            doc: format!("Synthetic source extract number {s}."),
            grain: vec![],
            partition_by: None,
            inputs: vec![],
            consumers: vec![],
            columns: (0..columns)
                .map(|c| Column {
                    name: col(c),
                    dtype: "String".into(),
                    logical: "str".into(),
                    nullable: true,
                    doc: format!("source column {c}"),
                    from: None,
                    reads: vec![],
                    derivation: Derivation::Source,
                })
                .collect(),
            tests: vec![],
            rules: vec![],
            last_run: None,
        });
    }
    let raw = n_sources;
    let int_end = models * 7 / 10;
    for i in 0..models {
        let g = GROUPS[i % GROUPS.len()];
        let (layer, name, inputs): (&str, String, Vec<usize>) = if i < raw {
            ("raw", format!("raw_{g}__m{i:05}"), vec![i])
        } else {
            let (layer, prefix, lo) =
                if i < int_end { ("intermediate", "int", 0) } else { ("mart", "mrt", n_sources + int_end / 2) };
            let k = 1 + rng.below(3);
            let hi = n_sources + i; // models before this one
            let mut ins: Vec<usize> = (0..k)
                .map(|_| {
                    n_sources + lo.saturating_sub(n_sources) + rng.below(hi - n_sources - lo.saturating_sub(n_sources))
                })
                .collect();
            ins.sort();
            ins.dedup();
            (layer, format!("{prefix}_{g}__m{i:05}"), ins)
        };
        let inputs: Vec<String> = inputs.into_iter().map(|j| out[j].name.clone()).collect();
        let cols = (0..columns)
            .map(|c| {
                let first = &inputs[0];
                let (reads, derivation, from) = if layer == "raw" {
                    (vec![format!("{first}.{}", col(c))], Derivation::Source, None)
                } else if rng.below(3) > 0 {
                    let r = format!("{first}.{}", col(c));
                    (vec![r.clone()], Derivation::Pass, Some(r))
                } else {
                    let n = 1 + rng.below(3);
                    let mut rs: Vec<String> = (0..n)
                        .map(|_| format!("{}.{}", inputs[rng.below(inputs.len())], col(rng.below(columns))))
                        .collect();
                    rs.sort();
                    rs.dedup();
                    (rs, Derivation::Expr, None)
                };
                Column {
                    name: col(c),
                    dtype: if c % 3 == 0 { "Int64".into() } else { "String".into() },
                    logical: if c % 3 == 0 { "int".into() } else { "str".into() },
                    nullable: c != 0,
                    doc: format!("synthetic column {c} of model {i}: amount, label or date"),
                    from,
                    reads,
                    derivation,
                }
            })
            .collect();
        let tests = vec![
            Test {
                name: format!("not_null({})", col(0)),
                column: Some(col(0)),
                severity: "error".into(),
                cite: None,
                status: Some("pass".into()),
                failures: Some(0),
                message: Some("pass".into()),
            },
            Test {
                name: format!("unique({})", col(0)),
                column: None,
                severity: "error".into(),
                cite: Some(format!("R-{name}-1")),
                status: Some("pass".into()),
                failures: Some(0),
                message: Some("pass".into()),
            },
        ];
        out.push(Model {
            group: group_of(&name),
            rules: vec![format!("R-{name}-1")],
            name,
            layer: layer.into(),
            materialized: if layer == "raw" { "view".into() } else { "table".into() },
            doc: format!("Synthetic {layer} model {i} of group {g}."),
            grain: vec![col(0)],
            partition_by: None,
            source: None,
            inputs,
            consumers: vec![],
            columns: cols,
            tests,
            last_run: Some(LastRun {
                status: "success".into(),
                rows: Some(1000 + i as u64),
                seconds: 0.01,
                message: None,
            }),
        });
    }
    // Consumers.
    let index: std::collections::HashMap<String, usize> =
        out.iter().enumerate().map(|(i, m)| (m.name.clone(), i)).collect();
    let edges: Vec<(usize, String)> =
        out.iter().flat_map(|m| m.inputs.iter().map(|i| (index[i], m.name.clone())).collect::<Vec<_>>()).collect();
    for (i, c) in edges {
        out[i].consumers.push(c);
    }
    Project {
        name: format!("synthetic ({models} models)"),
        generated_at: chrono::Utc::now().to_rfc3339(),
        models: out,
        run: None,
    }
}
