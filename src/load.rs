//! Stage 1, load: reads `trailmap.toml` and `content/` into a [`Site`].
//!
//! The folder tree is the roadmap tree. Files are discovered first (in sorted order, so the
//! result never depends on the file system), then read and parsed in parallel, then assembled
//! into the node arena in pre-order with siblings sorted by weight and title.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use rayon::prelude::*;
use serde::Deserialize;
use toml::Spanned;

use crate::config::{Config, MathErrors};
use crate::diagnostics::{Diagnostic, Diagnostics, SourceFile};
use crate::frontmatter;
use crate::markdown;
use crate::progress::Progress;
use crate::site::{
    Asset, Faq, IdRef, Level, Node, NodeId, NodeKind, Resource, ResourceKind, Site, Translations, Unloaded,
    text_hash,
};

/// Folders nested deeper than this are reported rather than followed (it also stops symlink loops).
const MAX_DEPTH: usize = 64;

/// The id of the roadmap's root in `roadmap.json`; ids written by authors cannot start with `_`.
pub const ROOT_ID: &str = "_root";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RootMeta {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    takeaways: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionMeta {
    #[serde(default)]
    title: String,
    #[serde(default)]
    question: String,
    #[serde(default)]
    summary: String,
    weight: Option<i64>,
    id: Option<Spanned<String>>,
    #[serde(default)]
    draft: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SkillMeta {
    #[serde(default)]
    title: String,
    #[serde(default)]
    summary: String,
    weight: Option<i64>,
    id: Option<Spanned<String>>,
    #[serde(default)]
    level: Level,
    #[serde(default)]
    prerequisites: Vec<Spanned<String>>,
    #[serde(default)]
    related: Vec<Spanned<String>>,
    #[serde(default)]
    resources: Vec<ResourceMeta>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
}

/// A resource as written: its `url` keeps its place, for the resolver's checks.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResourceMeta {
    title: String,
    url: Spanned<String>,
    kind: ResourceKind,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FaqMeta {
    title: Option<String>,
    #[serde(default)]
    description: String,
}

/// None: the page's title is the interface's (`faq.title` in the site's language).
fn default_faq_title() -> String {
    String::new()
}

/// A content file found on disk, before it is read.
struct Entry {
    file: PathBuf,
    /// Relative to `content/`, with `/` separators: how links name it.
    rel: PathBuf,
    kind: NodeKind,
    depth: usize,
    /// Index of the parent's entry.
    parent: Option<usize>,
    /// The id the file's name gives it.
    name_id: String,
    /// A translation (`calculus.de.md`): its language and the index of its original's entry.
    translation: Option<(String, usize)>,
    /// Where it is, as shown in messages (`content/…`).
    shown: PathBuf,
}

/// Pages already read and parsed, reused while their file is unchanged (same size, modification
/// time and inode): what makes `serve`'s rebuilds cheap on big roadmaps.
#[derive(Default)]
pub struct LoadCache {
    pages: HashMap<PathBuf, (FileStamp, Loaded)>,
    /// Whether to keep what was loaded for the next time (a one-off build does not).
    remember: bool,
    /// For the next load only: every cached page is taken as unchanged without a look at its
    /// file (the caller has [`forget`](LoadCache::forget)ten the ones that changed).
    trusting: bool,
    /// Each skill's text is let go of once parsed (see [`Node::release_text`]).
    releasing: bool,
}

impl LoadCache {
    /// A cache that keeps every page it loads, for the builds to come.
    pub fn remembering() -> Self {
        LoadCache { pages: HashMap::new(), remember: true, trusting: false, releasing: false }
    }

    /// Makes the loads of a cache that remembers nothing let go of each skill's text once it is
    /// parsed (see [`Node::release_text`]): a build that keeps nothing for a next one reads it
    /// again for the skill's page, and does not hold the whole roadmap's text meanwhile.
    pub fn release_texts(&mut self, release: bool) {
        self.releasing = release && !self.remember;
    }

    /// Makes the next load trust the cache: the pages not forgotten since are taken without a
    /// look at their files. For `serve`, whose watcher names every file that changed; a look at
    /// 10,000 files costs more than the rest of a rebuild. [`stale`](LoadCache::stale) is the
    /// safety net for what a watcher may miss.
    pub fn trust_next_load(&mut self) {
        self.trusting = true;
    }

    /// The cached pages whose files are no longer what was read (changed, or gone).
    pub fn stale(&self) -> Vec<PathBuf> {
        let pages: Vec<(&PathBuf, &FileStamp)> =
            self.pages.iter().map(|(file, (stamp, _))| (file, stamp)).collect();
        pages
            .into_par_iter()
            .filter(|(file, stamp)| FileStamp::of(file).as_ref() != Some(*stamp))
            .map(|(file, _)| file.clone())
            .collect()
    }

    /// Forgets the pages at `paths` and below them (folders), so that the next load reads them
    /// whatever their stamps say: an edit that keeps the size within the file system's clock
    /// tick (or restores the old time) looks unchanged to the stamp, but not to the watcher.
    pub fn forget(&mut self, paths: &[PathBuf]) {
        if paths.is_empty() {
            return;
        }
        self.pages.retain(|file, _| !paths.iter().any(|changed| file.starts_with(changed)));
    }
}

/// What identifies one version of a file without reading it.
#[derive(Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        let meta = std::fs::metadata(path).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&meta);
        #[cfg(not(unix))]
        let inode = 0;
        Some(FileStamp { len: meta.len(), modified: meta.modified().ok(), inode })
    }
}

