//! One page of the site at a time: where it goes and with which template, its fingerprint, and
//! then either the previous render's bytes (when the fingerprint is unchanged) or a fresh render,
//! into memory or straight into its file in the staging folder.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use tera::{Context, Tera};

use super::context::{ReadingOrder, SectionCtx, SiteCtx, first_skill, learning_order, page_ctx};
use super::deps::Dependencies;
use super::feeds::{self, FaqEntry};
use super::tree::SectionTrees;
use super::{ErasedSerialize, Page, PageOut, PageSpec, RenderCache, jsonld, print, template_error};
use crate::diagnostics::Diagnostic;
use crate::map::Maps;
use crate::output::{Output, Staging, WriteError};
use crate::resolve::Graph;
use crate::routes;
use crate::site::{NodeKind, Site};
use crate::theme::Theme;

/// What a page's template gets, by name. Put into a Tera context only if the page is rendered:
/// a big roadmap's print edition is slow to convert, and usually unchanged.
type Values<'a> = Vec<(&'static str, Box<dyn ErasedSerialize + 'a>)>;

/// What every page of an edition is rendered with, made once per edition: its compiled templates,
/// the reading order, the section trees and the context every page starts from. `serve` keeps it
/// from one single-page render to the next (see [`super::single`]).
pub(super) struct Prepared {
    pub tera: Tera,
    pub order: ReadingOrder,
    pub trees: SectionTrees,
    /// The context every page starts from (`site`, `extra`, the interface texts).
    pub base: Context,
}

impl Prepared {
    pub fn new(
        site: &Site,
        site_ctx: &SiteCtx,
        theme: &Theme,
        root: &Path,
        strings: &crate::strings::Strings,
    ) -> Result<Prepared, Vec<Diagnostic>> {
        Ok(Prepared {
            tera: super::compile(theme, root, site, strings)?,
            order: ReadingOrder::new(site),
            trees: SectionTrees::new(site),
            base: super::base_context(site, site_ctx, strings)?,
        })
    }
}

/// Everything the pages of one render share.
pub(super) struct Pages<'a> {
    pub site: &'a Site,
    pub graph: &'a Graph,
    pub theme: &'a Theme,
    pub root: &'a Path,
    pub maps: &'a Maps,
    /// The interface text, for what Rust writes into pages (callouts, the trail's tags …).
    pub strings: &'a crate::strings::Strings,
    pub prepared: Prepared,
    pub sections: Vec<SectionCtx<'a>>,
    pub faq_entries: Vec<FaqEntry>,
    /// The fingerprint of what every page depends on; `None` when there is no previous render
    /// to compare with (fingerprints are then not worth their cost).
    pub global: Option<u64>,
    pub deps: Option<Dependencies>,
    pub previous: Option<(&'a RenderCache, &'a Output)>,
    pub staging: Option<&'a Staging>,
    /// The theme streams the print edition's nodes (see [`print::streams`]).
    pub print_streams: bool,
}

