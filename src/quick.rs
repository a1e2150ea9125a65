//! The quick update of `serve`: after an edit to the text of a page that changes nothing any
//! other page shows, that page is rendered at once from what the last build was made from,
//! and an open tab reloads before the whole site is rebuilt.
//!
//! Whether an edit is such an edit is decided by [`load::reload_body`]: the front matter, the
//! headings and the references are as before, so the tree, every card, the graph and every
//! check are as before. The rebuild of the whole site still follows (the print edition and the
//! search index show the text too) and stays the one truth: the quick page is what it makes
//! of that page, byte for byte (`tests/session.rs` checks it after each kind of edit).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::load;
use crate::map::Maps;
use crate::render::{Inputs, OnePage};
use crate::resolve::Graph;
use crate::site::{Node, NodeId, NodeKind, Site};
use crate::strings::Strings;
use crate::theme::Theme;

/// What the last good build of a site of one edition was made from.
pub(crate) struct Kept {
    site: Site,
    theme: Theme,
    graph: Graph,
    strings: Strings,
    /// What every page shares; made once, when first needed.
    one_page: Option<OnePage>,
    /// The pages of the roadmap's tree by their file on disk.
    by_file: HashMap<PathBuf, NodeId>,
}

impl Kept {
    pub(crate) fn new(site: Site, theme: Theme, graph: Graph, strings: Strings) -> Kept {
        Kept { site, theme, graph, strings, one_page: None, by_file: HashMap::new() }
    }

    /// Makes ready what every quick update needs; false when a page cannot be rendered alone.
    pub(crate) fn prepare(&mut self, root: &Path, maps: &Maps) -> bool {
        let Kept { site, theme, graph, strings, one_page, by_file } = self;
        if by_file.is_empty() {
            *by_file = site
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, node)| node.kind != NodeKind::Page)
                .map(|(at, node)| (root.join(&node.source.path), at))
                .collect();
        }
        if one_page.is_none() {
            *one_page = OnePage::new(Inputs { site, graph, theme, root, maps, strings }).ok();
        }
        one_page.is_some()
    }

    /// The pages of `files` (absolute paths), each as its output path and bytes, when every
    /// one of them is a page of the tree whose edit changed its text only; `None` otherwise.
    /// The kept site takes the new text, so that the next quick update starts from it.
    pub(crate) fn update(
        &mut self,
        root: &Path,
        maps: &Maps,
        files: &[PathBuf],
    ) -> Option<Vec<(String, Vec<u8>)>> {
        if files.is_empty() || !self.prepare(root, maps) {
            return None;
        }
        let mut edited: Vec<(NodeId, Node)> = Vec::with_capacity(files.len());
        for file in files {
            let &at = self.by_file.get(file)?;
            edited.push((at, load::reload_body(&self.site.nodes[at], file).ok()?));
        }
        let Kept { site, theme, graph, strings, one_page, .. } = self;
        let one_page = one_page.as_mut()?;
        let before: Vec<(NodeId, Node)> =
            edited.into_iter().map(|(at, node)| (at, std::mem::replace(&mut site.nodes[at], node))).collect();
        let inputs = Inputs { site, graph, theme, root, maps, strings };
        let pages: Result<Vec<_>, _> = before.iter().map(|&(at, _)| one_page.render(inputs, at)).collect();
        match pages {
            Ok(pages) => Some(pages),
            Err(_) => {
                // The rebuild will report it; the kept site stays as it was built.
                for (at, node) in before {
                    site.nodes[at] = node;
                }
                None
            }
        }
    }
}
