//! The print edition: one page (`print/index.html`) that holds the whole roadmap in reading order,
//! every section and skill with its text and resources, for paper or a PDF.
//!
//! Bodies are rendered again for it: their links point to places on this page, their headings
//! move down below the skill's own heading, and their anchors (and footnotes) get the page's id
//! in front, so that a hundred "Why it matters" headings stay distinct.

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::to_html;
use crate::render::body::{self, Target, print_anchor};
use crate::render::context::{ResourceGroup, resource_groups};
use crate::render::feeds::{self, FaqEntry};
use crate::resolve::Graph;
use crate::site::{NodeId, NodeKind, Site};

/// Above this many skills the print edition leaves out the skills' text (a page of hundreds of
/// megabytes helps no one) and keeps their titles, summaries, prerequisites and resources.
pub const FULL_TEXT_LIMIT: usize = 3_000;

/// Where `print.html` puts the table of contents (`print.contents`) and the nodes' text
/// (`print.body`): marks that [`splice`] replaces with `print-contents.html` and
/// `print-nodes.html` rendered a run of [`CHUNK`] nodes at a time, so that a roadmap of 100,000
/// skills is never one value for the template engine. Neither holds a character that escaping
/// changes.
const CONTENTS_MARK: &str = "\u{0}trailmap:print-contents\u{0}";
const BODY_MARK: &str = "\u{0}trailmap:print-body\u{0}";

/// Nodes rendered by one call of `print-contents.html` or `print-nodes.html`.
const CHUNK: usize = 256;

/// What `print.html` gets as `print`.
#[derive(Serialize)]
pub struct PrintCtx<'a> {
    /// The root's anchor (links to the landing page point here).
    pub anchor: String,
    pub title: &'a str,
    pub description: &'a str,
    pub permalink: String,
    pub intro: String,
    pub takeaways: &'a [String],
    /// Every node, for a `print.html` made before the theme streamed them (one that names
    /// `print.nodes`); empty otherwise.
    pub nodes: Vec<PrintNode<'a>>,
    /// The marks where the streamed table of contents and nodes go.
    pub contents: &'static str,
    pub body: &'static str,
    pub faq: Vec<FaqEntry>,
    pub skill_count: usize,
    /// The skills' text is left out (see [`FULL_TEXT_LIMIT`]).
    pub abridged: bool,
}

/// A link to another place on the print page.
#[derive(Serialize)]
pub struct PrintLink<'a> {
    pub title: &'a str,
    pub anchor: String,
}

/// A section or skill, with its body rendered for the print page.
#[derive(Serialize)]
pub struct PrintNode<'a> {
    pub id: &'a str,
    pub anchor: String,
    pub kind: NodeKind,
    pub title: &'a str,
    /// The page of its own on the site.
    pub url: String,
    pub summary: &'a str,
    pub question: &'a str,
    pub level: &'static str,
    /// Depth below its section (0 for sections and their direct skills).
    pub depth: usize,
    /// Titles of the skills between its section and itself, for sub-skills.
    pub trail: Vec<&'a str>,
    pub content: String,
    pub prerequisites: Vec<PrintLink<'a>>,
    pub resources: Vec<ResourceGroup<'a>>,
    /// Its place in the whole list (a run of the stream does not know it from its loop).
    pub first: bool,
    pub last: bool,
}

/// Whether the theme streams the print edition's nodes (see [`CONTENTS_MARK`]): it has the two
/// templates of a run, and none of its templates loops over `print.nodes` itself (a theme made
/// before, which gets them all at once).
pub fn streams(templates: &std::collections::BTreeMap<String, String>) -> bool {
    templates.contains_key("print-contents.html")
        && templates.contains_key("print-nodes.html")
        && !crate::render::context::names_field(templates, "nodes")
}

/// The nodes of the print edition, in reading order.
fn ids(site: &Site) -> Vec<NodeId> {
    (1..site.nodes.len()).filter(|&n| site.nodes[n].kind != NodeKind::Page).collect()
}

/// The number of skills, and whether the print edition leaves their text out.
pub fn abridged(site: &Site) -> (usize, bool) {
    let skill_count = site.nodes.iter().filter(|n| n.kind == NodeKind::Skill).count();
    (skill_count, skill_count > FULL_TEXT_LIMIT)
}

/// `print.html`'s `print`, with every node in `nodes` unless the theme `streamed` them.
pub fn print_ctx<'a>(
    site: &'a Site,
    graph: &Graph,
    strings: &crate::strings::Strings,
    streamed: bool,
) -> PrintCtx<'a> {
    let root = site.root();
    let (skill_count, abridged) = abridged(site);
    let nodes = if streamed {
        Vec::new()
    } else {
        let ids = ids(site);
        run(site, graph, &ids, 0..ids.len(), abridged, true, strings)
    };
    PrintCtx {
        anchor: print_anchor(&root.id, None),
        title: &root.title,
        description: &root.description,
        permalink: site.routes().permalink(crate::routes::PRINT),
        intro: render(site, graph, 0, 1, strings),
        takeaways: &root.takeaways,
        nodes,
        contents: CONTENTS_MARK,
        body: BODY_MARK,
        faq: feeds::faq_entries(site, graph, strings),
        skill_count,
        abridged,
    }
}

