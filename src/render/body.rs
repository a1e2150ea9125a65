//! Turns a parsed body into HTML, replacing the `trailmap:N` placeholders left by the loader with
//! the URLs the resolver found (and `[[id]]` links' text with the target's title),
//! highlighting fenced code blocks and turning GitHub's alerts into callouts.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::markdown::{PLACEHOLDER, to_html};
use crate::render::{callout, highlight};
use crate::resolve::Resolved;
use crate::site::{Node, Site};

/// Where the links of a body point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// To the pages of the site (`/math/calculus/#chain-rule`).
    Pages,
    /// To the places on the one-page print edition (`#n-calculus:chain-rule`).
    Print,
}

/// The HTML of `node`'s body, whose links resolved to `links` (its text read again if it was
/// released, see [`crate::site::Node::release_text`]).
pub fn html(
    site: &Site,
    node: &Node,
    links: &[Resolved],
    strings: &crate::strings::Strings,
) -> Result<String, Diagnostic> {
    let (text, body) = (node.text()?, &node.body);
    Ok(to_html(events(site, body.events_of(&text), links, strings), &body.formulas, body.html_size_hint()))
}

/// The events of `events` with resolved links, for callers that render parts of a body.
pub fn events<'a>(
    site: &'a Site,
    events: impl Iterator<Item = Event<'a>> + 'a,
    links: &'a [Resolved],
    strings: &'a crate::strings::Strings,
) -> impl Iterator<Item = Event<'a>> + 'a {
    events_to(site, events, links, Target::Pages, strings)
}

/// [`events`], with links pointing to `target`.
pub fn events_to<'a>(
    site: &'a Site,
    events: impl Iterator<Item = Event<'a>> + 'a,
    links: &'a [Resolved],
    target: Target,
    strings: &'a crate::strings::Strings,
) -> impl Iterator<Item = Event<'a>> + 'a {
    let mut pending_title: Option<Event<'a>> = None;
    let linked = events.flat_map(move |event| {
        // The title left pending by an `[[id]]` link, then the event itself.
        let mut out: [Option<Event<'a>>; 2] = [None, None];
        if let Some(title) = pending_title.take() {
            // The text of an `[[id]]` link (which the loader left empty) is the target's title.
            if matches!(event, Event::End(_)) {
                out[0] = Some(title);
            }
        }
        out[1] = Some(match event {
            Event::Start(Tag::Link { link_type, dest_url, title, id })
                if dest_url.starts_with(PLACEHOLDER) =>
            {
                let resolved = placeholder(&dest_url).and_then(|i| links.get(i));
                if let pulldown_cmark::LinkType::WikiLink { has_pothole: false } = link_type {
                    match resolved {
                        Some(Resolved::Page { node, .. }) => {
                            pending_title = Some(Event::Text(CowStr::from(site.nodes[*node].title.as_str())));
                        }
                        Some(Resolved::Elsewhere(elsewhere)) => {
                            pending_title = Some(Event::Text(CowStr::from(elsewhere.title.clone())));
                        }
                        _ => {}
                    }
                }
                let url = resolved.map_or_else(String::new, |r| url_to(site, r, target));
                Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id })
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id })
                if dest_url.starts_with(PLACEHOLDER) =>
            {
                let resolved = placeholder(&dest_url).and_then(|i| links.get(i));
                let url = resolved.map_or_else(String::new, |r| url_to(site, r, target));
                Event::Start(Tag::Image { link_type, dest_url: url.into(), title, id })
            }
            Event::Html(html) if html.contains(PLACEHOLDER) => {
                Event::Html(in_html(site, &html, links, target).into())
            }
            Event::InlineHtml(html) if html.contains(PLACEHOLDER) => {
                Event::InlineHtml(in_html(site, &html, links, target).into())
            }
            other => other,
        });
        out.into_iter().flatten()
    });
    highlight::code_blocks(linked.map(|event| match event {
        // A task list's box is read-only; it still needs a name for assistive technology.
        Event::TaskListMarker(done) => Event::InlineHtml(CowStr::from(if done {
            format!(
                "<input type=\"checkbox\" disabled checked aria-label=\"{}\"> ",
                strings.format_html("content.task_done", &[])
            )
        } else {
            format!(
                "<input type=\"checkbox\" disabled aria-label=\"{}\"> ",
                strings.format_html("content.task_open", &[])
            )
        })),
        Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(CowStr::from(callout::open(kind, strings))),
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed(callout::CLOSE)),
        other => other,
    }))
}