/// A node read from its file, not yet placed in the tree.
#[derive(Clone)]
struct Loaded {
    node: Node,
    /// `None` means "sort last".
    weight: Option<i64>,
}

/// Loads the site at `root`. With `drafts`, pages marked `draft = true` are included.
pub fn load(root: &Path, drafts: bool) -> Result<Site, Vec<Diagnostic>> {
    let (site, problems) = load_cached(root, drafts, &mut LoadCache::default(), None);
    match site {
        Some(site) if !problems.has_errors() => Ok(site),
        _ => Err(problems.into_sorted()),
    }
}

/// Like [`load`], reusing the pages of `cache` whose files have not changed, and updating it.
/// Returns the site made of every page that loaded (if the settings and the root did), with
/// the problems of those that did not, so that the later stages can check what there is: an
/// author sees every problem of a run at once.
pub fn load_cached(
    root: &Path,
    drafts: bool,
    cache: &mut LoadCache,
    progress: Option<&Progress>,
) -> (Option<Site>, Diagnostics) {
    let (loaded, problems) = load_all(root, drafts, cache, progress);
    (loaded.and_then(|loaded| loaded.roadmaps.into_iter().next()), problems)
}

/// What a site's folder holds: its one roadmap (in `content/`), or, with `roadmaps` in
/// `trailmap.toml`, each of its roadmaps (`content/<name>/`) and its home page.
pub struct Roadmaps {
    /// Each roadmap as a site of its own, in the order of `roadmaps`.
    pub roadmaps: Vec<Site>,
    /// The home page of a site of several roadmaps (`content/_index.md`), as a root node.
    pub home: Option<Node>,
}

/// Like [`load_cached`], for a site of one roadmap or several: each roadmap is loaded as the
/// one of a site would be, from its own folder.
pub fn load_all(
    root: &Path,
    drafts: bool,
    cache: &mut LoadCache,
    progress: Option<&Progress>,
) -> (Option<Roadmaps>, Diagnostics) {
    let mut problems = Diagnostics::new();
    let config = match Config::load(root) {
        Ok((config, _)) => Some(config),
        Err(problem) => {
            problems.push(problem);
            None
        }
    };
    let names: Vec<String> = config
        .as_ref()
        .map(|c| c.roadmap_names().into_iter().map(str::to_string).collect())
        .unwrap_or_default();
    if names.is_empty() {
        let site = load_roadmap(root, config, None, drafts, cache, progress, &mut problems);
        return (site.map(|site| Roadmaps { roadmaps: vec![site], home: None }), problems);
    }
    let mut config = config.expect("roadmaps come from a loaded configuration");
    let home = load_home(root, &names, &mut problems);
    if config.title.trim().is_empty()
        && let Some(home) = &home
    {
        config.title = home.title.clone();
    }
    // Each roadmap's pages are cached apart, so that loading one keeps the others' pages.
    let mut pages = std::mem::take(&mut cache.pages);
    let trusting = std::mem::take(&mut cache.trusting);
    let mut roadmaps = Vec::new();
    for name in &names {
        let folder = root.join("content").join(name);
        let (mine, rest) = pages.into_iter().partition(|(file, _)| file.starts_with(&folder));
        pages = rest;
        let mut own =
            LoadCache { pages: mine, remember: cache.remember, trusting, releasing: cache.releasing };
        let site =
            load_roadmap(root, Some(config.clone()), Some(name), drafts, &mut own, progress, &mut problems);
        cache.pages.extend(own.pages);
        roadmaps.extend(site);
    }
    match home {
        Some(home) if roadmaps.len() == names.len() => {
            (Some(Roadmaps { roadmaps, home: Some(home) }), problems)
        }
        _ => (None, problems),
    }
}

/// The home page of a site of several roadmaps, `content/_index.md`; and a problem for each
/// folder of `content/` that holds pages but is none of `names`.
fn load_home(root: &Path, names: &[String], problems: &mut Diagnostics) -> Option<Node> {
    let content = root.join("content");
    for entry in std::fs::read_dir(&content).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if path.is_dir()
            && crate::files::is_site_file(&name)
            && !names.contains(&name)
            && holds_markdown(&path)
        {
            let hint = match crate::diagnostics::did_you_mean(&name, names.iter().map(String::as_str)) {
                Some(close) => {
                    format!("did you mean `{close}`? or add `\"{name}\"` to `roadmaps` in trailmap.toml")
                }
                None => format!(
                    "add `\"{name}\"` to `roadmaps` in trailmap.toml, or move its pages into a roadmap"
                ),
            };
            problems.push(
                Diagnostic::file(
                    Path::new("content").join(&name),
                    "a folder of pages that is not one of the site's roadmaps",
                )
                .with_hint(hint),
            );
        }
    }
    let file = content.join("_index.md");
    if !file.is_file() {
        problems.push(
            Diagnostic::file("content/_index.md", "missing _index.md for the site's home page").with_hint(
                "a site of several roadmaps has its home page in content/_index.md, with at least a `title`",
            ),
        );
        return None;
    }
    let text = match read_source(&file, PathBuf::from("content/_index.md")) {
        Ok(source) => source.text,
        Err(problem) => {
            problems.push(problem);
            return None;
        }
    };
    match parse_page(&text, NodeKind::Root, Path::new("_index.md")) {
        Ok(node) => Some(node),
        Err(problem) => {
            problems.push(problem);
            None
        }
    }
}

