//! The warehouse on disk: generations switched in one atomic step.
//!
//! ```text
//! <warehouse>/
//!   .generations/<gen>/<model>.parquet, manifest.json, .complete
//!   current -> .generations/<gen>              (symlink: the published generation)
//!   <model>.parquet -> current/<model>.parquet  (symlink: what readers open)
//!   manifest.json -> current/manifest.json
//!   run_results.json                            (the last run's outcome, failed or not)
//! ```
//!
//! A run writes every table of its generation (tables it did not rebuild are hard-linked
//! from the current one), marks it complete, then renames a new `current` link over the old
//! one: readers, and a crash at any instant, see the previous generation or the new one,
//! never a mix. (A reader that needs several tables of one generation resolves `current`
//! once and reads below it.) Unfinished generations left by a killed run are removed by the
//! next run; completed ones older than the previous generation are pruned after a switch.
//! The warehouse directory itself is locked (`flock`) for the whole run, so deleting a file
//! cannot let a second run in.
//!
//! For tests, `PIPELINE_FAULT=<kind>@<point>` injects a fault at a named step (`abort`
//! kills the process, `io` fails the step with an IO error); see [`fault`].

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use polars::prelude::*;
use serde::Serialize;

use pipeline::{Error, Result};

const GENERATIONS: &str = ".generations";
const CURRENT: &str = "current";
const COMPLETE: &str = ".complete";
const MANIFEST: &str = "manifest.json";

/// Path readers open for a model's table: `<warehouse>/<model>.parquet`.
pub fn table_path(warehouse: &Path, model: &str) -> PathBuf {
    warehouse.join(format!("{model}.parquet"))
}

/// The published generation's directory of the warehouse at `root` (resolved once, for
/// readers that need several tables of one run), or `root` itself for a warehouse of plain
/// files; `None` when nothing was published.
pub fn published(root: &Path) -> Option<PathBuf> {
    match fs::read_link(root.join(CURRENT)) {
        Ok(target) => Some(root.join(target)),
        Err(_) => fs::read_dir(root)
            .ok()?
            .filter_map(|e| e.ok())
            .any(|e| e.path().extension().is_some_and(|x| x == "parquet"))
            .then(|| root.to_path_buf()),
    }
}

/// A fault injected at step `point` when `PIPELINE_FAULT` is `abort@<point>` (the process
/// dies on the spot, like a `kill -9`), `io@<point>` (the step fails with an IO error, like
/// a full disk) or `sleep@<point>` (the step waits 3 s, holding the lock). Points:
/// `write-table#<n>` (the n-th table written), `before-switch`, `after-switch`, `prune`.
/// Used by the crash and IO-error tests; a no-op otherwise.
pub fn fault(point: &str) -> std::io::Result<()> {
    let Ok(spec) = std::env::var("PIPELINE_FAULT") else { return Ok(()) };
    match spec.split_once('@') {
        Some(("abort", p)) if p == point => std::process::abort(),
        Some(("io", p)) if p == point => Err(std::io::Error::other(format!("injected fault at {point}"))),
        Some(("sleep", p)) if p == point => {
            std::thread::sleep(std::time::Duration::from_secs(3));
            Ok(())
        }
        _ => Ok(()),
    }
}

fn io(path: &Path, e: std::io::Error) -> Error {
    Error::io(path, e)
}

/// A failure while publishing, saying which generation readers now see.
fn publish_error(warehouse: &Path, switched: bool, e: Error) -> Error {
    let state = if switched {
        "the new tables are published; finishing the publication failed"
    } else {
        "nothing was published: the warehouse still holds the previous run's tables"
    };
    Error::Publish { warehouse: warehouse.to_path_buf(), state: state.into(), message: e.to_string() }
}

/// An open, locked warehouse.
pub struct Warehouse {
    root: PathBuf,
    _lock: File,
}

