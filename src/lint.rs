//! Lints: what a maintainer of a big roadmap wants to hear about, though the site builds. Each is
//! a warning in `build` and `check`, and an error under `check --strict`.
//!
//! - a skill (without sub-skills, which carry their own) that lists no resources;
//! - a skill whose summary is missing or longer than [`SUMMARY_MAX`] characters;
//! - a skill that nothing links to and that links nowhere (no prerequisite, related skill or
//!   body link either way);
//! - a resource URL that is not `https`;
//! - the same external URL twice on one page;
//! - a heading that skips a level (the page title is the `#`, so a body starts at `##`);
//! - a line of another Markdown dialect's block syntax (`::: note`, `!!! tip`, `{: .class}`),
//!   which the page shows as written.
//!
//! The places come from [`scan`], which takes them from what load found in its one pass over
//! each page (a page's text is never parsed twice).

use std::collections::HashMap;
use std::ops::Range;

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::markdown::{Dialect, Markdown};
use crate::resolve::Graph;
use crate::site::{Node, NodeId, NodeKind, Resource, Site};

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

/// Where a page's URLs and headings are.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub urls: Vec<PageUrl>,
    /// Each body heading's level and bytes.
    pub headings: Vec<(u8, Range<usize>)>,
}

#[derive(Deserialize)]
struct Front {
    summary: Option<Spanned<String>>,
}

/// Whether a URL leaves the site (and so can only be checked over the network).
pub fn is_external(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// The places in a page (or the FAQ) as load found them: its resources' URLs, then its body's
/// URLs and headings in the order written.
pub fn scan(resources: &[Resource], body: &Markdown) -> Scan {
    let resources = resources.iter().map(|r| PageUrl {
        url: r.url.clone(),
        span: r.url_span.clone(),
        place: UrlPlace::Resource,
    });
    let body_urls = body.external_urls.iter().map(|(url, span)| PageUrl {
        url: url.clone(),
        span: span.clone(),
        place: UrlPlace::Body,
    });
    Scan {
        urls: resources.chain(body_urls).collect(),
        headings: body.headings.iter().map(|h| (h.level, h.span.clone())).collect(),
    }
}

/// Where the `summary` value is written: read again only for a summary worth a warning.
fn summary_span(source: &SourceFile) -> Option<Range<usize>> {
    // Its text may have been released (see `SourceFile::release`).
    let source = SourceFile::new(&source.path, source.full_text());
    let split = crate::frontmatter::split(&source).ok()?;
    let offset = split.front.start;
    let front = toml::from_str::<Front>(&source.text[split.front.clone()]).ok()?;
    front.summary.map(|s| s.span().start + offset..s.span().end + offset)
}

/// The lints' warnings for every page of `site`.
pub fn lint(site: &Site, graph: &Graph) -> Vec<Diagnostic> {
    let mut linked_to = vec![false; site.nodes.len()];
    for from in 0..site.nodes.len() {
        for &to in graph.related[from].iter().chain(&graph.prerequisites[from]) {
            linked_to[to] = true;
        }
    }
    let per_page: Vec<Vec<Diagnostic>> = site
        .nodes
        .par_iter()
        .enumerate()
        .map(|(index, node)| page_lints(node, index, graph, linked_to[index]))
        .collect();
    let mut warnings: Vec<Diagnostic> = per_page.into_iter().flatten().collect();
    if let Some(faq) = &site.faq {
        let scan = scan(&[], &faq.body);
        url_lints(&faq.source, &scan, &mut warnings);
        heading_lints(&faq.source, &scan, &mut warnings);
        dialect_lints(&faq.source, &faq.body, &mut warnings);
    }
    warnings
}

/// The warnings about one page.
fn page_lints(node: &Node, index: NodeId, graph: &Graph, linked_in: bool) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let scan = scan(&node.resources, &node.body);
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
            let span = summary_span(source).unwrap_or(whole()..whole());
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
    dialect_lints(source, &node.body, &mut warnings);
    warnings
}

/// Another Markdown dialect's block syntax, which shows on the page as written.
fn dialect_lints(source: &SourceFile, body: &Markdown, warnings: &mut Vec<Diagnostic>) {
    for line in &body.dialect_lines {
        let (message, hint) = match line.dialect {
            Dialect::FencedDiv => (
                "a fenced div (Pandoc, Docusaurus) is not Markdown here: the page shows the line as written",
                "for a note, tip or warning write a GitHub alert (`> [!NOTE]`, then `> ` before each line), which shows as a callout",
            ),
            Dialect::Admonition => (
                "an MkDocs admonition is not Markdown here: the page shows the line as written (and indented lines under it as code)",
                "write a GitHub alert instead (`> [!TIP]`, then `> ` before each line), which shows as a callout",
            ),
            Dialect::AttributeList => (
                "a kramdown attribute list is not Markdown here: the page shows it as written",
                "remove the line; a heading's anchor can be set with `## Title {#anchor}`",
            ),
        };
        warnings.push(source.error_at(line.span.start, line.span.end, message).with_hint(hint).warning());
    }
}

/// Where the front matter starts: the place of a warning about the page as a whole.
fn front_start(source: &SourceFile) -> usize {
    if source.full_text().starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 }
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
            let line = source.full_text()[..first].matches('\n').count() + 1;
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
        let node = crate::load::parse_page(text, NodeKind::Skill, std::path::Path::new("s/p.md")).unwrap();
        let found = scan(&node.resources, &node.body);
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
        assert_eq!(&text[summary_span(&node.source).unwrap()], "\"S\"");
        let headings: Vec<(u8, &str)> =
            found.headings.iter().map(|(l, span)| (*l, &text[span.clone()])).collect();
        assert_eq!(headings, [(2, "## A\n")]);
    }
}
