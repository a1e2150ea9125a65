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
    /// Bytes of the page's file that hold the heading (for the lints).
    pub span: Range<usize>,
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
    /// A relative reference to a file that is not Markdown (an image beside the page, a PDF),
    /// resolved from the Markdown file's own folder as on GitHub: its path relative to
    /// `content/`, and the query or fragment that followed it (`?v=2#part`).
    Asset { path: PathBuf, rest: String },
    /// A root-absolute reference (`/images/logo.png`), resolved against the site's root.
    Root { path: String, rest: String },
    /// A URL whose scheme runs or carries a document (`javascript:`, `vbscript:`, `data:`), which
    /// a contributor could use to run script on the site: refused unless the site allows it
    /// (`data:` images only). `url` is the URL as the browser would read it.
    Script { scheme: ScriptScheme, url: String },
    /// `[[…]]` that the parser took for a cross-link but that names no page (`[[id#]]`).
    BadCrossLink(CrossLinkFault),
}

/// The schemes of [`LinkTarget::Script`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScriptScheme {
    Javascript,
    Vbscript,
    Data,
}

impl ScriptScheme {
    pub fn name(self) -> &'static str {
        match self {
            ScriptScheme::Javascript => "javascript:",
            ScriptScheme::Vbscript => "vbscript:",
            ScriptScheme::Data => "data:",
        }
    }
}

/// What is wrong with a cross-link an author meant to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrossLinkFault {
    /// `[[]]` or `[[ ]]`.
    Empty,
    /// `[[|text]]` or `[[#anchor]]`: no id before the text or the anchor.
    NoId,
    /// `[[id#]]`: a `#` with no heading after it.
    EmptyAnchor,
    /// `[[id|]]`: a `|` with no text after it.
    EmptyText,
    /// `[[id` with no `]]` on its line.
    Unclosed,
}

/// Script in a body's raw HTML, which a contributor could use to run code on the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScriptHtml {
    /// `<script>`.
    Element,
    /// An event handler attribute (`onerror`, lower-cased), or `srcdoc`.
    EventHandler(String),
}

/// [`ScriptHtml`] with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptInHtml {
    pub what: ScriptHtml,
    pub span: Range<usize>,
}

/// A line of another Markdown dialect's block syntax, which CommonMark shows as text: a Pandoc or
/// Docusaurus fenced div (`::: note`), an MkDocs admonition (`!!! tip`), a kramdown attribute list
/// (`{: .class}`). Each is worth a warning at its place (see `lint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    FencedDiv,
    Admonition,
    AttributeList,
}

/// A [`Dialect`] line with its place in the file (the marker only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DialectLine {
    pub dialect: Dialect,
    pub span: Range<usize>,
}

/// A `[[…]]` that is not a cross-link, with its place in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadCrossLink {
    pub fault: CrossLinkFault,
    pub span: Range<usize>,
}

/// How a reference was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefKind {
    /// A Markdown link, `[text](url)` or `[[id]]`.
    Link,
    /// A Markdown image, `![alt](url)`; `alt` says whether it has alternative text.
    Image { alt: bool },
    /// A `src` or `href` attribute in raw HTML.
    Html,
}

/// A reference into the site, found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub target: LinkTarget,
    pub kind: RefKind,
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
    /// The `[[` that the parser left as text (`[[]]`, `[[|text]]`, `[[id` unclosed): an author
    /// meant a link there, so each is reported.
    pub bad_cross_links: Vec<BadCrossLink>,
    /// `<script>` elements and event handler attributes in raw HTML: refused.
    pub script_in_html: Vec<ScriptInHtml>,
    /// Lines of other dialects' block syntax, shown as text (warned about).
    pub dialect_lines: Vec<DialectLine>,
    /// The `http(s)` URLs of links, images and raw HTML, in the order written, with the bytes of
    /// the file that hold each: what the lints check, found in the same pass as the rest.
    pub external_urls: Vec<(String, Range<usize>)>,
    /// The body as plain text, for the search index; a build that keeps nothing for a next one
    /// holds only its beginning, what the index takes of it (see [`Markdown::keep_text`]).
    pub text: String,
    /// The words of the body's plain text (all of it).
    pub words: usize,
    /// The body's formulas, typeset.
    pub formulas: Formulas,
}