impl Warehouse {
    /// Creates (if needed) and locks the warehouse, turns a warehouse of plain files (the
    /// earlier layout) into a first generation, and removes leftovers of killed runs.
    pub fn open(root: &Path) -> Result<Self> {
        fs::create_dir_all(root).map_err(|e| io(root, e))?;
        let dir = File::open(root).map_err(|e| io(root, e))?;
        match dir.try_lock() {
            Ok(()) => {}
            Err(fs::TryLockError::WouldBlock) => {
                return Err(Error::Locked { warehouse: root.to_path_buf(), lock: root.to_path_buf() });
            }
            Err(fs::TryLockError::Error(e)) => return Err(io(root, e)),
        }
        let wh = Warehouse { root: root.to_path_buf(), _lock: dir };
        fs::create_dir_all(wh.root.join(GENERATIONS)).map_err(|e| io(&wh.root, e))?;
        wh.adopt_plain_files()?;
        wh.remove_leftovers()?;
        Ok(wh)
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The published generation's directory, if any.
    pub fn current(&self) -> Option<PathBuf> {
        let link = self.root.join(CURRENT);
        let target = fs::read_link(&link).ok()?;
        Some(self.root.join(target))
    }

    /// Starts a new generation directory.
    pub fn begin(&self) -> Result<Generation> {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.6f");
        let name = format!("g{stamp}-{}", std::process::id());
        let dir = self.root.join(GENERATIONS).join(&name);
        fs::create_dir(&dir).map_err(|e| io(&dir, e))?;
        Ok(Generation { name, dir, tables: Vec::new(), partitioned: Vec::new() })
    }

    /// A warehouse written by the earlier layout holds plain `<model>.parquet` files: hard-link
    /// them into a first generation and replace each by its link (same bytes, so a reader
    /// sees no change).
    fn adopt_plain_files(&self) -> Result<()> {
        if self.current().is_some() {
            return Ok(());
        }
        let plain: Vec<PathBuf> = fs::read_dir(&self.root)
            .map_err(|e| io(&self.root, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "parquet") && !p.is_symlink() && p.is_file())
            .collect();
        if plain.is_empty() {
            return Ok(());
        }
        let mut generation = self.begin()?;
        for p in &plain {
            let model = p.file_stem().expect("a file name").to_string_lossy().into_owned();
            fs::hard_link(p, generation.table_path(&model)).map_err(|e| io(p, e))?;
            generation.tables.push(model);
        }
        let manifest = self.root.join(MANIFEST);
        if manifest.is_file() && !manifest.is_symlink() {
            fs::hard_link(&manifest, generation.dir.join(MANIFEST)).map_err(|e| io(&manifest, e))?;
        }
        generation.publish(self)
    }

    /// Removes unfinished generations (a killed run's) and stray temporary files.
    fn remove_leftovers(&self) -> Result<()> {
        let current = self.current();
        let gens = self.root.join(GENERATIONS);
        for e in fs::read_dir(&gens).map_err(|e| io(&gens, e))? {
            let p = e.map_err(|e| io(&gens, e))?.path();
            if Some(&p) != current.as_ref() && !p.join(COMPLETE).exists() {
                fs::remove_dir_all(&p).map_err(|e| io(&p, e))?;
            }
        }
        for e in fs::read_dir(&self.root).map_err(|e| io(&self.root, e))? {
            let p = e.map_err(|e| io(&self.root, e))?.path();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // `.staging-<pid>` directories of the earlier layout, temporary links and files.
            if name.starts_with(".staging-") {
                fs::remove_dir_all(&p).map_err(|e| io(&p, e))?;
            } else if name.contains(".tmp-") {
                fs::remove_file(&p).map_err(|e| io(&p, e))?;
            }
        }
        Ok(())
    }

    /// Keeps the current and the previous complete generations; removes older ones.
    fn prune(&self, previous: Option<&Path>) -> Result<()> {
        let current = self.current();
        let gens = self.root.join(GENERATIONS);
        for e in fs::read_dir(&gens).map_err(|e| io(&gens, e))? {
            let p = e.map_err(|e| io(&gens, e))?.path();
            if Some(&p) != current.as_ref() && Some(p.as_path()) != previous {
                fs::remove_dir_all(&p).map_err(|e| io(&p, e))?;
            }
        }
        Ok(())
    }

    /// Points `<warehouse>/<name>` at `current/<name>` (atomically), unless it already does.
    fn link_through_current(&self, name: &str) -> Result<()> {
        let link = self.root.join(name);
        let target = Path::new(CURRENT).join(name);
        if fs::read_link(&link).ok().as_deref() == Some(target.as_path()) {
            return Ok(());
        }
        let tmp = self.root.join(format!(".{name}.tmp-{}", std::process::id()));
        let _ = fs::remove_file(&tmp);
        symlink(&target, &tmp).map_err(|e| io(&tmp, e))?;
        fs::rename(&tmp, &link).map_err(|e| io(&link, e))
    }

    /// Removes `<warehouse>/<model>.parquet` links whose table the current generation does
    /// not have (a model that became a view, or was deleted).
    fn remove_dangling_links(&self) -> Result<()> {
        for e in fs::read_dir(&self.root).map_err(|e| io(&self.root, e))? {
            let p = e.map_err(|e| io(&self.root, e))?.path();
            if p.is_symlink() && p.extension().is_some_and(|x| x == "parquet") && !p.exists() {
                fs::remove_file(&p).map_err(|e| io(&p, e))?;
            }
        }
        Ok(())
    }
}

/// A generation being written.
pub struct Generation {
    name: String,
    dir: PathBuf,
    tables: Vec<String>,
    /// Partitioned tables (directories `<model>/`, see [`crate::incremental`]).
    partitioned: Vec<String>,
}

impl Generation {
    pub fn table_path(&self, model: &str) -> PathBuf {
        table_path(&self.dir, model)
    }

