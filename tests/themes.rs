//! Themes: a theme that extends the default one, and a site that overrides single files of it.

mod common;

use common::{copy_site, read, trailmap};

#[test]
fn a_theme_extends_the_default_and_a_site_overrides_single_files() {
    let site = copy_site("themed");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.path().join("public");
    // The theme's own files replace the default's …
    assert!(read(public.join("404.html")).contains("Lost? (plain theme)"));
    assert!(read(public.join("style.css")).starts_with("/* plain theme style */"));
    // … the files it does not replace come from the default theme …
    assert!(public.join("mindmap.js").is_file());
    assert!(read(public.join("basics/index.html")).contains("class=\"mindmap\""));
    // … and the site's own template extends the theme's through Tera inheritance.
    let skill = read(public.join("basics/one/index.html"));
    assert!(skill.contains("<title>Skill: One</title>"), "block overridden");
    assert!(skill.contains("Text of one."), "the rest of the theme's template is kept");
    assert!(read(public.join("favicon.svg")).contains("site favicon"));
}

#[test]
fn an_unknown_parent_theme_is_reported() {
    let site = copy_site("themed");
    let toml = site.path().join("themes/plain/theme.toml");
    std::fs::write(&toml, "name = \"plain\"\nextends = \"fancy\"\n").unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("theme `fancy` not found"), "{}", run.stderr);
    std::fs::write(&toml, "name = \"plain\"\ncolour = \"red\"\n").unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert!(run.stderr.starts_with("themes/plain/theme.toml:2:1: unknown key `colour`"), "{}", run.stderr);
}

#[test]
fn an_ejected_theme_is_the_sites_own_and_is_never_overwritten() {
    let site = copy_site("branded");
    let run = trailmap(site.path(), &["theme", "eject"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let base = site.path().join("themes/default/templates/base.html");
    assert!(read(&base).contains("{% block footer %}"));
    // The site now builds from the copy: an edit to it shows.
    std::fs::write(&base, read(&base).replace(r#"{{ t(key="base.skip") }}"#, "Skip to the lesson")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(site.path().join("public/index.html")).contains("Skip to the lesson"));
    // A second eject would overwrite the author's work: refused as bad usage, nothing written.
    let run = trailmap(site.path(), &["theme", "eject"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert!(read(&base).contains("Skip to the lesson"));
}

#[test]
fn a_site_replaces_one_region_of_a_page_and_keeps_the_rest() {
    let site = copy_site("good");
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    // The regions the README lists, one per page kind.
    std::fs::write(
        templates.join("skill.html"),
        "{% extends \"theme/skill.html\" %}{% block resources %}<p id=\"own-resources\">Ours</p>{% endblock resources %}",
    )
    .unwrap();
    std::fs::write(
        templates.join("section.html"),
        "{% extends \"theme/section.html\" %}{% block map %}<p id=\"own-map\">No map here</p>{% endblock map %}",
    )
    .unwrap();
    std::fs::write(
        templates.join("index.html"),
        "{% extends \"theme/index.html\" %}{% block hero %}<h1 id=\"own-hero\">{{ page.title }}</h1>{% endblock hero %}",
    )
    .unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.path().join("public");
    let skill = read(public.join("basics/first-steps/index.html"));
    assert!(skill.contains("<p id=\"own-resources\">Ours</p>"), "{skill}");
    assert!(!skill.contains("id=\"tm-resources\""));
    assert!(skill.contains("class=\"page-header\""), "the other regions stay");
    let section = read(public.join("basics/index.html"));
    assert!(section.contains("id=\"own-map\"") && !section.contains("class=\"mindmap\""));
    assert!(section.contains("class=\"section-skills\""));
    let landing = read(public.join("index.html"));
    assert!(landing.contains("<h1 id=\"own-hero\">"));
    assert!(landing.contains("class=\"map-section\""));
}

/// A theme made before the print edition was streamed (its `print.html` loops over `print.nodes`)
/// and before the landing page's cards got `skill_ids` (it lists `section.skills`) still gets
/// both whole; the default theme's print edition, put together a run of nodes at a time, holds
/// every node once, in order, and its table of contents is closed.
#[test]
fn a_theme_that_reads_every_node_or_skill_still_gets_them() {
    let site = copy_site("good");
    let default = trailmap(site.path(), &["build"]);
    assert_eq!(default.code, 0, "{}", default.stderr);
    let print = read(site.path().join("public/print/index.html"));
    let skills = print.matches("class=\"print-node print-skill").count();
    let sections = print.matches("class=\"print-node print-section\"").count();
    assert!(skills > 1 && sections > 0, "{print}");
    assert_eq!(print.matches("<li class=\"depth-").count(), skills, "a contents entry for each skill");
    assert_eq!(print.matches("<ol").count(), print.matches("</ol>").count(), "the contents are closed");
    assert!(!print.contains('\0'), "no mark is left");
    let templates = site.path().join("templates");
    std::fs::create_dir_all(&templates).unwrap();
    std::fs::write(
        templates.join("print.html"),
        "{% for node in print.nodes %}[{{ node.title }}]{% endfor %}",
    )
    .unwrap();
    std::fs::write(
        templates.join("index.html"),
        "{% for section in sections %}{{ section.title }}: {% for skill in section.skills %}<{{ skill.title }}>{% endfor %} ({{ section.skill_count }})\n{% endfor %}",
    )
    .unwrap();
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let print = read(site.path().join("public/print/index.html"));
    assert_eq!(print.matches('[').count(), skills + sections, "{print}");
    let landing = read(site.path().join("public/index.html"));
    let mut listed = 0;
    for line in landing.lines() {
        let skills = line.matches('<').count();
        let counted: usize = line.rsplit('(').next().unwrap().trim_end_matches(')').parse().unwrap();
        assert_eq!(skills, counted, "{line}");
        listed += skills;
    }
    assert!(listed > 1, "{landing}");
}
