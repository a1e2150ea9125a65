//! `trailmap check --external`: asks every external URL of the site (resources, and links and
//! images in bodies) whether it still answers, a few at a time and fewer per host, and reports
//! each one that does not at every place it is written.
//!
//! Results are kept for a day in `.trailmap/links.json` under the site, so that a re-run asks
//! only about URLs it has not seen lately (`--recheck` asks about all of them again).

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::path::Path;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, SourceFile};

/// How long a result is trusted.
const FRESH_FOR: Duration = Duration::from_secs(24 * 60 * 60);
/// Redirects followed before giving up.
const MAX_HOPS: usize = 10;
/// Where the results are kept, relative to the site's folder (`init` ignores `/.trailmap/`).
pub const CACHE_FILE: &str = ".trailmap/links.json";

/// How to check.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// The most a request (with its redirects) may take.
    pub timeout: Duration,
    /// Requests in flight at once.
    pub jobs: usize,
    /// Requests in flight at once to one host: a link checker must not look like an attack.
    pub per_host: usize,
    /// Ask about every URL, whatever the cache says.
    pub recheck: bool,
}

impl Default for ExternalOptions {
    fn default() -> Self {
        ExternalOptions { timeout: Duration::from_secs(10), jobs: 8, per_host: 2, recheck: false }
    }
}

/// What a check found.
#[derive(Debug, Default)]
pub struct Report {
    /// Failures (errors) and redirects (warnings), each at its place.
    pub problems: Vec<Diagnostic>,
    /// Distinct URLs on the site.
    pub urls: usize,
    /// URLs asked about over the network this time (the rest came from the cache).
    pub requested: usize,
}

/// What one URL answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    /// The status of each answer, redirects first.
    pub statuses: Vec<u16>,
    /// Where the last request went.
    pub last_url: String,
    /// Why there was no (final) answer: a timeout, a refused connection …
    pub error: Option<String>,
    /// When it was checked, in seconds since 1970.
    pub at: u64,
}

impl Checked {
    /// The report line after `GET URL -> `, and whether it is a failure (else a warning), or
    /// `None` when all is well.
    fn verdict(&self) -> Option<(String, bool)> {
        let mut steps: Vec<String> = Vec::new();
        let redirected = self.statuses.len() > 1 || self.error.is_some() && !self.statuses.is_empty();
        for status in &self.statuses {
            steps.push(status.to_string());
        }
        if redirected {
            // The redirects' statuses, then where they led, then how that answered.
            let last = if self.error.is_some() { None } else { steps.pop() };
            steps.push(self.last_url.clone());
            steps.extend(last);
        }
        if let Some(error) = &self.error {
            steps.push(error.clone());
            return Some((steps.join(" -> "), true));
        }
        let last = *self.statuses.last()?;
        match last {
            200..=299 if redirected => Some((steps.join(" -> "), false)),
            200..=299 => None,
            // Too many requests: the server is up, it only wants fewer of them.
            429 => Some((steps.join(" -> "), false)),
            _ => Some((steps.join(" -> "), true)),
        }
    }
}