    /// The generation's directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Records a partitioned table written (or carried over) below [`Self::dir`], so that
    /// publishing links `<warehouse>/<model>` through `current`.
    pub fn add_partitioned(&mut self, model: &str) {
        self.partitioned.push(model.to_string());
    }

    /// Writes a table of this generation.
    pub fn write_table(&mut self, model: &str, df: &mut DataFrame) -> Result<()> {
        let path = self.table_path(model);
        fault(&format!("write-table#{}", self.tables.len() + 1)).map_err(|e| io(&path, e))?;
        write_parquet(df, &path)?;
        self.tables.push(model.to_string());
        Ok(())
    }

    /// Records a table already written at [`Self::table_path`] (by a model's own thread).
    pub fn record_table(&mut self, model: &str) -> Result<()> {
        let path = self.table_path(model);
        fault(&format!("write-table#{}", self.tables.len() + 1)).map_err(|e| io(&path, e))?;
        self.tables.push(model.to_string());
        Ok(())
    }

    /// Carries a table the run did not rebuild over from the current generation (a hard
    /// link: no copy). A table the current generation lacks is left out.
    pub fn carry_over(&mut self, wh: &Warehouse, model: &str) -> Result<()> {
        let Some(current) = wh.current() else { return Ok(()) };
        let from = table_path(&current, model);
        if !from.is_file() {
            return Ok(());
        }
        let to = self.table_path(model);
        if fs::hard_link(&from, &to).is_err() {
            fs::copy(&from, &to).map_err(|e| io(&to, e))?;
        }
        self.tables.push(model.to_string());
        Ok(())
    }

    /// Writes the generation's manifest.
    pub fn write_manifest<T: Serialize>(&self, manifest: &T) -> Result<()> {
        write_json_atomic(manifest, &self.dir.join(MANIFEST))
    }

    /// Publishes this generation: marks it complete, switches `current` to it in one
    /// rename, makes sure every table has its reader link, and prunes old generations. An
    /// error says whether the switch happened.
    pub fn publish(self, wh: &Warehouse) -> Result<()> {
        let previous = wh.current();
        let before = || -> Result<()> {
            let marker = self.dir.join(COMPLETE);
            File::create(&marker).and_then(|f| f.sync_all()).map_err(|e| io(&marker, e))?;
            sync_dir(&self.dir)?;
            fault("before-switch").map_err(|e| io(&self.dir, e))?;
            let tmp = wh.root.join(format!(".{CURRENT}.tmp-{}", std::process::id()));
            let _ = fs::remove_file(&tmp);
            symlink(Path::new(GENERATIONS).join(&self.name), &tmp).map_err(|e| io(&tmp, e))?;
            fs::rename(&tmp, wh.root.join(CURRENT)).map_err(|e| io(&wh.root, e))
        };
        if let Err(e) = before() {
            let _ = fs::remove_dir_all(&self.dir);
            return Err(publish_error(&wh.root, false, e));
        }
        let after = || -> Result<()> {
            sync_dir(&wh.root)?;
            fault("after-switch").map_err(|e| io(&wh.root, e))?;
            for t in &self.tables {
                wh.link_through_current(&format!("{t}.parquet"))?;
            }
            for t in &self.partitioned {
                wh.link_through_current(t)?;
            }
            if self.dir.join(MANIFEST).exists() {
                wh.link_through_current(MANIFEST)?;
            }
            wh.remove_dangling_links()?;
            sync_dir(&wh.root)?;
            fault("prune").map_err(|e| io(&wh.root, e))?;
            wh.prune(previous.as_deref())
        };
        after().map_err(|e| publish_error(&wh.root, true, e))
    }

