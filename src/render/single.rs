//! One page of the site rendered on its own: what `serve` shows at once after an edit that can
//! change nothing but that page (see [`crate::session::Session::quick`]), before the rebuild of
//! the whole site follows.
//!
//! What every page of a render shares (the compiled templates, the reading order, the section
//! trees, the site's context) is made once per build of the site and kept, so that one page
//! costs one page.

use std::path::Path;

use super::context::{sections, site_ctx};
use super::pages::{Pages, Prepared};
use super::{Page, PageOut, PageSpec, feeds};
use crate::diagnostics::Diagnostic;
use crate::map::Maps;
use crate::resolve::Graph;
use crate::site::{NodeId, NodeKind, Site};
use crate::strings::Strings;
use crate::theme::Theme;

/// What the pages of one build of a site share, ready to render any one of them.
pub struct OnePage {
    /// Lent to each render (a [`Pages`] owns what it shares) and taken back.
    prepared: Option<Prepared>,
}

/// The inputs of a render: the built site, its graph and maps, the theme and the interface text.
#[derive(Clone, Copy)]
pub struct Inputs<'a> {
    pub site: &'a Site,
    pub graph: &'a Graph,
    pub theme: &'a Theme,
    pub root: &'a Path,
    pub maps: &'a Maps,
    pub strings: &'a Strings,
}

impl OnePage {
    pub fn new(inputs: Inputs) -> Result<OnePage, Vec<Diagnostic>> {
        let Inputs { site, theme, root, strings, .. } = inputs;
        Ok(OnePage { prepared: Some(Prepared::new(site, &site_ctx(site), theme, root, strings)?) })
    }

    /// The page of `node` (of the root, a section or a skill): its output path and its bytes,
    /// as a render of the whole site would make them.
    pub fn render(&mut self, inputs: Inputs, node: NodeId) -> Result<(String, Vec<u8>), Diagnostic> {
        let Inputs { site, graph, theme, root, maps, strings } = inputs;
        let Some(prepared) = self.prepared.take() else {
            return Err(Diagnostic::file("content", "a page render failed before"));
        };
        let landing = site.nodes[node].kind == NodeKind::Root;
        let pages = Pages {
            site,
            graph,
            theme,
            root,
            maps,
            strings,
            prepared,
            // Only the landing page shows these.
            sections: if landing {
                sections(site, super::context::names_field(&theme.templates, "skills"))
            } else {
                Vec::new()
            },
            faq_entries: if landing { feeds::faq_entries(site, graph, strings) } else { Vec::new() },
            global: None,
            deps: None,
            previous: None,
            staging: None,
            print_streams: super::print::streams(&theme.templates),
        };
        let rendered = pages.render(PageSpec::Node(node));
        self.prepared = Some(pages.prepared);
        match rendered? {
            PageOut { path, page: Page::Held(bytes), .. } => Ok((path, bytes)),
            PageOut { path, .. } => Err(Diagnostic::file(path, "the page was not rendered into memory")),
        }
    }
}
