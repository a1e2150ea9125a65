//! Hostile and odd content (`tests/sites/hostile/`): titles made of markup, quotes, `</svg>`,
//! template syntax, right-to-left text, emoji, CJK, 500-character labels, empty bodies, 20 levels
//! of nesting, CRLF and a BOM; plus 2,000 siblings, a file that is not UTF-8 and files that vanish
//! while a build runs. Everything must build, and every title must come out as text (escaped)
//! in every file it reaches: the pages (their `<title>` too), the mind map (inline and
//! `mindmap.svg`), the search index, the JSON-LD blocks and `roadmap.json`.
//!
//! Every payload in the fixture carries the word `pwned`, so an escape that fails shows up as an
//! element, an attribute or a script holding that word, which the checks below look for with a
//! small HTML tokenizer (the way a browser splits tags, including its raw-text elements).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use common::{copy_site, read, search_index, trailmap};

/// The site's title, as `trailmap.toml` has it (TOML escapes resolved).
const SITE_TITLE: &str = "Hostile <script>alert(\"pwned-site\")</script> & \"Co\" 'n' {{ site.title }}";

/// A page of the fixture as its front matter describes it.
#[derive(Debug, Clone)]
struct Page {
    id: String,
    title: String,
    /// `a/b/index.html`.
    output: String,
}

/// Every page of `content/`, read with the test's own TOML parser (BOM and CRLF handled here).
fn pages(root: &Path) -> Vec<Page> {
    let content = root.join("content");
    let mut pages = Vec::new();
    for entry in walkdir::WalkDir::new(&content).sort_by_file_name().into_iter().flatten() {
        let path = entry.path();
        let rel = path.strip_prefix(&content).expect("inside").to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".md") || rel == "faq.md" {
            continue;
        }
        let text = read(path);
        let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
        let front = text.split("+++\n").nth(1).unwrap_or_else(|| panic!("{rel}: no front matter"));
        let front = front.trim_end_matches("+++");
        let meta: toml::Table = toml::from_str(front).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let title = meta["title"].as_str().expect("a title").to_string();
        let dir = rel.trim_end_matches(".md").trim_end_matches("_index").trim_end_matches('/');
        let id = dir.rsplit('/').next().filter(|s| !s.is_empty()).unwrap_or("_root").to_string();
        let output = if dir.is_empty() { "index.html".to_string() } else { format!("{dir}/index.html") };
        pages.push(Page { id, title, output });
    }
    pages
}

fn build(root: &Path) {
    let run = trailmap(root, &["build", "--quiet"]);
    assert_eq!(run.code, 0, "the hostile site must build:\n{}", run.stderr);
}

