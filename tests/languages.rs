//! A site in several languages (`languages = ["en", "de", "ar", "ja"]`, fixture
//! `tests/sites/multilingual`): every page exists in every language, says which one it is in
//! (`<html lang dir>`), links to itself in the others (`hreflang`, reciprocal, with `x-default`,
//! and a switcher that keeps the reader on the same page), shows its translation or else the
//! default language's text marked as such, and every language has its own search index, map,
//! data and print edition. The files every language shares (stylesheets, images beside the
//! text) are published once.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::{copy_site, read, trailmap};

const LANGUAGES: [&str; 4] = ["en", "de", "ar", "ja"];
const BASE: &str = "https://stats.example.org/learn/";

/// The fixture, built once for every test of this file.
fn public() -> &'static Path {
    static BUILT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &BUILT
        .get_or_init(|| {
            let dir = copy_site("multilingual");
            let run = trailmap(dir.path(), &["build"]);
            assert_eq!(run.code, 0, "{}", run.stderr);
            let public = dir.path().join("public");
            (dir, public)
        })
        .1
}

/// Every HTML page of the build (not the 404 pages), by its path below `public/`.
fn pages() -> Vec<String> {
    let public = public();
    let mut pages: Vec<String> = walkdir::WalkDir::new(public)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html")
        .map(|e| e.path().strip_prefix(public).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    pages.sort();
    pages
}

/// The language of a page from its folder: the default language's pages are at the root.
fn language_of(path: &str) -> &'static str {
    LANGUAGES[1..].iter().find(|l| path.starts_with(&format!("{l}/"))).copied().unwrap_or("en")
}

/// The value of `attribute` in the first tag of `html` that starts with `tag_start`.
fn attribute<'a>(html: &'a str, tag_start: &str, attribute: &str) -> Option<&'a str> {
    let at = html.find(tag_start)?;
    let tag = &html[at..at + html[at..].find('>')?];
    let key = format!(" {attribute}=\"");
    let start = tag.find(&key)? + key.len();
    Some(&tag[start..start + tag[start..].find('"')?])
}

/// The `hreflang` alternates in a page's head, as (language, absolute URL).
fn alternates(html: &str) -> BTreeMap<String, String> {
    let head = &html[..html.find("</head>").expect("a head")];
    head.split("<link rel=\"alternate\" hreflang=\"")
        .skip(1)
        .map(|rest| {
            let (language, rest) = rest.split_once('"').unwrap();
            let href = rest.split("href=\"").nth(1).unwrap().split('"').next().unwrap();
            (language.to_string(), href.to_string())
        })
        .collect()
}

/// The page of the site an absolute URL names, as a path below `public/`.
fn file_of(url: &str) -> String {
    format!("{}index.html", url.strip_prefix(BASE).unwrap_or_else(|| panic!("{url} is not on the site")))
}

#[test]
fn every_page_exists_in_every_language() {
    let pages = pages();
    let by_language = |language: &str| -> BTreeSet<String> {
        let prefix = if language == "en" { String::new() } else { format!("{language}/") };
        pages
            .iter()
            .filter(|p| language_of(p) == language)
            .map(|p| p.strip_prefix(&prefix).unwrap().to_string())
            .collect()
    };
    let default = by_language("en");
    assert!(default.len() >= 10, "{default:?}");
    for language in &LANGUAGES[1..] {
        assert_eq!(by_language(language), default, "the pages of `{language}`");
    }
    for language in LANGUAGES {
        let prefix = if language == "en" { String::new() } else { format!("{language}/") };
        for file in
            ["404.html", "search-index.js", "roadmap.json", "mindmap.svg", "learning.js", "strings.js"]
        {
            assert!(public().join(format!("{prefix}{file}")).is_file(), "{prefix}{file}");
        }
        let strings = read(public().join(format!("{prefix}strings.js")));
        assert!(strings.contains(&format!("\"_lang\":\"{language}\"")), "{prefix}strings.js: {strings}");
    }
}

