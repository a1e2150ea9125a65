//! The site as the server sees it: the last good build's files, ready to send, plus the problems
//! of the latest build when it failed.
//!
//! It mirrors the [`Session`](crate::session::Session)'s output, updated from each rebuild's
//! [`Changes`] only, so a one-page edit copies one page. Pages are stored with the live-reload
//! script already injected, so a request is a map lookup and an `Arc` clone; the [`Session`]'s
//! own output (what `trailmap build` would write) is never modified.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::session::Changes;

use super::mime;
use super::path::SitePath;

/// Where the live-reload script is served from; the events stream sits beside it.
pub(crate) const LIVE_SCRIPT_PATH: &str = "__trailmap/live.js";
pub(crate) const EVENTS_PATH: &str = "__trailmap/events";
pub(crate) const LIVE_SCRIPT: &str = include_str!("live.js");
/// The shared worker that holds one event stream for every tab of a browser.
pub(crate) const WORKER_SCRIPT_PATH: &str = "__trailmap/live-worker.js";
pub(crate) const WORKER_SCRIPT: &str = include_str!("live-worker.js");

/// One file, as sent.
#[derive(Debug, Clone)]
pub(crate) struct ServedFile {
    pub bytes: Arc<[u8]>,
    /// A strong validator (with its quotes) from the built bytes: the same content keeps its
    /// tag across rebuilds and restarts, changed content always gets a new one.
    pub etag: Arc<str>,
    pub content_type: &'static str,
    /// For a page: the site files it names in `src` and `href` attributes (sorted), so that a
    /// tab can tell whether a rebuild changed something it shows.
    pub uses: Arc<[String]>,
}

/// What a path leads to.
#[derive(Debug)]
pub(crate) enum Found {
    File {
        key: String,
        file: ServedFile,
    },
    /// `/a/b` where `a/b/index.html` exists: send the browser to `/a/b/`.
    Redirect(String),
    /// Nothing there; the site's `404.html` when it has one.
    Missing(Option<ServedFile>),
}

#[derive(Debug, Default)]
pub(crate) struct ServedSite {
    files: HashMap<String, ServedFile>,
    /// The problems of the latest build, when it failed.
    problems: Option<Arc<Vec<Diagnostic>>>,
    /// At least one build succeeded.
    ready: bool,
    /// Counts successful builds, so clients can tell them apart.
    generation: u64,
}

/// Files of a build made ready to send, before they replace the served ones: preparing a big
/// site's pages takes a while, and requests are answered from the old site meanwhile.
pub(crate) struct Update {
    /// Every file (a fresh build) or only those a rebuild changed.
    whole: bool,
    files: Vec<(String, ServedFile)>,
    removed: Vec<String>,
}

impl Update {
    /// Every file of a fresh build.
    pub(crate) fn all(output: &Output) -> Update {
        Update { whole: true, files: prepare_all(output.iter()).collect(), removed: Vec::new() }
    }

    /// Pages rendered on their own (see [`Session::quick`](crate::session::Session::quick)).
    pub(crate) fn pages(pages: &[(String, Vec<u8>)]) -> Update {
        let files = pages.iter().map(|(path, bytes)| (path.clone(), prepare(path, bytes))).collect();
        Update { whole: false, files, removed: Vec::new() }
    }

    /// The files a rebuild changed.
    pub(crate) fn changed(output: &Output, changes: &Changes) -> Update {
        let written = changes.written.iter().filter_map(|path| Some((path.as_str(), output.get(path)?)));
        Update { whole: false, files: prepare_all(written).collect(), removed: changes.removed.clone() }
    }
}

impl ServedSite {
    /// Puts prepared files in place: the only step a request has to wait for.
    pub(crate) fn apply(&mut self, update: Update) {
        if update.whole {
            self.files.clear();
        }
        for path in &update.removed {
            self.files.remove(path);
        }
        self.files.extend(update.files);
        self.succeeded();
    }

    /// Takes every file of a fresh build.
    #[cfg(test)]
    fn load_all(&mut self, output: &Output) {
        self.apply(Update::all(output));
    }

    fn succeeded(&mut self) {
        self.problems = None;
        self.ready = true;
        self.generation += 1;
    }

    /// Keeps the files and records why the latest build failed.
    pub(crate) fn fail(&mut self, problems: Vec<Diagnostic>) {
        self.problems = Some(Arc::new(problems));
    }

    pub(crate) fn problems(&self) -> Option<Arc<Vec<Diagnostic>>> {
        self.problems.clone()
    }

    pub(crate) fn is_ready(&self) -> bool {
        self.ready
    }

    pub(crate) fn generation(&self) -> u64 {
        self.generation
    }