impl Pages<'_> {
    /// Renders the page of `spec`, or takes it from the previous render if nothing it shows
    /// changed.
    pub fn render(&self, spec: PageSpec) -> Result<PageOut, Diagnostic> {
        let (path, template, known) = self.place(spec);
        // Pages whose inputs can be fingerprinted without building their context.
        if let Some(fingerprint) = known
            && let Some(bytes) = self.unchanged(&path, fingerprint)
        {
            return self.reuse(path, bytes, fingerprint);
        }
        let values = self.values(spec)?;
        let fingerprint = known.or_else(|| self.fingerprint(&values, template, &path));
        if known.is_none()
            && let Some(fingerprint) = fingerprint
            && let Some(bytes) = self.unchanged(&path, fingerprint)
        {
            return self.reuse(path, bytes, fingerprint);
        }
        let page = self.write(&path, template, values)?;
        Ok(PageOut { path, page, fingerprint, fresh: true })
    }

    /// The page's path, its template, and its fingerprint when it can be known from what the
    /// page shows (see [`Dependencies`]) rather than from its context.
    fn place(&self, spec: PageSpec) -> (String, &'static str, Option<u64>) {
        let deps = self.deps.as_ref();
        match spec {
            PageSpec::Node(node) => {
                let template = match self.site.nodes[node].kind {
                    NodeKind::Root => "index.html",
                    NodeKind::Section => "section.html",
                    NodeKind::Skill => "skill.html",
                    NodeKind::Page => "page.html",
                };
                let known =
                    deps.map(|d| d.page(self.site, self.graph, &self.prepared.order, node, self.maps));
                (format!("{}index.html", self.site.nodes[node].path), template, known)
            }
            PageSpec::Trail => (routes::page_file(routes::TRAIL), "trail.html", None),
            PageSpec::Faq => (routes::page_file(routes::FAQ), "faq.html", None),
            PageSpec::Print => {
                let known = deps.map(|d| d.print(self.site, self.graph, self.maps));
                (routes::page_file(routes::PRINT), "print.html", known)
            }
            PageSpec::NotFound => ("404.html".to_string(), "404.html", None),
        }
    }

    /// What the page's template gets.
    fn values(&self, spec: PageSpec) -> Result<Values<'_>, Diagnostic> {
        let (site, graph, maps) = (self.site, self.graph, self.maps);
        let mut values: Values = Vec::new();
        match spec {
            PageSpec::Node(node) => {
                values.push((
                    "page",
                    Box::new(page_ctx(
                        site,
                        graph,
                        &self.prepared.order,
                        &self.prepared.trees,
                        node,
                        self.strings,
                    )?),
                ));
                match site.nodes[node].kind {
                    NodeKind::Root => {
                        values.push(("sections", Box::new(&self.sections)));
                        values.push(("mindmap", Box::new(&maps.landing)));
                        values.push(("faq", Box::new(&self.faq_entries)));
                        values.push(("start", Box::new(first_skill(site, graph))));
                    }
                    NodeKind::Section => match maps.sections.get(node) {
                        Some(map) => values.push(("mindmap", Box::new(map.as_str()))),
                        // Drawn now, by a build that holds no map it does not need yet.
                        None if maps.sections.is_empty() => {
                            let map = crate::map::section_map(site, graph, self.strings, node);
                            values.push(("mindmap", Box::new(map)));
                        }
                        None => values.push(("mindmap", Box::new(""))),
                    },
                    NodeKind::Skill | NodeKind::Page => {}
                }
            }
            PageSpec::Trail => values.push(("order", Box::new(learning_order(site, graph)))),
            PageSpec::Faq => {
                if let Some(faq) = &site.faq {
                    let faq = feeds::faq_page(site, graph, faq, self.strings);
                    values.push(("jsonld", Box::new(jsonld::faq(&faq))));
                    values.push(("faq", Box::new(faq)));
                }
            }
            PageSpec::Print => {
                values.push((
                    "print",
                    Box::new(print::print_ctx(site, graph, self.strings, self.print_streams)),
                ));
                values.push(("mindmap", Box::new(&maps.landing)));
            }
            PageSpec::NotFound => {}
        }
        Ok(values)
    }

    /// The fingerprint of a page from the typed values its template gets (Tera's own values
    /// hold maps whose order is not stable from run to run).
    fn fingerprint(&self, values: &Values, template: &str, path: &str) -> Option<u64> {
        let global = self.global?;
        let mut hasher = DefaultHasher::new();
        global.hash(&mut hasher);
        for (key, value) in values {
            key.hash(&mut hasher);
            if !value.hash_into(&mut hasher) {
                return None;
            }
        }
        template.hash(&mut hasher);
        path.hash(&mut hasher);
        Some(hasher.finish())
    }

    /// The previous render's bytes of `path`, if its fingerprint was the same.
    fn unchanged(&self, path: &str, fingerprint: u64) -> Option<&Arc<Vec<u8>>> {
        let (cache, output) = self.previous?;
        (cache.fingerprints.get(path) == Some(&fingerprint)).then(|| output.shared(path)).flatten()
    }

    /// A page taken over from the previous render.
    fn reuse(&self, path: String, bytes: &Arc<Vec<u8>>, fingerprint: u64) -> Result<PageOut, Diagnostic> {
        let page = match self.staging {
            Some(staging) => {
                staging.put(&path, bytes).map_err(written)?;
                Page::Written(bytes.len())
            }
            None => Page::Shared(bytes.clone()),
        };
        Ok(PageOut { path, page, fingerprint: Some(fingerprint), fresh: false })
    }

    /// Renders the page: straight into its file when there is a staging folder (a page of a
    /// hundred megabytes is never held whole), else into memory.
    fn write(&self, path: &str, template: &str, values: Values) -> Result<Page, Diagnostic> {
        let mut context = self.prepared.base.clone();
        for (key, value) in &values {
            value.insert_into(key, &mut context);
        }
        drop(values);
        // The way back to the site's root from this page, for copies opened from file://.
        let depth = path.matches('/').count() + self.site.edition.prefix.matches('/').count();
        context.insert("root", &"../".repeat(depth));
        // The same page in the site's other languages (every page exists in every one).
        if let Some(dir) = path.strip_suffix("index.html") {
            context.insert("alternates", &super::context::alternates(self.site, dir));
        } else {
            context.insert("alternates", &super::context::alternates(self.site, ""));
        }
        let failed = |error: tera::Error| {
            template_error(self.root, &self.site.config.theme, self.theme, template, &error)
        };
        match self.staging {
            Some(staging) => {
                let mut file = staging.file(path).map_err(written)?;
                let io = |source| written(WriteError::Io { path: staging.path_of(path), source });
                self.render_to(template, &context, &mut file, failed, io)?;
                Ok(Page::Written(file.finish().map_err(io)?))
            }
            None => {
                let mut bytes = Vec::new();
                let io = |source| Diagnostic::file("public", format!("cannot render {path}: {source}"));
                self.render_to(template, &context, &mut bytes, failed, io)?;
                Ok(Page::Held(bytes))
            }
        }
    }

    /// Renders `template` into `out`; a print edition whose theme streams its nodes is put
    /// together from its frame and runs of nodes (see [`print::splice`]).
    fn render_to<W: std::io::Write>(
        &self,
        template: &str,
        context: &Context,
        out: &mut W,
        failed: impl Fn(tera::Error) -> Diagnostic,
        io: impl Fn(std::io::Error) -> Diagnostic,
    ) -> Result<(), Diagnostic> {
        if template != "print.html" || !self.print_streams {
            return self.prepared.tera.render_to(template, context, out).map_err(failed);
        }
        let frame = self.prepared.tera.render(template, context).map_err(&failed)?;
        let run = |template: &'static str, nodes: &[print::PrintNode], out: &mut W| {
            let mut context = context.clone();
            context.insert("nodes", nodes);
            self.prepared.tera.render_to(template, &context, &mut *out).map_err(&failed)
        };
        print::splice(self.site, self.graph, self.strings, frame.as_bytes(), out, run, io)
    }
}

/// A file that could not be written, as a problem of the build.
pub(super) fn written(error: WriteError) -> Diagnostic {
    Diagnostic::file("public", error.to_string())
}
