//! A pass of pulldown-cmark over a page body finds the headings (with stable, unique ids) and
//! every link that points into the roadmap, with its place in the file.
//!
//! Links to other pages cannot be resolved yet (not every page is loaded), so each one is
//! recorded in [`Markdown::links`] and its destination in the event stream is replaced by a
//! placeholder `trailmap:N` that the renderer swaps for the real URL.
//!
//! The events themselves are not kept: [`Markdown::events`] parses the body again when the page
//! is rendered. Holding every event of a big roadmap costs more memory (and more time, in fresh
//! memory) than parsing twice. Formulas are typeset in the first pass only (see [`crate::math`]);
//! [`to_html`] puts them in place.

use std::borrow::Cow;
use std::collections::HashSet;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

use crate::math::{self, Formulas, Place, Typesetter};

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
    /// The body's formulas, typeset.
    pub formulas: Formulas,
}

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_MATH
        | Options::ENABLE_GFM
}

/// The events of `body` with their byte ranges in it.
///
/// Prose has dollar signs too. pulldown-cmark already leaves `$5 and $10` alone (a closing `$`
/// cannot follow a space); pandoc's rule on top, that a closing `$` followed by a digit is no
/// closer, keeps `$5–$10` and `$x$5`-like text as written.
fn events_in(body: &str) -> impl Iterator<Item = (Event<'_>, Range<usize>)> {
    Parser::new_ext(body, options()).into_offset_iter().map(|(event, range)| match event {
        Event::InlineMath(_) if body[range.end..].starts_with(|c: char| c.is_ascii_digit()) => {
            (Event::Text(CowStr::Borrowed(&body[range.clone()])), range)
        }
        other => (other, range),
    })
}

