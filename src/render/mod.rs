//! Stage 4, render: the site, its graph and its theme become an [`Output`] (paths to bytes).
//!
//! Templates are compiled once; pages are rendered in parallel, each from its own small context.

mod body;
mod callout;
mod context;
mod deps;
mod feeds;
mod highlight;
mod jsonld;
mod lexer;
mod markup;
mod pages;
mod print;
mod search;
mod single;
mod texts;
mod tree;

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Tera};

use crate::diagnostics::{Diagnostic, SourceFile};
use crate::map::Maps;
use crate::output::{Output, Staging};
use crate::progress::Progress;
use crate::resolve::Graph;
use crate::site::{NodeId, Site};
use crate::theme::Theme;
use context::{ReadingOrder, sections, site_ctx};
use pages::Pages;
pub use single::{Inputs, OnePage};

/// The most pages one task renders before the rest of its share can be taken by an idle core.
pub(crate) const PIECE: usize = 32;

/// What a previous render produced, so that a rebuild renders only the pages whose inputs
/// changed: a fingerprint of everything each page's template sees.
#[derive(Debug, Clone, Default)]
pub struct RenderCache {
    fingerprints: HashMap<String, u64>,
    search: search::Entries,
}

/// The result of [`render_incremental`].
pub struct Rendered {
    pub output: Output,
    pub cache: RenderCache,
    /// How many pages went through the templates (the others were reused).
    pub pages_rendered: usize,
    /// What is worth fixing but did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// A roadmap of a site of several writes no search index of its own: its pages go into the
    /// site's index of its language (see [`site_search_index`]).
    pub search: Option<SearchPart>,
}

pub use search::Part as SearchPart;
pub use search::text_per_page;

/// Whether a skill's text is rendered on its own page only: the print edition of a roadmap of
/// more than [`print::FULL_TEXT_LIMIT`] skills leaves it out.
pub fn skill_text_on_its_page_only(site: &Site) -> bool {
    print::abridged(site).1
}

/// The search index of a site of several roadmaps in one language, from each roadmap's part
/// (in the order of `roadmaps`): each of its files handed to `emit`, by path below the
/// language's folder.
pub fn site_search_index(
    parts: &[&SearchPart],
    emit: &mut dyn FnMut(String, String),
) -> Result<(), Diagnostic> {
    search::site_index(parts, emit)
        .map_err(|error| Diagnostic::file("public", format!("cannot make {}: {error}", search::PATH)))
}

/// A value for a template's context that can also be fed to the page's fingerprint.
trait ErasedSerialize {
    /// Feeds the value to `hasher`; false when it could not be fed whole.
    fn hash_into(&self, hasher: &mut DefaultHasher) -> bool;
    fn insert_into(&self, key: &'static str, context: &mut Context);
}

impl<T: Serialize> ErasedSerialize for T {
    fn hash_into(&self, hasher: &mut DefaultHasher) -> bool {
        hash_serialized(hasher, self)
    }
    fn insert_into(&self, key: &'static str, context: &mut Context) {
        context.insert(key, self);
    }
}

/// A page as rendered (or reused).
struct PageOut {
    path: String,
    page: Page,
    /// What the page was made from; `None` when that could not be known (the page is then
    /// rendered again next time).
    fingerprint: Option<u64>,
    /// It went through the templates (rather than being reused).
    fresh: bool,
}

/// A page after rendering: its bytes, or their length once written to the staging folder.
enum Page {
    Held(Vec<u8>),
    /// Kept from the previous output.
    Shared(std::sync::Arc<Vec<u8>>),
    Written(usize),
}

/// A page of the site before rendering: where it goes and with which template.
#[derive(Clone, Copy)]
enum PageSpec {
    Node(NodeId),
    /// The roadmap's learning order, where the whole trail to any skill can be followed.
    Trail,
    Faq,
    Print,
    NotFound,
}

/// Where a render may start from and where its pages go.
#[derive(Clone, Copy)]
pub struct RenderOptions<'a> {
    /// The cache and output of the last render: pages whose fingerprint is unchanged are
    /// copied from it instead of rendered again.
    pub previous: Option<(&'a RenderCache, &'a Output)>,
    /// Each page is written there as soon as it is rendered, and only its size is kept.
    pub staging: Option<&'a Staging>,
    /// Counts the pages rendered.
    pub progress: Option<&'a Progress>,
    /// The interface text, for templates' `t(key=…)`.
    pub strings: &'a crate::strings::Strings,
}

