//! The files that are not themed pages: the FAQ split into entries, alias redirects,
//! `sitemap.xml`, `robots.txt`, `.nojekyll` and `roadmap.json`.

use pulldown_cmark::{Event, HeadingLevel, Tag};

use rayon::prelude::*;
use serde::Serialize;

use crate::escape::escape;
use crate::markdown::to_html;
use crate::render::body;
use crate::resolve::{Graph, Resolved};
use crate::routes;
use crate::site::{Faq, NodeId, NodeKind, Site};

/// One question of the FAQ with its answer.
#[derive(Serialize)]
pub struct FaqEntry {
    pub question: String,
    pub anchor: String,
    pub answer: String,
    /// The answer as plain text (for JSON-LD).
    pub answer_text: String,
}

#[derive(Serialize)]
pub struct FaqPage<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub permalink: String,
    pub intro: String,
    pub entries: Vec<FaqEntry>,
}

pub fn faq_entries(site: &Site, graph: &Graph, strings: &crate::strings::Strings) -> Vec<FaqEntry> {
    site.faq.as_ref().map(|faq| split_faq(site, graph, faq, strings).1).unwrap_or_default()
}

pub fn faq_page<'a>(
    site: &'a Site,
    graph: &Graph,
    faq: &'a Faq,
    strings: &'a crate::strings::Strings,
) -> FaqPage<'a> {
    let (intro, entries) = split_faq(site, graph, faq, strings);
    FaqPage {
        title: if faq.title.is_empty() { strings.get("faq.title") } else { &faq.title },
        description: &faq.description,
        url: site.routes().url(crate::routes::FAQ),
        permalink: site.routes().permalink(crate::routes::FAQ),
        intro,
        entries,
    }
}

/// Splits the FAQ body at its `##` headings: each opens an entry that runs to the next one.
fn split_faq(
    site: &Site,
    graph: &Graph,
    faq: &Faq,
    strings: &crate::strings::Strings,
) -> (String, Vec<FaqEntry>) {
    let events: Vec<Event> = body::events(site, faq.body.events(), &graph.faq_links, strings).collect();
    let mut questions = faq.body.headings.iter();
    let mut intro = Vec::new();
    let mut entries: Vec<(String, String, Vec<Event>)> = Vec::new();
    let mut in_question = false;
    for event in events {
        match &event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => {
                in_question = true;
                let heading = questions.find(|h| h.level == 2);
                let (text, id) = heading.map(|h| (h.text.clone(), h.id.clone())).unwrap_or_default();
                entries.push((text, id, Vec::new()));
            }
            Event::End(pulldown_cmark::TagEnd::Heading(HeadingLevel::H2)) => in_question = false,
            _ if in_question => {}
            _ => match entries.last_mut() {
                Some((_, _, answer)) => answer.push(event),
                None => intro.push(event),
            },
        }
    }
    let entries = entries
        .into_iter()
        .map(|(question, anchor, answer)| {
            let answer_text = plain_text(&answer);
            FaqEntry {
                question,
                anchor,
                answer: to_html(answer.into_iter(), &faq.body.formulas, 512),
                answer_text,
            }
        })
        .collect();
    (to_html(intro.into_iter(), &faq.body.formulas, 256), entries)
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                if !text.ends_with(' ') && !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&crate::math::plain_text(latex));
                text.push(' ');
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_)
                if !text.ends_with(' ') && !text.is_empty() =>
            {
                text.push(' ')
            }
            _ => {}
        }
    }
    text.trim().to_string()
}

/// A page at an old id's URL that sends readers (and search engines) to the new one.
pub fn redirect(site: &Site, node: NodeId, strings: &crate::strings::Strings) -> String {
    let url = escape(&site.url(node));
    let canonical = escape(&site.permalink(node));
    let title = escape(&site.nodes[node].title);
    let link = format!("<a href=\"{url}\">{title}</a>");
    let moved = strings.format_html("moved.page_title", &[("title", &title)]);
    let lead = strings.format_html("moved.lead", &[("link", &link)]);
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{moved}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>{lead}</p>\n</body>\n</html>\n",
        lang = escape(&site.config.language)
    )
}