/// The nodes `ids[range]`, made in parallel; without `text`, their bodies are left out (the table
/// of contents needs none).
fn run<'a>(
    site: &'a Site,
    graph: &Graph,
    ids: &[NodeId],
    range: std::ops::Range<usize>,
    abridged: bool,
    text: bool,
    strings: &crate::strings::Strings,
) -> Vec<PrintNode<'a>> {
    let last = ids.len().saturating_sub(1);
    range
        .into_par_iter()
        .map(|i| PrintNode {
            first: i == 0,
            last: i == last,
            ..node(site, graph, ids[i], abridged, text, strings)
        })
        .collect()
}

/// Writes the print page into `out` from `frame`, `print.html` rendered (see [`CONTENTS_MARK`]):
/// at each mark, `render` writes `print-contents.html` or `print-nodes.html` for each run of nodes.
pub fn splice<W: std::io::Write, E>(
    site: &Site,
    graph: &Graph,
    strings: &crate::strings::Strings,
    frame: &[u8],
    out: &mut W,
    mut render: impl FnMut(&'static str, &[PrintNode], &mut W) -> Result<(), E>,
    io: impl Fn(std::io::Error) -> E,
) -> Result<(), E> {
    let ids = ids(site);
    let (_, abridged) = abridged(site);
    let mut rest = frame;
    loop {
        let found = [(CONTENTS_MARK, "print-contents.html"), (BODY_MARK, "print-nodes.html")]
            .into_iter()
            .filter_map(|(mark, template)| find(rest, mark.as_bytes()).map(|at| (at, mark, template)))
            .min_by_key(|(at, ..)| *at);
        let Some((at, mark, template)) = found else { break };
        out.write_all(&rest[..at]).map_err(&io)?;
        rest = &rest[at + mark.len()..];
        let text = template == "print-nodes.html";
        for start in (0..ids.len()).step_by(CHUNK) {
            let end = (start + CHUNK).min(ids.len());
            let nodes = run(site, graph, &ids, start..end, abridged, text, strings);
            render(template, &nodes, out)?;
        }
    }
    out.write_all(rest).map_err(io)
}

/// Where `mark` (which starts with a NUL, a byte no page holds otherwise) is in `haystack`.
fn find(haystack: &[u8], mark: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = haystack[from..].iter().position(|&b| b == 0) {
        if haystack[from + at..].starts_with(mark) {
            return Some(from + at);
        }
        from += at + 1;
    }
    None
}

fn node<'a>(
    site: &'a Site,
    graph: &Graph,
    id: NodeId,
    abridged: bool,
    text: bool,
    strings: &crate::strings::Strings,
) -> PrintNode<'a> {
    let n = &site.nodes[id];
    // Sections are h2 on the print page, skills h3: body headings (h2 and below) move under them.
    let shift = if n.kind == NodeKind::Section { 1 } else { 2 };
    PrintNode {
        id: &n.id,
        anchor: print_anchor(&n.id, None),
        kind: n.kind,
        title: &n.title,
        url: site.url(id),
        summary: &n.summary,
        question: &n.question,
        level: n.level.name(),
        depth: n.depth.saturating_sub(2),
        trail: site.ancestors(id).into_iter().skip(2).map(|a| site.nodes[a].title.as_str()).collect(),
        content: if !text || (abridged && n.kind == NodeKind::Skill) {
            String::new()
        } else {
            render(site, graph, id, shift, strings)
        },
        prerequisites: graph.prerequisites[id]
            .iter()
            .map(|&p| PrintLink {
                title: &site.nodes[p].title,
                anchor: print_anchor(&site.nodes[p].id, None),
            })
            .collect(),
        resources: resource_groups(n),
        first: false,
        last: false,
    }
}

/// The body of `id` for the print page, its headings `shift` levels down.
fn render(site: &Site, graph: &Graph, id: NodeId, shift: usize, strings: &crate::strings::Strings) -> String {
    let n = &site.nodes[id];
    let owner = n.id.as_str();
    let events =
        body::events_to(site, n.body.events(), &graph.links[id], Target::Print, strings).map(|event| {
            match event {
                Event::Start(Tag::Heading { level, id: anchor, classes, attrs }) => {
                    Event::Start(Tag::Heading {
                        level: lower(level, shift),
                        id: anchor.map(|a| CowStr::from(print_anchor(owner, Some(&a)))),
                        classes,
                        attrs,
                    })
                }
                Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level, shift))),
                Event::FootnoteReference(label) => {
                    Event::FootnoteReference(CowStr::from(format!("{owner}:{label}")))
                }
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    Event::Start(Tag::FootnoteDefinition(CowStr::from(format!("{owner}:{label}"))))
                }
                other => other,
            }
        });
    to_html(events, &n.body.formulas, n.body.html_size_hint())
}

fn lower(level: HeadingLevel, shift: usize) -> HeadingLevel {
    let n = (level as usize + shift).min(6);
    HeadingLevel::try_from(n).unwrap_or(HeadingLevel::H6)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_move_down_but_not_past_h6() {
        assert_eq!(lower(HeadingLevel::H2, 2), HeadingLevel::H4);
        assert_eq!(lower(HeadingLevel::H5, 2), HeadingLevel::H6);
        assert_eq!(lower(HeadingLevel::H6, 1), HeadingLevel::H6);
    }
}
