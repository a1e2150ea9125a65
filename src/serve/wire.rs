//! HTTP/1.1 on the wire: accepting connections, reading one request head, writing one answer.
//!
//! Only what a dev server needs, and bounded everywhere, because any local program (or a page in
//! the browser) can talk to it: a request head must arrive whole within [`HEAD_TIMEOUT`] and fit
//! in [`MAX_HEAD`] bytes with at most [`MAX_HEADERS`] headers; bodies are never read (only GET and
//! HEAD are served), so a `Content-Length` costs nothing; every answer closes its connection;
//! writes time out; at most [`MAX_CONNECTIONS`] connections are served at once; and a failed
//! accept (out of file descriptors, say) is waited out, never fatal.
//!
//! (This replaced tiny_http, which buffers request lines of any length, drains any announced
//! body by allocating its whole `Content-Length` at once, so that one `Content-Length: 99999999999`
//! aborted the server, and stops accepting for good after one failed accept.)

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// The request line and headers together, at most.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// Headers of one request, at most.
pub(crate) const MAX_HEADERS: usize = 100;
/// The whole request head must arrive within this, however slowly it trickles in.
pub(crate) const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A client that does not take an answer (or an event) within this is dropped.
pub(crate) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more are answered 503 at once. Each costs a thread.
pub(crate) const MAX_CONNECTIONS: usize = 1024;
/// Stack of a connection's thread: a request is a map lookup, an event stream a loop.
const CONNECTION_STACK: usize = 512 * 1024;
/// After an answer, unread input (a body, pipelined requests) is read and dropped for at most
/// this long and this much, so that closing does not reset the connection under the answer.
const LINGER: Duration = Duration::from_millis(500);
const LINGER_BYTES: usize = 256 * 1024;

/// A request head, as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub method: String,
    pub target: String,
    /// HTTP/1.1 (or later 1.x): the client understands chunked answers.
    pub http11: bool,
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The values of every header called `name` (case-insensitive).
    pub(crate) fn header<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// An answer with its whole body.
#[derive(Debug, Clone)]
pub(crate) struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Arc<[u8]>,
}

impl Response {
    pub(crate) fn new(status: u16, body: Arc<[u8]>) -> Response {
        Response { status, headers: Vec::new(), body }
    }

    /// Adds a header. Values with a line break or a non-ASCII byte are dropped rather than sent,
    /// so that no value can split the answer.
    pub(crate) fn set(&mut self, name: &'static str, value: &str) {
        if value.bytes().all(|b| b == b'\t' || (0x20..0x7f).contains(&b)) {
            self.headers.push((name, value.to_string()));
        }
    }
}

/// Why no request came out of a connection.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refused {
    /// The client went away or never finished its head: close without a word.
    Silently,
    /// A malformed or oversized head: answer with this status and reason, then close.
    Answer(u16, &'static str),
}

/// One accepted connection, until its answer is written.
pub(crate) struct Connection {
    stream: TcpStream,
}

impl Connection {
    fn new(stream: TcpStream) -> Connection {
        let _ = stream.set_nodelay(true);
        let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
        Connection { stream }
    }

