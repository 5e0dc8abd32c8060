//! Column-level lineage, derived from the code (never written by hand).
//!
//! **How.** Each model is planned once over empty inputs (as `build-marts check` does) inside
//! [`pipeline::frame::lineage::capture`]. During that planning pass every generated
//! `Out::project` / `Out::aggregate` (and every model-local helper relation built the same
//! way) records, per output column, the physical column names its Polars expression reads
//! (the `Expr::Column` leaves of the expression tree) and the type of the frame it reads from.
//! A physical name is either `column` (a column of the frame's base relation, found from the
//! frame type `Join<Join<Base, …>, …>`) or `Relation.column` (the right side of a typed
//! join). Names of model-local helpers are expanded recursively to what their own columns
//! read, so every reference ends at an input model's column.
//!
//! * pass-through columns (`from`) read exactly their declared upstream column;
//! * computed columns read every column their expression mentions (filters and join keys
//!   elsewhere in the model are not counted: they decide rows, not values);
//! * raw models read their source file's column of the same name; a raw model's derived
//!   columns (computed by the source's `derive` function over a plain `LazyFrame`) are
//!   resolved by walking the `Select`/`HStack` nodes of that function's plan;
//! * a name that is neither an input's column nor a helper relation's (a helper column a
//!   model adds with plain `LazyFrame::with_columns` before joining) is looked up among the
//!   `Select`/`HStack`/`GroupBy` definitions of the model's whole plan and resolved through
//!   what its expression reads;
//! * a column no projection recorded (a model that builds its output without `project`)
//!   falls back to the input columns of the same name, marked [`Derivation::Approx`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pipeline::frame::lineage::{Captured, Projected, capture, roots};
use pipeline::node::{Inputs, NodeKind};
use pipeline::source::{empty_frame, finish_raw};
use pipeline::{Node, RunContext};
use pipeline_runtime::dag::Dag;
use polars::prelude::{DslPlan, Expr, IntoLazy, LazyFrame};
use serde::{Deserialize, Serialize};

/// How a column's upstream columns were found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// Declared pass-through (`from`), confirmed by the planned expression.
    Pass,
    /// The column leaves of a computed expression.
    Expr,
    /// Read from a source file (raw models) or a column of a source.
    Source,
    /// No projection recorded: input columns of the same name (an over-approximation).
    Approx,
    /// Nothing known.
    Unknown,
}

#[derive(Debug, Clone)]
pub struct ColumnLineage {
    /// `model.column` references, sorted.
    pub reads: Vec<String>,
    pub derivation: Derivation,
}

/// Lineage of every column of every node, keyed by `(model, column)`.
pub fn derive(dag: &Dag, ctx: &RunContext) -> HashMap<(String, String), ColumnLineage> {
    let mut out = HashMap::new();
    for node in dag.nodes() {
        match &node.kind {
            NodeKind::Source(spec) => {
                let src = format!("{}.{}", spec.dir, spec.table);
                let raw = empty_frame(node.columns, false).lazy();
                let derived = finish_raw(spec, node.columns, raw, ctx);
                let defs = plan_defs(&derived.logical_plan);
                for c in node.columns {
                    let reads: BTreeSet<String> = if c.derived {
                        defs.get(c.name).cloned().unwrap_or_default()
                    } else {
                        [c.name.to_string()].into()
                    };
                    let reads = reads.into_iter().map(|r| format!("{src}.{r}")).collect();
                    out.insert(
                        (node.name.to_string(), c.name.to_string()),
                        ColumnLineage { reads, derivation: Derivation::Source },
                    );
                }
            }
            NodeKind::Model(build) => {
                let frames: HashMap<&'static str, LazyFrame> = node
                    .inputs
                    .iter()
                    .map(|i| (*i, empty_frame(dag.get(i).expect("known input").columns, true).lazy()))
                    .collect();
                let (built, cap) = capture(|| {
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(ctx, &Inputs::new(&frames))))
                });
                let mut helpers = HashMap::new();
                if let Ok(lf) = &built {
                    plan_helpers(&lf.logical_plan, &mut helpers);
                }
                let r = Resolver::new(dag, node, &cap, helpers);
                for c in node.columns {
                    let own: Vec<&Projected> =
                        cap.projections.iter().filter(|p| p.relation == node.name && p.column == c.name).collect();
                    let (reads, derivation) = if own.is_empty() {
                        (r.same_name(c.name), Derivation::Approx)
                    } else {
                        let mut set = BTreeSet::new();
                        for p in own {
                            for phys in &p.reads {
                                set.extend(r.resolve(phys, p.frame_type, 0));
                            }
                        }
                        (set, if c.from.is_some() { Derivation::Pass } else { Derivation::Expr })
                    };
                    out.insert(
                        (node.name.to_string(), c.name.to_string()),
                        ColumnLineage { reads: reads.into_iter().collect(), derivation },
                    );
                }
            }
        }
    }
    out
}

