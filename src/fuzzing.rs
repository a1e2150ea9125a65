//! The ways in for the fuzz targets in `fuzz/` and their regression tests
//! (`tests/fuzz_regressions.rs`); not part of trailmap's API.
//!
//! Each function feeds arbitrary input to one stage the way a build would, and panics when the
//! stage breaks a promise: it may reject the input with a diagnostic, but never panic, hang, or
//! hand back positions outside the file. Keeping the checks here (rather than in the fuzz
//! crate) lets a crash found by the fuzzer become a plain `cargo test` regression test.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::site::NodeKind;
use crate::{frontmatter, load, markdown};

/// Front matter and the page structs: the text as every kind of page, and as the FAQ.
pub fn front_matter(text: &str) {
    let file = SourceFile::new("content/x.md", text);
    if let Ok(split) = frontmatter::split(&file) {
        assert!(split.front.start <= split.front.end && split.front.end <= split.body.start);
        assert!(split.body.end == text.len());
        // Slicing checks the char boundaries.
        let _ = (&text[split.front.clone()], &text[split.body.clone()]);
    }
    let pages = [
        (NodeKind::Root, "_index.md"),
        (NodeKind::Section, "basics/_index.md"),
        (NodeKind::Skill, "basics/tools/_index.md"),
        (NodeKind::Skill, "basics/hammer.md"),
    ];
    for (kind, rel) in pages {
        match load::parse_page(text, kind, Path::new(rel)) {
            Ok(node) => {
                assert!(!node.title.trim().is_empty(), "a page was loaded with an empty title");
                for id in node.prerequisites.iter().chain(&node.related).chain(&node.aliases) {
                    let _ = &text[id.span.clone()];
                }
                let _ = &text[node.id_span.clone()];
            }
            Err(problem) => check_diagnostic(&problem, text),
        }
    }
    if let Err(problem) = load::parse_faq(SourceFile::new("content/faq.md", text)) {
        check_diagnostic(&problem, text);
    }
}

/// The Markdown-with-cross-links pass, on a body that starts at byte `offset` of its file.
pub fn markdown(body: &str, offset: usize) {
    let offset = offset.min(usize::MAX / 2);
    let parsed = markdown::parse(body.into(), 0..body.len(), offset, Path::new("basics/tools/hammer.md"));
    for link in &parsed.links {
        assert!(
            offset <= link.span.start
                && link.span.start <= link.span.end
                && link.span.end <= offset + body.len(),
            "link span {:?} outside the body ({offset}..{})",
            link.span,
            offset + body.len()
        );
        let _ = &body[link.span.start - offset..link.span.end - offset];
    }
    for bad in &parsed.bad_cross_links {
        assert!(
            offset <= bad.span.start && bad.span.start < bad.span.end && bad.span.end <= offset + body.len(),
            "malformed cross-link span {:?} outside the body",
            bad.span
        );
        assert!(body[bad.span.start - offset..bad.span.end - offset].starts_with("[["));
    }
    for found in &parsed.script_in_html {
        assert!(
            offset <= found.span.start
                && found.span.start < found.span.end
                && found.span.end <= offset + body.len(),
            "script-in-HTML span {:?} outside the body",
            found.span
        );
        let _ = &body[found.span.start - offset..found.span.end - offset];
    }
    let mut ids = HashSet::new();
    for heading in &parsed.headings {
        assert!(!heading.id.is_empty(), "a heading without an id");
        assert!(ids.insert(heading.id.as_str()), "heading id `{}` used twice", heading.id);
    }
    let html = markdown::to_html(parsed.events(), &parsed.formulas, body.len());
    assert!(!parsed.text.ends_with(char::is_whitespace), "the plain text is trimmed");
    drop(html);
}

/// The settings every generated site gets.
pub const SETTINGS: &str = "title = \"Fuzzed roadmap\"\nbase_url = \"https://example.org/sub/\"\n";

/// Separates the files of a generated site in a fuzz input (ASCII "record separator").
pub const FILE_SEPARATOR: u8 = 0x1e;

/// Where the parts of an input go when they do not name a path themselves.
const SLOTS: &[&str] = &[
    "_index.md",
    "faq.md",
    "basics/_index.md",
    "basics/first.md",
    "basics/tools/_index.md",
    "basics/tools/hammer.md",
    "advanced/_index.md",
    "advanced/mastery.md",
];

