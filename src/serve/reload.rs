//! Live reload over Server-Sent Events: one stream per open tab, fed by the rebuild loop.
//!
//! A stream writes its own chunks on the connection, flushing each event. Every stream keeps its
//! connection's thread and has a small bounded queue: a tab that stops reading is dropped (its
//! queue fills, or a write times out) instead of growing memory, and the number of streams is
//! capped.

use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;

use crate::diagnostics::Diagnostic;
use crate::session::Changes;

use super::wire::{Connection, close_gently};

/// More open tabs than this get 503; each stream costs a thread.
const MAX_STREAMS: usize = 64;
/// Events waiting for a slow tab before it is dropped (it reconnects and catches up).
const QUEUE: usize = 16;
/// A comment line this often keeps proxies from closing the stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// How often a quiet stream looks whether its tab went away (and ends, freeing its thread).
const CHECK: Duration = Duration::from_millis(500);
/// The overlay lists this many problems; the terminal has them all.
const MAX_PROBLEMS_SHOWN: usize = 50;

/// What a tab shows, which decides whether a rebuild concerns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Showing {
    /// A built page (`a/b/index.html`) and the site files it refers to.
    Page { key: String, uses: Arc<[String]> },
    /// The 404 page, or the page shown while the site has never built: any change may fix it.
    Missing,
    /// A client that did not say (a test, a tool): it hears every rebuild.
    Unknown,
}

impl Showing {
    fn concerned_by(&self, changes: &Changes) -> bool {
        match self {
            Showing::Unknown | Showing::Missing => !changes.is_empty(),
            Showing::Page { key, uses } => changes.written.iter().chain(&changes.removed).any(|path| {
                // Its own bytes, a file it loads, or one a stylesheet may load (fonts, images).
                // Not the files other pages or scripts fetch on demand: the search index changes
                // with nearly every edit, and reloading every tab for it would lose their state.
                path == key || uses.binary_search(path).is_ok() || styles_may_load(path)
            }),
        }
    }
}

/// Stylesheets, and what a stylesheet can pull in without the page naming it.
fn styles_may_load(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name.rsplit_once('.').map_or("", |(_, ext)| ext).to_ascii_lowercase();
    matches!(
        extension.as_str(),
        "css" | "woff2" | "woff" | "ttf" | "otf" | "eot" | "png" | "jpg" | "jpeg" | "gif" | "webp" | "avif"
    )
}

struct Subscriber {
    showing: Showing,
    events: SyncSender<Arc<str>>,
    alive: Arc<AtomicBool>,
}

#[derive(Default)]
struct Subscribers {
    list: Vec<Subscriber>,
    closed: bool,
}

/// Every open event stream.
#[derive(Default)]
pub(crate) struct Hub {
    subscribers: Mutex<Subscribers>,
    open: Arc<AtomicUsize>,
}

