//! All-or-nothing publication, tried as an operator would break it: the process killed at
//! many points of a run, IO errors injected at each publication step, a full disk, a
//! read-only warehouse, two runs at once. After each, the warehouse readers see must be
//! exactly the previous generation or exactly the new one, and a rerun must succeed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Two runs that publish different tables: the same sources on two run dates.
const OLD_DS: &str = "2026-11-27";
const NEW_DS: &str = "2026-11-28";

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

fn build_marts(warehouse: &Path, ds: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_build-marts"));
    c.args(["--ds", ds, "-q", "--sources"]).arg(fixtures()).arg("--warehouse").arg(warehouse);
    c.env_remove("PIPELINE_FAULT").env_remove("RUST_BACKTRACE");
    c
}

fn run(warehouse: &Path, ds: &str, fault: Option<&str>) -> Output {
    let mut c = build_marts(warehouse, ds);
    if let Some(f) = fault {
        c.env("PIPELINE_FAULT", f);
    }
    c.output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// What a reader sees: every `<model>.parquet` of the warehouse root, by name, with bytes.
type State = BTreeMap<String, Vec<u8>>;

fn state(warehouse: &Path) -> State {
    let mut out = State::new();
    for e in std::fs::read_dir(warehouse).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|x| x == "parquet") {
            let bytes = std::fs::read(&p).unwrap_or_else(|e| panic!("{} is unreadable: {e}", p.display()));
            out.insert(p.file_name().unwrap().to_string_lossy().into_owned(), bytes);
        }
    }
    out
}

/// The reference states of a published old and new run.
fn references() -> (State, State) {
    let old = tempfile::tempdir().unwrap();
    assert!(run(old.path(), OLD_DS, None).status.success());
    let new = tempfile::tempdir().unwrap();
    assert!(run(new.path(), NEW_DS, None).status.success());
    let (old, new) = (state(old.path()), state(new.path()));
    assert!(old.len() > 20 && old != new, "the two runs publish different tables");
    (old, new)
}

/// A warehouse holding the old run.
fn old_warehouse() -> tempfile::TempDir {
    let wh = tempfile::tempdir().unwrap();
    assert!(run(wh.path(), OLD_DS, None).status.success());
    wh
}

fn assert_one_generation(wh: &Path, old: &State, new: &State, what: &str) -> &'static str {
    let s = state(wh);
    if &s == old {
        "old"
    } else if &s == new {
        "new"
    } else {
        let differing: Vec<&String> =
            s.keys().filter(|k| old.get(*k) != s.get(*k) && new.get(*k) != s.get(*k)).collect();
        panic!("{what}: the warehouse is a mix of generations (tables matching neither: {differing:?})");
    }
}

/// After a successful rerun: the new state, no unfinished generation, no temporary file.
fn assert_clean_after_rerun(wh: &Path, new: &State) {
    let o = run(wh, NEW_DS, None);
    assert!(o.status.success(), "rerun failed: {}", stderr(&o));
    assert_eq!(&state(wh), new);
    let gens: Vec<PathBuf> = std::fs::read_dir(wh.join(".generations")).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(gens.len() <= 2, "old generations are pruned: {gens:?}");
    assert!(gens.iter().all(|g| g.join(".complete").exists()), "no unfinished generation is left: {gens:?}");
    let tmp: Vec<String> = std::fs::read_dir(wh)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".tmp-") || n.starts_with(".staging"))
        .collect();
    assert!(tmp.is_empty(), "leftovers: {tmp:?}");
}

/// 7 deterministic kill points (during the table writes, just before and just after the
/// switch, while pruning) and 16 kills at times spread over a run: 23 kills, each followed
/// by a check that the warehouse is wholly old or wholly new, and a successful rerun.
#[test]
fn killed_at_any_point_the_warehouse_is_old_or_new_and_a_rerun_succeeds() {
    let (old, new) = references();
    let points = ["write-table#1", "write-table#5", "write-table#14", "before-switch", "after-switch", "prune"];
    let mut seen = Vec::new();
    for point in points.iter().chain(["write-table#28"].iter()) {
        let wh = old_warehouse();
        let o = run(wh.path(), NEW_DS, Some(&format!("abort@{point}")));
        assert!(!o.status.success(), "{point}: the run was killed");
        let which = assert_one_generation(wh.path(), &old, &new, point);
        seen.push((point.to_string(), which));
        assert_clean_after_rerun(wh.path(), &new);
    }
    // Before the switch the old generation stays; from the switch on, the new one is in.
    assert_eq!(seen[3].1, "old", "{seen:?}");
    assert_eq!(seen[4].1, "new", "{seen:?}");

    let wh = old_warehouse();
    let t = Instant::now();
    assert!(run(wh.path(), NEW_DS, None).status.success());
    let full = t.elapsed();
    for i in 0..16u32 {
        let wh = old_warehouse();
        let mut child = build_marts(wh.path(), NEW_DS).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        std::thread::sleep(full * i / 15);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        assert_one_generation(wh.path(), &old, &new, &format!("killed after {:?}", full * i / 15));
        assert_clean_after_rerun(wh.path(), &new);
    }
}

