//! A pass of pulldown-cmark over a page body finds the headings (with stable, unique ids) and
//! every link that points into the roadmap, with its place in the file.
//!
//! Links to other pages cannot be resolved yet (not every page is loaded), so each one is
//! recorded in [`Markdown::links`] and its destination in the event stream is replaced by a
//! placeholder `trailmap:N` that the renderer swaps for the real URL.
//!
//! The events themselves are not kept: [`Markdown::events`] parses the body again when the page
//! is rendered. Holding every event of a big roadmap costs more memory (and more time, in fresh
//! memory) than parsing twice.

use std::collections::HashSet;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// The scheme of the placeholder URLs left in [`Markdown::events`].
pub const PLACEHOLDER: &str = "trailmap:";

/// A heading of a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    /// The anchor: unique on its page.
    pub id: String,
    pub text: String,
}

/// Where a link in a body points, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkTarget {
    /// `[[id]]`, `[[id|text]]`, `[[id#anchor]]`.
    Id { id: String, anchor: Option<String>, custom_text: bool },
    /// A relative link to a content file, as a path relative to `content/`.
    File { path: PathBuf, anchor: Option<String> },
    /// `#anchor` on the same page.
    Anchor(String),
}

/// A link into the roadmap, found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: LinkTarget,
    /// Bytes of the page's file that hold the link.
    pub span: Range<usize>,
}

/// A parsed page body.
#[derive(Debug, Clone, Default)]
pub struct Markdown {
    /// The file's text, of which `body` is the body.
    source: Arc<str>,
    body: Range<usize>,
    /// The file, relative to `content/` (relative links are relative to it).
    file: PathBuf,
    pub headings: Vec<Heading>,
    pub links: Vec<Link>,
    /// The body as plain text (for search and word counts).
    pub text: String,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
}

/// Parses the `body` of `source`, the text of the file at `file` (relative to `content/`); link
/// spans are given from byte `offset` of the file for the body's start.
pub fn parse(source: Arc<str>, body: Range<usize>, offset: usize, file: &Path) -> Markdown {
    let text = source.clone();
    let mut out = Markdown { source, body: body.clone(), file: file.to_path_buf(), ..Markdown::default() };
    let mut used_ids = HashSet::new();
    // While inside a heading: the author's `{#id}` and the text so far.
    let mut heading: Option<(String, String)> = None;

    for (event, range) in Parser::new_ext(&text[body], options()).into_offset_iter() {
        let span = range.start + offset..range.end + offset;
        match &event {
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading_text)) = &mut heading {
                    heading_text.push_str(text);
                }
                push_text(&mut out.text, text);
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut out.text, " "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => push_text(&mut out.text, " "),
            _ => {}
        }
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.to_string()).unwrap_or_default(), String::new()));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((explicit, text)) = heading.take() {
                    finish_heading(&mut out, &mut used_ids, level, explicit, text);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                if let Some(target) = classify(link_type, &dest_url, file) {
                    out.links.push(Link { target, span });
                }
            }
            _ => {}
        }
    }
    let trimmed = out.text.trim_end().len();
    out.text.truncate(trimmed);
    out
}

impl Markdown {
    /// The body's events, parsed again: headings carry their ids, and links into the roadmap
    /// point to placeholders `trailmap:N` (N in the order of [`Markdown::links`]), the text of
    /// `[[id]]` links being left out (it becomes the target's title).
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        let mut headings = self.headings.iter();
        let mut links = 0;
        // Text of `[[id]]` links is replaced by the target's title, so it is skipped.
        let mut skip_link_text = false;
        Parser::new_ext(&self.source[self.body.clone()], options()).filter_map(move |event| {
            Some(match event {
                Event::Text(_) | Event::Code(_) if skip_link_text => return None,
                Event::Start(Tag::Heading { level, classes, attrs, .. }) => Event::Start(Tag::Heading {
                    level,
                    id: headings.next().map(|h| CowStr::Borrowed(h.id.as_str())),
                    classes,
                    attrs,
                }),
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    match classify(link_type, &dest_url, &self.file) {
                        Some(target) => {
                            skip_link_text = matches!(target, LinkTarget::Id { custom_text: false, .. });
                            let placeholder = format!("{PLACEHOLDER}{links}");
                            links += 1;
                            Event::Start(Tag::Link { link_type, dest_url: placeholder.into(), title, id })
                        }
                        // An author's own URL that looks like a placeholder would be swapped for
                        // another page's URL; a scheme ignores case (RFC 3986), so the upper-case
                        // form is the same URL, and one the renderer leaves alone.
                        None if dest_url.starts_with(PLACEHOLDER) => {
                            let same = format!(
                                "{}{}",
                                PLACEHOLDER.to_ascii_uppercase(),
                                &dest_url[PLACEHOLDER.len()..]
                            );
                            Event::Start(Tag::Link { link_type, dest_url: same.into(), title, id })
                        }
                        None => Event::Start(Tag::Link { link_type, dest_url, title, id }),
                    }
                }
                Event::End(TagEnd::Link) => {
                    skip_link_text = false;
                    Event::End(TagEnd::Link)
                }
                other => other,
            })
        })
    }
}