    fn get(&self, key: &str) -> Option<&ServedFile> {
        self.files.get(key)
    }

    /// Resolves a request path the way a static host does: `/a/` is `a/index.html`, `/a` is the
    /// file `a` or else a redirect to `/a/`.
    pub(crate) fn find(&self, path: &SitePath) -> Found {
        let page = |key: String| match self.get(&key) {
            Some(file) => Found::File { file: file.clone(), key },
            None => self.missing(&path.key),
        };
        if path.key.is_empty() {
            return page("index.html".to_string());
        }
        if path.dir {
            return page(format!("{}/index.html", path.key));
        }
        if let Some(file) = self.get(&path.key) {
            return Found::File { key: path.key.clone(), file: file.clone() };
        }
        if self.get(&format!("{}/index.html", path.key)).is_some() {
            return Found::Redirect(format!("/{}/", path.key));
        }
        self.missing(&path.key)
    }

    /// The 404 page of the folder's language edition (`de/404.html` below `de/`), else the
    /// site's: a reader who mistypes a German address is told so in German.
    fn missing(&self, key: &str) -> Found {
        let edition = key.split_once('/').map(|(first, _)| format!("{first}/404.html"));
        let page = edition.and_then(|page| self.get(&page)).or_else(|| self.get("404.html"));
        Found::Missing(page.cloned())
    }
}

/// Prepares files in parallel: a template edit rewrites every page of a large site.
fn prepare_all<'a>(
    files: impl Iterator<Item = (&'a str, &'a [u8])>,
) -> impl Iterator<Item = (String, ServedFile)> {
    use rayon::prelude::*;
    let files: Vec<(&str, &[u8])> = files.collect();
    let prepared: Vec<(String, ServedFile)> =
        files.into_par_iter().map(|(path, bytes)| (path.to_string(), prepare(path, bytes))).collect();
    prepared.into_iter()
}

/// Turns built bytes into a file to send: pages get the live-reload script.
fn prepare(path: &str, bytes: &[u8]) -> ServedFile {
    let content_type = mime::content_type(path);
    let html = mime::is_html(path);
    let etag = etag(bytes, html);
    let uses = if html { references(path, &String::from_utf8_lossy(bytes)) } else { Vec::new() };
    let bytes: Arc<[u8]> = if html { inject(bytes, &etag).into() } else { bytes.into() };
    ServedFile { bytes, etag: etag.into(), content_type, uses: uses.into() }
}

/// The output paths a page loads: `src` of any element and `href` of `<link>` (stylesheets,
/// icons). Links to other pages (`<a href>`) are not loaded, so they do not count.
fn references(page: &str, html: &str) -> Vec<String> {
    let folder = page.rsplit_once('/').map_or("", |(folder, _)| folder);
    let mut found = Vec::new();
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or(tag);
        let name = tag.split(|c: char| c.is_ascii_whitespace()).next().unwrap_or("");
        let mut attributes = vec!["src="];
        if name.eq_ignore_ascii_case("link") {
            attributes.push("href=");
        }
        for attribute in attributes {
            let Some(value) = attribute_value(tag, attribute) else { continue };
            if let Some(key) = resolve(folder, value) {
                found.push(key);
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

/// The quoted value of ` name="…"` (or `'…'`) in a tag's text.
fn attribute_value<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + name.len()..];
        if !before.is_some_and(|c| c.is_ascii_whitespace()) {
            continue; // `data-src=` is not `src=`
        }
        let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
        let end = rest[1..].find(quote)?;
        return Some(&rest[1..=end]);
    }
    None
}

/// `/a/b.css`, `b.css` or `../b.css` seen from `folder` → `a/b.css`; `None` for other sites.
fn resolve(folder: &str, url: &str) -> Option<String> {
    let url = url.split(['?', '#']).next().unwrap_or("");
    if url.is_empty() || url.starts_with("//") || url.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> =
        if url.starts_with('/') { Vec::new() } else { folder.split('/').filter(|p| !p.is_empty()).collect() };
    for part in url.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let mut key = parts.join("/");
    if url.ends_with('/') || key.is_empty() {
        key = if key.is_empty() { "index.html".into() } else { format!("{key}/index.html") };
    }
    Some(key)
}

/// The tag of a file's content. Pages also depend on the script this binary injects.
pub(crate) fn etag(bytes: &[u8], html: bool) -> String {
    // `DefaultHasher::new()` has fixed keys, so tags stay the same across restarts of the same
    // binary; a tag only has to change when the bytes change, not to resist collisions on purpose.
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut hasher);
    if html {
        LIVE_SCRIPT.hash(&mut hasher);
        WORKER_SCRIPT.hash(&mut hasher);
    }
    format!("\"{:016x}-{:x}\"", hasher.finish(), bytes.len())
}

