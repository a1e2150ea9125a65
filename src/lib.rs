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
pub mod directory;
pub mod edition;
pub(crate) mod escape;
pub mod external;
pub mod files;
pub mod frontmatter;
#[doc(hidden)]
pub mod fuzzing;
pub mod home;
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
mod quick;
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

use diagnostics::{Diagnostic, Diagnostics};
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
    run(options, &mut Caches::default(), false, None).map(|ran| ran.output)
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
    run(options, &mut Caches::default(), false, staging)
        .map(|ran| Built { output: ran.output, warnings: ran.warnings })
}

/// What a [`session::Session`] keeps between rebuilds so that unchanged work is not redone.
#[derive(Default)]
struct Caches {
    load: load::LoadCache,
    /// What the last build made of each edition, in the order of [`edition::plan`].
    editions: Vec<EditionCache>,
    /// What the last build of a site of one edition was made from, for a quick update.
    kept: Option<quick::Kept>,
}

/// What the last build made of one edition.
struct EditionCache {
    edition: edition::Edition,
    /// The maps, with the key of the tree they were drawn from.
    maps: Option<(u64, map::Maps)>,
    /// The fingerprints of its pages and its output, from which unchanged pages are reused.
    render: render::RenderCache,
    output: Output,
}

/// What one run of the pipeline made.
struct Ran {
    output: Output,
    /// How many pages went through the templates (the others were reused).
    pages_rendered: usize,
    warnings: Vec<Diagnostic>,
}