/// Lays out a site in `root` (which must be empty) from a fuzz input: the input is split at
/// [`FILE_SEPARATOR`] into files; a part whose first line is `@some/path.md` goes there
/// (sanitised to stay inside `content/`), the others fill the usual places of a small roadmap
/// in turn. Files are written as raw bytes, so invalid UTF-8 reaches the loader too.
pub fn write_site(data: &[u8], root: &Path) -> std::io::Result<()> {
    std::fs::write(root.join("trailmap.toml"), SETTINGS)?;
    let content = root.join("content");
    std::fs::create_dir_all(&content)?;
    let mut slots = SLOTS.iter();
    for part in data.split(|&b| b == FILE_SEPARATOR).take(64) {
        let (rel, bytes) = match part.strip_prefix(b"@") {
            Some(rest) => {
                let end = rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len());
                let Some(rel) = sanitize(&rest[..end]) else { continue };
                (rel, rest.get(end + 1..).unwrap_or_default())
            }
            None => match slots.next() {
                Some(slot) => (PathBuf::from(slot), part),
                None => continue,
            },
        };
        let path = content.join(rel);
        // A path that collides with a folder (or a file where a folder should be) is skipped.
        if path.parent().is_some_and(|parent| std::fs::create_dir_all(parent).is_ok()) {
            let _ = std::fs::write(&path, bytes);
        }
    }
    Ok(())
}

/// The small, valid site the FAQ target builds, with `faq` as its `content/faq.md`.
pub fn write_faq_site(faq: &[u8], root: &Path) -> std::io::Result<()> {
    const PAGES: &[(&str, &str)] = &[
        ("_index.md", "+++\ntitle = \"Root\"\n+++\n\nSee the [FAQ](faq.md#why).\n"),
        ("basics/_index.md", "+++\ntitle = \"Basics\"\n+++\n\n## Start {#start}\n"),
        ("basics/hammer.md", "+++\ntitle = \"Hammer\"\n+++\n\n## Swing\n\n[[basics#start]]\n"),
    ];
    std::fs::write(root.join("trailmap.toml"), SETTINGS)?;
    for (rel, text) in PAGES {
        let path = root.join("content").join(rel);
        std::fs::create_dir_all(path.parent().unwrap_or(root))?;
        std::fs::write(path, text)?;
    }
    std::fs::write(root.join("content/faq.md"), faq)
}

/// A relative path made only of plain names: no `..`, no absolute paths, at most 24 deep.
fn sanitize(raw: &[u8]) -> Option<PathBuf> {
    let text = String::from_utf8_lossy(raw);
    let mut path = PathBuf::new();
    for segment in text.split('/').take(24) {
        let clean: String = segment
            .chars()
            .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '#' | '~'))
            .take(60)
            .collect();
        if clean.is_empty() || clean.chars().all(|c| c == '.') {
            continue;
        }
        path.push(clean);
    }
    (!path.as_os_str().is_empty()).then_some(path)
}

/// Builds the site at `root`; the problems, when it fails, must each be well placed.
pub fn build(root: &Path) -> Result<crate::output::Output, Vec<Diagnostic>> {
    let options = crate::BuildOptions { root: root.to_path_buf(), ..crate::BuildOptions::default() };
    let result = crate::build(&options);
    if let Err(problems) = &result {
        assert!(!problems.is_empty(), "a failed build must say why");
        for problem in problems {
            let text = std::fs::read(root.join(&problem.path)).unwrap_or_default();
            check_diagnostic(problem, &String::from_utf8_lossy(&text));
        }
    }
    result
}

/// A diagnostic points at a real line and column of its file and prints without panicking.
fn check_diagnostic(problem: &Diagnostic, text: &str) {
    assert!(problem.line >= 1 && problem.column >= 1, "{problem:?}");
    if problem.snippet.is_some() {
        let lines = text.split('\n').count().max(1);
        assert!(problem.line <= lines, "line {} of a {lines}-line file: {problem:?}", problem.line);
    }
    assert!(!problem.message.is_empty());
    let _ = problem.to_string();
}