#[test]
fn hostile_titles_come_out_as_text_everywhere() {
    let site = copy_site("hostile");
    let root = site.path();
    build(root);
    let public = root.join("public");
    let pages = pages(root);
    assert!(pages.len() >= 30, "the fixture has its pages: {}", pages.len());
    let faq_title = "FAQ </title><script>alert(\"pwned-faq-title\")</script>";

    // Every HTML file: no injected element, attribute or script, one <title> with the right text,
    // JSON-LD that parses, inline maps that are XML.
    let mut html_files = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().flatten() {
        let rel = entry.path().strip_prefix(&public).expect("inside").to_string_lossy().replace('\\', "/");
        if !rel.ends_with(".html") {
            continue;
        }
        html_files += 1;
        let html = read(entry.path());
        let elements = tokenize(&html);
        no_injection(&rel, &elements);
        let titles: Vec<&Element> = elements.iter().filter(|e| e.name == "title" && !e.foreign).collect();
        assert_eq!(titles.len(), 1, "{rel}: one <title> element");
        let title = decode_entities(&titles[0].text).unwrap_or_else(|e| panic!("{rel}: {e}"));
        // The C0 controls HTML does not allow in text (all but tab, newline and carriage return,
        // which is written as a reference) and the noncharacters U+FFFE/U+FFFF come out as U+FFFD,
        // so that every page stays valid.
        let shown = |title: &str| -> String {
            let invalid = |c: char| {
                (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
            };
            title.chars().map(|c| if invalid(c) { '\u{FFFD}' } else { c }).collect()
        };
        let expected = match pages.iter().find(|p| p.output == rel) {
            Some(page) if page.id == "_root" => Some(shown(&page.title)),
            Some(page) => Some(format!("{} · {SITE_TITLE}", shown(&page.title))),
            None if rel == "faq/index.html" => Some(format!("{faq_title} · {SITE_TITLE}")),
            None if rel == "markup/old-script-title/index.html" => {
                Some("Moved: <script>alert(\"pwned-1\")</script>".to_string())
            }
            None => None,
        };
        if let Some(expected) = expected {
            assert_eq!(title, expected, "{rel}: the <title> shows the title as text");
        }
        for script in
            elements.iter().filter(|e| e.name == "script" && e.attr("type") == Some("application/ld+json"))
        {
            let raw = &script.text;
            let lower = raw.to_ascii_lowercase();
            assert!(!lower.contains("</script") && !lower.contains("<!--"), "{rel}: JSON-LD can end early");
            let value: serde_json::Value = serde_json::from_str(raw)
                .unwrap_or_else(|e| panic!("{rel}: JSON-LD is not JSON ({e}): {raw}"));
            if let Some(page) = pages.iter().find(|p| p.output == rel && p.id != "_root") {
                let items = value["itemListElement"].as_array().expect("a BreadcrumbList");
                assert_eq!(
                    items.last().expect("a crumb")["name"],
                    page.title.as_str(),
                    "{rel}: JSON-LD name"
                );
            }
        }
        for svg in inline_maps(&html) {
            let doc = roxmltree::Document::parse(svg)
                .unwrap_or_else(|e| panic!("{rel}: the inline mind map is not well-formed XML: {e}"));
            no_injection_in_svg(&rel, &doc);
        }
    }
    assert!(html_files > pages.len(), "every page was checked ({html_files} files)");

    // The FAQ's JSON-LD carries the questions as text.
    let faq = read(public.join("faq/index.html"));
    let faq_ld = tokenize(&faq)
        .into_iter()
        .find(|e| e.name == "script" && e.attr("type") == Some("application/ld+json"))
        .expect("the FAQ page has JSON-LD");
    let faq_ld: serde_json::Value = serde_json::from_str(&faq_ld.text).expect("JSON");
    assert_eq!(faq_ld["name"], faq_title);
    assert_eq!(faq_ld["mainEntity"][0]["name"], "What about <script>alert(\"pwned-question\")</script>?");

    // The mind map file: well-formed, nothing injected, every node labelled with its exact title.
    let svg = read(public.join("mindmap.svg"));
    let doc = roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("mindmap.svg is not XML: {e}"));
    no_injection_in_svg("mindmap.svg", &doc);
    // A node's name is its `aria-label` when the drawn label is shortened, else the label's lines.
    let labels: BTreeMap<&str, String> = doc
        .descendants()
        .filter_map(|n| {
            // The node's name is its text: the lines and the spaces the map keeps between them.
            let name = match n.attribute("aria-label") {
                Some(label) => label.to_string(),
                None => n
                    .descendants()
                    .filter(|t| t.has_tag_name("text"))
                    .flat_map(|t| t.descendants())
                    .filter(|t| t.is_text())
                    .filter_map(|t| t.text())
                    .collect::<String>(),
            };
            Some((n.attribute("data-id")?, name))
        })
        .collect();
    for page in &pages {
        let label = labels.get(page.id.as_str()).unwrap_or_else(|| panic!("no map node for `{}`", page.id));
        assert_eq!(*label, xml_safe(&page.title), "the map's label of `{}`", page.id);
    }

    // roadmap.json: parses, and every title round-trips exactly.
    let roadmap: serde_json::Value = serde_json::from_str(&read(public.join("roadmap.json"))).expect("JSON");
    let nodes = roadmap["nodes"].as_array().expect("nodes");
    assert_eq!(nodes.len(), pages.len());
    for page in &pages {
        let node =
            nodes.iter().find(|n| n["id"] == page.id.as_str()).unwrap_or_else(|| panic!("{}", page.id));
        assert_eq!(node["title"], page.title.as_str(), "roadmap.json title of `{}`", page.id);
    }
    assert_eq!(roadmap["description"], "\" onload=\"alert('pwned-description')\" & </script> ]]>");

    // The search index: valid JSON, exact titles, and nothing that would end a script element
    // early (checked as it is read).
    let docs = search_index(&public).pages;
    for page in &pages {
        let path = page.output.trim_end_matches("index.html");
        let doc = docs.iter().find(|d| d[2] == path).unwrap_or_else(|| panic!("{path} not in the index"));
        assert_eq!(doc[1], page.title.as_str(), "search index title of {path}");
    }
    assert!(
        docs.iter().any(|d| d[1] == "What about <script>alert(\"pwned-question\")</script>?"),
        "FAQ questions are indexed as text"
    );

    // Template syntax is text, never evaluated: it reaches the page as written.
    let tera = read(public.join("markup/tera/index.html"));
    assert!(tera.contains("{{ site.title }} {% raw %}{{ x }}{% endraw %} {# comment #} {{ page | safe }}"));
    assert!(
        tera.contains("{{ page.title }}, {% for x in y %}{% endfor %}"),
        "a body's template syntax is text"
    );
    // The 500-character title is whole on its page.
    let long = pages.iter().find(|p| p.id == "long-label").expect("the long label");
    assert_eq!(long.title.chars().count(), 500);
    assert!(read(public.join("world/long-label/index.html")).contains(&long.title));
    // The CJK id makes a page at its own path; the deepest page is there.
    assert!(public.join("world/机器学习/index.html").is_file());
    let deepest: PathBuf = (2..=20).map(|l| format!("level-{l}")).collect();
    assert!(public.join("deep").join(deepest).join("bottom/index.html").is_file());
}

