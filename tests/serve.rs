//! `trailmap serve` as an author meets it: the real binary on a free port, serving a temporary
//! copy of `tests/sites/serve-basic`, while the test edits, renames, deletes and breaks files and
//! listens to the live-reload events the way a browser tab does.
//!
//! Nothing here sleeps for a fixed time: every wait is for an event, a line or a page, bounded by
//! [`WAIT`] so that a broken server fails the test instead of hanging it.

mod serve_support;

use std::path::Path;
use std::time::{Duration, Instant};

use serve_support::{Server, WAIT, copy_site, eventually, write};

const ALPHA: &str = "content/basics/alpha.md";

fn alpha(body: &str) -> String {
    format!(
        "+++\ntitle = \"Alpha\"\nsummary = \"The first skill.\"\nweight = 1\nlevel = \"core\"\n+++\n\n{body}\n"
    )
}

#[test]
fn serves_pages_and_files_from_memory_with_their_types() {
    let site = copy_site();
    let files = [
        ("files/font.woff2", "font/woff2"),
        ("files/font.woff", "font/woff"),
        ("files/font.ttf", "font/ttf"),
        ("files/image.png", "image/png"),
        ("files/image.jpg", "image/jpeg"),
        ("files/image.gif", "image/gif"),
        ("files/image.webp", "image/webp"),
        ("files/icon.ico", "image/x-icon"),
        ("files/paper.pdf", "application/pdf"),
        ("files/data.json", "application/json"),
        ("files/app.js", "text/javascript; charset=utf-8"),
        ("files/drawing.svg", "image/svg+xml"),
        ("files/feed.xml", "application/xml; charset=utf-8"),
        ("notes.txt", "text/plain; charset=utf-8"),
    ];
    for (path, _) in &files[..files.len() - 1] {
        write(&site.root.join("static").join(path), &format!("bytes of {path}"));
    }
    let server = Server::start(&site.root);

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(home.text().contains("Serve Fixture"));
    assert!(home.text().contains("/__trailmap/live.js"), "served pages get the live-reload script");
    // base_url says https://example.org/fixture/; served links must point at this server.
    assert!(home.text().contains("href=\"/basics/\""), "links are relative to the local server");
    assert!(!home.text().contains("/fixture/"), "nothing points at the published site");
    assert!(home.text().contains(&format!("http://127.0.0.1:{}/", server.port)));

    let page = server.get("/basics/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Alpha body: the original text."));
    assert_eq!(page.header("cache-control"), Some("no-cache"));
    let etag = page.header("etag").expect("pages have an ETag").to_string();

    for (path, content_type) in files {
        let reply = server.get(&format!("/{path}"));
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.header("content-type"), Some(content_type), "{path}");
        assert!(!reply.text().contains("live.js"), "{path}: only pages get the script");
    }
    for (path, content_type) in [
        ("/style.css", "text/css; charset=utf-8"),
        ("/mindmap.svg", "image/svg+xml"),
        ("/roadmap.json", "application/json"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/__trailmap/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = server.get(path);
        assert_eq!((reply.status, reply.header("content-type")), (200, Some(content_type)), "{path}");
    }

    let head = server.request("HEAD", "/basics/alpha/", &[]);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD sends no body");
    assert_eq!(head.header("content-length"), Some(page.body.len().to_string().as_str()));
    assert_eq!(head.header("etag"), Some(etag.as_str()));

    let unchanged = server.request("GET", "/basics/alpha/", &[("If-None-Match", &etag)]);
    assert_eq!(unchanged.status, 304);
    assert!(unchanged.body.is_empty());

    let missing = server.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains("Page not found"), "the site's 404.html: {}", missing.text());
    assert_eq!(missing.header("content-type"), Some("text/html; charset=utf-8"));

    let redirect = server.get("/basics/alpha?from=test");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("location"), Some("/basics/alpha/?from=test"));
    assert_eq!(server.get("/notes.txt/").status, 404, "a file is not a folder");
    assert_eq!(server.request("POST", "/", &[]).status, 405);
}

