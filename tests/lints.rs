//! The lints a maintainer of a big roadmap needs: warnings in `check` and `build`, errors with
//! `check --strict`, each at its place.

mod common;

use common::{copy_site, trailmap};

const EXPECTED: [&str; 7] = [
    "content/basics/alone.md:1:1: warning: `alone` has no summary",
    "content/basics/alone.md:1:1: warning: `alone` is not linked with any other skill",
    "content/basics/alone.md:1:1: warning: `alone` lists no resources",
    "content/basics/thin.md:3:11: warning: the summary is 170 characters, more than 160",
    "content/basics/thin.md:5:26: warning: the resource URL http://example.org/old is not https",
    "content/basics/thin.md:12:9: warning: https://example.org/guide is on this page twice",
    "content/basics/thin.md:14:1: warning: a level 4 heading after a level 2 one",
];

fn headlines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.starts_with("content/")).collect()
}

#[test]
fn each_lint_warns_at_its_place_and_the_build_goes_on() {
    let site = copy_site("lints");
    let check = trailmap(site.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(headlines(&check.stderr), EXPECTED);
    let build = trailmap(site.path(), &["build", "--quiet"]);
    assert_eq!(build.code, 0, "{}", build.stderr);
    assert_eq!(headlines(&build.stderr), EXPECTED);
    assert!(site.path().join("public/basics/alone/index.html").is_file());
}

#[test]
fn strict_makes_the_lints_errors() {
    let site = copy_site("lints");
    let strict = trailmap(site.path(), &["check", "--strict"]);
    assert_eq!(strict.code, 1);
    let errors: Vec<String> = EXPECTED.iter().map(|l| l.replace("warning: ", "")).collect();
    assert_eq!(headlines(&strict.stderr), errors);
    assert!(strict.stderr.contains("error: 7 problems found"), "{}", strict.stderr);
}

#[test]
fn a_linked_skill_with_a_summary_and_resources_is_quiet() {
    let site = copy_site("lints");
    for page in ["alone.md", "thin.md"] {
        std::fs::remove_file(site.path().join("content/basics").join(page)).unwrap();
    }
    let linked = site.path().join("content/basics/linked.md");
    let text = std::fs::read_to_string(&linked).unwrap().replace("related = [\"thin\"]\n", "");
    std::fs::write(&linked, text).unwrap();
    let check = trailmap(site.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert_eq!(check.stderr, "", "linked from the root page's text, so not alone");
}

#[test]
fn another_dialects_block_syntax_is_a_warning_at_its_line() {
    let site = copy_site("lints");
    let page = "+++\ntitle = \"Dialects\"\n+++\n\n:::tip Keep going\nText.\n:::\n\n!!! note \"Aside\"\n\n    Indented.\n\n\
                Para.\n{: .lead}\n\n{: .lead}\n\n```\n::: in code\n```\n";
    std::fs::write(site.path().join("content/basics/dialects.md"), page).unwrap();
    let check = trailmap(site.path(), &["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let ours: Vec<&str> =
        headlines(&check.stderr).into_iter().filter(|l| l.contains("is not Markdown here")).collect();
    assert_eq!(
        ours,
        [
            "content/basics/dialects.md:5:1: warning: a fenced div (Pandoc, Docusaurus) is not Markdown here: the page shows the line as written",
            "content/basics/dialects.md:9:1: warning: an MkDocs admonition is not Markdown here: the page shows the line as written (and indented lines under it as code)",
            "content/basics/dialects.md:14:1: warning: a kramdown attribute list is not Markdown here: the page shows it as written",
            "content/basics/dialects.md:16:1: warning: a kramdown attribute list is not Markdown here: the page shows it as written",
        ],
        "{}",
        check.stderr
    );
    assert!(check.stderr.contains("write a GitHub alert (`> [!NOTE]`"), "{}", check.stderr);
    let strict = trailmap(site.path(), &["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
    assert!(
        headlines(&strict.stderr).contains(
            &"content/basics/dialects.md:5:1: a fenced div (Pandoc, Docusaurus) is not Markdown here: the page shows the line as written"
        ),
        "{}",
        strict.stderr
    );
}