    /// Reads the request head, within the limits of this module. Each byte received is looked
    /// at once (see [`HeadEnd`]), and the head is parsed once, when it is whole: a client that
    /// sends its head a byte at a time costs no more than one that sends it at once.
    pub(crate) fn read_request(&mut self) -> Result<Request, Refused> {
        let deadline = Instant::now() + HEAD_TIMEOUT;
        let mut head: Vec<u8> = Vec::with_capacity(1024);
        let mut end = HeadEnd::default();
        let mut buffer = [0u8; 4096];
        loop {
            let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
                return Err(Refused::Silently);
            };
            let _ = self.stream.set_read_timeout(Some(left));
            let room = (MAX_HEAD + 4 - head.len()).min(buffer.len());
            let n = match self.stream.read(&mut buffer[..room]) {
                Ok(0) => return Err(Refused::Silently),
                Ok(n) => n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => return Err(Refused::Silently),
            };
            let found = end.feed(&buffer[..n]);
            head.extend_from_slice(&buffer[..n]);
            if let Some(at) = found {
                head.truncate(at);
                return parse_head(&head);
            }
            if head.len() > MAX_HEAD {
                return Err(if end.lines > 0 {
                    Refused::Answer(431, "the request's headers are too large")
                } else {
                    Refused::Answer(414, "the request target is too long")
                });
            }
        }
    }

    /// Writes `response` (its headers only, for HEAD) and closes the connection.
    pub(crate) fn respond(mut self, response: &Response, head_only: bool) -> io::Result<()> {
        let result = self.write_response(response, head_only);
        self.close();
        result
    }

    fn write_response(&mut self, response: &Response, head_only: bool) -> io::Result<()> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", response.status, reason(response.status));
        for (name, value) in &response.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if !matches!(response.status, 100..=199 | 204 | 304) {
            head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
        }
        head.push_str("Connection: close\r\n\r\n");
        let body: &[u8] =
            if head_only || matches!(response.status, 204 | 304) { &[] } else { &response.body };
        // One write for small answers: fewer packets, and a client that reads the status line
        // has the whole answer.
        if head.len() + body.len() <= 64 * 1024 {
            let mut all = head.into_bytes();
            all.extend_from_slice(body);
            self.stream.write_all(&all)?;
        } else {
            self.stream.write_all(head.as_bytes())?;
            self.stream.write_all(body)?;
        }
        self.stream.flush()
    }

    /// The raw stream, for an answer that does its own framing (an event stream).
    pub(crate) fn into_stream(self) -> TcpStream {
        self.stream
    }

    /// Ends the connection after the answer: the client gets a clean end of stream even if it
    /// sent more than was read.
    fn close(self) {
        close_gently(&self.stream);
    }
}

/// Half-closes, then reads and drops what the client still sends, briefly.
pub(crate) fn close_gently(stream: &TcpStream) {
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER;
    let mut drained = 0;
    let mut buffer = [0u8; 4096];
    let mut reader = stream;
    while drained < LINGER_BYTES {
        let Some(left) = deadline.checked_duration_since(Instant::now()).filter(|d| !d.is_zero()) else {
            break;
        };
        let _ = stream.set_read_timeout(Some(left));
        match reader.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => drained += n,
        }
    }
}

/// Finds where a request head ends (after its blank line: `\r\n\r\n`, or `\n\n` from clients that
/// send bare line feeds, which RFC 9112 §2.2 lets a server accept), looking at each byte once as
/// the bytes arrive. Empty lines before the request line are skipped (RFC 9112 §2.2).
#[derive(Debug)]
struct HeadEnd {
    /// Bytes seen so far.
    seen: usize,
    /// The current line holds nothing yet (but perhaps a `\r`).
    line_empty: bool,
    /// The request line has begun.
    started: bool,
    /// Lines ended since the request line began.
    lines: usize,
}

impl Default for HeadEnd {
    fn default() -> Self {
        HeadEnd { seen: 0, line_empty: true, started: false, lines: 0 }
    }
}

impl HeadEnd {
    /// Takes the next bytes; returns the length of the head once its end has arrived.
    fn feed(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'\n' if self.line_empty && self.started => return Some(self.seen + i + 1),
                b'\n' => {
                    self.lines += usize::from(self.started);
                    self.line_empty = true;
                }
                b'\r' => {}
                _ => {
                    self.line_empty = false;
                    self.started = true;
                }
            }
        }
        self.seen += bytes.len();
        None
    }
}

/// Parses a whole head with httparse, which is strict where it matters: tokens, no folded
/// lines, no control characters in the target.
fn parse_head(head: &[u8]) -> Result<Request, Refused> {
    let bad = |why| Err(Refused::Answer(400, why));
    let mut slots = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut slots);
    match parsed.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        Ok(httparse::Status::Partial) => return bad("an incomplete request head"),
        Err(httparse::Error::TooManyHeaders) => return Err(Refused::Answer(431, "too many headers")),
        Err(httparse::Error::Version) if other_http_version(head) => {
            return Err(Refused::Answer(505, "only HTTP/1.0 and HTTP/1.1 are served"));
        }
        Err(httparse::Error::Version) => return bad("the request line must be `METHOD TARGET HTTP/1.1`"),
        Err(httparse::Error::HeaderName | httparse::Error::HeaderValue | httparse::Error::NewLine) => {
            return bad("a malformed header line (folded lines are not accepted)");
        }
        Err(_) => return bad("the request line must be `METHOD TARGET HTTP/1.1`"),
    }
    let (Some(method), Some(target), Some(version)) = (parsed.method, parsed.path, parsed.version) else {
        return bad("an incomplete request line");
    };
    if method.len() > 32 {
        return bad("the method is not a valid token");
    }
    let headers = parsed
        .headers
        .iter()
        .map(|h| (h.name.to_string(), String::from_utf8_lossy(h.value).trim_matches([' ', '\t']).to_string()))
        .collect();
    Ok(Request { method: method.to_string(), target: target.to_string(), http11: version == 1, headers })
}