/// A link the author wrote with a URL that looks like trailmap's internal placeholders keeps its
/// URL (and does not turn into a link to another page).
#[test]
fn a_placeholder_lookalike_url_is_left_alone() {
    let site = copy_site("hostile");
    build(site.path());
    let html = read(site.path().join("public/markup/tera/index.html"));
    let link = tokenize(&html)
        .into_iter()
        .find(|e| e.name == "a" && e.text_after.starts_with("not a cross-link"))
        .expect("the link is on the page");
    let href = link.attr("href").expect("an href");
    assert!(href.eq_ignore_ascii_case("trailmap:0"), "the author's URL was replaced by {href:?}");
}

/// `data:` images are refused (tests/sites/invalid/data-image-not-allowed) unless the site opts
/// in; then they are kept as written, and only images: a `data:` link is still refused.
#[test]
fn data_images_come_through_only_where_the_site_allows_them() {
    let dir = tempfile::tempdir().unwrap();
    common::copy_dir(&common::fixture("invalid/_base"), dir.path());
    common::copy_dir(&common::fixture("invalid/data-image-not-allowed"), dir.path());
    let settings = dir.path().join("trailmap.toml");
    let text = std::fs::read_to_string(&settings).unwrap() + "allow_data_images = true\n";
    std::fs::write(&settings, text).unwrap();
    let run = trailmap(dir.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let html = read(dir.path().join("public/alpha/one/index.html"));
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo=\""), "{html}");

    let page = dir.path().join("content/alpha/one.md");
    let text = std::fs::read_to_string(&page).unwrap()
        + "\n[A page](data:image/svg+xml,x) <iframe src=\"data:image/svg+xml,x\"></iframe>\n";
    std::fs::write(&page, text).unwrap();
    let run = trailmap(dir.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.matches("a `data:` URL: it can carry a whole document").count(),
        2,
        "{}",
        run.stderr
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named_and_nothing_is_written() {
    let site = copy_site("hostile");
    let root = site.path();
    let bad = root.join("content/world/latin1.md");
    std::fs::write(&bad, b"+++\ntitle = \"Caf\xe9\"\n+++\n\nFran\xe7ais\n").expect("write");
    let run = trailmap(root, &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/world/latin1.md:2:13: the file is not valid UTF-8"),
        "the error names the file and the place:\n{}",
        run.stderr
    );
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    assert!(!root.join("public").exists(), "a failed build writes nothing");
}

#[test]
fn two_thousand_siblings_build() {
    let site = copy_site("hostile");
    let root = site.path();
    let many = root.join("content/many");
    std::fs::create_dir_all(&many).expect("mkdir");
    std::fs::write(many.join("_index.md"), "+++\ntitle = \"Many <siblings>\"\n+++\n").expect("write");
    for i in 0..2000 {
        let text = format!(
            "+++\ntitle = \"Sibling {i} <b>&</b>\"\nweight = {}\n{}+++\n\nNumber {i}.\n",
            2000 - i,
            if i > 0 { format!("prerequisites = [\"sibling-{}\"]\n", i - 1) } else { String::new() }
        );
        std::fs::write(many.join(format!("sibling-{i}.md")), text).expect("write");
    }
    // 2,000 preview cards would test the images (tests/share.rs does), not the siblings.
    let settings = root.join("trailmap.toml");
    let text = std::fs::read_to_string(&settings).expect("settings") + "preview_images = \"none\"\n";
    std::fs::write(&settings, text).expect("write");
    build(root);
    let public = root.join("public");
    let roadmap: serde_json::Value = serde_json::from_str(&read(public.join("roadmap.json"))).expect("JSON");
    let node = roadmap["nodes"].as_array().expect("nodes").iter().find(|n| n["id"] == "many").expect("many");
    let children = node["children"].as_array().expect("children");
    assert_eq!(children.len(), 2000);
    // Sorted by weight: the last written comes first.
    assert_eq!(children[0], "sibling-1999");
    assert_eq!(children[1999], "sibling-0");
    let svg = read(public.join("mindmap.svg"));
    roxmltree::Document::parse(&svg).unwrap_or_else(|e| panic!("mindmap.svg is not XML: {e}"));
    let section = read(public.join("many/index.html"));
    for svg in inline_maps(&section) {
        roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("the section's map is not XML: {e}"));
    }
    no_injection("many/index.html", &tokenize(&section));
    assert!(public.join("many/sibling-1234/index.html").is_file());
}