/// Makes `sitemap.xml`, `robots.txt`, `.nojekyll` and `roadmap.json`, handing each to `emit` as
/// soon as it is made (a big roadmap's files are tens of megabytes each).
pub fn add(site: &Site, graph: &Graph, files: &mut dyn Files) -> Result<(), serde_json::Error> {
    // The files of the whole site, not of one language: made once, by the default edition.
    if site.edition.is_site_root() {
        files.put(routes::SITEMAP, sitemap(site).into_bytes());
        let sitemap_url = site.routes().shared_permalink(routes::SITEMAP);
        files
            .put(routes::ROBOTS, format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n").into_bytes());
        files.put(routes::NO_JEKYLL, Vec::new());
    }
    files.write(routes::ROADMAP_JSON, &mut |out| roadmap_json(site, graph, out))?;
    files.put(LEARNING_PATH, learning_js(site, graph)?);
    Ok(())
}

/// Writes one file a piece at a time.
pub type Writer<'w> = &'w mut dyn FnMut(&mut dyn std::io::Write) -> serde_json::Result<()>;

/// Where the files made from the whole roadmap go.
pub trait Files {
    fn put(&mut self, path: &str, bytes: Vec<u8>);
    /// A file too big to be held whole (`roadmap.json` of 100,000 skills is 70 MB), written by
    /// `write` a piece at a time.
    fn write(&mut self, path: &str, write: Writer) -> serde_json::Result<()>;
}

/// `sitemap.xml`: every page of the site; on a site in several languages, every page in each
/// of them, each listing all of them as alternates (with `x-default`, the default language).
fn sitemap(site: &Site) -> String {
    sitemap_of(&[site], false)
}

/// `sitemap.xml` of the roadmaps `sites` (each the edition of its default language), with the
/// site's home page first when it has one of its own (`home`: a site of several roadmaps).
pub fn sitemap_of(sites: &[&Site], home: bool) -> String {
    let Some(first) = sites.first() else { return String::new() };
    let base = &first.config.base_url;
    let languages = &first.edition.languages;
    let many = first.edition.is_multilingual();
    let count: usize = sites.iter().map(|site| site.nodes.len() + 1).sum();
    let mut sitemap =
        String::with_capacity(128 + count * languages.len() * (base.len() + 64) * languages.len());
    sitemap.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"");
    sitemap.push_str(if many { " xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n" } else { ">\n" });
    let routes = crate::routes::Routes::new(&first.config);
    let mut add = |prefix_of: &dyn Fn(&str) -> String, dir: &str| {
        let permalink = |language: &str| routes.in_edition(&prefix_of(language)).permalink(dir);
        for language in languages.iter() {
            sitemap.push_str("  <url><loc>");
            crate::escape::escape_into(&mut sitemap, &permalink(language));
            sitemap.push_str("</loc>");
            if many {
                let links =
                    languages.iter().map(|l| (l.as_str(), l.as_str())).chain([("x-default", &*languages[0])]);
                for (hreflang, language) in links {
                    sitemap.push_str("\n    <xhtml:link rel=\"alternate\" hreflang=\"");
                    sitemap.push_str(hreflang);
                    sitemap.push_str("\" href=\"");
                    crate::escape::escape_into(&mut sitemap, &permalink(language));
                    sitemap.push_str("\"/>");
                }
                sitemap.push_str("\n  ");
            }
            sitemap.push_str("</url>\n");
        }
    };
    if home {
        let home = first.edition.of(None, &languages[0]);
        add(&|language| home.prefix_of(language), "");
    }
    for (i, site) in sites.iter().enumerate() {
        // A standalone page is listed once, at the first roadmap's copy (see `Site::permalink`).
        let listed = |node: &&crate::site::Node| i == 0 || node.kind != NodeKind::Page;
        let dirs = site
            .nodes
            .iter()
            .filter(listed)
            .map(|node| node.path.as_str())
            .chain(site.faq.as_ref().map(|_| routes::FAQ));
        for dir in dirs {
            add(&|language| site.edition.prefix_of(language), dir);
        }
    }
    sitemap.push_str("</urlset>\n");
    sitemap
}

/// The learning order as a script (`file://` copies cannot fetch JSON): what the landing page's
/// Next up needs to find the skills whose prerequisites are done, and a goal's trail.
pub const LEARNING_PATH: &str = "learning.js";

fn learning_js(site: &Site, graph: &Graph) -> serde_json::Result<Vec<u8>> {
    let skills: Vec<NodeId> = graph.trails.skills(site).collect();
    let mut at = vec![usize::MAX; site.nodes.len()];
    for (i, &n) in skills.iter().enumerate() {
        at[n] = i;
    }
    // [id, title, path below the base, [prerequisites as places in this list], reading order]
    let rows: Vec<(&str, &str, &str, Vec<usize>, NodeId)> = skills
        .iter()
        .map(|&n| {
            let node = &site.nodes[n];
            let before = graph.prerequisites[n].iter().map(|&p| at[p]).filter(|&p| p != usize::MAX).collect();
            (node.id.as_str(), node.title.as_str(), node.path.as_str(), before, n)
        })
        .collect();
    let mut out =
        b"/* trailmap learning order (generated) */\nwindow.trailmapLearning={\"v\":1,\"skills\":".to_vec();
    serde_json::to_writer(&mut out, &rows)?;
    out.extend_from_slice(b"};\n");
    Ok(out)
}

