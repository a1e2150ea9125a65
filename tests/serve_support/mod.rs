//! Driving `trailmap serve` from outside, as a browser and an author do: the real binary, raw
//! HTTP over a socket (so that a test can send targets no HTTP library would), and a small
//! Server-Sent Events reader. Shared by `tests/serve.rs` and `benches/serve_latency.rs`.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// One snapshot helper for every integration test (tests/common).
#[path = "../common/mod.rs"]
mod common;
// The serve bench shares this file but takes no snapshots.
#[allow(unused_imports)]
pub use common::snapshot;

/// The longest a single wait may take before the test fails (a debug build on a busy machine).
pub const WAIT: Duration = Duration::from_secs(20);
/// The longest a server may take to build and start.
const STARTUP: Duration = Duration::from_secs(180);

/// A copy of a site in a temporary folder; `root` sits one level down, so that tests can put
/// files *outside* the site but inside the temporary folder.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
}

/// A fresh copy of `tests/sites/serve-basic`.
pub fn copy_site() -> Site {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/serve-basic");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    copy_folder(&fixture, &root, &[]);
    Site { dir, root }
}

/// Copies `from` into `to`; when `only` is not empty, just those top-level entries.
pub fn copy_folder(from: &Path, to: &Path, only: &[&str]) {
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("a readable fixture");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        if !only.is_empty() && top.is_some_and(|top| !only.contains(&top.as_str())) {
            continue;
        }
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// Writes a file, creating its folders.
pub fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

/// Polls `done` until it holds; fails the test after `limit`.
pub fn eventually(limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "the condition did not hold within {limit:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A running `trailmap serve`, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    lines: Receiver<String>,
    seen: Mutex<Vec<String>>,
}

impl Server {
    pub fn start(root: &Path) -> Server {
        Server::start_with(root, &["--port", "0"])
    }

    pub fn start_with(root: &Path, args: &[&str]) -> Server {
        Server::start_with_env(root, args, &[])
    }

    pub fn start_with_env(root: &Path, args: &[&str], env: &[(&str, std::ffi::OsString)]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trailmap"))
            .envs(env.iter().map(|(name, value)| (name, value)))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("trailmap serve starts");
        let (send, lines) = mpsc::channel();
        let stdout = child.stdout.take().expect("piped");
        let stderr = child.stderr.take().expect("piped");
        for stream in [Box::new(stdout) as Box<dyn Read + Send>, Box::new(stderr)] {
            let send = send.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if send.send(line).is_err() {
                        break;
                    }
                }
            });
        }
        let mut server = Server { child, port: 0, lines, seen: Mutex::new(Vec::new()) };
        // The first build of a large site (the benchmark's) may take a while.
        let line = server.wait_output_within("Serving ", STARTUP);
        let port = line
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|port| port.parse().ok());
        server.port = port.unwrap_or_else(|| panic!("no URL in {line:?}"));
        server
    }

    /// Waits for a line of the server's output (stdout or stderr) containing `needle`.
    pub fn wait_output(&self, needle: &str) -> String {
        self.wait_output_within(needle, WAIT)
    }

    pub fn wait_output_within(&self, needle: &str, limit: Duration) -> String {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(line) = seen.iter().find(|line| line.contains(needle)) {
            return line.clone();
        }
        let deadline = Instant::now() + limit;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(wait) {
                Ok(line) => {
                    seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("the server never printed {needle:?}; it printed:\n{}", seen.join("\n")),
            }
        }
    }

    /// Waits for a line printed from now on (not one already seen) containing `needle`.
    pub fn next_output(&self, needle: &str) -> String {
        let mut seen = self.seen.lock().unwrap_or_else(|e| e.into_inner());
        let deadline = Instant::now() + WAIT;
        loop {
            match self.lines.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(line) => {
                    seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => panic!("the server never printed {needle:?}; it printed:\n{}", seen.join("\n")),
            }
        }
    }

    pub fn get(&self, target: &str) -> Reply {
        self.request("GET", target, &[])
    }

    /// Sends `METHOD target` exactly as given (no normalisation) and reads the whole answer.
    pub fn request(&self, method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("the server accepts");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        let mut head = format!("{method} {target} HTTP/1.1\r\nConnection: close\r\n");
        if !headers.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
            head.push_str(&format!("Host: 127.0.0.1:{}\r\n", self.port));
        }
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap_or_else(|e| panic!("{method} {target}: {e}"));
        Reply::parse(&raw).unwrap_or_else(|| panic!("{method} {target}: unreadable answer {raw:?}"))
    }

    /// Sends a request head exactly as given and reads the whole answer.
    pub fn raw(&self, head: &str) -> Reply {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("the server accepts");
        stream.set_read_timeout(Some(WAIT)).expect("timeout");
        stream.write_all(head.as_bytes()).expect("send");
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap_or_else(|e| panic!("{head:?}: {e}"));
        Reply::parse(&raw).unwrap_or_else(|| panic!("{head:?}: unreadable answer {raw:?}"))
    }

    /// An event stream as a tab that did not say which page it shows.
    pub fn events(&self, query: &str) -> Events {
        Events::connect(self.port, query)
    }

    /// An event stream as a tab showing `path`, loaded with ETag `etag`.
    pub fn events_for(&self, path: &str, etag: &str) -> Events {
        Events::connect(self.port, &format!("path={}&etag={}", encode(path), encode(etag)))
    }

    /// Ctrl-C.
    pub fn interrupt(&self) {
        let status = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status();
        assert!(status.is_ok_and(|s| s.success()), "kill -INT failed");
    }

    pub fn wait_exit(&mut self, limit: Duration) -> ExitStatus {
        let deadline = Instant::now() + limit;
        loop {
            if let Some(status) = self.child.try_wait().expect("wait") {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit within {limit:?}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// A whole HTTP answer.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    fn parse(raw: &[u8]) -> Option<Reply> {
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
        let head = std::str::from_utf8(&raw[..split]).ok()?;
        let mut lines = head.split("\r\n");
        let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
        let headers: Vec<(String, String)> = lines
            .filter_map(|line| line.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        if headers.iter().any(|(n, v)| n == "transfer-encoding" && v.contains("chunked")) {
            body = dechunk(&body)?;
        }
        Some(Reply { status, headers, body })
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers.iter().find(|(n, _)| *n == name).map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut raw: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let end = raw.windows(2).position(|w| w == b"\r\n")?;
        let size = usize::from_str_radix(std::str::from_utf8(&raw[..end]).ok()?.trim(), 16).ok()?;
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(raw.get(end + 2..end + 2 + size)?);
        raw = raw.get(end + 2 + size + 2..)?;
    }
}

/// A Server-Sent Events stream, read on its own thread as a browser would.
pub struct Events {
    events: Receiver<Option<(String, String)>>,
    history: Arc<Mutex<Vec<String>>>,
}

impl Events {
    fn connect(port: u16, query: &str) -> Events {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
        let request = format!(
            "GET /__trailmap/events?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).expect("send");
        stream.set_read_timeout(Some(Duration::from_secs(60))).expect("timeout");
        let (send, events) = mpsc::channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stream);
            let _ = read_events(&mut reader, &send);
            let _ = send.send(None);
        });
        Events { events, history: Arc::default() }
    }

    /// The next event, if one comes within `limit`.
    pub fn try_next(&self, limit: Duration) -> Option<(String, String)> {
        match self.events.recv_timeout(limit) {
            Ok(Some(event)) => {
                self.history.lock().unwrap_or_else(|e| e.into_inner()).push(event.0.clone());
                Some(event)
            }
            Ok(None) | Err(RecvTimeoutError::Disconnected) => None,
            Err(RecvTimeoutError::Timeout) => None,
        }
    }

    /// Waits for the next event named `name` (skipping others) and returns its data.
    pub fn expect(&self, name: &str) -> String {
        self.expect_within(name, WAIT)
    }

    pub fn expect_within(&self, name: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(wait) {
                Ok(Some((event, data))) => {
                    self.history.lock().unwrap_or_else(|e| e.into_inner()).push(event.clone());
                    if event == name {
                        return data;
                    }
                }
                Ok(None) | Err(RecvTimeoutError::Disconnected) => {
                    panic!(
                        "the stream ended before a {name:?} event; saw {:?}",
                        self.history.lock().map(|h| h.clone())
                    )
                }
                Err(RecvTimeoutError::Timeout) => {
                    panic!(
                        "no {name:?} event within {limit:?}; saw {:?}",
                        self.history.lock().map(|h| h.clone())
                    )
                }
            }
        }
    }

    /// Waits for the server to end the stream.
    pub fn expect_end(&self) {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.events.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
                Ok(Some(_)) => {}
                Ok(None) | Err(RecvTimeoutError::Disconnected) => return,
                Err(RecvTimeoutError::Timeout) => panic!("the event stream did not end"),
            }
        }
    }
}