#[test]
fn an_edit_reloads_the_tabs_that_show_it_once_the_new_page_is_served() {
    let site = copy_site();
    let server = Server::start(&site.root);
    let alpha_etag = server.get("/basics/alpha/").header("etag").map(str::to_string);
    let gamma_etag = server.get("/advanced/gamma/").header("etag").map(str::to_string);
    // Opened all at once, like a browser restoring a session.
    let tabs: Vec<_> =
        (0..8).map(|_| server.events_for("/basics/alpha/", alpha_etag.as_deref().unwrap_or(""))).collect();
    let gamma_tab = server.events_for("/advanced/gamma/", gamma_etag.as_deref().unwrap_or(""));
    let anything = server.events("");
    for tab in tabs.iter().chain([&gamma_tab, &anything]) {
        tab.expect("build-ok");
    }

    write(&site.root.join(ALPHA), &alpha("Alpha body: edited once."));
    for tab in &tabs {
        let data = tab.expect("reload");
        assert!(data.contains("\"generation\":2"), "{data}");
    }
    anything.expect("reload");
    // The event is sent only after the new output is in place: no waiting for the page.
    let page = server.get("/basics/alpha/");
    assert!(page.text().contains("Alpha body: edited once."), "{}", page.text());
    assert_ne!(page.header("etag").map(str::to_string), alpha_etag, "a new page gets a new ETag");
    let stale =
        server.request("GET", "/basics/alpha/", &[("If-None-Match", alpha_etag.as_deref().unwrap_or(""))]);
    assert_eq!(stale.status, 200, "the old ETag no longer matches");

    write(&site.root.join("content/advanced/gamma.md"), "+++\ntitle = \"Gamma\"\n+++\n\nGamma, edited.\n");
    let data = gamma_tab.expect("reload");
    assert!(data.contains("\"generation\":3"), "the alpha edit did not reload the gamma tab: {data}");

    // A stylesheet concerns every page.
    write(&site.root.join("static/extra.css"), "body { color: black; }");
    tabs[0].expect("reload");
    gamma_tab.expect("reload");
    assert_eq!(server.get("/extra.css").status, 200);

    // A tab that opens with an outdated page (it loaded before an edit) reloads at once.
    let late = server.events_for("/basics/alpha/", alpha_etag.as_deref().unwrap_or(""));
    late.expect("reload");
}

#[test]
fn editor_save_patterns_end_in_the_right_page() {
    let site = copy_site();
    let server = Server::start(&site.root);
    let events = server.events("");
    events.expect("build-ok");
    let file = site.root.join(ALPHA);
    let shows = |text: &str| {
        events.expect("reload");
        eventually(WAIT, || server.get("/basics/alpha/").text().contains(text));
    };

    // vim (backupcopy=no): the file is renamed to a backup, written anew, the backup deleted;
    // vim also probes the folder with a file named 4913 and keeps a swap file.
    let backup = file.with_file_name("alpha.md~");
    write(&file.with_file_name(".alpha.md.swp"), "swap");
    write(&file.with_file_name("4913"), "");
    std::fs::remove_file(file.with_file_name("4913")).unwrap();
    std::fs::rename(&file, &backup).unwrap();
    write(&file, &alpha("Saved by vim."));
    std::fs::remove_file(&backup).unwrap();
    std::fs::remove_file(file.with_file_name(".alpha.md.swp")).unwrap();
    shows("Saved by vim.");

    // JetBrains "safe write": a temporary file, the old one moved aside, the new one renamed in.
    let tmp = file.with_file_name("alpha.md___jb_tmp___");
    let old = file.with_file_name("alpha.md___jb_old___");
    write(&tmp, &alpha("Saved by a JetBrains IDE."));
    std::fs::rename(&file, &old).unwrap();
    std::fs::rename(&tmp, &file).unwrap();
    std::fs::remove_file(&old).unwrap();
    shows("Saved by a JetBrains IDE.");

    // VS Code and most editors: truncate and write in place, here in two writes.
    {
        use std::io::Write;
        let mut handle = std::fs::File::create(&file).unwrap();
        let text = alpha("Saved in place.");
        let (first, second) = text.split_at(text.len() / 2);
        handle.write_all(first.as_bytes()).unwrap();
        handle.flush().unwrap();
        handle.write_all(second.as_bytes()).unwrap();
    }
    shows("Saved in place.");

    // An atomic write by rename from outside the watched folders (git checkout, sed -i).
    let outside = site.dir.path().join("alpha.md.new");
    write(&outside, &alpha("Renamed into place."));
    std::fs::rename(&outside, &file).unwrap();
    shows("Renamed into place.");
}

