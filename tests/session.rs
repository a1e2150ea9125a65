//! Incremental rebuilds (what `serve` runs) must always give exactly what a full build gives,
//! while rendering only the pages an edit touched.

mod common;

use std::path::Path;

use trailmap::session::Session;
use trailmap::{BuildOptions, build};

fn options(root: &Path) -> BuildOptions {
    BuildOptions { root: root.to_path_buf(), ..BuildOptions::default() }
}

/// Rebuilds and checks the result against a fresh full build; returns the pages rendered.
fn rebuild_matches_full_build(session: &mut Session, root: &Path) -> usize {
    let changes = session.rebuild(&[]).expect("rebuild succeeds");
    let full = build(&options(root)).expect("full build succeeds");
    assert!(session.output() == &full, "incremental output differs from a full build");
    changes.pages_rendered
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = common::read(path);
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    // A different length guarantees a new file stamp even within one clock tick.
    std::fs::write(path, text.replace(from, to)).unwrap();
}

/// An edit that keeps the file's size, inode and modification time (a save within the file
/// system's clock tick, or a tool that restores the time) is seen because the watcher names it.
#[test]
fn a_same_size_edit_with_the_old_time_is_rebuilt_when_the_watcher_names_it() {
    let site = common::copy_site("good");
    let root = site.path();
    let file = root.join("content/basics/tools/saw.md");
    let mut session = Session::start(options(root)).expect("first build");
    let before = std::fs::metadata(&file).unwrap();
    let text = common::read(&file);
    assert!(text.contains("Cuts."));
    // Same length, written in place (same inode), then the old time put back.
    let mut handle = std::fs::OpenOptions::new().write(true).open(&file).unwrap();
    std::io::Write::write_all(&mut handle, text.replace("Cuts.", "Bites").as_bytes()).unwrap();
    handle.set_modified(before.modified().unwrap()).unwrap();
    drop(handle);
    let after = std::fs::metadata(&file).unwrap();
    assert_eq!((after.len(), after.modified().unwrap()), (before.len(), before.modified().unwrap()));

    session.rebuild(std::slice::from_ref(&file)).expect("rebuild succeeds");
    let page =
        String::from_utf8_lossy(session.output().get("basics/tools/saw/index.html").unwrap()).into_owned();
    assert!(page.contains("Bites") && !page.contains("Cuts."), "the edit is on the page");
    assert!(session.output() == &build(&options(root)).unwrap(), "and the output is a full build's");
}

#[test]
fn rebuilds_only_what_an_edit_touches_and_match_full_builds() {
    let site = common::copy_site("good");
    let root = site.path();
    let mut session = Session::start(options(root)).expect("first build");
    let total = session.output().pages();

    assert_eq!(rebuild_matches_full_build(&mut session, root), 0, "nothing changed, nothing rendered");

    // A body edit changes only that page, and the print edition that holds every page's text.
    edit(&root.join("content/basics/tools/saw.md"), "Cuts.", "Cuts wood and metal.");
    assert_eq!(rebuild_matches_full_build(&mut session, root), 2);

    // A title edit reaches every page that shows the title, but not the whole site.
    edit(&root.join("content/basics/tools/saw.md"), "title = \"Saw\"", "title = \"Handsaw\"");
    let rendered = rebuild_matches_full_build(&mut session, root);
    assert!(rendered > 1 && rendered < total, "{rendered} of {total} pages rendered");
    let index = String::from_utf8_lossy(session.output().get("index.html").unwrap()).into_owned();
    assert!(index.contains("Handsaw"));

    // New and removed files.
    std::fs::write(root.join("content/advanced/extra.md"), "+++\ntitle = \"Extra\"\n+++\nSee [[saw]].\n")
        .unwrap();
    rebuild_matches_full_build(&mut session, root);
    assert!(session.output().contains("advanced/extra/index.html"));
    std::fs::remove_file(root.join("content/advanced/extra.md")).unwrap();
    rebuild_matches_full_build(&mut session, root);
    assert!(!session.output().contains("advanced/extra/index.html"));
}

