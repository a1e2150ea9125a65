//! Stage 2, resolve: turns every id and link of the loaded site into node references, checks
//! them all, and computes the graph both ways (prerequisites and "needed by", links and
//! "mentioned in").
//!
//! All problems are collected: an author fixing links sees every broken one at once.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile, did_you_mean};
use crate::markdown::{CrossLinkFault, Link, LinkTarget, Markdown, RefKind, ScriptHtml, ScriptScheme};
use crate::routes;
use crate::site::{IdRef, NodeId, Site};

/// Where one body link points, once resolved.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Resolved {
    /// A page of the roadmap, or a heading on it.
    Page { node: NodeId, anchor: Option<String> },
    /// The FAQ page, or one of its questions.
    Faq { anchor: Option<String> },
    /// A file of the site (an image beside the text, a static file): its path in the output,
    /// the query or fragment that followed it, and whether every language shares it (a file
    /// of `content/` or `static/`, at the site's root) rather than each edition having its own
    /// (the print edition, `roadmap.json`).
    /// Boxed, as is [`Resolved::Elsewhere`]: most references are to pages, and a roadmap of
    /// 100,000 pages holds every page's references through its build.
    File(Box<LinkedFile>),
    /// A URL kept as the author wrote it: a `data:` image on a site that allows them.
    Url(String),
    /// A page of another roadmap of the site (`[[data-engineer:sql]]`), or a heading on it:
    /// its roadmap, its path below the roadmap's folder and its title.
    Elsewhere(Box<ElsewhereLink>),
    /// It did not resolve (reported), or it points at a page that did not load (whose own
    /// problem is reported).
    Broken,
}

/// What [`Resolved::File`] points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LinkedFile {
    pub path: String,
    pub rest: String,
    pub shared: bool,
}

/// What [`Resolved::Elsewhere`] points at.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ElsewhereLink {
    pub roadmap: String,
    pub path: String,
    pub anchor: Option<String>,
    pub title: String,
}

impl Resolved {
    /// The page it points at, if it is one.
    pub fn node(&self) -> Option<NodeId> {
        match self {
            Resolved::Page { node, .. } => Some(*node),
            _ => None,
        }
    }
}

/// Files the site publishes besides its pages and assets, that root-absolute references may
/// name.
const GENERATED: [&str; 7] = [
    routes::ROADMAP_JSON,
    routes::MAP_SVG,
    routes::SITEMAP,
    routes::ROBOTS,
    routes::NOT_FOUND,
    routes::SEARCH_INDEX,
    routes::NO_JEKYLL,
];

/// The cross-links of a site, resolved and checked. Vectors indexed by [`NodeId`].
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub by_id: HashMap<String, NodeId>,
    /// For each node, its body links in order of appearance (the `trailmap:N` placeholders).
    pub links: Vec<Vec<Resolved>>,
    pub faq_links: Vec<Resolved>,
    pub prerequisites: Vec<Vec<NodeId>>,
    /// The related skills each page lists, as written.
    pub related: Vec<Vec<NodeId>>,
    /// The related skills a page shows: those it lists, then those that list it (a relation
    /// holds both ways, whichever page it was written on).
    pub related_both_ways: Vec<Vec<NodeId>>,
    /// The skills that list this one as a prerequisite.
    pub needed_by: Vec<Vec<NodeId>>,
    /// The pages whose bodies link to this one.
    pub mentioned_in: Vec<Vec<NodeId>>,
    /// Old ids and the node each now belongs to.
    pub aliases: Vec<(String, NodeId)>,
    /// What is worth fixing but does not stop the build (an image without alternative text).
    pub warnings: Vec<Diagnostic>,
    /// The learning order, for each skill's trail.
    pub trails: crate::trail::Trails,
    /// On a site of several roadmaps, the pages of other roadmaps each page lists as
    /// prerequisites and as related (`roadmap:id`), as written; empty on a site of one.
    pub elsewhere: Vec<Elsewhere>,
}

/// The pages of other roadmaps that one page lists (see [`crate::directory`]).
#[derive(Debug, Clone, Default)]
pub struct Elsewhere {
    pub prerequisites: Vec<crate::directory::Qualified>,
    pub related: Vec<crate::directory::Qualified>,
}

