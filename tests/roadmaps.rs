//! A site of several roadmaps (`roadmaps = ["ai-engineer", "data-engineer"]`, fixture
//! `tests/sites/multi-roadmap`, in two languages under a sub-path): each roadmap is a whole
//! roadmap below its folder (`/learn/ai-engineer/…`, `/learn/de/ai-engineer/…`) with its own
//! map, print edition, data, FAQ, trail and 404 page; the site's home page lists them; the
//! sitemap lists every page; and every internal link of every page leads to a file.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{copy_site, read, references, trailmap};

const BASE_PATH: &str = "/learn/";
const ROADMAPS: [&str; 2] = ["ai-engineer", "data-engineer"];

/// The fixture, built once for every test of this file.
fn public() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = copy_site("multi-roadmap");
            let run = trailmap(dir.path(), &["build"]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let public = dir.path().join("public");
            (dir, public)
        })
        .1
}

/// Every HTML file of the build, by its path below `public/`.
fn html_files() -> Vec<String> {
    let public = public();
    let mut files: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().strip_prefix(public).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files
}

/// The file below `public/` that a site-absolute URL names (`None` for other URLs).
fn file_of(url: &str) -> Option<String> {
    let path = url.strip_prefix(BASE_PATH)?;
    let path = path.split(['#', '?']).next().unwrap_or_default();
    Some(if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_string() })
}

#[test]
fn every_roadmap_is_a_whole_roadmap_in_its_folder_and_language() {
    let public = public();
    for language in ["", "de/"] {
        for roadmap in ROADMAPS {
            let folder = format!("{language}{roadmap}/");
            for file in [
                "index.html",
                "faq/index.html",
                "print/index.html",
                "trail/index.html",
                "404.html",
                "mindmap.svg",
                "roadmap.json",
            ] {
                assert!(public.join(&folder).join(file).is_file(), "{folder}{file}");
            }
        }
    }
    assert!(public.join("ai-engineer/foundations/python/index.html").is_file());
    assert!(public.join("data-engineer/storage/sql/index.html").is_file());
    // Each roadmap's data is its own.
    let data = read(public.join("data-engineer/roadmap.json"));
    assert!(data.contains("\"etl\"") && !data.contains("\"training\""), "{data}");
    // The translation of a roadmap's root is its German landing page.
    let german = read(public.join("de/ai-engineer/index.html"));
    assert!(german.contains("<html lang=\"de\"") && german.contains("KI-Ingenieur"));
    // The site-wide files are at the root, once.
    for file in [
        "index.html",
        "de/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "style.css",
        "progress.js",
        "search-index.js",
        "de/search-index.js",
        "strings.js",
        "de/strings.js",
        "ai-engineer/strings.js",
        "de/ai-engineer/strings.js",
    ] {
        assert!(public.join(file).is_file(), "{file}");
    }
    for file in [
        "roadmap.json",
        "mindmap.svg",
        "print/index.html",
        "ai-engineer/style.css",
        "de/ai-engineer/style.css",
        "ai-engineer/search-index.js",
        "de/data-engineer/search-index",
    ] {
        assert!(!public.join(file).exists(), "{file} belongs to a roadmap, or to the root only");
    }
}