#[test]
fn every_kind_of_edit_ends_in_the_same_site_as_a_full_build() {
    let site = common::copy_site("good");
    let root = site.path();
    let mut session = Session::start(options(root)).expect("first build");
    let content = root.join("content");
    // Each edit changes what other pages show: back-links, order, titles, the FAQ, settings.
    edit(
        &content.join("advanced/mastery.md"),
        "prerequisites = [\"second-steps\", \"tools\"]",
        "prerequisites = [\"second-steps\", \"tools\", \"saw\"]",
    );
    rebuild_matches_full_build(&mut session, root);
    edit(&content.join("basics/tools/saw.md"), "weight = 1", "weight = 9");
    rebuild_matches_full_build(&mut session, root);
    edit(&content.join("basics/_index.md"), "Where do I start?", "Where does it all begin?");
    rebuild_matches_full_build(&mut session, root);
    edit(&content.join("faq.md"), "About a *week*.", "About a month.");
    rebuild_matches_full_build(&mut session, root);
    edit(&content.join("basics/first-steps.md"), "## Overview\n\nA table", "## Summary\n\nA table");
    assert!(session.rebuild(&[]).is_err(), "second-steps links to #overview-1, which is now gone");
    edit(&content.join("basics/second-steps.md"), "[[first-steps#overview-1]]", "[[first-steps#overview]]");
    rebuild_matches_full_build(&mut session, root);
    std::fs::rename(content.join("basics/tools/hammer.md"), content.join("basics/tools/mallet.md")).unwrap();
    edit(&content.join("basics/tools/_index.md"), "[[hammer]]", "[[mallet]]");
    edit(&content.join("basics/second-steps.md"), "related = [\"hammer\"]", "related = [\"mallet\"]");
    rebuild_matches_full_build(&mut session, root);
    edit(&root.join("trailmap.toml"), "title = \"Test Roadmap\"", "title = \"Renamed Roadmap\"");
    let rendered = rebuild_matches_full_build(&mut session, root);
    // Every page but the alias redirect of `next-steps`, which is not a template.
    assert_eq!(rendered, session.output().pages() - 1, "a settings change renders every page");
}

#[test]
fn a_broken_edit_keeps_the_last_good_output() {
    let site = common::copy_site("good");
    let root = site.path();
    let mut session = Session::start(options(root)).expect("first build");
    let before = session.output().clone();
    edit(&root.join("content/basics/tools/saw.md"), "title = \"Saw\"", "title = \"Saw");
    let problems = session.rebuild(&[]).expect_err("a broken file fails the rebuild");
    assert!(problems[0].headline().starts_with("content/basics/tools/saw.md:2:"), "{}", problems[0]);
    assert!(session.output() == &before);
    edit(&root.join("content/basics/tools/saw.md"), "title = \"Saw", "title = \"Saw\"");
    rebuild_matches_full_build(&mut session, root);
}

#[test]
fn the_abridged_print_edition_follows_what_it_shows_and_only_that() {
    // Above 3,000 skills the print edition shows cards and resources, not the skills' text.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let content = root.join("content");
    std::fs::create_dir_all(&content).unwrap();
    std::fs::write(
        root.join("trailmap.toml"),
        "title = \"Big\"\nbase_url = \"https://example.org/\"\npreview_images = \"none\"\n",
    )
    .unwrap();
    std::fs::write(content.join("_index.md"), "+++\ntitle = \"Big\"\n+++\n\nA big roadmap.\n").unwrap();
    for n in 0..3_010 {
        let section = content.join(format!("part-{}", n / 100));
        if n % 100 == 0 {
            std::fs::create_dir_all(&section).unwrap();
            std::fs::write(section.join("_index.md"), format!("+++\ntitle = \"Part {}\"\n+++\n", n / 100))
                .unwrap();
        }
        let page = format!(
            "+++\ntitle = \"Skill {n}\"\n\n[[resources]]\ntitle = \"Docs {n}\"\nurl = \"https://example.org/{n}\"\nkind = \"docs\"\n+++\n\nAbout skill {n}.\n"
        );
        std::fs::write(section.join(format!("skill-{n}.md")), page).unwrap();
    }
    let mut session = Session::start(options(root)).expect("first build");
    let print = |session: &Session| session.output().get("print/index.html").unwrap().to_vec();
    let before = print(&session);

    // The text of a skill is not in the print edition: only the skill's page is rendered.
    let skill = content.join("part-7/skill-777.md");
    edit(&skill, "About skill 777.", "About skill 777, at length.");
    assert_eq!(rebuild_matches_full_build(&mut session, root), 1);
    assert!(print(&session) == before);

    // Its resources are: the print edition follows.
    edit(&skill, "title = \"Docs 777\"", "title = \"Reference 777\"");
    assert_eq!(rebuild_matches_full_build(&mut session, root), 2);
    assert!(String::from_utf8_lossy(&print(&session)).contains("Reference 777"));
}

/// `serve` trusts its watcher: a rebuild that names the changed file reads only that one and
/// still equals a full build; an edit the watcher missed is found by the safety net's look at
/// every file, and the rebuild of what it finds equals a full build too.
#[test]
fn a_rebuild_trusting_the_watcher_reads_what_it_names_and_the_safety_net_finds_the_rest() {
    let site = common::copy_site("good");
    let root = site.path();
    let named = root.join("content/basics/tools/saw.md");
    let missed = root.join("content/basics/tools/hammer.md");
    let mut session = Session::start(options(root)).expect("first build");
    assert!(session.stale_files().is_empty(), "nothing changed yet");
    edit(&named, "Cuts.", "Cuts well.");
    edit(&missed, "Use it with", "Hold it near");

    session.rebuild_changed(std::slice::from_ref(&named)).expect("rebuild succeeds");
    let page = |path: &str| String::from_utf8_lossy(session.output().get(path).unwrap()).into_owned();
    assert!(page("basics/tools/saw/index.html").contains("Cuts well."), "the named edit is read");
    assert!(!page("basics/tools/hammer/index.html").contains("Hold it near"), "the other file is trusted");

    let stale = session.stale_files();
    assert_eq!(stale, [missed], "the safety net finds the missed edit, and only it");
    session.rebuild_changed(&stale).expect("rebuild succeeds");
    assert!(session.output() == &build(&options(root)).unwrap(), "then the output is a full build's");
    assert!(session.stale_files().is_empty());
}

