//! The search index, written at build time and loaded by `search.js` piece by piece, so that
//! the first query on a roadmap of 10,000 skills downloads a few hundred kilobytes, not all of it.
//! Every piece is a script that calls one global function rather than a JSON file, because a
//! page opened from a `file://` copy may run scripts but may not fetch files.
//!
//! - `search-index.js` sets `window.trailmapSearch` to what a query needs first: the sections,
//!   the site's abbreviations, the stemmer its words were stemmed with (see [`stem`]), how many
//!   pages there are and which shards and word lists exist.
//! - `search-index/t-KEY.js` holds the terms starting with KEY (see [`words::shard`]), each with
//!   its postings, page and field after page and field in one string of [`digits`]: pages as
//!   gaps from the previous one, fields as 0 title, 1 summary, 2 body, 3 + n the page's nth
//!   heading (the best place the term is in).
//! - `search-index/n-KEY.js` lists the terms under each of their [`words::near_keys`], without
//!   postings: where a query looks for words whose first two letters it got wrong.
//! - `search-index/d-N.js` holds pages `N * CHUNK ..`, each `[kind, title, path, summary,
//!   section, headings]`, with `path` relative to the site's root, `section` an index into
//!   `sections` (or -1) and `headings` a flat `[text, anchor, …]` list.
//! - `search-index/x-N.js` holds the indexed body text of pages `N * textChunk ..` (4 pages or
//!   more, by the text a page may have), for the excerpts of the first results found by their
//!   body; only those results load it.
//!
//! The body text shares one budget across all pages, so that a roadmap of 100,000 skills still
//! gets an index of titles, summaries and headings that stays small.
//!
//! A site of several roadmaps has one index per language instead of one per roadmap, in the
//! language's folder (`search-index.js`, `de/search-index.js`), written with the home page from
//! each roadmap's [`Part`] (see [`site_index`]): its pages are numbered roadmap after roadmap, the
//! head lists the roadmaps (`[name, title, pages, sections]`) and a page's `path` is relative to
//! its roadmap's folder. Every page then searches every roadmap, loading the pieces a query needs
//! once, as a site of one roadmap of all their pages would; ten roadmaps are not ten indexes.

pub mod stem;
pub mod words;

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use self::stem::Stemmer;
use crate::render::feeds;
use crate::render::jsonld::script_json;
use crate::resolve::Graph;
use crate::site::{NodeKind, Site};

/// Characters of body text indexed in the whole site, shared by all pages.
const TEXT_BUDGET: usize = 1_500_000;
/// Characters of body text of one page, at most.
const TEXT_PER_PAGE: usize = 2_000;
/// Headings of one page, at most.
const HEADINGS_PER_PAGE: usize = 40;
/// Pages per page file: small, since a query loads one file per result in the worst case.
pub const CHUNK: usize = 40;
/// Characters of text per text file, about: a big roadmap, with less text a page, puts more pages
/// in each, so that 100,000 skills make a hundred text files, not ten thousand.
const TEXT_PER_FILE: usize = 8_000;
/// Pages per text file, at least.
const TEXT_CHUNK: usize = 4;

/// The path of the index's first file in the output.
pub const PATH: &str = crate::routes::SEARCH_INDEX;
/// The folder of its other files.
pub const DIR: &str = crate::routes::SEARCH_SHARDS;

/// Where a term is on a page, best first; a heading is 3 + its number.
const TITLE: u32 = 0;
const SUMMARY: u32 = 1;
const BODY: u32 = 2;
const HEADING: u32 = 3;

/// One page, ready for the index: what a result shows, the text its excerpts come from (both
/// as JSON), and its terms with the best field each.
#[derive(Debug)]
pub struct Entry {
    shown: String,
    text: String,
    terms: Terms,
    /// A standalone page (`pages/`): each roadmap of a site of several publishes it.
    standalone: bool,
}

