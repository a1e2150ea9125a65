//! Turns a parsed body into HTML, replacing the `trailmap:N` placeholders left by the loader with
//! the URLs the resolver found (and `[[id]]` links' text with the target's title),
//! highlighting fenced code blocks and turning GitHub's alerts into callouts.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::markdown::{Markdown, PLACEHOLDER, to_html};
use crate::render::{callout, highlight};
use crate::resolve::Resolved;
use crate::site::Site;

/// Where the links of a body point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// To the pages of the site (`/math/calculus/#chain-rule`).
    Pages,
    /// To the places on the one-page print edition (`#n-calculus:chain-rule`).
    Print,
}

/// The HTML of `body`, whose links resolved to `links`.
pub fn html(site: &Site, body: &Markdown, links: &[Resolved]) -> String {
    to_html(events(site, body.events(), links), &body.formulas, body.text.len() * 2)
}

/// The events of `events` with resolved links, for callers that render parts of a body.
pub fn events<'a>(
    site: &'a Site,
    events: impl Iterator<Item = Event<'a>> + 'a,
    links: &'a [Resolved],
) -> impl Iterator<Item = Event<'a>> + 'a {
    events_to(site, events, links, Target::Pages)
}

/// [`events`], with links pointing to `target`.
pub fn events_to<'a>(
    site: &'a Site,
    events: impl Iterator<Item = Event<'a>> + 'a,
    links: &'a [Resolved],
    target: Target,
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
                let index: usize = dest_url[PLACEHOLDER.len()..].parse().unwrap_or(usize::MAX);
                let resolved = links.get(index);
                let url = resolved.map_or_else(String::new, |r| match target {
                    Target::Pages => url(site, r),
                    Target::Print => print_url(site, r),
                });
                if let (
                    Some(Resolved { node: Some(node), .. }),
                    pulldown_cmark::LinkType::WikiLink { has_pothole: false },
                ) = (resolved, link_type)
                {
                    pending_title = Some(Event::Text(CowStr::from(site.nodes[*node].title.as_str())));
                }
                Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id })
            }
            other => other,
        });
        out.into_iter().flatten()
    });
    highlight::code_blocks(linked.map(|event| match event {
        // A task list's box is read-only; it still needs a name for assistive technology.
        Event::TaskListMarker(done) => Event::InlineHtml(CowStr::from(if done {
            "<input type=\"checkbox\" disabled checked aria-label=\"Done\"> "
        } else {
            "<input type=\"checkbox\" disabled aria-label=\"Not done\"> "
        })),
        Event::Start(Tag::BlockQuote(Some(kind))) => Event::Html(CowStr::from(callout::open(kind))),
        Event::End(TagEnd::BlockQuote(Some(_))) => Event::Html(CowStr::Borrowed(callout::CLOSE)),
        other => other,
    }))
}

fn url(site: &Site, resolved: &Resolved) -> String {
    let page = match resolved.node {
        Some(node) => site.url(node),
        None if resolved.faq => format!("{}faq/", site.config.base_path()),
        None => String::new(),
    };
    match &resolved.anchor {
        Some(anchor) => format!("{page}#{anchor}"),
        None => page,
    }
}

/// The anchor on the print page of a page of the roadmap (`n-ID`), or of a heading on it.
pub fn print_anchor(id: &str, heading: Option<&str>) -> String {
    match heading {
        Some(heading) => format!("n-{id}:{heading}"),
        None => format!("n-{id}"),
    }
}

fn print_url(site: &Site, resolved: &Resolved) -> String {
    match (resolved.node, &resolved.anchor) {
        (Some(node), anchor) => format!("#{}", print_anchor(&site.nodes[node].id, anchor.as_deref())),
        (None, Some(anchor)) if resolved.faq => format!("#faq:{anchor}"),
        (None, None) if resolved.faq => "#faq".to_string(),
        _ => String::new(),
    }
}