/// JSON on one line, spaced like the README shows it: `{ "from": "a", "to": "b" }`.
mod erased {
    use serde::Serialize;
    use serde_json::ser::Formatter;
    use std::io::{Result, Write};

    pub trait Line: Sync {
        fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()>;
    }

    impl<T: Serialize + Sync> Line for T {
        fn write(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
            let mut serializer = serde_json::Serializer::with_formatter(out, Spaced);
            self.serialize(&mut serializer)
        }
    }

    struct Spaced;

    impl Formatter for Spaced {
        fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> Result<()> {
            w.write_all(b"{ ")
        }
        fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> Result<()> {
            w.write_all(b" }")
        }
        fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> Result<()> {
            if first { Ok(()) } else { w.write_all(b", ") }
        }
        fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> Result<()> {
            w.write_all(b": ")
        }
        fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> Result<()> {
            if first { Ok(()) } else { w.write_all(b", ") }
        }
    }
}

#[derive(Serialize)]
struct JsonNode<'a> {
    id: &'a str,
    kind: NodeKind,
    title: &'a str,
    summary: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    level: Option<&'static str>,
    url: String,
    parent: Option<&'a str>,
    children: Vec<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    aliases: Vec<&'a str>,
}

#[derive(Serialize)]
struct JsonEdge<'a> {
    from: &'a str,
    to: &'a str,
    kind: &'static str,
}

/// The roadmap as data for other tools; the format is documented in the README.
fn roadmap_json(site: &Site, graph: &Graph, out: &mut dyn std::io::Write) -> serde_json::Result<()> {
    let id = |n: NodeId| site.nodes[n].id.as_str();
    let mut aliases: Vec<Vec<&str>> = vec![Vec::new(); site.nodes.len()];
    // Old ids; old paths are redirects only.
    for (alias, owner) in graph.aliases.iter().filter(|(alias, _)| !alias.starts_with('/')) {
        aliases[*owner].push(alias.as_str());
    }
    // roadmap.json is the roadmap: standalone pages are not part of it.
    let in_tree: Vec<NodeId> =
        (0..site.nodes.len()).filter(|&n| site.nodes[n].kind != NodeKind::Page).collect();
    let node = |i: NodeId| {
        let n = &site.nodes[i];
        JsonNode {
            id: &n.id,
            kind: n.kind,
            title: &n.title,
            summary: if n.kind == NodeKind::Root { &n.description } else { &n.summary },
            level: (n.kind == NodeKind::Skill).then(|| n.level.name()),
            url: site.permalink(i),
            parent: n.parent.map(id),
            children: n.children.iter().map(|&c| id(c)).collect(),
            aliases: aliases[i].clone(),
        }
    };
    let edges = |i: NodeId| {
        let n = &site.nodes[i];
        let mut edges: Vec<JsonEdge> = Vec::new();
        edges.extend(n.children.iter().map(|&c| JsonEdge { from: id(i), to: id(c), kind: "tree" }));
        edges.extend(graph.prerequisites[i].iter().map(|&p| JsonEdge {
            from: id(p),
            to: id(i),
            kind: "prerequisite",
        }));
        edges.extend(graph.related[i].iter().map(|&r| JsonEdge { from: id(i), to: id(r), kind: "related" }));
        let mut mentioned: Vec<NodeId> = graph.links[i]
            .iter()
            .filter_map(Resolved::node)
            .filter(|&t| t != i && site.nodes[t].kind != NodeKind::Page)
            .collect();
        mentioned.sort_unstable();
        mentioned.dedup();
        edges.extend(mentioned.into_iter().map(|t| JsonEdge { from: id(i), to: id(t), kind: "mention" }));
        edges
    };
    // One node or edge a line: readable. The lines of a run of nodes at a time, so that the file
    // is never held whole; each piece of a run (a few dozen nodes' lines, in one buffer) made on
    // its own, in parallel: fast on big roadmaps.
    let io = serde_json::Error::io;
    // Writes the lines `each` makes of every node to `out`, a comma between two.
    let lines = |out: &mut dyn std::io::Write,
                 each: &(dyn Fn(NodeId, &mut Vec<u8>) -> serde_json::Result<()> + Sync)| {
        const RUN: usize = 4096;
        const PIECE: usize = 64;
        let mut first = true;
        for run in in_tree.chunks(RUN) {
            let pieces = run
                .par_chunks(PIECE)
                .map(|piece| {
                    let mut text = Vec::with_capacity(piece.len() * 160);
                    for &i in piece {
                        each(i, &mut text)?;
                    }
                    Ok(text)
                })
                .collect::<serde_json::Result<Vec<_>>>()?;
            for text in pieces.iter().filter(|text| !text.is_empty()) {
                // Every line came after a comma: the first one of all does not.
                let text = if std::mem::take(&mut first) { &text[1..] } else { &text[..] };
                out.write_all(text).map_err(io)?;
            }
        }
        serde_json::Result::Ok(())
    };
    // A line, after its comma.
    let line = |value: &dyn erased::Line, text: &mut Vec<u8>| {
        text.extend_from_slice(b",\n    ");
        value.write(text)
    };
    let head = serde_json::to_string;
    write!(
        out,
        "{{\n  \"format\": 1,\n  \"title\": {},\n  \"description\": {},\n  \"base_url\": {},\n  \"nodes\": [",
        head(&site.root().title)?,
        head(&site.root().description)?,
        head(&site.config.base_url)?
    )
    .map_err(io)?;
    lines(out, &|i, text| line(&node(i), text))?;
    out.write_all(b"\n  ],\n  \"edges\": [").map_err(io)?;
    lines(out, &|i, text| edges(i).iter().try_for_each(|edge| line(edge, text)))?;
    if let Some(cross) = cross_edges(site, graph) {
        out.write_all(b"\n  ],\n  \"elsewhere\": [").map_err(io)?;
        let mut text = Vec::new();
        for edge in &cross {
            line(edge, &mut text)?;
        }
        out.write_all(text.get(1..).unwrap_or_default()).map_err(io)?;
    }
    out.write_all(b"\n  ]\n}\n").map_err(io)
}

