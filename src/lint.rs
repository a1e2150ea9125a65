//! Lints: what a maintainer of a big roadmap wants to hear about, though the site builds. Each is
//! a warning in `build` and `check`, and an error under `check --strict`.
//!
//! - a skill (without sub-skills, which carry their own) that lists no resources;
//! - a skill whose summary is missing or longer than [`SUMMARY_MAX`] characters;
//! - a skill that nothing links to and that links nowhere (no prerequisite, related skill or
//!   body link either way);
//! - a resource URL that is not `https`;
//! - the same external URL twice on one page;
//! - a heading that skips a level (the page title is the `#`, so a body starts at `##`).
//!
//! The places come from [`scan`], which reads a page's text once more for what load does not
//! keep: where each URL and heading is.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::resolve::Graph;
use crate::site::{Node, NodeId, NodeKind, Site};

/// The longest summary that fits a card, a search result and a link preview.
pub const SUMMARY_MAX: usize = 160;

/// Where an external URL was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlPlace {
    /// In the front matter's `resources`.
    Resource,
    /// A link or image in the body.
    Body,
}

/// An `http(s)` URL of a page, with its bytes in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageUrl {
    pub url: String,
    pub span: Range<usize>,
    pub place: UrlPlace,
}

/// What a page's text says beyond what load keeps: the places of its summary, URLs and headings.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub summary: Option<Range<usize>>,
    pub urls: Vec<PageUrl>,
    /// Each body heading's level and bytes.
    pub headings: Vec<(u8, Range<usize>)>,
}

#[derive(Deserialize)]
struct Front {
    summary: Option<Spanned<String>>,
    #[serde(default)]
    resources: Vec<FrontResource>,
}

#[derive(Deserialize)]
struct FrontResource {
    url: Option<Spanned<String>>,
}

/// Whether a URL leaves the site (and so can only be checked over the network).
pub fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Reads the places in a page (or the FAQ) that was already loaded; a page that does not split
/// or parse has none (load has reported it).
pub fn scan(source: &SourceFile) -> Scan {
    let mut scan = Scan::default();
    let Ok(split) = crate::frontmatter::split(source) else { return scan };
    let offset = split.front.start;
    if let Ok(front) = toml::from_str::<Front>(&source.text[split.front.clone()]) {
        scan.summary = front.summary.map(|s| s.span().start + offset..s.span().end + offset);
        for url in front.resources.into_iter().filter_map(|r| r.url) {
            let span = url.span().start + offset..url.span().end + offset;
            scan.urls.push(PageUrl { url: url.into_inner(), span, place: UrlPlace::Resource });
        }
    }
    let body = &source.text[split.body.clone()];
    let mut html = crate::markdown::HtmlScan::default();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        let span = range.start + split.body.start..range.end + split.body.start;
        match event {
            // `<a href="https://…">` and `<img src="https://…">` in raw HTML.
            Event::Html(text) | Event::InlineHtml(text) => {
                for value in html.urls(&text) {
                    let url = &text[value.clone()];
                    if is_external(url) {
                        let span = span.start + value.start..span.start + value.end;
                        scan.urls.push(PageUrl { url: url.to_string(), span, place: UrlPlace::Body });
                    }
                }
            }
            Event::End(TagEnd::HtmlBlock) => html = crate::markdown::HtmlScan::default(),
            Event::Start(Tag::Heading { level, .. }) => scan.headings.push((level as u8, span)),
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if is_external(&dest_url) =>
            {
                scan.urls.push(PageUrl { url: dest_url.into_string(), span, place: UrlPlace::Body });
            }
            _ => {}
        }
    }
    scan
}

/// The lints' warnings for every page of `site`.
pub fn lint(site: &Site, graph: &Graph) -> Vec<Diagnostic> {
    let mut linked_to = vec![false; site.nodes.len()];
    for from in 0..site.nodes.len() {
        for &to in graph.related[from].iter().chain(&graph.prerequisites[from]) {
            linked_to[to] = true;
        }
    }
    // Each page is read again for its places: in parallel, as load reads them.
    let per_page: Vec<Vec<Diagnostic>> = site
        .nodes
        .par_iter()
        .enumerate()
        .map(|(index, node)| page_lints(node, index, graph, linked_to[index]))
        .collect();
    let mut warnings: Vec<Diagnostic> = per_page.into_iter().flatten().collect();
    if let Some(faq) = &site.faq {
        let scan = scan(&faq.source);
        url_lints(&faq.source, &scan, &mut warnings);
        heading_lints(&faq.source, &scan, &mut warnings);
    }
    warnings
}

