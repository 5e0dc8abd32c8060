//! The DAG: registered nodes in a deterministic topological order, and `--select` /
//! `--exclude` resolution. It plans and runs nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use pipeline::node::{Evaluation, NodeKind};
use pipeline::source::Formats;
use pipeline::{Error, Node, Result};

/// Every node of the project, in a deterministic topological order.
pub struct Dag {
    nodes: Vec<Node>,
    index: HashMap<&'static str, usize>,
}

/// Whether `node`'s output comes by date: a partitioned table or a date-partitioned source.
pub fn is_date_partitioned(node: &Node) -> bool {
    crate::incremental::is_partitioned(node)
        || matches!(&node.kind, NodeKind::Source(spec) if spec.formats == Formats::DatePartitions)
}

impl Dag {
    /// Builds the DAG from the concatenated registries; rejects duplicate names, unknown
    /// inputs and cycles.
    pub fn new(nodes: Vec<Node>) -> Result<Self> {
        let mut by_name: BTreeMap<&'static str, Node> = BTreeMap::new();
        let mut registry_order: Vec<&'static str> = Vec::new();
        for n in nodes {
            if by_name.contains_key(n.name) {
                return Err(Error::Plan { model: n.name.to_string(), message: "registered twice".into() });
            }
            registry_order.push(n.name);
            by_name.insert(n.name, n);
        }
        for n in by_name.values() {
            for i in &n.inputs {
                if !by_name.contains_key(i) {
                    return Err(Error::Plan {
                        model: n.name.to_string(),
                        message: format!("input {i} is not a registered model"),
                    });
                }
            }
            if n.evaluation != Evaluation::Whole {
                let partitioned = n.inputs.iter().filter(|i| by_name.get(*i).is_some_and(is_date_partitioned)).count();
                let fits = match n.evaluation {
                    Evaluation::RowWise => partitioned == 1,
                    _ => partitioned >= 1,
                };
                if !fits || !crate::incremental::is_partitioned(n) {
                    return Err(Error::Plan {
                        model: n.name.to_string(),
                        message: format!(
                            "computed {:?} needs a partitioned table with {} date-partitioned input(s); it has {partitioned}",
                            n.evaluation,
                            if n.evaluation == Evaluation::RowWise { "exactly one" } else { "at least one" }
                        ),
                    });
                }
            }
            for i in &n.all_partitions_of {
                if !by_name.get(i).is_some_and(crate::incremental::is_partitioned) {
                    return Err(Error::Plan {
                        model: n.name.to_string(),
                        message: format!("reads every partition of {i}, which is not a partitioned table"),
                    });
                }
            }
        }
        // Kahn's algorithm; among ready nodes, registry order decides (deterministic).
        let pos: HashMap<&str, usize> = registry_order.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let mut indegree: HashMap<&str, usize> = by_name.values().map(|n| (n.name, n.inputs.len())).collect();
        let mut ready: BTreeSet<(usize, &'static str)> =
            by_name.values().filter(|n| n.inputs.is_empty()).map(|n| (pos[n.name], n.name)).collect();
        let mut order = Vec::new();
        while let Some(first) = ready.iter().next().copied() {
            ready.remove(&first);
            order.push(first.1);
            for n in by_name.values() {
                if n.inputs.contains(&first.1) {
                    let d = indegree.get_mut(n.name).expect("known node");
                    *d -= n.inputs.iter().filter(|i| **i == first.1).count();
                    if *d == 0 {
                        ready.insert((pos[n.name], n.name));
                    }
                }
            }
        }
        if order.len() != by_name.len() {
            let stuck: Vec<&str> = by_name.keys().filter(|k| !order.contains(k)).copied().collect();
            return Err(Error::Cycle(stuck.join(", ")));
        }
        let nodes: Vec<Node> = order.iter().map(|n| by_name.remove(n).expect("node")).collect();
        let index = nodes.iter().enumerate().map(|(i, n)| (n.name, i)).collect();
        Ok(Dag { nodes, index })
    }

    /// Nodes in topological order.
    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn get(&self, name: &str) -> Option<&Node> {
        self.index.get(name).map(|i| &self.nodes[*i])
    }

    /// Direct consumers of `name`.
    pub fn consumers(&self, name: &str) -> Vec<&'static str> {
        self.nodes.iter().filter(|n| n.inputs.contains(&name)).map(|n| n.name).collect()
    }

