//! The GitHub workflows here, the composite action and the workflow `trailmap init` writes: each
//! action pinned to a commit, no checkout keeping its credentials, and the versions in step with
//! the crate's. (`.ci/run` also audits them all with zizmor.)

mod common;

use std::path::Path;

fn repository_file(path: &str) -> String {
    common::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
}

/// Every workflow and action definition, by name.
fn definitions() -> Vec<(String, String)> {
    let mut found = vec![
        ("action.yml".to_string(), repository_file("action.yml")),
        ("init's pages.yml".to_string(), trailmap::init::pages_workflow()),
    ];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(".github/workflows");
    for entry in std::fs::read_dir(&dir).expect("readable .github/workflows") {
        let path = entry.expect("readable entry").path();
        found.push((path.display().to_string(), common::read(&path)));
    }
    found
}

#[test]
fn every_action_is_pinned_to_a_commit_with_its_version_beside_it() {
    for (name, text) in definitions() {
        let steps = text.lines().filter(|l| l.trim_start().trim_start_matches("- ").starts_with("uses:"));
        for line in steps {
            let reference = line.split_once('@').map_or("", |(_, r)| r);
            let (hash, comment) = reference.split_once(" # ").unwrap_or((reference, ""));
            assert!(
                hash.len() == 40 && hash.bytes().all(|b| b.is_ascii_hexdigit()),
                "{name}: not pinned to a commit: {line}"
            );
            assert!(!comment.trim().is_empty(), "{name}: say which version the commit is: {line}");
        }
    }
}

#[test]
fn no_checkout_keeps_its_credentials() {
    for (name, text) in definitions() {
        let checkouts = text.matches("uses: actions/checkout@").count();
        assert_eq!(text.matches("persist-credentials: false").count(), checkouts, "{name}");
    }
}

#[test]
fn the_action_installs_this_version_by_default() {
    let action = repository_file("action.yml");
    let version = env!("CARGO_PKG_VERSION");
    let default = action
        .split("\n  version:\n")
        .nth(1)
        .and_then(|input| input.lines().find_map(|l| l.trim().strip_prefix("default: ")))
        .expect("action.yml has a version input with a default");
    assert_eq!(default, format!("\"{version}\""), "bump action.yml's version with Cargo.toml's");
}