/// Column name → source columns it reads, for the `Select`/`HStack` nodes of a plain plan
/// (raw models' derived columns). Names not defined by the plan read themselves.
fn plan_defs(plan: &DslPlan) -> HashMap<String, BTreeSet<String>> {
    fn through(defs: &HashMap<String, BTreeSet<String>>, e: &Expr) -> BTreeSet<String> {
        roots(e).into_iter().flat_map(|r| defs.get(&r).cloned().unwrap_or_else(|| [r].into())).collect()
    }
    fn name(e: &Expr) -> Option<String> {
        match e {
            Expr::Alias(_, n) | Expr::Column(n) => Some(n.to_string()),
            _ => None,
        }
    }
    match plan {
        DslPlan::HStack { input, exprs, .. } => {
            let mut defs = plan_defs(input);
            let new: Vec<(String, BTreeSet<String>)> =
                exprs.iter().filter_map(|e| Some((name(e)?, through(&defs, e)))).collect();
            defs.extend(new);
            defs
        }
        DslPlan::Select { input, expr, .. } => {
            let defs = plan_defs(input);
            expr.iter().filter_map(|e| Some((name(e)?, through(&defs, e)))).collect()
        }
        DslPlan::Filter { input, .. } | DslPlan::Cache { input, .. } => plan_defs(input),
        _ => HashMap::new(),
    }
}

/// Every column a model's plan defines outside generated projections (`with_columns` /
/// `select` on the plain `LazyFrame`, e.g. a helper column computed before a join), anywhere in
/// the plan tree: name → physical names its expression reads.
fn plan_helpers(plan: &DslPlan, out: &mut HashMap<String, BTreeSet<String>>) {
    let mut define = |exprs: &[Expr]| {
        for e in exprs {
            if let Expr::Alias(_, n) = e {
                out.entry(n.to_string()).or_default().extend(roots(e).into_iter().filter(|r| r != n.as_str()));
            }
        }
    };
    match plan {
        DslPlan::HStack { input, exprs, .. } => {
            define(exprs);
            plan_helpers(input, out);
        }
        DslPlan::Select { input, expr, .. } => {
            define(expr);
            plan_helpers(input, out);
        }
        DslPlan::GroupBy { input, keys, aggs, .. } => {
            define(keys);
            define(aggs);
            plan_helpers(input, out);
        }
        DslPlan::Join { input_left, input_right, .. } => {
            plan_helpers(input_left, out);
            plan_helpers(input_right, out);
        }
        DslPlan::Union { inputs, .. } | DslPlan::HConcat { inputs, .. } => {
            for i in inputs {
                plan_helpers(i, out);
            }
        }
        DslPlan::Filter { input, .. }
        | DslPlan::Cache { input, .. }
        | DslPlan::Sort { input, .. }
        | DslPlan::Slice { input, .. }
        | DslPlan::Distinct { input, .. }
        | DslPlan::MapFunction { input, .. } => plan_helpers(input, out),
        _ => {}
    }
}

/// Resolves physical names read inside one model to `model.column` references.
struct Resolver<'a> {
    dag: &'a Dag,
    node: &'a Node,
    /// type name → relation name (inputs, helpers, the model itself).
    types: HashMap<&'static str, &'static str>,
    /// helper relation → column → recorded projections.
    locals: HashMap<&'static str, BTreeMap<&'a str, Vec<&'a Projected>>>,
    /// Helper columns defined on plain plans inside the model ([`plan_helpers`]).
    helpers: HashMap<String, BTreeSet<String>>,
}

