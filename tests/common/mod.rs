//! Helpers for tests that run trailmap the way a user does: on a copy of a fixture site.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The result of one run of the `trailmap` binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs `trailmap ARGS` in `dir`.
pub fn trailmap(dir: &Path, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_trailmap"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the trailmap binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(name)
}

/// Copies a fixture site into a fresh temporary folder, so tests never touch the originals.
pub fn copy_site(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&fixture(name), dir.path());
    dir
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("readable fixture");
        let target = to.join(entry.path().strip_prefix(from).expect("inside"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Every file under `dir` with its bytes (dotfiles included), for byte-for-byte comparisons.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).expect("inside").to_path_buf(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

pub fn read(path: impl AsRef<Path>) -> String {
    std::fs::read_to_string(path.as_ref()).unwrap_or_else(|e| panic!("{}: {e}", path.as_ref().display()))
}

/// The values of every `href="…"` and `src="…"` attribute in an HTML or SVG text.
pub fn references(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    for attr in ["href=\"", "src=\""] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            rest = &rest[i + attr.len()..];
            if let Some(end) = rest.find('"') {
                found.push(rest[..end].replace("&amp;", "&"));
                rest = &rest[end..];
            }
        }
    }
    found
}

/// A built site's search index: what `search-index.js` sets, every page of the page files in
/// order, and every term with its postings. Each file is checked to be `call(…);` around JSON
/// that cannot end a script element early.
pub struct SearchIndex {
    pub head: serde_json::Value,
    pub pages: Vec<serde_json::Value>,
    pub terms: BTreeMap<String, serde_json::Value>,
}

pub fn search_index(public: &Path) -> SearchIndex {
    let head = read(public.join("search-index.js"));
    let head = head
        .split_once("window.trailmapSearch=")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .expect("search-index.js sets window.trailmapSearch");
    let head: serde_json::Value = serde_json::from_str(head).expect("the index's head is JSON");
    let mut pages = Vec::new();
    let mut terms = BTreeMap::new();
    let chunks = head["pages"].as_u64().expect("pages").div_ceil(head["chunk"].as_u64().expect("chunk"));
    // `trailmapSearchAdd(KIND,KEY,JSON);`
    let data = |path: PathBuf| -> serde_json::Value {
        let js = read(&path);
        assert!(!js.to_ascii_lowercase().contains("</script"), "{}", path.display());
        let call = js.strip_prefix("trailmapSearchAdd(").and_then(|rest| rest.trim_end().strip_suffix(");"));
        let (_, rest) = call.and_then(|c| c.split_once(',')).expect("trailmapSearchAdd(kind, …)");
        // The key: a page file's number, or a shard's name in quotes (letters and digits).
        let rest = match rest.strip_prefix('"') {
            Some(quoted) => quoted.split_once("\",").expect("key").1,
            None => rest.split_once(',').expect("key").1,
        };
        serde_json::from_str(rest).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    for n in 0..chunks {
        let chunk = data(public.join(format!("search-index/d-{n}.js")));
        pages.extend(chunk.as_array().expect("pages").iter().cloned());
    }
    for key in head["shards"].as_array().expect("shards") {
        let shard = data(public.join(format!("search-index/t-{}.js", key.as_str().expect("key"))));
        terms.extend(shard.as_object().expect("terms").clone());
    }
    SearchIndex { head, pages, terms }
}
