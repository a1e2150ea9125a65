//! Abusing `trailmap serve` from another process over loopback, the way a hostile or broken
//! client would: many concurrent connections, slow clients that trickle bytes, malformed and
//! oversized requests, clients that vanish mid-response, path traversal attempts and many open
//! live-reload streams across rebuilds, while one well-behaved client keeps measuring how fast it
//! is answered and the server's memory (VmRSS) is sampled.
//!
//! Every loop is bounded and every socket has timeouts, so a run always ends. Shared by
//! `tests/serve_abuse.rs` (a small, fast run that asserts) and `examples/serve_abuse.rs` (the
//! full run that prints the figures).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Barrier, Mutex, mpsc};
use std::time::{Duration, Instant};

/// Written outside the site's folder; no answer may ever contain it.
pub const SECRET: &str = "TRAILMAP-ABUSE-SECRET-7d41c9";
/// How long any single read or write may block before the client gives up.
const IO_TIMEOUT: Duration = Duration::from_secs(15);

/// How hard to push.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Clients sending requests at the same time (all connected at once at the start).
    pub concurrency: usize,
    /// Requests they send in total (one in ten a traversal attempt).
    pub requests: usize,
    /// Clients that send their request a byte at a time.
    pub slow_clients: usize,
    /// Pause between two bytes of a slow client.
    pub trickle: Duration,
    /// Times every malformed request is sent.
    pub malformed_rounds: usize,
    /// Length of the oversized request line and header.
    pub oversized: usize,
    /// Clients that go away in the middle of an answer.
    pub vanishing: usize,
    /// Live-reload streams kept open across the rebuilds.
    pub streams: usize,
    /// Edits of a content file, each of which every stream must hear about.
    pub rebuilds: usize,
    /// The server's limit on open files (`RLIMIT_NOFILE`), as on a typical desktop; `None` keeps
    /// this process's.
    pub fd_limit: Option<u64>,
}

/// What a run measured.
#[derive(Debug, Default)]
pub struct Report {
    pub requests_sent: usize,
    /// Answers by status code (load, traversal and slow clients).
    pub statuses: BTreeMap<u16, usize>,
    /// Requests of the load that got no complete answer.
    pub failed: usize,
    pub failures: Vec<String>,
    pub traversal_attempts: usize,
    /// Answers that held something from outside the site, or a traversal answered 200.
    pub leaks: Vec<String>,
    pub peak_open_connections: usize,
    pub load_time: Duration,
    pub slow_answered: usize,
    pub slow_abandoned: usize,
    /// Malformed requests: first line of the answer (or what happened instead), and how often.
    pub malformed: BTreeMap<String, usize>,
    pub vanished: usize,
    pub streams_opened: usize,
    /// Reload events each stream saw (the fewest and the most).
    pub stream_reloads: (usize, usize),
    pub rebuilds_done: usize,
    /// From an edit to the last stream hearing of it.
    pub reload_delays: Vec<Duration>,
    /// The well-behaved client: latencies of its requests, and how many failed.
    pub normal: Vec<Duration>,
    pub normal_failed: usize,
    pub memory_before_kb: u64,
    pub memory_peak_kb: u64,
    pub memory_after_kb: u64,
    pub threads_peak: u64,
    pub threads_after: u64,
    /// The server still answers after the run, and printed no panic.
    pub alive_after: bool,
    pub server_output: Vec<String>,
    pub elapsed: Duration,
}

impl Report {
    pub fn normal_percentile(&self, p: f64) -> Duration {
        let mut sorted = self.normal.clone();
        sorted.sort();
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let index = ((sorted.len() - 1) as f64 * p).round() as usize;
        sorted[index]
    }

