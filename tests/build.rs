//! `trailmap build` and `trailmap check` on fixture sites, as a user runs them.

mod common;

use std::path::Path;

use common::{copy_site, read, references, snapshot, trailmap};

#[test]
fn builds_every_file_the_spec_lists() {
    let site = copy_site("good");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("Built 14 pages"),
        "summary line (12 pages, print, learning order): {}",
        run.stdout
    );
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
    // Labelled once, by the group's heading.
    assert_eq!(page[docs..papers].matches("<li>").count(), 2, "both docs in one group");
    assert_eq!(page.matches(">Documentation</h3>").count(), 1);
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

/// Writes a roadmap of `sections` sections of one skill each.
fn sections_site(root: &Path, sections: usize) {
    std::fs::write(root.join("trailmap.toml"), "title = \"Counts\"\nbase_url = \"https://example.org/\"\n")
        .unwrap();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(content.join("_index.md"), "+++\ntitle = \"Counts\"\n+++\n").unwrap();
    for n in 0..sections {
        let section = content.join(format!("s{n}"));
        std::fs::create_dir_all(&section).unwrap();
        std::fs::write(section.join("_index.md"), format!("+++\ntitle = \"Section {n}\"\n+++\n")).unwrap();
        std::fs::write(section.join(format!("k{n}.md")), format!("+++\ntitle = \"Skill {n}\"\n+++\n"))
            .unwrap();
    }
}

