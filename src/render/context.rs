//! The data each template sees. Built per page from the site and the graph; small on purpose,
//! so that no page carries a copy of the whole roadmap (pages that show the whole tree get it
//! as one prepared value).

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::render::tree::SectionTrees;
use crate::render::{body, jsonld};
use crate::resolve::Graph;
use crate::site::{NodeId, NodeKind, ResourceKind, Site};

/// Above this many sections the header links only to the landing page's list of them.
const MAX_NAV_SECTIONS: usize = 12;

/// The site-wide values every template gets as `site`.
#[derive(Serialize)]
pub struct SiteCtx<'a> {
    pub title: &'a str,
    /// On a site of several roadmaps: the roadmap of this page (`<html data-roadmap>`, the
    /// prefix of its skills' progress keys) and the site's home page in this language.
    pub roadmap: Option<&'a str>,
    /// A page of a site of several roadmaps that belongs to none (its home page, its 404
    /// page): it has no print edition, map or search of its own.
    pub is_home: bool,
    pub site_home_url: Option<String>,
    pub description: &'a str,
    pub language: &'a str,
    /// `ltr` or `rtl`, for `<html dir>`.
    pub dir: &'static str,
    pub base_url: &'a str,
    /// The site's root: where the theme's files (stylesheets, scripts) and `content/`'s files
    /// are, shared by every language.
    pub base_path: &'a str,
    /// This edition's landing page: the site's root, or `/de/` for German.
    pub home_url: String,
    /// This edition's folder below the root (`""`, `de/`), for scripts that fetch its files.
    pub edition: &'a str,
    pub sections: Vec<LinkCtx<'a>>,
    pub faq_url: Option<String>,
    /// The site's other published views, for links in templates.
    pub print_url: String,
    pub map_svg_url: String,
    pub roadmap_json_url: String,
    pub trail_url: String,
    /// The standalone pages with `menu = true`, in their order.
    pub menu: Vec<LinkCtx<'a>>,
    /// Counted once so the landing and section pages can show progress totals.
    pub skill_count: usize,
    /// Every section (the header may list only some).
    pub section_count: usize,
    /// The accent, logo, footer and extra stylesheets of `[brand]`.
    pub brand: crate::brand::BrandCtx,
}

/// The same page in one of the site's languages: for `hreflang` alternates and the switcher.
#[derive(Serialize)]
pub struct AlternateCtx<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub dir: &'static str,
    pub url: String,
    pub permalink: String,
    pub current: bool,
}

/// The page at `dir` (a folder path of an edition) in every language of the site, the default
/// first; empty for a site in one language.
pub fn alternates<'a>(site: &'a Site, dir: &str) -> Vec<AlternateCtx<'a>> {
    if !site.edition.is_multilingual() {
        return Vec::new();
    }
    let routes = crate::routes::Routes::new(&site.config);
    let standalone = site.is_standalone(dir);
    site.edition
        .languages
        .iter()
        .map(|code| {
            let prefix = site.edition.prefix_of(code);
            let canonical = site.canonical_prefix(code, standalone);
            AlternateCtx {
                code,
                name: crate::edition::autonym(code),
                dir: crate::edition::direction(code),
                url: routes.in_edition(&prefix).url(dir),
                permalink: routes.in_edition(&canonical).permalink(dir),
                current: *code == site.edition.language,
            }
        })
        .collect()
}

/// A link to another page of the roadmap.
#[derive(Serialize, Clone)]
pub struct LinkCtx<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub url: String,
    pub summary: &'a str,
    pub level: &'static str,
    pub kind: NodeKind,
    /// Depth below the list's own root (0 for direct children).
    pub depth: usize,
    /// Old ids of the page: progress saved under them is carried over to `id`.
    pub aliases: Vec<&'a str>,
}

#[derive(Serialize)]
pub struct ResourceGroup<'a> {
    pub kind: &'static str,
    pub label: &'static str,
    pub items: Vec<ResourceCtx<'a>>,
}

#[derive(Serialize)]
pub struct ResourceCtx<'a> {
    pub title: &'a str,
    pub url: &'a str,
}

