//! What `trailmap serve` serves after any sequence of edits is what a clean `trailmap build` of
//! the same sources writes, byte for byte (pages carry the live-reload script besides), and an
//! edit that breaks the site leaves the last good build served. Quick updates (one page shown
//! before the rest is rebuilt) and incremental rebuilds are both on the way; a dependency either
//! misses shows here as a file that differs from the clean build.

mod serve_support;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use serve_support::{Server, WAIT, copy_folder, write};

/// One step of a series: what it does to the site, and what the server makes of it.
struct Step {
    what: &'static str,
    edit: Box<dyn Fn(&Path)>,
    then: Then,
}

/// What the server does after a step.
#[derive(Clone, Copy, PartialEq)]
enum Then {
    /// Shows the edited pages at once, then rebuilds the rest.
    Quick,
    Rebuilds,
    /// Fails to build and keeps serving the last good build.
    Fails,
}
use Then::{Fails, Quick, Rebuilds};

fn step(what: &'static str, then: Then, edit: impl Fn(&Path) + 'static) -> Step {
    Step { what, edit: Box::new(edit), then }
}

/// Replaces `from` by `to` in the file at `rel` (which must hold it).
fn replace(root: &Path, rel: &str, from: &str, to: &str) {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{rel}: {e}"));
    assert!(text.contains(from), "{rel} lacks {from:?}");
    write(&path, &text.replacen(from, to, 1));
}

#[test]
fn after_every_kind_of_edit_the_served_site_is_a_clean_build() {
    let steps = vec![
        step("a skill's text", Quick, |root| {
            replace(root, "content/basics/alpha.md", "the original text.", "a new text.")
        }),
        step("the landing page's text", Quick, |root| {
            replace(root, "content/_index.md", "Start with", "Begin with")
        }),
        step("two skills' texts at once", Quick, |root| {
            replace(root, "content/basics/alpha.md", "a new text.", "a newer text.");
            replace(root, "content/advanced/gamma.md", "Gamma body.", "Gamma body, longer.");
        }),
        step("a skill's title", Rebuilds, |root| {
            replace(root, "content/basics/alpha.md", "title = \"Alpha\"", "title = \"Alpha One\"")
        }),
        step("the title of a skill that a page of another section links to as the next", Rebuilds, |root| {
            replace(root, "content/basics/beta.md", "title = \"Beta\"", "title = \"Beta Two\"")
        }),
        step("a new skill", Rebuilds, |root| {
            write(
                &root.join("content/basics/delta.md"),
                "+++\ntitle = \"Delta\"\nsummary = \"The fourth.\"\nweight = 3\n+++\n\nDelta needs [[gamma]].\n",
            )
        }),
        step("a heading added to a text", Rebuilds, |root| {
            replace(root, "content/basics/beta.md", "Beta builds", "## Why\n\nBeta builds")
        }),
        step("a link to that heading from another page", Rebuilds, |root| {
            replace(root, "content/advanced/gamma.md", "Gamma body, longer.", "Gamma body: [[beta#why]].")
        }),
        step("the heading renamed: the link breaks", Fails, |root| {
            replace(root, "content/basics/beta.md", "## Why", "## Wherefore")
        }),
        step("the link fixed", Rebuilds, |root| {
            replace(root, "content/advanced/gamma.md", "[[beta#why]]", "[[beta#wherefore]]")
        }),
        step("a link to a section about to be renamed", Fails, |root| {
            replace(root, "content/_index.md", "[[advanced]]", "[[expert]]")
        }),
        step("the section renamed", Rebuilds, |root| {
            std::fs::rename(root.join("content/advanced"), root.join("content/expert")).unwrap()
        }),
        step("a section's _index.md", Rebuilds, |root| {
            replace(root, "content/basics/_index.md", "Where do I start?", "Where does it begin?")
        }),
        step("the FAQ", Rebuilds, |root| replace(root, "content/faq.md", "Yes: see", "Yes, see")),
        step("a skill removed", Rebuilds, |root| {
            std::fs::remove_file(root.join("content/basics/delta.md")).unwrap()
        }),
        step("trailmap.toml", Rebuilds, |root| {
            replace(root, "trailmap.toml", "A small roadmap", "A little roadmap")
        }),
        step("a skill's text after all that", Quick, |root| {
            replace(root, "content/basics/alpha.md", "a newer text.", "the newest text.")
        }),
    ];
    follow("serve-basic", &steps);
}