#[test]
fn every_internal_link_of_every_page_leads_to_a_file() {
    let public = public();
    let files = html_files();
    assert!(files.len() > 40, "{files:?}");
    let mut checked = 0;
    for file in &files {
        let html = read(public.join(file));
        for url in references(&html) {
            let Some(target) = file_of(&url) else { continue };
            assert!(public.join(&target).is_file(), "{file} links to {url}, which is no file");
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

/// Relative links are read as on GitHub, from the file's folder: out of a roadmap's folder to
/// `pages/` and into another roadmap's (a cross-roadmap link like `[[roadmap:id]]`, shown in
/// "Also in"); the home page links to a standalone page by id and lists it in its menu.
#[test]
fn relative_links_leave_a_roadmap_as_on_github() {
    let public = public();
    let etl = read(public.join("data-engineer/pipelines/etl/index.html"));
    assert!(etl.contains("href=\"/learn/data-engineer/about/\">the About page</a>"), "{etl}");
    assert!(etl.contains("href=\"/learn/ai-engineer/foundations/python/#why-python\">Python</a>"), "{etl}");
    let python = read(public.join("ai-engineer/foundations/python/index.html"));
    let also = python
        .split("<dt>Also in Data Engineer</dt>")
        .nth(1)
        .expect("python names the pages that link to it");
    assert!(also.split("</dd>").next().unwrap().contains("/learn/data-engineer/pipelines/etl/"), "{also}");
    let home = read(public.join("index.html"));
    assert!(
        home.contains("href=\"/learn/ai-engineer/about/\">About</a>"),
        "the home page's link and menu: {home}"
    );
    assert!(
        home.contains("<a href=\"/learn/ai-engineer/about/\">About</a></li>"),
        "the home page's menu: {home}"
    );
}

/// Each roadmap's `roadmap.json` lists its links with the other roadmaps, both ways, under
/// `elsewhere`, the other side named `roadmap:id`; its `edges` stay among its own nodes.
#[test]
fn roadmap_json_lists_the_links_across_roadmaps() {
    let public = public();
    let elsewhere = |roadmap: &str| -> Vec<(String, String, String)> {
        let json: serde_json::Value =
            serde_json::from_str(&read(public.join(format!("{roadmap}/roadmap.json")))).unwrap();
        let ids: Vec<&str> =
            json["nodes"].as_array().unwrap().iter().map(|n| n["id"].as_str().unwrap()).collect();
        for edge in json["edges"].as_array().unwrap() {
            assert!(
                ids.contains(&edge["from"].as_str().unwrap()) && ids.contains(&edge["to"].as_str().unwrap())
            );
        }
        json["elsewhere"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["from"].as_str().unwrap().into(),
                    e["to"].as_str().unwrap().into(),
                    e["kind"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let edge = |from: &str, to: &str, kind: &str| (from.to_string(), to.to_string(), kind.to_string());
    assert_eq!(
        elsewhere("data-engineer"),
        [
            edge("ai-engineer:training", "etl", "mention"),
            edge("ai-engineer:training", "sql", "mention"),
            edge("etl", "ai-engineer:python", "mention"),
            edge("etl", "ai-engineer:training", "related"),
        ]
    );
    assert_eq!(
        elsewhere("ai-engineer"),
        [
            edge("data-engineer:etl", "python", "mention"),
            edge("data-engineer:etl", "training", "mention"),
            edge("data-engineer:sql", "training", "prerequisite"),
            edge("training", "data-engineer:etl", "mention"),
        ]
    );
}

/// A standalone page (`pages/about.md`) is published in each roadmap, in its header and menu;
/// the first roadmap's copy is the canonical one, named by every copy (and by their language
/// alternates) and listed once per language in the sitemap.
#[test]
fn a_standalone_page_has_one_canonical_copy() {
    let public = public();
    let canonical =
        |language: &str| format!("https://roadmaps.example.org/learn/{language}ai-engineer/about/");
    for language in ["", "de/"] {
        for roadmap in ROADMAPS {
            let html = read(public.join(format!("{language}{roadmap}/about/index.html")));
            let expected = format!("<link rel=\"canonical\" href=\"{}\">", canonical(language));
            assert!(html.contains(&expected), "{language}{roadmap}/about/ names {expected}");
            for (hreflang, other) in [("en", ""), ("de", "de/")] {
                let alternate = format!("hreflang=\"{hreflang}\" href=\"{}\"", canonical(other));
                assert!(html.contains(&alternate), "{language}{roadmap}/about/ lacks {alternate}");
            }
        }
    }
    let sitemap = read(public.join("sitemap.xml"));
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .filter(|loc| loc.ends_with("/about/"))
        .collect();
    assert_eq!(locs, [canonical("").as_str(), canonical("de/").as_str()], "{sitemap}");
    // A skill page stays its own canonical.
    let sql = read(public.join("data-engineer/storage/sql/index.html"));
    assert!(sql.contains(
        "<link rel=\"canonical\" href=\"https://roadmaps.example.org/learn/data-engineer/storage/sql/\">"
    ));
}

#[test]
fn links_stay_in_their_roadmap_and_images_are_published_once() {
    let public = public();
    let etl = read(public.join("data-engineer/pipelines/etl/index.html"));
    assert!(
        etl.contains("href=\"/learn/data-engineer/storage/sql/\""),
        "a plain id is the current roadmap's"
    );
    let training = read(public.join("ai-engineer/models/training/index.html"));
    assert!(training.contains("href=\"/learn/ai-engineer/foundations/sql/\""));
    // The German page shows the image of the English one, published once beside it.
    let german = read(public.join("de/data-engineer/pipelines/etl/index.html"));
    assert!(german.contains("src=\"/learn/data-engineer/pipelines/figures/pipeline.svg\""), "{german}");
    assert!(public.join("data-engineer/pipelines/figures/pipeline.svg").is_file());
    assert!(!public.join("de/data-engineer/pipelines/figures/pipeline.svg").exists());
    // The language switcher keeps the reader in the same roadmap.
    let python = read(public.join("de/ai-engineer/foundations/python/index.html"));
    assert!(python.contains(
        "hreflang=\"en\" href=\"https://roadmaps.example.org/learn/ai-engineer/foundations/python/\""
    ));
}

#[test]
fn the_home_page_shows_each_roadmap_with_its_map_and_progress() {
    let home = read(public().join("index.html"));
    assert!(home.contains("<h1>Data &amp; AI Roadmaps</h1>"), "{home}");
    assert!(home.contains("Pick a roadmap below, or start with"), "the home page's own text");
    for (roadmap, title, skills) in [
        ("ai-engineer", "AI Engineer", "ai-engineer:python ai-engineer:sql ai-engineer:training"),
        ("data-engineer", "Data Engineer", "data-engineer:sql data-engineer:etl"),
    ] {
        assert!(home.contains(&format!("<h3><a href=\"/learn/{roadmap}/\">{title}</a></h3>")), "{roadmap}");
        assert!(home.contains(&format!("<img src=\"/learn/{roadmap}/mindmap.svg\"")), "{roadmap}'s map");
        assert!(home.contains(&format!("data-skills=\"{skills}\"")), "{roadmap}'s progress keys");
    }
    assert!(home.contains("3 skills") && home.contains("2 skills"));
    let german = read(public().join("de/index.html"));
    assert!(german.contains("<html lang=\"de\"") && german.contains("href=\"/learn/de/ai-engineer/\""));
    assert!(german.contains("KI-Ingenieur"), "a card shows the roadmap's translated title");
    let not_found = read(public().join("404.html"));
    assert!(not_found.contains("href=\"/learn/\""), "the site's 404 page leads home");
}

#[test]
fn the_sitemap_lists_the_home_page_and_every_page_of_every_roadmap() {
    let sitemap = read(public().join("sitemap.xml"));
    let locs: Vec<&str> =
        sitemap.split("<loc>").skip(1).map(|rest| rest.split("</loc>").next().unwrap()).collect();
    let base = "https://roadmaps.example.org/learn/";
    for page in [
        "",
        "de/",
        "ai-engineer/",
        "ai-engineer/models/training/",
        "de/ai-engineer/models/training/",
        "data-engineer/faq/",
        "de/data-engineer/pipelines/etl/",
    ] {
        assert!(locs.contains(&format!("{base}{page}").as_str()), "{page} in {locs:?}");
    }
    // Every page of the sitemap is a page of the site.
    for loc in &locs {
        let file = file_of(loc.strip_prefix("https://roadmaps.example.org").unwrap()).unwrap();
        assert!(public().join(&file).is_file(), "{loc}");
    }
    // Each of the four editions (two roadmaps, two languages) has a print edition and a trail
    // page, which are not listed; of the standalone page's copies only the canonical one (in
    // the first roadmap) is, in each language.
    assert_eq!(
        locs.len(),
        html_files().iter().filter(|f| f.ends_with("index.html")).count() - ["print", "trail"].len() * 4 - 2,
        "every page but the print editions, trails and second copies of the standalone page"
    );
}

#[test]
fn pages_name_the_other_roadmaps_pages_and_hear_back_from_them() {
    let public = public();
    // [[data-engineer:sql#joins]], [[data-engineer:etl|a pipeline]] and a prerequisite.
    let training = read(public.join("ai-engineer/models/training/index.html"));
    assert!(training.contains("<a href=\"/learn/data-engineer/storage/sql/#joins\">SQL</a>"), "{training}");
    assert!(training.contains("<a href=\"/learn/data-engineer/pipelines/etl/\">a pipeline</a>"));
    assert!(training.contains("<dt>Learn first, in other roadmaps</dt>"));
    assert!(training.contains(
        "<li data-skill=\"data-engineer:sql\"><a href=\"/learn/data-engineer/storage/sql/\">SQL</a>"
    ));
    // The German page links to the German edition of the other roadmap.
    let german = read(public.join("de/ai-engineer/models/training/index.html"));
    assert!(german.contains("href=\"/learn/de/data-engineer/storage/sql/#joins\""), "{german}");
    // Back-links, both ways: the pages of other roadmaps that name a page.
    let sql = read(public.join("data-engineer/storage/sql/index.html"));
    assert!(sql.contains("<dt>Also in AI Engineer</dt>"), "{sql}");
    assert!(sql.contains(
        "<li data-skill=\"ai-engineer:training\"><a href=\"/learn/ai-engineer/models/training/\">Training</a>"
    ));
    let etl = read(public.join("data-engineer/pipelines/etl/index.html"));
    assert!(
        etl.contains("<a href=\"/learn/ai-engineer/models/training/\">Training</a>"),
        "[[ai-engineer:training]]"
    );
    assert!(etl.contains("<dt>Related, in other roadmaps</dt>"));
    assert!(!etl.contains("<dt>Also in AI Engineer</dt>"), "a related page is not repeated as a mention");
    assert!(training.contains("<dt>Also in Data Engineer</dt>"), "etl names training");
    // The home page's text may name any roadmap's page.
    let home = read(public.join("index.html"));
    assert!(home.contains("<a href=\"/learn/ai-engineer/foundations/python/\">Python</a>"));
    // Skills of one roadmap say which roadmap they belong to: the scripts key progress by it.
    let html_tag = |page: &str| page[page.find("<html").unwrap()..].split('>').next().unwrap().to_string();
    assert!(html_tag(&training).contains(" data-roadmap=\"ai-engineer\""));
    assert!(!html_tag(&home).contains(" data-roadmap="), "the home page names its keys whole");
}

#[test]
fn init_multi_makes_a_site_of_two_roadmaps_that_builds_clean() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let made = trailmap(dir.path(), &["init", "--multi", "site", "--no-workflow"]);
    assert_eq!(made.code, 0, "{}", made.stderr);
    let run = trailmap(&site, &["check", "--strict"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let run = trailmap(&site, &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.join("public");
    for file in
        ["index.html", "first-roadmap/index.html", "second-roadmap/practice/projects/capstone/index.html"]
    {
        assert!(public.join(file).is_file(), "{file}");
    }
    let capstone = read(public.join("first-roadmap/practice/projects/capstone/index.html"));
    assert!(
        capstone.contains("href=\"/second-roadmap/practice/projects/capstone/\""),
        "the cross-roadmap link"
    );
}

/// The JSON a piece of the search index hands over: what follows `start` up to `);` or `;`.
fn search_json(text: &str, start: &str) -> serde_json::Value {
    let json = &text[text.find(start).unwrap_or_else(|| panic!("{start} in {text}")) + start.len()..];
    let json = json.trim_end().trim_end_matches(';').trim_end_matches(')');
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn one_search_index_per_language_holds_every_roadmap_labelled_and_its_links_lead_to_files() {
    let public = public();
    for (language, titles, stem) in
        [("", ["AI Engineer", "Data Engineer"], "en"), ("de/", ["KI-Ingenieur", "Data Engineer"], "de")]
    {
        let head =
            search_json(&read(public.join(format!("{language}search-index.js"))), "window.trailmapSearch=");
        assert_eq!(head["stem"], stem, "{language}: words are stemmed by the language");
        let roadmaps = head["roadmaps"].as_array().unwrap();
        let named: Vec<(&str, &str)> =
            roadmaps.iter().map(|r| (r[0].as_str().unwrap(), r[1].as_str().unwrap())).collect();
        assert_eq!(named, [(ROADMAPS[0], titles[0]), (ROADMAPS[1], titles[1])], "{language}: labelled");
        // Every page, roadmap after roadmap, as search.js numbers them.
        let mut pages = Vec::new();
        for n in 0.. {
            let Ok(text) = std::fs::read_to_string(public.join(format!("{language}search-index/d-{n}.js")))
            else {
                break;
            };
            pages.extend(
                search_json(&text, &format!("trailmapSearchAdd(\"d\",{n},")).as_array().unwrap().clone(),
            );
        }
        assert_eq!(head["pages"], pages.len(), "{language}");
        let mut start = 0;
        for (roadmap, listed) in ROADMAPS.iter().zip(roadmaps) {
            let count = listed[2].as_u64().unwrap() as usize;
            let own = &pages[start..start + count];
            start += count;
            // Each skill of the roadmap once, at its path below the roadmap's folder.
            let data = read(public.join(format!("{roadmap}/roadmap.json")));
            let data: serde_json::Value = serde_json::from_str(&data).unwrap();
            for skill in data["nodes"].as_array().unwrap().iter().filter(|n| n["kind"] == "skill") {
                let url = skill["url"].as_str().unwrap();
                let path = url.split(&format!("{BASE_PATH}{roadmap}/")).nth(1).unwrap();
                let found = own.iter().filter(|p| p[0] == "k" && p[2] == path).count();
                assert_eq!(found, 1, "{language}{roadmap}: {path} once in {own:?}");
            }
            assert!(own.iter().any(|p| p[0] == "f"), "{language}{roadmap}: its FAQ");
            // The sections of its results are its own.
            let sections = listed[3].as_array().unwrap();
            for page in own.iter().filter(|p| p[4].as_i64().unwrap() >= 0) {
                assert!(sections.get(page[4].as_u64().unwrap() as usize).is_some(), "{page:?}");
            }
            // Every result leads to a file of its roadmap's edition in this language.
            for page in own {
                let url = format!("{BASE_PATH}{language}{roadmap}/{}", page[2].as_str().unwrap());
                let file = file_of(&url).unwrap();
                assert!(public.join(&file).is_file(), "{url}: {file}");
            }
        }
        // The standalone page every roadmap publishes is found once, and the head says it is
        // every roadmap's (a search kept to the reader's roadmap finds it too).
        let standalone: Vec<usize> =
            (pages.iter().enumerate()).filter(|(_, p)| p[0] == "p").map(|(n, _)| n).collect();
        assert_eq!(standalone.len(), 1, "{language}");
        assert_eq!(head["shared"], serde_json::json!(standalone), "{language}");
        // `sql` is a skill of both roadmaps: one term, pages of both.
        let sq = read(public.join(format!("{language}search-index/t-sq.js")));
        assert!(sq.contains("\"sql\":"), "{sq}");
        let sqls: Vec<usize> = pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p[2].as_str().unwrap().ends_with("sql/"))
            .map(|(n, _)| n)
            .collect();
        assert_eq!(sqls.len(), 2);
        assert!(
            sqls[0] < roadmaps[0][2].as_u64().unwrap() as usize
                && sqls[1] >= roadmaps[0][2].as_u64().unwrap() as usize
        );
    }
    // Every page of the site searches it: the home page too.
    assert!(read(public.join("index.html")).contains("id=\"tm-search\""));
    assert!(read(public.join("de/index.html")).contains("Roadmaps durchsuchen"));
}

#[test]
fn an_edit_in_one_roadmap_reaches_the_site_search_index_as_a_full_build_would() {
    use trailmap::BuildOptions;
    use trailmap::session::Session;
    let site = copy_site("multi-roadmap");
    let options = BuildOptions { root: site.path().to_path_buf(), ..BuildOptions::default() };
    let mut session = Session::start(options.clone()).expect("first build");
    let file = site.path().join("content/data-engineer/pipelines/etl.md");
    std::fs::write(&file, read(&file).replace("title = \"ETL\"", "title = \"Extract and load\"")).unwrap();
    session.rebuild(std::slice::from_ref(&file)).expect("rebuild");
    let index = String::from_utf8_lossy(session.output().get("search-index/d-0.js").unwrap()).into_owned();
    assert!(index.contains("Extract and load") && !index.contains("\"ETL\""), "{index}");
    assert!(session.output() == &trailmap::build(&options).expect("full build"), "as a full build");
}