#[test]
fn deleted_recreated_renamed_files_and_new_sections_end_in_the_right_site() {
    let site = copy_site();
    let server = Server::start(&site.root);
    let events = server.events("");
    events.expect("build-ok");
    let gamma = site.root.join("content/advanced/gamma.md");
    let gamma_text = std::fs::read_to_string(&gamma).unwrap();
    let status = |path: &str| server.get(path).status;

    std::fs::remove_file(&gamma).unwrap();
    events.expect("reload");
    assert_eq!(status("/advanced/gamma/"), 404);
    assert!(!server.get("/advanced/").text().contains("Gamma"), "the section no longer lists it");

    write(&gamma, &gamma_text);
    events.expect("reload");
    assert_eq!(status("/advanced/gamma/"), 200);

    std::fs::rename(&gamma, gamma.with_file_name("zeta.md")).unwrap();
    events.expect("reload");
    assert_eq!(status("/advanced/zeta/"), 200);
    assert_eq!(status("/advanced/gamma/"), 404);

    // A new section, written file by file as an author would: the folder may be seen before
    // its _index.md, so the site is right once the events settle.
    let extra = site.root.join("content/extra");
    std::fs::create_dir(&extra).unwrap();
    write(&extra.join("_index.md"), "+++\ntitle = \"Extra\"\nweight = 3\n+++\n\nMore.\n");
    write(&extra.join("epsilon.md"), "+++\ntitle = \"Epsilon\"\n+++\n\nEpsilon body.\n");
    events.expect("reload");
    eventually(WAIT, || status("/extra/epsilon/") == 200 && server.get("/").text().contains("Extra"));
    // The new folder is watched: editing inside it rebuilds.
    drain(&events);
    write(&extra.join("epsilon.md"), "+++\ntitle = \"Epsilon\"\n+++\n\nEpsilon, edited.\n");
    events.expect("reload");
    eventually(WAIT, || server.get("/extra/epsilon/").text().contains("Epsilon, edited."));

    std::fs::remove_dir_all(&extra).unwrap();
    events.expect("reload");
    eventually(WAIT, || status("/extra/epsilon/") == 404 && status("/extra/") == 404);
    assert!(!server.get("/").text().contains("Epsilon"));

    // A source folder removed and created again is watched again.
    let static_dir = site.root.join("static");
    std::fs::remove_dir_all(&static_dir).unwrap();
    events.expect("reload");
    assert_eq!(status("/notes.txt"), 404);
    write(&static_dir.join("notes.txt"), "back again");
    events.expect("reload");
    eventually(WAIT, || server.get("/notes.txt").text() == "back again");
    write(&static_dir.join("notes.txt"), "and edited");
    events.expect("reload");
    eventually(WAIT, || server.get("/notes.txt").text() == "and edited");
}

/// Skips events already queued (for example a second reload when a burst was split).
fn drain(events: &serve_support::Events) {
    while events.try_next(Duration::from_millis(150)).is_some() {}
}