/// Renders the site, reusing and writing pages as `options` say.
pub fn render_incremental(
    site: &Site,
    graph: &Graph,
    theme: &Theme,
    root: &Path,
    maps: &Maps,
    options: RenderOptions,
) -> Result<Rendered, Vec<Diagnostic>> {
    let RenderOptions { previous, staging, progress, strings } = options;
    let site_ctx = site_ctx(site);
    // Fingerprints are only worth their cost when there is a previous render to compare with;
    // without a whole one, no page is reused.
    let global = previous.and_then(|_| {
        let mut hasher = DefaultHasher::new();
        theme.templates.hash(&mut hasher);
        strings.hash(&mut hasher);
        site.directory.as_ref().map(|d| d.fingerprint).hash(&mut hasher);
        (hash_serialized(&mut hasher, &site_ctx) && hash_serialized(&mut hasher, &site.config.extra))
            .then(|| hasher.finish())
    });
    // The pages made from the whole roadmap come first: each is one long task, and started last
    // it would leave the other cores idle while it finished.
    let mut specs = Vec::with_capacity(site.nodes.len() + 4);
    // A theme of the user's own may have no print edition.
    if theme.templates.contains_key("print.html") {
        specs.push(PageSpec::Print);
    }
    if theme.templates.contains_key("trail.html") {
        specs.push(PageSpec::Trail);
    }
    if site.faq.is_some() {
        specs.push(PageSpec::Faq);
    }
    specs.push(PageSpec::NotFound);
    specs.extend((0..site.nodes.len()).map(PageSpec::Node));
    if let Some(progress) = progress {
        progress.stage("rendering", specs.len(), "pages");
    }
    let render_pages = || -> Result<Vec<Result<PageOut, Diagnostic>>, Vec<Diagnostic>> {
        let pages = Pages {
            site,
            graph,
            theme,
            root,
            maps,
            strings,
            prepared: pages::Prepared::new(site, &site_ctx, theme, root, strings)?,
            sections: sections(site, context::names_field(&theme.templates, "skills")),
            faq_entries: feeds::faq_entries(site, graph, strings),
            global,
            deps: global.map(|global| deps::Dependencies::new(site, graph, global)),
            previous,
            staging,
            print_streams: print::streams(&theme.templates),
        };
        Ok(specs
            .into_par_iter()
            // Pieces small enough to share out to the end: rayon otherwise stops splitting
            // after a few halvings, and the last quarter of a big roadmap's pages could be left
            // to one core while the others wait.
            .with_max_len(PIECE)
            .map(|spec| {
                let page = pages.render(spec);
                if let Some(progress) = progress {
                    progress.tick();
                }
                page
            })
            .collect())
    };

    // The files made from the whole roadmap are made while the templates compile and the pages
    // render.
    let (rendered, (feeds, feeds_problem, (search_entries, search_part))) =
        rayon::join(render_pages, || whole_roadmap_files(site, graph, previous, staging, strings));
    let rendered = rendered?;

    let mut cache = RenderCache { search: search_entries, ..RenderCache::default() };
    let mut pages_rendered = 0;
    let mut output = Output::new();
    let mut problems: Vec<Diagnostic> = feeds_problem.into_iter().collect();
    for result in rendered {
        match result {
            Ok(PageOut { path, page, fingerprint, fresh }) => {
                pages_rendered += usize::from(fresh);
                if let Some(fingerprint) = fingerprint {
                    cache.fingerprints.insert(path.clone(), fingerprint);
                }
                let inserted = match page {
                    Page::Held(html) => output.insert(path, html),
                    Page::Shared(html) => output.insert_shared(path, html),
                    Page::Written(len) => output.insert_written(path, len),
                };
                if let Err(path) = inserted {
                    problems.push(Diagnostic::file(
                        "content",
                        format!("two pages would be written to public/{path}"),
                    ));
                }
            }
            Err(problem) => problems.push(problem),
        }
    }
    for (alias, node) in &graph.aliases {
        // An old id is redirected beside the page; an old path (`/design/captions/`, after a move
        // to another section) from where it was.
        let path = match alias.strip_prefix('/') {
            Some(old_path) => format!("{}/index.html", old_path.trim_end_matches('/')),
            None => {
                let parent = site.nodes[*node].parent.map_or(String::new(), |p| site.nodes[p].path.clone());
                format!("{parent}{alias}/index.html")
            }
        };
        if output.insert(path.clone(), feeds::redirect(site, *node, strings)).is_err() {
            problems.push(Diagnostic::file(
                &site.nodes[*node].source.path,
                format!("alias `{alias}` would overwrite public/{path}"),
            ));
        }
    }
    output.merge(feeds);
    output.put(crate::routes::SCRIPT_STRINGS, strings.script_file());
    // The files every language shares are published once, at the site's root.
    if site.edition.is_default() {
        problems.extend(assets(site, staging, &mut output));
    }
    // The site-wide ones, by the edition at the site's root (a site of several roadmaps makes
    // them with its home page).
    if site.edition.is_site_root() {
        for (path, bytes) in &theme.statics {
            // Static files may replace generated ones on purpose (a custom robots.txt).
            output.put(path.clone(), bytes.clone());
        }
        if let Some(cname) = &site.config.cname {
            output.put("CNAME", format!("{}\n", cname.trim()));
        }
    }
    problems.sort_by_key(Diagnostic::headline);
    let problems = once_each(problems);
    if problems.is_empty() {
        Ok(Rendered { output, cache, pages_rendered, warnings: Vec::new(), search: search_part })
    } else {
        Err(problems)
    }
}