/// An IO error at each step: before the switch nothing is published and the message says
/// so; after it the new generation is in and the message says that.
#[test]
fn an_io_error_while_publishing_says_what_readers_see() {
    let (old, new) = references();
    for (point, expect, message) in [
        ("write-table#3", &old, "injected fault at write-table#3"),
        ("before-switch", &old, "nothing was published: the warehouse still holds the previous run's tables"),
        ("after-switch", &new, "the new tables are published; finishing the publication failed"),
    ] {
        let wh = old_warehouse();
        let o = run(wh.path(), NEW_DS, Some(&format!("io@{point}")));
        assert_eq!(o.status.code(), Some(1), "{point}");
        assert!(stderr(&o).contains(message), "{point}: {}", stderr(&o));
        assert_eq!(&state(wh.path()), expect, "{point}");
        assert_clean_after_rerun(wh.path(), &new);
    }
}

/// A second run while one holds the warehouse is refused, even if someone deleted files.
#[test]
fn a_second_run_is_refused_while_the_first_holds_the_warehouse() {
    let wh = old_warehouse();
    let mut first = build_marts(wh.path(), NEW_DS)
        .env("PIPELINE_FAULT", "sleep@before-switch")
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the first run is inside its publication (its generation exists).
    let deadline = Instant::now() + Duration::from_secs(60);
    while std::fs::read_dir(wh.path().join(".generations")).unwrap().count() < 2 && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = run(wh.path(), OLD_DS, None);
    assert_eq!(second.status.code(), Some(1));
    assert!(stderr(&second).contains("is locked by another run"), "{}", stderr(&second));
    assert!(first.wait().unwrap().success());
}

/// Mounting a tmpfs needs root (CI runs as root); elsewhere these tests say they skipped.
fn tmpfs(size: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    let dir = tempfile::tempdir().unwrap();
    let mnt = dir.path().join("mnt");
    std::fs::create_dir(&mnt).unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
        .arg(&mnt)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        Some((dir, mnt))
    } else {
        eprintln!("skipped: cannot mount a tmpfs here (needs root)");
        None
    }
}

fn umount(mnt: &Path) {
    let _ = Command::new("umount").arg(mnt).status();
}

#[test]
fn a_full_disk_fails_the_run_and_keeps_the_previous_generation() {
    let Some((_dir, mnt)) = tmpfs("4m") else { return };
    let wh = mnt.join("wh");
    assert!(run(&wh, OLD_DS, None).status.success());
    let before = state(&wh);
    // Fill the disk, leaving a few kilobytes.
    let _ = Command::new("dd")
        .args(["if=/dev/zero", "bs=4k"])
        .arg(format!("of={}", mnt.join("filler").display()))
        .stderr(Stdio::null())
        .status();
    let o = run(&wh, NEW_DS, None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("No space left on device") || err.contains("os error 28"), "{err}");
    assert_eq!(state(&wh), before);
    std::fs::remove_file(mnt.join("filler")).unwrap();
    assert!(run(&wh, NEW_DS, None).status.success());
    umount(&mnt);
}

#[test]
fn a_read_only_warehouse_fails_with_a_clear_message_and_stays_intact() {
    let Some((_dir, mnt)) = tmpfs("16m") else { return };
    let wh = mnt.join("wh");
    assert!(run(&wh, OLD_DS, None).status.success());
    let before = state(&wh);
    assert!(Command::new("mount").args(["-o", "remount,ro"]).arg(&mnt).status().unwrap().success());
    let o = run(&wh, NEW_DS, None);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&wh.display().to_string()) && err.contains("Read-only file system"), "{err}");
    assert_eq!(state(&wh), before);
    umount(&mnt);
}
