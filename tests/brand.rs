//! `[brand]`, `extra_css`, `extra_head` and `[extra]`: a site made its own without copying the
//! theme, as an author would set it up in trailmap.toml.

mod common;

use common::{copy_site, read, trailmap};

#[test]
fn brand_settings_reach_every_page() {
    let site = copy_site("branded");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.path().join("public");
    for page in ["index.html", "design/index.html", "design/captions/index.html", "404.html"] {
        let html = read(public.join(page));
        assert!(html.contains("<style id=\"tm-brand\">@media screen{:root{--accent:#7c3aed;"), "{page}");
        let theme_css = html.find("href=\"/style.css\"").expect("the theme's stylesheet");
        let own_css = html.find("href=\"/custom.css\"").expect("the site's stylesheet");
        assert!(theme_css < own_css, "{page}: extra_css comes after the theme's stylesheet");
        assert!(html.contains("<img class=\"brand-logo\" src=\"/logo.svg\""), "{page}");
        assert!(html.contains("© 2026 The Accessibility Club · <a href=\"/about/\">About</a>"), "{page}");
        assert!(
            html.contains("<meta name=\"tm-analytics\" content=\"A11Y-42\">"),
            "{page}: [extra] in extra_head"
        );
    }
    assert!(read(public.join("custom.css")).contains("border-top-width: 5px"));
}

#[test]
fn brand_problems_point_at_trailmap_toml() {
    let site = copy_site("branded");
    let toml = site.path().join("trailmap.toml");
    let text = read(&toml).replace("logo.svg", "logo.png").replace("#7c3aed", "#ffdd00");
    std::fs::write(&toml, text).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("trailmap.toml:8:8: the logo `logo.png` is not in static/"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("did you mean `logo.svg`?"), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "trailmap.toml:7:10: warning: `#ffdd00` is too faint on the light scheme's backgrounds"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_stylesheet_of_the_site_replacing_the_theme_is_a_warning() {
    let site = copy_site("branded");
    std::fs::rename(site.path().join("static/custom.css"), site.path().join("static/style.css")).unwrap();
    let toml = site.path().join("trailmap.toml");
    std::fs::write(&toml, read(&toml).replace("extra_css = [\"custom.css\"]\n", "")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("static/style.css:1:1: warning: this file replaces the theme's whole stylesheet"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("extra_css = [\"custom.css\"]"), "the hint says the way: {}", run.stderr);
}
