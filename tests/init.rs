//! `trailmap init` as a new user meets it: a site that builds cleanly, a workflow that publishes
//! it, and no overwritten work.

mod common;

use common::{references, snapshot, trailmap};

#[test]
fn a_new_site_builds_with_no_warning_but_its_placeholder_url_from_any_folder() {
    let dir = tempfile::tempdir().unwrap();
    let run = trailmap(dir.path(), &["init", "my-roadmap"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Created a roadmap site"));

    // Built from the parent folder with --root, and from inside it.
    let build = trailmap(dir.path(), &["build", "--root", "my-roadmap"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    // The one warning: the starter's placeholder base_url, until the author sets theirs.
    assert!(build.stderr.starts_with("trailmap.toml:4:1: warning: `base_url` is still the placeholder"));
    assert!(
        build
            .stderr
            .ends_with("warning: 1 thing worth fixing (`trailmap check --strict` makes it an error)\n")
    );
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
    assert!(!public.join("README.md").exists(), "the site's README is not part of the site");
}

#[test]
fn a_new_site_comes_with_a_pages_workflow_and_a_readme() {
    let dir = tempfile::tempdir().unwrap();
    let run = trailmap(dir.path(), &["init", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Settings → Pages → Source: GitHub Actions"), "{}", run.stdout);
    let site = dir.path().join("site");

    let workflow = common::read(site.join(".github/workflows/pages.yml"));
    let version = env!("CARGO_PKG_VERSION");
    assert!(workflow.contains(&format!("TRAILMAP_VERSION: \"{version}\"")), "installs this release");
    assert!(workflow.contains("cargo install trailmap --version \"$TRAILMAP_VERSION\" --locked"));
    assert!(workflow.contains("path: ~/.cargo/bin/trailmap"), "the installed binary is cached");
    assert!(
        workflow.contains("key: trailmap-${{ runner.os }}-${{ runner.arch }}-${{ env.TRAILMAP_VERSION }}")
    );
    assert!(workflow.contains("persist-credentials: false"));
    // The Pages URL reaches the shell as a variable, never spliced into the command line.
    assert!(workflow.contains("BASE_URL: ${{ steps.pages.outputs.base_url }}"));
    assert!(workflow.contains(r#"trailmap build --base-url "$BASE_URL/""#));
    for action in ["checkout", "configure-pages", "cache", "upload-pages-artifact", "deploy-pages"] {
        assert!(workflow.contains(&format!("uses: actions/{action}@")), "{action}");
    }

    let readme = common::read(site.join("README.md"));
    for told in [
        "trailmap serve",
        "trailmap build",
        "Settings → Pages → Build and deployment → Source: GitHub Actions",
    ] {
        assert!(readme.contains(told), "{told}");
    }
    let ignored = common::read(site.join(".gitignore"));
    assert_eq!(ignored.lines().collect::<Vec<_>>(), ["/public", "/.public.trailmap-*", "/.trailmap/"]);

    // What the workflow runs, run here: the build it asks for succeeds and fills public/.
    let build = trailmap(&site, &["build", "--base-url", "https://someone.github.io/site/"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    let index = common::read(site.join("public/index.html"));
    assert!(index.contains("href=\"/site/"), "links carry the project-pages path");
}

#[test]
fn no_workflow_leaves_the_workflow_out() {
    let dir = tempfile::tempdir().unwrap();
    let run = trailmap(dir.path(), &["init", "--no-workflow", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stdout.contains("Settings → Pages"), "{}", run.stdout);
    let site = dir.path().join("site");
    assert!(!site.join(".github").exists());
    let readme = common::read(site.join("README.md"));
    assert!(readme.contains("trailmap serve") && readme.contains("trailmap build"));
    assert!(!readme.contains("pages.yml"), "the README promises no workflow");
    assert_eq!(trailmap(&site, &["build"]).code, 0);
}

#[test]
fn refuses_a_folder_that_is_not_empty() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.md"), "mine").unwrap();
    let before = snapshot(dir.path());
    let run = trailmap(dir.path(), &["init", "."]);
    assert_eq!(run.code, 2, "a folder that cannot take a site is bad usage");
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(snapshot(dir.path()), before, "nothing was written");
}

#[test]
fn init_needs_a_folder_argument() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(trailmap(dir.path(), &["init"]).code, 2);
}

#[test]
fn a_fresh_clone_takes_a_new_site_and_its_build_warns_about_the_placeholder_url() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let run = trailmap(dir.path(), &["init", "."]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let build = trailmap(dir.path(), &["build"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert!(
        build.stderr.contains(
            "trailmap.toml:4:1: warning: `base_url` is still the placeholder `https://example.org/`"
        ),
        "{}",
        build.stderr
    );
    // Given on the command line, it is no placeholder.
    let build = trailmap(dir.path(), &["build", "--base-url", "https://me.github.io/roadmap/"]);
    assert!(!build.stderr.contains("placeholder"), "{}", build.stderr);
}