/// Whether the request line names a well-formed HTTP version other than 1.x (`HTTP/2.0`).
fn other_http_version(head: &[u8]) -> bool {
    let line = head.split(|&b| b == b'\n').find(|l| !l.iter().all(|b| *b == b'\r')).unwrap_or_default();
    let line = String::from_utf8_lossy(line);
    let parts: Vec<&str> = line.trim_end_matches('\r').split(' ').collect();
    matches!(parts[..], [_, _, version] if version.strip_prefix("HTTP/").is_some_and(|v| {
        let b = v.as_bytes();
        b.len() == 3 && b[0].is_ascii_digit() && b[1] == b'.' && b[2].is_ascii_digit() && b[0] != b'1'
    }))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        304 => "Not Modified",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        421 => "Misdirected Request",
        414 => "URI Too Long",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "Unknown",
    }
}

/// A plain-text answer.
pub(crate) fn text(status: u16, message: &str) -> Response {
    let mut response = Response::new(status, Arc::from(message.as_bytes()));
    response.set("Content-Type", "text/plain; charset=utf-8");
    response.set("Cache-Control", "no-store");
    response
}

/// Accepts connections until `stopping` is set (and the listener is woken by a connection),
/// serving each on a thread of its own with `serve`.
pub(crate) fn accept_loop(
    listener: &TcpListener,
    stopping: &AtomicBool,
    serve: impl Fn(Connection) + Clone + Send + 'static,
) {
    let open = Arc::new(AtomicUsize::new(0));
    while !stopping.load(Ordering::Relaxed) {
        let stream = match listener.accept() {
            Ok((stream, _)) => stream,
            // Out of file descriptors, a connection reset before it was accepted …: none of
            // these is a reason to stop serving. Waiting lets descriptors free up.
            Err(_) => {
                std::thread::sleep(Duration::from_millis(20));
                continue;
            }
        };
        if stopping.load(Ordering::Relaxed) {
            break;
        }
        if open.load(Ordering::Relaxed) >= MAX_CONNECTIONS {
            busy(stream);
            continue;
        }
        let slot = Slot::take(&open);
        let serve = serve.clone();
        let spawned = std::thread::Builder::new()
            .name("trailmap-conn".into())
            .stack_size(CONNECTION_STACK)
            .spawn(move || {
                let _slot = slot;
                serve(Connection::new(stream));
            });
        if spawned.is_err() {
            // No thread to be had (the stream and the slot went with the closure): wait.
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// Counts a connection while its thread lives.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Slot {
        open.fetch_add(1, Ordering::Relaxed);
        Slot(open.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Answers a connection over the limit with 503, without a thread and without waiting on it.
fn busy(stream: TcpStream) {
    const BODY: &str = "too many connections; try again\n";
    let answer = format!(
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\nRetry-After: 1\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    let _ = stream.set_nonblocking(true);
    let _ = (&stream).write(answer.as_bytes());
    let _ = stream.shutdown(Shutdown::Both);
}

/// Lets up to 1,024 connections wait to be accepted (the standard library asks for 128): when
/// many arrive together, a full queue drops the newcomers' handshakes, and each dropped one costs
/// its client a second or more before it tries again.
pub(crate) fn deepen_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: listen on a socket that is already listening only changes its queue length.
        unsafe {
            libc::listen(listener.as_raw_fd(), 1024);
        }
    }
    #[cfg(not(unix))]
    let _ = listener;
}

/// Raises the soft limit on open files to the hard one (at most 8192), as servers do: each
/// connection holds a descriptor, and desktops often start programs with a soft limit of 256
/// (macOS) or 1024 (Linux).
pub(crate) fn raise_open_file_limit() {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        // SAFETY: getrlimit and setrlimit only read and write the struct given.
        unsafe {
            if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
                return;
            }
            let wanted = limit.rlim_max.min(8192);
            if wanted > limit.rlim_cur {
                limit.rlim_cur = wanted;
                let _ = libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Request, Refused> {
        let end = HeadEnd::default().feed(text.as_bytes()).expect("a complete head");
        parse_head(&text.as_bytes()[..end])
    }

    #[test]
    fn finds_the_end_of_a_head_however_it_arrives() {
        let head = b"\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nBODY";
        for size in 1..=head.len() {
            let mut end = HeadEnd::default();
            let found = head.chunks(size).find_map(|chunk| end.feed(chunk));
            assert_eq!(found, Some(head.len() - 4), "in pieces of {size}");
        }
        assert_eq!(HeadEnd::default().feed(b"GET / HTTP/1.0\n\nx"), Some(16));
        assert_eq!(HeadEnd::default().feed(b"\n\n\r\n"), None, "empty lines before the request line");
    }

    #[test]
    fn reads_request_heads() {
        let request = parse("GET /a/?x=1 HTTP/1.1\r\nHost: x\r\nIf-None-Match:  \"t\" \r\n\r\n").unwrap();
        assert_eq!(
            (request.method.as_str(), request.target.as_str(), request.http11),
            ("GET", "/a/?x=1", true)
        );
        assert_eq!(request.header("if-none-match").collect::<Vec<_>>(), ["\"t\""]);
        let old = parse("\r\nGET / HTTP/1.0\n\n").unwrap();
        assert!(!old.http11, "bare line feeds and a leading empty line are accepted");
    }

    #[test]
    fn refuses_malformed_heads() {
        let refused = |text: &str| match parse(text) {
            Err(Refused::Answer(status, _)) => status,
            other => panic!("{text:?} was accepted: {other:?}"),
        };
        assert_eq!(refused("GET\r\n\r\n"), 400);
        assert_eq!(refused("GET / HTTP/1.1 extra\r\n\r\n"), 400);
        assert_eq!(refused("G(T / HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(refused("GET / HTTP/2.0\r\n\r\n"), 505);
        assert_eq!(refused("GET / FTP/1.0\r\n\r\n"), 400);
        assert_eq!(refused("GET /\x01 HTTP/1.1\r\n\r\n"), 400);
        assert_eq!(refused("GET / HTTP/1.1\r\nHost x\r\n\r\n"), 400);
        assert_eq!(refused("GET / HTTP/1.1\r\nHost : x\r\n\r\n"), 400);
        assert_eq!(refused("GET / HTTP/1.1\r\nA: b\r\n folded\r\n\r\n"), 400);
        let many: String = (0..=MAX_HEADERS).map(|i| format!("H{i}: v\r\n")).collect();
        assert_eq!(refused(&format!("GET / HTTP/1.1\r\n{many}\r\n")), 431);
    }

    #[test]
    fn header_values_cannot_split_an_answer() {
        let mut response = Response::new(200, Arc::from(&b""[..]));
        response.set("Location", "/a\r\nSet-Cookie: x");
        response.set("Location", "/caf\u{e9}");
        response.set("ETag", "\"x\"");
        assert_eq!(response.headers, [("ETag", "\"x\"".to_string())]);
    }

    #[test]
    fn limits_hold_on_a_real_socket() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let send = |bytes: Vec<u8>| {
            let mut client = TcpStream::connect(address).unwrap();
            client.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            let writer = std::thread::spawn(move || {
                let _ = client.write_all(&bytes);
                let _ = client.shutdown(Shutdown::Write);
                client
            });
            let (server, _) = listener.accept().unwrap();
            let result = Connection::new(server).read_request();
            drop(writer.join());
            result
        };
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(MAX_HEAD * 4));
        assert!(matches!(send(long.into_bytes()), Err(Refused::Answer(414, _))));
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "b".repeat(MAX_HEAD * 4));
        assert!(matches!(send(big.into_bytes()), Err(Refused::Answer(431, _))));
        let body = b"POST / HTTP/1.1\r\nContent-Length: 99999999999\r\n\r\n".to_vec();
        assert_eq!(send(body).map(|r| r.method), Ok("POST".to_string()), "the body is never read");
        assert_eq!(send(b"GET / HT".to_vec()), Err(Refused::Silently), "a client that goes away");
    }
}