/// Loads one roadmap: the site's `content/`, or `content/<roadmap>/` of a site of several.
fn load_roadmap(
    root: &Path,
    config: Option<Config>,
    roadmap: Option<&str>,
    drafts: bool,
    cache: &mut LoadCache,
    progress: Option<&Progress>,
    problems: &mut Diagnostics,
) -> Option<Site> {
    let content = match roadmap {
        Some(roadmap) => root.join("content").join(roadmap),
        None => root.join("content"),
    };
    let languages = match &config {
        Some(config) if config.languages.len() > 1 => {
            config.language_codes().into_iter().map(str::to_string).collect()
        }
        _ => Vec::new(),
    };
    let shown_base = shown_folder(roadmap);
    let mut found = Discovery {
        root: root.to_path_buf(),
        languages,
        shown_base: shown_base.clone(),
        ..Discovery::default()
    };
    if let Some(problem) = crate::files::symlink_problem(root, &content) {
        problems.push(problem);
    } else if content.is_dir() {
        found.folder(&content, Path::new(""), 0, None);
    } else {
        problems.push(
            Diagnostic::file("content", "the site has no content/ folder")
                .with_hint("a site keeps its pages in content/, starting with content/_index.md"),
        );
    }

    let Discovery {
        mut entries,
        faq: faq_file,
        assets,
        problems: found_problems,
        translations,
        faq_translations,
        languages: found_languages,
        ..
    } = found;
    // Translations are read with the pages, after them; they take no place in the tree.
    let originals = entries.len();
    entries.extend(translations);
    problems.extend(found_problems);
    if let Some(progress) = progress {
        progress.stage("loading", entries.len(), "files");
    }
    let loaded = read_pages(&entries, cache, progress);

    let faq = faq_file.and_then(|file| match load_faq(&file, "", &shown_base) {
        Ok(faq) => Some(faq),
        Err(problem) => {
            problems.push(problem);
            None
        }
    });
    let faq_translations: Vec<(String, Faq)> = faq_translations
        .into_iter()
        .filter_map(|(language, file)| match load_faq(&file, &language, &shown_base) {
            Ok(faq) => Some((language, faq)),
            Err(problem) => {
                problems.push(problem);
                None
            }
        })
        .collect();
    let mut nodes = Vec::with_capacity(entries.len());
    for result in loaded {
        match result {
            Ok(node) => nodes.push(Some(node)),
            Err(problem) => {
                problems.push(problem);
                nodes.push(None);
            }
        }
    }
    let formulas = nodes
        .iter()
        .flatten()
        .map(|loaded| (&loaded.node.source, &*loaded.node.body))
        .chain(faq.iter().map(|faq| (&faq.source, &faq.body)));
    let unsupported = formulas.flat_map(|(source, body)| formula_problems(source, body));
    match config.as_ref().map_or(MathErrors::Error, |c| c.markdown.math_errors) {
        MathErrors::Error => problems.extend(unsupported),
        MathErrors::Warn => problems.extend(unsupported.map(Diagnostic::warning)),
    }
    let site_languages = found_languages;
    let (pages, page_translations) = crate::pages::load(root, drafts, &site_languages, problems);
    let mut config = config?;
    let translated: Vec<(usize, Loaded)> =
        (originals..entries.len()).filter_map(|at| nodes[at].take().map(|loaded| (at, loaded))).collect();
    let Assembled { mut nodes, drafts, unloaded, placed } = assemble(&entries, nodes, drafts)?;
    let mut translations: std::collections::BTreeMap<String, Translations> = Default::default();
    for (at, loaded) in translated {
        let Some((language, original)) = &entries[at].translation else { continue };
        // The original did not load, or is a draft left out: so is its translation.
        let Some(node) = placed[*original] else { continue };
        match merge_translation(&nodes[node], loaded.node) {
            Ok(merged) => {
                translations.entry(language.clone()).or_default().nodes.insert(node, merged);
            }
            Err(problem) => problems.push(problem),
        }
    }
    for (language, mut translated) in faq_translations {
        if let Some(original) = &faq {
            if translated.title.is_empty() {
                translated.title = original.title.clone();
            }
            if translated.description.is_empty() {
                translated.description = original.description.clone();
            }
            translations.entry(language).or_default().faq = Some(translated);
        } else {
            problems.push(
                Diagnostic::file(
                    &translated.source.path,
                    "a translation of content/faq.md, which does not exist",
                )
                .with_hint("write content/faq.md first: a translation sits beside its original"),
            );
        }
    }
    // One source of truth when trailmap.toml leaves the title out.
    if config.title.trim().is_empty() {
        config.title = nodes[0].title.clone();
    }
    // Standalone pages come after the tree, outside it; the menu lists some in their order.
    let first_page = nodes.len();
    let mut menu: Vec<NodeId> = Vec::new();
    for page in pages {
        if page.menu {
            menu.push(nodes.len());
        }
        nodes.push(page.node);
    }
    menu.sort_by(|&a, &b| (nodes[a].weight, &nodes[a].title).cmp(&(nodes[b].weight, &nodes[b].title)));
    for (language, original, page) in page_translations {
        let path = format!("{original}/");
        let Some(at) = (first_page..nodes.len()).find(|&n| nodes[n].path == path) else {
            problems.push(
                Diagnostic::file(
                    &page.node.source.path,
                    format!("a translation of `pages/{original}.md`, which does not exist"),
                )
                .with_hint("a translation sits beside its original with the language before `.md`"),
            );
            continue;
        };
        match merge_translation(&nodes[at], page.node) {
            Ok(merged) => {
                translations.entry(language).or_default().nodes.insert(at, merged);
            }
            Err(problem) => problems.push(problem),
        }
    }
    debug_assert!(nodes[first_page..].iter().all(|n| n.kind == NodeKind::Page));
    let edition = crate::edition::Edition::default_of(&config);
    let edition = edition.of(roadmap, edition.default_language());
    let shared = edition.shared_folder();
    Some(Site {
        config,
        nodes,
        menu,
        faq,
        drafts,
        assets,
        unloaded,
        edition,
        translations,
        shared,
        directory: None,
    })
}

