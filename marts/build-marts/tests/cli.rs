//! The `build-marts` binary as a user runs it: flags in any position, one-line user errors
//! with documented exit codes and no backtrace, and outputs that ignore the system clock.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_build-marts"));
    // A user error must stay one clear line even when backtraces are asked for.
    c.env("RUST_BACKTRACE", "1").env_remove("BUILD_MARTS_DS").env_remove("BUILD_MARTS_SOURCES");
    c
}

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn global_flags_mean_the_same_before_and_after_the_subcommand() {
    // An invalid --as-of for the given --ds is rejected whichever side of `check` it is on,
    // which proves both flags reach the command.
    for args in [
        vec!["--ds", "2026-11-27", "--as-of", "2026-11-28T01:00:00", "check"],
        vec!["check", "--ds", "2026-11-27", "--as-of", "2026-11-28T01:00:00"],
    ] {
        let o = bin().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("as_of 2026-11-28 01:00:00 is not within ds 2026-11-27"), "{}", stderr(&o));
    }
    for args in [vec!["--ds", "2026-11-27", "check", "-q"], vec!["check", "--ds", "2026-11-27", "-q"]] {
        let o = bin().args(&args).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}

#[test]
fn an_unknown_model_is_one_line_exit_2_and_no_backtrace() {
    let o = bin().args(["check", "--select", "mrt_global__nope"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert_eq!(err.trim_end(), "error: unknown model in selector `mrt_global__nope`");
    assert!(!err.contains("backtrace") && !err.contains("panicked"), "{err}");
}

#[test]
fn a_bad_flag_is_a_usage_error() {
    let o = bin().args(["--no-such-flag"]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--no-such-flag"), "{}", stderr(&o));
}

#[test]
fn a_bad_source_fails_with_exit_1_naming_the_file() {
    let src = tempfile::tempdir().unwrap();
    copy_dir(&fixtures(), src.path());
    std::fs::remove_file(src.path().join("applicative/stock.csv")).unwrap();
    let wh = tempfile::tempdir().unwrap();
    let o = bin()
        .args(["--ds", "2026-11-27", "-q", "--sources"])
        .arg(src.path())
        .arg("--warehouse")
        .arg(wh.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("stock.{parquet,csv}") && err.contains("nothing was published"), "{err}");
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_dir(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

fn tables(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
        .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

/// I-20: changing the system clock does not change any output. The binary runs twice with
/// the same `--ds` under two system clocks years apart (libfaketime, installed by
/// `.ci/run`); every table must be byte-identical.
#[test]
fn i_20_the_system_clock_does_not_change_any_output() {
    if Command::new("faketime").arg("--version").output().is_err() {
        eprintln!("skipped: `faketime` is not installed (apt-get install faketime); .ci/run installs it");
        return;
    }
    let mut outputs = Vec::new();
    for clock in ["2031-07-14 12:00:00", "2019-01-01 23:59:59"] {
        let wh = tempfile::tempdir().unwrap();
        let o = Command::new("faketime")
            .arg(clock)
            .arg(env!("CARGO_BIN_EXE_build-marts"))
            .args(["--ds", "2026-11-27", "-q", "--sources"])
            .arg(fixtures())
            .arg("--warehouse")
            .arg(wh.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
        // The fake clock really is in force for the process.
        let date = Command::new("faketime").args([clock, "date", "+%Y"]).output().unwrap();
        assert_eq!(String::from_utf8_lossy(&date.stdout).trim(), &clock[..4]);
        outputs.push(tables(wh.path()));
    }
    assert!(outputs[0].len() > 20, "the run wrote its tables");
    assert_eq!(outputs[0], outputs[1]);
}