/// The number of a placeholder URL (`trailmap:3` → 3).
fn placeholder(url: &str) -> Option<usize> {
    url.strip_prefix(PLACEHOLDER)?.parse().ok()
}

/// Raw HTML with its placeholders replaced by the URLs they stand for (escaped for an attribute).
fn in_html(site: &Site, html: &str, links: &[Resolved], target: Target) -> String {
    let mut out = String::with_capacity(html.len() + 32);
    let mut rest = html;
    while let Some(at) = rest.find(PLACEHOLDER) {
        out.push_str(&rest[..at]);
        let digits = rest[at + PLACEHOLDER.len()..].bytes().take_while(u8::is_ascii_digit).count();
        let end = at + PLACEHOLDER.len() + digits;
        let url = placeholder(&rest[at..end]).and_then(|i| links.get(i)).map(|r| url_to(site, r, target));
        crate::escape::escape_into(&mut out, &url.unwrap_or_default());
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where a resolved reference points, seen from the pages or from the print edition.
fn url_to(site: &Site, resolved: &Resolved, target: Target) -> String {
    match target {
        Target::Pages => url(site, resolved),
        Target::Print => print_url(site, resolved),
    }
}

fn url(site: &Site, resolved: &Resolved) -> String {
    let with_anchor = |page: String, anchor: &Option<String>| match anchor {
        Some(anchor) => format!("{page}#{anchor}"),
        None => page,
    };
    match resolved {
        Resolved::Page { node, anchor } => with_anchor(site.url(*node), anchor),
        Resolved::Faq { anchor } => with_anchor(site.routes().url(crate::routes::FAQ), anchor),
        Resolved::File(file) => file_url(site, &file.path, &file.rest, file.shared),
        Resolved::Url(url) => url.clone(),
        Resolved::Elsewhere(to) => with_anchor(elsewhere_url(site, &to.roadmap, &to.path), &to.anchor),
        Resolved::Broken => String::new(),
    }
}

/// A page of another roadmap of the site, in this page's language.
pub fn elsewhere_url(site: &Site, roadmap: &str, path: &str) -> String {
    let edition = site.edition.of(Some(roadmap), &site.edition.language);
    crate::routes::Routes::new(&site.config).in_edition(&edition.prefix).url(path)
}

/// A file of the site, from any page: its absolute path below the base path, so that the same
/// reference works on the page, on the print edition, under a sub-path and in `serve`.
fn file_url(site: &Site, path: &str, rest: &str, shared: bool) -> String {
    let routes = site.routes();
    let url = if shared { routes.shared_url(path) } else { routes.url(path) };
    format!("{url}{rest}")
}

/// The anchor on the print page of a page of the roadmap (`n-ID`), or of a heading on it.
pub fn print_anchor(id: &str, heading: Option<&str>) -> String {
    match heading {
        Some(heading) => format!("n-{id}:{heading}"),
        None => format!("n-{id}"),
    }
}

fn print_url(site: &Site, resolved: &Resolved) -> String {
    match resolved {
        Resolved::Page { node, anchor } => {
            format!("#{}", print_anchor(&site.nodes[*node].id, anchor.as_deref()))
        }
        Resolved::Faq { anchor: Some(anchor) } => format!("#faq:{anchor}"),
        Resolved::Faq { anchor: None } => "#faq".to_string(),
        Resolved::File(file) => file_url(site, &file.path, &file.rest, file.shared),
        Resolved::Url(url) => url.clone(),
        Resolved::Elsewhere(to) => {
            let url = elsewhere_url(site, &to.roadmap, &to.path);
            to.anchor.as_ref().map_or(url.clone(), |anchor| format!("{url}#{anchor}"))
        }
        Resolved::Broken => String::new(),
    }
}
