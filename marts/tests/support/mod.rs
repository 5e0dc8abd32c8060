//! Helpers shared by the integration tests (`mod support;`): the fixtures, copying a source
//! tree, a warehouse's files (links included) for byte-for-byte comparisons, CSV fields.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The run date of the fixtures.
pub const DS: &str = "2026-11-27";

pub fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for e in fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            fs::copy(e.path(), target).unwrap();
        }
    }
}

/// Every entry under the warehouse, by relative path: a file's bytes, a symbolic link's
/// target. `run_results.json` (rewritten by every run, failed or not) is left out.
pub fn warehouse_files(warehouse: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for e in fs::read_dir(dir).unwrap() {
            let path = e.unwrap().path();
            let rel = path.strip_prefix(root).unwrap().to_string_lossy().to_string();
            let kind = fs::symlink_metadata(&path).unwrap().file_type();
            if kind.is_symlink() {
                out.insert(
                    format!("{rel} (link)"),
                    fs::read_link(&path).unwrap().to_string_lossy().as_bytes().to_vec(),
                );
            } else if kind.is_dir() {
                walk(root, &path, out);
            } else if rel != "run_results.json" {
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(warehouse, warehouse, &mut out);
    out
}

/// Splits one CSV line into its raw fields (quotes kept), at the commas outside quotes. The
/// fixtures have no line break inside a quoted value.
pub fn split_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut quoted = false;
    for ch in line.chars() {
        match ch {
            '"' => {
                quoted = !quoted;
                fields.last_mut().unwrap().push(ch);
            }
            ',' if !quoted => fields.push(String::new()),
            _ => fields.last_mut().unwrap().push(ch),
        }
    }
    fields
}
