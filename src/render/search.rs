//! The search index: `search-index.js`, written at build time and loaded by `search.js` on first
//! use. It is a script that sets one global rather than a JSON file, because a page opened from
//! a `file://` copy may run scripts but may not fetch files.
//!
//! Each page is one entry: `[kind, title, path, summary, section, headings, text]`, with `path`
//! relative to the site's root (the script resolves it against wherever the site is served),
//! `section` an index into `sections` (or -1), `headings` a flat `[text, anchor, …]` list and
//! `text` the start of the body. The body text shares one budget across all pages, so that a
//! roadmap of 100,000 skills still gets an index of titles, summaries and headings that loads.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::render::feeds;
use crate::render::jsonld::script_json;
use crate::resolve::Graph;
use crate::site::{NodeKind, Site};

/// Characters of body text in the whole index, shared by all pages.
const TEXT_BUDGET: usize = 1_500_000;
/// Characters of body text of one page, at most.
const TEXT_PER_PAGE: usize = 1_000;
/// Headings of one page, at most.
const HEADINGS_PER_PAGE: usize = 40;

/// The path of the index in the output.
pub const PATH: &str = "search-index.js";

/// The entries of the last index, by a key of everything an entry is made from (a rebuild
/// makes again only the entries of the pages that changed).
pub type Entries = HashMap<u64, Arc<str>>;

/// The index as JavaScript, with its entries for the next rebuild; entries found in `previous`
/// are taken from it.
pub fn index(site: &Site, graph: &Graph, previous: &Entries) -> serde_json::Result<(String, Entries)> {
    let faq = feeds::faq_entries(site, graph);
    let pages = site.nodes.len() + faq.len();
    let per_page = (TEXT_BUDGET / pages.max(1)).min(TEXT_PER_PAGE);

    let sections: Vec<&str> = site.root().children.iter().map(|&s| site.nodes[s].title.as_str()).collect();
    // Each page's entry is serialized on its own, in parallel: on big roadmaps this index is
    // the largest single piece of a rebuild.
    let made: Vec<(u64, Arc<str>)> = (0..site.nodes.len())
        .into_par_iter()
        .map(|i| {
            let n = &site.nodes[i];
            // The title, summary, headings and text come from the page's file; its place, from
            // its path and section.
            let section = site
                .section_of(i)
                .and_then(|s| site.root().children.iter().position(|&c| c == s))
                .map_or(-1, |p| p as i64);
            let mut hasher = DefaultHasher::new();
            (n.source_hash, &n.path, n.kind as u8, section, per_page).hash(&mut hasher);
            let key = hasher.finish();
            if let Some(entry) = previous.get(&key) {
                return Ok((key, entry.clone()));
            }
            let kind = match n.kind {
                NodeKind::Root => "r",
                NodeKind::Section => "s",
                NodeKind::Skill => "k",
            };
            let headings: Vec<&str> = n
                .body
                .headings
                .iter()
                .take(HEADINGS_PER_PAGE)
                .flat_map(|h| [h.text.as_str(), h.id.as_str()])
                .collect();
            let summary = if n.kind == NodeKind::Root { &n.description } else { &n.summary };
            let summary =
                if summary.is_empty() && n.kind == NodeKind::Section { &n.question } else { summary };
            let entry = script_json(&(
                kind,
                &n.title,
                &n.path,
                summary,
                section,
                headings,
                trim(&n.body.text, per_page),
            ))?;
            Ok((key, Arc::from(entry)))
        })
        .collect::<serde_json::Result<_>>()?;
    let mut docs: Vec<Arc<str>> = made.iter().map(|(_, entry)| entry.clone()).collect();
    let entries: Entries = made.into_iter().collect();
    if site.faq.is_some() {
        for entry in &faq {
            let path = format!("faq/#{}", entry.anchor);
            let none: [&str; 0] = [];
            docs.push(Arc::from(script_json(&(
                "f",
                &entry.question,
                path,
                "",
                -1,
                none,
                trim(&entry.answer_text, per_page),
            ))?));
        }
    }
    let mut out = String::with_capacity(256 + docs.iter().map(|d| d.len() + 1).sum::<usize>());
    out.push_str("/* trailmap search index (generated) */\nwindow.trailmapSearch={\"v\":1,\"sections\":");
    out.push_str(&script_json(&sections)?);
    out.push_str(",\"docs\":[");
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(doc);
    }
    out.push_str("]};\n");
    Ok((out, entries))
}

/// The first `max` characters of `text`, cut at a word boundary.
fn trim(text: &str, max: usize) -> &str {
    match text.char_indices().nth(max) {
        None => text,
        Some((end, _)) => {
            let cut = &text[..end];
            cut.rfind(char::is_whitespace).map_or(cut, |space| &cut[..space])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn trims_at_a_word_boundary() {
        assert_eq!(trim("one two three", 100), "one two three");
        assert_eq!(trim("one two three", 9), "one two");
        assert_eq!(trim("één twee", 5), "één");
        assert_eq!(trim("abc", 0), "");
    }
}
