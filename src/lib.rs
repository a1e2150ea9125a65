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
//! disk. `trailmap serve` runs the same stages and keeps the output in memory.

pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod load;
pub mod markdown;
pub mod output;
pub mod render;
pub mod resolve;
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
}

/// Runs load → resolve → layout → render and returns every file of the site.
pub fn build(options: &BuildOptions) -> Result<Output, Vec<Diagnostic>> {
    let root = options.root.as_path();
    let mut site = load::load(root, options.drafts)?;
    if let Some(url) = &options.base_url {
        site.config.base_url = config::normalize_base_url(url)
            .map_err(|message| vec![Diagnostic::file("--base-url", message)])?;
    }
    let graph = resolve::resolve(&site)?;
    let theme = theme::Theme::load(root, &site.config.theme).map_err(|d| vec![d])?;
    let extras = render::Extras::default();
    render::render(&site, &graph, &theme, root, &extras)
}

/// Where `build` writes by default: `public/` in the site's folder.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