/// Resolves and checks every reference in `site`; `statics` are the theme's and the site's
/// static files (by output path), which root-absolute references may name. The problems come
/// with the warnings.
pub fn resolve(site: &Site, statics: &BTreeMap<String, Vec<u8>>) -> Result<Graph, Vec<Diagnostic>> {
    let mut problems = Diagnostics::new();
    let n = site.nodes.len();
    let mut graph = Graph {
        prerequisites: vec![Vec::new(); n],
        related: vec![Vec::new(); n],
        needed_by: vec![Vec::new(); n],
        mentioned_in: vec![Vec::new(); n],
        ..Graph::default()
    };

    for (index, node) in site.nodes.iter().enumerate().skip(1) {
        if let Some(&first) = graph.by_id.get(&node.id) {
            let other = &site.nodes[first];
            problems
                .push(id_error(&node.source, &node.id_span, format!("duplicate id `{}`", node.id)).with_hint(
                format!(
                    "{} already uses it; ids must be unique across the roadmap (rename one file or set `id`)",
                    other.source.path.display()
                ),
            ));
        } else {
            graph.by_id.insert(node.id.clone(), index);
        }
    }
    check_aliases(site, &mut graph, &mut problems);

    let by_file: HashMap<PathBuf, NodeId> = site
        .nodes
        .iter()
        .enumerate()
        .filter_map(|(i, node)| Some((link_path(&node.source.path, &site.shared)?, i)))
        .collect();
    let assets: HashSet<&str> = site.assets.iter().map(|a| a.path.as_str()).collect();
    let by_path: HashMap<&str, NodeId> =
        site.nodes.iter().enumerate().map(|(i, n)| (n.path.as_str(), i)).collect();
    let lookup =
        Lookup { site, graph: &graph, by_file: &by_file, by_path: &by_path, assets: &assets, statics };

    // Each page's references on their own, on every core; their problems are kept in the
    // pages' order, so that the report reads the same from run to run.
    let per_page: Vec<_> = site
        .nodes
        .par_iter()
        .enumerate()
        .with_max_len(crate::render::PIECE)
        .map(|(index, node)| {
            let mut problems = Diagnostics::new();
            let links = lookup.body_links(&node.source, &node.body, Some(index), &mut problems);
            let prerequisites = lookup.ids(&node.source, &node.prerequisites, "prerequisite", &mut problems);
            for resource in &node.resources {
                check_resource_url(&node.source, resource, &mut problems);
            }
            let related = lookup.ids(&node.source, &node.related, "related skill", &mut problems);
            for (r, target) in node.prerequisites.iter().zip(&prerequisites) {
                if *target == Some(index) {
                    problems.push(node.source.error_at(
                        r.span.start,
                        r.span.end,
                        format!("`{}` is listed as its own prerequisite", r.id),
                    ));
                }
            }
            (links, prerequisites, related, problems)
        })
        .collect();
    let mut links = Vec::with_capacity(n);
    let mut prerequisites = Vec::with_capacity(n);
    let mut related = Vec::with_capacity(n);
    for (page_links, page_prerequisites, page_related, page_problems) in per_page {
        links.push(page_links);
        prerequisites.push(page_prerequisites);
        related.push(page_related);
        problems.extend(page_problems);
    }
    graph.faq_links = match &site.faq {
        Some(faq) => lookup.body_links(&faq.source, &faq.body, None, &mut problems),
        None => Vec::new(),
    };
    graph.links = links;
    graph.prerequisites =
        prerequisites.into_iter().map(|list| list.into_iter().flatten().collect()).collect();
    graph.related = related.into_iter().map(|list| list.into_iter().flatten().collect()).collect();
    if let Some(directory) = &site.directory {
        let found = |refs: &[IdRef]| -> Vec<crate::directory::Qualified> {
            refs.iter()
                .filter_map(|r| match directory.find(&r.id) {
                    crate::directory::Found::Page { roadmap, id, .. } => {
                        Some((roadmap.to_string(), id.to_string()))
                    }
                    _ => None,
                })
                .collect()
        };
        graph.elsewhere = site
            .nodes
            .iter()
            .map(|node| Elsewhere {
                prerequisites: found(&node.prerequisites),
                related: found(&node.related),
            })
            .collect();
    }

    for (from, targets) in graph.prerequisites.iter().enumerate() {
        for &to in targets {
            if to != from {
                graph.needed_by[to].push(from);
            }
        }
    }
    for (from, links) in graph.links.iter().enumerate() {
        for target in links.iter().filter_map(Resolved::node) {
            if target != from && graph.mentioned_in[target].last() != Some(&from) {
                graph.mentioned_in[target].push(from);
            }
        }
    }
    graph.related_both_ways = graph.related.clone();
    for (from, targets) in graph.related.iter().enumerate() {
        for &to in targets {
            if to != from && !graph.related_both_ways[to].contains(&from) {
                graph.related_both_ways[to].push(from);
            }
        }
    }
    for list in graph.needed_by.iter_mut().chain(graph.mentioned_in.iter_mut()) {
        list.sort_unstable();
        list.dedup();
    }
    if let Some(cycle) = find_cycle(&graph.prerequisites) {
        problems.push(cycle_error(site, &cycle));
    }
    if problems.has_errors() {
        return Err(problems.into_sorted());
    }
    problems.extend(crate::lint::lint(site, &graph));
    graph.warnings = problems.into_sorted();
    graph.trails = crate::trail::Trails::new(site, &graph);
    Ok(graph)
}