/// A page's distinct terms, in order, each with the best field it is in. Their letters are one
/// string: a big roadmap keeps every page's terms until its index is made (66 MB of the heap's
/// peak at 100,000 skills, most of it one allocation per term, when each term was a `String`).
#[derive(Debug)]
struct Terms {
    letters: Box<str>,
    /// Where each term ends in `letters`, and its field.
    ends: Box<[(u32, u32)]>,
}

impl Terms {
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        let mut start = 0;
        self.ends.iter().map(move |&(end, field)| {
            let term = &self.letters[start..end as usize];
            start = end as usize;
            (term, field)
        })
    }
}

/// The entries of the last index, by a key of everything an entry is made from (a rebuild
/// makes again only the entries of the pages that changed).
pub type Entries = HashMap<u64, Arc<Entry>>;

/// One roadmap's pages in the index of one language, in order, with what a result shows of
/// the roadmap: its name, its title and its sections. A site of one roadmap writes its own index
/// from its part ([`index`]); a site of several writes one per language from all of them
/// ([`site_index`]).
#[derive(Debug)]
pub struct Part {
    /// The roadmap's name (its folder), on a site of several.
    pub roadmap: Option<String>,
    title: String,
    sections: Vec<String>,
    pages: Vec<Arc<Entry>>,
    /// Characters of body text indexed per page.
    per_page: usize,
    stemmer: Stemmer,
    synonyms: BTreeMap<String, String>,
}

/// The files of the index, each handed to `emit` (path, text) as soon as it is made, so that
/// a big roadmap's index is never held whole; returns its entries for the next rebuild. Entries
/// found in `previous` are taken from it.
pub fn index(
    site: &Site,
    graph: &Graph,
    previous: &Entries,
    strings: &crate::strings::Strings,
    emit: &mut dyn FnMut(String, String),
) -> serde_json::Result<Entries> {
    let (part, entries) = part(site, graph, previous, strings)?;
    let sections: Vec<&str> = part.sections.iter().map(String::as_str).collect();
    let text_chunk = text_chunk(part.per_page);
    files(&sections, "", &part.pages, &part.synonyms, part.stemmer, text_chunk, emit)?;
    Ok(entries)
}

/// One index for a whole site of several roadmaps in one language, from their parts in the
/// order of `roadmaps`: their pages numbered one after the other, and `roadmaps` in the head
/// (`[name, title, pages, sections]` each), so that a result knows its roadmap and a query can
/// keep to one; `shared` lists the numbers of the standalone pages, which belong to every
/// roadmap (a query kept to its reader's roadmap finds them too). Each file is handed to `emit`
/// (path, text) as [`index`] does, its path relative to the language's folder.
pub fn site_index(parts: &[&Part], emit: &mut dyn FnMut(String, String)) -> serde_json::Result<()> {
    let Some(first) = parts.first() else { return Ok(()) };
    // The standalone pages are listed once, with the first roadmap (search.js links them in the
    // reader's roadmap).
    let pages_of = |n: usize| parts[n].pages.iter().filter(move |page| n == 0 || !page.standalone);
    let roadmaps: Vec<(&str, &str, usize, &[String])> = parts
        .iter()
        .enumerate()
        .map(|(n, p)| {
            let name = p.roadmap.as_deref().unwrap_or_default();
            (name, p.title.as_str(), pages_of(n).count(), &p.sections[..])
        })
        .collect();
    let pages: Vec<Arc<Entry>> = (0..parts.len()).flat_map(|n| pages_of(n).cloned()).collect();
    let per_page = parts.iter().map(|p| p.per_page).min().unwrap_or(TEXT_PER_PAGE);
    let shared: Vec<usize> =
        (pages.iter().enumerate()).filter_map(|(number, page)| page.standalone.then_some(number)).collect();
    let head = format!(",\"roadmaps\":{},\"shared\":{}", script_json(&roadmaps)?, script_json(&shared)?);
    files(&[], &head, &pages, &first.synonyms, first.stemmer, text_chunk(per_page), emit)
}

/// Characters of body text indexed per page on a site of `pages` pages (the FAQ's entries
/// count): at most this much of a page's plain text is ever used.
pub fn text_per_page(pages: usize) -> usize {
    (TEXT_BUDGET / pages.max(1)).min(TEXT_PER_PAGE)
}