/// Files deleted and re-created while builds run: each build succeeds or reports the file it
/// could not read; none panics.
#[test]
fn files_that_vanish_mid_build_are_reported_not_fatal() {
    let site = copy_site("hostile");
    let root = site.path().to_path_buf();
    let churn = root.join("content/churn");
    std::fs::create_dir_all(&churn).expect("mkdir");
    std::fs::write(churn.join("_index.md"), "+++\ntitle = \"Churn\"\n+++\n").expect("write");
    let skill = |i: usize| format!("+++\ntitle = \"Churn {i}\"\n+++\n\nSee [[emoji]].\n");
    for i in 0..60 {
        std::fs::write(churn.join(format!("c{i}.md")), skill(i)).expect("write");
    }
    let stop = Arc::new(AtomicBool::new(false));
    let vandal = {
        let (stop, churn) = (stop.clone(), churn.clone());
        std::thread::spawn(move || {
            let mut round = 0usize;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                for i in (round % 3..60).step_by(3) {
                    let _ = std::fs::remove_file(churn.join(format!("c{i}.md")));
                }
                // A folder of sub-skills that comes and goes whole.
                let folder = churn.join("sub");
                if round.is_multiple_of(2) {
                    let _ = std::fs::remove_dir_all(&folder);
                } else if std::fs::create_dir_all(&folder).is_ok() {
                    let _ = std::fs::write(folder.join("_index.md"), "+++\ntitle = \"Sub\"\n+++\n");
                    let _ = std::fs::write(folder.join("leaf.md"), "+++\ntitle = \"Leaf\"\n+++\n");
                }
                std::thread::sleep(Duration::from_millis(1));
                for i in 0..60 {
                    let _ = std::fs::write(churn.join(format!("c{i}.md")), skill(i));
                }
            }
        })
    };
    let options = trailmap::BuildOptions { root: root.clone(), ..trailmap::BuildOptions::default() };
    let (mut built, mut reported) = (0, 0);
    let deadline = Instant::now() + Duration::from_secs(4);
    while Instant::now() < deadline || built + reported < 10 {
        let result = std::panic::catch_unwind(|| trailmap::build(&options));
        match result {
            Err(_) => {
                stop.store(true, Ordering::Relaxed);
                panic!("a build panicked while files vanished");
            }
            Ok(Ok(_)) => built += 1,
            Ok(Err(problems)) => {
                reported += 1;
                for problem in &problems {
                    let path = problem.path.to_string_lossy().replace('\\', "/");
                    assert!(path.starts_with("content/"), "the problem names a content file: {problem}");
                    assert!(!problem.message.is_empty(), "{problem}");
                }
            }
        }
        if built + reported >= 400 {
            break;
        }
    }
    stop.store(true, Ordering::Relaxed);
    vandal.join().expect("the vandal thread ends");
    eprintln!("{built} builds succeeded, {reported} reported vanished files");
    assert!(built + reported >= 10);
}