/// A link between a page of this roadmap and a page of another roadmap of the site, in
/// `roadmap.json`'s `elsewhere`: the other page is named `roadmap:id`.
#[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
struct JsonCross {
    from: String,
    to: String,
    kind: &'static str,
}

/// The links of a roadmap of a site of several with the other roadmaps, both ways: what its
/// pages need (`prerequisite`), list as `related` or name in their text (`mention`) of other
/// roadmaps, and the pages of other roadmaps that name its pages (`mention`, the "Also in" of its
/// pages). `None` on a site of one roadmap.
fn cross_edges(site: &Site, graph: &Graph) -> Option<Vec<JsonCross>> {
    let directory = site.directory.as_deref()?;
    let me = site.edition.roadmap.as_deref()?;
    let qualified = |(roadmap, id): &crate::directory::Qualified| format!("{roadmap}:{id}");
    let mut edges = Vec::new();
    for (i, node) in site.nodes.iter().enumerate() {
        let Some(listed) = graph.elsewhere.get(i) else { continue };
        edges.extend(listed.prerequisites.iter().map(|other| JsonCross {
            from: qualified(other),
            to: node.id.clone(),
            kind: "prerequisite",
        }));
        edges.extend(listed.related.iter().map(|other| JsonCross {
            from: node.id.clone(),
            to: qualified(other),
            kind: "related",
        }));
    }
    // Who names whom, by the prerequisites and related skills above.
    let listed: std::collections::HashSet<(&str, &str)> = edges
        .iter()
        .map(|e| {
            if e.kind == "prerequisite" {
                (e.to.as_str(), e.from.as_str())
            } else {
                (e.from.as_str(), e.to.as_str())
            }
        })
        .collect();
    let mut mentions = Vec::new();
    for ((roadmap, id), namers) in &directory.mentions {
        for (from_roadmap, from_id) in namers {
            let edge = if from_roadmap == me {
                JsonCross { from: from_id.clone(), to: format!("{roadmap}:{id}"), kind: "mention" }
            } else if roadmap == me {
                JsonCross { from: format!("{from_roadmap}:{from_id}"), to: id.clone(), kind: "mention" }
            } else {
                continue;
            };
            // A prerequisite or related skill is named by its page too: listed once, as what it is.
            if !listed.contains(&(edge.from.as_str(), edge.to.as_str())) {
                mentions.push(edge);
            }
        }
    }
    edges.extend(mentions);
    edges.sort();
    edges.dedup();
    Some(edges)
}