/// Pages per text file, for pages of up to `per_page` characters each.
fn text_chunk(per_page: usize) -> usize {
    (TEXT_PER_FILE / per_page.max(1)).max(TEXT_CHUNK)
}

/// The pages of the index of `site`, with its entries for the next rebuild; entries found in
/// `previous` are taken from it.
pub fn part(
    site: &Site,
    graph: &Graph,
    previous: &Entries,
    strings: &crate::strings::Strings,
) -> serde_json::Result<(Part, Entries)> {
    let faq = feeds::faq_entries(site, graph, strings);
    let mut pages = site.nodes.len() + faq.len();
    if let Some(directory) = &site.directory {
        // The roadmaps of a site share one index, and so one budget: each page gets the share
        // it would have in one roadmap of all their pages (their FAQs aside).
        pages = pages.max(directory.roadmaps.values().map(|r| r.ids.len() + 1).sum());
    }
    let per_page = text_per_page(pages);
    let stemmer = Stemmer::for_language(&site.config.language);

    let sections: Vec<String> = site.root().children.iter().map(|&s| site.nodes[s].title.clone()).collect();
    // Each page's entry is made on its own, in parallel: on big roadmaps this index is the
    // largest single piece of a rebuild.
    let made: Vec<(u64, Arc<Entry>)> = (0..site.nodes.len())
        .into_par_iter()
        .map(|i| {
            let n = &site.nodes[i];
            let section = site
                .section_of(i)
                .and_then(|s| site.root().children.iter().position(|&c| c == s))
                .map_or(-1, |p| p as i64);
            let mut hasher = DefaultHasher::new();
            (n.source_hash, &n.path, n.kind as u8, section, per_page, stemmer).hash(&mut hasher);
            let key = hasher.finish();
            if let Some(entry) = previous.get(&key) {
                return Ok((key, entry.clone()));
            }
            let kind = match n.kind {
                NodeKind::Root => "r",
                NodeKind::Section => "s",
                NodeKind::Skill => "k",
                NodeKind::Page => "p",
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
            let shown = script_json(&(kind, &n.title, &n.path, summary, section, &headings))?;
            let heading_texts: Vec<&str> = headings.iter().step_by(2).copied().collect();
            let text = trim(&n.body.text, per_page);
            let terms = page_terms(&n.title, &heading_texts, summary, text, stemmer);
            let standalone = n.kind == NodeKind::Page;
            Ok((key, Arc::new(Entry { shown, text: script_json(&text)?, terms, standalone })))
        })
        .collect::<serde_json::Result<_>>()?;
    let mut all: Vec<Arc<Entry>> = made.iter().map(|(_, entry)| entry.clone()).collect();
    let entries: Entries = made.into_iter().collect();
    for entry in &faq {
        let none: [&str; 0] = [];
        let shown = script_json(&(
            "f",
            &entry.question,
            format!("{}#{}", crate::routes::FAQ, entry.anchor),
            "",
            -1,
            none,
        ))?;
        let text = trim(&entry.answer_text, per_page);
        let terms = page_terms(&entry.question, &[], "", text, stemmer);
        all.push(Arc::new(Entry { shown, text: script_json(&text)?, terms, standalone: false }));
    }
    let synonyms = site.config.search.synonyms.clone();
    let title = site.root().title.clone();
    let part = Part {
        roadmap: site.edition.roadmap.clone(),
        title,
        sections,
        pages: all,
        per_page,
        stemmer,
        synonyms,
    };
    Ok((part, entries))
}

/// The distinct terms of a page, each with the best field it is in.
fn page_terms(title: &str, headings: &[&str], summary: &str, text: &str, stemmer: Stemmer) -> Terms {
    // Every field folded into one text, so that the terms met can borrow from it: a page copies
    // only its distinct terms.
    let fields = [(title, TITLE)]
        .into_iter()
        .chain(headings.iter().enumerate().map(|(n, &heading)| (heading, HEADING + n as u32)))
        .chain([(summary, SUMMARY), (text, BODY)]);
    let mut folded = String::with_capacity(title.len() + summary.len() + text.len() + 64);
    let mut spans = Vec::with_capacity(headings.len() + 3);
    for (text, field) in fields {
        let start = folded.len();
        words::fold_into(&mut folded, text);
        spans.push((start..folded.len(), field));
    }
    let mut met: Vec<(std::borrow::Cow<str>, u32)> = Vec::new();
    for (span, field) in spans {
        words::each_term(&folded[span], stemmer, |term| met.push((term, field)));
    }
    // Title, then headings (the first one a term is in), then summary, then body.
    let rank = |f: u32| match f {
        TITLE => (0, 0),
        SUMMARY => (2, 0),
        BODY => (3, 0),
        heading => (1, heading),
    };
    met.sort_unstable_by(|(a, f), (b, g)| a.cmp(b).then_with(|| rank(*f).cmp(&rank(*g))));
    met.dedup_by(|later, first| later.0 == first.0);
    let mut letters = String::with_capacity(met.iter().map(|(term, _)| term.len()).sum());
    let mut ends = Vec::with_capacity(met.len());
    for (term, field) in &met {
        letters.push_str(term);
        ends.push((letters.len() as u32, *field));
    }
    Terms { letters: letters.into_boxed_str(), ends: ends.into_boxed_slice() }
}

/// The pages a term is on, in order, each with the best field it is in there.
type Postings = Vec<(u32, u32)>;

/// The index's files from its pages, in order, each handed to `emit` (path, text) once made.
fn files(
    sections: &[&str],
    // What a site of several roadmaps adds to the head (`,"roadmaps":…`), or nothing.
    site_head: &str,
    pages: &[Arc<Entry>],
    synonyms: &BTreeMap<String, String>,
    stemmer: Stemmer,
    text_chunk: usize,
    emit: &mut dyn FnMut(String, String),
) -> serde_json::Result<()> {
    // Postings by term (pages come in order, so each list is sorted), then terms by shard.
    let mut postings: HashMap<&str, Postings> = HashMap::new();
    for (page, entry) in pages.iter().enumerate() {
        for (term, field) in entry.terms.iter() {
            postings.entry(term).or_default().push((page as u32, field));
        }
    }
    let mut shards: BTreeMap<String, BTreeMap<&str, Postings>> = BTreeMap::new();
    let mut near: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (term, list) in postings {
        for key in words::near_keys(term) {
            near.entry(key).or_default().push(term);
        }
        shards.entry(words::shard(term)).or_default().insert(term, list);
    }
    let synonyms: BTreeMap<String, String> =
        synonyms.iter().map(|(k, v)| (words::fold(k.trim()), words::fold(v.trim()))).collect();
    let keys: Vec<&str> = shards.keys().map(String::as_str).collect();
    let near_keys: Vec<&str> = near.keys().map(String::as_str).collect();
    let head = format!(
        "/* trailmap search index (generated) */\nwindow.trailmapSearch={{\"v\":3,\"sections\":{}{site_head},\"synonyms\":{},\"stem\":\"{}\",\"pages\":{},\"chunk\":{CHUNK},\"textChunk\":{text_chunk},\"shards\":{},\"near\":{}}};\n",
        script_json(&sections)?,
        script_json(&synonyms)?,
        stemmer.code(),
        pages.len(),
        script_json(&keys)?,
        script_json(&near_keys)?,
    );
    emit(PATH.to_string(), head);
    for (key, terms) in &shards {
        let mut js = format!("trailmapSearchAdd(\"t\",{},{{", script_json(key)?);
        for (n, (term, postings)) in terms.iter().enumerate() {
            if n > 0 {
                js.push(',');
            }
            js.push_str(&script_json(term)?);
            js.push_str(":\"");
            let mut last = 0;
            for (page, field) in postings {
                digits(&mut js, page - last);
                digits(&mut js, *field);
                last = *page;
            }
            js.push('"');
        }
        js.push_str("});\n");
        emit(format!("{DIR}/t-{key}.js"), js);
    }
    for (key, mut terms) in near {
        terms.sort_unstable();
        emit(
            format!("{DIR}/n-{key}.js"),
            format!("trailmapSearchAdd(\"n\",\"{key}\",{});\n", script_json(&terms)?),
        );
    }
    for (n, chunk) in pages.chunks(text_chunk).enumerate() {
        let texts: Vec<&str> = chunk.iter().map(|page| page.text.as_str()).collect();
        emit(format!("{DIR}/x-{n}.js"), format!("trailmapSearchAdd(\"x\",{n},[{}]);\n", texts.join(",")));
    }
    for (n, chunk) in pages.chunks(CHUNK).enumerate() {
        let mut js = format!("trailmapSearchAdd(\"d\",{n},[");
        for (i, page) in chunk.iter().enumerate() {
            if i > 0 {
                js.push(',');
            }
            js.push_str(&page.shown);
        }
        js.push_str("]);\n");
        emit(format!("{DIR}/d-{n}.js"), js);
    }
    Ok(())
}

/// The characters of [`digits`], each worth its place: safe in JSON and in a script.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Writes `n` in base 32, low digits first, every digit but the last one plus 32: most numbers
/// of a posting list (gaps of a few pages, a field) take one character instead of two or three.
fn digits(out: &mut String, mut n: u32) {
    loop {
        let low = (n % 32) as usize;
        n /= 32;
        out.push(DIGITS[if n > 0 { low + 32 } else { low }] as char);
        if n == 0 {
            break;
        }
    }
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
    use super::*;

    #[test]
    fn trims_at_a_word_boundary() {
        assert_eq!(trim("one two three", 100), "one two three");
        assert_eq!(trim("one two three", 9), "one two");
        assert_eq!(trim("één twee", 5), "één");
        assert_eq!(trim("abc", 0), "");
    }

    #[test]
    fn the_text_a_build_keeps_of_a_page_cuts_where_the_whole_text_does() {
        let body = "Één twee drie vier vijf zes\n\nzeven acht negen tien elf twaalf dertien";
        let m = crate::markdown::parse(std::sync::Arc::from(body), 0..body.len(), 0, "a.md".as_ref());
        for per_page in 0..m.text.chars().count() + 2 {
            let mut kept = m.clone();
            kept.keep_text(per_page);
            assert_eq!(trim(&kept.text, per_page), trim(&m.text, per_page), "at {per_page}");
            assert!(kept.text.chars().count() <= per_page + 1);
        }
    }

    #[test]
    fn numbers_take_one_character_below_32() {
        let written = |n| {
            let mut s = String::new();
            digits(&mut s, n);
            s
        };
        assert_eq!(written(0), "A");
        assert_eq!(written(31), "f");
        assert_eq!(written(32), "gB", "0 + 32, then 1");
        assert_eq!(written(1000), "of", "8 + 32, then 31");
    }

    #[test]
    fn a_term_keeps_its_best_field() {
        let terms = page_terms(
            "Tokenization",
            &["Tokenizers", "Vocabulary", "Training a vocabulary"],
            "Split text, then train",
            "token vocabulary 机器学习",
            Stemmer::English,
        );
        let field = |t: &str| terms.iter().find(|(term, _)| *term == t).map(|(_, f)| f);
        assert_eq!(field("token"), Some(TITLE), "title beats the heading and the body");
        assert_eq!(field("vocabulary"), Some(HEADING + 1), "the first heading it is in beats the others");
        assert_eq!(field("train"), Some(HEADING + 2), "a heading beats the summary");
        assert_eq!(field("split"), Some(SUMMARY));
        assert_eq!(field("器学"), Some(BODY));
        let listed: Vec<&str> = terms.iter().map(|(term, _)| term).collect();
        let mut sorted = listed.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(listed, sorted, "each term once, in order");
    }

    #[test]
    fn a_site_index_numbers_the_pages_roadmap_after_roadmap_and_lists_standalone_pages_once() {
        let page = |title: &str, standalone: bool| {
            Arc::new(Entry {
                shown: script_json(&("k", title)).unwrap(),
                text: script_json(&"").unwrap(),
                terms: page_terms(title, &[], "", "", Stemmer::German),
                standalone,
            })
        };
        let part = |name: &str, pages: Vec<Arc<Entry>>| Part {
            roadmap: Some(name.to_string()),
            title: name.to_uppercase(),
            sections: vec![format!("{name} basics")],
            pages,
            per_page: 100,
            stemmer: Stemmer::German,
            synonyms: BTreeMap::new(),
        };
        let ai = part("ai", vec![page("Modelle", false), page("Über uns", true)]);
        let data =
            part("data", vec![page("Datenbanken", false), page("Über uns", true), page("Modell", false)]);
        let mut files = Vec::new();
        site_index(&[&ai, &data], &mut |p, js| files.push((p, js))).unwrap();
        let file = |path: &str| &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path}")).1;
        let head = file(PATH);
        assert!(
            head.contains(
                r#""sections":[],"roadmaps":[["ai","AI",2,["ai basics"]],["data","DATA",2,["data basics"]]]"#
            ),
            "{head}"
        );
        assert!(head.contains(r#""stem":"de","pages":4,"#), "{head}");
        assert!(
            file("search-index/d-0.js")
                .contains(r#"[["k","Modelle"],["k","Über uns"],["k","Datenbanken"],["k","Modell"]]"#)
        );
        // `modell` is on the first page of the first roadmap and the last of the second.
        assert!(
            file("search-index/t-mo.js").contains(r#""modell":"AADA""#),
            "{}",
            file("search-index/t-mo.js")
        );
    }

    #[test]
    fn files_are_sharded_by_term_and_chunked_by_page() {
        let page = |title: &str| {
            Arc::new(Entry {
                shown: script_json(&("k", title)).unwrap(),
                text: script_json(&format!("About {title}")).unwrap(),
                terms: page_terms(title, &[], "", "", Stemmer::English),
                standalone: false,
            })
        };
        let pages: Vec<Arc<Entry>> = (0..CHUNK + 1).map(|n| page(&format!("Transformers {n}"))).collect();
        let synonyms = BTreeMap::from([("K8s".to_string(), "Kubernetes".to_string())]);
        let mut made = Vec::new();
        files(&["A"], "", &pages, &synonyms, Stemmer::English, 10, &mut |p, js| made.push((p, js))).unwrap();
        let files = made;
        let file = |path: &str| &files.iter().find(|(p, _)| p == path).unwrap_or_else(|| panic!("{path}")).1;
        assert!(file(PATH).contains("\"synonyms\":{\"k8s\":\"kubernetes\"}"));
        assert!(file(PATH).contains(&format!("\"pages\":{}", CHUNK + 1)));
        // Every page has the term in its title: gaps of one after the first.
        let tr = file("search-index/t-tr.js");
        assert!(tr.starts_with("trailmapSearchAdd(\"t\",\"tr\",{\"transform\":\"AABABA"), "{tr}");
        assert!(file("search-index/t-1.js").contains("\"1\":\"BA\""));
        assert!(
            file("search-index/d-1.js").starts_with("trailmapSearchAdd(\"d\",1,[[\"k\",\"Transformers 40\"]")
        );
        assert!(!files.iter().any(|(p, _)| p == "search-index/d-2.js"));
        assert!(file(PATH).contains("\"stem\":\"en\""));
        // Each word is listed under its near keys, for typos in its first letters.
        assert!(file(PATH).contains("\"near\":[\"ra\",\"ta\",\"tr\"]"));
        assert_eq!(file("search-index/n-ta.js"), "trailmapSearchAdd(\"n\",\"ta\",[\"transform\"]);\n");
        // The text of excerpts, ten pages a file.
        assert!(
            file("search-index/x-4.js").starts_with("trailmapSearchAdd(\"x\",4,[\"About Transformers 40\"]")
        );
    }
}