/// One template mistake fails every page that uses the template: reported once, saying how many
/// pages it failed. `problems` are sorted.
fn once_each(problems: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut kept: Vec<(Diagnostic, usize)> = Vec::with_capacity(problems.len());
    for problem in problems {
        match kept.last_mut() {
            Some((last, count)) if last.to_string() == problem.to_string() => *count += 1,
            _ => kept.push((problem, 1)),
        }
    }
    kept.into_iter()
        .map(|(problem, count)| {
            if count == 1 {
                return problem;
            }
            let also = format!("the same on {count} pages");
            let hint = match &problem.hint {
                Some(hint) => format!("{hint} ({also})"),
                None => also,
            };
            problem.with_hint(hint)
        })
        .collect()
}

/// sitemap.xml, robots.txt, .nojekyll, roadmap.json and the search index: like the pages, they
/// go straight to the staging folder if there is one. Also returns the search entries, kept
/// for a rebuild to come (when there is a previous render, there will be a next one), and, for
/// a roadmap of a site of several, its part of the site's index instead of an index.
fn whole_roadmap_files(
    site: &Site,
    graph: &Graph,
    previous: Option<(&RenderCache, &Output)>,
    staging: Option<&Staging>,
    strings: &crate::strings::Strings,
) -> (Output, Option<Diagnostic>, (search::Entries, Option<SearchPart>)) {
    use feeds::Files as _;
    let mut files = Emitted { staging, files: Output::new(), problem: None };
    let failed = |what: &str, error: serde_json::Error| {
        Diagnostic::file("public", format!("cannot make {what}: {error}"))
    };
    let none = || (search::Entries::new(), None);
    if let Err(error) = feeds::add(site, graph, &mut files) {
        return (files.files, Some(failed(crate::routes::ROADMAP_JSON, error)), none());
    }
    let no_entries = search::Entries::new();
    let previous_entries = previous.map_or(&no_entries, |(cache, _)| &cache.search);
    // A render with a previous one to compare with will have a next one.
    let keep = previous.is_some();
    let (entries, part) = if site.edition.roadmap.is_some() {
        match search::part(site, graph, previous_entries, strings) {
            Ok((part, entries)) => (entries, Some(part)),
            Err(error) => return (files.files, Some(failed(search::PATH, error)), none()),
        }
    } else {
        // Each file of the index goes to disk as soon as it is made (at 100,000 skills they are
        // tens of megabytes, made while the largest part of the build's memory is in use).
        match search::index(site, graph, previous_entries, strings, &mut |path, js| {
            files.put(&path, js.into_bytes())
        }) {
            Ok(entries) => (entries, None),
            Err(error) => return (files.files, Some(failed(search::PATH, error)), none()),
        }
    };
    let entries = if keep { entries } else { search::Entries::new() };
    (files.files, files.problem, (entries, part))
}

/// The files made from the whole roadmap: straight into the staging folder if there is one
/// (only their sizes kept), else into memory.
struct Emitted<'s> {
    staging: Option<&'s Staging>,
    files: Output,
    /// The last file that could not be written.
    problem: Option<Diagnostic>,
}