#[derive(Serialize)]
pub struct HeadingCtx<'a> {
    pub level: u8,
    pub id: &'a str,
    pub text: &'a str,
}

/// One page of the roadmap (root, section or skill) as `page`.
#[derive(Serialize)]
pub struct PageCtx<'a> {
    pub id: &'a str,
    /// Old ids of the page (its `aliases`): progress saved under them is carried over.
    pub aliases: Vec<&'a str>,
    pub kind: NodeKind,
    pub title: &'a str,
    pub summary: &'a str,
    pub description: &'a str,
    pub question: &'a str,
    pub level: &'static str,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<HeadingCtx<'a>>,
    pub breadcrumbs: Vec<LinkCtx<'a>>,
    pub prerequisites: Vec<LinkCtx<'a>>,
    pub related: Vec<LinkCtx<'a>>,
    pub needed_by: Vec<LinkCtx<'a>>,
    pub mentioned_in: Vec<LinkCtx<'a>>,
    pub resources: Vec<ResourceGroup<'a>>,
    pub children: Vec<LinkCtx<'a>>,
    /// Every skill below this page, in reading order, with its depth.
    pub descendants: Vec<LinkCtx<'a>>,
    pub prev: Option<LinkCtx<'a>>,
    pub next: Option<LinkCtx<'a>>,
    pub takeaways: &'a [String],
    pub word_count: usize,
    /// Minutes to read the body (at least 1).
    pub minutes: usize,
    /// Structured data for the page's `<script type="application/ld+json">` (already escaped).
    pub jsonld: String,
    /// The way to this skill (skills with prerequisites only).
    pub trail: Option<TrailCtx>,
    /// The colour of the page's section (`s0` … in the theme), the same as on the maps; `None`
    /// on the landing page.
    pub hue: Option<usize>,
    /// On a site of several roadmaps, what this page has to do with the others' pages.
    pub elsewhere: Option<ElsewhereCtx<'a>>,
    /// The page's section as a tree to find one's way in (beside the text on wide screens): the
    /// section's skills, and below the page's own ancestors and the page, their sub-skills, as
    /// the list's items (`<li class="depth-N" data-skill="ID">` holding a link, the page's own
    /// marked `aria-current`, those with hidden sub-skills `folded`); made by [`SectionTrees`]
    /// rather than by a template loop, for the same reason as the trail's steps.
    pub section_tree: String,
    /// The page's preview image for shared links (`og:image`), if the site makes them.
    pub preview: Option<crate::share::Preview>,
    /// The folder holding this page's `mindmap.png` and `mindmap.pdf` (landing and sections).
    pub map_downloads: Option<String>,
    /// In another language's edition, the language of this page's text when it has no
    /// translation yet (it shows the default language's); `None` when it is translated.
    pub text_language: Option<&'a str>,
}

/// The hue of `node`'s section: its place among the roadmap's sections, as the maps colour it.
pub fn hue(site: &Site, node: NodeId) -> Option<usize> {
    let section = site.section_of(node)?;
    site.root().children.iter().position(|&s| s == section).map(|i| i % crate::mindmap::HUES)
}

/// The trail to a skill as its page shows it: the nearest steps, in learning order.
#[derive(Serialize)]
pub struct TrailCtx {
    /// The steps as the list's items (`<li data-skill="ID">` holding a link, the direct
    /// prerequisites marked), made here rather than by a template loop: a page may list forty,
    /// and a big roadmap has thousands of pages.
    pub steps_html: String,
    /// Steps shown.
    pub shown: usize,
    /// Steps in the whole trail.
    pub total: usize,
    /// Steps before the ones shown.
    pub earlier: usize,
    /// The page that lists the whole trail, when the page shows only part of it.
    pub full_url: Option<String>,
}