/// Checks every external URL of the site at `root`.
pub fn check(root: &Path, drafts: bool, options: &ExternalOptions) -> Result<Report, Vec<Diagnostic>> {
    // Every roadmap of a site of several.
    let (loaded, problems) = crate::load::load_all(root, drafts, &mut Default::default(), None);
    let sites = match loaded {
        Some(loaded) if !problems.has_errors() => loaded.roadmaps,
        _ => return Err(problems.into_sorted()),
    };
    let mut places: BTreeMap<String, Vec<(&SourceFile, Range<usize>)>> = BTreeMap::new();
    let pages = sites.iter().flat_map(|site| {
        let pages = site.nodes.iter().map(|n| (&n.source, &n.resources[..], &*n.body));
        pages.chain(site.faq.as_ref().map(|f| (&f.source, &[][..], &f.body)))
    });
    for (source, resources, body) in pages {
        for url in crate::lint::scan(resources, body).urls {
            places.entry(url.url).or_default().push((source, url.span));
        }
    }
    let cache_file = root.join(CACHE_FILE);
    let mut cache = if options.recheck { HashMap::new() } else { read_cache(&cache_file) };
    let now = now();
    cache.retain(|_, c: &mut Checked| now.saturating_sub(c.at) < FRESH_FOR.as_secs());
    let wanted: Vec<String> = places.keys().filter(|url| !cache.contains_key(*url)).cloned().collect();
    let requested = wanted.len();
    cache.extend(fetch_all(wanted, options));

    let mut problems = Vec::new();
    if let Err(error) = write_cache(&cache_file, &cache) {
        problems.push(
            Diagnostic::file(CACHE_FILE, format!("cannot keep the results: {error}"))
                .with_hint("the next run will ask again")
                .warning(),
        );
    }
    for (url, at) in &places {
        let Some((what, failed)) = cache.get(url).and_then(Checked::verdict) else { continue };
        for (source, span) in at {
            let problem = source.error_at(span.start, span.end, format!("GET {url} -> {what}"));
            problems.push(if failed { problem } else { problem.warning() });
        }
    }
    problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Ok(Report { problems, urls: places.len(), requested })
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

fn read_cache(file: &Path) -> HashMap<String, Checked> {
    // A cache that cannot be read is only a slower run.
    std::fs::read(file).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
}

fn write_cache(file: &Path, cache: &HashMap<String, Checked>) -> std::io::Result<()> {
    if let Some(folder) = file.parent() {
        std::fs::create_dir_all(folder)?;
    }
    let sorted: BTreeMap<&String, &Checked> = cache.iter().collect();
    let text = serde_json::to_vec_pretty(&sorted).map_err(std::io::Error::other)?;
    let partial = file.with_extension("json.partial");
    std::fs::write(&partial, text)?;
    std::fs::rename(&partial, file)
}

/// The host of a URL, which the per-host limit counts by.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    rest[..end].to_ascii_lowercase()
}

/// What the workers share: the URLs not yet taken and the requests in flight per host.
struct Queue {
    pending: Vec<String>,
    busy: HashMap<String, usize>,
}

/// Checks `urls` with at most `jobs` requests at once and `per_host` to a host.
fn fetch_all(urls: Vec<String>, options: &ExternalOptions) -> Vec<(String, Checked)> {
    if urls.is_empty() {
        return Vec::new();
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(0)
        .http_status_as_error(false)
        .user_agent(concat!("trailmap/", env!("CARGO_PKG_VERSION"), " (link check)"))
        .build()
        .into();
    let jobs = options.jobs.clamp(1, urls.len());
    let per_host = options.per_host.max(1);
    let queue = Mutex::new(Queue { pending: urls, busy: HashMap::new() });
    let ready = Condvar::new();
    let results = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| {
                loop {
                    let (url, host) = {
                        let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                        loop {
                            if queue.pending.is_empty() {
                                return;
                            }
                            let free = queue
                                .pending
                                .iter()
                                .position(|u| queue.busy.get(&host(u)).copied().unwrap_or(0) < per_host);
                            if let Some(index) = free {
                                let url = queue.pending.remove(index);
                                let host = host(&url);
                                *queue.busy.entry(host.clone()).or_default() += 1;
                                break (url, host);
                            }
                            queue = ready.wait(queue).unwrap_or_else(|e| e.into_inner());
                        }
                    };
                    let checked = fetch(&agent, &url, options.timeout);
                    let mut queue = queue.lock().unwrap_or_else(|e| e.into_inner());
                    if let Some(count) = queue.busy.get_mut(&host) {
                        *count -= 1;
                    }
                    drop(queue);
                    ready.notify_all();
                    results.lock().unwrap_or_else(|e| e.into_inner()).push((url, checked));
                }
            });
        }
    });
    results.into_inner().unwrap_or_else(|e| e.into_inner())
}

