//! The roadmap as loaded from `content/`: a tree of nodes (root, sections, skills) and the FAQ.
//!
//! Nodes live in one arena ([`Site::nodes`]) and refer to each other by index, in pre-order (the
//! reading order of the roadmap), so every later stage can walk them without recursion or cloning.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::config::Config;
use crate::diagnostics::SourceFile;
use crate::markdown::Markdown;

/// An index into [`Site::nodes`].
pub type NodeId = usize;

/// What a node is in the roadmap's tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Root,
    Section,
    Skill,
    /// A standalone page of `pages/` (About, Credits): outside the roadmap's tree, with no
    /// parent, never in the map, the trails or the progress.
    Page,
}

/// How essential a skill is; drawn in the map's legend.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    #[default]
    Core,
    Optional,
    Alternative,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Core => "core",
            Level::Optional => "optional",
            Level::Alternative => "alternative",
        }
    }
}

/// The kinds of learning resource a skill page can list, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResourceKind {
    Docs,
    Course,
    Book,
    Article,
    Paper,
    Video,
    Podcast,
    Tool,
}

impl ResourceKind {
    pub fn name(self) -> &'static str {
        match self {
            ResourceKind::Docs => "docs",
            ResourceKind::Course => "course",
            ResourceKind::Book => "book",
            ResourceKind::Article => "article",
            ResourceKind::Paper => "paper",
            ResourceKind::Video => "video",
            ResourceKind::Podcast => "podcast",
            ResourceKind::Tool => "tool",
        }
    }

    /// The heading of a group of resources of this kind.
    pub fn plural(self) -> &'static str {
        match self {
            ResourceKind::Docs => "Documentation",
            ResourceKind::Course => "Courses",
            ResourceKind::Book => "Books",
            ResourceKind::Article => "Articles",
            ResourceKind::Paper => "Papers",
            ResourceKind::Video => "Videos",
            ResourceKind::Podcast => "Podcasts",
            ResourceKind::Tool => "Tools",
        }
    }
}

/// A learning resource listed in a skill's front matter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: String,
    pub url: String,
    pub kind: ResourceKind,
    /// Bytes of the skill's file that hold the `url` value, for error messages.
    #[serde(skip)]
    pub url_span: Range<usize>,
}

/// An id written in front matter (a prerequisite, a related skill, an alias), with its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdRef {
    pub id: String,
    /// Bytes of the containing file, for error messages.
    pub span: Range<usize>,
}

/// A root, section or skill.
#[derive(Debug, Clone)]
pub struct Node {
    pub id: String,
    /// Where the id was written (the `id` key, or the start of the file when it comes from the name).
    pub id_span: Range<usize>,
    pub kind: NodeKind,
    pub title: String,
    pub summary: String,
    /// Sections: the question the section answers.
    pub question: String,
    /// The root: the roadmap's description.
    pub description: String,
    /// The root: the key takeaways.
    pub takeaways: Vec<String>,
    pub weight: i64,
    pub level: Level,
    pub prerequisites: Vec<IdRef>,
    pub related: Vec<IdRef>,
    pub aliases: Vec<IdRef>,
    pub resources: Vec<Resource>,
    pub draft: bool,
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// Depth in the tree: 0 for the root, 1 for sections.
    pub depth: usize,
    /// The page's path below the site's base path: `""`, `math/`, `math/calculus/`.
    pub path: String,
    pub source: SourceFile,
    /// A hash of the file's text: what a rebuild compares to know the page itself changed.
    pub source_hash: u64,
    /// Shared so that a cached, unchanged page costs nothing to reuse (see [`crate::load::LoadCache`]).
    pub body: Arc<Markdown>,
    /// In an edition of another language, the language of this node's text when it has no
    /// translation (the default language's, shown instead); `None` when the text is in the
    /// edition's language.
    pub text_language: Option<String>,
    /// In another language's edition, the heading ids of the original of this translated page,
    /// in order: a `#heading` link written in the default language's text (shown untranslated
    /// on another page) finds the same heading here by its place.
    pub original_headings: Vec<String>,
}

