//! Standalone pages: Markdown in `pages/` becomes `/<name>/` with the site's header, footer and
//! search, outside the roadmap (no map, progress, trails or roadmap.json), linked both ways.

mod common;

use common::{copy_site, read, trailmap};

#[test]
fn pages_are_published_linked_and_kept_out_of_the_roadmap() {
    let site = copy_site("branded");
    let run = trailmap(site.path(), &["build"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let public = site.path().join("public");
    let about = read(public.join("about/index.html"));
    assert!(about.contains("<h1>About</h1>"));
    // The site's header, footer and search are there, and the menu marks the page.
    assert!(
        about.contains("<a href=\"/about/\" class=\"current\" aria-current=\"page\">About</a>"),
        "{about}"
    );
    assert!(about.contains("id=\"tm-search\""));
    assert!(about.contains("© 2026 The Accessibility Club"));
    // Links from the page: by id, to a section's file, to another page.
    assert!(about.contains("<a href=\"/design/captions/\""));
    assert!(about.contains("href=\"/design/\""));
    assert!(about.contains("href=\"/credits/\""));
    // … and to it, from a skill, by `[[page:…]]` and by a relative path.
    let captions = read(public.join("design/captions/index.html"));
    assert!(captions.contains("href=\"/about/\""));
    assert!(captions.contains("href=\"/about/#contact\""));
    // Only pages with `menu = true` are in the navigation.
    let landing = read(public.join("index.html"));
    assert!(landing.contains("<li><a href=\"/about/\">About</a></li>"));
    assert!(!landing.contains("<li><a href=\"/credits/\""));
    // In the sitemap and the search; not in the roadmap's data, the map or the print edition.
    assert!(read(public.join("sitemap.xml")).contains("https://a11y.example.net/about/"));
    let search: String =
        std::fs::read_dir(public.join("search-index")).unwrap().map(|e| read(e.unwrap().path())).collect();
    assert!(search.contains("\"About\""), "the page is searchable");
    assert!(!read(public.join("roadmap.json")).contains("page:"));
    assert!(!read(public.join("mindmap.svg")).contains("About"));
    assert!(!read(public.join("print/index.html")).contains("Who writes this roadmap"));
}

#[test]
fn a_draft_page_is_left_out_unless_asked() {
    let site = copy_site("branded");
    let credits = site.path().join("pages/credits.md");
    std::fs::write(&credits, read(&credits).replace("+++\n\n", "draft = true\n+++\n\n")).unwrap();
    let run = trailmap(site.path(), &["build"]);
    // about.md links to the draft: reported as such.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("credits.md"), "{}", run.stderr);
    let run = trailmap(site.path(), &["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.path().join("public/credits/index.html").is_file());
}
