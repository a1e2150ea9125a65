//! Answering requests from the in-memory site: pages, assets, 404s, redirects, the live-reload
//! script and its event stream.
//!
//! Caching: every answer says `no-cache` (a browser may keep a copy but must ask first) with an
//! ETag of the content, so a page is never stale after a rebuild and an unchanged one costs a 304.
//!
//! Connections: every answer closes its connection (on loopback a new one costs microseconds);
//! see [`wire`](super::wire) for the limits every connection lives within.

use std::sync::{Arc, PoisonError, RwLock};

use super::hosts::{Hosts, Refusal};
use super::path::{self, SitePath};
use super::reload::{self, Hub, Showing};
use super::served::{
    self, EVENTS_PATH, Found, LIVE_SCRIPT, LIVE_SCRIPT_PATH, ServedFile, ServedSite, WORKER_SCRIPT,
    WORKER_SCRIPT_PATH,
};
use super::wire::{Connection, Refused, Request, Response, text};

/// What the request handlers share with the rebuild loop.
pub(crate) struct Shared {
    pub site: RwLock<ServedSite>,
    pub hub: Hub,
    /// The hosts requests may name.
    pub hosts: Hosts,
}

impl Shared {
    pub(crate) fn new(hosts: Hosts) -> Shared {
        Shared { site: RwLock::default(), hub: Hub::default(), hosts }
    }