    pub fn print(&self, plan: &Plan) {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        println!("trailmap serve under abuse ({:.1} s)", self.elapsed.as_secs_f64());
        println!(
            "  load: {} requests from {} concurrent clients in {:.1} s ({:.0}/s), {} failed; peak {} connections open at once",
            self.requests_sent,
            plan.concurrency,
            self.load_time.as_secs_f64(),
            self.requests_sent as f64 / self.load_time.as_secs_f64().max(0.001),
            self.failed,
            self.peak_open_connections
        );
        println!("  answers by status: {:?}", self.statuses);
        println!(
            "  traversal: {} attempts, {} answered with anything from outside the site",
            self.traversal_attempts,
            self.leaks.len()
        );
        println!(
            "  slow clients ({} ms per byte): {} answered, {} gave up halfway",
            plan.trickle.as_millis(),
            self.slow_answered,
            self.slow_abandoned
        );
        println!("  malformed and oversized ({} bytes) requests:", plan.oversized);
        for (what, n) in &self.malformed {
            println!("    {n:>5} × {what}");
        }
        println!("  vanished mid-answer: {}", self.vanished);
        println!(
            "  live reload: {} streams, {} rebuilds; each stream heard {}..{} reloads; edit → last stream: {}",
            self.streams_opened,
            self.rebuilds_done,
            self.stream_reloads.0,
            self.stream_reloads.1,
            self.reload_delays.iter().map(|d| ms(*d)).collect::<Vec<_>>().join(", ")
        );
        println!(
            "  normal client: {} requests, {} failed; latency median {}, p90 {}, p99 {}, max {}",
            self.normal.len(),
            self.normal_failed,
            ms(self.normal_percentile(0.5)),
            ms(self.normal_percentile(0.9)),
            ms(self.normal_percentile(0.99)),
            ms(self.normal_percentile(1.0))
        );
        println!(
            "  server memory (VmRSS): before {:.1} MiB, peak {:.1} MiB, after {:.1} MiB; threads peak {}, after {}",
            self.memory_before_kb as f64 / 1024.0,
            self.memory_peak_kb as f64 / 1024.0,
            self.memory_after_kb as f64 / 1024.0,
            self.threads_peak,
            self.threads_after
        );
        println!("  server alive and answering afterwards: {}", self.alive_after);
    }
}

/// A copy of a site in a temporary folder, with secret files beside it.
pub struct Site {
    pub dir: tempfile::TempDir,
    pub root: PathBuf,
    /// The skill the rebuilds edit.
    pub edited: PathBuf,
}