/// The characters XML 1.0 cannot hold, as the map writes them (U+FFFD).
fn xml_safe(text: &str) -> String {
    text.chars()
        .map(|c| {
            if (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}' || c == '\u{ffff}' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect()
}

/// The mind maps drawn inside a page (`<svg xmlns=… class="mm…">` … `</svg>`).
fn inline_maps(html: &str) -> Vec<&str> {
    const OPEN: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"mm";
    let mut maps = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        rest = &rest[start..];
        let end = rest.find("</svg>").expect("the map is closed") + "</svg>".len();
        maps.push(&rest[..end]);
        rest = &rest[end..];
    }
    maps
}

fn no_injection_in_svg(what: &str, doc: &roxmltree::Document) {
    for node in doc.descendants().filter(|n| n.is_element()) {
        let name = node.tag_name().name();
        assert!(name != "script" && !name.contains("pwned"), "{what}: an injected <{name}> element");
        for attr in node.attributes() {
            assert!(!attr.name().contains("pwned"), "{what}: an injected attribute {}", attr.name());
            assert!(
                !(attr.name().starts_with("on") && attr.value().contains("pwned")),
                "{what}: an injected handler {}",
                attr.name()
            );
        }
    }
}

fn no_injection(what: &str, elements: &[Element]) {
    for element in elements {
        let name = &element.name;
        assert!(!name.contains("pwned"), "{what}: an injected <{name}> element");
        for (attr, value) in &element.attrs {
            assert!(!attr.contains("pwned"), "{what}: <{name}> got an injected attribute `{attr}`");
            assert!(
                !(attr.starts_with("on") && value.contains("pwned")),
                "{what}: <{name}> got an injected handler `{attr}={value}`"
            );
        }
        // JSON-LD is data, never run (and checked to parse and to end where it should).
        if name == "script" && element.attr("type") != Some("application/ld+json") {
            assert!(!element.text.contains("pwned"), "{what}: an injected script: {}", element.text);
            assert!(
                !element.attr("src").unwrap_or_default().contains("pwned"),
                "{what}: an injected script src"
            );
        }
    }
}

/// A start tag as an HTML parser sees it.
#[derive(Debug)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    /// For raw-text and escapable raw-text elements (`script`, `style`, `title`, `textarea`):
    /// their content, undecoded.
    text: String,
    /// The text that follows the start tag, up to the next `<` (for finding links by their text).
    text_after: String,
    /// Inside `<svg>` or `<math>`, where `title` is an ordinary element.
    foreign: bool,
}