#[test]
fn each_page_says_its_language_and_links_to_itself_in_every_other() {
    for page in pages() {
        let html = read(public().join(&page));
        let language = language_of(&page);
        assert_eq!(attribute(&html, "<html", "lang"), Some(language), "{page}");
        let dir = attribute(&html, "<html", "dir");
        assert_eq!(dir, (language == "ar").then_some("rtl"), "{page}: dir");
        // The scripts' text of its own language.
        let edition = attribute(&html, "<html", "data-edition").unwrap_or_default();
        let base = attribute(&html, "<html", "data-base").unwrap_or_default();
        let load = format!("<script src=\"{base}{edition}strings.js\" defer></script>");
        assert!(html.contains(&load), "{page}: {load}");
        assert_eq!(edition, if language == "en" { String::new() } else { format!("{language}/") }, "{page}");
        let own = format!("{BASE}{}", page.strip_suffix("index.html").unwrap());
        assert_eq!(attribute(&html, "<link rel=\"canonical\"", "href"), Some(own.as_str()), "{page}");

        let listed = alternates(&html);
        let mut expected: BTreeSet<&str> = LANGUAGES.into_iter().collect();
        expected.insert("x-default");
        assert_eq!(listed.keys().map(String::as_str).collect::<BTreeSet<_>>(), expected, "{page}");
        assert_eq!(listed[language], own, "{page} lists itself for its own language");
        assert_eq!(listed["x-default"], listed["en"], "{page}: x-default is the default language");
        for (other, url) in &listed {
            let file = file_of(url);
            let there = read(public().join(&file));
            // Reciprocal: the other page lists this one for this language.
            assert_eq!(alternates(&there).get(language), Some(&own), "{file} does not link back to {page}");
            if other != "x-default" {
                assert_eq!(language_of(&file), other.as_str(), "{url}");
            }
        }

        // The switcher: one link per language to the same page, the current one marked.
        let menu =
            &html[html.find("class=\"language-menu\"").unwrap_or_else(|| panic!("{page}: a switcher"))..];
        let menu = &menu[..menu.find("</nav>").unwrap()];
        for other in LANGUAGES {
            let url = listed[other].strip_prefix("https://stats.example.org").unwrap();
            let link = format!("<a href=\"{url}\" hreflang=\"{other}\" lang=\"{other}\"");
            assert!(menu.contains(&link), "{page}: the switcher's link to {other} ({link})");
        }
        assert_eq!(menu.matches("aria-current=\"page\"").count(), 1, "{page}");
        let current = &menu[..menu.find("aria-current").unwrap()];
        assert!(
            current.ends_with(&format!("lang=\"{language}\" "))
                || current.contains(&format!("hreflang=\"{language}\" lang=\"{language}\"")),
            "{page}"
        );
    }
}

#[test]
fn translations_replace_the_text_and_keep_the_rest_of_their_original() {
    let mean = read(public().join("de/basics/mean/index.html"));
    assert!(mean.contains("<h1>Der Mittelwert</h1>"), "the translated title");
    assert!(mean.contains("Der Mittelwert addiert die Werte"), "the translated body");
    assert!(!mean.contains("class=\"untranslated\""), "a translated page has no notice");
    // Keys the translation leaves out come from the original: its resources.
    assert!(mean.contains("https://en.wikipedia.org/wiki/Mean"), "the original's resources");
    // A heading link written for the German text, to the German page.
    assert!(mean.contains("href=\"/learn/de/basics/variance/#streuung\""), "{mean}");
    // The image beside the text is shared by every language: one file, at the site's root.
    assert!(mean.contains("src=\"/learn/basics/figures/mean.svg\""));
    assert!(public().join("basics/figures/mean.svg").is_file());
    assert!(!public().join("de/basics/figures/mean.svg").exists(), "shared files are published once");

    // The prerequisite (from the original's front matter) shows with its German title.
    let variance = read(public().join("de/basics/variance/index.html"));
    assert!(variance.contains(">Der Mittelwert<"), "the prerequisite's German title");

    // A standalone page and the FAQ are translated too.
    assert!(read(public().join("de/about/index.html")).contains("Über uns"));
    assert!(read(public().join("de/faq/index.html")).contains("Wie lange dauert es?"));
}

