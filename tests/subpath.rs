//! Sub-path hosting, as GitHub project pages do it: the site is built for
//! `http://127.0.0.1:PORT/some/sub/`, served under that prefix only, and crawled. Every page,
//! stylesheet, script, image, font, the map, the search index and the 404 page must resolve.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::{copy_site, trailmap};

const PREFIX: &str = "/some/sub/";

/// Serves `public` under PREFIX only (like GitHub Pages for a project), with 404.html otherwise.
fn serve(public: PathBuf) -> (u16, Arc<tiny_http::Server>) {
    let server = Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind"));
    let port = server.server_addr().to_ip().expect("ip").port();
    let handle = Arc::clone(&server);
    std::thread::spawn(move || {
        for request in handle.incoming_requests() {
            let url = request.url().split(['?', '#']).next().unwrap_or_default().to_string();
            let file = url
                .strip_prefix(PREFIX)
                .filter(|rest| !rest.split('/').any(|part| part == ".."))
                .map(|rest| {
                    if rest.is_empty() || rest.ends_with('/') {
                        format!("{rest}index.html")
                    } else {
                        rest.to_string()
                    }
                })
                .map(|rest| public.join(percent_decode(&rest)))
                .filter(|path| path.is_file());
            let response = match file {
                Some(path) => tiny_http::Response::from_data(std::fs::read(path).unwrap_or_default()),
                None => {
                    tiny_http::Response::from_data(std::fs::read(public.join("404.html")).unwrap_or_default())
                        .with_status_code(404)
                }
            };
            let _ = request.respond(response);
        }
    });
    (port, server)
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%').then(|| text.get(i + 1..i + 3)).flatten();
        if let Some(byte) = escaped.and_then(|hex| u8::from_str_radix(hex, 16).ok()) {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
    let mut response = Vec::new();
    stream.read_to_end(&mut response).expect("read");
    let split = response.windows(4).position(|w| w == b"\r\n\r\n").map_or(response.len(), |i| i + 4);
    let head = String::from_utf8_lossy(&response[..split]).into_owned();
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, response[split..].to_vec())
}

/// The URLs a file refers to: href/src/srcset in HTML and SVG, url() in CSS, and the
/// `data-*-url` attributes through which scripts find their data.
fn links_in(path: &str, body: &str) -> Vec<String> {
    let mut found = common::references(body);
    if path.ends_with(".css") {
        let mut rest = body;
        while let Some(i) = rest.find("url(") {
            rest = &rest[i + 4..];
            if let Some(end) = rest.find(')') {
                found.push(rest[..end].trim_matches(['"', '\'']).to_string());
                rest = &rest[end..];
            }
        }
    }
    let mut rest = body;
    while let Some(i) = rest.find("-url=\"") {
        rest = &rest[i + 6..];
        if let Some(end) = rest.find('"') {
            found.push(rest[..end].to_string());
            rest = &rest[end..];
        }
    }
    found
}

/// Resolves `reference` found in the file at `base` (a site path) to a site path, if it is local.
fn resolve(base: &str, reference: &str) -> Option<String> {
    let reference = reference.split('#').next()?.split('?').next()?.replace("&amp;", "&");
    if reference.is_empty() || reference.starts_with("data:") || reference.starts_with("mailto:") {
        return None;
    }
    let path = if let Some(rest) = reference.strip_prefix("http://127.0.0.1") {
        rest.split_once('/').map(|(_, p)| format!("/{p}"))?
    } else if reference.contains("://") || reference.starts_with("//") {
        return None;
    } else if reference.starts_with('/') {
        reference
    } else {
        let dir = &base[..base.rfind('/').map_or(0, |i| i + 1)];
        format!("{dir}{reference}")
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            ".." => {
                parts.pop();
            }
            "." => {}
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

fn crawl(site: &Path) -> (BTreeSet<String>, Vec<String>) {
    let public = site.join("public");
    let (port, server) = serve(public);
    let mut seen = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    for start in ["", "mindmap.svg", "roadmap.json", "sitemap.xml", "robots.txt", "404.html", "no/such/page/"]
    {
        queue.push_back((format!("{PREFIX}{start}"), "(start)".into()));
    }
    let mut broken = Vec::new();
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        let (status, body) = get(port, &path);
        let expected_missing = path.ends_with("no/such/page/");
        if expected_missing {
            assert_eq!(status, 404);
        } else if status != 200 {
            broken.push(format!("{path} (from {from}): {status}"));
            continue;
        }
        if [".html", "/", ".css", ".svg", ".js"].iter().any(|ext| path.ends_with(ext)) {
            let text = String::from_utf8_lossy(&body);
            for reference in links_in(&path, &text) {
                if let Some(target) = resolve(&path, &reference) {
                    if !target.starts_with(PREFIX) {
                        broken.push(format!("{target} (from {path}) is outside {PREFIX}"));
                    } else {
                        queue.push_back((target, path.clone()));
                    }
                }
            }
        }
    }
    server.unblock();
    (seen, broken)
}

#[test]
fn every_reference_resolves_under_a_sub_path() {
    for fixture in ["good", "themed", "assets"] {
        let site = copy_site(fixture);
        // The port is only known once serving, and any port gives the same paths.
        let run = trailmap(site.path(), &["build", "--base-url", &format!("http://127.0.0.1:9{PREFIX}")]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let (seen, broken) = crawl(site.path());
        let checked = seen.len();
        assert!(broken.is_empty(), "{fixture}: {} broken of {checked}:\n{}", broken.len(), broken.join("\n"));
        assert!(checked > 20, "{fixture}: only {checked} URLs crawled");
        if fixture == "assets" {
            // The files beside the lessons were reached from the pages (and the print edition),
            // under the sub-path, with their names encoded.
            for file in [
                "lessons/images/bubble%20sort.png",
                "lessons/images/%C3%BCn%C3%AFcode.svg",
                "lessons/files/slides.pdf",
                "lessons/graphs/diagrams/deep/more/tree.png",
                "lessons/graphs/diagrams/dfs.png",
                "overview.png",
                "logo.png",
            ] {
                assert!(seen.contains(&format!("{PREFIX}{file}")), "{file} was not reached: {seen:?}");
            }
        }
    }
}

#[test]
fn the_repository_site_has_no_broken_reference_under_a_sub_path() {
    let site = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for item in ["trailmap.toml", "content", "static"] {
        if root.join(item).exists() {
            if root.join(item).is_dir() {
                common::copy_dir(&root.join(item), &site.path().join(item));
            } else {
                std::fs::copy(root.join(item), site.path().join(item)).unwrap();
            }
        }
    }
    let run = trailmap(site.path(), &["build", "--base-url", &format!("http://127.0.0.1:9{PREFIX}")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let (seen, broken) = crawl(site.path());
    let checked = seen.len();
    assert!(broken.is_empty(), "{} broken of {checked}:\n{}", broken.len(), broken.join("\n"));
    assert!(checked > 120, "only {checked} URLs crawled");
}
