//! `trailmap build` and `trailmap check` on fixture sites, as a user runs them.

mod common;

use std::path::Path;

use common::{copy_site, read, references, snapshot, trailmap};

#[test]
fn builds_every_file_the_spec_lists() {
    let site = copy_site("good");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("Built 13 pages"), "summary line (12 pages and print): {}", run.stdout);
    let public = site.path().join("public");
    for file in [
        "index.html",
        "basics/index.html",
        "basics/first-steps/index.html",
        "basics/tools/index.html",
        "basics/tools/hammer/index.html",
        "advanced/mastery/index.html",
        "faq/index.html",
        "404.html",
        "print/index.html",
        "mindmap.svg",
        "sitemap.xml",
        "robots.txt",
        ".nojekyll",
        "CNAME",
        "roadmap.json",
        "style.css",
        "notes.txt",
    ] {
        assert!(public.join(file).is_file(), "missing public/{file}");
    }
    assert_eq!(read(public.join("CNAME")), "roadmap.example.org\n");
    assert!(read(public.join("robots.txt")).contains("Sitemap: https://example.org/sitemap.xml"));
    let sitemap = read(public.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.org/basics/tools/hammer/</loc>"));
    assert!(!sitemap.contains("secret"), "drafts stay out of the sitemap");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = copy_site("good");
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    assert!(!site.path().join("public/advanced/secret").exists());
    assert_eq!(trailmap(site.path(), &["build", "--drafts"]).code, 0);
    assert!(site.path().join("public/advanced/secret/index.html").is_file());
}