#[test]
fn an_untranslated_page_shows_the_default_language_marked_as_such() {
    let page = read(public().join("de/practice/ab-testing/index.html"));
    assert!(page.contains("class=\"untranslated\""), "a notice");
    assert!(page.contains("<h1 lang=\"en\">A/B testing</h1>"), "the title marked as English");
    assert!(page.contains("<div class=\"prose\" lang=\"en\">"), "the text marked as English");
    // Its links stay in the German edition, to the German titles; a heading link written for
    // the English text of a translated page goes to the same heading of the translation.
    assert!(page.contains("<a href=\"/learn/de/basics/variance/\">Varianz</a>"), "{page}");
    assert!(page.contains("href=\"/learn/de/basics/variance/#streuung\""), "{page}");
    // The default language's own pages carry no notice.
    for english in ["practice/ab-testing/index.html", "basics/mean/index.html"] {
        let html = read(public().join(english));
        assert!(!html.contains("class=\"untranslated\""), "{english}");
        assert!(
            !html.contains("<h1 lang=") && !html.contains("class=\"prose\" lang="),
            "{english}: nothing marked"
        );
    }
}

#[test]
fn every_language_has_its_own_search_map_data_and_print_edition() {
    let index = |prefix: &str| read(public().join(format!("{prefix}search-index.js")));
    assert!(index("").contains("\"stem\":\"en\""));
    assert!(index("de/").contains("\"stem\":\"de\""), "German words are stemmed as German");
    assert!(index("ja/").contains("\"stem\":\"\""));
    let titles = |prefix: &str| {
        let json: serde_json::Value =
            serde_json::from_str(&read(public().join(format!("{prefix}roadmap.json")))).unwrap();
        json.to_string()
    };
    assert!(titles("de/").contains("Der Mittelwert") && !titles("").contains("Der Mittelwert"));
    assert!(titles("ja/").contains("平均値"));
    assert!(read(public().join("de/mindmap.svg")).contains("Der Mittelwert"));
    assert!(read(public().join("ar/mindmap.svg")).contains("المتوسط الحسابي"));
    assert!(read(public().join("de/print/index.html")).contains("Der Mittelwert addiert die Werte"));
    // Pages of an edition load its own files; the theme's files come from the site's root.
    let ja = read(public().join("ja/index.html"));
    assert!(ja.contains("data-edition=\"ja/\""));
    assert!(ja.contains("href=\"/learn/style.css\""));
    assert!(ja.contains("data-learning-url=\"/learn/ja/learning.js\""), "Next up reads the edition's order");
    assert!(!public().join("ja/style.css").exists());
    // Progress is the site's, whatever the language: every edition keys it by the same base.
    for prefix in ["", "de/", "ar/", "ja/"] {
        let html = read(public().join(format!("{prefix}index.html")));
        assert_eq!(attribute(&html, "<html", "data-base"), Some("/learn/"), "{prefix}");
    }
}

#[test]
fn the_sitemap_lists_every_page_in_every_language_with_its_alternates() {
    let sitemap = read(public().join("sitemap.xml"));
    assert!(sitemap.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let urls: Vec<&str> = sitemap.split("<url>").skip(1).collect();
    let locs: BTreeSet<String> = urls
        .iter()
        .map(|u| u.split("<loc>").nth(1).unwrap().split("</loc>").next().unwrap().to_string())
        .collect();
    let pages: BTreeSet<String> = pages()
        .iter()
        .filter(|p| !p.ends_with("print/index.html") && !p.ends_with("trail/index.html"))
        .map(|p| format!("{BASE}{}", p.strip_suffix("index.html").unwrap()))
        .collect();
    assert_eq!(locs, pages, "every page in every language, once");
    for url in urls {
        assert_eq!(url.matches("<xhtml:link rel=\"alternate\"").count(), LANGUAGES.len() + 1, "{url}");
    }
    assert!(!public().join("de/sitemap.xml").exists() && !public().join("de/robots.txt").exists());
}

#[test]
fn a_site_in_one_language_has_no_editions() {
    let dir = copy_site("good");
    let run = trailmap(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/index.html"));
    assert!(!html.contains("hreflang") && !html.contains("data-edition") && !html.contains("language-menu"));
    assert!(!read(dir.path().join("public/sitemap.xml")).contains("xhtml"));
}