/// A stream's place in the hub; dropping it (when its thread ends) frees the place.
pub(crate) struct Ticket {
    alive: Arc<AtomicBool>,
    open: Arc<AtomicUsize>,
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.alive.store(false, Ordering::Relaxed);
        self.open.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Hub {
    /// Registers a stream; `state` (run under the hub's lock, so that no event can slip between
    /// it and the registration) says what the tab shows and the events it gets first. `None`
    /// when the server is closing or has as many streams as it allows.
    pub(crate) fn subscribe(
        &self,
        state: impl FnOnce() -> (Showing, Vec<String>),
    ) -> Option<(Receiver<Arc<str>>, Ticket)> {
        let mut subscribers = self.subscribers.lock().unwrap_or_else(PoisonError::into_inner);
        subscribers.list.retain(|s| s.alive.load(Ordering::Relaxed));
        if subscribers.closed || self.open.load(Ordering::Relaxed) >= MAX_STREAMS {
            return None;
        }
        let (showing, first) = state();
        let (events, receiver) = sync_channel(QUEUE);
        for event in first {
            // The queue is new and larger than the few first events, so this cannot fail.
            let _ = events.try_send(Arc::from(event.as_str()));
        }
        let alive = Arc::new(AtomicBool::new(true));
        self.open.fetch_add(1, Ordering::Relaxed);
        subscribers.list.push(Subscriber { showing, events, alive: alive.clone() });
        Some((receiver, Ticket { alive, open: self.open.clone() }))
    }

    /// After a successful rebuild (the new files are already served): tells the tabs it concerns
    /// to reload, or every tab when the site recovers from an error.
    pub(crate) fn rebuilt(&self, generation: u64, changes: &Changes, recovered: bool) {
        let event = reload_event(generation, changes);
        self.send(|showing| recovered || showing.concerned_by(changes), &event);
    }

    /// After a failed rebuild: every tab shows the problems.
    pub(crate) fn failed(&self, problems: &[Diagnostic]) {
        self.send(|_| true, &error_event(problems));
    }

    fn send(&self, wanted: impl Fn(&Showing) -> bool, event: &str) {
        let event: Arc<str> = Arc::from(event);
        let mut subscribers = self.subscribers.lock().unwrap_or_else(PoisonError::into_inner);
        subscribers.list.retain(|subscriber| {
            if !wanted(&subscriber.showing) {
                return subscriber.alive.load(Ordering::Relaxed);
            }
            match subscriber.events.try_send(event.clone()) {
                Ok(()) => true,
                Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
            }
        });
    }

    /// Ends every stream (their threads finish) and refuses new ones.
    pub(crate) fn close(&self) {
        let mut subscribers = self.subscribers.lock().unwrap_or_else(PoisonError::into_inner);
        subscribers.closed = true;
        subscribers.list.clear();
    }
}

/// Above this many changed files, a reload event says "everything" rather than list them.
const MAX_PATHS_LISTED: usize = 500;

/// `event: reload`: sent only once the new output is being served. It lists the files that
/// changed, so that a tab (which may share the stream with others) can tell whether it shows one.
pub(crate) fn reload_event(generation: u64, changes: &Changes) -> String {
    let count = changes.written.len() + changes.removed.len();
    let data = if count > MAX_PATHS_LISTED {
        serde_json::json!({ "generation": generation, "all": true })
    } else {
        let paths: Vec<&String> = changes.written.iter().chain(&changes.removed).collect();
        serde_json::json!({ "generation": generation, "paths": paths })
    };
    format!("event: reload\ndata: {data}\n\n")
}

/// `event: reload` for every tab that hears it: its page changed before its stream opened.
pub(crate) fn reload_all_event(generation: u64) -> String {
    format!("event: reload\ndata: {{\"generation\":{generation},\"all\":true}}\n\n")
}

/// `event: build-ok`: the site builds; a tab hides its overlay.
pub(crate) fn ok_event(generation: u64) -> String {
    format!("event: build-ok\ndata: {{\"generation\":{generation}}}\n\n")
}

/// One problem as the overlay shows it; the browser escapes it (it only ever sets text).
#[derive(Serialize)]
struct Problem<'a> {
    path: String,
    line: usize,
    column: usize,
    message: &'a str,
    hint: Option<&'a str>,
    /// The quoted line with its caret, as in the terminal.
    excerpt: Option<String>,
    /// `path:line:column: message`, the terminal's first line.
    headline: String,
}

/// `event: build-error`. (Not `error`: EventSource uses that name for its own connection errors.)
pub(crate) fn error_event(problems: &[Diagnostic]) -> String {
    let shown: Vec<Problem> = problems
        .iter()
        .take(MAX_PROBLEMS_SHOWN)
        .map(|d| Problem {
            path: d.path.display().to_string(),
            line: d.line,
            column: d.column,
            message: &d.message,
            hint: d.hint.as_deref(),
            excerpt: excerpt(d),
            headline: d.headline(),
        })
        .collect();
    let data = serde_json::json!({ "count": problems.len(), "problems": shown });
    // serde_json escapes newlines, so the data stays on one `data:` line as SSE requires.
    format!("event: build-error\ndata: {data}\n\n")
}

/// The quoted line and its caret, cut around the caret as in the terminal.
fn excerpt(d: &Diagnostic) -> Option<String> {
    d.excerpt()
}

/// Answers an event-stream request on the connection's thread until the hub closes or the tab
/// goes away.
pub(crate) fn stream(connection: Connection, chunked: bool, events: &Receiver<Arc<str>>, ticket: Ticket) {
    let _ticket = ticket;
    let stream = connection.into_stream();
    let mut writer = &stream;
    if pump(&mut writer, events, chunked, &|| peer_gone(&stream)).is_ok() {
        close_gently(&stream);
    }
}

/// Whether the tab closed its end: a browser sends nothing on an event stream after its request,
/// so a readable end of stream means it went away.
fn peer_gone(stream: &std::net::TcpStream) -> bool {
    if stream.set_nonblocking(true).is_err() {
        return true;
    }
    let mut byte = [0u8; 1];
    let gone = match stream.peek(&mut byte) {
        Ok(0) => true,
        Ok(_) => false,
        Err(error) => error.kind() != io::ErrorKind::WouldBlock,
    };
    let _ = stream.set_nonblocking(false);
    gone
}