/// How relative links name a page's file: relative to `content/` (`math/calculus.md`), or to
/// the roadmap's folder of it (`roadmap` is `ai-engineer/` on a site of several), or
/// `../pages/about.md` for a standalone page.
fn link_path(shown: &Path, roadmap: &str) -> Option<PathBuf> {
    if let Ok(rel) = shown.strip_prefix(Path::new("content").join(roadmap)) {
        return Some(rel.to_path_buf());
    }
    let name = shown.strip_prefix(crate::pages::DIR).ok()?;
    Some(crate::pages::link_path(&name.to_string_lossy()))
}

/// A path relative to `content/` as written from a standalone page (`../content/math/x.md`)
/// made like the others (`math/x.md`).
fn from_content(path: &Path) -> PathBuf {
    path.strip_prefix(Path::new("..").join("content")).unwrap_or(path).to_path_buf()
}

fn id_error(source: &SourceFile, span: &std::ops::Range<usize>, message: String) -> Diagnostic {
    if span.is_empty() {
        Diagnostic::file(&source.path, message)
    } else {
        source.error_at(span.start, span.end, message)
    }
}

/// What an author who wrote a malformed `[[…]]` is told.
fn cross_link_error(source: &SourceFile, span: &std::ops::Range<usize>, fault: CrossLinkFault) -> Diagnostic {
    let (message, hint) = match fault {
        CrossLinkFault::Empty => (
            "an empty cross-link",
            "write the id of the page to link to, as in [[skill-id]]; for literal brackets write \\[[",
        ),
        CrossLinkFault::NoId => (
            "a cross-link without an id",
            "put the page's id first, as in [[skill-id|text]] or [[skill-id#heading]]; a heading of this page is [text](#heading)",
        ),
        CrossLinkFault::EmptyAnchor => (
            "a cross-link with `#` but no heading after it",
            "name the heading, as in [[skill-id#heading]], or drop the `#`",
        ),
        CrossLinkFault::EmptyText => (
            "a cross-link with `|` but no text after it",
            "write the link's text after the `|`, or drop the `|` to show the page's title",
        ),
        CrossLinkFault::Unclosed => (
            "an unclosed cross-link: `[[` without `]]` on its line",
            "close it, as in [[skill-id]]; for literal brackets write \\[[",
        ),
    };
    source.error_at(span.start, span.end, message).with_hint(hint)
}

/// A resource is a page of another site: its URL must be an absolute http(s) URL, never a
/// script URL or a path that only looks like an address.
fn check_resource_url(source: &SourceFile, resource: &crate::site::Resource, problems: &mut Diagnostics) {
    let url = resource.url.as_str();
    let web = ["http://", "https://"].iter().any(|scheme| {
        url.get(..scheme.len()).is_some_and(|s| s.eq_ignore_ascii_case(scheme))
            && url[scheme.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '[')
    });
    if web && !url.contains(char::is_control) && !url.contains(char::is_whitespace) {
        return;
    }
    let span = &resource.url_span;
    let message = match crate::markdown::script_scheme(url) {
        Some(scheme) => format!("resource URL with `{}`: a resource must be an http(s) URL", scheme.name()),
        None => format!("resource URL `{}` is not an http(s) URL", url.escape_debug()),
    };
    problems.push(
        id_error(source, span, message)
            .with_hint("write the full address of the page, starting with https://, without spaces"),
    );
}