/// The formulas of a page that could not be typeset, each at its place.
fn formula_problems<'a>(
    source: &'a SourceFile,
    body: &'a markdown::Markdown,
) -> impl Iterator<Item = Diagnostic> + 'a {
    body.formulas.problems().map(|problem| {
        source
            .error_at(problem.span.start, problem.span.end, problem.message.clone())
            .with_hint("fix the LaTeX; a dollar sign that is not math is written `\\$`")
    })
}

/// Reads and parses every page in parallel, reusing the pages of `cache` whose files are
/// unchanged, and keeping (when the cache remembers) a copy of each for the next build.
fn read_pages(
    entries: &[Entry],
    cache: &mut LoadCache,
    progress: Option<&Progress>,
) -> Vec<Result<Loaded, Diagnostic>> {
    let mut previous = std::mem::take(&mut cache.pages);
    let cached: Vec<Option<(FileStamp, Loaded)>> = entries.iter().map(|e| previous.remove(&e.file)).collect();
    let remember = cache.remember;
    let trusting = std::mem::take(&mut cache.trusting);
    let releasing = cache.releasing;
    // Each page, and (when the cache remembers) its copy for the next build, made in parallel.
    // The copy is boxed: a build that keeps none would hold an empty node's room for each page.
    type Page = (Option<FileStamp>, Result<Loaded, Diagnostic>, Option<Box<Loaded>>);
    let loaded: Vec<Page> = entries
        .par_iter()
        .zip(cached)
        // Small pieces, shared out to the end (as pages are to render, see `render::PIECE`).
        .with_max_len(crate::render::PIECE)
        .map(|(entry, cached)| {
            if let Some(progress) = progress {
                progress.tick();
            }
            let trusted = cached.as_ref().filter(|(_, page)| trusting && page.node.kind == entry.kind);
            let stamp = match trusted {
                Some((stamp, _)) => Some(*stamp),
                None if remember => FileStamp::of(&entry.file),
                None => None,
            };
            let mut page = match (stamp, cached) {
                (Some(now), Some((then, page))) if now == then && page.node.kind == entry.kind => Ok(page),
                _ => load_entry(entry),
            };
            // A translation's text is read again when it is merged with its original.
            if let Ok(page) = &mut page
                && releasing
                && entry.kind == NodeKind::Skill
                && entry.translation.is_none()
            {
                page.node.release_text(entry.file.clone());
            }
            let copy = page.as_ref().ok().filter(|_| stamp.is_some()).map(|page| Box::new(page.clone()));
            (stamp, page, copy)
        })
        .collect();
    entries
        .iter()
        .zip(loaded)
        .map(|(entry, (stamp, page, copy))| {
            if let (Some(stamp), Some(copy)) = (stamp, copy) {
                cache.pages.insert(entry.file.clone(), (stamp, *copy));
            }
            page
        })
        .collect()
}

/// Shown paths start at the site root (`content/…`) so that editors can open them.
fn shown(rel: &Path) -> PathBuf {
    Path::new("content").join(rel)
}

/// The folder of a roadmap's files as shown: `content`, or `content/<roadmap>` on a site of
/// several.
fn shown_folder(roadmap: Option<&str>) -> PathBuf {
    match roadmap {
        Some(roadmap) => Path::new("content").join(roadmap),
        None => PathBuf::from("content"),
    }
}

/// What the walk over `content/` finds: the pages, the FAQ and the other files.
#[derive(Default)]
struct Discovery {
    /// The site's folder, which symlinks may not lead out of.
    root: PathBuf,
    /// The roadmap's folder as shown in messages (`content`, `content/ai-engineer`).
    shown_base: PathBuf,
    entries: Vec<Entry>,
    faq: Option<PathBuf>,
    assets: Vec<Asset>,
    problems: Diagnostics,
    /// Every language of a site in several, the default first; empty for a site in one (whose
    /// `intro.de.md` is a page called `intro.de`, as it always was).
    languages: Vec<String>,
    /// Translations of pages, placed after the pages in the list of entries.
    translations: Vec<Entry>,
    /// Translations of the FAQ (`faq.de.md`), by language.
    faq_translations: Vec<(String, PathBuf)>,
}

impl Discovery {
    /// Where a file of the roadmap is, as shown in messages.
    fn shown(&self, rel: &Path) -> PathBuf {
        self.shown_base.join(rel)
    }