impl Element {
    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }
}

/// Splits HTML into its start tags the way the HTML tokenizer does (comments, doctype, quoted
/// and unquoted attributes, raw text inside `script`/`style`, RCDATA inside `title`/`textarea`,
/// and SVG or MathML where those rules do not apply).
fn tokenize(html: &str) -> Vec<Element> {
    let lower = html.to_ascii_lowercase();
    let b = html.as_bytes();
    let mut elements = Vec::new();
    let mut foreign = 0usize;
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        if lower[i..].starts_with("<!--") {
            i = lower[i + 4..].find("-->").map_or(b.len(), |e| i + 4 + e + 3);
            continue;
        }
        if lower[i..].starts_with("<!") || lower[i..].starts_with("<?") {
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if lower[i..].starts_with("</") {
            let name: String = lower[i + 2..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
            if (name == "svg" || name == "math") && foreign > 0 {
                foreign -= 1;
            }
            i = html[i..].find('>').map_or(b.len(), |e| i + e + 1);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < b.len() && !b[j].is_ascii_whitespace() && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = lower[i + 1..j].to_string();
        let mut attrs = Vec::new();
        let mut self_closing = false;
        loop {
            while j < b.len() && (b[j].is_ascii_whitespace() || b[j] == b'/') {
                self_closing = b[j] == b'/';
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            self_closing = false;
            let start = j;
            j += 1;
            while j < b.len() && !b[j].is_ascii_whitespace() && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let attr = lower[start..j].to_string();
            let mut k = j;
            while k < b.len() && b[k].is_ascii_whitespace() {
                k += 1;
            }
            let mut value = String::new();
            if b.get(k) == Some(&b'=') {
                k += 1;
                while k < b.len() && b[k].is_ascii_whitespace() {
                    k += 1;
                }
                match b.get(k) {
                    Some(&quote @ (b'"' | b'\'')) => {
                        let end = html[k + 1..].find(quote as char).map_or(b.len(), |e| k + 1 + e);
                        value = html[k + 1..end].to_string();
                        j = end + 1;
                    }
                    _ => {
                        let end = html[k..]
                            .find(|c: char| c.is_ascii_whitespace() || c == '>')
                            .map_or(b.len(), |e| k + e);
                        value = html[k..end].to_string();
                        j = end;
                    }
                }
            }
            attrs.push((attr, value));
        }
        let j = j.min(b.len());
        let raw = foreign == 0 && matches!(name.as_str(), "script" | "style" | "title" | "textarea");
        let text_ends = |from: usize| lower[from..].find(&format!("</{name}")).map_or(b.len(), |e| from + e);
        let (text, next) = if raw || name == "script" {
            let end = text_ends(j);
            (html[j..end].to_string(), end)
        } else {
            (String::new(), j)
        };
        if (name == "svg" || name == "math") && !self_closing {
            foreign += 1;
        }
        let text_after = html[j..].split('<').next().unwrap_or_default().to_string();
        elements.push(Element { name, attrs, text, text_after, foreign: foreign > 0 });
        i = next;
    }
    elements
}

/// Decodes the character references a template escaper writes; anything else is an error.
fn decode_entities(text: &str) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').ok_or_else(|| format!("a bare `&` in {text:?}"))?;
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x").or_else(|| entity.strip_prefix("#X"))
                {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| format!("unknown entity &{entity}; in {text:?}"))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    if text.contains('<') {
        return Err(format!("an unescaped `<` in {text:?}"));
    }
    Ok(out)
}