/// The pipeline: load once, then resolve → layout → render for each edition (one per
/// language, see [`edition`]), with the caches that let [`session::Session`] redo only what an
/// edit touched (`incremental`).
fn run(
    options: &BuildOptions,
    caches: &mut Caches,
    incremental: bool,
    staging: Option<&output::Staging>,
) -> Result<Ran, Vec<Diagnostic>> {
    // Whatever happens below, the last build's inputs no longer describe the site.
    caches.kept = None;
    let root = options.root.as_path();
    let timer = Timer::start();
    let progress = options.progress.as_deref();
    caches.load.release_texts(!incremental);
    // Each stage checks what the stages before it could make, so that one run reports every
    // problem it can reach: links among the pages that loaded, even when others did not.
    let (loaded, mut problems) = load::load_all(root, options.drafts, &mut caches.load, progress);
    timer.lap("load");
    let Some(load::Roadmaps { roadmaps: mut sites, home }) = loaded else {
        return Err(problems.into_sorted());
    };
    if !incremental {
        // Of each page's plain text, the search index takes a share of its budget; nothing
        // else reads it (the word count was taken when it was loaded), and no next run will.
        for site in &mut sites {
            site.keep_text(render::text_per_page(site.nodes.len()));
            // A skill's file is read again for its page (load let go of its text), unless the
            // print edition renders them all.
            if render::skill_text_on_its_page_only(site) {
                site.release_skill_texts(root);
            } else {
                problems.extend(site.hold_skill_texts());
            }
        }
    }
    if let Some(url) = &options.base_url {
        match config::normalize_base_url(url) {
            Ok(url) => sites.iter_mut().for_each(|site| site.config.base_url = url.clone()),
            Err(message) => problems.push(Diagnostic::file("--base-url", message)),
        }
    }
    if home.is_some() {
        // References across roadmaps are checked against every roadmap's pages.
        let directory = std::sync::Arc::new(directory::Directory::new(&sites));
        for site in &mut sites {
            site.directory = Some(directory.clone());
        }
        problems.extend(directory::cycles(&sites));
    }
    let config = &sites[0].config;
    let theme = theme::Theme::load(root, &config.theme);
    if let Ok(theme) = &theme {
        problems.extend(brand::check(config, theme));
        problems.extend(brand::shadowed_stylesheet(root, theme));
    }
    let editions = edition::plan(config);
    if home.is_none() {
        problems.extend(edition::collisions(&sites[0], &editions));
    }
    let theme = match theme {
        Ok(theme) => theme,
        Err(error) => {
            // The links are still checked, so that one run reports every problem.
            for site in &sites {
                problems.extend(resolve::resolve(site, &Default::default()).err().unwrap_or_default());
            }
            problems.push(error);
            return Err(problems.into_sorted());
        }
    };
    if !caches.editions.iter().map(|c| &c.edition).eq(editions.iter()) {
        caches.editions = editions
            .iter()
            .map(|edition| EditionCache {
                edition: edition.clone(),
                maps: None,
                render: render::RenderCache::default(),
                output: Output::new(),
            })
            .collect();
    }
    let mut ran = Ran { output: Output::new(), pages_rendered: 0, warnings: Vec::new() };
    let single = editions.len() == 1 && editions[0].is_site_root();
    // The search index's part of each roadmap's edition, for the site's index of its language.
    let mut search_parts: Vec<(String, render::SearchPart)> = Vec::new();
    let mut kept = None;
    // The editions run side by side (each is parallel inside too): a site of ten roadmaps keeps
    // both cores busy through the parts of an edition that are not (its map, its search index).
    let failed = problems.has_errors();
    let made: Vec<(usize, Result<Made, Vec<Diagnostic>>)> = {
        use rayon::prelude::*;
        caches
            .editions
            .par_iter_mut()
            .enumerate()
            .filter_map(|(i, cache)| {
                let site = sites.iter().find(|site| site.edition.roadmap == cache.edition.roadmap)?;
                let translated;
                let site = if site.edition == cache.edition {
                    site
                } else {
                    translated = site.edition(&cache.edition);
                    &translated
                };
                let staging = staging.map(|staging| staging.for_edition(&cache.edition.prefix));
                // Each edition times its own stages (`TRAILMAP_TIMINGS`).
                let timer = Timer::start();
                let how = EditionRun { options, timer: &timer, incremental, failed };
                Some((i, run_edition(site, &theme, how, cache, staging.as_ref())))
            })
            .collect()
    };
    timer.lap("editions");
    for (i, made) in made {
        let cache = &mut caches.editions[i];
        // The default edition reports the problems of loading with its own; the others, only
        // what their translations add (the rest was reported once already).
        let made = match made {
            Ok(made) => made,
            Err(errors) => {
                problems.extend(errors);
                if home.is_some() {
                    // Every roadmap's problems are reported in one run.
                    continue;
                }
                return Err(problems.into_sorted());
            }
        };
        ran.pages_rendered += made.pages_rendered;
        ran.warnings.extend(made.warnings);
        search_parts.extend(made.search.map(|part| (cache.edition.language.clone(), part)));
        kept = made.kept;
        if single {
            ran.output = std::mem::take(&mut cache.output);
        } else {
            if let Some(path) = ran.output.merge_prefixed(&cache.output, &cache.edition.prefix).first() {
                return Err(vec![Diagnostic::file(
                    "content",
                    format!(
                        "two files of the {} edition would be written to public/{path}",
                        cache.edition.language
                    ),
                )]);
            }
        }
        if !incremental {
            // Nothing to reuse next time: let the edition's files go.
            cache.output = Output::new();
        }
    }
    if let Some(home) = &home {
        // The home page's links are checked with the roadmaps', so that one run reports all.
        problems.extend(home::check(home, &sites, &theme));
    }
    if problems.has_errors() {
        return Err(problems.into_sorted());
    }
    if single && incremental {
        caches.editions[0].output = ran.output.clone();
    }
    if let Some(home) = &home {
        home::make(home, &sites, &theme, root, search_parts, &mut ran.output)?;
    }
    let site = &sites[0];
    let root_title = home.as_ref().map_or(&site.root().title, |home| &home.title);
    // Warnings of every stage (errors have stopped the build above), each once.
    let mut warnings: Diagnostics = problems;
    warnings.extend(std::mem::take(&mut ran.warnings));
    warnings.extend(site.config.title_warning(root_title));
    ran.warnings = warnings.into_sorted();
    ran.warnings.dedup_by(|a, b| a.to_string() == b.to_string());
    if single
        && home.is_none()
        && sites.len() == 1
        && let (Some(site), Some((graph, strings))) = (sites.pop(), kept)
    {
        caches.kept = Some(quick::Kept::new(site, theme, graph, strings));
    }
    Ok(ran)
}