impl Node {
    /// Lets go of the page's text (its file's, at `file`), read again when its body is rendered:
    /// what a build of a big roadmap that keeps nothing for a next one holds longest. Only where
    /// this node alone holds it (a cached page keeps its text).
    pub fn release_text(&mut self, file: PathBuf) {
        if let Some(body) = Arc::get_mut(&mut self.body) {
            body.release();
            self.source.release(file);
        }
    }

    /// Reads the page's released text again and holds it (see [`Node::text`]).
    pub fn hold_text(&mut self) -> Result<(), crate::diagnostics::Diagnostic> {
        if self.source.on_disk().is_none() {
            return Ok(());
        }
        let text = self.text()?;
        Arc::make_mut(&mut self.body).hold(text.clone());
        self.source.hold(text);
        Ok(())
    }

    /// The page's text, to render its body from: held, or read again, and then the same as
    /// when it was loaded (an error if the file changed since: its links were checked as they
    /// were).
    pub fn text(&self) -> Result<Arc<str>, crate::diagnostics::Diagnostic> {
        let Some(file) = self.source.on_disk() else { return Ok(self.source.text.clone()) };
        match std::fs::read_to_string(file) {
            Ok(text) if text_hash(&text) == self.source_hash => Ok(Arc::from(text)),
            _ => Err(crate::diagnostics::Diagnostic::file(
                &self.source.path,
                "the file changed while the site was being built",
            )
            .with_hint("build again")),
        }
    }
}

/// What [`Node::source_hash`] holds: a hash of a file's text.
pub fn text_hash(text: &str) -> u64 {
    let mut hasher = std::hash::DefaultHasher::new();
    std::hash::Hash::hash(text, &mut hasher);
    std::hash::Hasher::finish(&hasher)
}

/// The FAQ page: its body is split into entries at `##` headings when rendered.
#[derive(Debug, Clone)]
pub struct Faq {
    pub title: String,
    pub description: String,
    pub source: SourceFile,
    pub body: Markdown,
    /// As [`Node::text_language`].
    pub text_language: Option<String>,
    /// As [`Node::original_headings`].
    pub original_headings: Vec<String>,
}

/// A file in `content/` that is not Markdown (an image beside a lesson, a PDF): published at
/// the same path below the site's root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Relative to `content/`, with `/` separators: also its path in the output.
    pub path: String,
    /// Where it is on disk.
    pub file: std::path::PathBuf,
}

/// Pages that did not load (their problems are reported): references to them are not reported
/// a second time as unknown.
#[derive(Debug, Clone, Default)]
pub struct Unloaded {
    /// The ids their file or folder names give them.
    pub ids: std::collections::BTreeSet<String>,
    /// Their files, relative to `content/`.
    pub files: std::collections::BTreeSet<std::path::PathBuf>,
}

/// Everything loaded from a site's folder.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// All nodes of the roadmap's tree in pre-order (`nodes[0]` is the root), then the
    /// standalone pages of `pages/`.
    pub nodes: Vec<Node>,
    /// The standalone pages that `menu = true` puts in the navigation, in order.
    pub menu: Vec<NodeId>,
    pub faq: Option<Faq>,
    /// Ids of the draft pages left out of this build.
    pub drafts: Vec<String>,
    /// The files of `content/` that are not pages, sorted by path.
    pub assets: Vec<Asset>,
    pub unloaded: Unloaded,
    /// The language this site is made in, and where its files go.
    pub edition: crate::edition::Edition,
    /// The translations of pages into the site's other languages (`calculus.de.md`), by
    /// language, each merged with its original already: what [`Site::edition`] swaps in.
    pub translations: std::collections::BTreeMap<String, Translations>,
    /// The folder of this roadmap's files below `content/` and below the site's root: `""`,
    /// or the roadmap's name and a slash on a site of several (see [`crate::edition`]).
    pub shared: String,
    /// On a site of several roadmaps, every roadmap's pages, for references across them.
    pub directory: Option<Arc<crate::directory::Directory>>,
}

/// The pages of one language other than the default, each a whole node (what the
/// translation leaves out comes from its original), by the original's place in the arena.
#[derive(Debug, Clone, Default)]
pub struct Translations {
    pub nodes: std::collections::HashMap<NodeId, Node>,
    pub faq: Option<Faq>,
}

