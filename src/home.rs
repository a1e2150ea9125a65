//! The home page of a site of several roadmaps, and the files of the whole site.
//!
//! A site with `roadmaps = ["ai-engineer", "data-engineer"]` is one edition per roadmap and
//! language (see [`crate::edition`]), none of them at the site's root. What belongs to no
//! single roadmap is made here, after them: the home page of each language (`content/_index.md`,
//! then a card per roadmap), the site's `404.html`, `sitemap.xml` listing every roadmap,
//! `robots.txt`, and the theme's files.

use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::render::{RoadmapCard, SearchPart};
use crate::routes::{self, Routes};
use crate::site::{Node, NodeKind, Site};
use crate::theme::Theme;

/// Makes the site-wide files of a site of several `roadmaps` (each loaded in its default
/// language) with its `home` page, into `output`; `search` holds each roadmap's part of the
/// search index of its language, in the order of the roadmaps.
pub fn make(
    home: &Node,
    roadmaps: &[Site],
    theme: &Theme,
    root: &Path,
    search: Vec<(String, SearchPart)>,
    output: &mut Output,
) -> Result<(), Vec<Diagnostic>> {
    let Some(first) = roadmaps.first() else { return Ok(()) };
    for language in first.edition.languages.iter() {
        let site = home_site(home, first, language);
        search_index(&search, language, &site.edition.prefix, output)?;
        let graph = crate::resolve::resolve(&site, &theme.statics)?;
        let (strings, _) = crate::strings::Strings::load(&theme.i18n, language)?;
        let cards: Vec<RoadmapCard> = roadmaps.iter().map(|roadmap| card(roadmap, language)).collect();
        let path = routes::page_file(&site.edition.prefix);
        let page = crate::render::home_page(&site, &graph, theme, root, &strings, &cards, "home.html")?;
        output.put(path, page);
        output.put(format!("{}{}", site.edition.prefix, routes::SCRIPT_STRINGS), strings.script_file());
        if site.edition.is_site_root() {
            // Hosts serve one 404 page for the whole site: the default language's.
            let page = crate::render::home_page(&site, &graph, theme, root, &strings, &cards, "404.html")?;
            output.put(routes::NOT_FOUND, page);
        }
    }
    let sites: Vec<&Site> = roadmaps.iter().collect();
    output.put(routes::SITEMAP, crate::render::sitemap_of(&sites));
    let sitemap_url = first.routes().shared_permalink(routes::SITEMAP);
    output.put(routes::ROBOTS, format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n"));
    output.put(routes::NO_JEKYLL, Vec::new());
    for (path, bytes) in &theme.statics {
        // Static files may replace generated ones on purpose (a custom robots.txt).
        output.put(path.clone(), bytes.clone());
    }
    if let Some(cname) = &first.config.cname {
        output.put("CNAME", format!("{}\n", cname.trim()));
    }
    Ok(())
}

/// The problems of the home page's references (in every language), each once: checked with the
/// roadmaps' own, before anything is made.
pub fn check(home: &Node, roadmaps: &[Site], theme: &Theme) -> Vec<Diagnostic> {
    let Some(first) = roadmaps.first() else { return Vec::new() };
    let mut seen = std::collections::HashSet::new();
    first
        .edition
        .languages
        .iter()
        .flat_map(|language| crate::resolve::resolve(&home_site(home, first, language), &theme.statics).err())
        .flatten()
        .filter(|problem| seen.insert(problem.to_string()))
        .collect()
}

/// One search index per language, over every roadmap, in the language's folder: every page of
/// the site searches all roadmaps, and a query loads the pieces it needs once, not an index per
/// roadmap (see `render::search`).
fn search_index(
    search: &[(String, SearchPart)],
    language: &str,
    folder: &str,
    output: &mut Output,
) -> Result<(), Vec<Diagnostic>> {
    let parts: Vec<&SearchPart> =
        search.iter().filter(|(of, _)| of == language).map(|(_, part)| part).collect();
    let mut put = |path: String, js: String| output.put(format!("{folder}{path}"), js);
    crate::render::site_search_index(&parts, &mut put).map_err(|problem| vec![problem])
}

/// The home page as a site of its one page, in `language`, at the folder of that language.
fn home_site(home: &Node, first: &Site, language: &str) -> Site {
    let edition = first.edition.of(None, language);
    let mut config = first.config.clone();
    config.language = language.to_string();
    let mut node = home.clone();
    node.kind = NodeKind::Root;
    if !edition.is_default() {
        node.text_language = Some(edition.default_language().to_string());
    }
    // The standalone pages, as the home page's links and menu reach them: their canonical copy
    // in the first roadmap (see `Site::permalink`), with only what a link to them needs.
    let folder = first.edition.roadmap.as_deref().map_or(String::new(), |name| format!("{name}/"));
    let mut nodes = vec![node];
    let mut menu = Vec::new();
    for (i, page) in first.nodes.iter().enumerate().filter(|(_, n)| n.kind == NodeKind::Page) {
        if first.menu.contains(&i) {
            menu.push(nodes.len());
        }
        nodes.push(Node {
            path: format!("{folder}{}", page.path),
            body: std::sync::Arc::new(crate::markdown::Markdown::headings_only(&page.body)),
            prerequisites: Vec::new(),
            related: Vec::new(),
            aliases: Vec::new(),
            ..page.clone()
        });
    }
    Site {
        config,
        nodes,
        menu,
        faq: None,
        drafts: Vec::new(),
        assets: Vec::new(),
        unloaded: Default::default(),
        edition,
        translations: Default::default(),
        shared: String::new(),
        directory: first.directory.clone(),
    }
}

/// A roadmap's card on the home page of `language`.
fn card(roadmap: &Site, language: &str) -> RoadmapCard {
    let name = roadmap.edition.roadmap.clone().unwrap_or_default();
    let edition = roadmap.edition.of(Some(&name), language);
    let root = roadmap
        .translations
        .get(language)
        .and_then(|translated| translated.nodes.get(&0))
        .unwrap_or(roadmap.root());
    let routes = Routes::new(&roadmap.config).in_edition(&edition.prefix);
    let skills: Vec<String> = roadmap
        .nodes
        .iter()
        .filter(|node| node.kind == NodeKind::Skill)
        .map(|node| roadmap.progress_key(&node.id))
        .collect();
    RoadmapCard {
        title: root.title.clone(),
        description: root.description.clone(),
        url: routes.url(""),
        map_url: routes.url(routes::MAP_SVG),
        skill_count: skills.len(),
        skills,
        name,
    }
}
