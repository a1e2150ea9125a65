//! `trailmap check --external` against a local server (no network): every dead link reported
//! at its place, redirects as warnings with their target, and a second run answered by the
//! cache without a single request.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A server that answers by path, counting the requests it gets.
struct Server {
    base: String,
    requests: Arc<AtomicUsize>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let counted = counted.clone();
            std::thread::spawn(move || answer(stream, &counted));
        }
    });
    Server { base, requests }
}

fn answer(mut stream: TcpStream, requests: &AtomicUsize) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    // The rest of the head.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    requests.fetch_add(1, Ordering::SeqCst);
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let path = target.split('?').next().unwrap_or("/").to_string();
    let (status, extra) = match path.as_str() {
        "/ok" => ("200 OK", ""),
        "/moved" => ("301 Moved Permanently", "Location: /ok\r\n"),
        "/gone" => ("404 Not Found", ""),
        "/broken" => ("500 Internal Server Error", ""),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            ("200 OK", "")
        }
        _ => ("404 Not Found", ""),
    };
    let _ = write!(stream, "HTTP/1.1 {status}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n");
}

/// A port nothing listens on.
fn refused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

fn site(dir: &Path, base: &str, refused: u16) {
    let write = |path: &str, text: String| {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    };
    write("trailmap.toml", "title = \"Links\"\nbase_url = \"https://example.org/\"\n".into());
    write("content/_index.md", "+++\ntitle = \"Links\"\n+++\n\nStart with [[links]].\n".into());
    write("content/web/_index.md", "+++\ntitle = \"Web\"\n+++\n".into());
    write(
        "content/web/links.md",
        format!(
            "+++\ntitle = \"Links\"\nsummary = \"Links of every kind.\"\nresources = [\n  \
             {{ title = \"Fine\", url = \"{base}/ok\", kind = \"docs\" }},\n  \
             {{ title = \"Moved\", url = \"{base}/moved\", kind = \"docs\" }},\n  \
             {{ title = \"Gone\", url = \"{base}/gone\", kind = \"docs\" }},\n]\n+++\n\n\
             ## Further\n\nA [broken]({base}/broken) server, a [slow]({base}/slow) one,\n\
             and [nobody](http://127.0.0.1:{refused}/) at all.\n"
        ),
    );
}

fn check(dir: &Path, extra: &[&str]) -> common::Run {
    let output = Command::new(env!("CARGO_BIN_EXE_trailmap"))
        .args(["check", "--external", "--timeout", "1"])
        .args(extra)
        .current_dir(dir)
        .env_remove("http_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("https_proxy")
        .env_remove("HTTPS_PROXY")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .output()
        .unwrap();
    common::Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

#[test]
fn every_dead_link_is_reported_at_its_place_and_the_cache_answers_the_rerun() {
    let server = serve();
    let refused = refused_port();
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), &server.base, refused);
    let base = &server.base;

    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let headlines: Vec<&str> =
        run.stderr.lines().filter(|l| l.starts_with("content/") && l.contains("GET ")).collect();
    assert_eq!(
        headlines,
        [
            format!("content/web/links.md:6:28: warning: GET {base}/moved -> 301 -> {base}/ok -> 200"),
            format!("content/web/links.md:7:27: GET {base}/gone -> 404"),
            format!("content/web/links.md:13:3: GET {base}/broken -> 500"),
            format!("content/web/links.md:13:53: GET {base}/slow -> timed out after 1 s"),
            format!("content/web/links.md:14:5: GET http://127.0.0.1:{refused}/ -> connection refused"),
        ]
    );
    // ok, moved and its target, gone, broken, slow: the refused one never reached the server.
    assert_eq!(server.requests.load(Ordering::SeqCst), 6);
    assert!(dir.path().join(".trailmap/links.json").is_file());

    let again = check(dir.path(), &[]);
    assert_eq!(again.code, 1);
    assert_eq!(again.stderr, run.stderr, "the same report");
    assert_eq!(server.requests.load(Ordering::SeqCst), 6, "no request: the cache answered");
    assert!(run.stderr.contains("error: 4 problems found"), "{}", run.stderr);

    let fresh = check(dir.path(), &["--recheck"]);
    assert_eq!(fresh.code, 1);
    assert_eq!(server.requests.load(Ordering::SeqCst), 12, "--recheck asks again");
}

#[test]
fn a_site_whose_links_answer_passes() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    site(dir.path(), &server.base, refused_port());
    let page = dir.path().join("content/web/links.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let kept: String = text
        .lines()
        .take(7)
        .chain(["]", "+++", "", "## Further", "", "Nothing else."])
        .collect::<Vec<_>>()
        .join("\n");
    let kept = kept.replace(&format!("{}/moved", server.base), &format!("{}/ok?again", server.base));
    let kept = kept.replace(&format!("{}/gone", server.base), &format!("{}/ok#part", server.base));
    std::fs::write(&page, kept).unwrap();
    let run = check(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("3 external URLs (3 asked"), "{}", run.stdout);
}