#[test]
fn a_broken_edit_keeps_the_last_good_site_and_shows_where_the_problem_is() {
    let site = copy_site();
    let server = Server::start(&site.root);
    let tab = server.events_for("/basics/alpha/", "");
    tab.expect("build-ok");

    write(&site.root.join(ALPHA), "+++\ntitle = \"Alpha\nweight = 1\n+++\n\nAlpha, broken.\n");
    let data = tab.expect("build-error");
    let report: serde_json::Value = serde_json::from_str(&data).expect("the event's data is JSON");
    let problem = &report["problems"][0];
    assert_eq!(problem["path"], ALPHA, "{data}");
    assert_eq!(problem["line"], 2, "{data}");
    assert!(problem["column"].as_u64().is_some_and(|c| c >= 1), "{data}");
    let headline = problem["headline"].as_str().unwrap_or_default();
    assert!(headline.starts_with("content/basics/alpha.md:2:"), "path:line:col: message, got {headline}");
    assert!(problem["excerpt"].as_str().is_some_and(|e| e.contains("title = \"Alpha")), "{data}");
    server.wait_output("content/basics/alpha.md:2:");

    let page = server.get("/basics/alpha/");
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.text().contains("Alpha body: the original text."));
    // A page opened while the site is broken shows the problem at once.
    let late = server.events_for("/basics/alpha/", page.header("etag").unwrap_or_default());
    late.expect("build-error");

    write(&site.root.join(ALPHA), &alpha("Alpha, fixed."));
    tab.expect("reload");
    late.expect("reload");
    assert!(server.get("/basics/alpha/").text().contains("Alpha, fixed."));
    let again = server.events_for("/basics/alpha/", "");
    again.expect("build-ok");
}

#[test]
fn a_site_that_does_not_build_yet_is_served_once_fixed() {
    let site = copy_site();
    write(&site.root.join(ALPHA), "+++\ntitle = \"<script>alert(1)</script>\n+++\n");
    let server = Server::start(&site.root);
    let page = server.get("/basics/alpha/");
    assert_eq!(page.status, 503);
    assert!(page.text().contains("content/basics/alpha.md:2:"), "{}", page.text());
    assert!(page.text().contains("&lt;script&gt;alert(1)"), "problems are escaped: {}", page.text());
    assert!(!page.text().contains("<script>alert"), "{}", page.text());
    assert!(page.text().contains("/__trailmap/live.js"), "the error page reloads itself");
    let tab = server.events_for("/basics/alpha/", page.header("etag").unwrap_or_default());
    tab.expect("build-error");

    write(&site.root.join(ALPHA), &alpha("Alpha, finally."));
    tab.expect("reload");
    let page = server.get("/basics/alpha/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Alpha, finally."));
}