/// The trail to `node` with at most `cap` steps; `None` for a page without prerequisites.
pub fn trail_ctx(
    site: &Site,
    graph: &Graph,
    node: NodeId,
    cap: usize,
    strings: &crate::strings::Strings,
) -> Option<TrailCtx> {
    if !crate::trail::has_trail(site, node) || graph.prerequisites[node].is_empty() {
        return None;
    }
    let trail = graph.trails.trail(graph, node, cap);
    let earlier = trail.earlier();
    let mut steps_html = String::with_capacity(trail.steps.len() * 96);
    for &step in &trail.steps {
        let direct = graph.prerequisites[node].contains(&step);
        steps_html.push_str("<li data-skill=\"");
        crate::escape::escape_into(&mut steps_html, &site.nodes[step].id);
        steps_html.push_str(if direct { "\" class=\"trail-direct\"><a href=\"" } else { "\"><a href=\"" });
        crate::escape::escape_into(&mut steps_html, &site.url(step));
        steps_html.push_str("\">");
        crate::escape::escape_into(&mut steps_html, &site.nodes[step].title);
        if direct {
            steps_html.push_str("</a> <span class=\"trail-tag\">");
            crate::escape::escape_into(&mut steps_html, strings.get("trail.direct"));
            steps_html.push_str("</span></li>\n");
        } else {
            steps_html.push_str("</a></li>\n");
        }
    }
    Some(TrailCtx {
        steps_html,
        shown: trail.steps.len(),
        total: trail.total,
        earlier,
        full_url: (earlier > 0)
            .then(|| format!("{}?to={}", site.routes().url(crate::routes::TRAIL), site.nodes[node].id)),
    })
}

/// The first skill of the learning order: where the landing page invites a newcomer to start.
pub fn first_skill<'a>(site: &'a Site, graph: &Graph) -> Option<LinkCtx<'a>> {
    graph.trails.skills(site).next().map(|n| link(site, n, 0))
}

/// Every skill of the roadmap in the learning order (the page of the whole order).
pub fn learning_order<'a>(site: &'a Site, graph: &Graph) -> Vec<LinkCtx<'a>> {
    graph.trails.skills(site).map(|n| link(site, n, 0)).collect()
}

pub fn link<'a>(site: &'a Site, node: NodeId, depth: usize) -> LinkCtx<'a> {
    let n = &site.nodes[node];
    LinkCtx {
        id: &n.id,
        title: &n.title,
        url: site.url(node),
        summary: &n.summary,
        level: n.level.name(),
        kind: n.kind,
        depth,
        aliases: aliases(n),
    }
}

/// The old ids of a page (not its old paths), under which progress may have been saved.
fn aliases(node: &crate::site::Node) -> Vec<&str> {
    node.aliases.iter().map(|a| a.id.as_str()).filter(|a| !a.starts_with('/')).collect()
}

fn links<'a>(site: &'a Site, nodes: &[NodeId]) -> Vec<LinkCtx<'a>> {
    nodes.iter().map(|&n| link(site, n, 0)).collect()
}

/// `nodes` as links, without those in any of `shown`.
fn connected<'a>(site: &'a Site, nodes: &[NodeId], shown: &[&[NodeId]]) -> Vec<LinkCtx<'a>> {
    nodes.iter().filter(|n| !shown.iter().any(|s| s.contains(n))).map(|&n| link(site, n, 0)).collect()
}

/// Every node below `node` in pre-order, with depth relative to `node`'s children.
pub fn descendants<'a>(site: &'a Site, node: NodeId) -> Vec<LinkCtx<'a>> {
    let base = site.nodes[node].depth + 1;
    let mut out = Vec::new();
    let mut stack: Vec<NodeId> = site.nodes[node].children.iter().rev().copied().collect();
    while let Some(n) = stack.pop() {
        out.push(link(site, n, site.nodes[n].depth - base));
        stack.extend(site.nodes[n].children.iter().rev());
    }
    out
}