fn pump(
    writer: &mut dyn Write,
    events: &Receiver<Arc<str>>,
    chunked: bool,
    gone: &dyn Fn() -> bool,
) -> io::Result<()> {
    let framing = if chunked { "Transfer-Encoding: chunked\r\n" } else { "Connection: close\r\n" };
    write!(
        writer,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\n\
         X-Accel-Buffering: no\r\n{framing}\r\n"
    )?;
    // `retry` makes a tab try again a second after the server went away (a restart).
    send(writer, "retry: 1000\n\n", chunked)?;
    let mut quiet = Duration::ZERO;
    loop {
        match events.recv_timeout(CHECK) {
            Ok(event) => {
                send(writer, &event, chunked)?;
                quiet = Duration::ZERO;
            }
            Err(RecvTimeoutError::Timeout) => {
                if gone() {
                    return Err(io::ErrorKind::ConnectionAborted.into());
                }
                quiet += CHECK;
                if quiet >= KEEP_ALIVE {
                    send(writer, ": keep-alive\n\n", chunked)?;
                    quiet = Duration::ZERO;
                }
            }
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    if chunked {
        writer.write_all(b"0\r\n\r\n")?;
    }
    writer.flush()
}

fn send(writer: &mut dyn Write, event: &str, chunked: bool) -> io::Result<()> {
    if chunked {
        write!(writer, "{:x}\r\n{event}\r\n", event.len())?;
    } else {
        writer.write_all(event.as_bytes())?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(written: &[&str]) -> Changes {
        Changes { written: written.iter().map(|s| s.to_string()).collect(), ..Changes::default() }
    }

    #[test]
    fn a_tab_reloads_for_its_page_and_what_it_loads_only() {
        let uses: Arc<[String]> = vec!["app.js".to_string(), "favicon.svg".to_string()].into();
        let page = Showing::Page { key: "a/index.html".into(), uses };
        assert!(page.concerned_by(&changes(&["a/index.html", "b/index.html"])));
        assert!(page.concerned_by(&changes(&["style.css"])));
        assert!(page.concerned_by(&changes(&["fonts/x.woff2"])));
        assert!(page.concerned_by(&changes(&["app.js"])));
        assert!(page.concerned_by(&changes(&["favicon.svg"])));
        let elsewhere = ["b/index.html", "sitemap.xml", "roadmap.json", "search-index.js", "mindmap.svg"];
        assert!(!page.concerned_by(&changes(&elsewhere)));
        assert!(Showing::Missing.concerned_by(&changes(&["b/index.html"])));
        assert!(!Showing::Unknown.concerned_by(&changes(&[])));
    }

    #[test]
    fn events_are_single_line_json() {
        let file = crate::diagnostics::SourceFile::new("content/a.md", "+++\ntitle = \"<b>\n+++\n");
        let problem = file.error_at(12, 13, "unterminated \"string\"\nsecond line").with_hint("close it");
        let event = error_event(&[problem]);
        let data = event.strip_prefix("event: build-error\ndata: ").unwrap().strip_suffix("\n\n").unwrap();
        assert!(!data.contains('\n'));
        let value: serde_json::Value = serde_json::from_str(data).unwrap();
        assert_eq!(
            value["problems"][0]["headline"],
            "content/a.md:2:9: unterminated \"string\"\nsecond line"
        );
        assert_eq!(value["problems"][0]["excerpt"], "  |\n2 | title = \"<b>\n  |         ^");
        assert_eq!(value["problems"][0]["hint"], "close it");
    }

    #[test]
    fn the_hub_drops_closed_streams_and_caps_them() {
        let hub = Hub::default();
        let (first, ticket) = hub.subscribe(|| (Showing::Unknown, vec!["hello".into()])).unwrap();
        assert_eq!(&*first.recv().unwrap(), "hello");
        hub.rebuilt(2, &changes(&["x.html"]), false);
        assert!(first.recv().unwrap().starts_with("event: reload\n"));
        drop(ticket);
        drop(first);
        let unknown = || (Showing::Unknown, Vec::new());
        let kept: Vec<_> = (0..MAX_STREAMS).map(|_| hub.subscribe(unknown).unwrap()).collect();
        assert!(hub.subscribe(unknown).is_none(), "at most {MAX_STREAMS} streams");
        hub.close();
        for (events, _) in &kept {
            assert!(events.recv().is_err(), "closing the hub ends every stream");
        }
    }
}
