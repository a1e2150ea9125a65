//! Standalone pages: the Markdown files of a site's top-level `pages/` folder ("About",
//! "Contributing", "Credits"), published at `/<name>/` with the site's header, footer and
//! search, outside the roadmap's tree. They are nodes of kind [`NodeKind::Page`], appended after
//! the tree, so that links to and from them are checked like every other.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::{Level, Node, NodeKind};

/// The folder, at the site's root.
pub const DIR: &str = "pages";

/// The id prefix of standalone pages: `[[page:about]]` can never mean a skill called `about`.
pub const ID_PREFIX: &str = "page:";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PageMeta {
    title: String,
    #[serde(default)]
    description: String,
    /// Listed in the site's navigation.
    #[serde(default)]
    menu: bool,
    /// Orders the navigation's pages (then the title).
    weight: Option<i64>,
    #[serde(default)]
    draft: bool,
}

/// A standalone page as loaded, with whether it goes in the navigation.
pub struct Loaded {
    pub node: Node,
    pub menu: bool,
}

/// The path by which links name a page's file: relative to `content/`, as every Markdown
/// file's relative links are resolved (`../pages/about.md`).
pub fn link_path(name: &str) -> PathBuf {
    Path::new("..").join(DIR).join(name)
}

/// Loads `pages/` under `root` (no folder, no pages). Drafts are left out unless `drafts`.
/// On a site in several `languages`, `about.de.md` is a translation of `about.md`: returned
/// apart, as `(language, original's stem, page)`.
pub fn load(
    root: &Path,
    drafts: bool,
    languages: &[String],
    problems: &mut Diagnostics,
) -> (Vec<Loaded>, Vec<(String, String, Loaded)>) {
    let dir = root.join(DIR);
    let mut translations = Vec::new();
    if let Some(problem) = crate::files::symlink_problem(root, &dir) {
        problems.push(problem);
        return (Vec::new(), translations);
    }
    let Ok(read) = std::fs::read_dir(&dir) else { return (Vec::new(), translations) };
    let mut names: Vec<(String, PathBuf)> = read
        .filter_map(Result::ok)
        .map(|entry| (entry.file_name().to_string_lossy().into_owned(), entry.path()))
        .filter(|(name, _)| crate::files::is_site_file(name))
        .collect();
    names.sort();
    let mut pages = Vec::new();
    for (name, path) in names {
        let shown = Path::new(DIR).join(&name);
        if let Some(problem) = crate::files::symlink_problem(root, &path) {
            problems.push(problem);
            continue;
        }
        let Some(stem) = crate::files::markdown_stem(&name).filter(|_| path.is_file()) else {
            problems.push(
                Diagnostic::file(&shown, "pages/ holds Markdown pages only: this is not published")
                    .with_hint(
                        "put images and other files in static/ and name them from `/`, e.g. `/team.jpg`",
                    )
                    .warning(),
            );
            continue;
        };
        if let Some((original, language)) = crate::edition::translation_suffix(stem, languages) {
            if !languages[1..].iter().any(|l| l == language) {
                let message = format!(
                    "`{language}` is not one of the site's other languages (`{}`)",
                    languages.join("`, `")
                );
                let hint = format!(
                    "a translation is named `{original}.LANGUAGE.md` with a language of `languages` other than the first"
                );
                problems.push(Diagnostic::file(&shown, message).with_hint(hint));
                continue;
            }
            match load_page(&path, &shown, &name, original) {
                Ok(page) => translations.push((language.to_string(), original.to_string(), page)),
                Err(problem) => problems.push(problem),
            }
            continue;
        }
        match load_page(&path, &shown, &name, stem) {
            Ok(page) if page.node.draft && !drafts => {}
            Ok(page) => pages.push(page),
            Err(problem) => problems.push(problem),
        }
    }
    (pages, translations)
}

fn load_page(file: &Path, shown: &Path, name: &str, stem: &str) -> Result<Loaded, Diagnostic> {
    let source = crate::load::read_source(file, shown.to_path_buf())?;
    let valid = !stem.starts_with(['.', '_'])
        && stem.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if !valid {
        return Err(crate::diagnostics::Diagnostic::file(shown, format!("`{stem}` cannot name a page"))
            .with_hint(
                "a page's file name becomes its URL: use letters, digits, `-`, `_` and `.` (not first)",
            ));
    }
    let split = crate::frontmatter::split(&source)?;
    let meta: PageMeta = crate::frontmatter::parse(&source, &split)?;
    if meta.title.trim().is_empty() {
        return Err(source.error_at(split.front.start, split.front.start, "the `title` is empty"));
    }
    let body =
        crate::markdown::parse(source.text.clone(), split.body.clone(), split.body.start, &link_path(name));
    let source_hash = {
        let mut hasher = std::hash::DefaultHasher::new();
        std::hash::Hash::hash(&*source.text, &mut hasher);
        std::hash::Hasher::finish(&hasher)
    };
    let node = Node {
        id: format!("{ID_PREFIX}{stem}"),
        id_span: 0..0,
        kind: NodeKind::Page,
        title: meta.title,
        summary: meta.description.clone(),
        question: String::new(),
        description: meta.description,
        takeaways: Vec::new(),
        weight: meta.weight.unwrap_or(i64::MAX),
        level: Level::Core,
        prerequisites: Vec::new(),
        related: Vec::new(),
        aliases: Vec::new(),
        resources: Vec::new(),
        draft: meta.draft,
        parent: None,
        children: Vec::new(),
        depth: 0,
        path: format!("{stem}/"),
        source,
        source_hash,
        body: Arc::new(body),
        text_language: None,
        original_headings: Vec::new(),
    };
    Ok(Loaded { node, menu: meta.menu })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(DIR)).unwrap();
        for (name, text) in files {
            std::fs::write(dir.path().join(DIR).join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn loads_pages_with_their_menu_place() {
        let dir = site_with(&[
            ("about.md", "+++\ntitle = \"About\"\nmenu = true\nweight = 2\n+++\nWho we are.\n"),
            ("Credits.markdown", "+++\ntitle = \"Credits\"\n+++\nThanks.\n"),
            ("plan.md", "+++\ntitle = \"Plan\"\ndraft = true\n+++\n"),
            ("team.jpg", "not markdown"),
            (".notes.md.swp", "editor"),
        ]);
        let mut problems = Diagnostics::new();
        let pages = load(dir.path(), false, &[], &mut problems).0;
        let ids: Vec<(&str, &str, bool)> =
            pages.iter().map(|p| (p.node.id.as_str(), p.node.path.as_str(), p.menu)).collect();
        assert_eq!(ids, [("page:Credits", "Credits/", false), ("page:about", "about/", true)]);
        let problems = problems.into_sorted();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].is_warning() && problems[0].path == Path::new("pages/team.jpg"));
        assert_eq!(load(dir.path(), true, &[], &mut Diagnostics::new()).0.len(), 3, "drafts with --drafts");
    }

    #[test]
    fn an_unknown_key_is_an_error_at_its_place() {
        let dir = site_with(&[("about.md", "+++\ntitle = \"About\"\nmenus = true\n+++\n")]);
        let mut problems = Diagnostics::new();
        assert!(load(dir.path(), false, &[], &mut problems).0.is_empty());
        let problems = problems.into_sorted();
        assert_eq!((problems[0].line, problems[0].column), (3, 1), "{problems:?}");
    }
}
