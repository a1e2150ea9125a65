//! `trailmap serve` under load and abuse, from another process on loopback: a small, fast version
//! of `examples/serve_abuse.rs` (see `tests/abuse/mod.rs` for what each client does) that
//! asserts the server keeps answering, never serves a file from outside the site, delivers every
//! reload to every open tab and keeps its memory bounded.

mod abuse;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

fn site() -> abuse::Site {
    abuse::prepare(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/serve-basic"), &[])
}

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_trailmap"))
}

#[test]
fn the_server_survives_abuse_and_keeps_answering() {
    let site = site();
    let plan = abuse::Plan {
        concurrency: 100,
        requests: 3_000,
        slow_clients: 10,
        trickle: Duration::from_millis(20),
        malformed_rounds: 1,
        oversized: 256 * 1024,
        vanishing: 40,
        streams: 20,
        rebuilds: 2,
        // A typical desktop's limit: the server must not run out of descriptors at this load.
        fd_limit: Some(1024),
    };
    let mut server = abuse::Server::start(binary(), &site.root, plan.fd_limit);
    let report = abuse::run(&mut server, &site, &plan);
    report.print(&plan);

    assert!(report.alive_after, "the server stopped answering: {:?}", report.server_output);
    assert!(
        !report.server_output.iter().any(|line| line.contains("panicked")),
        "the server panicked: {:?}",
        report.server_output
    );
    assert!(report.leaks.is_empty(), "served from outside the site: {:?}", report.leaks);
    assert_eq!(report.requests_sent, plan.requests);
    assert_eq!(report.traversal_attempts, plan.requests / 10);
    assert_eq!(report.failed, 0, "requests of the load failed: {:?}", report.failures);
    assert_eq!(report.peak_open_connections, plan.concurrency, "every client was connected at once");
    assert_eq!(
        report.slow_answered,
        plan.slow_clients / 2,
        "slow clients are answered: {:?}",
        report.failures
    );
    assert_eq!(report.normal_failed, 0, "the normal client failed: {:?}", report.failures);
    assert!(!report.normal.is_empty());
    assert!(
        report.normal_percentile(1.0) < Duration::from_secs(5),
        "the normal client waited {:?}",
        report.normal_percentile(1.0)
    );
    // Every malformed request is refused with a status (or answered, where HTTP allows it);
    // none leaves the client without an answer.
    for what in report.malformed.keys() {
        assert!(what.contains("HTTP/1.1 "), "{what}");
        assert!(!what.contains("HTTP/1.1 5") || what.contains("505"), "{what}");
    }
    assert_eq!(report.streams_opened, plan.streams);
    assert_eq!(report.rebuilds_done, plan.rebuilds);
    // Every stream hears every reload: the same count on each. An edit of a page's text is
    // announced twice, the page at once (a quick update) and the rest of the site when edits
    // pause, so each edit makes one or two, never more.
    let (fewest, most) = report.stream_reloads;
    assert_eq!(fewest, most, "every stream hears every reload");
    assert!(
        (plan.rebuilds..=2 * plan.rebuilds).contains(&fewest),
        "{fewest} reloads for {} edits",
        plan.rebuilds
    );
    // Bounded memory: a debug build idles at about 20 MiB.
    let mib = |kb: u64| kb / 1024;
    assert!(
        mib(report.memory_peak_kb) < mib(report.memory_before_kb) + 200,
        "peak {} MiB",
        mib(report.memory_peak_kb)
    );
    assert!(
        mib(report.memory_after_kb) < mib(report.memory_before_kb) + 100,
        "after {} MiB",
        mib(report.memory_after_kb)
    );
}

/// A request that announces a body of 99,999,999,999 bytes once made the server allocate all of
/// it (and abort); one that announced a large body and never sent it held a request thread for
/// good. Neither may cost more than the request head.
#[test]
fn an_announced_body_is_never_read_or_allocated() {
    let site = site();
    let mut server = abuse::Server::start(binary(), &site.root, None);
    for length in ["99999999999", "18446744073709551615", "1048576"] {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).expect("connect");
        stream.set_read_timeout(Some(Duration::from_secs(20))).expect("timeout");
        let head = format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: {length}\r\n\r\nonly a little",
            server.port
        );
        stream.write_all(head.as_bytes()).expect("send");
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        assert!(
            answer.starts_with(b"HTTP/1.1 200 OK\r\n"),
            "{length}: {:?}",
            String::from_utf8_lossy(&answer[..answer.len().min(80)])
        );
    }
    assert!(!server.exited(), "the server is still running");
    let reply = abuse::get(server.port, "/").expect("still answering");
    assert_eq!(reply.status, 200);
}