pub(crate) fn options() -> Options {
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
    // While inside a heading: the author's `{#id}`, the text so far and the heading's bytes.
    let mut heading: Option<(String, String, Range<usize>)> = None;
    // While inside an image: the index of its link, to mark it when alternative text comes.
    let mut image: Option<usize> = None;
    let mut html = HtmlScan::default();
    // Runs of adjacent text outside code, as ranges of the body, where a stray `[[` is looked for.
    let mut prose: Vec<Range<usize>> = Vec::new();
    let mut in_code_block = false;
    // While inside `[[id|text]]`: the index of its link, and whether any text came.
    let mut pothole: Option<(usize, bool)> = None;

    let body_text = &text[body.clone()];
    // Whether the current block already has a stray dollar reported (one is enough).
    let mut stray_reported = false;
    let mut typesetter = Typesetter::default();
    for (event, range) in events_in(body_text) {
        let span = range.start + offset..range.end + offset;
        match &event {
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::End(TagEnd::CodeBlock) => in_code_block = false,
            Event::Text(_) if !in_code_block => match prose.last_mut() {
                Some(last) if last.end == range.start => last.end = range.end,
                _ => prose.push(range.clone()),
            },
            _ => {}
        }
        match &event {
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, seen)) = &mut pothole {
                    *seen |= !text.trim().is_empty();
                }
                if let Some((_, heading_text, _)) = &mut heading {
                    heading_text.push_str(text);
                }
                if let Some(link) = image.and_then(|i| out.links.get_mut(i))
                    && !text.trim().is_empty()
                {
                    link.kind = RefKind::Image { alt: true };
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
                if let Some((_, heading_text, _)) = &mut heading {
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
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((id.map(|id| id.to_string()).unwrap_or_default(), String::new(), span));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((explicit, text, span)) = heading.take() {
                    finish_heading(&mut out, &mut used_ids, level, explicit, text, span);
                }
            }
            Event::Start(Tag::Link { link_type, dest_url, .. }) => {
                if crate::lint::is_external(&dest_url) {
                    out.external_urls.push((dest_url.to_string(), span.clone()));
                }
                if let Some(target) = classify(link_type, &dest_url, file) {
                    if let LinkType::WikiLink { has_pothole: true } = link_type {
                        pothole = Some((out.links.len(), false));
                    }
                    out.links.push(Link { target, kind: RefKind::Link, span });
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((index, false)) = pothole.take()
                    && let Some(link) = out.links.get_mut(index)
                    && matches!(link.target, LinkTarget::Id { .. })
                {
                    link.target = LinkTarget::BadCrossLink(CrossLinkFault::EmptyText);
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, .. }) => {
                if crate::lint::is_external(&dest_url) {
                    out.external_urls.push((dest_url.to_string(), span.clone()));
                }
                if let Some(target) = classify(link_type, &dest_url, file) {
                    image = Some(out.links.len());
                    out.links.push(Link { target, kind: RefKind::Image { alt: false }, span });
                }
            }
            Event::End(TagEnd::Image) => image = None,
            Event::Html(text) | Event::InlineHtml(text) => {
                for value in html.urls(&text) {
                    let at = span.start + value.start..span.start + value.end;
                    let url = &text[value.clone()];
                    if crate::lint::is_external(url) {
                        out.external_urls.push((url.to_string(), at.clone()));
                    }
                    if let Some(target) = classify_html(url, file) {
                        out.links.push(Link { target, kind: RefKind::Html, span: at });
                    }
                }
                for found in html.script.drain(..) {
                    let at = span.start + found.span.start..span.start + found.span.end;
                    out.script_in_html.push(ScriptInHtml { what: found.what, span: at });
                }
            }
            Event::End(TagEnd::HtmlBlock) => html = HtmlScan::default(),
            _ => {}
        }
    }
    out.formulas = typesetter.finish();
    for run in prose {
        dialect_line(body_text, &run, offset, &mut out.dialect_lines);
        stray_cross_links(body_text, run, offset, &mut out.bad_cross_links);
    }
    // A copy of the exact size: the text grew by doubling, and an allocator keeps a block that
    // is shrunk by less than half (mimalloc does), so `truncate` and `shrink_to_fit` would hold
    // on to up to twice the text for every page of the roadmap.
    out.text = out.text.trim_end().to_string();
    out.words = out.text.split_whitespace().count();
    out
}