    fn ancestors(&self, name: &'static str, out: &mut BTreeSet<&'static str>) {
        for i in &self.get(name).expect("known").inputs {
            if out.insert(i) {
                self.ancestors(i, out);
            }
        }
    }

    fn descendants(&self, name: &'static str, out: &mut BTreeSet<&'static str>) {
        for c in self.consumers(name) {
            if out.insert(c) {
                self.descendants(c, out);
            }
        }
    }

    /// Resolves one selector: `model`, `+model` (with ancestors), `model+` (with
    /// descendants), `+model+`.
    fn resolve(&self, selector: &str) -> Result<BTreeSet<&'static str>> {
        let up = selector.starts_with('+');
        let down = selector.ends_with('+') && selector.len() > 1;
        let name = selector.trim_start_matches('+').trim_end_matches('+');
        let node = self.get(name).ok_or_else(|| Error::UnknownSelector(selector.to_string()))?;
        let mut out = BTreeSet::from([node.name]);
        if up {
            self.ancestors(node.name, &mut out);
        }
        if down {
            self.descendants(node.name, &mut out);
        }
        Ok(out)
    }

    /// The models to run, in topological order: every model when `select` is empty,
    /// minus the `exclude` selections.
    pub fn select(&self, select: &[String], exclude: &[String]) -> Result<Vec<&'static str>> {
        let mut chosen: BTreeSet<&'static str> = if select.is_empty() {
            self.nodes.iter().map(|n| n.name).collect()
        } else {
            let mut s = BTreeSet::new();
            for sel in select {
                s.extend(self.resolve(sel)?);
            }
            s
        };
        for ex in exclude {
            for n in self.resolve(ex)? {
                chosen.remove(n);
            }
        }
        Ok(self.nodes.iter().map(|n| n.name).filter(|n| chosen.contains(n)).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pipeline::prelude::*;
    use pipeline::{SourceSpec, model, source};

    /// A raw table.
    #[derive(Schema)]
    #[schema(model = "raw_t__a", layer = "raw", grain = "id", materialized = "view")]
    struct A {
        /// key
        id: String,
    }
    /// B over A.
    #[derive(Schema)]
    #[schema(model = "int_t__b", layer = "intermediate", grain = "id", from = A)]
    struct B {
        /// key
        id: String,
    }
    /// C over B.
    #[derive(Schema)]
    #[schema(model = "mrt_t__c", layer = "mart", grain = "id", from = B)]
    struct C {
        /// key
        id: String,
    }
    /// D over A and B.
    #[derive(Schema)]
    #[schema(model = "mrt_t__d", layer = "mart", grain = "id", from = A)]
    struct D {
        /// key
        id: String,
    }

    fn b(_: &RunContext, a: Frame<A>) -> Frame<B> {
        B::project(a, BComputed {})
    }
    fn c(_: &RunContext, b: Frame<B>) -> Frame<C> {
        C::project(b, CComputed {})
    }
    fn d(_: &RunContext, a: Frame<A>, _b: Frame<B>) -> Frame<D> {
        D::project(a, DComputed {})
    }

    fn dag() -> Dag {
        // Registered out of order on purpose: the DAG sorts topologically.
        Dag::new(vec![model(d), model(c), model(b), source::<A>(SourceSpec::seed("a"))]).unwrap()
    }

    #[test]
    fn inputs_are_read_off_parameter_types_and_order_is_topological() {
        let dag = dag();
        let names: Vec<&str> = dag.nodes().iter().map(|n| n.name).collect();
        assert_eq!(names, ["raw_t__a", "int_t__b", "mrt_t__d", "mrt_t__c"]);
        assert_eq!(dag.get("mrt_t__d").unwrap().inputs, ["raw_t__a", "int_t__b"]);
    }

    #[test]
    fn selectors_with_ancestors_descendants_and_exclude() {
        let dag = dag();
        let s = |sel: &[&str], ex: &[&str]| {
            let sel: Vec<String> = sel.iter().map(|s| s.to_string()).collect();
            let ex: Vec<String> = ex.iter().map(|s| s.to_string()).collect();
            dag.select(&sel, &ex).unwrap()
        };
        assert_eq!(s(&["mrt_t__c"], &[]), ["mrt_t__c"]);
        assert_eq!(s(&["+mrt_t__c"], &[]), ["raw_t__a", "int_t__b", "mrt_t__c"]);
        assert_eq!(s(&["int_t__b+"], &[]), ["int_t__b", "mrt_t__d", "mrt_t__c"]);
        assert_eq!(s(&[], &["int_t__b+"]), ["raw_t__a"]);
        assert!(matches!(
            dag.select(&["nope".to_string()], &[]),
            Err(Error::UnknownSelector(s)) if s == "nope"
        ));
    }

    #[test]
    fn duplicate_and_unknown_inputs_are_rejected() {
        let dup = Dag::new(vec![model(b), model(b), source::<A>(SourceSpec::seed("a"))]);
        assert!(matches!(dup, Err(Error::Plan { model, .. }) if model == "int_t__b"));
        let missing = Dag::new(vec![model(c)]);
        assert!(
            matches!(missing, Err(Error::Plan { model, message }) if model == "mrt_t__c" && message.contains("int_t__b"))
        );
    }

    #[test]
    fn reading_every_partition_of_an_unpartitioned_table_is_rejected() {
        let whole = Dag::new(vec![source::<A>(SourceSpec::seed("a")), model(b).reads_all_partitions_of::<A>()]);
        assert!(
            matches!(whole, Err(Error::Plan { model, message }) if model == "int_t__b" && message.contains("raw_t__a"))
        );
    }

    /// A model whose plan does not match its struct.
    #[derive(Schema)]
    #[schema(model = "int_t__bad", layer = "intermediate", grain = "id", from = A)]
    struct Bad {
        /// key
        id: String,
        /// declared i64, planned as i32
        #[schema(computed)]
        n: i64,
    }

    fn bad(_: &RunContext, a: Frame<A>) -> Frame<Bad> {
        Bad::project(a, BadComputed { n: lit(1i32) })
    }

    #[test]
    fn check_names_model_column_expected_and_found_without_reading_data() {
        let dag = Dag::new(vec![source::<A>(SourceSpec::seed("a")), model(b), model(bad)]).unwrap();
        // The sources directory does not exist: check never opens a file.
        let errors = crate::runner::check(&dag, &pipeline::testing::ctx("2026-11-27"));
        let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(messages, ["model int_t__bad: column n: expected i64 (i64), found i32"]);
    }

    fn panics(_: &RunContext, _a: Frame<A>) -> Frame<C> {
        panic!("boom")
    }

    /// A panicking model fails the run with its name instead of hanging the scheduler, and
    /// nothing is published.
    #[test]
    fn a_panicking_model_fails_the_run_cleanly() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().to_path_buf();
        std::fs::create_dir_all(root.join("sources/seed")).unwrap();
        std::fs::write(root.join("sources/seed/a.csv"), "id\n1\n2\n").unwrap();
        let dag = Dag::new(vec![source::<A>(SourceSpec::seed("a")), model(b), model(panics)]).unwrap();
        let ctx = RunContext::new(pipeline::date("2026-11-27"), root.join("sources"));
        let opts =
            crate::runner::RunOptions { warehouse: root.join("wh"), select: vec![], exclude: vec![], progress: false };
        let err = crate::runner::run(&dag, &ctx, &opts).unwrap_err().to_string();
        assert!(err.contains("model mrt_t__c: panicked: boom"), "{err}");
        assert!(!root.join("wh/int_t__b.parquet").exists(), "a failed run publishes nothing");
    }
}