fn check_aliases(site: &Site, graph: &mut Graph, problems: &mut Diagnostics) {
    let mut seen: HashMap<&str, NodeId> = HashMap::new();
    for (index, node) in site.nodes.iter().enumerate() {
        for alias in &node.aliases {
            if let Some(old_path) = alias.id.strip_prefix('/') {
                let path = format!("{}/", old_path.trim_end_matches('/'));
                let valid = !old_path.is_empty()
                    && path.split('/').filter(|s| !s.is_empty()).all(|segment| {
                        !segment.starts_with('.')
                            && segment.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                    })
                    && !path.contains("//");
                let taken = site.nodes.iter().position(|n| n.path == path);
                let problem = if valid {
                    taken.map(|owner| {
                        format!(
                            "alias `{}` is the path of {}, a page of this build",
                            alias.id,
                            site.nodes[owner].source.path.display()
                        )
                    })
                } else {
                    Some(format!("alias `{}` is not a path of the site, like `/design/captions/`", alias.id))
                };
                match problem {
                    Some(message) => {
                        problems.push(node.source.error_at(alias.span.start, alias.span.end, message))
                    }
                    None if seen.contains_key(alias.id.as_str()) => problems.push(node.source.error_at(
                        alias.span.start,
                        alias.span.end,
                        format!("alias `{}` is also an alias of another page", alias.id),
                    )),
                    None => {
                        seen.insert(&alias.id, index);
                        graph.aliases.push((alias.id.clone(), index));
                    }
                }
                continue;
            }
            if let Some(&owner) = graph.by_id.get(&alias.id) {
                problems.push(
                    node.source
                        .error_at(
                            alias.span.start,
                            alias.span.end,
                            format!("alias `{}` is the id of another page", alias.id),
                        )
                        .with_hint(format!(
                            "{} has that id; an alias must be an old id that no page uses now",
                            site.nodes[owner].source.path.display()
                        )),
                );
            } else if let Some(&owner) = seen.get(alias.id.as_str()) {
                problems.push(node.source.error_at(
                    alias.span.start,
                    alias.span.end,
                    format!(
                        "alias `{}` is also an alias of {}",
                        alias.id,
                        site.nodes[owner].source.path.display()
                    ),
                ));
            } else {
                seen.insert(&alias.id, index);
                graph.aliases.push((alias.id.clone(), index));
            }
        }
    }
}

struct Lookup<'a> {
    site: &'a Site,
    graph: &'a Graph,
    by_file: &'a HashMap<PathBuf, NodeId>,
    /// Pages by their path below the base path (`math/calculus/`), for root-absolute references.
    by_path: &'a HashMap<&'a str, NodeId>,
    assets: &'a HashSet<&'a str>,
    statics: &'a BTreeMap<String, Vec<u8>>,
}