/// The page with the live-reload script before its last `</body>` (or at the end).
fn inject(page: &[u8], etag: &str) -> Vec<u8> {
    // The tag carries the page's ETag so that the script can ask, when it connects, whether the
    // page changed between the moment it was sent and the moment the event stream opened.
    let tag = script_tag(etag);
    let at = find_last_ignore_case(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + tag.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

/// The `<script>` element that loads live reload into a page.
pub(crate) fn script_tag(etag: &str) -> String {
    let etag = etag.replace('"', "&quot;");
    format!("<script src=\"/{LIVE_SCRIPT_PATH}\" data-etag=\"{etag}\" defer></script>")
}

fn find_last_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|window| window.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::path::parse;

    fn site() -> ServedSite {
        let mut output = Output::new();
        for (path, text) in [
            ("index.html", "<html><body>home</body></html>"),
            ("a/b/index.html", "<html><BODY>page</BODY></html>"),
            ("404.html", "<p>not here</p>"),
            ("style.css", "body{}"),
        ] {
            output.put(path, text);
        }
        let mut site = ServedSite::default();
        site.load_all(&output);
        site
    }

    fn key(found: Found) -> String {
        match found {
            Found::File { key, .. } => key,
            Found::Redirect(to) => format!("-> {to}"),
            Found::Missing(page) => format!("404 {}", page.is_some()),
        }
    }

    #[test]
    fn resolves_like_a_static_host() {
        let site = site();
        let find = |target: &str| key(site.find(&parse(target).unwrap()));
        assert_eq!(find("/"), "index.html");
        assert_eq!(find("/a/b/"), "a/b/index.html");
        assert_eq!(find("/a/b"), "-> /a/b/");
        assert_eq!(find("/a/b/index.html"), "a/b/index.html");
        assert_eq!(find("/style.css"), "style.css");
        assert_eq!(find("/style.css/"), "404 true");
        assert_eq!(find("/nope"), "404 true");
    }

    #[test]
    fn a_missing_page_of_a_language_edition_gets_that_edition_s_404() {
        let mut output = Output::new();
        output.put("404.html", "<p>not here</p>");
        output.put("de/404.html", "<p>nicht hier</p>");
        output.put("de/index.html", "<p>Start</p>");
        let mut site = ServedSite::default();
        site.load_all(&output);
        let page = |target: &str| match site.find(&parse(target).unwrap()) {
            Found::Missing(Some(file)) => String::from_utf8_lossy(&file.bytes).into_owned(),
            other => key(other),
        };
        assert!(page("/de/nope/").contains("nicht hier"));
        assert!(page("/fr/nope/").contains("not here"), "a folder that is no edition");
        assert!(page("/nope").contains("not here"));
    }

    #[test]
    fn injects_the_script_into_pages_only() {
        let site = site();
        let Found::File { file, .. } = site.find(&parse("/a/b/").unwrap()) else { panic!() };
        let text = String::from_utf8(file.bytes.to_vec()).unwrap();
        assert!(text.contains("page<script src=\"/__trailmap/live.js\""), "{text}");
        assert!(text.ends_with("</BODY></html>"));
        let Found::File { file, .. } = site.find(&parse("/style.css").unwrap()) else { panic!() };
        assert_eq!(&*file.bytes, b"body{}");
    }

    #[test]
    fn knows_what_a_page_refers_to() {
        let html = r##"<link rel="stylesheet" href="/style.css?v=2"><script src='app.js' defer></script>
            <a href="../other/">x</a><a href="https://example.org/x.js">y</a><img src="#top">
            <a href="/">home</a><link rel=icon href="../../favicon.svg"><img data-src="x.png">"##;
        assert_eq!(references("a/b/index.html", html), ["a/b/app.js", "favicon.svg", "style.css"]);
    }

    #[test]
    fn applies_changes() {
        let mut site = site();
        let mut output = Output::new();
        output.put("index.html", "<body>new</body>");
        output.put("c.txt", "c");
        let before = site.generation();
        let old_tag = site.get("index.html").unwrap().etag.clone();
        site.apply(Update::changed(
            &output,
            &Changes {
                written: vec!["index.html".into(), "c.txt".into()],
                removed: vec!["style.css".into()],
                ..Changes::default()
            },
        ));
        assert_eq!(site.generation(), before + 1);
        assert_ne!(site.get("index.html").unwrap().etag, old_tag);
        assert!(site.get("style.css").is_none());
        assert_eq!(key(site.find(&parse("/c.txt").unwrap())), "c.txt");
    }
}