impl feeds::Files for Emitted<'_> {
    fn put(&mut self, path: &str, bytes: Vec<u8>) {
        match self.staging {
            Some(staging) => match staging.put(path, &bytes) {
                Ok(()) => self.files.put_written(path.to_string(), bytes.len()),
                Err(error) => self.problem = Some(pages::written(error)),
            },
            None => self.files.put(path.to_string(), bytes),
        }
    }

    fn write(&mut self, path: &str, write: feeds::Writer) -> serde_json::Result<()> {
        let Some(staging) = self.staging else {
            let mut bytes = Vec::new();
            write(&mut bytes)?;
            self.files.put(path.to_string(), bytes);
            return Ok(());
        };
        let io =
            |source| pages::written(crate::output::WriteError::Io { path: staging.path_of(path), source });
        let mut file = match staging.file(path) {
            Ok(file) => file,
            Err(error) => {
                self.problem = Some(pages::written(error));
                return Ok(());
            }
        };
        match write(&mut file) {
            // The disk failed, not the making of the file.
            Err(error) if error.is_io() => {
                self.problem = Some(io(std::io::Error::other(error.to_string())));
                Ok(())
            }
            Err(error) => Err(error),
            Ok(()) => {
                match file.finish() {
                    Ok(len) => self.files.put_written(path.to_string(), len),
                    Err(source) => self.problem = Some(io(source)),
                }
                Ok(())
            }
        }
    }
}

/// The files of `content/` that are not pages, published at their paths: copied by the system
/// into the staging folder (never read into memory), or read into memory without one (`serve`).
fn assets(site: &Site, staging: Option<&Staging>, output: &mut Output) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let taken = |output: &Output, path: &str| output.contains(path);
    let clash = |asset: &crate::site::Asset| {
        Diagnostic::file(
            Path::new("content").join(&site.shared).join(&asset.path),
            format!("this file and a page would both be written to public/{}", asset.path),
        )
        .with_hint("rename the file, or the page")
    };
    let mut problems = Vec::new();
    let fresh: Vec<&crate::site::Asset> = site
        .assets
        .iter()
        .filter(|asset| {
            let free = !taken(output, &asset.path);
            if !free {
                problems.push(clash(asset));
            }
            free
        })
        .collect();
    /// A file copied into the staging folder (its length), or read into memory.
    enum Copied {
        OnDisk(u64),
        Held(Vec<u8>),
    }
    let copied: Vec<Result<(String, Copied), Diagnostic>> = fresh
        .par_iter()
        .map(|asset| {
            let unreadable = |error: std::io::Error| {
                Diagnostic::file(
                    Path::new("content").join(&site.shared).join(&asset.path),
                    format!("cannot read file: {error}"),
                )
            };
            let copy = match staging {
                Some(staging) => {
                    Copied::OnDisk(staging.copy(&asset.path, &asset.file).map_err(pages::written)?)
                }
                None => Copied::Held(std::fs::read(&asset.file).map_err(unreadable)?),
            };
            Ok((asset.path.clone(), copy))
        })
        .collect();
    for result in copied {
        match result {
            Ok((path, Copied::OnDisk(len))) => output.put_written(path, len as usize),
            Ok((path, Copied::Held(bytes))) => output.put(path, bytes),
            Err(problem) => problems.push(problem),
        }
    }
    problems
}

/// Feeds the JSON form of `value` to `hasher` without building the string; false if the value
/// could not be serialized whole (a partial fingerprint could match a stale page).
fn hash_serialized(hasher: &mut DefaultHasher, value: &impl Serialize) -> bool {
    struct HashWriter<'a>(&'a mut DefaultHasher);
    impl std::io::Write for HashWriter<'_> {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.write(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    serde_json::to_writer(HashWriter(hasher), value).is_ok()
}

#[derive(Serialize)]
struct Wrap<'a, T> {
    site: &'a T,
    /// The `[extra]` table of `trailmap.toml`, for the site's own templates.
    extra: &'a toml::Table,
}

/// The context every page of an edition starts from: `site`, `extra` (trailmap.toml's table) and
/// the interface texts that [`compile`] turned `t(key="…")` calls into lookups of.
fn base_context(
    site: &Site,
    site_ctx: &context::SiteCtx,
    strings: &crate::strings::Strings,
) -> Result<Context, Vec<Diagnostic>> {
    let mut context = Context::from_serialize(&Wrap { site: site_ctx, extra: &site.config.extra })
        .map_err(|e| vec![Diagnostic::file("trailmap.toml", e.to_string())])?;
    context.insert_value(texts::VAR, texts::Texts::value(strings));
    Ok(context)
}