    /// A folder of pages: `_index.md` and the folder's Markdown files and sub-folders.
    fn folder(&mut self, dir: &Path, rel: &Path, depth: usize, parent: Option<usize>) {
        if depth > MAX_DEPTH {
            let message = format!("folders are nested more than {MAX_DEPTH} deep");
            self.problems.push(Diagnostic::file(self.shown(rel), message));
            return;
        }
        let index = dir.join("_index.md");
        if !index.is_file() {
            // A folder with no Markdown at all holds files a page refers to (images beside
            // the text, as on GitHub): not a skill.
            if depth > 0 && !holds_markdown(dir) {
                self.asset_folder(dir, rel);
                return;
            }
            let what = match depth {
                0 => "the roadmap root",
                1 => "a section",
                _ => "a skill with sub-skills",
            };
            let hint = if depth == 0 && self.shown_base != Path::new("content") {
                "each roadmap of `roadmaps` starts with the _index.md of its folder, with at least a `title`"
            } else {
                "every folder under content/ that holds Markdown needs an _index.md with at least a `title`"
            };
            self.problems.push(
                Diagnostic::file(self.shown(&rel.join("_index.md")), format!("missing _index.md for {what}"))
                    .with_hint(hint),
            );
            return;
        }
        let kind = match depth {
            0 => NodeKind::Root,
            1 => NodeKind::Section,
            _ => NodeKind::Skill,
        };
        let name_id = match rel.file_name() {
            Some(name) => name.to_string_lossy().into_owned(),
            None => ROOT_ID.to_string(),
        };
        let me = self.entries.len();
        self.entries.push(Entry {
            file: index,
            rel: rel.join("_index.md"),
            kind,
            depth,
            parent,
            name_id,
            translation: None,
            shown: self.shown(&rel.join("_index.md")),
        });

        let Some(children) = self.listing(dir, rel) else { return };
        let mut translated = Vec::new();
        for (name, path, is_dir) in children {
            let child_rel = rel.join(&name);
            let stem = crate::files::markdown_stem(&name);
            if !is_dir && let Some((original, language)) = stem.and_then(|stem| self.language_suffix(stem)) {
                translated.push((original.to_string(), language.to_string(), path, child_rel));
            } else if is_dir {
                self.folder(&path, &child_rel, depth + 1, Some(me));
            } else if stem.is_none() {
                self.asset(path, &child_rel);
            } else if stem == Some("_index") {
                // The folder's own page, taken above.
            } else if depth == 0 && stem == Some("faq") {
                self.faq = Some(path);
            } else if depth == 0 {
                self.problems.push(
                    Diagnostic::file(self.shown(&child_rel), "a skill must live in a section folder").with_hint(
                        "move it into content/<section>/; only _index.md and faq.md sit directly in content/",
                    ),
                );
            } else {
                let name_id = stem.unwrap_or(&name).to_string();
                let entry = Entry {
                    file: path,
                    shown: self.shown(&child_rel),
                    rel: child_rel,
                    kind: NodeKind::Skill,
                    depth: depth + 1,
                    parent: Some(me),
                    name_id,
                    translation: None,
                };
                self.entries.push(entry);
            }
        }
        for (original, language, file, rel) in translated {
            self.translation(me, depth, original, language, file, rel);
        }
    }

    fn language_suffix<'s>(&self, stem: &'s str) -> Option<(&'s str, &'s str)> {
        crate::edition::translation_suffix(stem, &self.languages)
    }

    /// A translation of the page `original` (a file name's stem, `_index` or `faq`) of the
    /// folder whose entry is `folder`, checked against the site's languages and pages.
    fn translation(
        &mut self,
        folder: usize,
        depth: usize,
        original: String,
        language: String,
        file: PathBuf,
        rel: PathBuf,
    ) {
        let shown_rel = self.shown(&rel);
        if language == self.languages[0] {
            let message = format!("`{language}` is the default language: its text is the page itself");
            let hint = format!(
                "rename it `{original}.md` (the default language's file has no language in its name)"
            );
            self.problems.push(Diagnostic::file(shown_rel, message).with_hint(hint));
            return;
        }
        if !self.languages.contains(&language) {
            let listed = self.languages.join("`, `");
            let message = format!("`{language}` is not one of the site's languages (`{listed}`)");
            let hint = format!(
                "add `\"{language}\"` to `languages` in trailmap.toml, or rename the file if `.{language}` is part of its name"
            );
            self.problems.push(Diagnostic::file(shown_rel, message).with_hint(hint));
            return;
        }
        if depth == 0 && original == "faq" {
            self.faq_translations.push((language, file));
            return;
        }
        let found = if original == "_index" {
            Some(folder)
        } else {
            self.entries.iter().position(|e| {
                e.parent == Some(folder)
                    && e.kind == NodeKind::Skill
                    && e.rel
                        .file_name()
                        .and_then(|n| crate::files::markdown_stem(&n.to_string_lossy()).map(str::to_string))
                        == Some(original.clone())
            })
        };
        let Some(at) = found else {
            let siblings: Vec<String> = self
                .entries
                .iter()
                .filter(|e| e.parent == Some(folder) && e.kind == NodeKind::Skill)
                .filter_map(|e| e.rel.file_name().map(|n| n.to_string_lossy().into_owned()))
                .collect();
            let message = format!("a translation of `{original}.md`, which is not beside it");
            let hint = match crate::diagnostics::did_you_mean(
                &format!("{original}.md"),
                siblings.iter().map(String::as_str),
            ) {
                Some(near) => format!("did you mean a translation of `{near}`? name it after its original"),
                None => format!(
                    "a translation sits beside its original with the language before `.md` (`NAME.{language}.md`)"
                ),
            };
            self.problems.push(Diagnostic::file(shown_rel, message).with_hint(hint));
            return;
        };
        let original_entry = &self.entries[at];
        self.translations.push(Entry {
            file,
            shown: shown_rel,
            rel,
            kind: original_entry.kind,
            depth: original_entry.depth,
            parent: None,
            name_id: original_entry.name_id.clone(),
            translation: Some((language, at)),
        });
    }

    /// A folder of files only (images, downloads), at any depth.
    fn asset_folder(&mut self, dir: &Path, rel: &Path) {
        let Some(children) = self.listing(dir, rel) else { return };
        for (name, path, is_dir) in children {
            if is_dir {
                self.asset_folder(&path, &rel.join(&name));
            } else {
                self.asset(path, &rel.join(&name));
            }
        }
    }

    fn asset(&mut self, file: PathBuf, rel: &Path) {
        if let Some(extension) = crate::files::text_like(rel) {
            self.problems.push(
                Diagnostic::file(
                    self.shown(rel),
                    format!("a `.{extension}` file is published as a download, not as a page"),
                )
                .with_hint("pages are Markdown: rename it to `.md` to make it one (or ignore this if it is a download)")
                .warning(),
            );
        }
        match rel.to_str() {
            Some(path) => self.assets.push(Asset { path: path.replace('\\', "/"), file }),
            None => self.problems.push(
                Diagnostic::file(self.shown(rel), "the file's name is not UTF-8, so no URL can name it")
                    .with_hint("rename the file"),
            ),
        }
    }

    /// The entries of a folder that are part of the site, sorted by name, with whether each is
    /// a folder. The kind of each entry comes with the listing; only a symlink needs a look at
    /// its target.
    fn listing(&mut self, dir: &Path, rel: &Path) -> Option<Vec<(String, PathBuf, bool)>> {
        let read = match std::fs::read_dir(dir) {
            Ok(read) => read,
            Err(error) => {
                self.problems.push(Diagnostic::file(self.shown(rel), format!("cannot read folder: {error}")));
                return None;
            }
        };
        let mut children: Vec<(String, PathBuf, bool)> = read
            .filter_map(Result::ok)
            .map(|entry| {
                let path = entry.path();
                let (is_dir, maybe_link) = match entry.file_type() {
                    Ok(kind) if !kind.is_symlink() => (kind.is_dir(), false),
                    _ => (path.is_dir(), true),
                };
                (entry.file_name().to_string_lossy().into_owned(), path, is_dir, maybe_link)
            })
            .filter(|(name, ..)| crate::files::is_site_file(name))
            // Only a symlink needs a second look: the listing already says what the others are.
            .filter(|(_, path, _, maybe_link)| {
                match maybe_link.then(|| crate::files::symlink_problem(&self.root, path)).flatten() {
                    Some(problem) => {
                        self.problems.push(problem);
                        false
                    }
                    None => true,
                }
            })
            .map(|(name, path, is_dir, _)| (name, path, is_dir))
            .collect();
        children.sort();
        Some(children)
    }
}