    /// Drops an unpublished generation (a failed run).
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// fsync of a directory, so renames and new entries in it survive a power loss.
fn sync_dir(dir: &Path) -> Result<()> {
    File::open(dir).and_then(|d| d.sync_all()).map_err(|e| io(dir, e))
}

/// Writes `df` as Parquet at `path` through a temporary file in the same directory,
/// fsynced then renamed: the file is whole or absent.
pub fn write_parquet(df: &mut DataFrame, path: &Path) -> Result<()> {
    let dir = path.parent().expect("file in a directory");
    let tmp =
        dir.join(format!(".{}.tmp-{}", path.file_name().expect("file name").to_string_lossy(), std::process::id()));
    let file = File::create(&tmp).map_err(|e| io(&tmp, e))?;
    ParquetWriter::new(&file)
        .with_statistics(StatisticsOptions::full())
        .finish(df)
        .map_err(|e| Error::polars(&path.display().to_string(), e))?;
    file.sync_all().map_err(|e| io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io(path, e))
}

/// Writes a JSON artifact atomically (temporary file, fsync, rename).
pub fn write_json_atomic<T: Serialize>(value: &T, path: &Path) -> Result<()> {
    let tmp = path.with_extension(format!("json.tmp-{}", std::process::id()));
    let mut f = File::create(&tmp).map_err(|e| io(&tmp, e))?;
    let text = serde_json::to_string_pretty(value).expect("serialisable artifact");
    f.write_all(text.as_bytes()).map_err(|e| io(&tmp, e))?;
    f.sync_all().map_err(|e| io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io(path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(wh: &Path, model: &str) -> Vec<u8> {
        fs::read(table_path(wh, model)).unwrap()
    }

    #[test]
    fn a_generation_is_published_in_one_switch_and_old_ones_are_pruned() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("wh");
        for round in 0..3i64 {
            let wh = Warehouse::open(&root).unwrap();
            let mut g = wh.begin().unwrap();
            let mut df = df!("x" => [round]).unwrap();
            g.write_table("a", &mut df).unwrap();
            if round == 0 {
                g.write_table("b", &mut df).unwrap();
            } else {
                g.carry_over(&wh, "b").unwrap();
            }
            g.publish(&wh).unwrap();
        }
        let a = ParquetReader::new(File::open(table_path(&root, "a")).unwrap()).finish().unwrap();
        assert_eq!(a.column("x").unwrap().i64().unwrap().get(0), Some(2));
        // `b` was carried over twice: still the first round's bytes.
        assert!(!table(&root, "b").is_empty());
        let gens = fs::read_dir(root.join(GENERATIONS)).unwrap().count();
        assert_eq!(gens, 2, "current and previous generations are kept");
    }

    #[test]
    fn a_second_open_of_a_locked_warehouse_fails_even_without_a_lock_file() {
        let tmp = tempfile::tempdir().unwrap();
        let first = Warehouse::open(tmp.path()).unwrap();
        assert!(matches!(Warehouse::open(tmp.path()), Err(Error::Locked { .. })));
        drop(first);
        assert!(Warehouse::open(tmp.path()).is_ok());
    }

    #[test]
    fn plain_files_of_the_earlier_layout_are_adopted_unchanged() {
        let tmp = tempfile::tempdir().unwrap();
        let mut df = df!("x" => [7i64]).unwrap();
        write_parquet(&mut df, &table_path(tmp.path(), "a")).unwrap();
        let before = table(tmp.path(), "a");
        let wh = Warehouse::open(tmp.path()).unwrap();
        assert!(wh.current().is_some());
        assert!(table_path(tmp.path(), "a").is_symlink());
        assert_eq!(table(tmp.path(), "a"), before);
    }

    #[test]
    fn an_unfinished_generation_is_removed_by_the_next_open() {
        let tmp = tempfile::tempdir().unwrap();
        let wh = Warehouse::open(tmp.path()).unwrap();
        let g = wh.begin().unwrap();
        let dir = g.dir.clone();
        drop(g);
        drop(wh);
        assert!(dir.exists());
        Warehouse::open(tmp.path()).unwrap();
        assert!(!dir.exists());
    }
}