#[cfg(unix)]
#[test]
fn requests_never_reach_a_file_outside_the_site() {
    const SECRET: &str = "TOP-SECRET-MARKER";
    let site = copy_site();
    let outside = site.dir.path().join("outside");
    write(&outside.join("secret.txt"), SECRET);
    let link =
        |target: &Path, name: &str| std::os::unix::fs::symlink(target, site.root.join("static").join(name));
    link(&site.root.join("static/notes.txt"), "inside.txt").unwrap();
    let server = Server::start(&site.root);
    let watching = server.events_for("/", "");
    watching.expect("build-ok");
    // Links that leave the site fail the build as they fail `build` (tests/symlinks.rs): the last
    // good site, which never held them, is still served.
    link(&outside.join("secret.txt"), "leak.txt").unwrap();
    link(&outside, "shared").unwrap();
    link(Path::new("../../outside/secret.txt"), "relative-leak.txt").unwrap();
    let report = watching.expect("build-error");
    assert!(report.contains("outside the site's folder"), "{report}");
    assert!(!report.contains(SECRET), "{report}");

    let secret_abs = outside.join("secret.txt").display().to_string();
    let targets = [
        "/../outside/secret.txt".to_string(),
        "/../../outside/secret.txt".to_string(),
        "/basics/../../outside/secret.txt".to_string(),
        "/%2e%2e/outside/secret.txt".to_string(),
        "/%2E%2E/%2E%2E/outside/secret.txt".to_string(),
        "/.%2e/outside/secret.txt".to_string(),
        "/..%2foutside%2fsecret.txt".to_string(),
        "/%2e%2e%2f%2e%2e%2foutside%2fsecret.txt".to_string(),
        "/%252e%252e/outside/secret.txt".to_string(),
        "/..\\outside\\secret.txt".to_string(),
        "/%5c..%5coutside%5csecret.txt".to_string(),
        "//etc/passwd".to_string(),
        "/%2fetc/passwd".to_string(),
        "/etc/passwd".to_string(),
        secret_abs.clone(),
        format!("/{secret_abs}"),
        format!("http://127.0.0.1:{}{secret_abs}", server.port),
        "/notes.txt%00.html".to_string(),
        "/notes.txt%00".to_string(),
        "/leak.txt".to_string(),
        "/relative-leak.txt".to_string(),
        "/shared/secret.txt".to_string(),
        "/shared/".to_string(),
        "/trailmap.toml".to_string(),
        "/content/basics/alpha.md".to_string(),
        "/static/notes.txt".to_string(),
        "/public/marker.txt".to_string(),
        "/./notes.txt".to_string(),
        "etc/passwd".to_string(),
        "C:\\Windows\\win.ini".to_string(),
        "/C:/Windows/win.ini".to_string(),
    ];
    for target in &targets {
        let reply = server.request("GET", target, &[]);
        assert!(matches!(reply.status, 400 | 404), "{target}: status {}", reply.status);
        assert!(!reply.text().contains(SECRET), "{target} leaked the secret");
        assert!(!reply.text().contains("root:"), "{target} leaked /etc/passwd");
    }
    // The event stream's page parameter goes through the same checks.
    let tab = server.events(&format!("path={}&etag=x", "%2F..%2F..%2Foutside%2Fsecret.txt"));
    assert!(!tab.expect("build-error").contains(SECRET), "the last build failed (the links above)");
    // A link that stays inside the site is served.
    assert_eq!(server.get("/inside.txt").text(), "served from static/\n");
    assert_eq!(server.get("/notes.txt").status, 200);
}