fn read_events(reader: &mut impl BufRead, send: &mpsc::Sender<Option<(String, String)>>) -> Option<()> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    assert!(line.starts_with("HTTP/1.1 200"), "the event stream was refused: {line}");
    let mut chunked = false;
    loop {
        line.clear();
        reader.read_line(&mut line).ok()?;
        let header = line.trim_end().to_ascii_lowercase();
        if header.is_empty() {
            break;
        }
        if header.starts_with("content-type:") {
            assert!(header.contains("text/event-stream"), "{header}");
        }
        chunked |= header == "transfer-encoding: chunked";
    }
    let mut pending = String::new();
    loop {
        if chunked {
            line.clear();
            reader.read_line(&mut line).ok()?;
            let size = usize::from_str_radix(line.trim(), 16).ok()?;
            if size == 0 {
                return Some(());
            }
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).ok()?;
            pending.push_str(std::str::from_utf8(&chunk[..size]).ok()?);
        } else {
            line.clear();
            if reader.read_line(&mut line).ok()? == 0 {
                return Some(());
            }
            pending.push_str(&line);
        }
        while let Some(end) = pending.find("\n\n") {
            let block: String = pending.drain(..end + 2).collect();
            let mut name = None;
            let mut data = Vec::new();
            for field in block.lines() {
                if let Some(value) = field.strip_prefix("event: ") {
                    name = Some(value.to_string());
                } else if let Some(value) = field.strip_prefix("data: ") {
                    data.push(value);
                }
            }
            if let Some(name) = name {
                send.send(Some((name, data.join("\n")))).ok()?;
            }
        }
    }
}
