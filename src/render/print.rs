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
    pub nodes: Vec<PrintNode<'a>>,
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
}

/// The number of skills, and whether the print edition leaves their text out.
pub fn abridged(site: &Site) -> (usize, bool) {
    let skill_count = site.nodes.iter().filter(|n| n.kind == NodeKind::Skill).count();
    (skill_count, skill_count > FULL_TEXT_LIMIT)
}

pub fn print_ctx<'a>(site: &'a Site, graph: &Graph, strings: &crate::strings::Strings) -> PrintCtx<'a> {
    let root = site.root();
    let (skill_count, abridged) = abridged(site);
    let nodes = (1..site.nodes.len())
        .into_par_iter()
        .filter(|&n| site.nodes[n].kind != NodeKind::Page)
        .map(|n| node(site, graph, n, abridged, strings))
        .collect();
    PrintCtx {
        anchor: print_anchor(&root.id, None),
        title: &root.title,
        description: &root.description,
        permalink: site.routes().permalink(crate::routes::PRINT),
        intro: render(site, graph, 0, 1, strings),
        takeaways: &root.takeaways,
        nodes,
        faq: feeds::faq_entries(site, graph, strings),
        skill_count,
        abridged,
    }
}

fn node<'a>(
    site: &'a Site,
    graph: &Graph,
    id: NodeId,
    abridged: bool,
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
        content: if abridged && n.kind == NodeKind::Skill {
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
    to_html(events, &n.body.formulas, n.body.text.len() * 2)
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