pub fn site_ctx(site: &Site) -> SiteCtx<'_> {
    SiteCtx {
        title: &site.config.title,
        roadmap: site.edition.roadmap.as_deref(),
        is_home: site.edition.roadmap.is_none() && !site.config.roadmaps.is_empty(),
        site_home_url: site.edition.roadmap.as_ref().map(|_| {
            let home = site.edition.of(None, &site.edition.language);
            crate::routes::Routes::new(&site.config).in_edition(&home.prefix).url("")
        }),
        description: &site.config.description,
        language: &site.config.language,
        dir: site.edition.direction(),
        base_url: &site.config.base_url,
        base_path: site.config.base_path(),
        home_url: site.routes().url(""),
        edition: &site.edition.prefix,
        // A header with hundreds of links helps nobody and weighs on every page.
        sections: if site.root().children.len() <= MAX_NAV_SECTIONS {
            links(site, &site.root().children)
        } else {
            Vec::new()
        },
        faq_url: site.faq.as_ref().map(|_| site.routes().url(crate::routes::FAQ)),
        print_url: site.routes().url(crate::routes::PRINT),
        map_svg_url: site.routes().url(crate::routes::MAP_SVG),
        roadmap_json_url: site.routes().url(crate::routes::ROADMAP_JSON),
        trail_url: site.routes().url(crate::routes::TRAIL),
        menu: links(site, &site.menu),
        skill_count: site.nodes.iter().filter(|n| n.kind == NodeKind::Skill).count(),
        section_count: site.root().children.len(),
        brand: crate::brand::BrandCtx::new(&site.config),
    }
}

/// The reading order of skills, for previous/next links: `order[node]` is its place in `skills`.
pub struct ReadingOrder {
    pub skills: Vec<NodeId>,
    pub place: Vec<Option<usize>>,
}

impl ReadingOrder {
    pub fn new(site: &Site) -> Self {
        let skills: Vec<NodeId> =
            (0..site.nodes.len()).filter(|&n| site.nodes[n].kind == NodeKind::Skill).collect();
        let mut place = vec![None; site.nodes.len()];
        for (i, &n) in skills.iter().enumerate() {
            place[n] = Some(i);
        }
        ReadingOrder { skills, place }
    }
}

/// A page's resources grouped by kind, in the order of [`ResourceKind`].
pub fn resource_groups(n: &crate::site::Node) -> Vec<ResourceGroup<'_>> {
    let mut kinds: Vec<ResourceKind> = n.resources.iter().map(|r| r.kind).collect();
    kinds.sort();
    kinds.dedup();
    kinds
        .into_iter()
        .map(|kind| ResourceGroup {
            kind: kind.name(),
            label: kind.plural(),
            items: n
                .resources
                .iter()
                .filter(|r| r.kind == kind)
                .map(|r| ResourceCtx { title: &r.title, url: &r.url })
                .collect(),
        })
        .collect()
}

pub fn page_ctx<'a>(
    site: &'a Site,
    graph: &Graph,
    order: &ReadingOrder,
    trees: &SectionTrees,
    node: NodeId,
    strings: &crate::strings::Strings,
) -> Result<PageCtx<'a>, Diagnostic> {
    let n = &site.nodes[node];
    let groups = resource_groups(n);
    let place = order.place[node];
    let neighbour = |i: Option<usize>| i.and_then(|i| order.skills.get(i)).map(|&s| link(site, s, 0));
    Ok(PageCtx {
        id: &n.id,
        aliases: aliases(n),
        text_language: n.text_language.as_deref(),
        kind: n.kind,
        title: &n.title,
        summary: &n.summary,
        description: if n.kind == NodeKind::Root { &n.description } else { &n.summary },
        question: &n.question,
        level: n.level.name(),
        url: site.url(node),
        permalink: site.permalink(node),
        content: body::html(site, n, &graph.links[node], strings)?,
        toc: n
            .body
            .headings
            .iter()
            .filter(|h| h.level <= 3)
            .map(|h| HeadingCtx { level: h.level, id: &h.id, text: &h.text })
            .collect(),
        breadcrumbs: links(site, &site.ancestors(node)),
        prerequisites: links(site, &graph.prerequisites[node]),
        // Each connection once: "Related" leaves out what "Learn first" and "Needed by" show, and
        // "Mentioned in" leaves out the landing page (it mentions everything) and both of those.
        related: connected(
            site,
            &graph.related_both_ways[node],
            &[&graph.prerequisites[node], &graph.needed_by[node]],
        ),
        needed_by: links(site, &graph.needed_by[node]),
        mentioned_in: connected(
            site,
            &graph.mentioned_in[node],
            &[&[0], &graph.prerequisites[node], &graph.needed_by[node], &graph.related_both_ways[node]],
        ),
        resources: groups,
        children: links(site, &n.children),
        descendants: if n.kind == NodeKind::Root { Vec::new() } else { descendants(site, node) },
        prev: neighbour(place.and_then(|p| p.checked_sub(1))),
        next: neighbour(place.map(|p| p + 1)),
        takeaways: &n.takeaways,
        word_count: n.body.words,
        minutes: n.body.words.div_ceil(220).max(1),
        jsonld: match n.kind {
            NodeKind::Root | NodeKind::Page => String::new(),
            NodeKind::Section | NodeKind::Skill => jsonld::breadcrumbs(site, node),
        },
        trail: trail_ctx(site, graph, node, crate::trail::NEAREST, strings),
        hue: hue(site, node),
        elsewhere: elsewhere(site, graph, node),
        section_tree: trees.html(site, node),
        preview: crate::share::preview(site, node, strings),
        map_downloads: crate::share::map_downloads(site, node),
    })
}