/// Whether `run` (text outside code) begins a line with another dialect's block marker: an opening
/// fence of three or more colons with a class or attributes (a bare closing fence belongs to the
/// opening already reported), `!!!` or `???` with a kind, or `{:` … `}` alone on its line.
fn dialect_line(body: &str, run: &Range<usize>, offset: usize, found: &mut Vec<DialectLine>) {
    if !body[run.start..].starts_with([':', '!', '?', '{']) {
        return;
    }
    // At the start of its line, after indentation only (looking back over the indentation alone,
    // so that a long line of many text runs is not read again for each).
    let before = body[..run.start].trim_end_matches([' ', '\t']);
    if !before.is_empty() && !before.ends_with('\n') {
        return;
    }
    let line_end = body[run.start..].find('\n').map_or(body.len(), |n| run.start + n);
    let line = body[run.start..line_end].trim_end();
    let colons = line.len() - line.trim_start_matches(':').len();
    let (dialect, marker) = if colons >= 3 && !line[colons..].trim().is_empty() {
        (Dialect::FencedDiv, colons)
    } else if (line.starts_with("!!! ") || line.starts_with("??? ") || line.starts_with("???+ "))
        && line[3..].trim_start_matches('+').trim_start().starts_with(|c: char| c.is_alphabetic())
    {
        (Dialect::Admonition, 3)
    } else if line.starts_with("{:") && line.ends_with('}') {
        (Dialect::AttributeList, line.len())
    } else {
        return;
    };
    found.push(DialectLine { dialect, span: run.start + offset..run.start + marker + offset });
}

/// Finds each unescaped `[[` in `run` (a range of `body` that the parser read as plain text),
/// which is a cross-link the parser could not read, and says what is wrong with it.
fn stray_cross_links(body: &str, run: Range<usize>, offset: usize, found: &mut Vec<BadCrossLink>) {
    let bytes = body.as_bytes();
    let mut at = run.start;
    while let Some(i) = body.get(at..run.end).and_then(|text| text.find("[[")) {
        let start = at + i;
        let backslashes = bytes[..start].iter().rev().take_while(|&&b| b == b'\\').count();
        if backslashes % 2 == 1 {
            at = start + 1;
            continue;
        }
        let line_end = body[start..].find('\n').map_or(body.len(), |n| start + n);
        let inside = &body[start + 2..line_end];
        let (fault, end) = match inside.find("]]") {
            Some(close) => {
                let words = inside[..close].trim();
                let fault = if words.is_empty() {
                    CrossLinkFault::Empty
                } else if words.starts_with(['|', '#']) {
                    CrossLinkFault::NoId
                } else {
                    CrossLinkFault::Unclosed
                };
                (fault, start + 2 + close + 2)
            }
            None => (CrossLinkFault::Unclosed, start + 2),
        };
        // `[[id` followed by a `]]` the parser did not pair is still an unclosed link; only
        // its opening is shown.
        let end = if fault == CrossLinkFault::Unclosed { start + 2 } else { end };
        found.push(BadCrossLink { fault, span: start + offset..end + offset });
        at = end.max(start + 2);
    }
}

impl Markdown {
    /// Lets go of the plain text past its first `chars` characters and one more: what a cut
    /// after at most `chars` characters at a word's end needs to find the same place. On a big
    /// roadmap the search index takes a few characters of each page, and the rest would be
    /// held through the whole build for nothing.
    pub fn keep_text(&mut self, chars: usize) {
        if let Some((end, _)) = self.text.char_indices().nth(chars.saturating_add(1)) {
            self.text = self.text[..end].to_string();
        }
    }