    fn read<T>(&self, f: impl FnOnce(&ServedSite) -> T) -> T {
        f(&self.site.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// Serves one connection: reads its request and answers it (or streams events to it until the
/// tab goes away). Errors writing to the client (it went away) are not ours to report.
pub(crate) fn serve_connection(mut connection: Connection, shared: &Shared) {
    let request = match connection.read_request() {
        Ok(request) => request,
        Err(Refused::Silently) => return,
        Err(Refused::Answer(status, why)) => {
            let _ = connection.respond(&text(status, &format!("bad request: {why}\n")), false);
            return;
        }
    };
    let head_only = request.method == "HEAD";
    let response = match answer(&request, shared) {
        Answer::Respond(response) => response,
        // The tab's state is read inside the hub's lock: a rebuild that lands meanwhile either
        // shows in that state or reaches the tab as an event, never neither.
        Answer::Stream(target) => match shared.hub.subscribe(|| stream_state(&target, shared)) {
            Some((events, ticket)) => {
                reload::stream(connection, request.http11, &events, ticket);
                return;
            }
            None => text(503, "too many live-reload connections, or the server is stopping\n"),
        },
    };
    let _ = connection.respond(&response, head_only);
}

enum Answer {
    Respond(Response),
    /// Open an event stream for the tab that asked with this target.
    Stream(SitePath),
}

fn answer(request: &Request, shared: &Shared) -> Answer {
    match shared.hosts.check(request.header("Host"), path::authority(&request.target)) {
        Ok(()) => {}
        Err(Refusal::Missing) => {
            return Answer::Respond(text(
                400,
                "bad request: a request must name its host in one Host header\n",
            ));
        }
        Err(Refusal::Foreign) => {
            let why = format!(
                "this preview answers only for the address it listens on ({}); \
                 start trailmap serve with --allow-host NAME to allow another name\n",
                shared.hosts.example()
            );
            return Answer::Respond(text(421, &why));
        }
    }
    let method = request.method.as_str();
    if !matches!(method, "GET" | "HEAD") {
        let mut response = text(405, "only GET and HEAD are served\n");
        response.set("Allow", "GET, HEAD");
        return Answer::Respond(response);
    }
    let target = match path::parse(&request.target) {
        Ok(target) => target,
        Err(why) => return Answer::Respond(text(400, &format!("bad request: {why}\n"))),
    };
    if !target.dir && target.key == EVENTS_PATH {
        if method == "HEAD" {
            return Answer::Respond(bytes(200, "text/event-stream", Arc::from(&b""[..])));
        }
        return Answer::Stream(target);
    }
    for (path, script) in [(LIVE_SCRIPT_PATH, LIVE_SCRIPT), (WORKER_SCRIPT_PATH, WORKER_SCRIPT)] {
        if !target.dir && target.key == path {
            let file = ServedFile {
                bytes: Arc::from(script.as_bytes()),
                etag: served::etag(script.as_bytes(), false).into(),
                content_type: "text/javascript; charset=utf-8",
                uses: Arc::new([]),
            };
            return Answer::Respond(file_response(request, &file));
        }
    }
    // The lock is held for the lookup only; sending happens after, so that a slow client never
    // holds up a rebuild.
    let (ready, found) = shared.read(|site| (site.is_ready(), site.find(&target)));
    if !ready {
        return Answer::Respond(not_built(shared));
    }
    Answer::Respond(match found {
        Found::File { file, .. } => file_response(request, &file),
        Found::Redirect(to) => {
            let mut location = path::percent_encode_path(&to);
            if let Some(query) = &target.query {
                location.push('?');
                location.push_str(&path::ascii_only(query));
            }
            let mut response = text(302, &format!("see {location}\n"));
            response.set("Location", &location);
            response
        }
        Found::Missing(Some(page)) => {
            let mut response = bytes(404, page.content_type, page.bytes);
            response.set("Cache-Control", "no-store");
            // A tab showing the 404 page compares this with the tag its page was sent with.
            response.set("ETag", &page.etag);
            response
        }
        Found::Missing(None) => text(404, "404 Not Found\n"),
    })
}

/// What a tab shows and the events it gets first. A tab opens its event stream with
/// `?path=<its location>&etag=<its page's ETag>`: if the page changed in between (or the server
/// restarted with a different site), it reloads at once.
fn stream_state(target: &SitePath, shared: &Shared) -> (Showing, Vec<String>) {
    let query = target.query.as_deref();
    let page = path::query_value(query, "path").and_then(|p| path::parse(&p).ok());
    let sent_etag = path::query_value(query, "etag");
    shared.read(|site| {
        let generation = site.generation();
        let mut first = Vec::new();
        let showing = match (&page, site.is_ready()) {
            (None, _) => Showing::Unknown,
            (Some(_), false) => Showing::Missing,
            (Some(page), true) => match site.find(page) {
                Found::File { key, file } => {
                    if sent_etag.as_deref().is_some_and(|etag| etag != &*file.etag) {
                        first.push(reload::reload_all_event(generation));
                    }
                    Showing::Page { key, uses: file.uses }
                }
                Found::Redirect(_) => {
                    first.push(reload::reload_all_event(generation));
                    Showing::Missing
                }
                Found::Missing(page) => {
                    let etag = page.map(|p| p.etag);
                    if sent_etag.is_some() && sent_etag.as_deref() != etag.as_deref() {
                        first.push(reload::reload_all_event(generation));
                    }
                    Showing::Missing
                }
            },
        };
        // A tab that opens while the site is broken shows the problems at once.
        match site.problems() {
            Some(problems) => first.push(reload::error_event(&problems)),
            None => first.push(reload::ok_event(generation)),
        }
        (showing, first)
    })
}

/// A file with its validators; 304 when the browser's copy is current.
fn file_response(request: &Request, file: &ServedFile) -> Response {
    let current = request.header("If-None-Match").any(|value| etag_matches(value, &file.etag));
    let mut response = if current {
        bytes(304, file.content_type, Arc::from(&b""[..]))
    } else {
        bytes(200, file.content_type, file.bytes.clone())
    };
    response.set("ETag", &file.etag);
    response.set("Cache-Control", "no-cache");
    response
}

/// `If-None-Match: "a", W/"b"` or `*` (weak comparison, as RFC 9110 asks for this header).
fn etag_matches(header: &str, etag: &str) -> bool {
    header.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// Served for every path while the site has never built: the problems, and the live script so
/// that the page reloads into the site once they are fixed.
fn not_built(shared: &Shared) -> Response {
    let problems = shared.read(|site| site.problems()).unwrap_or_default();
    let list: String = problems.iter().map(|p| format!("{p}\n")).collect();
    let page = format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Build failed · trailmap</title></head>\n<body><main>\
         <h1>The site did not build</h1>\n<p>Fix the problems below and save; this page reloads \
         by itself.</p>\n<pre>{}</pre></main>{}</body></html>\n",
        crate::escape::escape(&list),
        served::script_tag("not-built")
    );
    let mut response = bytes(503, "text/html; charset=utf-8", Arc::from(page.into_bytes()));
    response.set("Cache-Control", "no-store");
    response
}

fn bytes(status: u16, content_type: &str, body: Arc<[u8]>) -> Response {
    let mut response = Response::new(status, body);
    response.set("Content-Type", content_type);
    response.set("X-Content-Type-Options", "nosniff");
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_etags_like_browsers_send_them() {
        let etag = "\"00ff-2\"";
        assert!(etag_matches("\"00ff-2\"", etag));
        assert!(etag_matches("\"x\", W/\"00ff-2\"", etag));
        assert!(etag_matches("*", etag));
        assert!(!etag_matches("\"00ff-3\"", etag));
        assert!(!etag_matches("", etag));
    }

    #[test]
    fn escapes_problem_text() {
        assert_eq!(crate::escape::escape("<script>\"&'"), "&lt;script&gt;&quot;&amp;&#39;");
    }
}