/// Parses the `body` of `source`, the text of the file at `file` (relative to `content/`); link
/// spans are given from byte `offset` of the file for the body's start.
pub fn parse(source: Arc<str>, body: Range<usize>, offset: usize, file: &Path) -> Markdown {
    let text = source.clone();
    let mut out = Markdown { source, body: body.clone(), file: file.to_path_buf(), ..Markdown::default() };
    let mut used_ids = HashSet::new();
    // While inside a heading: the author's `{#id}` and the text so far.
    let mut heading: Option<(String, String)> = None;

    let body_text = &text[body];
    // Whether the current block already has a stray dollar reported (one is enough).
    let mut stray_reported = false;
    let mut in_code_block = false;
    let mut typesetter = Typesetter::default();
    for (event, range) in events_in(body_text) {
        let span = range.start + offset..range.end + offset;
        match &event {
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading_text)) = &mut heading {
                    heading_text.push_str(text);
                }
                push_text(&mut out.text, text);
                let prose = matches!(event, Event::Text(_)) && !in_code_block;
                if prose && !stray_reported && starts_no_formula(body_text, &range) {
                    stray_reported = true;
                    typesetter
                        .stray_dollar(&body_text[range.start..range.start + 2], span.start..span.start + 2);
                }
            }
            Event::InlineMath(latex) | Event::DisplayMath(latex) => {
                let display = matches!(event, Event::DisplayMath(_));
                let plain = math::plain_text(latex);
                if let Some((_, heading_text)) = &mut heading {
                    heading_text.push_str(&plain);
                }
                push_text(&mut out.text, " ");
                push_text(&mut out.text, &plain);
                let delimiter = if display { 2 } else { 1 };
                let inner = range.start + delimiter..range.end.saturating_sub(delimiter);
                let exact = body_text.get(inner.clone()) == Some(&**latex);
                let place = Place {
                    whole: span.clone(),
                    latex: exact.then(|| inner.start + offset..inner.end + offset),
                };
                typesetter.typeset(latex, display, place);
            }
            Event::SoftBreak | Event::HardBreak => push_text(&mut out.text, " "),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
            ) => {
                stray_reported = false;
                push_text(&mut out.text, " ");
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
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
    out.formulas = typesetter.finish();
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
        events_in(&self.source[self.body.clone()]).filter_map(move |(event, _)| {
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

/// Whether the text at `range` of `body` starts with a `$$` or `$\` that pulldown-cmark did not
/// take as a formula: no price or shell variable looks like that, a broken formula does.
fn starts_no_formula(body: &str, range: &Range<usize>) -> bool {
    let escaped = body[..range.start].ends_with('\\');
    let here = &body[range.start..];
    !escaped && (here.starts_with("$$") || here.starts_with("$\\"))
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
    if is_external || dest.starts_with('/') || !path.ends_with(".md") {
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

/// Renders events (after the renderer has replaced the placeholders) to HTML, with the
/// formulas typeset in `formulas` (those of the body the events come from).
pub fn to_html<'a>(
    events: impl Iterator<Item = Event<'a>>,
    formulas: &'a Formulas,
    capacity: usize,
) -> String {
    // The formulas met so far, to tell repeats of the same LaTeX apart.
    let mut met: Vec<(bool, CowStr<'a>)> = Vec::new();
    let mut typeset = |latex: CowStr<'a>, display: bool| {
        let nth = met.iter().filter(|(d, l)| *d == display && **l == *latex).count();
        let html = match formulas.html(&latex, display, nth) {
            Cow::Borrowed(html) => CowStr::Borrowed(html),
            Cow::Owned(html) => CowStr::from(html),
        };
        met.push((display, latex));
        Event::InlineHtml(html)
    };
    let mut html = String::with_capacity(capacity);
    pulldown_cmark::html::push_html(
        &mut html,
        events.map(|event| match event {
            Event::InlineMath(latex) => typeset(latex, false),
            Event::DisplayMath(latex) => typeset(latex, true),
            other => other,
        }),
    );
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
        let html = to_html(m.events(), &m.formulas, 0);
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
        let html = to_html(m.events(), &m.formulas, 0);
        for needle in ["<table>", "<del>", "footnote-definition", "type=\"checkbox\""] {
            assert!(html.contains(needle), "{needle} missing from {html}");
        }
    }

    #[test]
    fn formulas_become_mathml_where_they_are_and_only_there() {
        let body = "Inline $x^2$, display:\n\n$$\n\\frac{a}{b}\n$$\n\n- in a list: $\\alpha$\n\n\
                    | a | $b_1$ |\n|---|---|\n| 1 | 2 |\n\nNote.[^1]\n\n[^1]: See $\\sum_i x_i$.\n";
        let m = md(body);
        assert_eq!(m.formulas.len(), 5);
        assert_eq!(m.formulas.problems().count(), 0);
        let html = to_html(m.events(), &m.formulas, 0);
        assert_eq!(html.matches("<math").count(), 5, "{html}");
        assert!(
            html.contains("<p><span class=\"math-display\" tabindex=\"0\"><math display=\"block\"><mfrac>"),
            "{html}"
        );
        assert!(html.contains("<th><math>"), "{html}");
        assert!(html.contains("<li>in a list: <math><mi>α</mi></math></li>"), "{html}");
        assert!(!html.contains('$'), "{html}");
    }

    #[test]
    fn the_same_numbered_formula_twice_keeps_both_numbers() {
        let m = md("$$\\begin{align} x \\end{align}$$\n\n$$\\begin{align} x \\end{align}$$\n");
        let html = to_html(m.events(), &m.formulas, 0);
        assert!(html.contains("(1)") && html.contains("(2)"), "{html}");
    }

    #[test]
    fn dollars_in_prose_and_code_are_left_as_written() {
        let body = "It costs $5 and $10, or $5-$10; set $HOME and $PATH.\n\nAn escaped \\$x$ is text.\n\n\
                    `$x$` and `$$y$$` are code.\n\n```\necho \"$$ $\\n\"\n$$\\frac{a}{b}$$\n```\n";
        let m = md(body);
        assert_eq!(m.formulas.len(), 0);
        assert_eq!(m.formulas.problems().count(), 0);
        let html = to_html(m.events(), &m.formulas, 0);
        assert!(!html.contains("<math"), "{html}");
        assert!(html.contains("It costs $5 and $10, or $5-$10; set $HOME and $PATH."), "{html}");
        assert!(html.contains("An escaped $x$ is text."), "{html}");
        assert!(html.contains("<code>$x$</code> and <code>$$y$$</code>"), "{html}");
        assert!(m.text.contains("$5-$10"), "{}", m.text);
    }

    #[test]
    fn a_dollar_that_starts_no_formula_is_a_problem() {
        // Unbalanced braces: pulldown-cmark sees no formula, and the page would show the dollars.
        let body = "$$\n\\frac{a}{b\n$$\n\nAnd $\\frac{1}{2$ inline.\n";
        let m = md(body);
        let spans: Vec<_> = m.formulas.problems().map(|p| &body[p.span.clone()]).collect();
        assert_eq!(spans, ["$$", "$\\"]);
    }

    #[test]
    fn formulas_give_search_and_headings_readable_text() {
        let m = md("## The $L^2$ norm\n\nIt is $\\sqrt{\\sum_i x_i^2}$.\n");
        assert_eq!(m.headings[0].text, "The L^2 norm");
        assert_eq!(m.headings[0].id, "the-l2-norm");
        assert_eq!(m.text, "The L^2 norm It is √∑_i x_i^2.");
    }

    #[test]
    fn alerts_are_block_quotes_of_their_kind() {
        let m = md("> [!WARNING]\n> Mind the $x$.\n\n> [!NOTE] not an alert\n");
        let kinds: Vec<_> = m
            .events()
            .filter_map(|e| match e {
                Event::Start(Tag::BlockQuote(kind)) => Some(kind),
                _ => None,
            })
            .collect();
        assert_eq!(kinds, [Some(pulldown_cmark::BlockQuoteKind::Warning), None]);
    }
}