impl Lookup<'_> {
    fn unknown_id(
        &self,
        source: &SourceFile,
        span: &std::ops::Range<usize>,
        id: &str,
        what: &str,
    ) -> Diagnostic {
        if self.site.drafts.binary_search_by(|d| d.as_str().cmp(id)).is_ok() {
            return source
                .error_at(span.start, span.end, format!("{what} `{id}` is a draft, left out of this build"))
                .with_hint("publish it (remove `draft = true`), build with --drafts, or remove this link");
        }
        let error =
            source.error_at(span.start, span.end, format!("unknown {what} `{id}`: no page has this id"));
        let page = format!("{}{id}", crate::pages::ID_PREFIX);
        if self.graph.by_id.contains_key(&page) {
            return error.with_hint(format!("did you mean `{page}`? (a page of pages/)"));
        }
        match did_you_mean(id, self.graph.by_id.keys().map(String::as_str)) {
            Some(close) => error.with_hint(format!("did you mean `{close}`?")),
            None => error
                .with_hint("ids are file names without `.md` (or folder names), unless the page sets `id`"),
        }
    }

    fn ids(
        &self,
        source: &SourceFile,
        refs: &[IdRef],
        what: &str,
        problems: &mut Diagnostics,
    ) -> Vec<Option<NodeId>> {
        refs.iter()
            .map(|r| {
                let found = self.graph.by_id.get(&r.id).copied();
                if found.is_none() && !self.site.unloaded.ids.contains(&r.id) {
                    match self.site.directory.as_ref().map(|d| d.find(&r.id)) {
                        Some(crate::directory::Found::Page { .. }) => {}
                        Some(crate::directory::Found::Missing { message, hint }) => {
                            problems.push(id_error(source, &r.span, message).with_hint(hint))
                        }
                        _ => problems.push(self.unknown_id(source, &r.span, &r.id, what)),
                    }
                }
                found
            })
            .collect()
    }

    fn body_links(
        &self,
        source: &SourceFile,
        body: &Markdown,
        this: Option<NodeId>,
        problems: &mut Diagnostics,
    ) -> Vec<Resolved> {
        for bad in &body.bad_cross_links {
            problems.push(cross_link_error(source, &bad.span, bad.fault));
        }
        for found in &body.script_in_html {
            let message = match &found.what {
                ScriptHtml::Element => "a `<script>` element: it would run on the site".to_string(),
                ScriptHtml::EventHandler(name) if name == "srcdoc" => {
                    "an `srcdoc` attribute: it embeds a whole page, script included".to_string()
                }
                ScriptHtml::EventHandler(name) => {
                    format!("an event handler attribute `{name}`: it would run script on the site")
                }
            };
            problems.push(source.error_at(found.span.start, found.span.end, message).with_hint(
                "HTML in a page may not carry script (pages run only the theme's own); show code in a fenced code block",
            ));
        }
        body.links.iter().map(|link| self.link(source, body, this, link, problems)).collect()
    }

    /// A `javascript:`, `vbscript:` or `data:` URL: refused, but for `data:` images on a site
    /// that allows them.
    fn script_url(
        &self,
        source: &SourceFile,
        link: &Link,
        scheme: ScriptScheme,
        url: &str,
        problems: &mut Diagnostics,
    ) -> Resolved {
        let image = matches!(link.kind, RefKind::Image { .. });
        let data_image = scheme == ScriptScheme::Data
            && url.trim_start().get(..11).is_some_and(|s| s.eq_ignore_ascii_case("data:image/"));
        if image && data_image && self.site.config.allow_data_images {
            return Resolved::Url(url.to_string());
        }
        let name = scheme.name();
        let (message, hint) = match scheme {
            ScriptScheme::Data if image && data_image => (
                format!("a `{name}` image: this site does not allow them"),
                "save the image beside the page and reference its file, or set `allow_data_images = true` in trailmap.toml".to_string(),
            ),
            ScriptScheme::Data => (
                format!("a `{name}` URL: it can carry a whole document, script included"),
                "reference a file beside the page, or a page of another site by its https:// address".to_string(),
            ),
            _ => (
                format!("a `{name}` URL: it would run script on the site"),
                "link to pages with [[id]] or a relative path, and to other sites with https://".to_string(),
            ),
        };
        problems.push(source.error_at(link.span.start, link.span.end, message).with_hint(hint));
        Resolved::Broken
    }

    fn link(
        &self,
        source: &SourceFile,
        body: &Markdown,
        this: Option<NodeId>,
        link: &Link,
        problems: &mut Diagnostics,
    ) -> Resolved {
        if let RefKind::Image { alt: false } = link.kind {
            problems.push(
                source
                    .error_at(link.span.start, link.span.end, "an image without alternative text")
                    .with_hint("describe it between the brackets, ![what it shows](…): screen readers read it, and it shows where the image cannot")
                    .warning(),
            );
        }
        let error = |message: String| source.error_at(link.span.start, link.span.end, message);
        let from_page = this.is_some_and(|n| self.site.nodes[n].kind == crate::site::NodeKind::Page);
        let (node, anchor) = match &link.target {
            LinkTarget::Id { id, anchor, .. } => match self.graph.by_id.get(id) {
                Some(&node) => (Some(node), anchor.clone()),
                None if self.site.directory.is_some() && crate::directory::split(id).is_some() => {
                    return self.elsewhere(source, link, id, anchor.as_deref(), problems);
                }
                None => {
                    if !self.site.unloaded.ids.contains(id) {
                        problems.push(self.unknown_id(source, &link.span, id, "id"));
                    }
                    return Resolved::Broken;
                }
            },
            LinkTarget::File { path, anchor } if path == Path::new("faq.md") && self.site.faq.is_some() => {
                return self.faq_link(source, link, this, anchor, problems);
            }
            LinkTarget::File { path, anchor } => match self.by_file.get(&self.within_site(path, from_page)) {
                Some(&node) => (Some(node), anchor.clone()),
                None if let Some((roadmap, id)) = self.across(path) => {
                    return self.elsewhere(
                        source,
                        link,
                        &format!("{roadmap}:{id}"),
                        anchor.as_deref(),
                        problems,
                    );
                }
                None if self.site.unloaded.files.contains(path) => return Resolved::Broken,
                None => return self.unknown_file(source, link, &self.within_site(path, from_page), problems),
            },
            LinkTarget::Asset { path, rest } => {
                return self.asset(source, link, &from_content(path), rest, problems);
            }
            LinkTarget::Root { path, rest } => return self.root_path(source, link, path, rest, problems),
            LinkTarget::Anchor(anchor) => (this, Some(anchor.clone())),
            LinkTarget::Script { scheme, url } => {
                return self.script_url(source, link, *scheme, url, problems);
            }
            LinkTarget::BadCrossLink(fault) => {
                problems.push(cross_link_error(source, &link.span, *fault));
                return Resolved::Broken;
            }
        };
        let mut anchor = anchor;
        if let (Some(target), Some(wanted)) = (node, &anchor) {
            anchor = self.across_languages(this, target, wanted).unwrap_or(anchor);
        }
        if let Some(anchor) = &anchor {
            let headings = match node {
                Some(node) => &self.site.nodes[node].body.headings,
                None => &body.headings,
            };
            if !headings.iter().any(|h| &h.id == anchor) {
                let title = node.map_or("this page", |n| self.site.nodes[n].title.as_str());
                let known: Vec<String> = headings.iter().map(|h| format!("`{}`", h.id)).collect();
                let hint = if known.is_empty() {
                    format!("{title} has no headings to link to")
                } else {
                    let names: Vec<&str> = headings.iter().map(|h| h.id.as_str()).collect();
                    match did_you_mean(anchor, names) {
                        Some(close) => format!("did you mean `{close}`? {title} has {}", known.join(", ")),
                        None => format!("{title} has {}", known.join(", ")),
                    }
                };
                problems.push(error(format!("unknown heading `#{anchor}`")).with_hint(hint));
            }
        }
        // A `#heading` link keeps its page (the FAQ when `this` is none), so that it still works
        // where the body is shown elsewhere, as on the print edition.
        match node {
            Some(node) => Resolved::Page { node, anchor },
            None => Resolved::Faq { anchor },
        }
    }

    /// In another language's edition, a `#heading` written in the default language's text
    /// (a page shown untranslated) for a page that is translated: the heading at the same place
    /// in the translation, or the page's top (`Some(None)`) when it has fewer headings. `None`
    /// when the anchor needs no translating.
    fn across_languages(&self, this: Option<NodeId>, target: NodeId, anchor: &str) -> Option<Option<String>> {
        let to = &self.site.nodes[target];
        let untranslated = self.untranslated(this) && to.text_language.is_none();
        if !untranslated || to.body.headings.iter().any(|h| h.id == anchor) {
            return None;
        }
        let place = to.original_headings.iter().position(|h| h == anchor)?;
        Some(to.body.headings.get(place).map(|h| h.id.clone()))
    }

    /// The text of `this` page (the FAQ when `None`) is shown in the default language in an
    /// edition of another.
    fn untranslated(&self, this: Option<NodeId>) -> bool {
        match this {
            Some(node) => self.site.nodes[node].text_language.is_some(),
            None => self.site.faq.as_ref().is_some_and(|faq| faq.text_language.is_some()),
        }
    }

    /// `[[roadmap:id]]`: a page of another roadmap of the site, or a heading on it.
    fn elsewhere(
        &self,
        source: &SourceFile,
        link: &Link,
        id: &str,
        anchor: Option<&str>,
        problems: &mut Diagnostics,
    ) -> Resolved {
        let Some(directory) = &self.site.directory else { return Resolved::Broken };
        let error = |message: String| source.error_at(link.span.start, link.span.end, message);
        match directory.find(id) {
            crate::directory::Found::Page { roadmap, entry, .. } => {
                if let Some(anchor) = anchor
                    && !entry.headings.iter().any(|h| h == anchor)
                {
                    let hint = match did_you_mean(anchor, entry.headings.iter().map(String::as_str)) {
                        Some(close) => format!("did you mean `{id}#{close}`?"),
                        None if entry.headings.is_empty() => {
                            format!("{} has no headings to link to", entry.title)
                        }
                        None => format!("{} has `{}`", entry.title, entry.headings.join("`, `")),
                    };
                    problems.push(error(format!("unknown heading `#{anchor}`")).with_hint(hint));
                    return Resolved::Broken;
                }
                Resolved::Elsewhere(Box::new(ElsewhereLink {
                    roadmap: roadmap.to_string(),
                    path: entry.path.clone(),
                    anchor: anchor.map(str::to_string),
                    title: entry.title.clone(),
                }))
            }
            crate::directory::Found::Missing { message, hint } => {
                problems.push(error(message).with_hint(hint));
                Resolved::Broken
            }
            crate::directory::Found::NotQualified => Resolved::Broken,
        }
    }

    /// A relative link's path (relative to the roadmap's folder, or for a standalone page to
    /// `content/`) as the pages are known by file (see `link_path`). On a site of several
    /// roadmaps a link of a roadmap's page that leaves its folder is read as on GitHub:
    /// `../../pages/about.md` from the roadmap's root is the standalone page, `../git/x.md` from
    /// the git roadmap its own page, and `../pages/about.md` a `content/pages/` that is none.
    fn within_site(&self, path: &Path, from_page: bool) -> PathBuf {
        let Some(own) = self.site.edition.roadmap.as_deref() else { return from_content(path) };
        if from_page {
            let content = Path::new("..").join("content").join(own);
            return path.strip_prefix(&content).map_or_else(|_| path.to_path_buf(), Path::to_path_buf);
        }
        match path.strip_prefix("..") {
            Ok(outside) if outside.starts_with("..") => outside.to_path_buf(),
            Ok(outside) => match outside.strip_prefix(own) {
                Ok(mine) => mine.to_path_buf(),
                Err(_) => Path::new("..").join("content").join(outside),
            },
            Err(_) => path.to_path_buf(),
        }
    }

    /// The page of another roadmap that a relative link names (`../data-engineer/basics/sql.md`
    /// from a roadmap's root, `../content/data-engineer/basics/sql.md` from a standalone page).
    fn across(&self, path: &Path) -> Option<(&str, &str)> {
        let directory = self.site.directory.as_deref()?;
        let path = path.strip_prefix(Path::new("..").join("content")).map_or(path, |within| within);
        let path = if path.starts_with("..") { path.to_path_buf() } else { Path::new("..").join(path) };
        directory.across(self.site.edition.roadmap.as_deref()?, &path)
    }

    /// A relative link to a Markdown file that is no page of the site.
    fn unknown_file(
        &self,
        source: &SourceFile,
        link: &Link,
        path: &Path,
        problems: &mut Diagnostics,
    ) -> Resolved {
        // `../pages/x.md` is `pages/x.md` from the site's folder.
        let shown = match path.strip_prefix("..") {
            Ok(outside) => outside.to_path_buf(),
            Err(_) => Path::new("content").join(&self.site.shared).join(path),
        };
        let siblings = self.by_file.keys().filter(|known| known.parent() == path.parent());
        let names: Vec<String> =
            siblings.filter_map(|known| Some(known.file_name()?.to_string_lossy().into_owned())).collect();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let hint = match did_you_mean(&name, names.iter().map(String::as_str)) {
            Some(close) => format!("did you mean `{close}`?"),
            None => "relative links are resolved from the folder of the file that holds them".to_string(),
        };
        let message = format!("link to `{}`, which is not a page of this site", shown.display());
        problems.push(source.error_at(link.span.start, link.span.end, message).with_hint(hint));
        Resolved::Broken
    }

    /// A relative reference to a file beside the Markdown: it must be one of `content/`'s
    /// files (or a folder with a page).
    fn asset(
        &self,
        source: &SourceFile,
        link: &Link,
        path: &Path,
        rest: &str,
        problems: &mut Diagnostics,
    ) -> Resolved {
        let name = path.to_string_lossy().replace('\\', "/");
        if self.assets.contains(name.as_str()) {
            return Resolved::File(Box::new(LinkedFile { path: name, rest: rest.to_string(), shared: true }));
        }
        // `../other/` names a folder whose page is its `_index.md`.
        if let Some(&node) = self.by_file.get(&path.join("_index.md")) {
            let anchor = rest.split_once('#').map(|(_, a)| a.to_string());
            return Resolved::Page { node, anchor };
        }
        let shown = Path::new("content").join(&self.site.shared).join(path);
        let folder = source.path.parent().map_or_else(String::new, |f| format!("{}/", f.display()));
        let siblings = self.assets.iter().copied().filter(|a| Path::new(a).parent() == path.parent());
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let names: Vec<&str> = siblings.filter_map(|a| a.rsplit('/').next()).collect();
        let hint = match did_you_mean(&file_name, names) {
            Some(close) => {
                format!("did you mean `{close}`? (paths are resolved from {folder}, as on GitHub)")
            }
            None => format!(
                "relative paths are resolved from the folder of the Markdown file ({folder}), as on GitHub"
            ),
        };
        let message = format!("no file `{}`", shown.display());
        problems.push(source.error_at(link.span.start, link.span.end, message).with_hint(hint));
        Resolved::Broken
    }

    /// A root-absolute reference (`/images/logo.png`): a page, or a file of the published site.
    fn root_path(
        &self,
        source: &SourceFile,
        link: &Link,
        path: &str,
        rest: &str,
        problems: &mut Diagnostics,
    ) -> Resolved {
        let page = path.trim_end_matches("index.html");
        let dir = if page.is_empty() || page.ends_with('/') { page.to_string() } else { format!("{page}/") };
        let anchor = rest.split_once('#').map(|(_, a)| a.to_string());
        if let Some(&node) = self.by_path.get(dir.as_str()) {
            return Resolved::Page { node, anchor };
        }
        if dir == routes::FAQ && self.site.faq.is_some() {
            return Resolved::Faq { anchor };
        }
        let shared = self.assets.contains(path) || self.statics.contains_key(path);
        let known = shared
            || GENERATED.contains(&path)
            || dir == routes::PRINT
            || crate::share::publishes(self.site, |dir| self.by_path.get(dir).copied(), path);
        if known {
            return Resolved::File(Box::new(LinkedFile {
                path: path.to_string(),
                rest: rest.to_string(),
                shared,
            }));
        }
        let base = self.site.config.base_path();
        let hint = match path.strip_prefix(base.trim_start_matches('/')) {
            Some(_) if base != "/" => format!(
                "write it without the site's base path `{base}`: trailmap adds it to every root-absolute reference"
            ),
            _ => "a path starting with `/` names a file of the published site (from static/ or content/); for a file beside this page, write a relative path".to_string(),
        };
        problems.push(
            source
                .error_at(
                    link.span.start,
                    link.span.end,
                    format!("`/{path}` is not a page or file of this site"),
                )
                .with_hint(hint),
        );
        Resolved::Broken
    }

    fn faq_link(
        &self,
        source: &SourceFile,
        link: &Link,
        this: Option<NodeId>,
        anchor: &Option<String>,
        problems: &mut Diagnostics,
    ) -> Resolved {
        let headings = self.site.faq.as_ref().map(|f| f.body.headings.as_slice()).unwrap_or_default();
        let mut anchor = anchor.clone();
        // As `across_languages`, for a translated FAQ.
        if let (Some(faq), Some(wanted)) = (&self.site.faq, &anchor)
            && faq.text_language.is_none()
            && this.is_some()
            && self.untranslated(this)
            && !headings.iter().any(|h| &h.id == wanted)
            && let Some(place) = faq.original_headings.iter().position(|h| h == wanted)
        {
            anchor = headings.get(place).map(|h| h.id.clone());
        }
        let anchor = &anchor;
        if let Some(anchor) = anchor.as_ref().filter(|a| !headings.iter().any(|h| &h.id == *a)) {
            problems.push(source.error_at(
                link.span.start,
                link.span.end,
                format!("unknown heading `#{anchor}` in the FAQ"),
            ));
        }
        Resolved::Faq { anchor: anchor.clone() }
    }
}