/// A section as the landing page lists it: its card and its skills.
#[derive(Serialize)]
pub struct SectionCtx<'a> {
    #[serde(flatten)]
    pub link: LinkCtx<'a>,
    pub question: &'a str,
    /// Every skill below it, in reading order, for a theme that lists them (see [`sections`]);
    /// empty for one that needs only `skill_ids` and `skill_count`.
    pub skills: Vec<LinkCtx<'a>>,
    /// The ids of those skills, separated by spaces (for the progress counter of its card).
    pub skill_ids: String,
    pub skill_count: usize,
    /// Its colour, as on the maps.
    pub hue: usize,
}

/// The landing page's sections. Each skill as a link for the template engine costs about a
/// kilobyte, a quarter of a gigabyte on a roadmap of 100,000 skills: they are made only for a
/// theme whose templates name `skills` of a section (`with_skills`, see [`names_field`]).
pub fn sections(site: &Site, with_skills: bool) -> Vec<SectionCtx<'_>> {
    site.root()
        .children
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let mut skill_ids = String::new();
            let mut skill_count = 0;
            let mut stack: Vec<NodeId> = site.nodes[s].children.iter().rev().copied().collect();
            while let Some(n) = stack.pop() {
                if skill_count > 0 {
                    skill_ids.push(' ');
                }
                skill_ids.push_str(&site.nodes[n].id);
                skill_count += 1;
                stack.extend(site.nodes[n].children.iter().rev());
            }
            SectionCtx {
                hue: i % crate::mindmap::HUES,
                link: link(site, s, 0),
                question: &site.nodes[s].question,
                skills: if with_skills { descendants(site, s) } else { Vec::new() },
                skill_ids,
                skill_count,
            }
        })
        .collect()
}

/// What a page of one roadmap has to do with the other roadmaps of its site.
#[derive(Serialize)]
pub struct ElsewhereCtx<'a> {
    /// The pages of other roadmaps it lists as prerequisites, and as related.
    pub prerequisites: Vec<LinkCtx<'a>>,
    pub related: Vec<LinkCtx<'a>>,
    /// The pages of each other roadmap that name this one ("Also in Data Engineer").
    pub also_in: Vec<AlsoInCtx<'a>>,
}

/// The pages of one other roadmap that name a page.
#[derive(Serialize)]
pub struct AlsoInCtx<'a> {
    pub roadmap: &'a str,
    pub title: &'a str,
    pub links: Vec<LinkCtx<'a>>,
}

/// A page of another roadmap as a link (its id is its progress key, `roadmap:id`).
fn elsewhere_link<'a>(site: &'a Site, roadmap: &str, id: &str) -> Option<LinkCtx<'a>> {
    let directory = site.directory.as_deref()?;
    let entry = directory.roadmaps.get(roadmap)?.ids.get(id)?;
    Some(LinkCtx {
        id: &entry.key,
        title: &entry.title,
        url: body::elsewhere_url(site, roadmap, &entry.path),
        summary: &entry.summary,
        level: "core",
        kind: NodeKind::Skill,
        depth: 0,
        aliases: Vec::new(),
    })
}