/// Asks for one URL, following its redirects.
fn fetch(agent: &ureq::Agent, url: &str, timeout: Duration) -> Checked {
    let mut checked = Checked { statuses: Vec::new(), last_url: url.to_string(), error: None, at: now() };
    let mut current = url.to_string();
    for _ in 0..=MAX_HOPS {
        checked.last_url = current.clone();
        let response = match agent.get(&current).call() {
            Ok(response) => response,
            Err(error) => {
                checked.error = Some(describe(&error, timeout));
                return checked;
            }
        };
        let status = response.status().as_u16();
        checked.statuses.push(status);
        let location = response.headers().get("location").and_then(|l| l.to_str().ok());
        match location {
            Some(location) if (300..400).contains(&status) => current = join(&current, location),
            _ => return checked,
        }
    }
    checked.error = Some(format!("more than {MAX_HOPS} redirects"));
    checked
}

/// Why a request got no answer, in a few words.
fn describe(error: &ureq::Error, timeout: Duration) -> String {
    match error {
        ureq::Error::Timeout(_) => format!("timed out after {} s", timeout.as_secs_f64()),
        ureq::Error::HostNotFound => "host not found".to_string(),
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::ConnectionRefused => {
            "connection refused".to_string()
        }
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            format!("timed out after {} s", timeout.as_secs_f64())
        }
        other => other.to_string(),
    }
}

/// A redirect's `Location`, made absolute against the URL that answered with it.
fn join(base: &str, location: &str) -> String {
    if is_absolute(location) {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(network) = location.strip_prefix("//") {
        return format!("{scheme}://{network}");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let origin = format!("{scheme}://{}", &rest[..authority_end]);
    if location.starts_with('/') {
        return format!("{origin}{location}");
    }
    let path = &rest[authority_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    let folder = path.rfind('/').map_or("/", |i| &path[..=i]);
    format!("{origin}{folder}{location}")
}

fn is_absolute(url: &str) -> bool {
    url.split_once("://").is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_targets_are_made_absolute() {
        assert_eq!(join("https://a.org/x/y?q", "z"), "https://a.org/x/z");
        assert_eq!(join("https://a.org/x/y", "/z"), "https://a.org/z");
        assert_eq!(join("https://a.org", "//b.org/z"), "https://b.org/z");
        assert_eq!(join("http://a.org/x", "https://b.org/"), "https://b.org/");
        assert_eq!(host("https://A.org:8080/x?y"), "a.org:8080");
    }

    #[test]
    fn no_more_than_per_host_requests_at_once_to_one_host() {
        use std::io::{Read, Write};
        use std::sync::atomic::{AtomicUsize, Ordering};
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let now = std::sync::Arc::new(AtomicUsize::new(0));
        let most = std::sync::Arc::new(AtomicUsize::new(0));
        let (counting, highest) = (now.clone(), most.clone());
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let (counting, highest) = (counting.clone(), highest.clone());
                std::thread::spawn(move || {
                    let mut head = [0; 1024];
                    let _ = stream.read(&mut head);
                    let current = counting.fetch_add(1, Ordering::SeqCst) + 1;
                    highest.fetch_max(current, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(150));
                    counting.fetch_sub(1, Ordering::SeqCst);
                    let _ = stream
                        .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                });
            }
        });
        let urls: Vec<String> = (0..6).map(|n| format!("{base}/{n}")).collect();
        let options = ExternalOptions { jobs: 8, per_host: 2, ..ExternalOptions::default() };
        let results = fetch_all(urls, &options);
        assert_eq!(results.len(), 6);
        assert!(results.iter().all(|(_, c)| c.statuses == [200]), "{results:?}");
        assert_eq!(most.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn verdicts() {
        let checked = |statuses: Vec<u16>, error: Option<&str>| Checked {
            statuses,
            last_url: "https://b.org/".into(),
            error: error.map(String::from),
            at: 0,
        };
        assert_eq!(checked(vec![200], None).verdict(), None);
        assert_eq!(checked(vec![404], None).verdict(), Some(("404".into(), true)));
        assert_eq!(
            checked(vec![301, 200], None).verdict(),
            Some(("301 -> https://b.org/ -> 200".into(), false))
        );
        assert_eq!(
            checked(vec![301, 404], None).verdict(),
            Some(("301 -> https://b.org/ -> 404".into(), true))
        );
        assert_eq!(
            checked(vec![], Some("connection refused")).verdict(),
            Some(("connection refused".into(), true))
        );
    }
}
