//! Runs the browser tests (tests/browser/, a Node project) as part of `cargo test`: the built
//! pages in Debian's Chromium through playwright-core, axe-core in both themes, the Nu Html
//! Checker on every page, and screenshots into tests/browser/screenshots/.
//!
//! They need Chromium, Node.js, Java (for the Nu checker) and `npm ci` in tests/browser. Where one
//! is missing the test says so loudly and passes, so that `cargo test` works on a bare machine;
//! under `CI=true` (as `.ci/run` sets) a missing piece fails it instead.

use std::path::{Path, PathBuf};
use std::process::Command;

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success())
}

#[test]
fn the_pages_work_in_a_real_browser() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium =
        std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    let mut missing = Vec::new();
    if !chromium.is_file() {
        missing.push(format!("Chromium at {}", chromium.display()));
    }
    if !runs("node", "--version") {
        missing.push("Node.js (`node`)".to_string());
    }
    if !runs("java", "-version") {
        missing.push("Java (`java`, for the Nu Html Checker)".to_string());
    }
    for package in ["playwright-core", "axe-core", "vnu-jar"] {
        if !dir.join("node_modules").join(package).is_dir() {
            missing.push(format!("tests/browser/node_modules/{package} (run `npm ci` in tests/browser)"));
        }
    }
    if !missing.is_empty() {
        let message = format!("browser tests need {}", missing.join(", "));
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!("{message}");
        }
        eprintln!("\n*** SKIPPED: {message} ***\n");
        return;
    }

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/browser is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no browser tests in {}", dir.display());
    let output = Command::new("node")
        .arg("--test")
        .arg("--test-concurrency=1")
        .args(&files)
        .current_dir(&dir)
        .env("TRAILMAP_BIN", env!("CARGO_BIN_EXE_trailmap"))
        .env("CHROMIUM", &chromium)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("ok ") || l.starts_with("not ok ") || l.starts_with("# "))
        .collect();
    eprintln!("{}", summary.join("\n"));
    assert!(output.status.success(), "browser tests failed:\n{stdout}\n{stderr}");
}
