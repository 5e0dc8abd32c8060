//! Progress display for long runs: a bar on stderr, one line per finished model, and the
//! final summary table. Purely cosmetic; it never changes what runs.

use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressStyle};

use pipeline::datatest::{TestResult, TestStatus};

use crate::runner::{RunResults, Status};

pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    running: Mutex<Vec<&'static str>>,
}

impl Progress {
    pub(crate) fn new(total: u64, enabled: bool) -> Self {
        let bar = enabled.then(|| {
            let b = ProgressBar::new(total);
            b.set_style(
                ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:30} {pos}/{len} {wide_msg}")
                    .expect("valid template"),
            );
            b
        });
        Progress { bar, running: Mutex::new(Vec::new()) }
    }

    fn refresh(&self) {
        if let Some(b) = &self.bar {
            let r = self.running.lock().expect("progress lock");
            b.set_message(format!("running: {}", r.join(", ")));
        }
    }

    pub(crate) fn start(&self, model: &'static str) {
        self.running.lock().expect("progress lock").push(model);
        self.refresh();
    }

    pub(crate) fn finish(&self, model: &'static str, ok: bool, rows: Option<usize>, seconds: f64) {
        self.running.lock().expect("progress lock").retain(|m| *m != model);
        if let Some(b) = &self.bar {
            let rows = rows.map(|r| format!("{r} rows")).unwrap_or_else(|| "view".into());
            let line = format!("{} {model:<45} {rows:>12} {seconds:>8.3}s", if ok { "ok  " } else { "FAIL" });
            // Without a terminal (CI logs, pipes) the bar is hidden and so is `println`: keep the
            // per-model lines anyway.
            if b.is_hidden() {
                eprintln!("{line}");
            } else {
                b.println(line);
            }
            b.inc(1);
        }
        self.refresh();
    }

    pub(crate) fn done(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Prints the end-of-run summary table on stderr.
pub fn summary(r: &RunResults) {
    let ok = r.results.iter().filter(|m| m.status == Status::Success).count();
    let err = r.results.iter().filter(|m| m.status == Status::Error).count();
    let skipped = r.results.iter().filter(|m| m.status == Status::Skipped).count();
    eprintln!();
    eprintln!("{:<45} {:>8} {:>12} {:>9}", "model", "status", "rows", "seconds");
    for m in &r.results {
        let status = match m.status {
            Status::Success => "ok",
            Status::Error => "ERROR",
            Status::Skipped => "skipped",
        };
        let rows = m.rows.map(|r| r.to_string()).unwrap_or_else(|| "-".into());
        eprintln!("{:<45} {:>8} {:>12} {:>9.3}", m.model, status, rows, m.duration_s);
    }
    eprintln!("\nds {} — {} ok, {} failed, {} skipped in {:.2}s", r.ds, ok, err, skipped, r.elapsed_s);
    let tests: Vec<&TestResult> = r.results.iter().flat_map(|m| &m.tests).collect();
    let count = |s: TestStatus| tests.iter().filter(|t| t.status == s).count();
    eprintln!(
        "data tests — {} passed, {} warned, {} failed, {} skipped",
        count(TestStatus::Pass),
        count(TestStatus::Warn),
        count(TestStatus::Fail) + count(TestStatus::Error),
        count(TestStatus::Skipped)
    );
    for t in tests.iter().filter(|t| t.status == TestStatus::Warn) {
        eprintln!("warn: model {}: data test `{}`: {}", t.model, t.test, t.message);
    }
}