#[test]
fn counts_and_plurals_are_right_for_any_size() {
    for (sections, text) in [(1, "1 section · 1 skill ·"), (13, "13 sections · 13 skills ·")] {
        let dir = tempfile::tempdir().unwrap();
        sections_site(dir.path(), sections);
        let run = trailmap(dir.path(), &["build"]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let landing = read(dir.path().join("public/index.html"));
        assert!(
            landing.contains(text),
            "{sections} sections: {}",
            &landing[landing.find("hero-facts").unwrap_or(0)..][..200]
        );
        let print = read(dir.path().join("public/print/index.html"));
        let both = format!(
            "{sections} section{} and {sections} skill{}",
            if sections == 1 { "" } else { "s" },
            if sections == 1 { "" } else { "s" }
        );
        assert!(print.contains(&both), "{both}");
    }
}

#[test]
fn a_deleted_image_is_reported_at_the_line_that_shows_it() {
    let site = copy_site("assets");
    let root = site.path();
    assert_eq!(trailmap(root, &["build"]).code, 0);
    let before = snapshot(&root.join("public"));
    std::fs::remove_file(root.join("content/lessons/graphs/diagrams/dfs.png")).unwrap();
    let run = trailmap(root, &["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.starts_with(
            "content/lessons/graphs/bfs.md:11:1: no file `content/lessons/graphs/diagrams/dfs.png`\n"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(snapshot(&root.join("public")), before, "nothing written");
}

#[test]
fn images_without_alternative_text_are_warnings_and_errors_under_strict() {
    let site = copy_site("assets");
    let root = site.path();
    let page = root.join("content/lessons/sorting.md");
    let text = read(&page).replace("![Bubble sort, step by step]", "![]");
    std::fs::write(&page, text).unwrap();
    let run = trailmap(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/lessons/sorting.md:9:1: warning: an image without alternative text"),
        "{}",
        run.stderr
    );
    // The image, and the fixture's two skills without resources (lints).
    assert!(run.stderr.contains("warning: 3 things worth fixing"), "{}", run.stderr);
    assert_eq!(trailmap(root, &["check"]).code, 0);
    let strict = trailmap(root, &["check", "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict.stderr.contains("content/lessons/sorting.md:9:1: an image without alternative text"),
        "{}",
        strict.stderr
    );
}

#[test]
fn percent_encoded_links_are_decoded_before_they_are_resolved() {
    let site = copy_site("good");
    let root = site.path();
    std::fs::write(
        root.join("content/basics/two words.md"),
        "+++\ntitle = \"Two Words\"\nid = \"two-words\"\n+++\n\nA file with a space.\n",
    )
    .unwrap();
    let first = root.join("content/basics/first-steps.md");
    std::fs::write(
        &first,
        read(&first) + "\nSee [the other file](two%20words.md) and [it again](<two words.md>).\n",
    )
    .unwrap();
    let run = trailmap(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(root.join("public/basics/first-steps/index.html"));
    // Both links of the text (the section tree beside it links there too).
    for text in ["the other file", "it again"] {
        assert!(page.contains(&format!("href=\"/basics/two-words/\">{text}</a>")), "{text}: {page}");
    }
}

#[test]
fn a_long_trail_shows_its_nearest_steps_and_how_many_come_before() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("trailmap.toml"), "title = \"Chain\"\nbase_url = \"https://example.org/\"\n")
        .unwrap();
    let section = root.join("content/chain");
    std::fs::create_dir_all(&section).unwrap();
    std::fs::write(root.join("content/_index.md"), "+++\ntitle = \"Chain\"\n+++\n").unwrap();
    std::fs::write(section.join("_index.md"), "+++\ntitle = \"The chain\"\n+++\n").unwrap();
    for n in 0..50 {
        let needs = if n > 0 { format!("prerequisites = [\"step-{}\"]\n", n - 1) } else { String::new() };
        std::fs::write(
            section.join(format!("step-{n}.md")),
            format!("+++\ntitle = \"Step {n}\"\nweight = {}\n{needs}+++\n", 50 - n),
        )
        .unwrap();
    }
    let run = trailmap(root, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let last = read(root.join("public/chain/step-49/index.html"));
    let trail = &last[last.find("data-trail").unwrap()..last.find("</section>").unwrap()];
    assert_eq!(trail.matches("<li data-skill=").count(), 40, "the 40 nearest steps");
    assert!(trail.contains("<li data-skill=\"step-9\">") && !trail.contains("\"step-8\""), "from step 9 on");
    assert!(trail.find("\"step-9\"") < trail.find("\"step-48\""), "in learning order");
    assert!(trail.contains("9 earlier steps come before these"), "{trail}");
    assert!(trail.contains("href=\"/trail/?to=step-49\""), "{trail}");
    // The page of the learning order lists all of them, in order, though the roadmap's reading
    // order (by weight) is the reverse.
    let order = read(root.join("public/trail/index.html"));
    let places: Vec<usize> = (0..50).map(|n| order.find(&format!("\"step-{n}\"")).unwrap()).collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn a_related_skill_is_shown_on_both_pages() {
    let site = copy_site("good");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let related = |page: &str| {
        let html = read(site.path().join("public").join(page));
        let start = html.find("<dt>Related</dt>").map(|at| &html[at..]).unwrap_or_default();
        start[..start.find("</dd>").unwrap_or(0)].to_string()
    };
    // second-steps.md lists hammer; hammer's page shows second-steps without listing it.
    assert!(related("basics/second-steps/index.html").contains("href=\"/basics/tools/hammer/\""));
    assert!(related("basics/tools/hammer/index.html").contains("href=\"/basics/second-steps/\""));
}

#[test]
fn the_site_title_has_one_source_or_a_warning_when_two_differ() {
    let site = copy_site("good");
    let toml = site.path().join("trailmap.toml");
    std::fs::write(&toml, read(&toml).replace("title = \"Test Roadmap\"", "title = \"Test Map\"")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "trailmap.toml:1:1: warning: the site's title `Test Map` differs from content/_index.md's `Test Roadmap`"
        ),
        "{}",
        run.stderr
    );
    // Left out, content/_index.md's title names the site too.
    std::fs::write(&toml, read(&toml).replace("title = \"Test Map\"\n", "")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("differs"), "{}", run.stderr);
    let skill = read(site.path().join("public/basics/second-steps/index.html"));
    assert!(skill.contains("<title>Second Steps · Test Roadmap</title>"), "{skill}");
}

#[test]
fn markdown_in_any_case_is_a_page_and_other_text_is_a_warning() {
    let site = copy_site("good");
    let basics = site.path().join("content/basics");
    std::fs::write(basics.join("Loud.MD"), "+++\ntitle = \"Loud\"\nsummary = \"Upper case.\"\n+++\n")
        .unwrap();
    std::fs::write(basics.join("long.markdown"), "+++\ntitle = \"Long\"\nsummary = \"Long name.\"\n+++\n")
        .unwrap();
    std::fs::write(basics.join("notes.txt"), "title = Notes\n").unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path().join("public/basics/Loud/index.html").is_file());
    assert!(site.path().join("public/basics/long/index.html").is_file());
    assert!(
        run.stderr
            .contains("content/basics/notes.txt:1:1: warning: a `.txt` file is published as a download"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_alias_may_be_the_old_path_of_a_moved_skill() {
    let site = copy_site("good");
    let page = site.path().join("content/basics/second-steps.md");
    let moved = read(&page)
        .replace("aliases = [\"next-steps\"]", "aliases = [\"next-steps\", \"/intro/second-steps/\"]");
    std::fs::write(&page, moved).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let redirect = read(site.path().join("public/intro/second-steps/index.html"));
    assert!(redirect.contains("url=/basics/second-steps/"), "{redirect}");
    // The old id still redirects beside the page, and only ids carry progress over.
    assert!(site.path().join("public/basics/next-steps/index.html").is_file());
    assert!(!read(site.path().join("public/basics/second-steps/index.html")).contains("/intro/"));
    // An old path that a page of this build has is a mistake.
    std::fs::write(&page, read(&page).replace("/intro/second-steps/", "/basics/")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("alias `/basics/` is the path of content/basics/_index.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn links_to_the_images_a_build_makes_are_known_and_others_are_not() {
    let site = copy_site("good");
    let page = site.path().join("content/advanced/mastery.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let links = "\n\n[The map](/mindmap.png), [as PDF](/advanced/mindmap.pdf), [its card](/advanced/mastery/preview.png).\n";
    std::fs::write(&page, format!("{text}{links}")).unwrap();
    let run = trailmap(site.path(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);

    // A skill has no map of its own, and without images nothing is published.
    std::fs::write(&page, format!("{text}\n\n[No map](/advanced/mastery/mindmap.png)\n")).unwrap();
    let run = trailmap(site.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("`/advanced/mastery/mindmap.png` is not a page or file of this site"),
        "{}",
        run.stderr
    );
    std::fs::write(&page, format!("{text}{links}")).unwrap();
    let settings = site.path().join("trailmap.toml");
    let config = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("preview_images = \"none\"\n{config}")).unwrap();
    let run = trailmap(site.path(), &["check"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("`/mindmap.png` is not a page or file of this site"), "{}", run.stderr);
}