/// The warnings about one page.
fn page_lints(node: &Node, index: NodeId, graph: &Graph, linked_in: bool) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let scan = scan(&node.source);
    let source = &node.source;
    let whole = || front_start(source);
    if node.kind == NodeKind::Skill {
        if node.resources.is_empty() && node.children.is_empty() {
            warnings.push(
                    source
                        .error_at(whole(), whole(), format!("`{}` lists no resources", node.id))
                        .with_hint("add `resources = [{ title = \"…\", url = \"https://…\", kind = \"docs\" }]`: a learner needs somewhere to go next")
                        .warning(),
                );
        }
        let length = node.summary.chars().count();
        if node.summary.trim().is_empty() {
            warnings.push(
                source
                    .error_at(whole(), whole(), format!("`{}` has no summary", node.id))
                    .with_hint(
                        "add `summary = \"…\"`: one sentence shown on cards, in search and in link previews",
                    )
                    .warning(),
            );
        } else if length > SUMMARY_MAX {
            let span = scan.summary.clone().unwrap_or(whole()..whole());
            warnings.push(
                source
                    .error_at(
                        span.start,
                        span.end,
                        format!("the summary is {length} characters, more than {SUMMARY_MAX}"),
                    )
                    .with_hint("keep it to one sentence; the rest belongs in the page's text")
                    .warning(),
            );
        }
        let links_out = !graph.prerequisites[index].is_empty()
            || !graph.related[index].is_empty()
            || graph.links[index].iter().any(|l| l.node().is_some_and(|n| n != index));
        let linked_in = linked_in || !graph.mentioned_in[index].is_empty();
        if !links_out && !linked_in {
            warnings.push(
                    source
                        .error_at(whole(), whole(), format!("`{}` is not linked with any other skill", node.id))
                        .with_hint("nothing links to it and it links nowhere: add a prerequisite, a related skill or an [[id]] link")
                        .warning(),
                );
        }
    }
    url_lints(source, &scan, &mut warnings);
    heading_lints(source, &scan, &mut warnings);
    warnings
}

/// Where the front matter starts: the place of a warning about the page as a whole.
fn front_start(source: &SourceFile) -> usize {
    if source.text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
}

fn url_lints(source: &SourceFile, scan: &Scan, warnings: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for url in &scan.urls {
        let at = |message: String| source.error_at(url.span.start, url.span.end, message).warning();
        if url.place == UrlPlace::Resource
            && url.url.get(..7).is_some_and(|s| s.eq_ignore_ascii_case("http://"))
        {
            warnings.push(
                at(format!("the resource URL {} is not https", url.url)).with_hint(
                    "use its https:// address: readers' browsers warn about (or block) plain http",
                ),
            );
        }
        let key = url.url.trim_end_matches('/');
        if let Some(&first) = seen.get(key) {
            let line = source.text[..first].matches('\n').count() + 1;
            warnings.push(
                at(format!("{} is on this page twice", url.url))
                    .with_hint(format!("it is already at line {line}")),
            );
        } else {
            seen.insert(key, url.span.start);
        }
    }
}

fn heading_lints(source: &SourceFile, scan: &Scan, warnings: &mut Vec<Diagnostic>) {
    let mut previous = 1;
    for (level, span) in &scan.headings {
        if *level > previous + 1 {
            warnings.push(
                source
                    .error_at(span.start, span.end, format!("a level {level} heading after a level {previous} one"))
                    .with_hint(format!(
                        "use {} here: skipped levels confuse screen readers and the outline (the page title is the `#`)",
                        "#".repeat(previous as usize + 1)
                    ))
                    .warning(),
            );
        }
        previous = *level;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scan_finds_every_external_url_at_its_place() {
        let text = "+++\ntitle = \"T\"\nsummary = \"S\"\nresources = [{ title = \"R\", url = \"https://r.org/\", kind = \"docs\" }]\n+++\n\
                    \n## A\n\n[link](https://a.org/x) ![pic](http://b.org/p.png) <https://c.org/>\n\
                    [ref][r] and [[skill]] and [local](other.md)\n\n<a href=\"https://d.org/\">d</a>\n\n\
                    [r]: https://e.org/\n";
        let source = SourceFile::new("p.md", text);
        let found = scan(&source);
        let urls: Vec<(&str, &str, UrlPlace)> =
            found.urls.iter().map(|u| (u.url.as_str(), &text[u.span.clone()], u.place)).collect();
        assert_eq!(
            urls,
            [
                ("https://r.org/", "\"https://r.org/\"", UrlPlace::Resource),
                ("https://a.org/x", "[link](https://a.org/x)", UrlPlace::Body),
                ("http://b.org/p.png", "![pic](http://b.org/p.png)", UrlPlace::Body),
                ("https://c.org/", "<https://c.org/>", UrlPlace::Body),
                ("https://e.org/", "[ref][r]", UrlPlace::Body),
                ("https://d.org/", "https://d.org/", UrlPlace::Body),
            ]
        );
        assert_eq!(&text[found.summary.unwrap()], "\"S\"");
        assert_eq!(found.headings.iter().map(|(level, _)| *level).collect::<Vec<_>>(), [2]);
    }
}