fn compile(
    theme: &Theme,
    root: &Path,
    site: &Site,
    strings: &crate::strings::Strings,
) -> Result<Tera, Vec<Diagnostic>> {
    let theme_name = site.config.theme.as_str();
    let extra_head = crate::brand::extra_head_template(&site.config);
    let mut tera = Tera::new();
    // `t(key="…", name=value)`: the interface text of the site's language, placeholders filled.
    tera.register_function("t", Translate::new(strings));
    // `script_strings()`: the `[script]` table as JSON, for a site's own base.html that still
    // holds the `trailmap-strings` blob (the default theme loads `strings.js` instead).
    let script_strings = tera::Value::safe_string(&strings.script_json());
    tera.register_function("script_strings", move |_: tera::Kwargs, _: &tera::State| {
        Ok(script_strings.clone())
    });
    tera.autoescape_on([".html", ".xml", ".svg"]);
    // The site's one escaping function (Tera's own writes byte by byte).
    tera.set_escape_fn(crate::escape::write_escaped);
    let texts = texts::Texts::new(strings);
    let templates = theme.templates.iter().map(|(name, text)| (name.as_str(), texts.inline(text)));
    let extra_head = (crate::brand::EXTRA_HEAD_TEMPLATE, texts.inline(&extra_head));
    tera.add_raw_templates(templates.chain([extra_head])).map_err(|error| {
        let name = first_template_name(&error).unwrap_or_default();
        vec![template_error(root, theme_name, theme, &name, &error)]
    })?;
    Ok(tera)
}

/// Tera's `t(key="…", name=value)`: the text escaped, arguments escaped unless marked `safe`.
struct Translate {
    strings: std::sync::Arc<crate::strings::Strings>,
    /// Each key's text as `t(key=…)` without arguments gives it, made once: a page asks for
    /// some forty of them, and a big roadmap has thousands of pages.
    plain: std::sync::Arc<HashMap<String, tera::Value>>,
}

impl Translate {
    fn new(strings: &crate::strings::Strings) -> Translate {
        let plain = strings
            .keys()
            .map(|key| (key.to_string(), tera::Value::safe_string(&strings.format_html(key, &[]))))
            .collect();
        Translate { strings: std::sync::Arc::new(strings.clone()), plain: std::sync::Arc::new(plain) }
    }
}

impl tera::Function<tera::TeraResult<tera::Value>> for Translate {
    fn call(&self, kwargs: tera::Kwargs, _: &tera::State) -> tera::TeraResult<tera::Value> {
        let key = kwargs.must_get::<&str>("key")?;
        if kwargs.iter().nth(1).is_none()
            && let Some(text) = self.plain.get(key)
        {
            return Ok(text.clone());
        }
        // `count=n`: the key's plural form for n (`key_one`, `key_other`), `{count}` filled in
        // (a `count` that is not a number, markup, only fills the placeholder).
        let plural;
        let key = match kwargs.get::<i64>("count").ok().flatten() {
            Some(count) if !self.plain.contains_key(key) => {
                plural = self.strings.plural_key(key, count.unsigned_abs());
                plural.as_str()
            }
            _ => key,
        };
        if !self.plain.contains_key(key) {
            return Err(tera::Error::message(format!(
                "no interface text is called `{key}` (the theme's i18n/en.toml lists them)"
            )));
        }
        let args: Vec<(&str, std::borrow::Cow<str>)> = kwargs
            .iter()
            .filter_map(|(name, value)| Some((name.as_str().filter(|&n| n != "key")?, value)))
            .map(|(name, value)| {
                let text =
                    value.as_str().map_or_else(|| value.to_string().into(), std::borrow::Cow::Borrowed);
                (name, if value.is_safe() { text } else { crate::escape::escape(&text).into() })
            })
            .collect();
        let args: Vec<(&str, &str)> = args.iter().map(|(n, v)| (*n, v.as_ref())).collect();
        Ok(tera::Value::safe_string(&self.strings.format_html(key, &args)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

fn first_template_name(error: &tera::Error) -> Option<String> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename().to_string())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        _ => None,
    }
}

/// A template problem at its place in the template file.
fn template_error(
    root: &Path,
    theme_name: &str,
    theme: &Theme,
    template: &str,
    error: &tera::Error,
) -> Diagnostic {
    let at = |name: &str, start: usize, end: usize, message: &str| {
        let text = theme.templates.get(name).cloned().unwrap_or_default();
        let file = SourceFile::new(Theme::template_path(root, theme_name, name), text);
        file.error_at(start, end, format!("template error: {message}"))
    };
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() { template } else { report.filename() };
            let range = report.span().range.clone();
            at(name, range.start, range.end, report.message())
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message = format!("{message}: {inner}");
                source = inner.source();
            }
            // Some checks only come as a formatted report: `error: MESSAGE\n --> NAME:LINE:COL …`.
            if let Some((name, line, column)) = report_location(&message) {
                let text = theme.templates.get(&name).map(String::as_str).unwrap_or_default();
                let start = text.split_inclusive('\n').take(line - 1).map(str::len).sum::<usize>()
                    + text
                        .lines()
                        .nth(line - 1)
                        .map_or(0, |l| l.char_indices().nth(column - 1).map_or(0, |(i, _)| i));
                let first = message.lines().next().unwrap_or_default().trim_start_matches("error: ");
                return at(&name, start, start, first);
            }
            let path = Theme::template_path(root, theme_name, template);
            Diagnostic::file(path, format!("template error: {}", message.lines().next().unwrap_or_default()))
        }
    }
}