/// Whether a folder holds a Markdown file, at any depth.
fn holds_markdown(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir).max_depth(MAX_DEPTH).into_iter().flatten().any(|entry| {
        let name = entry.file_name().to_string_lossy();
        entry.file_type().is_file()
            && crate::files::is_site_file(&name)
            && crate::files::markdown_stem(&name).is_some()
    })
}

/// Reads a file as UTF-8, reporting where it is not.
pub fn read_source(file: &Path, shown: PathBuf) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(file)
        .map_err(|error| Diagnostic::file(&shown, format!("cannot read file: {error}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(shown, text)),
        Err(error) => {
            let valid = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let file = SourceFile::new(shown, prefix.clone() + "\u{fffd}");
            Err(file
                .error_at(prefix.len(), prefix.len() + 1, "the file is not valid UTF-8")
                .with_hint("save it as UTF-8 in your editor"))
        }
    }
}

fn load_entry(entry: &Entry) -> Result<Loaded, Diagnostic> {
    let source = read_source(&entry.file, entry.shown.clone())?;
    parse_entry(entry, source)
}

/// What [`load`] makes of one file's text as a page of `kind` at `rel` (relative to `content/`),
/// without the disk: the way in for the fuzz targets (see `crate::fuzzing`).
pub(crate) fn parse_page(text: &str, kind: NodeKind, rel: &Path) -> Result<Node, Diagnostic> {
    let depth = match kind {
        NodeKind::Root | NodeKind::Page => 0,
        NodeKind::Section => 1,
        NodeKind::Skill => 2,
    };
    let name_id = match rel.file_name() {
        Some(name) if name != "_index.md" => {
            let name = name.to_string_lossy();
            crate::files::markdown_stem(&name).unwrap_or(&name).to_string()
        }
        _ => rel.parent().and_then(Path::file_name).map_or(ROOT_ID.into(), |n| n.to_string_lossy().into()),
    };
    let entry = Entry {
        file: PathBuf::new(),
        rel: rel.to_path_buf(),
        kind,
        depth,
        parent: None,
        name_id,
        translation: None,
        shown: shown(rel),
    };
    parse_entry(&entry, SourceFile::new(shown(rel), text)).map(|loaded| loaded.node)
}

fn parse_entry(entry: &Entry, source: SourceFile) -> Result<Loaded, Diagnostic> {
    let split = frontmatter::split(&source)?;
    let body = markdown::parse(source.text.clone(), split.body.clone(), split.body.start, &entry.rel);
    let offset = split.front.start;
    let id_refs = |list: Vec<Spanned<String>>| -> Vec<IdRef> {
        list.into_iter()
            .map(|s| IdRef { span: s.span().start + offset..s.span().end + offset, id: s.into_inner() })
            .collect()
    };
    let mut node = Node {
        id: entry.name_id.clone(),
        id_span: 0..0,
        kind: entry.kind,
        title: String::new(),
        summary: String::new(),
        question: String::new(),
        description: String::new(),
        takeaways: Vec::new(),
        weight: 0,
        level: Level::Core,
        prerequisites: Vec::new(),
        related: Vec::new(),
        aliases: Vec::new(),
        resources: Vec::new(),
        draft: false,
        parent: None,
        children: Vec::new(),
        depth: entry.depth,
        path: String::new(),
        source_hash: text_hash(&source.text),
        source: source.clone(),
        body: Arc::default(),
        text_language: None,
        original_headings: Vec::new(),
    };
    let mut id = None;
    let weight = match entry.kind {
        NodeKind::Root => {
            let meta: RootMeta = frontmatter::parse(&source, &split)?;
            node.title = meta.title;
            node.description = meta.description;
            node.takeaways = meta.takeaways;
            None
        }
        NodeKind::Section => {
            let meta: SectionMeta = frontmatter::parse(&source, &split)?;
            node.title = meta.title;
            node.question = meta.question;
            node.summary = meta.summary;
            node.draft = meta.draft;
            id = meta.id;
            meta.weight
        }
        // Standalone pages are loaded by `crate::pages`.
        NodeKind::Page => None,
        NodeKind::Skill => {
            let meta: SkillMeta = frontmatter::parse(&source, &split)?;
            node.title = meta.title;
            node.summary = meta.summary;
            node.level = meta.level;
            node.prerequisites = id_refs(meta.prerequisites);
            node.related = id_refs(meta.related);
            node.aliases = id_refs(meta.aliases);
            node.resources = meta
                .resources
                .into_iter()
                .map(|r| Resource {
                    title: r.title,
                    url_span: r.url.span().start + offset..r.url.span().end + offset,
                    url: r.url.into_inner(),
                    kind: r.kind,
                })
                .collect();
            node.draft = meta.draft;
            id = meta.id;
            meta.weight
        }
    };
    if let Some(id) = id {
        node.id_span = id.span().start + offset..id.span().end + offset;
        node.id = id.into_inner();
    }
    if entry.kind != NodeKind::Root {
        check_id(&node)?;
    }
    if node.title.trim().is_empty() && entry.translation.is_none() {
        // A translation may leave the title to its original.
        let missing = !front_keys(&source, &split).iter().any(|key| key == "title");
        let message = if missing { "missing key `title`" } else { "the `title` is empty" };
        return Err(source.error_at(offset, offset, message));
    }
    node.weight = weight.unwrap_or(i64::MAX);
    node.body = Arc::new(body);
    Ok(Loaded { node, weight })
}

/// The page of `old` read again from `file` (its file on disk), when the edit changed its
/// body only and nothing in it that another page or the site's checks see: the front matter is
/// the same text, and so are the headings, the references (where they point, not where they
/// stand) and the absence of problems. Then the page's place in the tree, its card, its links
/// and every check of the site are the same as before, and only its own page can look
/// different; `None` (with the reason) otherwise, and the whole site must be loaded again.
pub(crate) fn reload_body(old: &Node, file: &Path) -> Result<Node, &'static str> {
    let source = read_source(file, old.source.path.clone()).map_err(|_| "unreadable")?;
    let split = frontmatter::split(&source).map_err(|_| "no front matter")?;
    let old_split = frontmatter::split(&old.source).map_err(|_| "no front matter")?;
    if split.body.start != old_split.body.start
        || source.text[..split.body.start] != old.source.text[..old_split.body.start]
    {
        return Err("front matter changed");
    }
    let rel = old.source.path.strip_prefix("content").map_err(|_| "not in content/")?;
    let body = markdown::parse(source.text.clone(), split.body.clone(), split.body.start, rel);
    let (new, was) = (&body, &*old.body);
    let heading = |h: &markdown::Heading| (h.level, h.id.clone(), h.text.clone());
    let link = |l: &markdown::Link| (l.target.clone(), l.kind);
    if !new.headings.iter().map(heading).eq(was.headings.iter().map(heading)) {
        return Err("headings changed");
    }
    if !new.links.iter().map(link).eq(was.links.iter().map(link)) {
        return Err("references changed");
    }
    if !new.bad_cross_links.is_empty()
        || !new.script_in_html.is_empty()
        || new.formulas.problems().next().is_some()
    {
        return Err("the body has problems");
    }
    let mut node = old.clone();
    node.source_hash = text_hash(&source.text);
    node.source = source;
    node.body = Arc::new(body);
    Ok(node)
}

