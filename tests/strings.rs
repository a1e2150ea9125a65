//! The interface text comes from the theme's `i18n/<lang>.toml`, and a site changes any of it
//! in its own `i18n/` folder, checked like the rest of its files.

mod common;

use common::{copy_site, trailmap};

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
    let site = copy_site("good");
    let settings = site.path().join("trailmap.toml");
    let text = std::fs::read_to_string(&settings).unwrap();
    std::fs::write(&settings, format!("language = \"de\"\n{text}")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr.matches("no interface text in `de`").count(), 1, "{}", run.stderr);
    let page = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert!(page.contains("<h1>Page not found</h1>"));

    // A partial translation: its keys in German, the rest in English, the missing ones named.
    let i18n = site.path().join("i18n");
    std::fs::create_dir(&i18n).unwrap();
    std::fs::write(i18n.join("de.toml"), "[not_found]\npage_title = \"Seite nicht gefunden\"\n").unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = std::fs::read_to_string(site.path().join("public/404.html")).unwrap();
    assert!(page.contains("<h1>Seite nicht gefunden</h1>"), "{page}");
    assert!(page.contains("Go to the roadmap"));
    assert!(run.stderr.contains("6 interface texts are not translated into `de`"), "{}", run.stderr);
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