impl Site {
    pub fn root(&self) -> &Node {
        &self.nodes[0]
    }

    /// The site-absolute URL of a node: the base path followed by the node's path,
    /// percent-encoded (RFC 3986) so that an id in any script (`数据湖-lakehouse`) makes an
    /// ASCII URL, the same in a page, the map, the sitemap and a `Location` header.
    pub fn url(&self, node: NodeId) -> String {
        self.routes().url(&self.nodes[node].path)
    }

    /// The absolute URL of a node (`base_url` and its encoded path): for canonical and Open Graph
    /// URLs, the sitemap, JSON-LD and `roadmap.json`.
    pub fn permalink(&self, node: NodeId) -> String {
        let n = &self.nodes[node];
        if n.kind != NodeKind::Page {
            return self.routes().permalink(&n.path);
        }
        let prefix = self.canonical_prefix(&self.edition.language, true);
        crate::routes::Routes::new(&self.config).in_edition(&prefix).permalink(&n.path)
    }

    /// The folder of the copy of a page that is canonical in `language`: the page's own
    /// edition's, except for a `standalone` page of a site of several roadmaps, which each
    /// roadmap publishes (in its header and menu) and whose first roadmap's copy is the one
    /// named to search engines and in the sitemap.
    pub fn canonical_prefix(&self, language: &str, standalone: bool) -> String {
        let first = self.config.roadmaps.first().map(|name| name.get_ref().as_str());
        match first {
            Some(first) if standalone => self.edition.of(Some(first), language).prefix,
            _ => self.edition.prefix_of(language),
        }
    }

    /// Whether `dir` is the path of a standalone page (they come after the tree, at the end of
    /// `nodes`: see `load`).
    pub fn is_standalone(&self, dir: &str) -> bool {
        self.nodes.iter().rev().take_while(|n| n.kind == NodeKind::Page).any(|n| n.path == dir)
    }

    /// The key under which a reader's browser keeps its progress on the skill `id`: the id on
    /// a site of one roadmap (so that progress saved before stays valid), `roadmap:id` on a
    /// site of several, whose roadmaps share one store and may use the same ids.
    pub fn progress_key(&self, id: &str) -> String {
        match &self.edition.roadmap {
            Some(roadmap) => format!("{roadmap}:{id}"),
            None => id.to_string(),
        }
    }