/// Copies `only` (or everything) of `from` into a fresh folder and plants the secrets.
pub fn prepare(from: &Path, only: &[&str]) -> Site {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let root = dir.path().join("site");
    for entry in walkdir::WalkDir::new(from).sort_by_file_name() {
        let entry = entry.expect("a readable site");
        let rel = entry.path().strip_prefix(from).expect("inside");
        let top = rel.components().next().map(|c| c.as_os_str().to_string_lossy().into_owned());
        if !only.is_empty() && top.is_some_and(|top| !only.contains(&top.as_str())) {
            continue;
        }
        let target = root.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
    std::fs::write(dir.path().join("secret.txt"), format!("{SECRET}\n")).expect("write the secret");
    std::fs::create_dir_all(dir.path().join("outside")).expect("mkdir");
    std::fs::write(dir.path().join("outside/secret.html"), format!("<p>{SECRET}</p>\n")).expect("write");
    // No symlink leading to them is planted: such a link fails the build in `serve` as in `build`
    // (tests/symlinks.rs, tests/serve.rs), so the abuse runs on a site that builds and the
    // requests for `/leak.txt` and `/outside/…` try to reach the secrets by other ways.
    std::fs::create_dir_all(root.join("static")).expect("mkdir");
    let edited = walkdir::WalkDir::new(root.join("content"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .find(|p| {
            p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md") && !p.ends_with("faq.md")
        })
        .expect("the site has a skill");
    Site { dir, root, edited }
}

/// `trailmap serve` as a child process, killed when dropped.
pub struct Server {
    child: Child,
    pub port: u16,
    output: Arc<Mutex<Vec<String>>>,
}

impl Server {
    pub fn start(binary: &Path, root: &Path, fd_limit: Option<u64>) -> Server {
        let mut command = Command::new(binary);
        command
            .args(["serve", "--port", "0", "--bind", "127.0.0.1", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        #[cfg(unix)]
        if let Some(limit) = fd_limit {
            use std::os::unix::process::CommandExt;
            // SAFETY: setrlimit is async-signal-safe and touches only the child's own limits.
            unsafe {
                command.pre_exec(move || {
                    let rlimit =
                        libc::rlimit { rlim_cur: limit as libc::rlim_t, rlim_max: limit as libc::rlim_t };
                    if libc::setrlimit(libc::RLIMIT_NOFILE, &rlimit) == 0 {
                        Ok(())
                    } else {
                        Err(std::io::Error::last_os_error())
                    }
                });
            }
        }
        let mut child = command.spawn().expect("trailmap serve starts");
        let output = Arc::new(Mutex::new(Vec::new()));
        let (port_tx, port_rx) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().expect("piped")) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().expect("piped")),
        ] {
            let (output, port_tx) = (output.clone(), port_tx.clone());
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    if let Some(port) = line
                        .split("http://127.0.0.1:")
                        .nth(1)
                        .and_then(|rest| rest.split('/').next())
                        .and_then(|p| p.parse::<u16>().ok())
                        .filter(|_| line.starts_with("Serving "))
                    {
                        let _ = port_tx.send(port);
                    }
                    output.lock().unwrap_or_else(|e| e.into_inner()).push(line);
                }
            });
        }
        let port = port_rx.recv_timeout(Duration::from_secs(180)).unwrap_or_else(|_| {
            let _ = child.kill();
            panic!("the server did not start: {:?}", output.lock().map(|o| o.clone()))
        });
        Server { child, port, output }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn output(&self) -> Vec<String> {
        self.output.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    pub fn exited(&mut self) -> bool {
        !matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The CPU time a process has used so far (user and system), from `/proc/PID/stat`.
pub fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name (which may hold spaces) in parentheses.
    let after = stat.rsplit_once(')').map_or("", |(_, rest)| rest);
    let fields: Vec<u64> = after.split_whitespace().map(|f| f.parse().unwrap_or(0)).collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    let ticks = fields.get(11).copied().unwrap_or(0) + fields.get(12).copied().unwrap_or(0);
    // SAFETY: sysconf only reads a system constant.
    let per_second = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as u64;
    Duration::from_millis(ticks * 1000 / per_second)
}

/// `VmRSS` and `Threads` of a process, from `/proc` (zero where there is none).
pub fn memory_and_threads(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("Threads:"))
}

/// An answer as read off the socket.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: Vec<u8>,
    pub complete: bool,
}

fn connect(port: u16) -> std::io::Result<TcpStream> {
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let stream = TcpStream::connect_timeout(&address, IO_TIMEOUT)?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    stream.set_write_timeout(Some(IO_TIMEOUT))?;
    Ok(stream)
}

fn request_bytes(port: u16, target: &str) -> Vec<u8> {
    format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n").into_bytes()
}

/// Sends `raw` on `stream` and reads the answer to its end.
fn exchange(mut stream: TcpStream, raw: &[u8]) -> std::io::Result<Reply> {
    stream.write_all(raw)?;
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes)?;
    parse(&bytes).ok_or_else(|| {
        std::io::Error::new(ErrorKind::InvalidData, format!("not HTTP: {:?}", first_line(&bytes)))
    })
}

pub fn get(port: u16, target: &str) -> std::io::Result<Reply> {
    exchange(connect(port)?, &request_bytes(port, target))
}

fn first_line(bytes: &[u8]) -> String {
    let end = bytes.windows(2).position(|w| w == b"\r\n").unwrap_or(bytes.len().min(80));
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// A status line, headers and a body whose length matches `Content-Length`.
fn parse(bytes: &[u8]) -> Option<Reply> {
    let split = bytes.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&bytes[..split]).ok()?;
    let status = head.split(' ').nth(1)?.parse().ok()?;
    let body = bytes[split + 4..].to_vec();
    let length = head
        .lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse::<usize>().ok());
    let complete = length.is_none_or(|n| n == body.len());
    Some(Reply { status, body, complete })
}

/// Targets that try to leave the site; every one must be refused (400) or not found (404).
pub const TRAVERSALS: &[&str] = &[
    "/../secret.txt",
    "/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/..%2f..%2fsecret.txt",
    "/.%2e/.%2e/secret.txt",
    "/..\\..\\secret.txt",
    "/%5c..%5csecret.txt",
    "//secret.txt",
    "/static/../../secret.txt",
    "/leak.txt",
    "/outside/secret.html",
    "/outside/../secret.txt",
    "/leak.txt%00.html",
    "/../../../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "http://127.0.0.1/../../secret.txt",
    "http://attacker.example/secret.txt",
    "/..%c0%afsecret.txt",
    "/%252e%252e/secret.txt",
];