/// `serve` shows the page of an edit to a page's text at once (`Session::quick`), before the
/// rebuild: the quick page must be what the rebuild makes of it, the rebuild must change no
/// other page (but the print edition, which holds every text), and an edit that another page
/// or a check could see must get no quick page at all.
#[test]
fn a_quick_page_is_what_the_rebuild_makes_of_it() {
    let site = common::copy_site("good");
    let root = site.path();
    let content = root.join("content");
    let mut session = Session::start(options(root)).expect("first build");
    let quick_then_rebuild = |session: &mut Session, file: &Path| {
        let pages = session.quick(&[file.to_path_buf()]);
        let changes = session.rebuild_changed(&[file.to_path_buf()]).expect("rebuild succeeds");
        assert!(session.output() == &build(&options(root)).unwrap(), "the rebuild equals a full build");
        let pages = pages?;
        for (path, bytes) in &pages {
            assert!(
                session.output().get(path) == Some(bytes.as_slice()),
                "{path}: the quick page is the rebuild's"
            );
        }
        for path in &changes.written {
            let quick = pages.iter().any(|(page, _)| page == path);
            assert!(quick || !path.ends_with(".html") || path == "print/index.html", "{path} changed too");
        }
        Some(pages.into_iter().map(|(path, _)| path).collect::<Vec<_>>())
    };

    // Text only: a skill, the landing page (its text above the sections), a section.
    let saw = content.join("basics/tools/saw.md");
    edit(&saw, "Cuts.", "Cuts wood and metal.");
    assert_eq!(quick_then_rebuild(&mut session, &saw).unwrap(), ["basics/tools/saw/index.html"]);
    let landing = content.join("_index.md");
    edit(&landing, "## Welcome\n\nStart with", "## Welcome\n\nBegin with");
    assert_eq!(quick_then_rebuild(&mut session, &landing).unwrap(), ["index.html"]);
    let tools = content.join("basics/tools/_index.md");
    let text = common::read(&tools);
    std::fs::write(&tools, format!("{text}\nOne more sentence.\n")).unwrap();
    assert_eq!(quick_then_rebuild(&mut session, &tools).unwrap(), ["basics/tools/index.html"]);

    // What others show or check: the front matter, a heading (other pages link to headings), a
    // reference, a problem in the text.
    edit(&saw, "title = \"Saw\"", "title = \"Handsaw\"");
    assert_eq!(quick_then_rebuild(&mut session, &saw), None, "a title");
    edit(&saw, "Cuts wood and metal.", "## Use\n\nCuts wood and metal.");
    assert_eq!(quick_then_rebuild(&mut session, &saw), None, "a heading");
    edit(&saw, "Cuts wood and metal.", "Cuts wood, see [[hammer]].");
    assert_eq!(quick_then_rebuild(&mut session, &saw), None, "a link");
    edit(&saw, "see [[hammer]]", "see [[mastery]]");
    assert_eq!(quick_then_rebuild(&mut session, &saw), None, "a link elsewhere");
    edit(&saw, "Cuts wood,", "Cuts wood, [[unclosed,");
    assert_eq!(session.quick(std::slice::from_ref(&saw)), None, "a problem");
    assert!(session.rebuild_changed(std::slice::from_ref(&saw)).is_err());
    edit(&saw, "Cuts wood, [[unclosed,", "Cuts wood,");
    assert_eq!(session.quick(std::slice::from_ref(&saw)), None, "nothing is quick after a failed build");
    rebuild_matches_full_build(&mut session, root);
    // The FAQ, the settings and files that are no page are never quick.
    assert_eq!(session.quick(&[content.join("faq.md")]), None);
    assert_eq!(session.quick(&[root.join("trailmap.toml")]), None);
    assert_eq!(session.quick(&[content.join("basics/tools/nothing.md")]), None);
    // And after all that, text is quick again.
    edit(&saw, "Cuts wood,", "Cuts oak,");
    assert!(quick_then_rebuild(&mut session, &saw).is_some());
}

/// A site of several languages renders each page in each edition: no quick page there, and the
/// rebuild after an edit to a translation equals a full build.
#[test]
fn a_multilingual_site_gets_no_quick_page() {
    let site = common::copy_site("multilingual");
    let root = site.path();
    let mut session = Session::start(options(root)).expect("first build");
    let mean = root.join("content/basics/mean.de.md");
    edit(&mean, "teilt durch", "teilt dann durch");
    assert_eq!(session.quick(std::slice::from_ref(&mean)), None);
    session.rebuild_changed(std::slice::from_ref(&mean)).expect("rebuild succeeds");
    assert!(session.output() == &build(&options(root)).unwrap());
}