/// Finds ` --> name:line:col` in one of Tera's formatted reports.
fn report_location(report: &str) -> Option<(String, usize, usize)> {
    let line = report.lines().find_map(|l| l.trim_start().strip_prefix("--> "))?;
    let mut parts = line.rsplitn(3, ':');
    let column = parts.next()?.trim().parse().ok()?;
    let row = parts.next()?.trim().parse().ok()?;
    let name = parts.next()?.to_string();
    (row >= 1 && column >= 1).then_some((name, row, column))
}

/// One roadmap of a site of several, as its card on the home page.
#[derive(Debug, Clone, Serialize)]
pub struct RoadmapCard {
    pub name: String,
    pub title: String,
    pub description: String,
    /// Its landing page.
    pub url: String,
    /// Its whole map, as a thumbnail.
    pub map_url: String,
    pub skill_count: usize,
    /// The progress keys of its skills, for the card's progress counter.
    pub skills: Vec<String>,
}

/// A page of a site of several roadmaps that belongs to none of them, rendered with
/// `template`: its home page (`home.html`, in the folder of its language) or the site's
/// `404.html` (at its root). `home` is a site of that one page, in one language, already
/// resolved into `graph`; `roadmaps` are the cards of its roadmaps.
pub fn home_page(
    home: &Site,
    graph: &Graph,
    theme: &Theme,
    root: &Path,
    strings: &crate::strings::Strings,
    roadmaps: &[RoadmapCard],
    template: &str,
) -> Result<Vec<u8>, Vec<Diagnostic>> {
    if !theme.templates.contains_key(template) {
        return Err(vec![
            Diagnostic::file(Path::new("themes").join(&home.config.theme), format!("the theme has no {template}"))
                .with_hint("a site of several roadmaps needs home.html for its home page: copy it from the default theme"),
        ]);
    }
    let tera = compile(theme, root, home, strings)?;
    let site_ctx = site_ctx(home);
    let mut context = base_context(home, &site_ctx, strings)?;
    if template == "home.html" {
        context.insert(
            "page",
            &context::page_ctx(
                home,
                graph,
                &ReadingOrder::new(home),
                &tree::SectionTrees::new(home),
                0,
                strings,
            )
            .map_err(|problem| vec![problem])?,
        );
    }
    context.insert("roadmaps", roadmaps);
    // The way back to the site's root, for copies opened from file://.
    let depth = if template == "home.html" { home.edition.prefix.matches('/').count() } else { 0 };
    context.insert("root", &"../".repeat(depth));
    // The home page in the site's other languages (below their folders, like it).
    context.insert("alternates", &context::alternates(home, ""));
    tera.render(template, &context)
        .map(String::into_bytes)
        .map_err(|error| vec![template_error(root, &home.config.theme, theme, template, &error)])
}

/// `sitemap.xml` of a site of several roadmaps: its home page, then every page of `roadmaps`.
pub fn sitemap_of(roadmaps: &[&Site]) -> String {
    feeds::sitemap_of(roadmaps, true)
}
