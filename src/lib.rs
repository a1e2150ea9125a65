//! trailmap: a static site generator for learning roadmaps.
//!
//! A build is a pipeline of plain stages, each a module with one job:
//!
//! ```text
//! load (content/ -> Site) -> resolve (links, graph checks) -> layout (mind map)
//!     -> render (Site + Theme -> Output) -> write (atomic swap into public/)
//! ```
//!
//! [`build`] runs the first four and returns the files; [`write`](output::write) puts them on
//! disk. [`build_into`] writes each page as it is rendered (what `trailmap build` does).
//! `trailmap serve` runs the same stages and keeps the output in memory.

pub mod brand;
pub mod config;
pub mod diagnostics;
pub(crate) mod escape;
pub mod external;
pub mod files;
pub mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
pub mod import;
pub mod init;
pub mod lint;
pub mod load;
pub mod map;
pub mod markdown;
pub mod math;
pub mod mindmap;
pub mod output;
pub mod pages;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod routes;
pub mod serve;
pub mod session;
pub mod share;
pub mod site;
pub mod strings;
pub mod theme;
pub mod trail;

use std::path::{Path, PathBuf};

use diagnostics::Diagnostic;
use output::Output;

/// What to build, as given on the command line.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site's folder (holding `trailmap.toml`).
    pub root: PathBuf,
    /// Replaces `base_url` from `trailmap.toml`.
    pub base_url: Option<String>,
    /// Include pages marked `draft = true`.
    pub drafts: bool,
    /// Where the stages report how far they have got, for a progress display.
    pub progress: Option<std::sync::Arc<progress::Progress>>,
}

/// Runs load → resolve → layout → render and returns every file of the site (warnings, which
/// do not stop a build, are left out: see [`build_into`]).
pub fn build(options: &BuildOptions) -> Result<Output, Vec<Diagnostic>> {
    run(options, &mut Caches::default(), None, None).map(|rendered| rendered.output)
}

/// A finished build: the files not yet on disk, and what is worth fixing but did not stop it.
pub struct Built {
    pub output: Output,
    pub warnings: Vec<Diagnostic>,
}

/// Builds the site into `staging` (or into memory without one), writing each page as soon as it
/// is rendered, so that a big roadmap is never held in memory whole. The returned [`Output`]
/// holds the rest (feeds, maps, static files) for [`Staging::finish`](output::Staging::finish).
pub fn build_into(
    options: &BuildOptions,
    staging: Option<&output::Staging>,
) -> Result<Built, Vec<Diagnostic>> {
    run(options, &mut Caches::default(), None, staging)
        .map(|rendered| Built { output: rendered.output, warnings: rendered.warnings })
}

/// What a [`session::Session`] keeps between rebuilds so that unchanged work is not redone.
#[derive(Default)]
struct Caches {
    load: load::LoadCache,
    /// The maps of the last build, with the key of the tree they were drawn from.
    maps: Option<(u64, map::Maps)>,
}

/// The pipeline, with the caches that let [`session::Session`] redo only what an edit touched.
fn run(
    options: &BuildOptions,
    caches: &mut Caches,
    previous: Option<(&render::RenderCache, &Output)>,
    staging: Option<&output::Staging>,
) -> Result<render::Rendered, Vec<Diagnostic>> {
    let root = options.root.as_path();
    let timer = Timer::start();
    let progress = options.progress.as_deref();
    let stage = |name: &'static str| {
        if let Some(progress) = progress {
            progress.stage(name, 0, "");
        }
    };
    // Each stage checks what the stages before it could make, so that one run reports every
    // problem it can reach: links among the pages that loaded, even when others did not.
    let (site, mut problems) = load::load_cached(root, options.drafts, &mut caches.load, progress);
    timer.lap("load");
    let Some(mut site) = site else { return Err(problems.into_sorted()) };
    if let Some(url) = &options.base_url {
        match config::normalize_base_url(url) {
            Ok(url) => site.config.base_url = url,
            Err(message) => problems.push(Diagnostic::file("--base-url", message)),
        }
    }
    let theme = theme::Theme::load(root, &site.config.theme);
    stage("resolving links");
    let no_statics = std::collections::BTreeMap::new();
    let statics = theme.as_ref().map_or(&no_statics, |theme| &theme.statics);
    let graph = resolve::resolve(&site, statics);
    timer.lap("resolve");
    if let Ok(theme) = &theme {
        problems.extend(brand::check(&site.config, theme));
        problems.extend(brand::shadowed_stylesheet(root, theme));
    }
    let (graph, theme) = match (graph, theme) {
        (Ok(graph), Ok(theme)) if !problems.has_errors() => (graph, theme),
        (graph, theme) => {
            problems.extend(graph.err().unwrap_or_default());
            problems.extend(theme.err());
            return Err(problems.into_sorted());
        }
    };
    let (strings, string_warnings) = match strings::Strings::load(&theme.i18n, &site.config.language) {
        Ok(loaded) => loaded,
        Err(errors) => {
            problems.extend(errors);
            return Err(problems.into_sorted());
        }
    };
    problems.extend(string_warnings);
    let key = map::key(&site, &graph, &strings);
    stage("drawing the mind maps");
    let maps = match caches.maps.take() {
        Some((cached, maps)) if cached == key => maps,
        _ => map::draw(&site, &graph, &strings),
    };
    timer.lap("layout");
    let to = render::RenderOptions { previous, staging, progress, strings: &strings };
    let rendered = render::render_incremental(&site, &graph, &theme, root, &maps, to);
    let mut rendered = rendered?;
    rendered.output.put(routes::MAP_SVG, maps.standalone.clone());
    timer.lap("render");
    // Only a build that writes draws the images: `check` writes nothing, and `serve` (in
    // memory) skips them, see `share`.
    if staging.is_some() {
        stage("drawing the preview images");
        share::make(&site, root, &theme, &strings, staging, &mut rendered.output)?;
        timer.lap("share");
    }
    // Warnings of every stage (errors have stopped the build above).
    let mut warnings = problems;
    warnings.extend(graph.warnings);
    warnings.extend(site.config.title_warning(&site.root().title));
    rendered.warnings = warnings.into_sorted();
    if previous.is_some() {
        caches.maps = Some((key, maps));
    }
    Ok(rendered)
}

/// Prints the time of each stage to stderr when `TRAILMAP_TIMINGS` is set (for profiling).
struct Timer(Option<std::cell::Cell<std::time::Instant>>);

impl Timer {
    fn start() -> Timer {
        Timer(std::env::var_os("TRAILMAP_TIMINGS").map(|_| std::cell::Cell::new(std::time::Instant::now())))
    }

    fn lap(&self, stage: &str) {
        if let Some(last) = &self.0 {
            let now = std::time::Instant::now();
            eprintln!("{stage:>8}: {:7.1} ms", (now - last.get()).as_secs_f64() * 1000.0);
            last.set(now);
        }
    }
}

/// Where `build` writes by default: `public/` in the site's folder.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
