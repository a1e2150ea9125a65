//! `trailmap import` as an author uses it: an outline in, a site that builds out, and nothing
//! written when the outline cannot be read.

mod common;

use std::path::{Path, PathBuf};

use common::{snapshot, trailmap};

fn outline(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/outlines").join(name)
}

/// Imports `name` into a fresh folder and returns it, with the pages under content/ (sorted).
fn import(name: &str) -> (tempfile::TempDir, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    let file = outline(name);
    let run = trailmap(dir.path(), &["import", file.to_str().unwrap(), "--into", "site"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let content = dir.path().join("site/content");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    pages.sort();
    (dir, pages)
}

/// The imported site passes `check` with no error (warnings are the lints' business).
fn assert_checks(dir: &Path) {
    let run = trailmap(&dir.join("site"), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn a_plain_text_page_becomes_its_sections_and_every_bullet_a_skill() {
    let (dir, pages) = import("web-roadmap.txt");
    assert_eq!(
        pages,
        [
            "_index.md",
            "how-do-you-ship-and-run-a-web-application/_index.md",
            "how-do-you-ship-and-run-a-web-application/deployment.md",
            "how-do-you-ship-and-run-a-web-application/version-control.md",
            "what-should-a-beginner-learn-about-how-the-web/_index.md",
            "what-should-a-beginner-learn-about-how-the-web/browsers.md",
            "what-should-a-beginner-learn-about-how-the-web/dns.md",
            "what-should-a-beginner-learn-about-how-the-web/http.md",
            "which-languages-does-a-web-developer-write-every/_index.md",
            "which-languages-does-a-web-developer-write-every/css.md",
            "which-languages-does-a-web-developer-write-every/html.md",
            "which-languages-does-a-web-developer-write-every/javascript.md",
            "which-languages-does-a-web-developer-write-every/typescript.md",
        ]
    );
    let site = dir.path().join("site");
    let root = common::read(site.join("content/_index.md"));
    assert!(root.contains("title = \"The Web Developer Path: From Markup to Deployment\""), "{root}");
    let http = common::read(site.join("content/what-should-a-beginner-learn-about-how-the-web/http.md"));
    assert!(http.starts_with("+++\ntitle = \"HTTP\"\nsummary = \"Methods, status codes, headers and caching.\"\nweight = 1\n+++\n"), "{http}");
    let section = common::read(site.join("content/what-should-a-beginner-learn-about-how-the-web/_index.md"));
    assert!(section.contains("Everything on the web is a request and a response."), "{section}");
    assert_checks(dir.path());
}

#[test]
fn markdown_headings_bullets_duplicates_and_non_latin_titles() {
    let (dir, pages) = import("nested.md");
    assert_eq!(
        pages,
        [
            "_index.md",
            "foundations/_index.md",
            "foundations/programming/_index.md",
            "foundations/programming/python.md",
            "foundations/programming/testing-2.md",
            "foundations/statistics/_index.md",
            "foundations/statistics/distributions/_index.md",
            "foundations/statistics/distributions/normal/_index.md",
            "foundations/statistics/distributions/normal/central-limit-theorem.md",
            "foundations/statistics/testing.md",
            "machine-learning/_index.md",
            "machine-learning/evaluation.md",
            "machine-learning/supervised/_index.md",
            "machine-learning/supervised/classification.md",
            "machine-learning/supervised/regression.md",
            "matematika/_index.md",
            "matematika/gai-lu-lun.md",
            "matematika/lineinaia-algebra.md",
        ]
    );
    let site = dir.path().join("site");
    let regression = common::read(site.join("content/machine-learning/supervised/regression.md"));
    assert!(regression.contains("title = \"Regression\""), "{regression}");
    assert!(
        regression.contains(
            "{ title = \"Scikit-learn guide\", url = \"https://scikit-learn.org/stable/supervised_learning.html\", kind = \"article\" }"
        ),
        "{regression}"
    );
    let algebra = common::read(site.join("content/matematika/lineinaia-algebra.md"));
    assert!(algebra.contains("title = \"Линейная алгебра\""), "{algebra}");
    assert_checks(dir.path());
}

#[test]
fn opml_and_freemind_maps_have_their_central_topic_as_title() {
    let (dir, pages) = import("mindmap.opml");
    assert_eq!(
        pages,
        [
            "_index.md",
            "compute/_index.md",
            "compute/containers/_index.md",
            "compute/containers/kubernetes.md",
            "compute/virtual-machines.md",
            "storage/_index.md",
            "storage/containers-2.md",
            "storage/object-storage.md",
        ]
    );
    let site = dir.path().join("site");
    assert!(common::read(site.join("trailmap.toml")).contains("title = \"Cloud Skills\""));
    assert!(common::read(site.join("content/compute/_index.md")).contains("summary = \"Where code runs.\""));
    let containers = common::read(site.join("content/compute/containers/_index.md"));
    assert!(containers.contains("summary = \"Images, registries and runtimes\""), "{containers}");
    assert!(
        common::read(site.join("content/compute/containers/kubernetes.md"))
            .contains("https://kubernetes.io/docs/home/")
    );
    assert_checks(dir.path());

    let (dir, pages) = import("mindmap.mm");
    assert_eq!(
        pages,
        [
            "_index.md",
            "applications/_index.md",
            "applications/owasp-top-10.md",
            "networks/_index.md",
            "networks/firewalls.md",
            "networks/tls.md"
        ]
    );
    let owasp = common::read(dir.path().join("site/content/applications/owasp-top-10.md"));
    assert!(owasp.contains("summary = \"The ten most critical risks.\""), "{owasp}");
    assert_checks(dir.path());
}

#[test]
fn the_same_outline_always_gives_the_same_site() {
    let (first, _) = import("nested.md");
    let (second, _) = import("nested.md");
    assert_eq!(snapshot(&first.path().join("site")), snapshot(&second.path().join("site")));
}

#[test]
fn a_deep_outline_nests_folders() {
    let dir = tempfile::tempdir().unwrap();
    let text: String = (0..30).map(|depth| format!("{}- Level {depth}\n", "  ".repeat(depth))).collect();
    std::fs::write(dir.path().join("deep.md"), text).unwrap();
    let run = trailmap(dir.path(), &["import", "deep.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let deepest: PathBuf = (1..29).map(|d| format!("level-{d}")).collect();
    let leaf = dir.path().join("deep/content/level-0").join(deepest).join("level-29.md");
    assert!(leaf.is_file(), "{}", leaf.display());
    assert_eq!(trailmap(&dir.path().join("deep"), &["check"]).code, 0);

    // Deeper than a site's folders may go: said, and nothing written.
    let text: String = (0..61).map(|depth| format!("{}- Level {depth}\n", "  ".repeat(depth))).collect();
    std::fs::write(dir.path().join("deeper.md"), text).unwrap();
    let run = trailmap(dir.path(), &["import", "deeper.md"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with("deeper.md:1:1: the outline is nested 61 levels deep; a roadmap can hold 60"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("deeper").exists());
}

#[test]
fn a_broken_outline_is_reported_at_its_place_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 4] = [
        (
            "broken.opml",
            b"<opml>\n<body>\n  <outline text=\"a\">\n</body>\n",
            "broken.opml:4:1: this is not well-formed XML",
        ),
        (
            "broken.mm",
            b"<map>\n<node TEXT=\"x\"><node/></node></map>",
            "broken.mm:2:16: a <node> without a `TEXT` attribute",
        ),
        ("latin1.txt", b"- caf\xe9\n", "latin1.txt:1:6: the file is not valid UTF-8"),
        ("prose.md", b"Only a paragraph.\n", "prose.md:1:1: this outline has no headings and no lists"),
    ];
    for (name, bytes, expected) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let run = trailmap(dir.path(), &["import", name, "--into", "out"]);
        assert_eq!(run.code, 1, "{name}");
        assert!(run.stderr.starts_with(expected), "{name}: {}", run.stderr);
        assert!(!dir.path().join("out").exists(), "{name}: nothing written");
    }
}

#[test]
fn a_folder_that_is_not_empty_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("site")).unwrap();
    std::fs::write(dir.path().join("site/notes.txt"), "mine").unwrap();
    let file = outline("nested.md");
    let run = trailmap(dir.path(), &["import", file.to_str().unwrap(), "--into", "site"]);
    assert_eq!(run.code, 2, "a folder that cannot take a site is bad usage");
    assert!(run.stderr.contains("is not empty"), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(dir.path().join("site")).unwrap().count(), 1);
}