fn elsewhere<'a>(site: &'a Site, graph: &Graph, node: NodeId) -> Option<ElsewhereCtx<'a>> {
    let directory = site.directory.as_deref()?;
    let roadmap = site.edition.roadmap.as_deref()?;
    let listed = graph.elsewhere.get(node)?;
    let links = |refs: &[crate::directory::Qualified]| -> Vec<LinkCtx<'a>> {
        refs.iter().filter_map(|(r, id)| elsewhere_link(site, r, id)).collect()
    };
    let key = (roadmap.to_string(), site.nodes[node].id.clone());
    let mut also_in: Vec<AlsoInCtx> = Vec::new();
    let mentions = directory.mentions.get(&key).map(Vec::as_slice).unwrap_or_default();
    // Each page once: what it lists already is not repeated as a mention.
    let shown = |pair: &crate::directory::Qualified| {
        listed.prerequisites.contains(pair) || listed.related.contains(pair)
    };
    for (other, id) in mentions.iter().filter(|pair| !shown(pair)) {
        let Some(link) = elsewhere_link(site, other, id) else { continue };
        match also_in.last_mut() {
            Some(group) if group.roadmap == other => group.links.push(link),
            _ => also_in.push(AlsoInCtx {
                roadmap: other,
                title: directory.roadmaps.get(other).map_or(other.as_str(), |r| r.title.as_str()),
                links: vec![link],
            }),
        }
    }
    let context = ElsewhereCtx {
        prerequisites: links(&listed.prerequisites),
        related: links(&listed.related),
        also_in,
    };
    let empty = context.prerequisites.is_empty() && context.related.is_empty() && context.also_in.is_empty();
    (!empty).then_some(context)
}

/// Whether any of `templates` reads a value's `field` (`section.skills`, `print.nodes`): the
/// name after a dot inside a tag, outside quoted text (`t(key="count.skills")` names a text).
pub fn names_field(templates: &std::collections::BTreeMap<String, String>, field: &str) -> bool {
    let names = |tag: &[u8]| {
        let mut quote = None;
        for (i, &b) in tag.iter().enumerate() {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' || b == b'`' => quote = Some(b),
                None if b == b'.' && tag[i + 1..].starts_with(field.as_bytes()) => {
                    let after = tag.get(i + 1 + field.len()).copied().unwrap_or(b' ');
                    if !(after.is_ascii_alphanumeric() || after == b'_') {
                        return true;
                    }
                }
                None => {}
            }
        }
        false
    };
    templates.values().any(|text| {
        let mut rest = text.as_str();
        while let Some(start) = rest.find("{{").into_iter().chain(rest.find("{%")).min() {
            let tag = &rest[start + 2..];
            let end = tag.find("}}").into_iter().chain(tag.find("%}")).min().unwrap_or(tag.len());
            if names(&tag.as_bytes()[..end]) {
                return true;
            }
            rest = &tag[end..];
        }
        false
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_is_named_outside_quoted_text_only() {
        let templates =
            |text: &str| std::collections::BTreeMap::from([("a.html".to_string(), text.to_string())]);
        assert!(names_field(&templates("{% for s in section.skills %}"), "skills"));
        assert!(names_field(&templates("{{ section.skills | length }}"), "skills"));
        assert!(!names_field(
            &templates(r#"{{ t(key="count.skills", count=section.skill_count) }}"#),
            "skills"
        ));
        assert!(!names_field(&templates("{% set skills = page.descendants %}"), "skills"));
        assert!(!names_field(&templates("{{ section.skill_ids }}"), "skills"));
        assert!(names_field(&templates("{% for node in print.nodes %}"), "nodes"));
        assert!(
            names_field(&templates("Bayes' theorem {{ section.skills }}"), "skills"),
            "text outside tags"
        );
    }
}