#[test]
fn cross_links_render_with_titles_and_back_links() {
    let site = copy_site("good");
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    let public = site.path().join("public");
    let index = read(public.join("index.html"));
    assert!(index.contains(r#"<a href="/basics/first-steps/">First Steps</a>"#), "[[id]] takes the title");
    assert!(
        index.contains(r#"<a href="/basics/second-steps/">the next steps</a>"#),
        "[[id|text]] keeps the text"
    );
    assert!(index.contains(r#"<a href="/faq/#why">FAQ</a>"#), "relative link to faq.md");
    let second = read(public.join("basics/second-steps/index.html"));
    assert!(second.contains(r#"href="/basics/first-steps/#overview-1""#), "[[id#anchor]]");
    assert!(second.contains(r#"<a href="/basics/tools/">the tools</a>"#), "relative .md link");
    let first = read(public.join("basics/first-steps/index.html"));
    assert!(first.contains("[[not-a-link]]"), "code spans are left alone");
    assert!(first.contains("<h2 id=\"overview\">") && first.contains("<h2 id=\"overview-1\">"));
    let needed_by = first.split("Needed by").nth(1).expect("a needed-by list");
    assert!(needed_by.contains("Second Steps") && needed_by.contains("Tools"));
    let mentioned = first.split("Mentioned in").nth(1).expect("a mentioned-in list");
    assert!(mentioned.contains("Mastery"));
    let redirect = read(public.join("basics/next-steps/index.html"));
    assert!(redirect.contains(r#"content="0; url=/basics/second-steps/""#), "alias redirect: {redirect}");
}

#[test]
fn resources_are_grouped_by_kind() {
    let site = copy_site("good");
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    let page = read(site.path().join("public/basics/first-steps/index.html"));
    let docs = page.find("Documentation").expect("docs group");
    let papers = page.find("Papers").expect("papers group");
    assert!(docs < papers);
    assert_eq!(page.matches("kind-docs").count(), 2, "both docs in one group");
}

#[test]
fn two_builds_are_byte_identical() {
    let site = copy_site("good");
    assert_eq!(trailmap(site.path(), &["build", "--output", "a"]).code, 0);
    assert_eq!(trailmap(site.path(), &["build", "--output", "b"]).code, 0);
    assert_eq!(snapshot(&site.path().join("a")), snapshot(&site.path().join("b")));
}

#[test]
fn every_internal_link_works_under_a_sub_path() {
    let site = copy_site("good");
    let run = trailmap(site.path(), &["build", "--base-url", "https://example.org/sub/dir"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.path().join("public");
    let mut checked = 0;
    for (path, bytes) in snapshot(&public) {
        if path.extension().is_none_or(|e| e != "html") {
            continue;
        }
        for reference in references(&String::from_utf8_lossy(&bytes)) {
            if reference.starts_with("https://") || reference.starts_with('#') {
                continue;
            }
            let rest = reference
                .strip_prefix("/sub/dir/")
                .unwrap_or_else(|| panic!("{}: `{reference}` is not under /sub/dir/", path.display()));
            let rest = rest.split('#').next().unwrap_or_default();
            let target = if rest.is_empty() || rest.ends_with('/') {
                format!("{rest}index.html")
            } else {
                rest.to_string()
            };
            assert!(public.join(&target).is_file(), "{}: `{reference}` points to nothing", path.display());
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
    assert!(
        read(public.join("index.html"))
            .contains(r#"<link rel="canonical" href="https://example.org/sub/dir/">"#)
    );
}

#[test]
fn a_failed_build_leaves_public_untouched_and_a_good_one_keeps_dotfiles() {
    let site = copy_site("good");
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    let public = site.path().join("public");
    std::fs::create_dir_all(public.join(".git")).unwrap();
    std::fs::write(public.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    let before = snapshot(&public);

    let skill = site.path().join("content/basics/saw.md");
    std::fs::write(&skill, "+++\ntitle = \"Saw\"\nlevel = \"expert\"\n+++\n").unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("content/basics/saw.md:3:9: "), "{}", run.stderr);
    assert_eq!(snapshot(&public), before, "public/ changed after a failed build");

    std::fs::remove_file(&skill).unwrap();
    std::fs::write(site.path().join("content/basics/tools/saw.md"), "+++\ntitle = \"Saw 2\"\n+++\nNew.\n")
        .unwrap();
    assert_eq!(trailmap(site.path(), &["build"]).code, 0);
    assert_eq!(read(public.join(".git/HEAD")), "ref: refs/heads/gh-pages\n");
    assert!(read(public.join("basics/tools/saw/index.html")).contains("Saw 2"));
}

#[test]
fn check_validates_and_writes_nothing() {
    let site = copy_site("good");
    let run = trailmap(site.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("nothing written"));
    assert!(!site.path().join("public").exists());
}

#[test]
fn bad_usage_exits_with_2() {
    let run = trailmap(Path::new("."), &["build", "--no-such-flag"]);
    assert_eq!(run.code, 2);
    assert_eq!(trailmap(Path::new("."), &["frobnicate"]).code, 2);
    let help = trailmap(Path::new("."), &["build", "--help"]);
    assert_eq!(help.code, 0);
    assert!(help.stdout.contains("--base-url"));
}

#[test]
fn refuses_to_write_over_its_own_sources() {
    let site = copy_site("good");
    let before = snapshot(site.path());
    let run = trailmap(site.path(), &["build", "--output", "."]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
    assert_eq!(snapshot(site.path()), before);
}

#[test]
fn the_repository_site_builds() {
    let run = trailmap(Path::new(env!("CARGO_MANIFEST_DIR")), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn never_builds_over_a_folder_of_the_users() {
    let site = copy_site("good");
    let home = tempfile::tempdir().unwrap();
    let documents = home.path().join("Documents");
    std::fs::create_dir_all(documents.join("photos")).unwrap();
    std::fs::write(documents.join("thesis.txt"), "four years").unwrap();
    std::fs::write(documents.join("photos/beach.jpg"), "sand").unwrap();
    std::fs::write(documents.join("index.html"), "my homepage").unwrap();
    let before = snapshot(home.path());
    let out = documents.to_str().unwrap();

    let run = trailmap(site.path(), &["build", "--output", out]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr.contains("refusing to write the site into")
            && run.stderr.contains("3 entries that trailmap did not write (index.html, photos, thesis.txt)")
            && run.stderr.contains("--force"),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(home.path()), before, "nothing moved, nothing made beside it");

    // Taken over on purpose: the user's files stay, the one the site replaces is kept aside.
    let run = trailmap(site.path(), &["build", "--output", out, "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("note: 1 of your files made way") && run.stderr.contains("index.html"));
    assert_eq!(read(documents.join("thesis.txt")), "four years");
    assert_eq!(read(documents.join("photos/beach.jpg")), "sand");
    assert_eq!(read(home.path().join(".Documents.trailmap-kept/index.html")), "my homepage");
    assert!(read(documents.join("index.html")).contains("<!DOCTYPE html>"));
    // From then on the folder is the site's, and rebuilding it keeps the user's files.
    for _ in 0..2 {
        assert_eq!(trailmap(site.path(), &["build", "--output", out]).code, 0);
        assert_eq!(read(documents.join("thesis.txt")), "four years");
        assert_eq!(read(documents.join("photos/beach.jpg")), "sand");
    }
}

#[test]
fn one_rule_decides_which_files_are_part_of_the_site() {
    let site = copy_site("good");
    let root = site.path();
    std::fs::write(root.join("static/style.css~"), "a backup").unwrap();
    std::fs::write(root.join("static/#notes.txt#"), "an autosave").unwrap();
    std::fs::write(root.join("static/.secret"), "hidden").unwrap();
    std::fs::write(
        root.join("content/basics/Notes.MD"),
        "+++\ntitle = \"Notes\"\n+++\n\nUpper-case extension.\n",
    )
    .unwrap();
    std::fs::write(root.join("content/basics/.draft.md.swp"), "vim swap").unwrap();
    let run = trailmap(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = root.join("public");
    for skipped in ["style.css~", "#notes.txt#", ".secret"] {
        assert!(!public.join(skipped).exists(), "{skipped} was published");
    }
    assert!(read(public.join("basics/Notes/index.html")).contains("Upper-case extension."));
}