/// What a well-formed but odd, malformed or oversized request looks like on the wire, naming the
/// server's own address as its host (so that it is the request's form that is tested, not the
/// host check).
pub fn malformed_requests(oversized: usize, port: u16) -> Vec<(&'static str, Vec<u8>)> {
    let host = format!("Host: 127.0.0.1:{port}\r\n");
    odd_requests(oversized)
        .into_iter()
        .map(|(what, bytes)| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match (text.contains("Host: x\r\n"), std::str::from_utf8(&bytes).is_ok()) {
                (true, true) => (what, text.replacen("Host: x\r\n", &host, 1).into_bytes()),
                _ => (what, bytes),
            }
        })
        .collect()
}

fn odd_requests(oversized: usize) -> Vec<(&'static str, Vec<u8>)> {
    let mut many_headers = b"GET / HTTP/1.1\r\nHost: x\r\n".to_vec();
    for i in 0..oversized / 32 {
        many_headers.extend_from_slice(format!("X-Header-{i}: {}\r\n", "v".repeat(16)).as_bytes());
    }
    many_headers.extend_from_slice(b"\r\n");
    vec![
        ("garbage bytes", b"\x00\x01\x02\xff\xfe\r\n\r\n".to_vec()),
        ("no target", b"GET\r\n\r\n".to_vec()),
        ("unknown version", b"GET / HTTP/9.9\r\nHost: x\r\n\r\n".to_vec()),
        ("lowercase method", b"get / HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("POST with a body", b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello".to_vec()),
        ("DELETE", b"DELETE /index.html HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("OPTIONS *", b"OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("CONNECT", b"CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("header without a colon", b"GET / HTTP/1.1\r\nHost x\r\n\r\n".to_vec()),
        ("non-ASCII header", b"GET / HTTP/1.1\r\nHost: \xff\xfe\r\n\r\n".to_vec()),
        ("bare LF line ends", b"GET / HTTP/1.1\nHost: x\n\n".to_vec()),
        ("NUL in the target", b"GET /index.html\x00.txt HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("CRLF injection in the target", b"GET /a%0d%0aSet-Cookie:x HTTP/1.1\r\nHost: x\r\n\r\n".to_vec()),
        ("unknown Expect", b"GET / HTTP/1.1\r\nHost: x\r\nExpect: the-unexpected\r\n\r\n".to_vec()),
        ("huge Content-Length", b"GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n".to_vec()),
        (
            "bad chunked body",
            b"GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n".to_vec(),
        ),
        (
            "three pipelined requests",
            [request_bytes(1, "/"), request_bytes(1, "/style.css"), request_bytes(1, "/")].concat(),
        ),
        ("HTTP/1.0", b"GET / HTTP/1.0\r\n\r\n".to_vec()),
        (
            "oversized request line",
            format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(oversized)).into_bytes(),
        ),
        (
            "oversized header",
            format!("GET / HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "b".repeat(oversized)).into_bytes(),
        ),
        ("many headers", many_headers),
        (
            "oversized query",
            format!("GET /?{} HTTP/1.1\r\nHost: x\r\n\r\n", "q=1&".repeat(oversized / 4)).into_bytes(),
        ),
        (
            "oversized event-stream query",
            format!(
                "GET /__trailmap/events?path={} HTTP/1.1\r\nHost: x\r\n\r\n",
                "%2F".repeat(oversized / 3)
            )
            .into_bytes(),
        ),
    ]
}

/// Runs the whole plan against a running server.
pub fn run(server: &mut Server, site: &Site, plan: &Plan) -> Report {
    let started = Instant::now();
    let port = server.port;
    let pid = server.pid();

    // The pages and files of the site, from its own sitemap, plus assets every page loads.
    let sitemap = get(port, "/sitemap.xml").expect("the sitemap is served");
    let sitemap = String::from_utf8_lossy(&sitemap.body).into_owned();
    let mut paths: Vec<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .filter_map(|url| {
            url.split_once("://").and_then(|(_, rest)| rest.find('/').map(|i| rest[i..].to_string()))
        })
        .map(|p| p.replace("&amp;", "&"))
        .collect();
    paths.extend(
        [
            "/style.css",
            "/search-index.js",
            "/roadmap.json",
            "/mindmap.svg",
            "/__trailmap/live.js",
            "/sitemap.xml",
        ]
        .map(String::from),
    );
    // Unicode paths (a CJK id) travel percent-encoded, as a browser sends them.
    let paths: Arc<Vec<String>> = Arc::new(paths.iter().map(|p| encode_path(p)).collect());
    assert!(paths.len() > 6, "the sitemap lists pages");

    // Idle memory, once the server has settled.
    std::thread::sleep(Duration::from_millis(500));
    let memory_before_kb = memory_and_threads(pid).0;

    let done = Arc::new(AtomicBool::new(false));
    let peak = Arc::new(Mutex::new((0u64, 0u64)));
    let sampler = {
        let (done, peak) = (done.clone(), peak.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                let (rss, threads) = memory_and_threads(pid);
                let mut peak = peak.lock().unwrap_or_else(|e| e.into_inner());
                peak.0 = peak.0.max(rss);
                peak.1 = peak.1.max(threads);
                drop(peak);
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };

    // The well-behaved client: one request every 50 ms for as long as the abuse lasts.
    let normal = {
        let done = done.clone();
        std::thread::spawn(move || {
            let mut latencies = Vec::new();
            let mut failed = Vec::new();
            while !done.load(Ordering::Relaxed) {
                let start = Instant::now();
                match get(port, "/") {
                    Ok(reply) if reply.status == 200 && reply.complete => latencies.push(start.elapsed()),
                    Ok(reply) => failed.push(format!("status {} complete {}", reply.status, reply.complete)),
                    Err(error) => failed.push(error.to_string()),
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            (latencies, failed)
        })
    };

    // Live-reload streams, then the rebuilds they must hear about.
    let streams_stop = Arc::new(AtomicBool::new(false));
    let reloads: Arc<Vec<AtomicUsize>> = Arc::new((0..plan.streams).map(|_| AtomicUsize::new(0)).collect());
    let opened = Arc::new(AtomicUsize::new(0));
    let stream_threads: Vec<_> = (0..plan.streams)
        .map(|i| {
            let (stop, reloads, opened) = (streams_stop.clone(), reloads.clone(), opened.clone());
            std::thread::spawn(move || event_stream(port, &stop, &reloads[i], &opened))
        })
        .collect();

    let rebuilder = {
        let (reloads, opened, edited) = (reloads.clone(), opened.clone(), site.edited.clone());
        let (streams, rebuilds) = (plan.streams, plan.rebuilds);
        std::thread::spawn(move || rebuild(&edited, streams, rebuilds, &reloads, &opened))
    };

    // The abuse itself, all at once.
    let report_lock = Arc::new(Mutex::new(Report::default()));
    let slow = spawn_slow_clients(port, plan, paths.clone(), report_lock.clone());
    let malformed = spawn_malformed(port, plan, report_lock.clone());
    let vanishing = spawn_vanishing(port, plan, report_lock.clone());
    let load_started = Instant::now();
    load(port, plan, paths.clone(), report_lock.clone());
    let load_time = load_started.elapsed();
    for handle in slow.into_iter().chain(malformed).chain(vanishing) {
        let _ = handle.join();
    }
    let (rebuilds_done, delays) = rebuilder.join().unwrap_or_default();
    streams_stop.store(true, Ordering::Relaxed);
    for handle in stream_threads {
        let _ = handle.join();
    }
    done.store(true, Ordering::Relaxed);
    let (latencies, normal_failures) = normal.join().unwrap_or_default();
    let _ = sampler.join();

    // Memory once the clients are gone and their connections' threads have ended.
    std::thread::sleep(Duration::from_secs(2));
    let (after, threads_after) = memory_and_threads(pid);

    let mut shared = std::mem::take(&mut *report_lock.lock().unwrap_or_else(|e| e.into_inner()));
    shared.load_time = load_time;
    shared.rebuilds_done = rebuilds_done;
    shared.reload_delays = delays;
    shared.streams_opened = opened.load(Ordering::Relaxed);
    let counts: Vec<usize> = reloads.iter().map(|r| r.load(Ordering::Relaxed)).collect();
    shared.stream_reloads =
        (counts.iter().copied().min().unwrap_or(0), counts.iter().copied().max().unwrap_or(0));
    shared.normal = latencies;
    shared.normal_failed = normal_failures.len();
    shared.failures.extend(normal_failures.into_iter().take(5).map(|f| format!("normal client: {f}")));
    shared.memory_before_kb = memory_before_kb;
    let peak = *peak.lock().unwrap_or_else(|e| e.into_inner());
    shared.memory_peak_kb = peak.0.max(after);
    shared.threads_peak = peak.1;
    shared.memory_after_kb = after;
    shared.threads_after = threads_after;
    shared.alive_after = !server.exited()
        && get(port, "/").is_ok_and(|r| r.status == 200 && r.complete)
        && get(port, "/style.css").is_ok_and(|r| r.status == 200 && r.complete);
    shared.server_output = server.output();
    shared.elapsed = started.elapsed();
    shared
}

/// Percent-encodes what is not plain ASCII in a path, as browsers do.
fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for &byte in path.as_bytes() {
        if byte.is_ascii_graphic() {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The load: `concurrency` clients connect first, all at once, then share `requests` between
/// them; one request in ten is a traversal attempt.
fn load(port: u16, plan: &Plan, paths: Arc<Vec<String>>, report: Arc<Mutex<Report>>) {
    let barrier = Arc::new(Barrier::new(plan.concurrency));
    let next = Arc::new(AtomicUsize::new(0));
    let open = Arc::new(AtomicUsize::new(0));
    let peak_open = Arc::new(AtomicUsize::new(0));
    let total = plan.requests;
    let threads: Vec<_> = (0..plan.concurrency)
        .map(|_| {
            let (barrier, next, paths, report, open, peak_open) = (
                barrier.clone(),
                next.clone(),
                paths.clone(),
                report.clone(),
                open.clone(),
                peak_open.clone(),
            );
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || {
                    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
                    let (mut sent, mut failed, mut traversals) = (0, 0, 0);
                    let mut failures = Vec::new();
                    let mut leaks = Vec::new();
                    // The first connection is opened before the barrier: every client is
                    // connected at the same moment.
                    let mut first = connect(port).ok();
                    if first.is_some() {
                        let now = open.fetch_add(1, Ordering::Relaxed) + 1;
                        peak_open.fetch_max(now, Ordering::Relaxed);
                    }
                    barrier.wait();
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= total {
                            break;
                        }
                        let traversal = n % 10 == 9;
                        let target = if traversal {
                            TRAVERSALS[(n / 10) % TRAVERSALS.len()].to_string()
                        } else {
                            paths[n % paths.len()].clone()
                        };
                        let stream = match first.take() {
                            Some(stream) => Ok(stream),
                            None => connect(port).inspect(|_| {
                                let now = open.fetch_add(1, Ordering::Relaxed) + 1;
                                peak_open.fetch_max(now, Ordering::Relaxed);
                            }),
                        };
                        let result = stream.and_then(|s| {
                            let r = exchange(s, &request_bytes(port, &target));
                            open.fetch_sub(1, Ordering::Relaxed);
                            r
                        });
                        sent += 1;
                        traversals += usize::from(traversal);
                        match result {
                            Ok(reply) => {
                                *statuses.entry(reply.status).or_default() += 1;
                                if reply.body.windows(SECRET.len()).any(|w| w == SECRET.as_bytes())
                                    || reply.body.windows(11).any(|w| w == b"root:x:0:0:")
                                {
                                    leaks.push(format!(
                                        "{target}: the answer holds a file from outside the site"
                                    ));
                                }
                                if traversal && !matches!(reply.status, 400 | 404 | 421) {
                                    leaks.push(format!("{target}: answered {}", reply.status));
                                }
                                if !traversal && (reply.status != 200 || !reply.complete) {
                                    failed += 1;
                                    failures.push(format!(
                                        "{target}: {} (complete: {})",
                                        reply.status, reply.complete
                                    ));
                                }
                            }
                            Err(error) => {
                                failed += 1;
                                failures.push(format!("{target}: {error}"));
                            }
                        }
                    }
                    let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
                    report.requests_sent += sent;
                    report.failed += failed;
                    report.traversal_attempts += traversals;
                    for (status, n) in statuses {
                        *report.statuses.entry(status).or_default() += n;
                    }
                    report.failures.extend(failures.into_iter().take(3));
                    report.leaks.extend(leaks);
                    report.peak_open_connections =
                        report.peak_open_connections.max(peak_open.load(Ordering::Relaxed));
                })
                .expect("a client thread")
        })
        .collect();
    for thread in threads {
        let _ = thread.join();
    }
    let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
    report.peak_open_connections = report.peak_open_connections.max(peak_open.load(Ordering::Relaxed));
}

/// Clients that send their request a byte at a time; every other one stops halfway and then
/// goes away.
fn spawn_slow_clients(
    port: u16,
    plan: &Plan,
    paths: Arc<Vec<String>>,
    report: Arc<Mutex<Report>>,
) -> Vec<std::thread::JoinHandle<()>> {
    (0..plan.slow_clients)
        .map(|i| {
            let (paths, report, trickle) = (paths.clone(), report.clone(), plan.trickle);
            std::thread::spawn(move || {
                let target = &paths[i % paths.len()];
                let raw = request_bytes(port, target);
                let abandon = i % 2 == 1;
                let Ok(mut stream) = connect(port) else { return };
                let upto = if abandon { raw.len() / 2 } else { raw.len() };
                for byte in &raw[..upto] {
                    if stream.write_all(std::slice::from_ref(byte)).is_err() {
                        break;
                    }
                    std::thread::sleep(trickle);
                }
                if abandon {
                    report.lock().unwrap_or_else(|e| e.into_inner()).slow_abandoned += 1;
                    return;
                }
                let mut bytes = Vec::new();
                let _ = stream.read_to_end(&mut bytes);
                let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
                match parse(&bytes) {
                    Some(reply) if reply.status == 200 && reply.complete => report.slow_answered += 1,
                    other => {
                        report.failures.push(format!("slow client {target}: {:?}", other.map(|r| r.status)))
                    }
                }
            })
        })
        .collect()
}

/// Every malformed request, `malformed_rounds` times, from a few clients in parallel.
fn spawn_malformed(port: u16, plan: &Plan, report: Arc<Mutex<Report>>) -> Vec<std::thread::JoinHandle<()>> {
    let requests = Arc::new(malformed_requests(plan.oversized, port));
    (0..4)
        .map(|worker| {
            let (requests, report, rounds) = (requests.clone(), report.clone(), plan.malformed_rounds);
            std::thread::spawn(move || {
                for round in 0..rounds {
                    for (i, (name, raw)) in requests.iter().enumerate() {
                        if (round * requests.len() + i) % 4 != worker {
                            continue;
                        }
                        let outcome = match connect(port) {
                            Err(error) => format!("connect failed: {}", error.kind()),
                            Ok(mut stream) => {
                                // The server may answer (and close) before it has read it all.
                                let wrote = stream.write_all(raw);
                                let _ = stream.shutdown(std::net::Shutdown::Write);
                                let mut bytes = Vec::new();
                                match (stream.read_to_end(&mut bytes), wrote) {
                                    (Err(e), _)
                                        if matches!(
                                            e.kind(),
                                            ErrorKind::WouldBlock | ErrorKind::TimedOut
                                        ) =>
                                    {
                                        "no answer within the timeout".to_string()
                                    }
                                    _ if bytes.is_empty() => "closed without an answer".to_string(),
                                    _ => first_line(&bytes).split(' ').take(2).collect::<Vec<_>>().join(" "),
                                }
                            }
                        };
                        let mut report = report.lock().unwrap_or_else(|e| e.into_inner());
                        *report.malformed.entry(format!("{name}: {outcome}")).or_default() += 1;
                    }
                }
            })
        })
        .collect()
}

/// Clients that ask for the biggest files and go away after a few bytes (some with a reset).
fn spawn_vanishing(port: u16, plan: &Plan, report: Arc<Mutex<Report>>) -> Vec<std::thread::JoinHandle<()>> {
    let per = plan.vanishing.div_ceil(4);
    (0..4)
        .map(|worker| {
            let report = report.clone();
            std::thread::spawn(move || {
                let targets = ["/roadmap.json", "/search-index.js", "/", "/mindmap.svg"];
                for i in 0..per {
                    let Ok(mut stream) = connect(port) else { continue };
                    if stream.write_all(&request_bytes(port, targets[(i + worker) % targets.len()])).is_err()
                    {
                        continue;
                    }
                    match i % 3 {
                        0 => {}
                        1 => {
                            let mut some = [0u8; 512];
                            let _ = stream.read(&mut some);
                        }
                        _ => {
                            let mut some = [0u8; 4096];
                            let _ = stream.read(&mut some);
                            set_linger_zero(&stream);
                        }
                    }
                    drop(stream);
                    report.lock().unwrap_or_else(|e| e.into_inner()).vanished += 1;
                }
            })
        })
        .collect()
}

/// Closing with SO_LINGER 0 sends a reset instead of a polite FIN.
fn set_linger_zero(stream: &TcpStream) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        let linger = libc::linger { l_onoff: 1, l_linger: 0 };
        // SAFETY: a valid socket and a correctly sized option value.
        unsafe {
            libc::setsockopt(
                stream.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_LINGER,
                (&linger as *const libc::linger).cast(),
                std::mem::size_of::<libc::linger>() as libc::socklen_t,
            );
        }
    }
}

/// One open live-reload stream, counting `reload` events until told to stop.
fn event_stream(port: u16, stop: &AtomicBool, reloads: &AtomicUsize, opened: &AtomicUsize) {
    let Ok(mut stream) = connect(port) else { return };
    let request = format!(
        "GET /__trailmap/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
    );
    if stream.write_all(request.as_bytes()).is_err() {
        return;
    }
    let _ = stream.set_read_timeout(Some(Duration::from_millis(200)));
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let deadline = Instant::now() + Duration::from_secs(600);
    let mut counted_open = false;
    while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {
                if line.starts_with("HTTP/1.1 200") && !counted_open {
                    counted_open = true;
                    opened.fetch_add(1, Ordering::Relaxed);
                }
                if line.trim_end() == "event: reload" {
                    reloads.fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => break,
        }
    }
}

/// Edits a skill `rebuilds` times while the abuse runs; after each edit, waits until every open
/// stream has heard a reload. Returns how many rebuilds happened and how long each took to reach
/// the last stream.
fn rebuild(
    edited: &Path,
    streams: usize,
    rebuilds: usize,
    reloads: &[AtomicUsize],
    opened: &AtomicUsize,
) -> (usize, Vec<Duration>) {
    let wait_until = |limit: Duration, done: &dyn Fn() -> bool| {
        let deadline = Instant::now() + limit;
        while !done() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        done()
    };
    wait_until(Duration::from_secs(30), &|| opened.load(Ordering::Relaxed) >= streams);
    let original = std::fs::read_to_string(edited).unwrap_or_default();
    let mut delays = Vec::new();
    for r in 0..rebuilds {
        // Spread the edits over the abuse.
        std::thread::sleep(Duration::from_millis(300));
        let start = Instant::now();
        if std::fs::write(edited, format!("{original}\n\nEdit number {r} during the abuse.\n")).is_err() {
            break;
        }
        let heard = wait_until(Duration::from_secs(60), &|| {
            reloads.iter().all(|count| count.load(Ordering::Relaxed) > r)
        });
        if !heard {
            break;
        }
        delays.push(start.elapsed());
    }
    // A quick update of a page is followed by the rebuild of the rest of the site once edits
    // pause: let that reach every stream too before they are counted.
    let heard = || reloads.iter().map(|count| count.load(Ordering::Relaxed)).sum::<usize>();
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut before = heard();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(1500));
        let now = heard();
        if now == before {
            break;
        }
        before = now;
    }
    (delays.len(), delays)
}
