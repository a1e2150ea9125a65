//! An outline made into the files of a site: ids from titles, one page per entry.

use std::collections::HashSet;

use super::outline::{Item, Outline, OutlineLink};

/// A file of the new site, relative to its folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteFile {
    pub path: String,
    pub text: String,
}

/// The longest summary the lints accept.
const SUMMARY_MAX: usize = 160;
/// Folders deeper than this are refused by `load`; sections and skills start one level down.
const DEPTH_MAX: usize = 60;
/// Ids longer than this are cut at a word, to keep paths short.
const ID_MAX: usize = 48;
/// Ids a section cannot take: the site's own pages live there.
const TAKEN: [&str; 4] = ["faq", "print", "static", "search"];

/// Every file of the site made from `outline`. `fallback` titles a roadmap whose outline names
/// none; `origin` is the outline's file name, for the stubs. Errs when the outline is nested too
/// deep for a site.
pub fn site_files(outline: &Outline, fallback: &str, origin: &str) -> Result<Vec<SiteFile>, String> {
    let depth = outline.items.iter().map(depth_of).max().unwrap_or(0);
    if depth > DEPTH_MAX {
        return Err(format!("the outline is nested {depth} levels deep; a roadmap can hold {DEPTH_MAX}"));
    }
    let title =
        outline.title.clone().filter(|t| !t.trim().is_empty()).unwrap_or_else(|| fallback.to_string());
    let mut ids = Ids::default();
    let mut files = vec![
        SiteFile {
            path: "trailmap.toml".into(),
            text: format!(
                "# Site settings. Every key is described in trailmap's README.\ntitle = {}\n\
                 # Where the site will be published. For GitHub project pages: https://USER.github.io/REPO/\n\
                 base_url = \"https://example.org/\"\ndescription = {}\nlanguage = \"en\"\n",
                quote(&title),
                quote(&fit(&outline.description).0)
            ),
        },
        SiteFile { path: ".gitignore".into(), text: crate::init::GITIGNORE.into() },
        SiteFile { path: "static/.gitkeep".into(), text: String::new() },
        SiteFile {
            path: "content/_index.md".into(),
            text: format!(
                "+++\ntitle = {}\ndescription = {}\n+++\n\n{}",
                quote(&title),
                quote(&outline.description),
                stub(origin)
            ),
        },
    ];
    for (index, section) in outline.items.iter().enumerate() {
        let id = ids.make(&section.title, true);
        page(section, &id, index + 1, "content", true, origin, &mut ids, &mut files);
    }
    Ok(files)
}

fn depth_of(item: &Item) -> usize {
    1 + item.children.iter().map(depth_of).max().unwrap_or(0)
}

/// Writes the page of `item` (and of everything under it) into `folder`.
#[allow(clippy::too_many_arguments)]
fn page(
    item: &Item,
    id: &str,
    weight: usize,
    folder: &str,
    section: bool,
    origin: &str,
    ids: &mut Ids,
    files: &mut Vec<SiteFile>,
) {
    let (summary, rest) = fit(&item.summary);
    let mut front = format!("+++\ntitle = {}\n", quote(&item.title));
    if !summary.is_empty() {
        front.push_str(&format!("summary = {}\n", quote(&summary)));
    }
    front.push_str(&format!("weight = {weight}\n"));
    if !section && !item.links.is_empty() {
        front.push_str("resources = [\n");
        for OutlineLink { title, url } in &item.links {
            front.push_str(&format!(
                "  {{ title = {}, url = {}, kind = \"{}\" }},\n",
                quote(title),
                quote(url),
                kind_of(url)
            ));
        }
        front.push_str("]\n");
    }
    front.push_str("+++\n\n");
    for prose in [rest.as_str(), item.body.as_str()] {
        if !prose.trim().is_empty() {
            front.push_str(prose.trim());
            front.push_str("\n\n");
        }
    }
    // Links in a section become its text, since only skills list resources.
    if section && !item.links.is_empty() {
        for link in &item.links {
            front.push_str(&format!("- [{}]({})\n", link.title.replace(['[', ']'], ""), link.url));
        }
        front.push('\n');
    }
    front.push_str(&stub(origin));
    let path = if section || !item.children.is_empty() {
        let dir = format!("{folder}/{id}");
        for (index, child) in item.children.iter().enumerate() {
            let child_id = ids.make(&child.title, false);
            page(child, &child_id, index + 1, &dir, false, origin, ids, files);
        }
        format!("{dir}/_index.md")
    } else {
        format!("{folder}/{id}.md")
    };
    files.push(SiteFile { path, text: front });
}