impl<'a> Resolver<'a> {
    fn new(dag: &'a Dag, node: &'a Node, cap: &'a Captured, helpers: HashMap<String, BTreeSet<String>>) -> Self {
        let mut types: HashMap<&'static str, &'static str> = cap.inputs.iter().copied().collect();
        let mut locals: HashMap<&'static str, BTreeMap<&'a str, Vec<&'a Projected>>> = HashMap::new();
        for p in &cap.projections {
            types.insert(p.relation_type, p.relation);
            if p.relation != node.name && !node.inputs.contains(&p.relation) {
                locals.entry(p.relation).or_default().entry(p.column.as_str()).or_default().push(p);
            }
        }
        Resolver { dag, node, types, locals, helpers }
    }

    /// Input columns named `column` (the fallback when nothing was recorded).
    fn same_name(&self, column: &str) -> BTreeSet<String> {
        self.node
            .inputs
            .iter()
            .filter(|i| self.dag.get(i).is_some_and(|n| n.columns.iter().any(|c| c.name == column)))
            .map(|i| format!("{i}.{column}"))
            .collect()
    }

    fn has(&self, model: &str, column: &str) -> bool {
        self.dag.get(model).is_some_and(|n| n.columns.iter().any(|c| c.name == column))
    }

    fn relation(&self, name: &str, column: &str, frame_type: &str, depth: usize) -> BTreeSet<String> {
        if self.node.inputs.contains(&name) && self.has(name, column) {
            return [format!("{name}.{column}")].into();
        }
        if depth > 16 {
            return BTreeSet::new();
        }
        // A helper column computed on the plain plan: what its expression read.
        if !self.locals.get(name).is_some_and(|cols| cols.contains_key(column))
            && let Some(reads) = self.helpers.get(column)
        {
            return reads.iter().flat_map(|r| self.resolve(r, frame_type, depth + 1)).collect();
        }
        if let Some(ps) = self.locals.get(name).and_then(|cols| cols.get(column)) {
            return ps
                .iter()
                .flat_map(|p| p.reads.iter().flat_map(|r| self.resolve(r, p.frame_type, depth + 1)))
                .collect();
        }
        // An alias of an input (self-join) or an unrecorded helper: input columns of that name.
        self.same_name(column)
    }

    fn resolve(&self, physical: &str, frame_type: &str, depth: usize) -> BTreeSet<String> {
        if let Some((rel, column)) = physical.split_once('.') {
            return self.relation(rel, column, frame_type, depth);
        }
        let base = base_type(frame_type);
        match self.types.get(base) {
            Some(rel) => self.relation(rel, physical, frame_type, depth),
            None => self.relation("", physical, frame_type, depth),
        }
    }
}

/// The leftmost relation of a frame type: `pipeline::frame::Join<pipeline::frame::Join<A, B,
/// Left>, C, Inner>` → `A`; an `Alias<M, N>` → `M`.
pub fn base_type(t: &str) -> &str {
    let mut t = t.trim();
    loop {
        if let Some(rest) =
            t.strip_prefix("pipeline::frame::Join<").or_else(|| t.strip_prefix("pipeline::frame::Alias<"))
        {
            t = rest;
            continue;
        }
        break;
    }
    // Up to the first top-level ',' or '>'.
    let mut depth = 0usize;
    for (i, ch) in t.char_indices() {
        match ch {
            '<' => depth += 1,
            '>' if depth == 0 => return &t[..i],
            '>' => depth -= 1,
            ',' if depth == 0 => return &t[..i],
            _ => {}
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_type_unwraps_joins_and_aliases() {
        assert_eq!(
            base_type(
                "pipeline::frame::Join<pipeline::frame::Join<a::A, b::B<x::X>, pipeline::frame::Left>, c::C, pipeline::frame::Inner>"
            ),
            "a::A"
        );
        assert_eq!(base_type("pipeline::frame::Alias<a::A, m::Manager>"), "a::A");
        assert_eq!(base_type("a::A"), "a::A");
    }
}