/// Connections past the limit of open files wait for a descriptor instead of stopping the
/// server from accepting (the server it replaced stopped accepting for good).
#[test]
fn running_out_of_file_descriptors_is_survived() {
    let site = site();
    // Few descriptors: the watcher, the listener and a few dozen connections.
    let mut server = abuse::Server::start(binary(), &site.root, Some(64));
    let hogs: Vec<TcpStream> =
        (0..120).filter_map(|_| TcpStream::connect(("127.0.0.1", server.port)).ok()).collect();
    std::thread::sleep(Duration::from_millis(300));
    drop(hogs);
    let mut answered = 0;
    for _ in 0..50 {
        if abuse::get(server.port, "/").is_ok_and(|r| r.status == 200) {
            answered += 1;
        }
    }
    assert!(!server.exited());
    assert_eq!(answered, 50, "after the descriptors are back, every request is answered");
}

/// A client that sends its request head a byte at a time (or only ever empty lines) once made the
/// server rescan everything it had received after every read: one such client used a whole core.
/// Reading a head is now linear in its bytes, so 32 of them cost the server next to nothing.
#[test]
fn dripping_clients_cost_almost_no_cpu() {
    let site = site();
    let server = abuse::Server::start(binary(), &site.root, None);
    let before = abuse::cpu_time(server.pid());
    let port = server.port;
    let clients: Vec<_> = (0..32)
        .map(|n| {
            std::thread::spawn(move || {
                let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
                stream.set_nodelay(true).expect("nodelay");
                // Half send only empty lines, half a head whose header value never ends; both
                // stop short of the 16 KiB limit, a few bytes at a time.
                let piece: &[u8] =
                    if n % 2 == 0 { b"\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n\n" } else { b"aaaaaaaaaaaaaaaa" };
                if n % 2 == 1 {
                    stream.write_all(b"GET / HTTP/1.1\r\nX-Slow: ").expect("send");
                }
                for _ in 0..(15 * 1024 / piece.len()) {
                    if stream.write_all(piece).is_err() {
                        break;
                    }
                    std::thread::sleep(Duration::from_millis(1));
                }
            })
        })
        .collect();
    for client in clients {
        client.join().expect("client");
    }
    let used = abuse::cpu_time(server.pid()) - before;
    eprintln!("32 dripping clients, 15 KiB each: the server used {used:?} of CPU");
    // The old rescanning reader needed minutes of CPU for this; a linear one needs a fraction of
    // a second, most of it in the system calls that read the pieces.
    assert!(used < Duration::from_millis(1000), "the server used {used:?} of CPU");
    assert_eq!(abuse::get(port, "/").expect("still answering").status, 200);
}

/// A tab that closes its event stream frees the stream's thread within about a second (it once
/// lingered until the next keep-alive, 15 s later).
#[test]
fn closed_event_streams_are_let_go_within_a_second() {
    let site = site();
    let server = abuse::Server::start(binary(), &site.root, None);
    let port = server.port;
    let threads = || abuse::memory_and_threads(server.pid()).1;
    let before = threads();
    let head = format!("GET /__trailmap/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    let streams: Vec<TcpStream> = (0..20)
        .map(|_| {
            let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            stream.write_all(head.as_bytes()).expect("send");
            let mut first = [0u8; 15];
            stream.read_exact(&mut first).expect("the stream opens");
            assert_eq!(&first, b"HTTP/1.1 200 OK");
            stream
        })
        .collect();
    assert!(threads() >= before + 20, "a thread per stream: {} then {}", before, threads());
    drop(streams);
    let closed = std::time::Instant::now();
    while threads() > before && closed.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let took = closed.elapsed();
    eprintln!("20 closed streams were let go in {took:?}");
    // Within 10 s, so before the first keep-alive (15 s) could have found them gone: it is the
    // check for closed tabs that let them go (in about half a second here).
    assert!(threads() <= before, "{} threads left of {} after {took:?}", threads(), before);
}
