//! A symlink farm: one rule for `build`, `check` and `serve` (tests/serve.rs), for content,
//! templates and static files alike. A link that stays inside the site's folder is followed; one
//! that leads outside, dangles or loops is an error naming the link, and nothing is written.
#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{copy_dir, fixture, read, snapshot, trailmap};

/// A site (the base of the invalid fixtures) in `dir/site`, with a folder `dir/outside` beside
/// it holding a secret, and a first good build in `public/`.
fn site(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("site");
    copy_dir(&fixture("invalid/_base"), &root);
    std::fs::create_dir_all(dir.join("outside/folder")).unwrap();
    std::fs::write(dir.join("outside/secret.txt"), "TOP-SECRET").unwrap();
    std::fs::write(dir.join("outside/folder/page.md"), "+++\ntitle = \"Smuggled\"\n+++\n").unwrap();
    std::fs::create_dir_all(root.join("static/css")).unwrap();
    std::fs::create_dir_all(root.join("templates")).unwrap();
    std::fs::write(root.join("static/css/extra.css"), "p {}\n").unwrap();
    assert_eq!(trailmap(&root, &["build"]).code, 0);
    root
}

#[test]
fn links_that_stay_inside_the_site_are_followed_and_ignored_files_are_not() {
    let dir = tempfile::tempdir().unwrap();
    let root = site(dir.path());
    symlink("css/extra.css", root.join("static/same.css")).unwrap();
    symlink("css", root.join("static/styles")).unwrap();
    symlink("../../static/css/extra.css", root.join("content/alpha/extra.css")).unwrap();
    // Files that are not part of the site (hidden, editors' temporaries) are not followed at all.
    let outside = dir.path().join("outside/folder");
    symlink(&outside, root.join("static/.cache")).unwrap();
    symlink(&outside, root.join("content/alpha/.cache")).unwrap();
    let run = trailmap(&root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!root.join("public/.cache").exists());
    for published in ["same.css", "styles/extra.css", "alpha/extra.css"] {
        assert_eq!(read(root.join("public").join(published)), "p {}\n", "{published}");
    }
}

/// Each link, where it is made, what it points at, and the error that names it.
const CASES: &[(&str, &str, &str)] = &[
    (
        "static/leak.txt",
        "OUTSIDE/secret.txt",
        "static/leak.txt:1:1: symlink to `OUTSIDE/secret.txt`, outside the site's folder",
    ),
    (
        "static/leak-relative.txt",
        "../../outside/secret.txt",
        "static/leak-relative.txt:1:1: symlink to `OUTSIDE/secret.txt`, outside the site's folder",
    ),
    (
        "static/shared",
        "OUTSIDE/folder",
        "static/shared:1:1: symlink to `OUTSIDE/folder`, outside the site's folder",
    ),
    (
        "static/css/deep/leak",
        "/etc/passwd",
        "static/css/deep/leak:1:1: symlink to `/etc/passwd`, outside the site's folder",
    ),
    (
        "static/dangling.txt",
        "missing.txt",
        "static/dangling.txt:1:1: symlink to `missing.txt`, which does not exist",
    ),
    ("static/loop", "loop", "static/loop:1:1: symlink to `loop`, which leads back to itself (a loop)"),
    ("static/css/up", "..", "static/css/up:1:1: symlink to `..`, a folder that holds it (a loop)"),
    (
        "templates/base.html",
        "OUTSIDE/secret.txt",
        "templates/base.html:1:1: symlink to `OUTSIDE/secret.txt`, outside the site's folder",
    ),
    (
        "content/alpha/secret.txt",
        "OUTSIDE/secret.txt",
        "content/alpha/secret.txt:1:1: symlink to `OUTSIDE/secret.txt`, outside the site's folder",
    ),
    (
        "content/alpha/smuggled",
        "OUTSIDE/folder",
        "content/alpha/smuggled:1:1: symlink to `OUTSIDE/folder`, outside the site's folder",
    ),
    (
        "content/alpha/gone.md",
        "nowhere.md",
        "content/alpha/gone.md:1:1: symlink to `nowhere.md`, which does not exist",
    ),
    (
        "content/beta/group/again",
        "../..",
        "content/beta/group/again:1:1: symlink to `../..`, a folder that holds it (a loop)",
    ),
    (
        "themes/ext",
        "OUTSIDE/folder",
        "themes/ext:1:1: symlink to `OUTSIDE/folder`, outside the site's folder",
    ),
    (
        "themes/own/theme.toml",
        "OUTSIDE/secret.txt",
        "themes/own/theme.toml:1:1: symlink to `OUTSIDE/secret.txt`, outside the site's folder",
    ),
    (
        "trailmap.toml",
        "OUTSIDE/secret.txt",
        "trailmap.toml:1:1: symlink to `OUTSIDE/secret.txt`, outside the site's folder",
    ),
];

#[test]
fn links_that_leave_dangle_or_loop_are_errors_naming_them() {
    let mut failures = Vec::new();
    for (at, to, expected) in CASES {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().canonicalize().unwrap().join("outside");
        let root = site(dir.path());
        let link = root.join(at);
        std::fs::create_dir_all(link.parent().unwrap()).unwrap();
        if let Some(theme) = at.strip_prefix("themes/").and_then(|rest| rest.split('/').next()) {
            let settings = root.join("trailmap.toml");
            let text = std::fs::read_to_string(&settings).unwrap() + &format!("theme = \"{theme}\"\n");
            std::fs::write(settings, text).unwrap();
        }
        if *at == "trailmap.toml" {
            std::fs::remove_file(&link).unwrap();
        }
        symlink(to.replace("OUTSIDE", &outside.display().to_string()), &link).unwrap();
        let before = snapshot(&root.join("public"));
        for command in ["build", "check"] {
            let run = trailmap(&root, &[command]);
            let stderr = run.stderr.replace(&outside.display().to_string(), "OUTSIDE");
            let first = stderr.lines().next().unwrap_or_default();
            if run.code != 1 || first != *expected || stderr.contains("TOP-SECRET") {
                failures.push(format!("{command} with {at} -> {to}: exit {}\n{stderr}", run.code));
            }
            assert!(stderr.contains("hint: "), "{stderr}");
        }
        assert!(snapshot(&root.join("public")) == before, "{at}: public/ was changed");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