#[test]
fn only_requests_for_the_listening_address_are_answered() {
    let site = copy_site();
    let server = Server::start(&site.root);
    let port = server.port;
    let ok = |host: &str| server.request("GET", "/", &[("Host", host)]).status;
    assert_eq!(ok(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(ok(&format!("localhost:{port}")), 200);
    assert_eq!(ok(&format!("[::1]:{port}")), 200);
    // A web page reaching the preview through DNS rebinding names its own host.
    for foreign in [format!("attacker.example:{port}"), format!("localhost:{}", port + 1), "localhost".into()]
    {
        let reply = server.request("GET", "/", &[("Host", &foreign)]);
        assert_eq!(reply.status, 421, "{foreign}");
        assert!(reply.text().contains("--allow-host"), "{}", reply.text());
        let events = server.request("GET", "/__trailmap/events", &[("Host", &foreign)]);
        assert_eq!(events.status, 421, "the event stream too, for {foreign}");
    }
    // The authority of an absolute-form target wins over Host.
    let absolute = server.request("GET", &format!("http://attacker.example:{port}/"), &[]);
    assert_eq!(absolute.status, 421);
    assert_eq!(server.raw("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").status, 400, "no Host");
    assert_eq!(server.raw("GET / HTTP/1.0\r\n\r\n").status, 400, "no Host, HTTP/1.0");
    let twice = format!("GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil:{port}\r\n\r\n");
    assert_eq!(server.raw(&twice).status, 400, "two Host headers");
}

#[test]
fn the_users_public_folder_is_never_touched() {
    let site = copy_site();
    let public = site.root.join("public");
    write(&public.join("marker.txt"), "the author's own file");
    write(&public.join("index.html"), "<p>the author's last build</p>");
    let before = serve_support::snapshot(&site.root);
    {
        let server = Server::start(&site.root);
        let events = server.events("");
        events.expect("build-ok");
        write(&site.root.join(ALPHA), &alpha("Edited while serving."));
        events.expect("reload");
        assert!(server.get("/").text().contains("Serve Fixture"), "served from memory, not public/");
        write(&site.root.join(ALPHA), "+++\nbroken");
        events.expect("build-error");
        server.interrupt();
    }
    let mut after = serve_support::snapshot(&site.root);
    after.remove(Path::new(ALPHA));
    let mut before = before;
    before.remove(Path::new(ALPHA));
    assert_eq!(before, after, "serving wrote nothing but the author's own edits");
}

#[test]
fn build_output_never_contains_the_live_reload_script() {
    let site = copy_site();
    let out = site.dir.path().join("out");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_trailmap"))
        .args(["build", "--quiet", "--root"])
        .arg(&site.root)
        .arg("--output")
        .arg(&out)
        .status()
        .expect("trailmap build runs");
    assert!(status.success());
    let mut pages = 0;
    for (path, bytes) in serve_support::snapshot(&out) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("__trailmap"), "{} has the live-reload script", path.display());
        pages += usize::from(path.extension().is_some_and(|e| e == "html"));
    }
    assert!(pages >= 5, "the build wrote its pages");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_promptly_and_ends_the_event_streams() {
    let site = copy_site();
    let mut server = Server::start(&site.root);
    let events = server.events("");
    events.expect("build-ok");
    let started = Instant::now();
    server.interrupt();
    let status = server.wait_exit(WAIT);
    assert!(status.success(), "exit status {status}");
    assert!(started.elapsed() < Duration::from_secs(3), "stopping took {:?}", started.elapsed());
    server.wait_output("Stopped.");
    events.expect_end();
}

#[test]
fn a_taken_port_moves_the_server_to_the_next_one_and_says_so() {
    let site = copy_site();
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("a free port");
    let port = taken.local_addr().expect("bound").port();
    let server = Server::start_with(&site.root, &["--port", &port.to_string()]);
    assert_ne!(server.port, port);
    server.wait_output(&format!("Port {port} is in use; serving on port {} instead.", server.port));
    assert_eq!(server.get("/").status, 200);
}

/// `--open` hands the URL to the desktop's opener (a stand-in `xdg-open` here).
#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_url_to_the_browser() {
    use std::os::unix::fs::PermissionsExt;
    let site = copy_site();
    let bin = site.dir.path().join("bin");
    let opened = site.dir.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    write(&opener, &format!("#!/bin/sh\nprintf '%s' \"$1\" > '{}'\n", opened.display()));
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = std::env::join_paths(
        std::iter::once(bin).chain(std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())),
    )
    .unwrap();
    let server = Server::start_with_env(&site.root, &["--port", "0", "--open"], &[("PATH", path)]);
    let url = format!("http://127.0.0.1:{}/", server.port);
    eventually(WAIT, || std::fs::read_to_string(&opened).is_ok_and(|text| text == url));
}

#[test]
fn serve_publishes_the_files_beside_the_text_as_build_does() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    serve_support::copy_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites/assets"), &root, &[]);
    let server = Server::start(&root);
    let page = server.get("/lessons/sorting/").text();
    for (url, file) in [
        ("/lessons/images/bubble%20sort.png", "content/lessons/images/bubble sort.png"),
        ("/lessons/images/%C3%BCn%C3%AFcode.svg", "content/lessons/images/ünïcode.svg"),
        ("/lessons/files/slides.pdf", "content/lessons/files/slides.pdf"),
    ] {
        assert!(page.contains(url), "the page refers to {url}");
        let reply = server.get(url);
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(reply.body, std::fs::read(root.join(file)).unwrap(), "{url}");
    }
    assert_eq!(server.get("/lessons/images/bubble%20sort.png").header("Content-Type"), Some("image/png"));
}