/// How one edition is run.
#[derive(Clone, Copy)]
struct EditionRun<'a> {
    options: &'a BuildOptions,
    timer: &'a Timer,
    /// Keep what the next run can reuse (a [`session::Session`]).
    incremental: bool,
    /// Loading found errors: the links are checked, nothing is made.
    failed: bool,
}

/// What one edition's run made (its files are in its cache's `output`).
struct Made {
    pages_rendered: usize,
    warnings: Vec<Diagnostic>,
    search: Option<render::SearchPart>,
    /// What it was made from, kept when a next run may update one page quickly.
    kept: Option<(resolve::Graph, strings::Strings)>,
}

/// resolve → layout → render (→ share images) for one edition of the loaded site.
fn run_edition(
    site: &site::Site,
    theme: &theme::Theme,
    how: EditionRun,
    cache: &mut EditionCache,
    staging: Option<&output::Staging>,
) -> Result<Made, Vec<Diagnostic>> {
    let EditionRun { options, timer, incremental, failed } = how;
    let root = options.root.as_path();
    let progress = options.progress.as_deref();
    let stage = |name: &'static str| {
        if let Some(progress) = progress {
            progress.stage(name, 0, "");
        }
    };
    stage("resolving links");
    let mut graph = resolve::resolve(site, &theme.statics)?;
    timer.lap("resolve");
    if failed {
        // Loading found errors: the links are checked, nothing is made.
        return Err(Vec::new());
    }
    let (strings, mut warnings) = strings::Strings::load(&theme.i18n, &site.edition.language)?;
    let key = map::key(site, &graph, &strings);
    stage("drawing the mind maps");
    let mut maps = match cache.maps.take() {
        Some((cached, maps)) if cached == key => maps,
        // A build that keeps nothing for a next one draws each section's map with its page.
        _ if staging.is_some() && !incremental => map::draw_without_sections(site, &graph, &strings),
        _ => map::draw(site, &graph, &strings),
    };
    // A build that writes (and keeps nothing for a next one) puts the standalone map, tens of
    // megabytes on a big roadmap, on disk now rather than holding it while the pages render.
    let map_written = match staging {
        Some(staging) if !incremental => {
            let svg = std::mem::take(&mut maps.standalone);
            let written = staging.put(routes::MAP_SVG, svg.as_bytes());
            written.map_err(|error| vec![diagnostics::Diagnostic::file("public", error.to_string())])?;
            Some(svg.len())
        }
        _ => None,
    };
    timer.lap("layout");
    let to = render::RenderOptions {
        previous: incremental.then_some((&cache.render, &cache.output)),
        staging,
        progress,
        strings: &strings,
    };
    let mut rendered = render::render_incremental(site, &graph, theme, root, &maps, to)?;
    match map_written {
        Some(len) => rendered.output.put_written(routes::MAP_SVG, len),
        None => rendered.output.put(routes::MAP_SVG, maps.standalone.clone()),
    }
    timer.lap("render");
    // Only a build that writes draws the images: `check` writes nothing, and `serve` (in
    // memory) skips them, see `share`.
    if staging.is_some() {
        stage("drawing the preview images");
        share::make(site, root, theme, &strings, staging, &mut rendered.output)?;
        timer.lap("share");
    }
    warnings.extend(std::mem::take(&mut graph.warnings));
    if incremental {
        cache.maps = Some((key, maps));
        cache.render = rendered.cache;
    }
    cache.output = rendered.output;
    let kept = incremental.then_some((graph, strings));
    Ok(Made { pages_rendered: rendered.pages_rendered, warnings, search: rendered.search, kept })
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
            eprintln!("{stage:>8}: {:7.1} ms{}", (now - last.get()).as_secs_f64() * 1000.0, memory());
            last.set(now);
        }
    }
}

/// The resident memory now and at its peak so far, as the system counts it (Linux only): which
/// stage raised the peak of a big build.
pub fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name)?.trim().strip_suffix("kB")?.trim().parse::<u64>().ok())
    };
    match (field("VmRSS:"), field("VmHWM:")) {
        (Some(now), Some(peak)) => format!("  (memory {} MiB, peak {} MiB)", now / 1024, peak / 1024),
        _ => String::new(),
    }
}

/// Where `build` writes by default: `public/` in the site's folder.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