    /// Where this site's pages and files live.
    pub fn routes(&self) -> crate::routes::Routes<'_> {
        crate::routes::Routes::new(&self.config).in_edition(&self.edition.prefix).sharing(&self.shared)
    }

    /// This site in another of its languages: the same tree, ids and order, each node's text
    /// replaced by its translation, or else kept and marked as the default language's.
    pub fn edition(&self, edition: &crate::edition::Edition) -> Site {
        let mut site = Site {
            config: self.config.clone(),
            nodes: self.nodes.clone(),
            menu: self.menu.clone(),
            faq: self.faq.clone(),
            drafts: self.drafts.clone(),
            assets: self.assets.clone(),
            unloaded: self.unloaded.clone(),
            edition: edition.clone(),
            translations: Default::default(),
            shared: self.shared.clone(),
            directory: self.directory.clone(),
        };
        site.config.language = edition.language.clone();
        if edition.is_default() {
            return site;
        }
        let translated = self.translations.get(&edition.language);
        let fallback = edition.default_language().to_string();
        let ids = |body: &Markdown| body.headings.iter().map(|h| h.id.clone()).collect();
        for (id, node) in site.nodes.iter_mut().enumerate() {
            match translated.and_then(|t| t.nodes.get(&id)) {
                Some(translation) => {
                    *node = translation.clone();
                    node.original_headings = ids(&self.nodes[id].body);
                }
                None => node.text_language = Some(fallback.clone()),
            }
        }
        // The site's name and description follow the roadmap's root where they are its own.
        if site.config.title == self.nodes[0].title {
            site.config.title = site.nodes[0].title.clone();
        }
        if !site.config.description.is_empty() && site.config.description == self.nodes[0].description {
            site.config.description = site.nodes[0].description.clone();
        }
        if let Some(mut faq) = translated.and_then(|t| t.faq.clone()) {
            faq.original_headings = self.faq.as_ref().map(|f| ids(&f.body)).unwrap_or_default();
            site.faq = Some(faq);
        } else if let Some(faq) = &mut site.faq {
            faq.text_language = Some(fallback);
        }
        site
    }

    /// Lets go of each page's plain text past its first `chars` characters, where it is held
    /// by this site alone (see [`Markdown::keep_text`]).
    pub fn keep_text(&mut self, chars: usize) {
        let translated = self.translations.values_mut().flat_map(|t| t.nodes.values_mut());
        for node in self.nodes.iter_mut().chain(translated) {
            if let Some(body) = Arc::get_mut(&mut node.body) {
                body.keep_text(chars);
            }
        }
    }

    /// Lets go of the text of each skill (see [`Node::release_text`]), whose files are in
    /// `root`, the site's folder.
    pub fn release_skill_texts(&mut self, root: &Path) {
        let translated = self.translations.values_mut().flat_map(|t| t.nodes.values_mut());
        for node in self.nodes.iter_mut().chain(translated).filter(|n| n.kind == NodeKind::Skill) {
            if node.source.on_disk().is_none() {
                // Shown paths start at the site's folder (`content/…`).
                let file = root.join(&node.source.path);
                node.release_text(file);
            }
        }
    }

    /// Reads the released texts of the skills again (see [`Node::hold_text`]), for a stage that
    /// renders them all; the problems of those whose file changed since they were loaded.
    pub fn hold_skill_texts(&mut self) -> Vec<crate::diagnostics::Diagnostic> {
        let translated = self.translations.values_mut().flat_map(|t| t.nodes.values_mut());
        let nodes = self.nodes.iter_mut().chain(translated);
        nodes.filter_map(|node| node.hold_text().err()).collect()
    }

    /// The ancestors of a node from the root down, without the node itself.
    pub fn ancestors(&self, node: NodeId) -> Vec<NodeId> {
        let mut chain = Vec::new();
        let mut current = self.nodes[node].parent;
        while let Some(id) = current {
            chain.push(id);
            current = self.nodes[id].parent;
        }
        chain.reverse();
        chain
    }

    /// The section (depth-1 ancestor, or itself) a node belongs to.
    pub fn section_of(&self, node: NodeId) -> Option<NodeId> {
        let mut current = node;
        loop {
            match self.nodes[current].depth {
                0 => return None,
                1 => return Some(current),
                _ => current = self.nodes[current].parent?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_released_text_is_read_again_and_must_be_unchanged() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = dir.path().join("limits.md");
        let text = "+++\ntitle = \"Limits\"\n+++\n\n## Idea\n\nSee [[derivatives]] first.\n";
        std::fs::write(&file, text).expect("written");
        let mut node =
            crate::load::parse_page(text, NodeKind::Skill, Path::new("calculus/limits.md")).expect("a page");
        let held = node.body.headings.clone();
        node.release_text(file.clone());
        assert!(node.source.text.is_empty(), "the text is let go of");
        assert_eq!(node.body.headings, held, "what was found in it stays");
        assert_eq!(&*node.text().expect("unchanged"), text);
        let html: String = {
            let text = node.text().expect("unchanged");
            crate::markdown::to_html(node.body.events_of(&text), &node.body.formulas, 0)
        };
        assert!(html.contains("<h2 id=\"idea\">Idea</h2>"), "{html}");
        // A problem found later still quotes its line.
        let at = text.find("[[").expect("a link");
        let problem = node.source.error_at(at, at + 15, "unknown id");
        assert_eq!((problem.line, problem.column), (7, 5));
        assert_eq!(problem.snippet.expect("quoted").text, "See [[derivatives]] first.");
        // The page must render as it was checked: a file changed since is an error.
        std::fs::write(&file, text.replace("derivatives", "integrals")).expect("written");
        let error = node.text().expect_err("changed");
        assert!(error.message.contains("changed while the site was being built"), "{}", error.message);
    }
}
