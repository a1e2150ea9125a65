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

pub mod config;
pub mod diagnostics;
pub(crate) mod escape;
pub mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
pub mod init;
pub mod load;
pub mod map;
pub mod markdown;
pub mod math;
pub mod mindmap;
pub mod output;
pub mod progress;
pub mod render;
pub mod resolve;
pub mod serve;
pub mod session;
pub mod site;
pub mod theme;

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

/// Runs load → resolve → layout → render and returns every file of the site.
pub fn build(options: &BuildOptions) -> Result<Output, Vec<Diagnostic>> {
    run(options, &mut Caches::default(), None, None).map(|rendered| rendered.output)
}

/// Builds the site into `staging`, writing each page as soon as it is rendered, so that a big
/// roadmap is never held in memory whole. The returned [`Output`] holds the rest (feeds, maps,
/// static files) for [`Staging::finish`](output::Staging::finish).
pub fn build_into(options: &BuildOptions, staging: &output::Staging) -> Result<Output, Vec<Diagnostic>> {
    run(options, &mut Caches::default(), None, Some(staging)).map(|rendered| rendered.output)
}

/// What a [`session::Session`] keeps between rebuilds so that unchanged work is not redone.
#[derive(Default)]
struct Caches {
    load: load::LoadCache,
    /// The maps of the last build, with the key of the tree they were drawn from.
    maps: Option<(u64, render::Extras, String)>,
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
    let mut site = load::load_cached(root, options.drafts, &mut caches.load, progress)?;
    let warnings = std::mem::take(&mut site.warnings);
    timer.lap("load");
    if let Some(url) = &options.base_url {
        site.config.base_url = config::normalize_base_url(url)
            .map_err(|message| vec![Diagnostic::file("--base-url", message)])?;
    }
    stage("resolving links");
    let graph = resolve::resolve(&site)?;
    timer.lap("resolve");
    let theme = theme::Theme::load(root, &site.config.theme).map_err(|d| vec![d])?;
    let key = map::key(&site, &graph);
    stage("drawing the mind maps");
    let (extras, standalone_map) = match caches.maps.take() {
        Some((cached, extras, standalone)) if cached == key => (extras, standalone),
        _ => map::draw(&site, &graph),
    };
    timer.lap("layout");
    let to = render::RenderOptions { previous, staging, progress };
    let rendered = render::render_incremental(&site, &graph, &theme, root, &extras, to);
    let mut rendered = rendered?;
    rendered.output.put("mindmap.svg", standalone_map.clone());
    rendered.output.set_warnings(warnings);
    if previous.is_some() {
        caches.maps = Some((key, extras, standalone_map));
    }
    timer.lap("render");
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
