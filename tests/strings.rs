//! The interface text comes from the theme's `i18n/<lang>.toml`, and a site changes any of it
//! in its own `i18n/` folder, checked like the rest of its files.

mod common;

use std::path::Path;

use common::{copy_site, read, trailmap};

#[test]
fn a_site_rewords_the_interface_and_a_mistyped_key_is_named_at_its_place() {
    let site = copy_site("good");
    let i18n = site.path().join("i18n");
    std::fs::create_dir(&i18n).unwrap();
    std::fs::write(
        i18n.join("en.toml"),
        "[not_found]\npage_title = \"Nothing here <yet>\"\nhme = \"Home\"\n",
    )
    .unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert!(page.contains("<h1>Nothing here &lt;yet&gt;</h1>"), "{page}");
    // Keys the site leaves alone keep the theme's words, placeholders filled with markup.
    assert!(page.contains("or press <kbd>/</kbd>."), "{page}");
    assert!(
        run.stderr.contains("i18n/en.toml:3:1: warning: no interface text is called `not_found.hme`"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `not_found.home`?"), "{}", run.stderr);
    let strict = trailmap(site.path(), &["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

#[test]
fn a_language_without_interface_text_is_shown_in_english_and_said_once() {
    // Dutch: a language the default theme does not ship.
    let site = copy_site("good");
    let settings = site.path().join("trailmap.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("language = \"nl\"\n{text}")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("no interface text in `nl`").count(), 1, "{}", run.stderr);
    let page = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert!(page.contains("<h1>Page not found</h1>"));

    // A partial translation: its keys in Dutch, the rest in English, the missing ones named
    // once, by `check` as by `build`.
    let i18n = site.path().join("i18n");
    std::fs::create_dir(&i18n).unwrap();
    std::fs::write(
        i18n.join("nl.toml"),
        "[not_found]\npage_title = \"Pagina niet gevonden\"\n[base]\nskip = \"Naar de inhoud\"\n",
    )
    .unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert!(page.contains("<h1>Pagina niet gevonden</h1>"), "{page}");
    assert!(page.contains(">Naar de inhoud<"), "{page}");
    assert!(page.contains("Go to the roadmap"));
    let english = english_texts().len();
    for run in [run, trailmap(site.path(), &["check"])] {
        let said = format!("{} interface texts are not translated into `nl`", english - 2);
        assert_eq!(run.stderr.matches(&said).count(), 1, "{said}\n{}", run.stderr);
        assert_eq!(run.stderr.matches("not translated").count(), 1, "{}", run.stderr);
        // The keys are named (the first few), each once; the translated ones are not.
        assert_eq!(run.stderr.matches("base.built_with").count(), 1, "{}", run.stderr);
        assert!(!run.stderr.contains("base.skip,"), "{}", run.stderr);
    }
    let strict = trailmap(site.path(), &["check", "--strict"]);
    assert_eq!(strict.code, 1, "{}", strict.stderr);
}

/// The theme's English texts, by key.
fn english_texts() -> std::collections::BTreeMap<String, String> {
    fn walk(table: &toml::Table, prefix: &str, out: &mut std::collections::BTreeMap<String, String>) {
        for (name, value) in table {
            match value {
                toml::Value::String(text) => {
                    out.insert(format!("{prefix}{name}"), text.clone());
                }
                toml::Value::Table(inner) => walk(inner, &format!("{prefix}{name}."), out),
                other => panic!("{prefix}{name} is {other:?}"),
            }
        }
    }
    let text = read(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/en.toml"));
    let mut out = std::collections::BTreeMap::new();
    walk(&text.parse::<toml::Table>().unwrap(), "", &mut out);
    out
}

/// Every file under `dir` whose name ends with one of `extensions`, with its text.
fn files(dir: &Path, extensions: &[&str]) -> Vec<(String, String)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(|e| extensions.iter().any(|x| e.path().to_string_lossy().ends_with(x)))
        .map(|e| (e.path().strip_prefix(dir).unwrap().display().to_string(), read(e.path())))
        .collect()
}

#[test]
fn a_german_site_shows_no_english_interface_text() {
    let site = copy_site("german");
    // A FAQ without a title of its own takes the interface's.
    let faq = site.path().join("content/faq.md");
    std::fs::write(&faq, read(&faq).replace("title = \"Häufige Fragen\"\n", "")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The theme's German is whole: nothing is left to say about it.
    assert!(!run.stderr.contains("interface text"), "{}", run.stderr);
    // English phrases of two words or more (the parts between placeholders), as written and as
    // HTML escapes them.
    let mut phrases = std::collections::BTreeSet::new();
    for text in english_texts().values() {
        for part in text.split(['{', '}']).step_by(2) {
            let part = part.trim_matches(|c: char| c.is_whitespace() || ",.:;()".contains(c));
            if part.split_whitespace().count() >= 2 {
                phrases.insert(part.to_string());
                phrases.insert(part.replace('\'', "&#39;").replace('"', "&quot;"));
            }
        }
    }
    assert!(phrases.len() > 100, "{}", phrases.len());
    let public = site.path().join("public");
    let pages = files(&public, &[".html", "mindmap.svg"]);
    assert!(pages.len() >= 15, "{:?}", pages.iter().map(|(p, _)| p).collect::<Vec<_>>());
    for (path, text) in &pages {
        for phrase in &phrases {
            assert!(!text.contains(phrase.as_str()), "public/{path} has the English “{phrase}”");
        }
    }
    // What the build writes itself is German too: the map, callouts, a task list, the trail,
    // the page at an old address, the script's text.
    let landing = read(public.join("index.html"));
    assert!(landing.contains("<html lang=\"de\""), "{landing}");
    assert!(landing.contains("Mindmap von Handwerk lernen"), "{landing}");
    assert!(landing.contains("</svg>Kern</li>"), "{landing}");
    let script_strings = read(public.join("strings.js"));
    assert!(
        script_strings.contains("\"search_none\":\"Keine Ergebnisse für „{query}“.\""),
        "{script_strings}"
    );
    let skill = read(public.join("grundlagen/erste-schritte/index.html"));
    assert!(skill.contains("aria-label=\"Hinweis\""), "{skill}");
    assert!(skill.contains("aria-label=\"Erledigt\"> "), "{skill}");
    let hammer = read(public.join("grundlagen/werkzeuge/hammer/index.html"));
    assert!(hammer.contains("<span class=\"trail-tag\">direkt nötig</span>"), "{hammer}");
    assert!(read(public.join("faq/index.html")).contains("<h1>Häufige Fragen</h1>"));
    let moved = read(public.join("grundlagen/naechste-schritte/index.html"));
    assert!(moved.contains("<title>Umgezogen: Zweite Schritte</title>"), "{moved}");
}

#[test]
fn every_page_loads_the_scripts_text_first_and_it_is_exactly_what_the_scripts_read() {
    let site = copy_site("good");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Every page with scripts loads the edition's strings.js once, before the scripts that read it
    // (deferred scripts run in order; data such as learning.js may come before).
    const LOAD: &str = "<script src=\"/strings.js\" defer></script>";
    let mut pages = 0;
    for (path, page) in files(&site.path().join("public"), &[".html"]) {
        if page.contains("http-equiv=\"refresh\"") {
            continue; // a page at an old address, with no scripts
        }
        assert_eq!(page.matches(LOAD).count(), 1, "public/{path}");
        let first_reader = ["trailmap.js", "progress.js", "trails.js", "search.js", "mindmap.js"]
            .iter()
            .filter_map(|name| page.find(&format!("<script src=\"/{name}\"")))
            .min();
        assert!(
            first_reader.is_some_and(|at| page.find(LOAD) < Some(at)),
            "public/{path}: strings.js comes first"
        );
        assert!(!page.contains("trailmap-strings"), "public/{path} still carries the strings itself");
        pages += 1;
    }
    assert!(pages > 5, "pages with scripts: {pages}");
    let file = read(site.path().join("public/strings.js"));
    let json = file.strip_prefix("window.trailmapStrings=").and_then(|f| f.strip_suffix(";\n"));
    let json = json.unwrap_or_else(|| panic!("strings.js is one assignment: {file}"));
    let blob: serde_json::Value = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"));
    let keys: std::collections::BTreeSet<String> =
        blob.as_object().unwrap().keys().filter(|k| *k != "_lang").cloned().collect();
    assert_eq!(blob["_lang"], "en");

    // The keys the scripts look up: every quoted key inside a `ui(…)` call; one ending in `_`
    // is a prefix (`ui('map_kind_' + level)`).
    let mut used = std::collections::BTreeSet::new();
    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    for (name, script) in files(&static_dir, &[".js"]) {
        let mut calls = 0;
        let mut rest = script.as_str();
        while let Some(at) = rest.find("ui(") {
            let before = rest[..at].chars().last();
            rest = &rest[at + 3..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
                continue;
            }
            // The call's text, up to its closing parenthesis.
            let mut depth = 1;
            let end = rest
                .char_indices()
                .find(|&(_, c)| {
                    depth += match c {
                        '(' => 1,
                        ')' => -1,
                        _ => 0,
                    };
                    depth == 0
                })
                .map_or(rest.len(), |(i, _)| i);
            let call = &rest[..end];
            calls += 1;
            for (i, quoted) in call.split('\'').enumerate() {
                if i % 2 == 1
                    && !quoted.is_empty()
                    && quoted.chars().all(|c| c.is_ascii_lowercase() || c == '_')
                {
                    used.insert(quoted.to_string());
                }
            }
        }
        if name != "search.js" || script.contains("ui(") {
            assert!(calls > 0, "{name} reads no text from the blob");
        }
    }
    let plural = |key: &str| keys.contains(&format!("{key}_one")) && keys.contains(&format!("{key}_other"));
    for key in &used {
        if let Some(prefix) = key.strip_suffix('_') {
            assert!(keys.iter().any(|k| k.starts_with(&format!("{prefix}_"))), "no key starts with {key}");
        } else {
            assert!(keys.contains(key) || plural(key), "the scripts read `{key}`, the blob lacks it");
        }
    }
    for key in &keys {
        let base = key.strip_suffix("_one").or_else(|| key.strip_suffix("_other")).unwrap_or(key);
        let read = used.contains(key)
            || used.contains(base)
            || used.iter().any(|u| u.ends_with('_') && key.starts_with(u.as_str()));
        assert!(read, "the blob holds `{key}`, which no script reads");
    }
    // And no English is left in the scripts' strings: no literal of three words or more.
    for (name, script) in files(&static_dir, &[".js"]) {
        let code =
            script.lines().filter(|l| !["//", "*", "/*"].iter().any(|c| l.trim_start().starts_with(c)));
        for line in code {
            // Without a comment at its end (`// …`, never `://`).
            let line = line.find(" //").map_or(line, |at| &line[..at]);
            for (i, quoted) in line.split('\'').enumerate() {
                let words = quoted.split_whitespace().filter(|w| w.chars().all(char::is_alphabetic)).count();
                assert!(i % 2 == 0 || words < 3, "{name}: English in a script: '{quoted}'");
            }
        }
    }
}

#[test]
fn interface_text_that_is_not_text_stops_the_build_at_its_place() {
    let site = copy_site("good");
    let i18n = site.path().join("i18n");
    std::fs::create_dir(&i18n).unwrap();
    std::fs::write(i18n.join("en.toml"), "[not_found]\nlead = 3\n").unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("i18n/en.toml:2:1: `not_found.lead` must be text"), "{}", run.stderr);
}