fn push_text(text: &mut String, piece: &str) {
    if piece == " " && (text.is_empty() || text.ends_with(' ')) {
        return;
    }
    text.push_str(piece);
}

/// Gives a heading its id: the author's `{#id}` if any, else a slug of its text, made unique on
/// the page with `-1`, `-2` …
fn finish_heading(
    out: &mut Markdown,
    used: &mut HashSet<String>,
    level: HeadingLevel,
    explicit_id: String,
    text: String,
) {
    let base = if explicit_id.is_empty() { slugify(&text) } else { explicit_id };
    let mut id = base.clone();
    let mut n = 0;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    out.headings.push(Heading { level: level as u8, id, text });
}

/// A URL-safe anchor from heading text: lower case, words joined by `-`, punctuation dropped.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        } else if (c.is_whitespace() || c == '-' || c == '_') && !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() { "section".to_string() } else { slug }
}

/// Decides whether a link points into the roadmap, and where.
fn classify(link_type: LinkType, dest: &str, file: &Path) -> Option<LinkTarget> {
    if let LinkType::WikiLink { has_pothole } = link_type {
        let (id, anchor) = split_anchor(dest);
        return Some(LinkTarget::Id { id: id.trim().to_string(), anchor, custom_text: has_pothole });
    }
    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    let is_external = dest.contains("://") || dest.starts_with("//") || dest.starts_with("mailto:");
    let (path, anchor) = split_anchor(dest);
    let file_name = path.rsplit('/').next().unwrap_or(path);
    if is_external || dest.starts_with('/') || crate::files::markdown_stem(file_name).is_none() {
        return None;
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    Some(LinkTarget::File { path: normalize(&dir.join(path)), anchor })
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (dest, None),
    }
}

/// Resolves `.` and `..` without touching the disk; a path that climbs out of `content/` keeps
/// its leading `..` so that it matches no page and is reported.
fn normalize(path: &Path) -> PathBuf {
    let mut parts: Vec<Component> = Vec::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    parts.iter().collect()
}

/// Renders events (after the renderer has replaced the placeholders) to HTML.
pub fn to_html<'a>(events: impl Iterator<Item = Event<'a>>, capacity: usize) -> String {
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(&mut html, events);
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(body: &str) -> Markdown {
        parse(Arc::from(body), 0..body.len(), 0, Path::new("math/calculus.md"))
    }

    #[test]
    fn heading_ids_are_unique_and_stable() {
        let m = md("## Why it matters\n\n## Why it matters\n\n## Café & Co.\n\n## Custom {#own}\n");
        let ids: Vec<_> = m.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["why-it-matters", "why-it-matters-1", "café-co", "own"]);
        let html = to_html(m.events(), 0);
        assert!(html.contains("<h2 id=\"why-it-matters-1\">"), "{html}");
    }

    #[test]
    fn finds_cross_links_but_not_in_code() {
        let body = "See [[pca]], [[pca|the PCA page]] and [[pca#steps]].\n\n`[[not-a-link]]`\n\n```\n[[nor-this]]\n```\n";
        let m = md(body);
        let targets: Vec<_> = m.links.iter().map(|l| &l.target).collect();
        assert_eq!(targets.len(), 3);
        assert_eq!(
            targets[2],
            &LinkTarget::Id { id: "pca".into(), anchor: Some("steps".into()), custom_text: false }
        );
        assert_eq!(&body[m.links[0].span.clone()], "[[pca]]");
    }

    #[test]
    fn relative_markdown_links_resolve_against_the_file() {
        let m = md("[grad](../ml/sgd.md#update) [web](https://x.org/a.md) [same](#top) [img](pic.png)");
        assert_eq!(
            m.links[0].target,
            LinkTarget::File { path: PathBuf::from("ml/sgd.md"), anchor: Some("update".into()) }
        );
        assert_eq!(m.links[1].target, LinkTarget::Anchor("top".into()));
        assert_eq!(m.links.len(), 2);
    }

    #[test]
    fn plain_text_keeps_words_apart() {
        let m = md("# Title\n\nOne *two*\nthree.\n\n- four\n- five\n");
        assert_eq!(m.text, "Title One two three. four five");
    }

    #[test]
    fn renders_tables_footnotes_tasks_and_strikethrough() {
        let m = md("| a |\n|---|\n| b |\n\n~~x~~ [^1]\n\n[^1]: note\n\n- [x] done\n");
        let html = to_html(m.events(), 0);
        for needle in ["<table>", "<del>", "footnote-definition", "type=\"checkbox\""] {
            assert!(html.contains(needle), "{needle} missing from {html}");
        }
    }
}