/// The top-level keys of a page's front matter (empty when it is not a TOML table).
fn front_keys(source: &SourceFile, split: &frontmatter::Split) -> Vec<String> {
    toml::from_str::<toml::Table>(&source.text[split.front.clone()])
        .map(|table| table.into_iter().map(|(key, _)| key).collect())
        .unwrap_or_default()
}

/// A translated page: its original with the text, and the keys the translation sets,
/// replaced. The place in the tree (`weight`, `draft`) is the original's; the `id` must be.
fn merge_translation(original: &Node, translated: Node) -> Result<Node, Diagnostic> {
    let keys = frontmatter::split(&translated.source).map(|split| front_keys(&translated.source, &split));
    let keys = keys.unwrap_or_default();
    let sets = |key: &str| keys.iter().any(|k| k == key);
    if sets("id") && translated.id != original.id {
        return Err(translated
            .source
            .error_at(
                translated.id_span.start,
                translated.id_span.end,
                format!("a translation keeps its original's id, `{}`", original.id),
            )
            .with_hint("remove `id` here: ids, links and progress are shared by every language"));
    }
    let mut node = original.clone();
    // What the original's file says stays pointed at the start of this one, where it is
    // inherited: a place in the other file would be wrong here.
    let inherited = |refs: &mut Vec<IdRef>| refs.iter_mut().for_each(|r| r.span = 0..0);
    if sets("title") {
        node.title = translated.title;
    }
    if sets("summary") {
        node.summary = translated.summary;
    }
    if sets("question") {
        node.question = translated.question;
    }
    if sets("description") {
        node.description = translated.description;
    }
    if sets("takeaways") {
        node.takeaways = translated.takeaways;
    }
    if sets("level") {
        node.level = translated.level;
    }
    match sets("prerequisites") {
        true => node.prerequisites = translated.prerequisites,
        false => inherited(&mut node.prerequisites),
    }
    match sets("related") {
        true => node.related = translated.related,
        false => inherited(&mut node.related),
    }
    match sets("aliases") {
        true => node.aliases = translated.aliases,
        false => inherited(&mut node.aliases),
    }
    match sets("resources") {
        true => node.resources = translated.resources,
        false => node.resources.iter_mut().for_each(|r| r.url_span = 0..0),
    }
    node.id_span = 0..0;
    node.source = translated.source;
    node.source_hash = translated.source_hash;
    node.body = translated.body;
    Ok(node)
}

