//! `trailmap init` as a new user meets it: a site that builds cleanly, and no overwritten work.

mod common;

use common::{references, snapshot, trailmap};

#[test]
fn a_new_site_builds_without_warnings_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = trailmap(dir.path(), &["init", "my-roadmap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Created a roadmap site"));

    // Built from the parent folder with --root, and from inside it.
    let build = trailmap(dir.path(), &["build", "--root", "my-roadmap"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(build.stderr, "", "no warnings");
    let site = dir.path().join("my-roadmap");
    assert_eq!(trailmap(&site, &["check"]).code, 0);
    let public = site.join("public");
    for page in [
        "index.html",
        "foundations/first-principles/index.html",
        "practice/projects/capstone/index.html",
        "faq/index.html",
    ] {
        assert!(public.join(page).is_file(), "{page}");
    }
    let capstone = common::read(public.join("practice/projects/index.html"));
    assert!(capstone.contains(r#"<a href="/practice/projects/capstone/">capstone project</a>"#));
    let json = common::read(public.join("roadmap.json"));
    assert!(json.contains("\"kind\": \"prerequisite\""), "the starter shows cross-links");
    assert!(
        references(&capstone).iter().any(|r| r == "/foundations/core-tools/"),
        "prerequisites are listed"
    );
}

#[test]
fn refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
    let before = snapshot(dir.path());
    let run = trailmap(dir.path(), &["init", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(snapshot(dir.path()), before, "nothing was written");
}

#[test]
fn init_needs_a_folder_argument() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(trailmap(dir.path(), &["init"]).code, 2);
}
