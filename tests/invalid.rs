//! Bad content, one mistake per fixture: each must be reported exactly as in its
//! `expected.stderr`, by both `build` and `check`, and must leave a previous `public/` exactly
//! as it was.
//!
//! A case is a folder under `tests/sites/invalid/` holding the files that differ from `_base/`
//! (and a `REMOVE` file listing base files to delete). `UPDATE_SNAPSHOTS=1 cargo test --test
//! invalid` rewrites the expected messages; review the diff before committing it.

mod common;

use std::path::Path;

use common::{copy_dir, fixture, snapshot, trailmap};

fn cases() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixture("invalid"))
        .expect("tests/sites/invalid")
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('_'))
        .collect();
    names.sort();
    names
}

/// The base site with the case's files laid over it.
fn prepare(case: &str, dir: &Path) {
    copy_dir(&fixture("invalid/_base"), dir);
    let case_dir = fixture("invalid").join(case);
    copy_dir(&case_dir, dir);
    for name in ["expected.stderr", "REMOVE"] {
        let _ = std::fs::remove_file(dir.join(name));
    }
    if let Ok(list) = std::fs::read_to_string(case_dir.join("REMOVE")) {
        for line in list.lines().filter(|l| !l.trim().is_empty()) {
            std::fs::remove_file(dir.join(line.trim())).expect("REMOVE names a base file");
        }
    }
}

#[test]
fn the_base_site_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("invalid/_base"), dir.path());
    let run = trailmap(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn every_mistake_is_reported_exactly_and_nothing_is_written() {
    let cases = cases();
    assert!(cases.len() >= 25, "only {} cases", cases.len());
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut failures = Vec::new();
    for case in &cases {
        let dir = tempfile::tempdir().unwrap();
        // A previous, good build is in public/ (with a dotfile) before the mistake is made.
        copy_dir(&fixture("invalid/_base"), dir.path());
        assert_eq!(trailmap(dir.path(), &["build"]).code, 0);
        std::fs::write(dir.path().join("public/.keep"), "mine").unwrap();
        let before = snapshot(&dir.path().join("public"));
        prepare(case, dir.path());

        let build = trailmap(dir.path(), &["build"]);
        let check = trailmap(dir.path(), &["check"]);
        let expected_path = fixture("invalid").join(case).join("expected.stderr");
        if update {
            std::fs::write(&expected_path, &build.stderr).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if build.code != 1 {
            failures.push(format!("{case}: build exited with {} (expected 1)\n{}", build.code, build.stderr));
        }
        if build.stderr != expected {
            failures.push(format!("{case}: build printed\n{}\nexpected\n{expected}", build.stderr));
        }
        if check.code != 1 || check.stderr != build.stderr {
            failures.push(format!("{case}: check differs from build:\n{}", check.stderr));
        }
        if build.stderr.contains("panicked") {
            failures.push(format!("{case}: panicked"));
        }
        if snapshot(&dir.path().join("public")) != before {
            failures.push(format!("{case}: public/ changed"));
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("trailmap-"))
            .collect();
        if !leftovers.is_empty() {
            failures.push(format!("{case}: left {leftovers:?} behind"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n\n")
    );
}