/// A cycle in the prerequisite graph, as the list of nodes around it (first node not repeated).
/// Iterative depth-first search so that long chains cannot overflow the stack.
pub fn find_cycle(edges: &[Vec<NodeId>]) -> Option<Vec<NodeId>> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Open,
        Done,
    }
    let mut state = vec![State::New; edges.len()];
    for start in 0..edges.len() {
        if state[start] != State::New {
            continue;
        }
        let mut path: Vec<(NodeId, usize)> = vec![(start, 0)];
        state[start] = State::Open;
        while let Some(&mut (node, ref mut next)) = path.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if target == node {
                    continue; // reported separately as "its own prerequisite"
                }
                match state[target] {
                    State::New => {
                        state[target] = State::Open;
                        path.push((target, 0));
                    }
                    State::Open => {
                        let from = path.iter().position(|&(n, _)| n == target).unwrap_or(0);
                        return Some(path[from..].iter().map(|&(n, _)| n).collect());
                    }
                    State::Done => {}
                }
            } else {
                state[node] = State::Done;
                path.pop();
            }
        }
    }
    None
}

fn cycle_error(site: &Site, cycle: &[NodeId]) -> Diagnostic {
    // Report it at the first node of the cycle in reading order, on its prerequisite entry.
    let start = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
    let rotated: Vec<NodeId> = cycle[start..].iter().chain(&cycle[..start]).copied().collect();
    let names: Vec<&str> =
        rotated.iter().chain(rotated.first()).map(|&n| site.nodes[n].id.as_str()).collect();
    let first = &site.nodes[rotated[0]];
    let next_id = &site.nodes[rotated[1 % rotated.len()]].id;
    let message = format!("prerequisite cycle: {}", names.join(" → "));
    let hint = "a skill cannot (even indirectly) be its own prerequisite; remove one of these entries";
    match first.prerequisites.iter().find(|r| &r.id == next_id) {
        Some(r) => first.source.error_at(r.span.start, r.span.end, message).with_hint(hint),
        None => Diagnostic::file(&first.source.path, message).with_hint(hint),
    }
}

#[cfg(test)]
mod tests {
    use super::find_cycle;

    #[test]
    fn finds_a_cycle_and_only_a_cycle() {
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![]]), None);
        assert_eq!(find_cycle(&[vec![1], vec![2], vec![0]]), Some(vec![0, 1, 2]));
        assert_eq!(find_cycle(&[vec![1, 2], vec![2], vec![3], vec![1]]), Some(vec![1, 2, 3]));
        assert_eq!(find_cycle(&[vec![0]]), None);
    }
}
