//! Runs the browser tests (tests/browser/*.test.mjs, a Node project) as part of `cargo test`: the
//! built pages in Debian's Chromium through playwright-core, axe-core in both themes, the Nu Html
//! Checker on every page, `trailmap serve` with many tabs, and screenshots into
//! tests/browser/screenshots/. Each file is one test.
//!
//! They need Chromium, Node.js, Java (for the Nu checker) and the packages of tests/browser:
//!
//! ```sh
//! apt-get install chromium default-jre-headless && (cd tests/browser && npm ci)
//! ```
//!
//! Where one is missing, each test is reported as ignored (never as passed), saying what is
//! missing; under `CI=true` (as `.ci/run` sets) a missing piece fails them instead. This file has
//! its own harness (libtest-mimic) because libtest can only ignore a test at compile time.

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program).arg(arg).output().is_ok_and(|o| o.status.success())
}

fn chromium() -> PathBuf {
    std::env::var_os("CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

/// What the browser tests need and this machine lacks.
fn missing(dir: &Path) -> Vec<String> {
    let mut missing = Vec::new();
    if !chromium().is_file() {
        missing.push(format!("Chromium at {}", chromium().display()));
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
    missing
}

fn run_file(dir: &Path, file: &Path) -> Result<(), Failed> {
    let output = Command::new("node")
        .arg("--test")
        .arg(file)
        .current_dir(dir)
        .env("TRAILMAP_BIN", env!("CARGO_BIN_EXE_trailmap"))
        .env("CHROMIUM", chromium())
        .output()
        .map_err(|error| format!("node does not run: {error}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let summary: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("ok ") || l.starts_with("not ok ") || l.starts_with("# "))
        .collect();
    eprintln!("{}: {}", file.display(), summary.join("\n  "));
    if output.status.success() {
        Ok(())
    } else {
        Err(format!("browser tests failed:\n{stdout}\n{stderr}").into())
    }
}

fn main() {
    let mut arguments = Arguments::from_args();
    // One browser at a time: the machines that run these have two cores.
    arguments.test_threads.get_or_insert(1);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/browser is readable")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no browser tests in {}", dir.display());

    let missing = missing(&dir);
    let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
    let why = format!(
        "needs {}; install with `apt-get install chromium default-jre-headless && (cd tests/browser && npm ci)`",
        missing.join(", ")
    );
    if !missing.is_empty() && !in_ci {
        eprintln!("browser tests ignored: {why}");
    }
    let trials = files
        .into_iter()
        .map(|file| {
            let name = format!("browser::{}", file.file_name().unwrap_or_default().to_string_lossy());
            let (dir, why, absent) = (dir.clone(), why.clone(), !missing.is_empty());
            Trial::test(name, move || {
                if absent {
                    // Reached under CI=true, or when asked to run ignored tests: a failure then.
                    return Err(format!("the browser tests {why}").into());
                }
                run_file(&dir, &file)
            })
            .with_ignored_flag(!missing.is_empty() && !in_ci)
        })
        .collect();
    libtest_mimic::run(&arguments, trials).exit();
}