#[test]
fn after_edits_to_a_multilingual_site_the_served_site_is_a_clean_build() {
    let steps = vec![
        step("a translation's text", Rebuilds, |root| {
            replace(root, "content/basics/mean.de.md", "teilt durch", "teilt dann durch")
        }),
        step("an original's text, shown where a translation is missing", Rebuilds, |root| {
            replace(root, "content/basics/variance.md", "squared distances", "squared differences")
        }),
        step("a translated section's _index", Rebuilds, |root| {
            let text = std::fs::read_to_string(root.join("content/basics/_index.de.md")).unwrap();
            write(&root.join("content/basics/_index.de.md"), &format!("{text}\nNoch ein Satz.\n"));
        }),
        step("an original's title", Rebuilds, |root| {
            replace(root, "content/basics/variance.md", "title = \"Variance\"", "title = \"The variance\"")
        }),
        step("a translation's anchor broken", Fails, |root| {
            replace(root, "content/basics/mean.de.md", "[[variance#streuung]]", "[[variance#nirgends]]")
        }),
        step("and fixed", Rebuilds, |root| {
            replace(root, "content/basics/mean.de.md", "[[variance#nirgends]]", "[[variance#streuung]]")
        }),
        step("the German FAQ", Rebuilds, |root| {
            let text = std::fs::read_to_string(root.join("content/faq.de.md")).unwrap();
            write(&root.join("content/faq.de.md"), &format!("{text}\nEin Nachtrag.\n"));
        }),
    ];
    follow("multilingual", &steps);
}

/// Serves a copy of the fixture, takes the steps one by one, and after each compares what is
/// served with a clean build (or, when the step breaks the site, with the last good one).
fn follow(fixture: &str, steps: &[Step]) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    copy_folder(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sites").join(fixture), &root, &[]);
    // Preview images are drawn by a build, never by serve: leave them out of both.
    let settings = std::fs::read_to_string(root.join("trailmap.toml")).unwrap();
    if !settings.contains("preview_images") {
        write(&root.join("trailmap.toml"), &format!("preview_images = \"none\"\n{settings}"));
    }
    let server = Server::start(&root);
    server.wait_output("Built ");
    let url = format!("http://127.0.0.1:{}/", server.port);
    let mut ever = BTreeSet::new();
    let mut good = clean_build(&root, &dir.path().join("clean-0"), &url);
    ever.extend(good.keys().cloned());
    matches(&server, &good, &ever).unwrap_or_else(|diff| panic!("after the first build: {diff}"));
    for (n, step) in steps.iter().enumerate() {
        (step.edit)(&root);
        match step.then {
            Fails => {
                server.next_output("the build failed");
            }
            Quick | Rebuilds => {
                if step.then == Quick {
                    server.next_output(" updated in ");
                }
                good = clean_build(&root, &dir.path().join(format!("clean-{}", n + 1)), &url);
                ever.extend(good.keys().cloned());
            }
        }
        settles(|| matches(&server, &good, &ever))
            .unwrap_or_else(|diff| panic!("after step {} ({}): {diff}", n + 1, step.what));
    }
}

/// The files of a clean `trailmap build` of `root` into `out`, by their path in the site.
fn clean_build(root: &Path, out: &Path, url: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = Command::new(env!("CARGO_BIN_EXE_trailmap"))
        .args(["build", "--quiet", "--base-url", url, "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .output()
        .expect("trailmap runs");
    assert!(run.status.success(), "the clean build failed: {}", String::from_utf8_lossy(&run.stderr));
    let mut files = std::collections::BTreeMap::new();
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let rel: PathBuf = entry.path().strip_prefix(out).unwrap().to_path_buf();
        if entry.file_type().is_file() && rel != Path::new(".trailmap-manifest") {
            let key = rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
            files.insert(key, std::fs::read(entry.path()).unwrap());
        }
    }
    files
}

/// Whether the server serves exactly `files`: each with the same bytes (a page with its
/// live-reload script taken out), and none of the files earlier builds had and this one has not.
fn matches(
    server: &Server,
    files: &std::collections::BTreeMap<String, Vec<u8>>,
    ever: &BTreeSet<String>,
) -> Result<(), String> {
    for (path, bytes) in files {
        let reply = server.get(&format!("/{path}"));
        if reply.status != 200 {
            return Err(format!("/{path} answers {}", reply.status));
        }
        let served = without_live_script(&reply.body);
        if &served != bytes {
            return Err(format!(
                "/{path} differs from the clean build:\n--- served\n{}\n--- built\n{}",
                String::from_utf8_lossy(&served),
                String::from_utf8_lossy(bytes)
            ));
        }
    }
    for gone in ever.iter().filter(|path| !files.contains_key(*path)) {
        let status = server.get(&format!("/{gone}")).status;
        if status != 404 {
            return Err(format!("/{gone} is gone from the clean build but answers {status}"));
        }
    }
    Ok(())
}

/// A served page as built: the `<script>` that serve adds for live reload taken out.
fn without_live_script(page: &[u8]) -> Vec<u8> {
    let needle = b"<script src=\"/__trailmap/live.js\"";
    let Some(start) = page.windows(needle.len()).rposition(|w| w == needle) else { return page.to_vec() };
    let end =
        page[start..].windows(9).position(|w| w == b"</script>").map_or(page.len(), |at| start + at + 9);
    [&page[..start], &page[end..]].concat()
}

/// Polls `check` until it holds: the server rebuilds after a burst of events, the rest of a
/// quick update follows, and an editor's save may come as two bursts.
fn settles(mut check: impl FnMut() -> Result<(), String>) -> Result<(), String> {
    let deadline = Instant::now() + WAIT;
    loop {
        match check() {
            Ok(()) => return Ok(()),
            Err(diff) if Instant::now() >= deadline => return Err(diff),
            Err(_) => std::thread::sleep(Duration::from_millis(50)),
        }
    }
}