fn stub(origin: &str) -> String {
    format!(
        "<!-- Imported from {origin}. Write here what a learner needs, link other skills with [[id]], \
         and list resources in the front matter. -->\n"
    )
}

/// A TOML basic string (JSON's escapes are TOML's).
fn quote(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_string())
}

/// A summary of at most [`SUMMARY_MAX`] characters, and what did not fit (for the body): the
/// first sentence when the whole is too long, else cut at a word.
fn fit(text: &str) -> (String, String) {
    let text = text.trim();
    if text.chars().count() <= SUMMARY_MAX {
        return (text.to_string(), String::new());
    }
    if let Some(end) = text.find(". ").map(|i| i + 1).filter(|&i| text[..i].chars().count() <= SUMMARY_MAX) {
        return (text[..end].to_string(), text.to_string());
    }
    let cut: String = text.chars().take(SUMMARY_MAX - 1).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).trim_end_matches([',', ';', ':']);
    (format!("{cut}…"), text.to_string())
}

fn kind_of(url: &str) -> &'static str {
    let host = url.split("://").nth(1).and_then(|r| r.split('/').next()).unwrap_or_default();
    if host.contains("youtube.") || host.contains("youtu.be") || host.contains("vimeo.") {
        "video"
    } else if host.contains("arxiv.") || url.ends_with(".pdf") {
        "paper"
    } else if host.contains("github.") {
        "tool"
    } else if host.starts_with("docs.") || url.contains("/docs") {
        "docs"
    } else {
        "article"
    }
}

/// The ids given so far: unique across the roadmap, made from titles in the outline's order, so
/// that the same outline always gives the same ids.
#[derive(Default)]
struct Ids(HashSet<String>);

impl Ids {
    fn make(&mut self, title: &str, section: bool) -> String {
        let base = slug(title);
        let base = if section && TAKEN.contains(&base.as_str()) { format!("{base}-section") } else { base };
        let mut id = base.clone();
        let mut n = 2;
        while !self.0.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        id
    }
}

/// An ASCII id from a title: transliterated, lower case, words joined by `-`.
pub fn slug(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::new();
    for word in ascii.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !slug.is_empty() && slug.len() + 1 + word.len() > ID_MAX {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word[..word.len().min(ID_MAX)]);
    }
    if slug.is_empty() { "skill".to_string() } else { slug }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_ascii_unique_and_stable() {
        let mut ids = Ids::default();
        assert_eq!(ids.make("Probability & Statistics", false), "probability-statistics");
        assert_eq!(ids.make("Машинное обучение", false), "mashinnoe-obuchenie");
        assert_eq!(ids.make("深度学习", false), "shen-du-xue-xi");
        assert_eq!(ids.make("Probability — Statistics", false), "probability-statistics-2");
        assert_eq!(ids.make("🙂", false), "slight-smile");
        assert_eq!(ids.make("FAQ", true), "faq-section");
        assert_eq!(ids.make("?!", false), "skill");
    }

    #[test]
    fn long_summaries_keep_their_first_sentence() {
        let long = format!("Short first. {}", "word ".repeat(60));
        assert_eq!(fit(&long).0, "Short first.");
        let (cut, rest) = fit(&"word ".repeat(60));
        assert!(cut.chars().count() <= SUMMARY_MAX && cut.ends_with('…'));
        assert!(rest.starts_with("word"));
    }
}