    /// Lets go of the file's text, which [`Markdown::events_of`] is then handed (see
    /// [`crate::site::Node::release_text`]).
    pub fn release(&mut self) {
        self.source = Arc::from("");
    }

    /// Holds `text` again, the file's text as it was parsed.
    pub fn hold(&mut self, text: Arc<str>) {
        self.source = text;
    }

    /// About the length of the body's HTML: room to make it in.
    pub fn html_size_hint(&self) -> usize {
        self.body.len() * 2
    }

    /// The headings of `body` alone: a page that other pages link to, from a site that does not
    /// show it (the home page of a site of several roadmaps and its standalone pages).
    pub fn headings_only(body: &Markdown) -> Markdown {
        Markdown { headings: body.headings.clone(), ..Markdown::default() }
    }

    /// The body's events, parsed again: headings carry their ids, and links into the roadmap
    /// point to placeholders `trailmap:N` (N in the order of [`Markdown::links`]), the text of
    /// `[[id]]` links being left out (it becomes the target's title).
    pub fn events(&self) -> impl Iterator<Item = Event<'_>> {
        debug_assert!(!self.source.is_empty() || self.body.is_empty(), "the text was released");
        self.events_of(&self.source)
    }

    /// [`Markdown::events`] of `text`, the whole file's text as it was parsed (for a body whose
    /// text was [released](Markdown::release)).
    pub fn events_of<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Event<'a>> {
        let mut headings = self.headings.iter();
        let mut links = 0;
        // Text of `[[id]]` links is replaced by the target's title, so it is skipped.
        let mut skip_link_text = false;
        let mut html = HtmlScan::default();
        events_in(text.get(self.body.clone()).unwrap_or_default()).filter_map(move |(event, _)| {
            Some(match event {
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let dest_url = match classify(link_type, &dest_url, &self.file) {
                        Some(_) => {
                            links += 1;
                            format!("{PLACEHOLDER}{}", links - 1).into()
                        }
                        None => keep_url(dest_url),
                    };
                    Event::Start(Tag::Image { link_type, dest_url, title, id })
                }
                // Every piece of raw HTML is scanned (as `parse` does), so that the scan's state
                // and the placeholders' numbers stay in step with the links found there.
                Event::Html(text) => {
                    let mut number = |value: &str| placeholder(&mut links, value, &self.file);
                    Event::Html(html.rewrite(&text, &mut number).map_or(text, CowStr::from))
                }
                Event::InlineHtml(text) => {
                    let mut number = |value: &str| placeholder(&mut links, value, &self.file);
                    Event::InlineHtml(html.rewrite(&text, &mut number).map_or(text, CowStr::from))
                }
                Event::End(TagEnd::HtmlBlock) => {
                    html = HtmlScan::default();
                    Event::End(TagEnd::HtmlBlock)
                }
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
                        None => {
                            Event::Start(Tag::Link { link_type, dest_url: keep_url(dest_url), title, id })
                        }
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

/// The next placeholder, for a URL in raw HTML that points into the site.
fn placeholder(links: &mut usize, value: &str, file: &Path) -> Option<String> {
    classify_html(value, file).map(|_| {
        *links += 1;
        format!("{PLACEHOLDER}{}", *links - 1)
    })
}

/// An author's own URL, kept; one that looks like a placeholder would be swapped for another
/// page's URL, and a scheme ignores case (RFC 3986), so its upper-case form is the same URL, and
/// one the renderer leaves alone.
fn keep_url(url: CowStr<'_>) -> CowStr<'_> {
    match url.strip_prefix(PLACEHOLDER) {
        Some(rest) => format!("{}{rest}", PLACEHOLDER.to_ascii_uppercase()).into(),
        None => url,
    }
}

/// Finds the `src` and `href` attribute values in raw HTML, which pulldown-cmark hands over a
/// line (or a tag) at a time: whether the scan is inside a tag carries from one piece of a block
/// to the next.
#[derive(Debug, Default)]
pub(crate) struct HtmlScan {
    in_tag: bool,
    /// Script found on the way: `<script>` elements and event handler attributes.
    script: Vec<ScriptInHtml>,
}

/// Byte of an attribute or tag name.
fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')
}

/// At `start` in a tag, an event handler attribute (`onerror=`, `ONCLICK =`): its name's length.
fn event_handler(html: &str, start: usize) -> Option<usize> {
    let bytes = html.as_bytes();
    let len = bytes[start..].iter().take_while(|&&b| is_name_byte(b)).count();
    let name = &html[start..start + len];
    // `srcdoc` embeds a whole document, script included.
    let handler =
        len > 2 && name[..2].eq_ignore_ascii_case("on") && name.bytes().all(|b| b.is_ascii_alphabetic())
            || name.eq_ignore_ascii_case("srcdoc");
    let mut i = start + len;
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    (handler && bytes.get(i) == Some(&b'=')).then_some(len)
}

impl HtmlScan {
    /// The byte ranges of the attribute values (without quotes) in `html` that are references
    /// (`src`, `href`) or script URLs (in any attribute).
    pub(crate) fn urls(&mut self, html: &str) -> Vec<Range<usize>> {
        let bytes = html.as_bytes();
        let mut found = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            // Browsers start an attribute after a space, a `/` or a closing quote alike.
            if self.in_tag
                && bytes[i].is_ascii_alphabetic()
                && (i == 0 || !is_name_byte(bytes[i - 1]) && bytes[i - 1] != b'<' && bytes[i - 1] != b'=')
                && let Some(len) = event_handler(html, i)
            {
                let name = html[i..i + len].to_ascii_lowercase();
                self.script.push(ScriptInHtml { span: i..i + len, what: ScriptHtml::EventHandler(name) });
                i += len;
                continue;
            }
            match bytes[i] {
                b'<' => {
                    self.in_tag = bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic());
                    let script =
                        html[i + 1..].get(..6).is_some_and(|name| name.eq_ignore_ascii_case("script"))
                            && !bytes.get(i + 7).is_some_and(|&b| is_name_byte(b));
                    if script {
                        self.script.push(ScriptInHtml { span: i..i + 7, what: ScriptHtml::Element });
                    }
                }
                b'>' => self.in_tag = false,
                b if self.in_tag && (b.is_ascii_whitespace() || i == 0) => {
                    let start = if b.is_ascii_whitespace() { i + 1 } else { i };
                    if let Some((value, end, reference)) = attribute_value(html, start) {
                        if reference || script_scheme(&decode_char_refs(&html[value.clone()])).is_some() {
                            found.push(value);
                        }
                        i = end;
                        continue;
                    }
                }
                b'"' | b'\'' if self.in_tag => {
                    // A quoted value of another attribute: skip it whole.
                    let quote = bytes[i];
                    i = bytes[i + 1..].iter().position(|&c| c == quote).map_or(bytes.len(), |p| i + 2 + p);
                    continue;
                }
                _ => {}
            }
            i += 1;
        }
        found
    }

    /// `html` with each attribute value for which `replace` gives a new URL replaced; `None`
    /// when nothing was.
    fn rewrite(&mut self, html: &str, mut replace: impl FnMut(&str) -> Option<String>) -> Option<String> {
        let mut out = String::with_capacity(html.len());
        let mut last = 0;
        for value in self.urls(html) {
            if let Some(url) = replace(&html[value.clone()]) {
                out.push_str(&html[last..value.start]);
                out.push_str(&url);
                last = value.end;
            }
        }
        (last > 0).then(|| out + &html[last..])
    }
}

/// The attributes besides `src` and `href` whose value a browser follows as a URL.
const URL_ATTRIBUTES: &[&str] = &[
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "cite",
    "codebase",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "usemap",
    "manifest",
    "ping",
    "archive",
    "classid",
    "icon",
    "profile",
];

/// At `start`, a URL attribute with a value: the value's range, where the attribute ends, and
/// whether it is a reference to follow (`src=` or `href=`, any case, spaces around `=`). Other
/// attributes matter only when their value is a script URL (`action`, `formaction`, `xlink:href`,
/// `data`, `poster` …), which is refused like one in `href`.
fn attribute_value(html: &str, start: usize) -> Option<(Range<usize>, usize, bool)> {
    let bytes = html.as_bytes();
    let name_len = bytes[start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
        .count();
    if name_len == 0 {
        return None;
    }
    let name = &html[start..start + name_len];
    let reference = ["src", "href"].iter().any(|n| name.eq_ignore_ascii_case(n));
    let url = reference || URL_ATTRIBUTES.iter().any(|n| name.eq_ignore_ascii_case(n));
    let mut i = start + name_len;
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    if bytes.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
        i += 1;
    }
    match bytes.get(i)? {
        &quote @ (b'"' | b'\'') => {
            let end = i + 1 + bytes[i + 1..].iter().position(|&b| b == quote)?;
            Some((i + 1..end, end + 1, reference)).filter(|_| url)
        }
        _ => {
            let end = i + bytes[i..]
                .iter()
                .position(|b| b.is_ascii_whitespace() || *b == b'>')
                .unwrap_or(bytes.len() - i);
            (end > i && url).then_some((i..end, end, reference))
        }
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
    span: Range<usize>,
) {
    let base = if explicit_id.is_empty() { slugify(&text) } else { explicit_id };
    let mut id = base.clone();
    let mut n = 0;
    while !used.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    out.headings.push(Heading { level: level as u8, id, text, span });
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
        let id = id.trim();
        let fault = match (id.is_empty(), anchor.as_deref()) {
            (true, None) => Some(CrossLinkFault::Empty),
            (true, Some(_)) => Some(CrossLinkFault::NoId),
            (false, Some(anchor)) if anchor.trim().is_empty() => Some(CrossLinkFault::EmptyAnchor),
            _ => None,
        };
        return Some(match fault {
            Some(fault) => LinkTarget::BadCrossLink(fault),
            None => LinkTarget::Id { id: id.to_string(), anchor, custom_text: has_pothole },
        });
    }
    if let Some(scheme) = script_scheme(dest) {
        return Some(LinkTarget::Script { scheme, url: dest.to_string() });
    }
    if matches!(link_type, LinkType::Autolink | LinkType::Email) {
        return None;
    }
    if let Some(anchor) = dest.strip_prefix('#') {
        return Some(LinkTarget::Anchor(anchor.to_string()));
    }
    if dest.is_empty() || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    // `path?query#fragment`: only the path names a file (GitHub writes spaces as `%20`).
    let cut = dest.find(['?', '#']).unwrap_or(dest.len());
    let (raw, rest) = dest.split_at(cut);
    let path = percent_decode(raw);
    if let Some(root) = path.strip_prefix('/') {
        return Some(LinkTarget::Root { path: root.to_string(), rest: rest.to_string() });
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    let file_name = path.rsplit('/').next().unwrap_or(&path);
    if crate::files::markdown_stem(file_name).is_some() {
        let anchor = rest.split_once('#').map(|(_, anchor)| anchor.to_string());
        return Some(LinkTarget::File { path: normalize(&dir.join(&path)), anchor });
    }
    Some(LinkTarget::Asset { path: normalize(&dir.join(&path)), rest: rest.to_string() })
}

/// [`classify`] for an attribute value in raw HTML, which the browser reads after decoding its
/// character references: `javascript&#58;` is `javascript:` there.
fn classify_html(value: &str, file: &Path) -> Option<LinkTarget> {
    if value.contains('&') {
        let decoded = decode_char_refs(value);
        if let Some(scheme) = script_scheme(&decoded) {
            return Some(LinkTarget::Script { scheme, url: decoded });
        }
    }
    classify(LinkType::Inline, value, file)
}

/// Decodes numeric character references (`&#58;`, `&#x3A`, with or without `;`) and the named
/// ones that can hide a scheme (`&colon;`, `&Tab;`, `&NewLine;`); others are kept as written.
fn decode_char_refs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let named = [("&colon;", ':'), ("&Tab;", '\t'), ("&NewLine;", '\n')];
        if let Some((name, c)) = named.iter().find(|(name, _)| rest.starts_with(name)) {
            out.push(*c);
            rest = &rest[name.len()..];
            continue;
        }
        let (radix, digits_at) = match rest.as_bytes().get(1..3) {
            Some([b'#', b'x' | b'X']) => (16, 3),
            Some([b'#', _]) => (10, 2),
            _ => (0, 0),
        };
        let digits = rest
            .get(digits_at..)
            .map_or(0, |d| d.bytes().take_while(|b| (*b as char).is_digit(radix.max(2))).count());
        let decoded = (radix > 0 && digits > 0)
            .then(|| u32::from_str_radix(&rest[digits_at..digits_at + digits], radix).ok())
            .flatten()
            .and_then(char::from_u32);
        match decoded {
            Some(c) => {
                out.push(c);
                let end = digits_at + digits;
                rest = &rest[end + usize::from(rest[end..].starts_with(';'))..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The scheme of `url` if it is one that runs script or carries a whole document, read as a
/// browser reads it (RFC 3986 and the URL Standard): leading spaces and control characters are
/// dropped, tabs and newlines anywhere are ignored, and case does not matter, so
/// `" Java&#9;Script:"` after the parser's entity decoding is still `javascript:`.
pub fn script_scheme(url: &str) -> Option<ScriptScheme> {
    let mut scheme = String::new();
    let mut chars = url.trim_start_matches(|c: char| c <= ' ').chars();
    loop {
        match chars.next()? {
            '\t' | '\n' | '\r' => {}
            ':' => break,
            c if scheme.len() < 10 => scheme.push(c.to_ascii_lowercase()),
            _ => return None,
        }
    }
    match scheme.as_str() {
        "javascript" => Some(ScriptScheme::Javascript),
        "vbscript" => Some(ScriptScheme::Vbscript),
        "data" => Some(ScriptScheme::Data),
        _ => None,
    }
}

/// `https:`, `mailto:`, `data:`, `javascript:` …: a URL with a scheme is not a file of the site.
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        let mut chars = scheme.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

/// Decodes `%XX` escapes that make UTF-8; anything else is kept as written.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = (bytes[i] == b'%')
            .then(|| text.get(i + 1..i + 3))
            .flatten()
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match byte {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
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
        assert_eq!(
            m.links[2].target,
            LinkTarget::Asset { path: PathBuf::from("math/pic.png"), rest: String::new() }
        );
        assert_eq!(m.links.len(), 3, "the web link is not the site's");
    }

    #[test]
    fn references_to_files_are_found_in_images_links_and_html() {
        let body = "![A diagram](images/my%20diagram.png?v=2#x) ![](../shared/b.svg)\n\n\
                    <img alt=\"c\" src='c.png' width=\"3\"><a href=\"/downloads/d.pdf\">d</a>\n\n\
                    <figure>\n<img\n  src=\"e.jpg\">\n</figure>\n\n[t](Other%20File.md) `![no](code.png)`";
        let m = md(body);
        let targets: Vec<&LinkTarget> = m.links.iter().map(|l| &l.target).collect();
        let asset = |p: &str, rest: &str| LinkTarget::Asset { path: PathBuf::from(p), rest: rest.into() };
        assert_eq!(
            targets,
            [
                &asset("math/images/my diagram.png", "?v=2#x"),
                &asset("shared/b.svg", ""),
                &asset("math/c.png", ""),
                &LinkTarget::Root { path: "downloads/d.pdf".into(), rest: String::new() },
                &asset("math/e.jpg", ""),
                &LinkTarget::File { path: PathBuf::from("math/Other File.md"), anchor: None },
            ]
        );
        assert_eq!(m.links[0].kind, RefKind::Image { alt: true });
        assert_eq!(m.links[1].kind, RefKind::Image { alt: false });
        assert_eq!(&body[m.links[2].span.clone()], "c.png", "an attribute is reported at its value");
        // The rendered events carry placeholders in the same order.
        let html = to_html(m.events(), &m.formulas, 0);
        for n in 0..6 {
            assert!(html.contains(&format!("{PLACEHOLDER}{n}")), "placeholder {n} in {html}");
        }
        assert!(html.contains("code.png"), "code is left alone");
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
    fn other_dialects_block_lines_are_found_outside_code_only() {
        let body = "Intro.\n\n:::note Watch out\nText inside.\n:::\n\n::: {.callout}\nMore.\n:::\n\n\
                    !!! tip \"Title\"\n\n    Indented.\n\n???+ note\n\n{: .lead}\n\n  :::: warning\n\n\
                    A ratio of 3:::1, {: not alone}, and !!! at the end.\n\n> ::: quoted\n\n\
                    ```\n::: in code\n!!! in code\n{: .code}\n```\n\n    ::: indented code\n";
        let m = md(body);
        let found: Vec<(Dialect, &str)> =
            m.dialect_lines.iter().map(|l| (l.dialect, &body[l.span.clone()])).collect();
        assert_eq!(
            found,
            [
                (Dialect::FencedDiv, ":::"),
                (Dialect::FencedDiv, ":::"),
                (Dialect::Admonition, "!!!"),
                (Dialect::Admonition, "???"),
                (Dialect::AttributeList, "{: .lead}"),
                (Dialect::FencedDiv, "::::"),
            ]
        );
        // Where each opening fence is: the first at the start of line 3.
        assert_eq!(m.dialect_lines[0].span.start, body.find(":::note").unwrap());
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

    #[test]
    fn malformed_cross_links_are_found_where_they_are_written() {
        let body = "[[]] and [[|text]] and [[id#]] and [[id|]] and [[ ]] and [[#top]]\n\n\
                    An [[open one\n\n\\[[escaped]] `[[code` and\n\n```\n[[block\n```\n\n[[ok]]";
        let m = md(body);
        let stray: Vec<(CrossLinkFault, &str)> =
            m.bad_cross_links.iter().map(|b| (b.fault, &body[b.span.clone()])).collect();
        assert_eq!(
            stray,
            [
                (CrossLinkFault::Empty, "[[]]"),
                (CrossLinkFault::NoId, "[[|text]]"),
                (CrossLinkFault::Unclosed, "[["),
            ]
        );
        let parsed: Vec<(&LinkTarget, &str)> =
            m.links.iter().map(|l| (&l.target, &body[l.span.clone()])).collect();
        assert_eq!(
            parsed[..4],
            [
                (&LinkTarget::BadCrossLink(CrossLinkFault::EmptyAnchor), "[[id#]]"),
                (&LinkTarget::BadCrossLink(CrossLinkFault::EmptyText), "[[id|]]"),
                (&LinkTarget::BadCrossLink(CrossLinkFault::Empty), "[[ ]]"),
                (&LinkTarget::BadCrossLink(CrossLinkFault::NoId), "[[#top]]"),
            ]
        );
        assert_eq!(parsed.len(), 5, "[[ok]] is a link: {parsed:?}");
    }

    #[test]
    fn script_urls_are_caught_however_they_are_spelled() {
        for url in
            ["javascript:alert(1)", " JavaScript:x", "java\tscript:x", "\u{1}vbscript:x", "data:text/html,x"]
        {
            assert!(script_scheme(url).is_some(), "{url:?}");
        }
        for url in ["https://x.org/javascript:x", "data", "datasets/x.png", "./javascript:x", "mailto:a@b"] {
            assert_eq!(script_scheme(url), None, "{url:?}");
        }
        let body = "[a](javascript:alert(1)) ![b](data:image/png;base64,AA) <javascript:alert(2)>\n\n\
                    <a href=\"java&#x73;cript&colon;alert(3)\">c</a> [d](JAVA&#83;CRIPT:x)";
        let m = md(body);
        let schemes: Vec<_> = m
            .links
            .iter()
            .map(|l| match &l.target {
                LinkTarget::Script { scheme, .. } => Some(*scheme),
                _ => None,
            })
            .collect();
        use ScriptScheme::*;
        assert_eq!(
            schemes,
            [Some(Javascript), Some(Data), Some(Javascript), Some(Javascript), Some(Javascript)]
        );
        let html = to_html(m.events(), &m.formulas, 0);
        let html = html.to_ascii_lowercase();
        assert!(
            !html.contains("=\"javascript:") && !html.contains("=\"data:"),
            "no script URL is left: {html}"
        );
    }
}