/// Ids become URL segments and file names, so they are kept to letters, digits, `-`, `_`, `.`.
fn check_id(node: &Node) -> Result<(), Diagnostic> {
    let id = &node.id;
    let valid = !id.is_empty()
        && !id.starts_with(['.', '_'])
        && id.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if valid {
        return Ok(());
    }
    let (start, end) = if node.id_span.is_empty() { (0, 0) } else { (node.id_span.start, node.id_span.end) };
    Err(node.source.error_at(start, end, format!("`{id}` cannot be used as an id")).with_hint(
        "ids may hold letters, digits, `-`, `_` and `.` (not first); rename the file or set `id = \"…\"`",
    ))
}

/// Reads the FAQ (`language` empty) or one of its translations (whose title and description
/// may be left to the original's).
fn load_faq(file: &Path, language: &str, base: &Path) -> Result<Faq, Diagnostic> {
    let name = if language.is_empty() { "faq.md".to_string() } else { format!("faq.{language}.md") };
    let mut faq = parse_faq(read_source(file, base.join(&name))?)?;
    if language.is_empty() && faq.title.is_empty() {
        faq.title = default_faq_title();
    }
    Ok(faq)
}

/// What [`load`] makes of `content/faq.md`'s text.
pub(crate) fn parse_faq(source: SourceFile) -> Result<Faq, Diagnostic> {
    let rel = PathBuf::from("faq.md");
    let split = frontmatter::split(&source)?;
    let meta: FaqMeta = frontmatter::parse(&source, &split)?;
    let body = markdown::parse(source.text.clone(), split.body.clone(), split.body.start, &rel);
    Ok(Faq {
        title: meta.title.unwrap_or_default(),
        description: meta.description,
        source,
        body,
        text_language: None,
        original_headings: Vec::new(),
    })
}

/// The tree of pages, once placed.
struct Assembled {
    nodes: Vec<Node>,
    /// Ids of the draft pages left out.
    drafts: Vec<String>,
    unloaded: Unloaded,
    /// Where each entry's node went in the arena (`None`: it did not load, or was left out).
    placed: Vec<Option<NodeId>>,
}

/// Places loaded nodes into the arena in pre-order, dropping drafts (with their sub-trees) unless
/// asked to keep them, and pages that did not load (with their sub-trees, which have no place
/// without them). `None` when the root did not load.
fn assemble(entries: &[Entry], loaded: Vec<Option<Loaded>>, drafts: bool) -> Option<Assembled> {
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); entries.len()];
    for (index, entry) in entries.iter().enumerate() {
        if let Some(parent) = entry.parent {
            children[parent].push(index);
        }
    }
    fn key(l: Option<&Loaded>) -> Option<(i64, &str, &str)> {
        l.map(|l| (l.weight.unwrap_or(i64::MAX), l.node.title.as_str(), l.node.id.as_str()))
    }
    for list in &mut children {
        list.sort_by(|&a, &b| key(loaded[a].as_ref()).cmp(&key(loaded[b].as_ref())));
    }
    let mut slots: Vec<Option<Loaded>> = loaded;
    let mut nodes: Vec<Node> = Vec::with_capacity(slots.len());
    let root = slots.first_mut()?.take()?;
    nodes.push(root.node);
    let mut placed = vec![None; entries.len()];
    placed[0] = Some(0);
    // An explicit stack keeps deep trees from overflowing the call stack.
    let mut left_out = Vec::new();
    let mut unloaded = Unloaded::default();
    let mut stack: Vec<(usize, NodeId)> = children[0].iter().rev().map(|&c| (c, 0)).collect();
    while let Some((entry, parent)) = stack.pop() {
        let Some(loaded) = slots[entry].take() else {
            // It did not load: it and everything below it are unknown to this build.
            let mut gone = vec![entry];
            while let Some(e) = gone.pop() {
                unloaded.ids.insert(entries[e].name_id.clone());
                unloaded.files.insert(entries[e].rel.clone());
                if let Some(l) = slots[e].take() {
                    unloaded.ids.insert(l.node.id);
                }
                gone.extend(&children[e]);
            }
            continue;
        };
        if loaded.node.draft && !drafts {
            // Remember the ids left out, so that links to them get a helpful message.
            let mut dropped = vec![entry];
            while let Some(e) = dropped.pop() {
                left_out.push(if e == entry { loaded.node.id.clone() } else { entries[e].name_id.clone() });
                if let Some(l) = slots[e].take() {
                    *left_out.last_mut().expect("just pushed") = l.node.id;
                }
                dropped.extend(&children[e]);
            }
            continue;
        }
        let mut node = loaded.node;
        let me = nodes.len();
        node.parent = Some(parent);
        node.path = format!("{}{}/", nodes[parent].path, node.id);
        nodes[parent].children.push(me);
        nodes.push(node);
        placed[entry] = Some(me);
        stack.extend(children[entry].iter().rev().map(|&c| (c, me)));
    }
    left_out.sort();
    Some(Assembled { nodes, drafts: left_out, unloaded, placed })
}
